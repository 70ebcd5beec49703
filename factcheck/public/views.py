"""Read-only pages for readers, and the machine-readable versions of them.

Each HTML page caches its reader-independent body (`*_page` functions, which
render without a request) and renders the shell around it per request; see
caching.py."""

from django.contrib import messages
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_safe

from factcheck.core import notifications, search
from factcheck.core.models import ClaimStatus, Rating

from . import jsonld, published
from .caching import cached, is_partial, public_data, public_html, render_body, render_page
from .feeds import LatestFactChecks
from .forms import SuggestionForm, count_suggestion, over_limit
from .sitemaps import SITEMAPS, index_entries

PER_PAGE = 20
THANKS = "Thank you. An editor will read your suggestion."
TOO_MANY = "You have sent several suggestions in the past hour. Please try again later."


@require_safe
@public_html
def home(request):
    filters = published.Filters.from_query(request.GET)
    partial = is_partial(request)
    page = cached(request, ("home", filters.key(), partial), lambda: home_page(filters, partial))
    if partial:
        return HttpResponse(page["body"])
    return render_page(request, "public/home.html", page, same_for_readers=True)


def home_page(filters, partial):
    ratings = list(Rating.objects.all())
    claims = published.latest(filters)
    paginator = (search.CappedPaginator if filters.q else Paginator)(claims, PER_PAGE)
    # The chart shows the whole archive: on the home page, not over filtered results.
    chart = None if partial or filters.active else published.rating_chart(ratings)
    if chart is not None and not filters.active:
        # The chart counted every public claim: a second count read them all again.
        paginator.count = chart["total"]
    results = paginator.get_page(filters.page)
    for claim in results:
        claim.url = published.claim_url(claim)
    if filters.q:
        search.add_snippets(results, filters.q, published.searched_texts)
    pages = {
        "previous": results.has_previous() and filters.query(results.previous_page_number()),
        "next": results.has_next() and filters.query(results.next_page_number()),
    }
    context = {"filters": filters, "results": results, "ratings": ratings, "pages": pages}
    if partial:
        return {"body": render_body("public/home.html#results", context)}
    context["chart"] = chart
    context["sources"] = list(published.filter_sources(filters.source))
    title = "Fact-checks" if results.number == 1 else f"Fact-checks, page {results.number}"
    return {"title": title, "body": render_body("public/home.html#home-body", context)}


@require_safe
@public_html
def source_detail(request, slug):
    page = cached(request, ("source", slug), lambda: source_page(slug))
    return render_page(request, "public/source_detail.html", page, same_for_readers=True)


def source_page(slug):
    context = published.source_text(slug)
    source = context["source"]
    return {
        "title": source.title,
        "description": f"Fact-checks of {source.title}: {len(context['claims'])} checked claims.",
        "canonical": published.absolute(source.get_absolute_url()),
        "annotations_url": reverse("public:source-annotations", args=[slug]),
        "body": render_body("public/source_detail.html#source-body", context),
    }


@require_http_methods(["GET", "HEAD", "POST"])
@public_html(shareable=False)
def claim_detail(request, pk, slug):
    page = cached(request, ("claim", pk), lambda: claim_page(pk))
    if slug != page["slug"]:
        return redirect(page["path"], permanent=True)
    if page["retracted"]:
        return render_page(request, "public/claim_retracted.html", page, status=410)
    if request.method == "POST":
        return suggest(request, pk, page)
    return render_page(request, "public/claim_detail.html", {**page, "form": SuggestionForm()})


@require_safe
def claim_short(request, pk):
    page = cached(request, ("claim", pk), lambda: claim_page(pk))
    return redirect(page["path"], permanent=True)


def claim_page(pk):
    claim = published.published_claim(pk)
    verdict = claim.verdict
    page = {"path": claim.url, "slug": published.claim_slug(verdict), "retracted": claim.retracted}
    if claim.retracted:
        # The record stays: what was claimed, the rating it had, the note, the date.
        context = {"claim": claim, "verdict": verdict}
        return {
            **page,
            "title": f"Retracted: {verdict.claim_text}",
            "body": render_body("public/claim_retracted.html#retraction-body", context),
        }
    details = published.claim_details(claim)
    context = {"claim": claim, "verdict": verdict, **details}
    return {
        **page,
        "title": verdict.claim_text,
        "description": verdict.summary,
        "canonical": published.absolute(claim.url),
        "jsonld": jsonld.for_script(jsonld.claim_review(claim, details)),
        "body": render_body("public/claim_detail.html#claim-body", context),
    }


def suggest(request, pk, page):
    """The "Suggest a correction" form: PRG without JavaScript, a fragment with htmx."""
    form = SuggestionForm(request.POST)
    limited = form.is_valid() and over_limit(request)
    if limited:
        form.add_error(None, TOO_MANY)
    if form.is_valid():
        if not form.is_bot:  # a filled honeypot looks accepted and stores nothing
            form.instance.claim_id = pk
            notifications.after_suggestion(form.save())
            count_suggestion(request)
        if request.htmx:
            context = {**page, "form": SuggestionForm(), "thanks": THANKS}
            return render(request, "public/claim_detail.html#suggestion-form", context)
        messages.success(request, THANKS)
        return redirect(page["path"])
    if request.htmx:
        return render(request, "public/claim_detail.html#suggestion-form", {**page, "form": form})
    status = 429 if limited else 200
    return render_page(request, "public/claim_detail.html", {**page, "form": form}, status=status)


@require_safe
@public_html
def corrections(request):
    """Every corrected and retracted fact-check, newest first."""
    number = request.GET.get("page", "1")
    page = cached(request, ("corrections", number), lambda: corrections_page(number))
    return render_page(request, "public/corrections.html", page, same_for_readers=True)


def corrections_page(number):
    results = Paginator(published.corrections(), PER_PAGE).get_page(number)
    for claim in results:
        claim.url = published.claim_url(claim)
        claim.retracted = claim.status == ClaimStatus.RETRACTED
    title = "Corrections and retractions"
    if results.number > 1:
        title += f", page {results.number}"
    return {
        "title": title,
        "body": render_body("public/corrections.html#corrections-body", {"results": results}),
    }


@require_safe
@public_html
def methodology(request):
    ratings = list(Rating.objects.order_by("position", "pk"))
    ordinals = [rating.ordinal for rating in ratings if rating.ordinal is not None]
    context = {"ratings": ratings, "best": max(ordinals, default=None)}
    context["worst"] = min(ordinals, default=None)
    return render(request, "public/methodology.html", context)


@require_safe
@public_data
def source_annotations(request, slug):
    revision = published.current_revision(slug)
    claims = published.annotated_claims(revision.source, revision)
    data = jsonld.annotation_collection(revision.source, revision, claims)
    response = HttpResponse(jsonld.for_file(data), content_type=jsonld.ANNOTATION_CONTENT_TYPE)
    # Public data meant for annotation clients on other sites.
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
@public_data
def feed(request):
    return LatestFactChecks()(request)


@require_safe
@public_data
def sitemap(request):
    """The sitemap index: every page of every section (see sitemaps.py)."""
    context = {"sitemaps": index_entries()}
    return render(request, "public/sitemap_index.xml", context, content_type="application/xml")


@require_safe
@public_data
def sitemap_section(request, section):
    if section not in SITEMAPS:
        raise Http404("No such sitemap.")
    return sitemap_view(
        request, sitemaps={section: SITEMAPS[section]}, template_name="public/sitemap.xml"
    )


@require_safe
@cache_control(public=True, max_age=3600)
def robots(request):
    context = {"sitemap_url": published.absolute(reverse("public:sitemap"))}
    return render(request, "public/robots.txt", context, content_type="text/plain; charset=utf-8")


@require_safe
@public_html
def source_revision(request, slug, number):
    """An earlier revision of a source's text, kept readable for old permalinks."""
    page = cached(request, ("revision", slug, number), lambda: revision_page(slug, number))
    return render_page(request, "public/source_revision.html", page, same_for_readers=True)


def revision_page(slug, number):
    context = published.revision_text(slug, number)
    source, revision = context["source"], context["revision"]
    return {
        "title": f"{source.title}, revision {revision.number}",
        "canonical": published.absolute(source.get_absolute_url()),
        "body": render_body("public/source_revision.html#revision-body", context),
    }


@require_safe
def sentence_lookup(request, slug, anchor):
    """Where a sentence permalink points now: the current text if the sentence is
    still there, else the latest revision that had it."""
    return redirect(published.sentence_location(slug, anchor))


@require_safe
@public_data
def source_revision_text(request, slug, number):
    """A revision's stored text as it is, the text Web Annotation selectors
    count positions over."""
    revision = get_object_or_404(published.shown_revisions(slug), number=number)
    response = HttpResponse(revision.text, content_type="text/plain; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response
