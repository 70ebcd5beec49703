"""Structured data for machines: a schema.org ClaimReview on each claim page
(search engines, fact-check aggregators) and a W3C Web Annotation collection
per source (annotation tools). Both say only what the pages show."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from factcheck.core import annotations

from .published import absolute

ANNOTATION_PROFILE = "http://www.w3.org/ns/anno.jsonld"
ANNOTATION_CONTENT_TYPE = f'application/ld+json; profile="{ANNOTATION_PROFILE}"'

# As django.utils.html.json_script does: no text in the data can close the
# <script> element or start markup, whatever a reviewer or a source wrote.
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def for_script(data):
    """JSON safe to place inside a <script> element."""
    text = json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder)
    return mark_safe(text.translate(SCRIPT_ESCAPES))


def for_file(data):
    return json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)


def day(moment, zone=None):
    return timezone.localdate(moment, zone).isoformat()


def organisation(kind="@type"):
    home = absolute(reverse("public:home"))
    if kind == "@type":
        return {"@type": "Organization", "name": settings.FACTCHECK_ORGANISATION, "url": home}
    return {"type": "Organization", "name": settings.FACTCHECK_ORGANISATION, "homepage": home}


def claim_review(claim, details):
    """`details`: the rating scale, first_published, and as they apply the
    import, the other sources it appeared in, and what a feed of 1,000 records
    reads once: our `author` (organisation()) and the current time `zone`
    (looking it up twice a record was a tenth of the feed's time)."""
    verdict = claim.verdict
    if details.get("imported"):
        return imported_review(claim, details)
    zone = details.get("zone")
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": absolute(claim.url),
        "claimReviewed": verdict.claim_text,
        "reviewRating": review_rating(verdict.rating, details["scale"]),
        "author": details.get("author") or organisation(),
        "datePublished": day(details["first_published"], zone),
        "dateModified": day(verdict.published_at, zone),
        "itemReviewed": item_reviewed(claim, details.get("appearances", ())),
    }


def imported_review(claim, details):
    """An imported fact-check as its publisher published it: their review URL,
    their name as author, their dates and the claim's appearances."""
    imported, verdict = details["imported"], claim.verdict
    author = {"@type": "Organization", "name": imported.publisher}
    if imported.publisher_url:
        author["url"] = imported.publisher_url
    item = item_reviewed(claim)
    item.pop("appearance", None)
    if imported.appearances:
        works = [{"@type": "CreativeWork", **work} for work in imported.appearances]
        item["appearance"] = works if len(works) > 1 else works[0]
    modified = imported.date_modified or imported.date_published
    if verdict.number > 1:
        modified = max(modified, timezone.localdate(verdict.published_at))
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": imported.review_url,
        "claimReviewed": verdict.claim_text,
        "reviewRating": review_rating(verdict.rating, details["scale"]),
        "author": author,
        "datePublished": imported.date_published.isoformat(),
        "dateModified": modified.isoformat(),
        "itemReviewed": item,
    }


def review_rating(rating, scale):
    """A Rating; ratings off the true/false scale (Misleading, Unproven...) have
    a name but no value, as ClaimReview consumers expect."""
    data = {"@type": "Rating", "alternateName": rating.label}
    if rating.ordinal is not None and scale["best"] is not None:
        data.update(
            ratingValue=rating.ordinal, bestRating=scale["best"], worstRating=scale["worst"]
        )
    return data


def item_reviewed(claim, others=()):
    """The claim as published, and where it appeared: the original of its own
    source, then the originals of the other sources it was seen in (`others`,
    see core/similar.py appearances). Only sources with an origin URL: our
    own copy of a text is not where the claim was made."""
    sources = [claim.source, *others]
    appearances = [appearance(source) for source in sources if source.origin_url]
    item = {"@type": "Claim"}
    if appearances:
        item["appearance"] = appearances if len(appearances) > 1 else appearances[0]
    # As published: a correction in progress may be changing these.
    verdict = claim.verdict
    if verdict.claimant:
        item["author"] = {"@type": verdict.claimant_type, "name": verdict.claimant}
    if verdict.claim_date:
        item["datePublished"] = verdict.claim_date.isoformat()
    return item


def appearance(source):
    """A CreativeWork for the original of a source (it has an origin URL)."""
    work = {"@type": "CreativeWork", "headline": source.title, "url": source.origin_url}
    if source.published_on:
        work["datePublished"] = source.published_on.isoformat()
    return work


def annotation_collection(source, revision, claims):
    """The public claims of a source as a W3C collection, built by the same code
    as the export command, but from the published snapshots only."""
    url = absolute(reverse("public:source-annotations", args=[source.slug]))
    page = absolute(source.get_absolute_url())
    items = [
        annotations.annotation(
            claim,
            revision=revision,
            source_url=page,
            claim_url=absolute(claim.url),
            rating=claim.verdict.rating,
            summary=claim.verdict.summary,
            text=claim.verdict.claim_text,
            extra={
                "created": annotations.utc(claim.first_published),
                "modified": annotations.utc(claim.verdict.published_at),
                "creator": organisation(kind="type"),
            },
        )
        for claim in claims
    ]
    label = f"Fact-checks of “{source.title}” (revision {revision.number})"
    return annotations.collection(url, label, items)
