"""What the public may see, read from published verdict snapshots only.

A published claim can be back in draft for a correction: its working fields
(text, rating, summary, rationale) then hold unpublished work. Public code
reads `claim.published_verdict` (the immutable snapshot) for all of them, and
builds the claim's URL from the snapshot's text too."""

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from django.db import connection
from django.db.models import Count, DateTimeField, F, Max, Min, OuterRef, Prefetch, Q, Subquery
from django.db.models.expressions import Expression
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import get_script_prefix, reverse
from django.utils.http import urlencode
from django.utils.text import slugify

from factcheck.core import revisions, search, similar
from factcheck.core.anchoring import selectors, sentence_range
from factcheck.core.highlight import annotate_sentences, group_paragraphs
from factcheck.core.ingest import strip_nul
from factcheck.core.models import (
    ApprovedPlace,
    Claim,
    ClaimStatus,
    ImportedReview,
    PublicRatingCount,
    Rating,
    Revision,
    Sentence,
    Source,
    Stance,
    Verdict,
)
from factcheck.core.siteurl import absolute  # noqa: F401 (published.absolute, for the views)


def claim_slug(verdict):
    return text_slug(verdict.claim_text)


def text_slug(claim_text):
    return slugify(claim_text)[:60] or "claim"


def claim_url(claim):
    """The canonical public path of a published claim, slugged from its published text."""
    return claim_path(claim.pk, claim.published_verdict.claim_text)


def claim_path(pk, claim_text):
    """claim_url of the claim `pk` whose published text is `claim_text`."""
    before, between, after = claim_path_parts(get_script_prefix())
    return f"{before}{pk}{between}{text_slug(claim_text)}{after}"


PK_MARK, SLUG_MARK = 918273645, "slug-mark"


@cache
def claim_path_parts(prefix):
    """The claim path around its pk and slug, reversed once a script prefix:
    reverse() a URL was most of a 1,000-URL sitemap page's time. (The slug is
    slugify's: nothing in it to quote.)"""
    path = reverse("public:claim-detail", args=[PK_MARK, SLUG_MARK])
    before, rest = path.split(str(PK_MARK))
    between, after = rest.split(SLUG_MARK)
    return before, between, after


def public_claims():
    return Claim.objects.public().select_related("source", "published_verdict__rating")


def corrections():
    """Corrected and retracted fact-checks, the latest correction or retraction
    first (a retracted one shows only its record, as on its page)."""
    changed = Coalesce("retracted_at", "published_verdict__published_at")
    return (
        Claim.objects.filter(published_verdict__isnull=False)
        .filter(Q(status=ClaimStatus.RETRACTED) | Q(published_verdict__number__gt=1))
        .select_related("source", "published_verdict__rating")
        .annotate(changed_at=changed)
        .order_by("-changed_at", "-pk")
    )


class PublicUpdatedColumn(Expression):
    """core_claim.public_updated, which only PostgreSQL has (not a model field),
    on whatever alias the claim table has in the query (U0 in a subquery)."""

    output_field = DateTimeField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name(compiler.query.get_initial_alias())
        return f"{table}.public_updated", []


def public_updated():
    """When a claim's public record last changed: its retraction, else its
    published verdict. PostgreSQL keeps it in an indexed column of its own
    (migration 0003_archive), which the orderings and keyset pagination read."""
    if connection.vendor == "postgresql":
        return PublicUpdatedColumn()
    return Coalesce("retracted_at", "published_verdict__published_at")


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


# What public search reads: the published snapshot and the quote, never the
# working fields (a correction in progress holds unpublished text). On
# PostgreSQL the database keeps this vector itself (search.PUBLIC_VECTOR,
# migration 0002): a change here needs a migration there.
SEARCH_FIELDS = [
    search.Field("published_verdict__claim_text", "A"),
    search.Field("published_verdict__summary", "B"),
    search.Field("published_verdict__rationale", "C"),
    search.Field("published_verdict__quote", "D"),  # the approved quote, not the working one
]


def searched_texts(claim):
    verdict = claim.published_verdict
    return [verdict.claim_text, verdict.summary, verdict.rationale, verdict.quote]


@dataclass(frozen=True)
class Filters:
    q: str = ""
    rating: str = ""
    source: str = ""
    claimant: str = ""
    since: str = ""
    until: str = ""
    page: str = "1"

    @classmethod
    def from_query(cls, query):
        return cls(**{name: strip_nul(query.get(name, "")).strip()[:200] for name in FIELDS})

    def day(self, name):
        """The date in `name` (YYYY-MM-DD), or None when empty or not a date."""
        try:
            return date.fromisoformat(getattr(self, name)) if getattr(self, name) else None
        except ValueError:
            return None

    @property
    def date_error(self):
        bad = [name for name in ("since", "until") if getattr(self, name) and not self.day(name)]
        return "Write dates as YYYY-MM-DD, e.g. 2026-03-31." if bad else ""

    def apply(self, claims, *, searched=True):
        if self.rating:
            claims = claims.filter(published_verdict__rating__slug=self.rating)
        if self.source:
            claims = claims.filter(source__slug=self.source)
        if self.claimant:
            claims = claims.filter(published_verdict__claimant__icontains=self.claimant)
        if self.day("since"):
            claims = claims.filter(published_verdict__published_at__date__gte=self.day("since"))
        if self.day("until"):
            claims = claims.filter(published_verdict__published_at__date__lte=self.day("until"))
        if self.q and searched:
            claims = search.search(claims, self.q, SEARCH_FIELDS, stored=search.PUBLIC_VECTOR)
        return claims

    @property
    def active(self):
        return any(getattr(self, name) for name in FIELDS if name != "page")

    def key(self):
        return tuple(getattr(self, name) for name in FIELDS)

    def query(self, page=None):
        """The query string for these filters on another page."""
        values = {name: getattr(self, name) for name in FIELDS if name != "page"}
        query = urlencode(
            {name: value for name, value in {**values, "page": page}.items() if value}
        )
        return f"?{query}" if query else ""


FIELDS = ("q", "rating", "source", "claimant", "since", "until", "page")


def latest(filters):
    """Public claims matching `filters`: best match first when searching (a
    search.Ranked, for a search.CappedPaginator), else newest."""
    if filters.q:
        claims = filters.apply(public_claims(), searched=False)
        # public_updated is the verdict's published_at (see below), on the claim's row.
        newest = (public_updated().desc(), "-pk")
        return search.Ranked(
            claims, filters.q, SEARCH_FIELDS, stored=search.PUBLIC_VECTOR,
            ranked=("-search_rank", *newest), newest=newest,
        )  # fmt: skip
    claims = filters.apply(public_claims())
    # Public claims are not retracted: public_updated is their verdict's
    # published_at, read from its index on PostgreSQL.
    return claims.order_by(public_updated().desc(), "-pk")


def sources_with_public_claims():
    public = Claim.objects.public().values("source_id")
    return Source.objects.filter(pk__in=public).order_by("title")


SOURCE_CHOICES = 100


def filter_sources(selected=""):
    """The sources the home page's filter offers, by title: those of the latest
    SOURCE_CHOICES public fact-checks (an archive has tens of thousands of
    sources, too many for a list), and the one selected."""
    latest_claims = Claim.objects.public().order_by(public_updated().desc(), "-pk")
    recent = latest_claims.values("source_id")[:SOURCE_CHOICES]
    chosen = Q(pk__in=recent)
    if selected:
        chosen |= Q(slug=selected, pk__in=Claim.objects.public().values("source_id"))
    return Source.objects.filter(chosen).only("slug", "title").order_by("title")


def rating_chart(ratings):
    """A bar chart of public verdicts per rating, in scale order: SVG
    coordinates worked out here so the template only places them."""
    if connection.vendor == "postgresql":
        # Kept by a trigger (0010_search): a row a rating, not an entry a claim.
        counts = dict(PublicRatingCount.objects.values_list("rating", "count"))
    else:
        counts = dict(
            Claim.objects.public()
            .values_list("published_verdict__rating")
            .annotate(n=Count("published_verdict"))
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
    total = sum(counts.values())
    return (
        {"rows": chart, "height": len(chart) * row_height, "bar_x": bar_x, "total": total}
        if chart
        else None
    )


# A published claim, as readers see it.


@dataclass
class PublicClaim:
    """A claim as the public sees it: the approved snapshot (`verdict`), and where
    the approved words stand in the revision shown, if they are there. Nothing
    of the claim's working fields: a correction in progress may have changed
    its wording, verdict, claimant or even its place in the text."""

    pk: int
    url: str
    source: Source
    verdict: Verdict
    status: str
    status_note: str = ""
    retracted_at: datetime | None = None
    revision: Revision | None = None  # the revision it is placed in
    start: int | None = None
    end: int | None = None
    anchor: str = ""  # of the first sentence it covers, when placed
    number: int = 0
    first_published: datetime | None = None
    shown_number: int = 0  # the revision readers see
    approved_numbers: tuple = ()  # the revisions it has an approved place in
    imported: ImportedReview | None = None  # read on the claim page only

    @classmethod
    def of(cls, claim, **place):
        verdict = claim.published_verdict
        return cls(
            pk=claim.pk,
            url=claim_url(claim),
            source=claim.source,
            verdict=verdict,
            status=claim.status,
            status_note=claim.status_note,
            retracted_at=claim.retracted_at,
            **place,
        )

    @property
    def placed(self):
        return self.start is not None

    @property
    def text_changed(self):
        """The words shown are not the ones checked (or none are shown): readers
        get the quote as checked."""
        if not self.placed:
            return True
        return not revisions.same_words(self.revision.text[self.start : self.end], self.quote)

    @property
    def in_newer_revision(self):
        """Not placed in the revision shown because its approved place is in a newer
        one readers do not see yet: its words are not gone from the text."""
        return not self.placed and any(
            number > self.shown_number for number in self.approved_numbers
        )

    @property
    def quote(self):
        return self.verdict.quote

    @property
    def claimant(self):
        return self.verdict.claimant

    @property
    def retracted(self):
        return self.status == ClaimStatus.RETRACTED

    # What annotations.annotation() reads of a claim.
    @property
    def text(self):
        return self.verdict.claim_text

    @property
    def revision_id(self):
        return self.revision.pk if self.revision else None

    @property
    def selector(self):
        return selectors(self.revision.text, self.start, self.end) if self.placed else []

    @property
    def created_at(self):
        return self.first_published

    @property
    def updated_at(self):
        return self.verdict.published_at


def public_place(claim, revision):
    """(start, end) of the claim's APPROVED place in `revision`, or None: where
    its verdict was approved, a place a second person approved since, or the
    live place when re-anchoring found approved words again. A place a
    correction or a re-anchoring moved the claim to is not public until it is
    approved (core/revisions.py)."""
    return revisions.approved_place(claim, revision)


def placed(claim, revision, sentences):
    """`PublicClaim` of `claim` placed in `revision` (whose `sentences` are given in order)."""
    place = public_place(claim, revision)
    if place is None:
        return unplaced(claim, revision)
    start, end = place
    first, _ = sentence_range(sentences, start, end)
    return PublicClaim.of(
        claim, revision=revision, start=start, end=end, anchor=sentences[first].anchor
    )


# A source: its current text with the public claims on it.


def current_revision(slug):
    """The revision readers see of a public source (core/revisions.py: the
    newest in which every public claim has an approved place), with the source,
    in one query."""
    revision = (
        Revision.objects.select_related("source")
        .filter(source__slug=slug, source__in=Source.objects.public())
        .filter(Q(source__public_revision__isnull=True) | Q(pk=F("source__public_revision")))
        .order_by("-number")
        .first()
    )
    if revision is None:
        raise Http404("No such source.")
    return revision


def with_places(claims):
    """`claims` with what placing them reads: their approved places, and the
    numbers of the revisions of those and of the published verdict."""
    places = ApprovedPlace.objects.annotate(revision_number=F("revision__number"))
    return claims.annotate(
        verdict_revision_number=F("published_verdict__revision__number")
    ).prefetch_related(Prefetch("approved_places", queryset=places))


def placed_claims(source):
    """The source's public claims with what placing them reads."""
    return with_places(public_claims().filter(source=source))


def unplaced(claim, shown, **fields):
    """`PublicClaim` of a claim with no approved place in the revision `shown`."""
    numbers = [p.revision_number for p in claim.approved_places.all()]
    if claim.verdict_revision_number is not None:
        numbers.append(claim.verdict_revision_number)
    return PublicClaim.of(
        claim, shown_number=shown.number, approved_numbers=tuple(numbers), **fields
    )


def source_text(slug):
    """The source, the revision readers see, annotated sentences and public
    claims (four queries whatever the size of the text)."""
    revision = current_revision(slug)
    source = revision.source
    sentences = list(revision.sentences.all())
    claims = [placed(claim, revision, sentences) for claim in placed_claims(source).order_by("pk")]
    # By where the approved words stand, which may not be the live anchor.
    claims.sort(key=lambda c: (not c.placed, c.start or 0, c.pk))
    for number, claim in enumerate(claims, start=1):
        claim.number = number
    annotate_sentences(revision.text, sentences, [c for c in claims if c.placed])
    return {
        "source": source,
        "revision": revision,
        "paragraphs": group_paragraphs(revision.text, sentences),
        "claims": claims,
        "legend": legend(claims),
    }


def legend(claims):
    """The ratings used by `claims`, in scale order, with their counts."""
    ratings = {}
    for claim in claims:
        rating = claim.verdict.rating
        ratings.setdefault(rating.pk, [rating, 0])[1] += 1
    rows = sorted(ratings.values(), key=lambda row: (row[0].position, row[0].pk))
    return [{"rating": rating, "count": count} for rating, count in rows]


# A claim page.


def published_claim(pk):
    """The claim as published (retracted ones too: their record stays), placed
    in the revision of its source readers see; 404 if it never was published."""
    claims = with_places(
        Claim.objects.filter(published_verdict__isnull=False)
        .select_related(
            "source__public_revision",
            "revision",
            "published_verdict__rating",
            "published_verdict__approved_by",
            "published_verdict__revision__snapshot",
            "imported",
        )
        # Its text is read only when the claim stands in another revision.
        .defer("source__public_revision__text")
    )
    try:
        claim = claims.get(pk=pk)
    except Claim.DoesNotExist:
        raise Http404("No such fact-check.")
    # Usually the claim is anchored in the revision shown: no query to read it.
    shown = claim.source.public_revision
    if shown is None or shown.pk == claim.revision_id:
        shown = claim.revision if shown is not None else claim.source.current_revision
    place = public_place(claim, shown)
    imported = getattr(claim, "imported", None)  # None: our own fact-check
    if place is None:
        return unplaced(claim, shown, imported=imported)
    return PublicClaim.of(claim, revision=shown, start=place[0], end=place[1], imported=imported)


@dataclass(frozen=True)
class PublishedCitation:
    url: str
    archived_url: str
    title: str
    publisher: str
    quote: str
    stance: str
    accessed_on: date | None
    snapshot: int | None = None  # our copy of the page (core/snapshots.py)
    archived_at: datetime | None = None

    @classmethod
    def from_snapshot(cls, data):
        accessed = data.get("accessed_on")
        archived = data.get("archived_at")
        return cls(
            snapshot=data.get("snapshot"),
            archived_at=datetime.fromisoformat(archived) if archived else None,
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
    verdict = claim.verdict
    verdicts = list(
        Verdict.objects.filter(claim_id=claim.pk, number__lte=verdict.number)
        .select_related("rating")
        .prefetch_related("contributors")
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
        "source_copy": source_copy(verdict),
        "context": quote_context(claim),
        "scale": Rating.objects.filter(ordinal__isnull=False).aggregate(
            best=Max("ordinal"), worst=Min("ordinal")
        ),
        # Other sources where the same claim was seen ("already checked").
        "appearances": similar.appearances(claim),
        "checked_by": ", ".join(display_name(u) for u in verdicts[-1].contributors.all()),
        "approved_by": display_name(verdict.approved_by),
        # A fact-check imported from another archive: whose it is, where the original is.
        "imported": claim.imported,
    }


def source_copy(verdict):
    """Our copy of the page the checked revision was fetched from, if it was."""
    revision = getattr(verdict, "revision", None)
    if revision is None or revision.snapshot_id is None:
        return None
    snapshot = revision.snapshot
    return snapshot if snapshot.archived else None


def sentence(text):
    """`text` ending with a full stop, for "…: <note>. Earlier rating: …"."""
    text = text.strip()
    return text if not text or text[-1] in ".!?…" else f"{text}."


def quote_context(claim, around=1):
    """The sentences holding the approved quote, with one on each side, the quote
    marked; None when the claim has no place in the current text."""
    if not claim.placed:
        return None
    covering = Sentence.objects.filter(
        revision=claim.revision, start__lt=claim.end, end__gt=claim.start
    ).values("index")
    first = Subquery(covering.order_by("index")[:1])
    last = Subquery(covering.order_by("-index")[:1])
    sentences = list(
        Sentence.objects.filter(
            revision=claim.revision, index__gte=first - around, index__lte=last + around
        ).order_by("index")
    )
    first_covering = next(s for s in sentences if s.end > claim.start)
    annotate_sentences(claim.revision.text, sentences, [claim])
    return {"sentences": sentences, "anchor": first_covering.anchor}


# Machine-readable lists.


def annotated_claims(source, revision):
    """Public claims placed in `revision`, with their first publication date."""
    sentences = list(revision.sentences.all())
    claims = placed_claims(source).annotate(first_published=first_published()).order_by("pk")
    found = []
    for claim in claims:
        public = placed(claim, revision, sentences)
        if public.placed:
            public.first_published = claim.first_published
            found.append(public)
    return sorted(found, key=lambda c: (c.start, c.pk))


@dataclass(frozen=True)
class FeedEntry:
    """One Atom entry: a verdict published (first or corrected), or a retraction."""

    claim: Claim
    verdict: Verdict
    at: datetime
    retraction: bool = False


def feed_entries(limit=50):
    """The latest publications, corrections and retractions, newest first."""
    verdicts = (
        Verdict.objects.filter(claim__in=Claim.objects.public())
        .select_related("rating", "claim__source", "claim__published_verdict")
        .order_by("-published_at", "-pk")[:limit]
    )
    entries = [FeedEntry(v.claim, v, v.published_at) for v in verdicts]
    retracted = (
        Claim.objects.filter(status=ClaimStatus.RETRACTED, published_verdict__isnull=False)
        .select_related("source", "published_verdict__rating")
        .order_by(F("retracted_at").desc(nulls_last=True), "-pk")[:limit]
    )
    entries += [
        FeedEntry(c, c.published_verdict, c.retracted_at or c.updated_at, retraction=True)
        for c in retracted
    ]
    entries.sort(key=lambda e: (e.at, e.retraction), reverse=True)
    return entries[:limit]


def revision_text(slug, number):
    """A revision of a public source, paragraph by paragraph (no highlights:
    published claims are shown against the current text)."""
    revision = shown_revisions(slug).filter(number=number).first()
    if revision is None:
        raise Http404("No such revision.")
    sentences = list(revision.sentences.all())
    annotate_sentences(revision.text, sentences, [])
    return {
        "source": revision.source,
        "revision": revision,
        "current": revisions.public_revision(revision.source).number,
        "paragraphs": group_paragraphs(revision.text, sentences),
    }


def shown_revisions(slug):
    """The revisions of a public source readers may read: the one they see and
    the earlier ones (a newer one waits for its claims' places to be approved)."""
    shown = Q(source__public_revision__isnull=True) | Q(
        number__lte=F("source__public_revision__number")
    )
    return Revision.objects.select_related("source").filter(
        shown, source__slug=slug, source__in=Source.objects.public()
    )


def sentence_location(slug, anchor):
    """The URL of the latest public revision holding the sentence `anchor`."""
    found = shown_revisions(slug).filter(sentences__anchor=anchor).order_by("-number").first()
    if found is None:
        raise Http404("No revision of this text has that sentence.")
    if found == revisions.public_revision(found.source):
        return reverse("public:source-detail", args=[slug]) + f"#{anchor}"
    return reverse("public:source-revision", args=[slug, found.number]) + f"#{anchor}"
