"""Storing imported ClaimReviews (read by core/claimreview.py) as published claims.

Each review becomes one source of its own (kind "imported"), whose only text is
the claim as the review quotes it (`claimReviewed`), with one claim covering
that text and one published verdict. So the public pages, search, similar
claims, the API and the sitemap show it as they show any fact-check, and the
`ImportedReview` beside it says whose fact-check it is, where the original is,
and who imported it from what. Nobody on this desk approved it: the verdict has
no approver and no contributors, and the audit trail says "import".

New reviews are written in batches (a handful of queries per batch, whatever
its size), each batch in its own transaction: a crash keeps the batches done,
and importing the file again finishes the rest. A review imported before is
found by its URL: unchanged, it is left alone; changed, it is corrected (a new
published verdict with a note saying what the original changed)."""

import hashlib
import re

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.text import slugify

from . import audit, semantic
from .anchoring import selectors
from .bulk import insert_rows, reserve_ids
from .ingest import normalise
from .models import (
    LANGUAGES,
    AuditEvent,
    Claim,
    ClaimStatus,
    ImportedReview,
    Rating,
    Revision,
    RevisionOrigin,
    Sentence,
    Source,
    SourceKind,
    Verdict,
)
from .publicity import public_changed
from .sentences import Span, assign_anchors, segment

BATCH = 500
LISTED = 1000  # problems and updates listed in a report; the rest are counted
LANGUAGE_CODES = {code for code, _ in LANGUAGES}

# Names fact-checkers give their ratings, on our default scale (by slug).
SYNONYMS = {
    "true": ["correct", "accurate", "verdadero", "vrai", "wahr", "richtig"],
    "mostly-true": ["mostly correct", "mostly accurate", "largely accurate", "largely true"],
    "half-true": ["mixture", "mixed", "partly true", "partially true", "half correct"],
    "mostly-false": ["partly false", "partially false", "largely false", "mostly inaccurate"],
    "false": ["incorrect", "inaccurate", "fake", "pants on fire", "wrong", "falso", "faux",
              "four pinocchios", "fabricated", "hoax"],
    "misleading": ["missing context", "out of context", "lacks context", "needs context"],
    "unproven": ["unverified", "unsubstantiated", "no evidence", "unsupported",
                 "insufficient evidence"],
    "not-checkable": ["opinion", "not a claim", "not checkable"],
}  # fmt: skip
IMPORTED_COLOUR = "#52606d"  # the grey of "Unproven": it passes the contrast checks


def plain(name):
    return " ".join(re.sub(r"[^\w]+", " ", name.lower()).split())


def key_of(review):
    return hashlib.sha256(review.key.encode()).hexdigest()


class Scale:
    """Our ratings, and how a review's rating lands on them: its name (ours or a
    known synonym), else its value scaled onto our true/false ordinals, else an
    imported rating of that name, inactive and labelled "(imported)"."""

    def __init__(self):
        self.ratings = list(Rating.objects.order_by("position", "pk"))
        self.by_name = {}
        for rating in self.ratings:
            self.by_name.setdefault(plain(rating.label), rating)
            self.by_name.setdefault(plain(rating.slug), rating)
        by_slug = {r.slug: r for r in self.ratings}
        for slug, names in SYNONYMS.items():
            for name in names:
                if slug in by_slug:
                    self.by_name.setdefault(plain(name), by_slug[slug])
        ordinals = sorted({r.ordinal for r in self.ratings if r.ordinal is not None})
        self.by_ordinal = {}
        for rating in self.ratings:
            if rating.ordinal is not None and rating.is_active:
                self.by_ordinal.setdefault(rating.ordinal, rating)
        self.low, self.high = (ordinals[0], ordinals[-1]) if ordinals else (None, None)

    def rating_for(self, review):
        if review.rating_name and (found := self.by_name.get(plain(review.rating_name))):
            return found
        if review.rating_value is not None and self.low is not None:
            # schema.org's defaults: bestRating 5, worstRating 1.
            best = review.best if review.best is not None else 5
            worst = review.worst if review.worst is not None else 1
            if best != worst and min(best, worst) <= review.rating_value <= max(best, worst):
                share = (review.rating_value - worst) / (best - worst)
                ordinal = round(self.low + share * (self.high - self.low))
                if found := self.by_ordinal.get(ordinal):
                    return found
        if review.rating_name:
            return self.imported(review.rating_name)
        return None

    def imported(self, name):
        label = f"{name[:48]} (imported)"
        slug = f"imported-{slugify(name)[:45] or hashlib.sha256(name.encode()).hexdigest()[:8]}"
        rating, _ = Rating.objects.get_or_create(
            slug=slug,
            defaults={
                "label": label,
                "description": f"“{name}”, a rating of fact-checks imported from another "
                "archive, as their publisher wrote it. It is not on our scale.",
                "colour": IMPORTED_COLOUR,
                "icon": "↧",
                "position": max((r.position for r in self.ratings), default=0) + 1,
                "is_active": False,
            },
        )
        self.by_name[plain(name)] = rating
        self.by_name[plain(rating.label)] = rating
        return rating


def original_rating(review):
    value = ""
    if review.rating_value is not None:
        value = f"{review.rating_value:g}"
        if review.best is not None:
            value += f" of {review.worst if review.worst is not None else 1:g}–{review.best:g}"
    return " · ".join(part for part in (review.rating_name, value) if part)[:200]


def place(text, spans):
    """(start, end, first span index, last span index) covering all of `text`."""
    if not spans:
        return 0, len(text), 0, 0
    return spans[0].start, spans[-1].end, 0, len(spans) - 1


def split_each(texts, language):
    """segment() of each text, one call for all of them: texts joined by a blank
    line (where a paragraph always ends) and the spans handed back by offset."""
    joined, starts, at = [], [], 0
    for text in texts:
        starts.append(at)
        joined.append(text)
        at += len(text) + 2
    spans = segment("\n\n".join(joined), language=language)
    result, i = [], 0
    for start, text in zip(starts, texts, strict=True):
        own = []
        while i < len(spans) and spans[i].start < start + len(text):
            span = spans[i]
            own.append(Span(span.start - start, span.end - start, 0))
            i += 1
        result.append(own or [Span(0, len(text), 0)])
    return result


def sentence_rows(revision_id, text, spans):
    """The Sentence rows (column values) of a revision for the spans of its `text`."""
    anchors = assign_anchors([text[span.start : span.end] for span in spans])
    return [
        {
            "revision_id": revision_id,
            "index": n,
            "paragraph": span.paragraph,
            "start": span.start,
            "end": span.end,
            "anchor": anchor,
        }
        for n, (span, anchor) in enumerate(zip(spans, anchors, strict=True))
    ]


def title_of(review):
    if review.appearances and review.appearances[0].get("headline"):
        return review.appearances[0]["headline"][:300]
    words = review.claim if len(review.claim) <= 140 else review.claim[:139].rstrip() + "…"
    return f"{review.claimant}: “{words}”"[:300] if review.claimant else words


def language_of(review):
    return review.language if review.language in LANGUAGE_CODES else "en"


def day(moment):
    return moment.date() if moment else None


# Creating ---------------------------------------------------------------------


def insert_claims_and_verdicts(claims, published):
    """Insert the claims (column dicts) with their first verdict (published at
    `published`), linked both ways; returns the claims' pks.

    On PostgreSQL the pks are taken from the sequences first and the verdicts
    written before their claims (foreign keys are checked at commit), so each
    claim row is written once, its search vectors computed once by the
    trigger (migration 0002). Elsewhere the claims are linked afterwards."""
    if connection.vendor == "postgresql":
        claim_pks = reserve_ids(Claim, len(claims))
        verdict_pks = reserve_ids(Verdict, len(claims))
        insert_rows(
            Verdict,
            [
                {"id": v, **verdict_values(claim, claim_id=c, number=1, published_at=at)}
                for claim, c, v, at in zip(claims, claim_pks, verdict_pks, published, strict=True)
            ],
            returning=False,
        )
        insert_rows(
            Claim,
            [
                {"id": c, "published_verdict_id": v, **claim}
                for claim, c, v in zip(claims, claim_pks, verdict_pks, strict=True)
            ],
            returning=False,
        )
        semantic.store_vectors(
            zip(claim_pks, (claim["text"] for claim in claims), strict=True), replace=False
        )
        return claim_pks
    claim_pks = insert_rows(Claim, claims)
    insert_rows(
        Verdict,
        [
            verdict_values(claim, claim_id=pk, number=1, published_at=at)
            for claim, pk, at in zip(claims, claim_pks, published, strict=True)
        ],
        returning=False,
    )
    first_verdict = Verdict.objects.filter(claim=OuterRef("pk"), number=1).values("pk")[:1]
    Claim.objects.filter(pk__in=claim_pks).update(published_verdict=Subquery(first_verdict))
    semantic.store_vectors(
        zip(claim_pks, (claim["text"] for claim in claims), strict=True), replace=False
    )
    return claim_pks


def create_batch(reviews, scale, *, user, origin):
    """Store new reviews, each as a source, revision, sentences, claim,
    verdict, ImportedReview and audit event: ten queries for the batch.
    Returns the new claims' pks."""
    user_id = user.pk if user else None
    texts = [normalise(r.claim).strip() for r in reviews]
    keys = [key_of(r) for r in reviews]
    titles = [title_of(r) for r in reviews]
    slugs = [
        f"{slugify(title)[:60].strip('-') or 'fact-check'}-{key[:8]}"
        for title, key in zip(titles, keys, strict=True)
    ]
    taken = set(Source.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    slugs = [f"{s}-{k[8:14]}" if s in taken else s for s, k in zip(slugs, keys, strict=True)]
    sources = insert_rows(
        Source,
        [
            {
                "title": title,
                "slug": slug,
                "kind": SourceKind.IMPORTED,
                "byline": r.claimant,
                "origin_url": r.appearances[0]["url"] if r.appearances else "",
                "published_on": r.claim_date,
                "language": language_of(r),
                "created_by_id": user_id,
            }
            for r, title, slug in zip(reviews, titles, slugs, strict=True)
        ],
    )
    revisions = insert_rows(
        Revision,
        [
            {
                "source_id": source,
                "number": 1,
                "text": text,
                "sha256": hashlib.sha256(text.encode()).hexdigest(),
                "origin": RevisionOrigin.IMPORT,
                "filename": origin[:255],
                "note": "Imported ClaimReview: the claim as the review quotes it.",
                "created_by_id": user_id,
            }
            for source, text in zip(sources, texts, strict=True)
        ],
    )
    by_language = {}
    for i, review in enumerate(reviews):
        by_language.setdefault(language_of(review), []).append(i)
    spans = [None] * len(reviews)
    for language, indexes in by_language.items():
        found = split_each([texts[i] for i in indexes], language)
        for i, own in zip(indexes, found, strict=True):
            spans[i] = own
    sentences = insert_rows(
        Sentence,
        [
            row
            for revision, text, own in zip(revisions, texts, spans, strict=True)
            for row in sentence_rows(revision, text, own)
        ],
    )
    claims, at = [], 0
    for review, source, revision, text, own in zip(
        reviews, sources, revisions, texts, spans, strict=True
    ):
        start, end, first, last = place(text, own)
        fields = claim_fields(review, scale, text)
        claims.append(
            {
                "source_id": source,
                "revision_id": revision,
                "first_sentence_id": sentences[at + first],
                "last_sentence_id": sentences[at + last],
                "start": start,
                "end": end,
                "selector": selectors(text, start, end),
                "quote": text[start:end],
                **{k: v for k, v in fields.items() if k != "rating"},
                "rating_id": fields["rating"].pk,
                "status": ClaimStatus.PUBLISHED,
                "author_id": user_id,
                "updated_by_id": user_id,
            }
        )
        at += len(own)
    claim_pks = insert_claims_and_verdicts(claims, [r.published for r in reviews])
    insert_rows(
        ImportedReview,
        [
            {
                "claim_id": pk,
                "key": key,
                "imported_from": origin[:500],
                "imported_by_id": user_id,
                **imported_fields(r),
            }
            for pk, key, r in zip(claim_pks, keys, reviews, strict=True)
        ],
        returning=False,
    )
    insert_rows(
        AuditEvent,
        [
            {
                "actor_id": user_id,
                "action": "import",
                "object_type": "claim",
                "object_id": pk,
                "object_repr": claim["text"][:80],
                "claim_id": pk,
                "source_id": claim["source_id"],
                "changes": {
                    "status": [None, ClaimStatus.PUBLISHED],
                    "rating": [None, scale.rating_for(r).label],
                },
                "note": import_note(r, origin),
            }
            for claim, pk, r in zip(claims, claim_pks, reviews, strict=True)
        ],
        returning=False,
    )
    return claim_pks


def import_note(review, origin):
    return (
        f"Imported from {origin[:300]}: a fact-check published by {review.publisher} "
        f"({review.url}); not reviewed or approved on this desk."
    )


def claim_fields(review, scale, text):
    rationale = review.rationale
    return {
        "text": text,
        "claimant": review.claimant,
        "claimant_type": review.claimant_type,
        "claim_date": review.claim_date,
        "rating": scale.rating_for(review),
        "summary": review.summary,
        "rationale": rationale,
        # Another site's plain text, not our Markdown: escaped, paragraphs kept.
        "rationale_html": linebreaks(rationale, autoescape=True) if rationale else "",
    }


SNAPSHOT = ("claimant", "claimant_type", "claim_date", "summary", "rationale",
            "rationale_html", "quote", "revision_id", "start", "end")  # fmt: skip


def verdict_values(claim, *, claim_id, number, published_at, correction_note=""):
    """The published snapshot of a claim (its column values, as a dict); approved
    by nobody here, with no contributors and no citations of ours."""
    return {
        "claim_id": claim_id,
        "number": number,
        "rating_id": claim["rating_id"],
        "claim_text": claim["text"],
        **{name: claim[name] for name in SNAPSHOT},
        "citations": [],
        "correction_note": correction_note,
        "approved_by_id": None,
        "published_at": published_at,
    }


def verdict_of(claim, **kwargs):
    values = {name: getattr(claim, name) for name in ("text", "rating_id", *SNAPSHOT)}
    return Verdict(**verdict_values(values, claim_id=claim.pk, **kwargs))


def imported_fields(review):
    return {
        "review_url": review.url,
        "publisher": review.publisher,
        "publisher_url": review.publisher_url,
        "original_rating": original_rating(review),
        "date_published": day(review.published),
        "date_modified": day(review.modified),
        "appearances": review.appearances,
        "fingerprint": review.fingerprint(),
    }


# Correcting ---------------------------------------------------------------------

COMPARED = {
    "claim_text": "the claim's words",
    "rating": "the rating",
    "claimant": "who made the claim",
    "claim_date": "the claim's date",
    "summary": "the review's text",
}


@transaction.atomic
def correct(imported, review, scale, *, user, origin):
    """Publish the changed review as a correction of its claim. Returns the
    list of what changed, or raises Refused when the claim is not ours to change."""
    claim = (
        Claim.objects.select_for_update(of=("self",))
        .select_related("published_verdict", "revision")
        .get(pk=imported.claim_id)
    )
    if claim.status == ClaimStatus.RETRACTED:
        raise Refused(f"Not updated: claim #{claim.pk} was retracted on this desk.")
    if claim.status != ClaimStatus.PUBLISHED:
        raise Refused(f"Not updated: a correction of claim #{claim.pk} is in progress on the desk.")
    before = claim.published_verdict
    text = normalise(review.claim).strip()
    if text != claim.revision.text:
        revision = Revision.objects.create(
            source_id=claim.source_id,
            number=claim.revision.number + 1,
            text=text,
            sha256=hashlib.sha256(text.encode()).hexdigest(),
            origin=RevisionOrigin.IMPORT,
            filename=origin[:255],
            note="The original review changed the claim's words.",
            created_by=user,
        )
        own = split_each([text], language_of(review))[0]
        sentences = Sentence.objects.bulk_create(
            Sentence(**row) for row in sentence_rows(revision.pk, text, own)
        )
        start, end, first, last = place(text, own)
        claim.revision, claim.start, claim.end = revision, start, end
        claim.first_sentence, claim.last_sentence = sentences[first], sentences[last]
        claim.selector, claim.quote = selectors(text, start, end), text[start:end]
    for name, value in claim_fields(review, scale, text).items():
        setattr(claim, name, value)
    after = verdict_of(claim, number=before.number + 1, published_at=timezone.now())
    changed = [
        label for name, label in COMPARED.items() if getattr(before, name) != getattr(after, name)
    ]
    fields = imported_fields(review)
    if (
        fields["date_published"] != imported.date_published
        or fields["date_modified"] != imported.date_modified
    ):
        changed.append("the review's date")
    if fields["appearances"] != imported.appearances:
        changed.append("where the claim appeared")
    changed = changed or ["details of the review"]
    if review.modified and review.modified > before.published_at:
        after.published_at = review.modified
    # Public: what changed, never where the desk's file was.
    after.correction_note = (
        f"The original review by {review.publisher} changed {', '.join(changed)}."
    )[:2000]
    after.save()
    claim.published_verdict = after
    claim.version += 1
    claim.verdict_version += 1
    claim.updated_by = user
    claim.save()
    Source.objects.filter(pk=claim.source_id).update(
        origin_url=review.appearances[0]["url"] if review.appearances else "",
        byline=review.claimant,
        updated_at=timezone.now(),
    )
    for name, value in fields.items():
        setattr(imported, name, value)
    imported.imported_from, imported.imported_by = origin[:500], user
    imported.save()
    audit.record(
        user,
        "import-update",
        claim,
        changes={
            "rating": [before.rating.label, after.rating.label],
            "claim": [before.claim_text, after.claim_text],
        }
        if before.rating_id != after.rating_id or before.claim_text != after.claim_text
        else {},
        note=f"{after.correction_note} Imported from {origin[:300]}.",
    )
    return changed


class Refused(Exception):
    pass


# The whole import ---------------------------------------------------------------


def import_reviews(reviews, *, user, origin, problems=(), on_progress=None, batch=BATCH):
    """Create, correct or leave alone each review; returns the report (JSON-able):
    counts, the claims created, and every problem and update with its record."""
    report = {
        "total": len(reviews) + len(problems),
        "created": 0,
        "unchanged": 0,
        "updated": [],
        "problems": [[p.where, p.reason] for p in problems][:LISTED],
        "problem_count": len(problems),
        "warnings": [],
        "first_claims": [],
    }
    scale = Scale()
    placed = []
    for review in reviews:
        if scale.rating_for(review) is None:
            report["problem_count"] += 1
            reason = f"Rating value {review.rating_value:g} cannot be placed on our scale."
            report["problems"] += [[review.where, reason]][: LISTED - len(report["problems"])]
        else:
            placed.append(review)
    reviews = placed
    for start in range(0, len(reviews), batch):
        part = reviews[start : start + batch]
        existing = {
            imported.key: imported
            for imported in ImportedReview.objects.filter(key__in=[key_of(r) for r in part])
        }
        new = [r for r in part if key_of(r) not in existing]
        with transaction.atomic():
            claims = create_batch(new, scale, user=user, origin=origin) if new else []
        report["created"] += len(claims)
        report["first_claims"] += claims[: 20 - len(report["first_claims"])]
        for review in part:
            report["warnings"] += [[review.where, w] for w in review.warnings][
                : LISTED - len(report["warnings"])
            ]
            imported = existing.get(key_of(review))
            if imported is None:
                continue
            if imported.fingerprint == review.fingerprint():
                report["unchanged"] += 1
                continue
            try:
                changed = correct(imported, review, scale, user=user, origin=origin)
            except Refused as refusal:
                report["problem_count"] += 1
                if len(report["problems"]) < LISTED:
                    report["problems"].append([review.where, str(refusal)])
            else:
                if len(report["updated"]) < LISTED:
                    report["updated"].append([review.where, imported.claim_id, ", ".join(changed)])
                report["updated_count"] = report.get("updated_count", 0) + 1
        if on_progress:
            on_progress(min(start + batch, len(reviews)), len(reviews))
    if report["created"] or report.get("updated_count"):
        public_changed()
    report.setdefault("updated_count", 0)
    return report
