"""Blind second ratings in the workspace (core/blind.py): the second reviewer's
blind page, and the editors' request, withdrawal and resolution."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from factcheck.core import blind
from factcheck.core.markup import preview_markdown
from factcheck.core.models import OPEN_BLIND_STATES, BlindRating, BlindState, Claim, Rating
from factcheck.core.roles import is_editor
from factcheck.htmx import navigate

from .forms import BlindRatingForm, BlindRequestForm, BlindResolveForm
from .views import WORKSPACE, claim_for_view, editor_context, render_workspace, reviewer_required

PAGE = "review/blind.html"
EDITORS_ONLY = "Only an editor can do that."


def blind_context(blind_rating, claim, **extra):
    """What the blind page shows: the claim's words and place, never its verdict.
    Only these fields of the claim are read (see blind_claim)."""
    return {
        "blind_rating": blind_rating,
        "claim": claim,
        "source": claim.source,
        "context": quote_context(claim),
        "own_research": blind.OWN_RESEARCH,
        "ratings": Rating.objects.filter(is_active=True),
        **extra,
    }


def quote_context(claim):
    """The claimed words in the text around them: (before, quote, after)."""
    if claim.start is None:
        return None
    text, around = claim.revision.text, 300
    before = text[max(0, claim.start - around) : claim.start]
    after = text[claim.end : claim.end + around] + ("…" if claim.end + around < len(text) else "")
    return ("…" if claim.start > around else "") + before, text[claim.start : claim.end], after


def blind_claim(pk):
    """The claim with only what a blind rater may see: its verdict is not read."""
    return get_object_or_404(
        Claim.objects.select_related("source", "revision", "first_sentence").only(
            *("text", "quote", "claimant", "claim_date", "start", "end", "status", "source_id"),
            *("source__title", "source__slug", "source__language", "revision__text"),
            *("revision__number", "revision__source_id", "first_sentence__anchor"),
        ),
        pk=pk,
    )


@reviewer_required
@require_http_methods(["GET", "POST"])
def claim_blind(request, pk):
    """The second reviewer rates the claim here, on their own research."""
    claim = blind_claim(pk)
    mine = BlindRating.objects.filter(claim=claim, reviewer=request.user)
    blind_rating = (
        mine.filter(state__in=OPEN_BLIND_STATES).select_related("rating", "requested_by").first()
    )
    if blind_rating is None:
        if mine.filter(state=BlindState.REVEALED).exists():
            return redirect(claim.get_absolute_url())
        raise PermissionDenied("Only the reviewer asked for an independent rating sees this page.")
    form = None
    if blind_rating.state == BlindState.REQUESTED:
        form = BlindRatingForm(request.POST or None, instance=blind_rating)
    if request.method == "POST":
        if form is None:
            messages.error(request, "Your rating is already in.")
            return redirect("review:claim-blind", pk=pk)
        if not request.POST.get("preview") and form.is_valid():
            blind_rating = blind.rate(blind_rating, reviewer=request.user, **form.cleaned_data)
            if blind_rating.state == BlindState.REVEALED:
                messages.success(request, "Your rating is in, and so is the first: compare them.")
                return navigate(request, claim.get_absolute_url())
            messages.success(request, "Your rating is in. It is shown once the claim is rated.")
            return navigate(request, request.path)
    preview = mark_safe(preview_markdown(request.POST.get("rationale", ""))) if form else ""
    context = blind_context(blind_rating, claim, form=form, preview_html=preview)
    template = PAGE + ("#blind-form" if request.htmx else "")
    return render(request, template, context)


def editor_only(request):
    if not is_editor(request.user):
        raise PermissionDenied(EDITORS_ONLY)


def panel_response(request, claim, **extra):
    """The claim page's blind panel again, with the errors and what was typed
    (under htmx the panel alone)."""
    context = editor_context(request, claim, **extra)
    if request.htmx:
        return render(request, f"{WORKSPACE}#blind-panel", context)
    return render_workspace(request, claim.source, "claim-editor", context)


@reviewer_required
@require_POST
def blind_request(request, pk):
    editor_only(request)
    claim = claim_for_view(request, pk)
    form = BlindRequestForm(request.POST, eligible=blind.eligible_reviewers(claim, request.user))
    if form.is_valid():
        try:
            blind.request(claim, form.cleaned_data["reviewer"], by=request.user)
        except blind.BlindError as error:
            form.add_error("reviewer", str(error))
        else:
            name = form.cleaned_data["reviewer"].get_username()
            messages.success(request, f"Asked {name} for an independent rating.")
            return navigate(request, claim.get_absolute_url())
    errors = [e for errors in form.errors.values() for e in errors]
    return panel_response(request, claim, blind_request_form=form, blind_errors=errors)


@reviewer_required
@require_POST
def blind_withdraw(request, pk):
    editor_only(request)
    blind_rating = get_object_or_404(BlindRating.objects.select_related("claim"), pk=pk)
    try:
        blind.withdraw(blind_rating, by=request.user)
    except blind.BlindError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Request withdrawn.")
    return navigate(request, blind_rating.claim.get_absolute_url())


@reviewer_required
@require_POST
def blind_resolve(request, pk):
    editor_only(request)
    blind_rating = get_object_or_404(BlindRating, pk=pk)
    claim = claim_for_view(request, blind_rating.claim_id)
    form = BlindResolveForm(request.POST)
    if form.is_valid():
        try:
            blind.resolve(blind_rating, by=request.user, note=form.cleaned_data["note"])
        except blind.BlindError as error:
            form.add_error("note", str(error))
        else:
            messages.success(request, "Disagreement resolved.")
            return navigate(request, claim.get_absolute_url())
    errors = [e for errors in form.errors.values() for e in errors]
    return panel_response(request, claim, blind_resolve_form=form, blind_errors=errors)
