"""Claims as W3C Web Annotations (https://www.w3.org/TR/annotation-model/),
and Web Annotations (ours, or Hypothesis's) back into draft claims."""

from bisect import bisect_right

from django.db import transaction

from . import audit
from .anchoring import selector_of, selectors
from .models import AnchorState, Claim
from .reanchor import AnchorState as Found
from .reanchor import Result, reanchor

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def target_selectors(claim, revision):
    """Selectors on `revision` for a claim anchored there; its original selectors otherwise."""
    if claim.start is not None and claim.revision_id == revision.pk:
        return selectors(revision.text, claim.start, claim.end)
    return claim.selector


def annotation(
    claim, *, revision, source_url, claim_url, rating=None, summary=None, text=None, extra=None
):
    """One claim as a W3C Annotation. `text` (the claim as restated) defaults to
    the working text; public exports pass the published snapshot's."""
    body = []
    if summary:
        body.append(
            {
                "type": "TextualBody",
                "purpose": "assessing",
                "value": summary,
                "format": "text/plain",
            }
        )
    if rating is not None:
        body.append({"type": "TextualBody", "purpose": "tagging", "value": rating.label})
    body.append(
        {
            "type": "TextualBody",
            "purpose": "describing",
            "value": text or claim.text,
            "format": "text/plain",
        }
    )
    item = {
        "id": claim_url,
        "type": "Annotation",
        "motivation": "assessing",
        "created": claim.created_at.isoformat(),
        "modified": claim.updated_at.isoformat(),
        "body": body,
        "target": {"source": source_url, "selector": target_selectors(claim, revision)},
    }
    item.update(extra or {})
    return item


def collection(collection_id, label, items):
    return {
        "@context": ANNO_CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {
            "id": f"{collection_id}#page-1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }


def parse_annotations(data):
    """The annotations in a JSON document: one annotation, a list, an
    AnnotationCollection (items or first.items), or a Hypothesis export
    ({"rows": [...]})."""
    if isinstance(data, list):
        return [a for item in data for a in parse_annotations(item)]
    if not isinstance(data, dict):
        return []
    for key in ("rows", "items"):
        if isinstance(data.get(key), list):
            return parse_annotations(data[key])
    if isinstance(data.get("first"), dict):
        return parse_annotations(data["first"])
    if "target" in data:
        return [data]
    return []


def annotation_selectors(item):
    targets = item.get("target")
    targets = targets if isinstance(targets, list) else [targets]
    found = []
    for target in targets:
        if not isinstance(target, dict):
            continue
        chosen = target.get("selector") or []
        found.extend(chosen if isinstance(chosen, list) else [chosen])
    return [s for s in found if isinstance(s, dict)]


def annotation_text(item, quote):
    """The claim text: a describing/commenting body, a Hypothesis "text", or the quote."""
    if isinstance(item.get("text"), str) and item["text"].strip():
        return item["text"].strip()
    bodies = item.get("body") or []
    bodies = bodies if isinstance(bodies, list) else [bodies]
    for body in bodies:
        if isinstance(body, dict) and body.get("purpose") in (None, "describing", "commenting"):
            value = body.get("value")
            if isinstance(value, str) and value.strip():
                return value.strip()
    return quote


def locate_quote(quote, chosen, text):
    """Re-anchor the selectors; a quote without any context (some tools export
    only `exact`) that occurs exactly once in the text is taken where it is."""
    if "prefix" not in quote and "suffix" not in quote:
        exact = quote["exact"]
        first = text.find(exact)
        if first >= 0 and text.find(exact, first + 1) < 0:
            return Result(Found.MOVED, first, first + len(exact), 1.0)
    return reanchor(chosen, text)


@transaction.atomic
def import_annotations(source, items, *, author):
    """Create a draft claim for each annotation that anchors in the current text.
    Returns (created claims, [(annotation index, reason)] not imported)."""
    revision = source.current_revision
    sentences = list(revision.sentences.all())
    starts = [s.start for s in sentences]
    created, skipped = [], []
    for index, item in enumerate(items):
        chosen = annotation_selectors(item)
        quote = selector_of(chosen, "TextQuoteSelector")
        if not quote or not str(quote.get("exact", "")).strip():
            skipped.append((index, "no TextQuoteSelector with an exact quote"))
            continue
        result = locate_quote(quote, chosen, revision.text)
        if result.state == Found.ORPHANED:
            skipped.append(
                (index, f"quote not found (best score {result.score:.2f}): {quote['exact'][:80]!r}")
            )
            continue
        exact = revision.text[result.start : result.end]
        claim = Claim.objects.create(
            source=source,
            revision=revision,
            first_sentence=sentences[bisect_right(starts, result.start) - 1],
            last_sentence=sentences[bisect_right(starts, result.end - 1) - 1],
            start=result.start,
            end=result.end,
            selector=selectors(revision.text, result.start, result.end),
            quote=exact,
            text=annotation_text(item, exact)[:5000].replace("\x00", ""),
            author=author,
            updated_by=author,
            anchor_state=AnchorState.FUZZY if result.state == Found.FUZZY else AnchorState.ANCHORED,
            anchor_score=round(result.score, 4),
        )
        audit.record(author, "import", claim, changes={"quote": [None, exact]})
        created.append(claim)
    return created, skipped
