"""Claims as W3C Web Annotations (https://www.w3.org/TR/annotation-model/),
and Web Annotations (ours, or Hypothesis's) back into draft claims."""

from bisect import bisect_right
from datetime import UTC

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from . import audit
from .anchoring import selector_of, selectors
from .models import AnchorState, Claim
from .reanchor import AnchorState as Found
from .reanchor import Result, reanchor

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def utc(moment):
    """An xsd:dateTime in UTC with "Z", as the Web Annotation model requires."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def stored_text_url(slug, number):
    """Where a revision's stored text is served as text/plain: the text every
    position and quote selector counts over (the HTML page adds markup)."""
    return settings.SITE_URL + reverse("public:source-revision-text", args=[slug, number])


def target(claim, revision, page_url):
    """A SpecificResource on the stored text the selectors refer to: `revision`
    when the claim is placed there, else the revision its original selectors
    were made on. The HTML page is its scope."""
    if claim.start is not None and claim.revision_id == revision.pk:
        on, chosen = revision, selectors(revision.text, claim.start, claim.end)
    else:
        on, chosen = claim.revision, claim.selector
    source = claim.source
    return {
        "type": "SpecificResource",
        "source": {
            "id": stored_text_url(source.slug, on.number),
            "type": "Text",
            "format": "text/plain",
            "language": source.language,
        },
        "scope": page_url,
        "selector": chosen,
    }


def text_body(value, purpose, language):
    return {
        "type": "TextualBody",
        "purpose": purpose,
        "value": value,
        "format": "text/plain",
        "language": language,
    }


def annotation(
    claim,
    *,
    revision,
    source_url,
    claim_url,
    rating=None,
    summary=None,
    text=None,
    extra=None,
):
    """One claim as a W3C Annotation. `text` (the claim as restated) defaults to
    the working text; public exports pass the published snapshot's. The bodies are taken to be in the source's language:
    fact-checkers write in the language of the texts they check."""
    language = claim.source.language
    body = []
    if summary:
        body.append(text_body(summary, "assessing", language))
    if rating is not None:
        body.append({"type": "TextualBody", "purpose": "tagging", "value": rating.label})
    body.append(text_body(text or claim.text, "describing", language))
    item = {
        "id": claim_url,
        "type": "Annotation",
        "motivation": "assessing",
        "created": utc(claim.created_at),
        "modified": utc(claim.updated_at),
        "body": body,
        "target": target(claim, revision, source_url),
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
            "partOf": {"id": collection_id, "total": len(items)},
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
