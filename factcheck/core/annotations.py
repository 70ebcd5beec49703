"""Claims as W3C Web Annotations (https://www.w3.org/TR/annotation-model/),
and Web Annotations (ours, or Hypothesis's) back into draft claims.

Importing the same annotation twice does not make two claims. An annotation
with an `id` (W3C and Hypothesis both have one) is the same annotation as the
claim that stores that id (`Claim.annotation_id`), and as the claim itself when
the id is one of our claim URLs (an export of ours imported back). One without
an id is the same as a claim that covers the same words of the current
revision (same offsets, hence same quote) and states the same claim text."""

import hashlib
from datetime import UTC
from urllib.parse import urlsplit

from django.db import transaction
from django.urls import Resolver404, resolve, reverse

from . import audit
from .anchoring import selector_of, selectors, sentence_range
from .ingest import strip_nul
from .models import AnchorState, Claim
from .reanchor import AnchorState as Found
from .reanchor import Result, reanchor
from .siteurl import absolute, own_origins

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ID_MAX = Claim._meta.get_field("annotation_id").max_length
OWN_CLAIM_URLS = {("review", "claim-detail"), ("public", "claim-detail"), ("public", "claim-short")}


def utc(moment):
    """An xsd:dateTime in UTC with "Z", as the Web Annotation model requires."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def stored_text_url(slug, number):
    """Where a revision's stored text is served as text/plain: the text every
    position and quote selector counts over (the HTML page adds markup)."""
    return absolute(reverse("public:source-revision-text", args=[slug, number]))


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


def annotation_key(item):
    """The annotation's `id` as stored on its claim: "" without one, a digest when it is
    longer than the column (still one value per id)."""
    value = item.get("id")
    if not isinstance(value, str) or not value.strip():
        return ""
    value = strip_nul(value.strip())
    if len(value) > ID_MAX:
        return "sha256:" + hashlib.sha256(value.encode()).hexdigest()
    return value


def own_claim_pk(annotation_id):
    """The claim's pk when `annotation_id` is the URL of one of our claims, else None."""
    if not annotation_id.startswith(tuple(f"{base}/" for base in own_origins())):
        return None
    try:
        match = resolve(urlsplit(annotation_id).path)
    except Resolver404:
        return None
    if (match.namespace, match.url_name) not in OWN_CLAIM_URLS:
        return None
    return match.kwargs.get("pk")


class _Existing:
    """The source's claims, as far as telling an annotation already imported goes."""

    def __init__(self, source, revision):
        self.pks, self.by_id, self.by_content = set(), {}, {}
        rows = source.claims.values_list("pk", "annotation_id", "revision", "start", "end", "text")
        for pk, annotation_id, revision_id, start, end, text in rows:
            self.add(pk, annotation_id, (start, end, text) if revision_id == revision.pk else None)

    def add(self, pk, annotation_id, content):
        self.pks.add(pk)
        if annotation_id:
            self.by_id[annotation_id] = pk
        if content is not None and content[0] is not None:
            self.by_content.setdefault(content, pk)

    def by_key(self, key):
        if not key:
            return None
        own = own_claim_pk(key)
        return self.by_id.get(key) or (own if own in self.pks else None)


@transaction.atomic
def import_annotations(source, items, *, author):
    """Create a draft claim for each annotation that anchors in the current text and
    was not imported before (see the module docstring). Returns (created claims,
    [(annotation index, reason)] not anchored, [(annotation index, claim pk)] already
    imported)."""
    revision = source.current_revision
    sentences = list(revision.sentences.all())
    existing = _Existing(source, revision)
    created, skipped, duplicates = [], [], []
    for index, item in enumerate(items):
        key = annotation_key(item)
        if (pk := existing.by_key(key)) is not None:
            duplicates.append((index, pk))
            continue
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
        text = strip_nul(annotation_text(item, exact)[:5000])
        content = (result.start, result.end, text)
        if not key and (pk := existing.by_content.get(content)) is not None:
            duplicates.append((index, pk))
            continue
        first, last = sentence_range(sentences, result.start, result.end)
        claim = Claim.objects.create(
            source=source,
            revision=revision,
            first_sentence=sentences[first],
            last_sentence=sentences[last],
            start=result.start,
            end=result.end,
            selector=selectors(revision.text, result.start, result.end),
            quote=exact,
            text=text,
            annotation_id=key,
            author=author,
            updated_by=author,
            anchor_state=AnchorState.FUZZY if result.state == Found.FUZZY else AnchorState.ANCHORED,
            anchor_score=round(result.score, 4),
        )
        audit.record(author, "import", claim, changes={"quote": [None, exact]})
        existing.add(claim.pk, key, content)
        created.append(claim)
    return created, skipped, duplicates
