"""The read-only JSON API at /api/ (django-ninja), for partners: CMSs,
aggregators, data desks. OpenAPI document at /api/openapi.json.

It serves what the public pages show and nothing more: published verdict
snapshots, never a claim's working fields (a correction in progress holds
unpublished text). A retracted fact-check stays listed as a tombstone (its id,
address, source, date and public note), as its page does. Responses are cached
and carry ETags by the public epoch (caching.public_data), so a publish or a
retraction makes every response fresh at once; CORS headers come from
django-cors-headers, limited to /api/ in settings."""

from datetime import date, datetime
from types import SimpleNamespace as Namespace
from typing import Literal

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db.models import DateTimeField, F, Field, Func, Max, Q, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThan
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from ninja import NinjaAPI, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError

from factcheck.core.annotations import stored_text_url
from factcheck.core.models import Claim, ClaimStatus, Rating, Source
from factcheck.core.paging import ByKeys

from . import jsonld, published
from .caching import public_data

PER_PAGE = 50
# ClaimReview records a response of /api/claimreview.json. 500, not 1,000: a
# response of 1,000 took about 70 ms on a 100,000-claim archive (the target is
# 50), and an aggregator polling for new fact-checks reads the first page only;
# reading a whole archive follows the Link header either way.
FEED_PAGE = 500


class ReadOnlyAPI(NinjaAPI):
    """Every endpoint answers GET and HEAD (see `read`). HEAD is implied by GET
    in HTTP, so the OpenAPI document lists GET only (one operation id each)."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            operations.pop("head", None)
        return schema


api = ReadOnlyAPI(
    title="Factcheck API",
    version="1",
    description="Published fact-checks as data. Read-only; no authentication.",
    urls_namespace="api",
    # The docs UI loads its scripts from a CDN, which our CSP (rightly) blocks.
    docs_url=None,
)


# Schemas: what the OpenAPI document describes.


class RatingOut(Schema):
    slug: str
    label: str
    value: int | None  # ClaimReview ratingValue; None off the true/false scale


class SourceRef(Schema):
    slug: str
    title: str
    url: str
    origin_url: str


class Retraction(Schema):
    at: datetime | None
    note: str


class ImportedOut(Schema):
    """Whose fact-check an imported one is (see README, "Importing an archive")."""

    publisher: str
    publisher_url: str
    review_url: str
    date_published: date


class ClaimOut(Schema):
    id: int
    url: str
    api_url: str
    status: Literal["published", "retracted"]
    source: SourceRef
    updated: datetime
    first_published: datetime
    # Empty for a retracted fact-check: it is taken down entirely.
    claim: str | None = None
    claimant: str | None = None
    claimant_type: str | None = None
    claim_date: date | None = None
    rating: RatingOut | None = None
    summary: str | None = None
    quote: str | None = None
    version: int | None = None
    retraction: Retraction | None = None
    # Set for a fact-check imported from another archive: not reviewed on this desk.
    imported: ImportedOut | None = None


class VerdictOut(Schema):
    version: int
    published_at: datetime
    rating: RatingOut
    summary: str
    rationale_html: str
    claim: str
    claimant: str
    claimant_type: str
    claim_date: date | None
    quote: str
    correction_note: str
    citations: list[published.PublishedCitation]
    checked_by: list[str]
    approved_by: str


class ClaimDetailOut(ClaimOut):
    verdicts: list[VerdictOut]  # oldest first; empty for a retracted fact-check


class ClaimPage(Schema):
    count: int
    page: int | None  # None when the page was asked for by `cursor`
    pages: int
    next: str | None
    previous: str | None
    # The next page by cursor: cheap at any depth, stable while claims are published.
    next_cursor: str | None
    items: list[ClaimOut]


class SourceOut(Schema):
    slug: str
    title: str
    url: str
    api_url: str
    kind: str
    byline: str
    origin_url: str
    published_on: date | None
    language: str
    annotations_url: str
    text_url: str | None  # the current revision's stored text (text/plain)


class SourceDetailOut(SourceOut):
    annotations: dict  # a W3C Web Annotation collection of the published claims


class SourcePage(Schema):
    count: int
    page: int
    pages: int
    next: str | None
    previous: str | None
    items: list[SourceOut]


# Building the data from published snapshots.


def rating_data(rating):
    return {"slug": rating.slug, "label": rating.label, "value": rating.ordinal}


def claim_data(claim):
    """The list view of a claim; `claim` comes from `published_claims()`."""
    source = claim.source
    data = {
        "id": claim.pk,
        "url": published.absolute(published.claim_url(claim)),
        "api_url": published.absolute(reverse("api:claim", args=[claim.pk])),
        "status": "retracted" if claim.status == ClaimStatus.RETRACTED else "published",
        "source": {
            "slug": source.slug,
            "title": source.title,
            "url": published.absolute(source.get_absolute_url()),
            "origin_url": source.origin_url,
        },
        "updated": claim.updated,
        "first_published": claim.first_published,
    }
    if data["status"] == "retracted":
        return {**data, "retraction": {"at": claim.retracted_at, "note": claim.status_note}}
    verdict = claim.published_verdict
    return {
        **data,
        "claim": verdict.claim_text,
        "claimant": verdict.claimant,
        "claimant_type": verdict.claimant_type,
        "claim_date": verdict.claim_date,
        "rating": rating_data(verdict.rating),
        "summary": verdict.summary,
        "quote": verdict.quote,
        "version": verdict.number,
        "imported": imported_data(getattr(claim, "imported", None)),
    }


def imported_data(imported):
    if imported is None:
        return None
    return {
        "publisher": imported.publisher,
        "publisher_url": imported.publisher_url,
        "review_url": imported.review_url,
        "date_published": imported.date_published,
    }


def verdict_data(verdict):
    return {
        "version": verdict.number,
        "published_at": verdict.published_at,
        "rating": rating_data(verdict.rating),
        "summary": verdict.summary,
        "rationale_html": verdict.rationale_html,
        "claim": verdict.claim_text,
        "claimant": verdict.claimant,
        "claimant_type": verdict.claimant_type,
        "claim_date": verdict.claim_date,
        "quote": verdict.quote,
        "correction_note": verdict.correction_note,
        "citations": [published.PublishedCitation.from_snapshot(c) for c in verdict.citations],
        "checked_by": [published.display_name(user) for user in verdict.contributors.all()],
        "approved_by": published.display_name(verdict.approved_by),
    }


def published_claims():
    """Every claim ever published, retracted ones included, newest change first."""
    return (
        Claim.objects.filter(published_verdict__isnull=False)
        .select_related("source", "published_verdict__rating", "imported")
        .annotate(updated=published.public_updated())
        .order_by(F("updated").desc(), "-pk")
    )


def with_first_published(claims):
    """`claims` (a page) with their first_published, in one query for the page:
    as an annotation it ran for every row an OFFSET skips."""
    first = dict(
        Claim.objects.filter(pk__in=[claim.pk for claim in claims])
        .order_by()  # the default order joined every source (20,000 hashed for a page)
        .annotate(first=published.first_published())
        .values_list("pk", "first")
    )
    for claim in claims:
        claim.first_published = first[claim.pk]
    return claims


def row(*expressions):
    """A row value, `(a, b)`, compared as a whole (SQL row comparison)."""
    return Func(*expressions, template="(%(expressions)s)", output_field=Field())


def cursor_for(claim):
    """An opaque cursor naming the place after `claim` in the newest-first order."""
    key = f"{claim.updated.isoformat()}|{claim.pk}"
    return urlsafe_base64_encode(key.encode())


def after_cursor(claims, cursor):
    """The claims after `cursor`'s place: (updated, pk) below the cursor's, so
    claims updated at the same instant are told apart by their pk."""
    try:
        updated, pk = urlsafe_base64_decode(cursor).decode().split("|")
        updated, pk = datetime.fromisoformat(updated), int(pk)
    except (ValueError, UnicodeDecodeError):
        raise HttpError(422, "cursor: not a cursor this API gave out (use next_cursor).")
    key = row(Value(updated, output_field=DateTimeField()), Value(pk))
    return claims.filter(LessThan(row(F("updated"), F("pk")), key))


def link(request, **change):
    """This request's URL with `change` made to its query (None removes a parameter)."""
    query = request.GET.copy()
    for name, value in change.items():
        query.pop(name, None)
        if value is not None:
            query[name] = value
    return published.absolute(f"{request.path}?{query.urlencode()}")


def page_of(request, queryset, number, build, prepare=list):
    """One page of `queryset` as {count, page, pages, next, previous, items};
    `prepare` gets the page's rows before `build` gets each."""
    paginator = Paginator(ByKeys(queryset), PER_PAGE)
    try:
        page = paginator.page(number)
    except EmptyPage:
        raise HttpError(404, f"No page {number}: there are {paginator.num_pages}.")
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "next": link(request, page=page.next_page_number()) if page.has_next() else None,
        "previous": (
            link(request, page=page.previous_page_number()) if page.has_previous() else None
        ),
        "items": [build(item) for item in prepare(list(page))],
        "objects": page.object_list,
    }


def cursor_page(request, claims, cursor):
    """The PER_PAGE claims after `cursor`: a keyset query, as cheap at any depth."""
    paginator = Paginator(claims, PER_PAGE)
    items = list(after_cursor(claims, cursor)[: PER_PAGE + 1])
    more = len(items) > PER_PAGE
    items = with_first_published(items[:PER_PAGE])
    following = link(request, page=None, cursor=cursor_for(items[-1])) if more else None
    return {
        "count": paginator.count,
        "page": None,
        "pages": paginator.num_pages,
        "next": following,
        "previous": None,
        "next_cursor": following,
        "items": [claim_data(claim) for claim in items],
    }


# Endpoints.


def read(path, **kwargs):
    """An endpoint for GET and HEAD (ninja's api.get answers HEAD with a 405)."""
    return api.api_operation(["GET", "HEAD"], path, **kwargs)


def check_filters(source, rating):
    """A filter naming no source or rating is a mistake to report (422), not an
    empty list: the reader would take it for "nothing was published"."""
    if source and not Source.objects.public().filter(slug=source).exists():
        raise HttpError(422, f"Unknown source “{source}”: no public source has that slug.")
    if rating:
        slugs = list(Rating.objects.order_by("position", "pk").values_list("slug", flat=True))
        if rating not in slugs:
            raise HttpError(422, f"Unknown rating “{rating}”: use one of {', '.join(slugs)}.")


@read("/claims", response=ClaimPage, url_name="claims")
@decorate_view(public_data)
def claim_list(
    request,
    source: str = "",
    rating: str = "",
    updated_since: datetime | None = None,
    page: int = 1,
    cursor: str = "",
):
    """Published fact-checks, latest change first, 50 a page. `source` and
    `rating` are slugs; `updated_since` (ISO 8601) keeps those published,
    corrected or retracted since then. A rating filter leaves out retracted
    fact-checks (their rating is taken down). Pages by number (`page`), or by
    `cursor`: each response's `next_cursor` is the URL of the page after it, as
    fast at page 1,000 as at page 2 and never skipping or repeating a claim
    when others are published meanwhile."""
    check_filters(source, rating)
    claims = published_claims()
    if source:
        claims = claims.filter(source__slug=source)
    if rating:
        claims = claims.filter(published_verdict__rating__slug=rating).exclude(
            status=ClaimStatus.RETRACTED
        )
    if updated_since:
        if timezone.is_naive(updated_since):  # "2026-11-01": in the site's time zone
            updated_since = timezone.make_aware(updated_since)
        claims = claims.filter(
            Q(published_verdict__published_at__gte=updated_since)
            | Q(retracted_at__gte=updated_since)
        )
    if cursor:
        return cursor_page(request, claims, cursor)
    data = page_of(request, claims, page, claim_data, prepare=with_first_published)
    objects = data.pop("objects")
    more = data["next"] is not None
    data["next_cursor"] = link(request, page=None, cursor=cursor_for(objects[-1])) if more else None
    return data


@read("/claims/{int:pk}", response=ClaimDetailOut, url_name="claim")
@decorate_view(public_data)
def claim_detail(request, pk: int):
    """One fact-check with every published version of its verdict and their citations."""
    claims = published_claims().annotate(first_published=published.first_published())
    claim = get_object_or_404(claims, pk=pk)
    data = claim_data(claim)
    data["verdicts"] = []
    if data["status"] == "published":
        verdicts = (
            claim.verdicts.filter(number__lte=claim.published_verdict.number)
            .select_related("rating", "approved_by")
            .prefetch_related("contributors")
            .order_by("number")
        )
        data["verdicts"] = [verdict_data(v) for v in verdicts]
    return data


def source_data(source):
    revision = getattr(source, "current_number", None)
    return {
        "slug": source.slug,
        "title": source.title,
        "url": published.absolute(source.get_absolute_url()),
        "api_url": published.absolute(reverse("api:source", args=[source.slug])),
        "kind": source.kind,
        "byline": source.byline,
        "origin_url": source.origin_url,
        "published_on": source.published_on,
        "language": source.language,
        "annotations_url": published.absolute(
            reverse("public:source-annotations", args=[source.slug])
        ),
        "text_url": stored_text_url(source.slug, revision) if revision else None,
    }


def public_sources():
    return (
        Source.objects.public()
        .annotate(
            # The revision readers see (the newest for a source stored before that rule).
            current_number=Coalesce(F("public_revision__number"), Max("revisions__number"))
        )
        .order_by("title", "pk")
    )


@read("/sources", response=SourcePage, url_name="sources")
@decorate_view(public_data)
def source_list(request, page: int = 1):
    """The sources readers may see, by title, 50 a page."""
    data = page_of(request, public_sources(), page, source_data)
    del data["objects"]
    return data


@read("/sources/{slug:slug}", response=SourceDetailOut, url_name="source")
@decorate_view(public_data)
def source_detail(request, slug: str):
    """A source with its published claims as W3C Web Annotations (on its current text)."""
    source = get_object_or_404(public_sources(), slug=slug)
    revision = published.current_revision(slug)
    claims = published.annotated_claims(source, revision)
    return {
        **source_data(source),
        "annotations": jsonld.annotation_collection(source, revision, claims),
    }


@read("/claimreview.json", url_name="claimreview", response={200: dict})
@decorate_view(public_data)
def claim_review_feed(request, cursor: str = ""):
    """Every published fact-check as a schema.org ClaimReview, in a DataFeed:
    the shape fact-check aggregators read. Newest first, FEED_PAGE a response;
    when there are more, the `Link` header (rel="next") gives the URL of the
    next page (a `cursor`), so a large archive is read page by page and no
    response holds all of it."""
    ratings = {rating.pk: rating for rating in Rating.objects.all()}
    ordinals = [r.ordinal for r in ratings.values() if r.ordinal is not None]
    scale = {"best": max(ordinals, default=None), "worst": min(ordinals, default=None)}
    # Not retracted: the last change is the published verdict's.
    claims = (
        published.public_claims()
        .annotate(updated=published.public_updated(), first=published.first_published())
        .order_by(F("updated").desc(), "-pk")
    )
    if cursor:
        claims = after_cursor(claims, cursor)
    rows = list(claims.values(*FEED_COLUMNS)[: FEED_PAGE + 1])
    following = None
    if len(rows) > FEED_PAGE:
        rows = rows[:FEED_PAGE]
        last = rows[-1]
        following = link(
            request, cursor=cursor_for(Namespace(pk=last["pk"], updated=last["updated"]))
        )
    once = {
        "scale": scale,
        "author": jsonld.organisation(),
        "zone": timezone.get_current_timezone(),
    }
    items = [feed_review(row, ratings, once) for row in rows]
    feed = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": f"{settings.FACTCHECK_ORGANISATION}: fact-checks",
        "url": published.absolute(reverse("api:claimreview")),
        "dataFeedElement": items,
    }
    response = HttpResponse(jsonld.for_file(feed), content_type="application/ld+json")
    if following:
        response["Link"] = f'<{following}>; rel="next"'
    return response


# What a feed record reads, as values (not model instances: building a claim,
# source, verdict, rating and import for each of 1,000 records was most of a
# response's time), under the attribute names jsonld.claim_review reads.
VERDICT = ("claim_text", "rating_id", "published_at", "number", "claimant", "claimant_type",
           "claim_date")  # fmt: skip
SOURCE = ("title", "origin_url", "published_on")
IMPORTED = ("publisher", "publisher_url", "review_url", "date_published", "date_modified",
            "appearances")  # fmt: skip
FEED_COLUMNS = (
    "pk", "updated", "first", "imported__pk",
    *(f"published_verdict__{name}" for name in VERDICT),
    *(f"source__{name}" for name in SOURCE),
    *(f"imported__{name}" for name in IMPORTED),
)  # fmt: skip


def feed_review(row, ratings, once):
    """One record of the feed: jsonld.claim_review of the row's values, as the
    claim's page builds it from the claim (without the other sources it was
    seen in, which only its page looks up)."""
    verdict = Namespace(**{name: row[f"published_verdict__{name}"] for name in VERDICT})
    verdict.rating = ratings[verdict.rating_id]
    claim = Namespace(
        verdict=verdict,
        url=published.claim_path(row["pk"], verdict.claim_text),
        source=Namespace(**{name: row[f"source__{name}"] for name in SOURCE}),
    )
    details = {**once, "first_published": row["first"]}
    if row["imported__pk"] is not None:
        details["imported"] = Namespace(**{name: row[f"imported__{name}"] for name in IMPORTED})
    review = jsonld.claim_review(claim, details)
    review.pop("@context")
    return review
