"""The workspace search over working claims, the similar-claims region of
the claim panels, and marking a claim "already checked" by an earlier one."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from factcheck.core import blind, search
from factcheck.core.ingest import strip_nul
from factcheck.core.models import Claim, ClaimStatus, Rating, Source
from factcheck.core.similar import LinkError, can_link, mark_already_checked, similar_claims
from factcheck.htmx import is_partial

from .views import claim_for_view, reviewer_required

PER_PAGE = 20
REGION = "review/similar_claims.html#similar-claims"
# Reviewers search the working fields, of every status. On PostgreSQL the
# database keeps this vector itself (search.WORKING_VECTOR, migration 0002): a
# change here needs a migration there.
WORKING_FIELDS = [
    search.Field("text", "A"),
    search.Field("summary", "B"),
    search.Field("rationale", "C"),
    search.Field("quote", "D"),
]
# The form's filters: field -> lookup on Claim.
FILTERS = {
    "status": "status",
    "rating": "rating",
    "source": "source",
    "claimant": "claimant__icontains",
    "since": "updated_at__date__gte",
    "until": "updated_at__date__lte",
}


class ClaimSearchForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    status = forms.ChoiceField(choices=[("", "All statuses"), *ClaimStatus.choices], required=False)
    rating = forms.ModelChoiceField(
        Rating.objects.all(), to_field_name="slug", required=False, empty_label="All ratings"
    )
    # Typed, not listed: an archive has tens of thousands of sources.
    source = forms.ModelChoiceField(
        Source.objects.all(),
        to_field_name="slug",
        required=False,
        label="Source (slug)",
        widget=forms.TextInput(attrs={"placeholder": "all sources"}),
        error_messages={"invalid_choice": "No source has that slug."},
    )
    claimant = forms.CharField(required=False, max_length=200)
    since = forms.DateField(
        label="Updated from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="to", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def claims(self, user):
        """The matching claims, but those `user` rates blind: their summary,
        rationale and rating are searched, so even a match would tell."""
        data = self.cleaned_data
        claims = blind.visible_claims(
            Claim.objects.select_related("source", "rating", "author"), user
        )
        for name, lookup in FILTERS.items():
            if data[name]:
                claims = claims.filter(**{lookup: data[name]})
        if strip_nul(data["q"]).strip():
            newest = ("-updated_at", "-pk")
            return search.Ranked(
                claims, strip_nul(data["q"]), WORKING_FIELDS, stored=search.WORKING_VECTOR,
                ranked=("-search_rank", *newest), newest=newest,
            )  # fmt: skip
        return claims.order_by("-updated_at", "-pk")


def working_texts(claim):
    return [claim.text, claim.summary, claim.rationale, claim.quote]


def page_query(request, number):
    query = request.GET.copy()
    query["page"] = number
    return "?" + urlencode(sorted((k, v) for k, v in query.items() if v))


@reviewer_required
@require_GET
def claim_search(request):
    form = ClaimSearchForm(request.GET, label_suffix="")
    claims = form.claims(request.user) if form.is_valid() else Claim.objects.none()
    paginate = search.CappedPaginator if isinstance(claims, search.Ranked) else Paginator
    results = paginate(claims, PER_PAGE).get_page(request.GET.get("page"))
    if form.is_valid() and form.cleaned_data["q"].strip():
        search.add_snippets(results, form.cleaned_data["q"], working_texts)
    context = {
        "form": form,
        "results": results,
        "previous": results.has_previous() and page_query(request, results.previous_page_number()),
        "next": results.has_next() and page_query(request, results.next_page_number()),
    }
    template = "review/search.html"
    if is_partial(request):
        template += "#search-results"
    return render(request, template, context)


def similar_region(user, claim, text):
    """What the similar-claims region shows for `claim` (None: a new claim) whose
    text is now `text`."""
    return {
        "claim": claim,
        "text": text,
        "similar": similar_claims(text, exclude=claim.pk if claim else None, viewer=user),
        "can_link": claim is not None and can_link(claim, user),
        "linked": claim.same_as if claim is not None and claim.same_as_id else None,
    }


@reviewer_required
@require_GET
def claim_similar(request):
    """The region alone, as the reviewer types the claim (htmx)."""
    claim = None
    if request.GET.get("claim", "").isdigit():
        claim = get_object_or_404(Claim, pk=request.GET["claim"])
    text = strip_nul(request.GET.get("text", ""))[:2000]
    region = similar_region(request.user, claim, text)
    return render(request, REGION, {"similar_region": region})


@reviewer_required
@require_POST
def claim_same_as(request, pk):
    """Mark the claim "already checked" by an earlier published fact-check, or
    (an empty `same_as`) remove that link."""
    claim = claim_for_view(request, pk)
    if not can_link(claim, request.user):
        raise PermissionDenied("Only the author or an editor can link a draft claim.")
    earlier_pk = request.POST.get("same_as", "")
    earlier = get_object_or_404(Claim, pk=earlier_pk) if earlier_pk.isdigit() else None
    error = None
    try:
        mark_already_checked(claim, earlier, actor=request.user)
        done = "Marked as already checked." if earlier else "Link removed."
    except LinkError as failure:
        error = str(failure)
    if request.htmx:
        region = similar_region(request.user, claim, claim.text)
        context = {"similar_region": region, "error": error, "done": None if error else done}
        return render(request, REGION, context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect(claim.get_absolute_url())
