"""What the public may see, read from published verdict snapshots only.

A published claim can be back in draft for a correction: its working fields
(text, rating, summary, rationale) then hold unpublished work. Public code
reads `claim.published_verdict` (the immutable snapshot) for all of them, and
builds the claim's URL from the snapshot's text too."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Count, F, Max, Min, OuterRef, Q, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify

from factcheck.core.highlight import annotate_sentences, group_paragraphs
from factcheck.core.models import (
    Claim,
    ClaimStatus,
    Rating,
    Revision,
    Sentence,
    Source,
    Stance,
    Verdict,
)


def absolute(path):
    return settings.SITE_URL + path


def claim_slug(claim):
    return slugify(claim.published_verdict.claim_text)[:60] or "claim"


def claim_url(claim):
    """The canonical public path; `Claim.get_public_url` slugs the working text."""
    return reverse("public:claim-detail", args=[claim.pk, claim_slug(claim)])


def public_claims():
    return Claim.objects.public().select_related("source", "published_verdict__rating")


def first_published():
    """Subquery: when the claim's first verdict was published."""
    return Subquery(
        Verdict.objects.filter(claim=OuterRef("pk")).order_by("number").values("published_at")[:1]
    )


def display_name(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


# Home: the latest fact-checks, filtered.


@dataclass(frozen=True)
class Filters:
    q: str = ""
    rating: str = ""
    source: str = ""
    page: str = "1"

    @classmethod
    def from_query(cls, query):
        return cls(
            **{name: query.get(name, "").replace("\x00", "").strip()[:200] for name in FIELDS}
        )

    def apply(self, claims):
        if self.rating:
            claims = claims.filter(published_verdict__rating__slug=self.rating)
        if self.source:
            claims = claims.filter(source__slug=self.source)
        if self.q:
            claims = claims.filter(
                Q(published_verdict__claim_text__icontains=self.q) | Q(quote__icontains=self.q)
            )
        return claims

    @property
    def active(self):
        return bool(self.q or self.rating or self.source)

    def key(self):
        return (self.q, self.rating, self.source, self.page)

    def query(self, page=None):
        """The query string for these filters on another page."""
        values = {"q": self.q, "rating": self.rating, "source": self.source, "page": page}
        query = urlencode({name: value for name, value in values.items() if value})
        return f"?{query}" if query else ""


FIELDS = ("q", "rating", "source", "page")


def latest(filters):
    return filters.apply(public_claims()).order_by("-published_verdict__published_at", "-pk")


def sources_with_public_claims():
    public = Claim.objects.public().values("source_id")
    return Source.objects.filter(pk__in=public).order_by("title")


def rating_chart(ratings):
    """A bar chart of public verdicts per rating, in scale order: SVG
    coordinates worked out here so the template only places them."""
    counts = dict(
        Claim.objects.public()
        .values_list("published_verdict__rating")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = [(rating, counts[rating.pk]) for rating in ratings if counts.get(rating.pk)]
    top = max((n for _, n in rows), default=1)
    bar_x, bar_width, row_height = 150, 130, 28
    chart = []
    for i, (rating, n) in enumerate(rows):
        width = max(2, round(bar_width * n / top))
        chart.append(
            {"rating": rating, "count": n, "y": i * row_height, "width": width,
             "count_x": bar_x + width + 6}
        )  # fmt: skip
    return {"rows": chart, "height": len(chart) * row_height, "bar_x": bar_x} if chart else None


# A source: its current text with the public claims on it.


def current_revision(slug):
    """The source's current revision, with the source, in one query."""
    revision = (
        Revision.objects.select_related("source")
        .filter(source__slug=slug)
        .order_by("-number")
        .first()
    )
    if revision is None:
        raise Http404("No such source.")
    revision.source._current_revision = revision
    return revision


def source_text(slug):
    """The source, its current revision, annotated sentences and public claims
    (three queries whatever the size of the text)."""
    revision = current_revision(slug)
    source = revision.source
    sentences = list(revision.sentences.all())
    claims = list(
        public_claims()
        .filter(source=source)
        .select_related("first_sentence")
        .order_by(F("start").asc(nulls_last=True), "pk")
    )
    for claim in claims:
        claim.verdict = claim.published_verdict
        claim.url = claim_url(claim)
        # Orphaned claims, or any left on an older revision, have no place here.
        claim.placed = claim.revision_id == revision.pk and claim.start is not None
    placed = [c for c in claims if c.placed]
    unplaced = [c for c in claims if not c.placed]
    for number, claim in enumerate(placed + unplaced, start=1):
        claim.number = number
    annotate_sentences(revision.text, sentences, placed)
    return {
        "source": source,
        "revision": revision,
        "paragraphs": group_paragraphs(revision.text, sentences),
        "claims": placed + unplaced,
        "legend": legend(claims),
    }


def legend(claims):
    """The ratings used by `claims`, in scale order, with their counts."""
    ratings = {}
    for claim in claims:
        rating = claim.published_verdict.rating
        ratings.setdefault(rating.pk, [rating, 0])[1] += 1
    rows = sorted(ratings.values(), key=lambda row: (row[0].position, row[0].pk))
    return [{"rating": rating, "count": count} for rating, count in rows]


# A claim page.


def published_claim(pk):
    """The claim with its published verdict, or 404 if it never was published."""
    claims = (
        Claim.objects.filter(published_verdict__isnull=False)
        .select_related(
            "source",
            "revision",
            "first_sentence",
            "last_sentence",
            "published_verdict__rating",
            "published_verdict__approved_by",
        )
        .prefetch_related("published_verdict__contributors")
    )
    try:
        claim = claims.get(pk=pk)
    except Claim.DoesNotExist:
        raise Http404("No such fact-check.")
    claim.verdict = claim.published_verdict
    # Readers see the claimant as published, not a correction in progress.
    claim.claimant = claim.verdict.claimant
    claim.url = claim_url(claim)
    claim.retracted = claim.status == ClaimStatus.RETRACTED
    return claim


@dataclass(frozen=True)
class PublishedCitation:
    url: str
    archived_url: str
    title: str
    publisher: str
    quote: str
    stance: str
    accessed_on: date | None

    @classmethod
    def from_snapshot(cls, data):
        accessed = data.get("accessed_on")
        return cls(
            url=data["url"],
            archived_url=data.get("archived_url", ""),
            title=data["title"],
            publisher=data.get("publisher", ""),
            quote=data.get("quote", ""),
            stance=data.get("stance", Stance.CONTEXT),
            accessed_on=date.fromisoformat(accessed) if accessed else None,
        )

    def get_stance_display(self):
        return Stance(self.stance).label


def claim_details(claim):
    """Everything the claim page shows besides the claim itself."""
    verdict = claim.published_verdict
    verdicts = list(
        claim.verdicts.filter(number__lte=verdict.number)
        .select_related("rating")
        .order_by("number")
    )
    corrections = [
        {"verdict": later, "earlier": earlier, "note": sentence(later.correction_note)}
        for earlier, later in zip(verdicts, verdicts[1:], strict=False)
    ]
    # The citations as published: a correction in progress edits the live ones.
    citations = [PublishedCitation.from_snapshot(c) for c in verdict.citations]
    return {
        "verdicts": verdicts,
        "corrections": corrections[::-1],
        "first_published": verdicts[0].published_at,
        "citations": citations,
        "context": quote_context(claim),
        "scale": Rating.objects.filter(ordinal__isnull=False).aggregate(
            best=Max("ordinal"), worst=Min("ordinal")
        ),
        "checked_by": ", ".join(display_name(u) for u in verdict.contributors.all()),
        "approved_by": display_name(verdict.approved_by),
    }


def sentence(text):
    """`text` ending with a full stop, for "…: <note>. Earlier rating: …"."""
    text = text.strip()
    return text if not text or text[-1] in ".!?…" else f"{text}."


def quote_context(claim, around=1):
    """The sentences holding the quote, with one on each side, the quote marked;
    None when the claim has no place in the current text."""
    current = claim.source.revisions.order_by("-number").values_list("pk", flat=True).first()
    if claim.start is None or claim.revision_id != current or claim.first_sentence is None:
        return None
    sentences = list(
        Sentence.objects.filter(
            revision_id=claim.revision_id,
            index__gte=claim.first_sentence.index - around,
            index__lte=claim.last_sentence.index + around,
        ).order_by("index")
    )
    annotate_sentences(claim.revision.text, sentences, [claim])
    return {"sentences": sentences, "anchor": claim.first_sentence.anchor}


# Machine-readable lists.


def annotated_claims(source, revision):
    """Public claims located in `revision`, with their first publication date."""
    claims = list(
        public_claims()
        .filter(source=source, revision=revision, start__isnull=False)
        .annotate(first_published=first_published())
        .order_by("start", "pk")
    )
    for claim in claims:
        claim.url = claim_url(claim)
    return claims


def feed_verdicts(limit=50):
    """The latest published verdicts (first publications and corrections) of
    claims that are still public."""
    return list(
        Verdict.objects.filter(claim__in=Claim.objects.public())
        .select_related("rating", "claim__source", "claim__published_verdict")
        .order_by("-published_at", "-pk")[:limit]
    )


def revision_text(slug, number):
    """A revision of a public source, paragraph by paragraph (no highlights:
    published claims are shown against the current text)."""
    revision = (
        Revision.objects.select_related("source").filter(source__slug=slug, number=number).first()
    )
    if revision is None:
        raise Http404("No such revision.")
    sentences = list(revision.sentences.all())
    annotate_sentences(revision.text, sentences, [])
    return {
        "source": revision.source,
        "revision": revision,
        "current": revision.source.revisions.order_by("-number")
        .values_list("number", flat=True)
        .first(),
        "paragraphs": group_paragraphs(revision.text, sentences),
    }


def sentence_location(slug, anchor):
    """The URL of the latest public revision holding the sentence `anchor`."""
    found = (
        Revision.objects.filter(source__slug=slug, sentences__anchor=anchor)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    latest = (
        Revision.objects.filter(source__slug=slug)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    if found is None:
        raise Http404("No revision of this text has that sentence.")
    if found == latest:
        return reverse("public:source-detail", args=[slug]) + f"#{anchor}"
    return reverse("public:source-revision", args=[slug, found]) + f"#{anchor}"
