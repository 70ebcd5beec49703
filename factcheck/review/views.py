from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from factcheck.core.anchoring import SelectionError, anchor_selection
from factcheck.core.claims import (
    Conflict,
    NotAllowed,
    add_citation,
    create_claim,
    delete_citation,
    delete_claim,
    move_citation,
    reattach_claim,
    save_verdict,
    update_citation,
    update_claim,
)
from factcheck.core.highlight import annotate_sentences, group_paragraphs
from factcheck.core.ingest import IngestError
from factcheck.core.markup import render_markdown
from factcheck.core.models import AnchorState, Citation, Claim, Rating, RevisionOrigin, Source
from factcheck.core.roles import is_editor
from factcheck.core.sources import SourceError, create_source
from factcheck.core.workflow import (
    ACTIONS,
    TransitionError,
    available_actions,
    missing_for_publication,
    transition,
)

from .forms import CitationForm, ClaimForm, SelectionForm, SourceForm, VerdictForm


def reviewer_required(view):
    """Logged in and holding the reviewer's permission to view claims."""
    return login_required(permission_required("core.view_claim", raise_exception=True)(view))


@reviewer_required
def desk(request):
    """Sources with their claims by status, the user's drafts, and what waits for
    them: submitted work by others for an editor."""
    sources = Source.objects.with_revision_count().with_claim_counts().order_by("-updated_at")
    mine = Claim.objects.drafts_of(request.user).select_related("source", "rating")
    waiting = Claim.objects.none()
    if is_editor(request.user):
        waiting = (
            Claim.objects.reviewable_by(request.user)
            .select_related("source", "rating", "author")
            .order_by("updated_at")
        )
    return render(
        request,
        "review/desk.html",
        {
            "sources": sources,
            "my_drafts": mine.order_by("-updated_at")[:50],
            "waiting": waiting[:50],
        },
    )


@login_required
@permission_required("core.add_source", raise_exception=True)
@require_http_methods(["GET", "POST"])
def source_new(request):
    form = SourceForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        data = form.cleaned_data
        upload = data["upload"]
        try:
            source = create_source(
                title=data["title"],
                slug=data["slug"],
                text=data["normalised_text"],
                user=request.user,
                origin=RevisionOrigin.UPLOAD if upload else RevisionOrigin.PASTE,
                filename=upload.name if upload else "",
                **{
                    f: data[f] for f in ("kind", "byline", "origin_url", "published_on", "language")
                },
            )
        except (SourceError, IngestError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Source “{source.title}” created.")
            if request.htmx:
                return HttpResponseClientRedirect(source.get_absolute_url())
            return redirect(source.get_absolute_url())
    template = "review/source_new.html"
    if request.htmx:
        template += "#source-form"
    return render(request, template, {"form": form})


WORKSPACE = "review/workspace.html"


def text_context(source, user):
    """The annotated source text and the claims in text order (constant queries)."""
    revision = source.current_revision
    sentences = list(revision.sentences.all())
    claims = list(
        source.claims.filter(revision=revision).located().with_panel_data().in_text_order()
    )
    for number, claim in enumerate(claims, start=1):
        claim.number = number
    annotate_sentences(revision.text, sentences, claims)
    orphans = list(source.claims.filter(start__isnull=True).with_panel_data())
    for orphan in orphans:
        orphan.reattachable = orphan.can_reattach(user)
    return {
        "source": source,
        "revision": revision,
        "paragraphs": group_paragraphs(revision.text, sentences),
        "claims": claims,
        "orphans": orphans,
    }


def wants_fragment(request):
    """An htmx swap, not htmx restoring a page from history (that needs it whole)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def render_workspace(request, source, panel, context):
    """The whole workspace with `panel` in the side panel, or under htmx only the
    region the request targets (the panel by default, or the source text)."""
    if wants_fragment(request) and request.htmx.target == "source-text":
        return render(request, f"{WORKSPACE}#source-text", text_context(source, request.user))
    if wants_fragment(request):
        return render(request, f"{WORKSPACE}#{panel}", {"source": source, **context})
    return render(
        request, WORKSPACE, {**text_context(source, request.user), **context, "panel": panel}
    )


@reviewer_required
@require_GET
def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    if wants_fragment(request) and request.htmx.target != "source-text":
        return render(request, f"{WORKSPACE}#claim-list", text_context(source, request.user))
    return render_workspace(request, source, "claim-list", {})


@reviewer_required
@permission_required("core.add_claim", raise_exception=True)
@require_http_methods(["GET", "POST"])
def claim_new(request, slug):
    source = get_object_or_404(Source, slug=slug)
    revision = source.current_revision
    sentences = list(revision.sentences.all())
    data = request.POST if request.method == "POST" else request.GET
    selection = SelectionForm(data, sentences=sentences, hidden=bool(request.htmx))
    form = ClaimForm(request.POST or None)
    context = {"selection_form": selection, "form": form}
    if selection.is_valid():
        try:
            anchor = anchor_selection(revision.text, sentences, **selection.cleaned_data)
            context["quote"] = revision.text[anchor.start : anchor.end]
        except SelectionError as error:
            context["selection_error"] = str(error)
    elif data.get("first") is not None:
        context["selection_error"] = "Select a sentence of the text first."
    if request.method == "POST" and "quote" in context and form.is_valid():
        fields = picked(form.cleaned_data, CLAIM_LABELS)
        claim = create_claim(source=source, author=request.user, **selection.cleaned_data, **fields)
        messages.success(request, "Claim saved as a draft. Now give it a verdict and citations.")
        if request.htmx:
            return HttpResponseClientRedirect(claim.get_absolute_url())
        return redirect(claim.get_absolute_url())
    return render_workspace(request, source, "claim-new", context)


def claim_for_view(request, pk):
    return get_object_or_404(
        Claim.objects.select_related(
            "source", "rating", "author", "first_sentence", "last_sentence", "revision"
        ),
        pk=pk,
    )


def editor_context(request, claim, **extra):
    editable = claim.can_edit(request.user)
    context = {
        "source": claim.source,
        "claim": claim,
        "editable": editable,
        "deletable": claim.can_delete(request.user),
        "reattachable": claim.can_reattach(request.user),
        "citations": list(claim.citations.all()),
        "ratings": list(Rating.objects.filter(is_active=True)),
        "claim_form": ClaimForm(instance=claim, initial={"version": claim.version}),
        "verdict_form": VerdictForm(instance=claim, initial={"version": claim.verdict_version}),
        "citation_form": CitationForm(),
        "preview_html": mark_safe(claim.rationale_html),
        "actions": available_actions(claim, request.user),
        "missing": missing_for_publication(claim),
        "events": list(claim.events.select_related("actor").order_by("-at", "-pk")[:50]),
    }
    context.update(extra)
    return context


def editable_claim(request, pk):
    """The claim, if the user may edit it; 403 otherwise (checked here, not in templates)."""
    claim = claim_for_view(request, pk)
    if not claim.can_edit(request.user):
        raise PermissionDenied("Only the author can edit a draft claim.")
    return claim


def conflict_rows(form, current, labels):
    rows = []
    for name, label in labels.items():
        theirs = getattr(current, name)
        yours = form.cleaned_data.get(name) if form.is_valid() else form.data.get(name)
        if str(theirs or "") != str(yours or ""):
            rows.append({"label": label, "theirs": theirs, "yours": yours})
    return {"who": current.updated_by.get_username() if current.updated_by else None, "rows": rows}


def save_versioned_form(request, form, save, *, counter, labels):
    """Validate `form` and call save(cleaned_data). Returns (saved, form, conflict):
    after a Conflict the form holds the user's own input re-bound with the
    current version (saving again is a deliberate choice to keep theirs) and
    `conflict` says what the other person saved."""
    if not form.is_valid():
        return False, form, None
    try:
        save(form.cleaned_data)
    except Conflict as error:
        conflict = conflict_rows(form, error.current, labels)
        data = request.POST.copy()
        data["version"] = getattr(error.current, counter)
        return False, type(form)(data, instance=form.instance), conflict
    return True, form, None


def picked(data, names):
    return {name: data[name] for name in names}


@reviewer_required
@require_http_methods(["GET", "POST"])
def claim_detail(request, pk):
    claim = claim_for_view(request, pk)
    if request.method == "GET":
        context = editor_context(request, claim)
        if request.GET.get("region") == "citation-list" and request.htmx:
            return render(request, f"{WORKSPACE}#citation-list", context)
        return render_workspace(request, claim.source, "claim-editor", context)
    claim = editable_claim(request, pk)
    saved, form, conflict = save_versioned_form(
        request,
        ClaimForm(request.POST, instance=claim),
        lambda data: update_claim(
            claim, editor=request.user, version=data["version"], **picked(data, CLAIM_LABELS)
        ),
        counter="version",
        labels=CLAIM_LABELS,
    )
    if saved:
        if not request.htmx:
            messages.success(request, "Claim saved.")
            return redirect(claim.get_absolute_url())
        form = ClaimForm(instance=claim, initial={"version": claim.version})
    context = editor_context(
        request, claim, claim_form=form, claim_conflict=conflict, saved="claim" if saved else None
    )
    if request.htmx:
        return render(request, f"{WORKSPACE}#claim-form", context)
    return render_workspace(request, claim.source, "claim-editor", context)


CLAIM_LABELS = {
    "text": "Claim",
    "claimant": "Claimant",
    "claimant_type": "Person or organization",
    "claim_date": "Claim date",
    "notes": "Notes",
}
VERDICT_LABELS = {"rating": "Rating", "summary": "Summary", "rationale": "Rationale"}
CITATION_LABELS = {
    "url": "URL",
    "archived_url": "Archived copy",
    "title": "Title",
    "publisher": "Publisher",
    "quote": "Quote",
    "stance": "Stance",
    "accessed_on": "Accessed on",
}


@reviewer_required
@require_http_methods(["GET", "POST"])
def claim_verdict(request, pk):
    if request.method == "GET":
        return redirect("review:claim-detail", pk=pk)
    claim = editable_claim(request, pk)
    form = VerdictForm(request.POST, instance=claim)
    saved, conflict = False, None
    if not request.POST.get("preview"):
        saved, form, conflict = save_versioned_form(
            request,
            form,
            lambda data: save_verdict(
                claim,
                editor=request.user,
                version=data["version"],
                correction_note=data.get("correction_note"),
                **picked(data, ("rating", "summary", "rationale")),
            ),
            counter="verdict_version",
            labels=VERDICT_LABELS,
        )
    if saved:
        if not request.htmx:
            messages.success(request, "Verdict saved.")
            return redirect(claim.get_absolute_url())
        form = VerdictForm(instance=claim, initial={"version": claim.verdict_version})
    context = {
        "preview_html": mark_safe(render_markdown(request.POST.get("rationale", ""))),
        "verdict_conflict": conflict,
        "saved": "verdict" if saved else None,
    }
    context = editor_context(request, claim, verdict_form=form, **context)
    if request.htmx:
        response = render(request, f"{WORKSPACE}#verdict-panel", context)
        if context.get("saved"):
            # The rating colours the highlight: the text region reloads itself.
            trigger_client_event(response, "claims-changed")
        return response
    return render_workspace(request, claim.source, "claim-editor", context)


@reviewer_required
@require_POST
def rationale_preview(request):
    return HttpResponse(render_markdown(request.POST.get("rationale", "")))


def citation_list_response(request, claim, **extra):
    context = editor_context(request, claim, **extra)
    if request.htmx:
        return render(request, f"{WORKSPACE}#citation-list", context)
    return render_workspace(request, claim.source, "claim-editor", context)


@reviewer_required
@require_POST
def citation_add(request, pk):
    claim = editable_claim(request, pk)
    form = CitationForm(request.POST)
    if form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        add_citation(claim, editor=request.user, **fields)
        if not request.htmx:
            messages.success(request, "Citation added.")
            return redirect(claim.get_absolute_url())
        form = CitationForm()
    return citation_list_response(request, claim, citation_form=form)


def editable_citation(request, pk):
    citation = get_object_or_404(Citation, pk=pk)
    return citation, editable_claim(request, citation.claim_id)


@reviewer_required
@require_http_methods(["GET", "POST"])
def citation_edit(request, pk):
    citation, claim = editable_citation(request, pk)
    if request.method == "GET":
        form = CitationForm(instance=citation, initial={"version": citation.version})
        return citation_list_response(
            request, claim, editing_citation=citation, citation_edit_form=form
        )
    saved, form, conflict = save_versioned_form(
        request,
        CitationForm(request.POST, instance=citation),
        lambda data: update_citation(
            citation, editor=request.user, version=data["version"], **picked(data, CITATION_LABELS)
        ),
        counter="version",
        labels=CITATION_LABELS,
    )
    if saved and not request.htmx:
        messages.success(request, "Citation saved.")
        return redirect(claim.get_absolute_url())
    if saved:
        return citation_list_response(request, claim)
    return citation_list_response(
        request,
        claim,
        editing_citation=citation,
        citation_edit_form=form,
        citation_conflict=conflict,
    )


@reviewer_required
@require_POST
def citation_delete(request, pk):
    citation, claim = editable_citation(request, pk)
    delete_citation(citation, editor=request.user)
    if not request.htmx:
        messages.success(request, "Citation deleted.")
        return redirect(claim.get_absolute_url())
    return citation_list_response(request, claim)


@reviewer_required
@require_POST
def citation_move(request, pk):
    citation, claim = editable_citation(request, pk)
    move_citation(citation, -1 if request.POST.get("direction") == "up" else 1, editor=request.user)
    if not request.htmx:
        return redirect(claim.get_absolute_url())
    return citation_list_response(request, claim)


@reviewer_required
@require_POST
def claim_delete(request, pk):
    claim = editable_claim(request, pk)
    source = claim.source
    try:
        delete_claim(claim, editor=request.user)
    except NotAllowed as error:
        messages.error(request, str(error))
        url = claim.get_absolute_url()
    else:
        messages.success(request, "Claim deleted.")
        url = reverse("review:source-detail", args=[source.slug])
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


@reviewer_required
@require_POST
def claim_transition(request, pk, action):
    """Workflow buttons in the workspace: the workflow module decides and explains."""
    claim = claim_for_view(request, pk)
    if action not in ACTIONS:
        raise Http404("No such action.")
    try:
        transition(claim, action, request.user, note=request.POST.get("note", ""))
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, ACTIONS[action].done)
    if request.htmx:
        return HttpResponseClientRedirect(claim.get_absolute_url())
    return redirect(claim.get_absolute_url())


def reanchorable_claim(request, pk):
    claim = claim_for_view(request, pk)
    if not claim.can_reattach(request.user):
        raise PermissionDenied("Only the author of a draft, or an editor, can re-attach a claim.")
    return claim


@reviewer_required
@require_http_methods(["GET", "POST"])
def claim_reattach(request, pk):
    """Point a claim (orphaned, or fuzzy) at a new selection in the current text."""
    claim = reanchorable_claim(request, pk)
    revision = claim.source.current_revision
    sentences = list(revision.sentences.all())
    data = request.POST if request.method == "POST" else request.GET
    selection = SelectionForm(data or None, sentences=sentences, hidden=bool(request.htmx))
    context = {"claim": claim, "selection_form": selection}
    if selection.is_valid():
        try:
            anchor = anchor_selection(revision.text, sentences, **selection.cleaned_data)
            context["quote"] = revision.text[anchor.start : anchor.end]
        except SelectionError as error:
            context["selection_error"] = str(error)
    if request.method == "POST" and "quote" in context:
        reattach_claim(claim, editor=request.user, **selection.cleaned_data)
        messages.success(request, "Claim re-attached to the selected text.")
        if request.htmx:
            return HttpResponseClientRedirect(claim.get_absolute_url())
        return redirect(claim.get_absolute_url())
    return render_workspace(request, claim.source, "claim-reattach", context)


@reviewer_required
@require_POST
def claim_confirm(request, pk):
    """Accept the fuzzy match as the claim's new place (its quote becomes that text)."""
    claim = reanchorable_claim(request, pk)
    if claim.anchor_state != AnchorState.FUZZY or claim.start is None:
        messages.error(request, "Only a claim whose text changed can be confirmed.")
    else:
        reattach_claim(
            claim,
            editor=request.user,
            first=claim.first_sentence.index,
            last=claim.last_sentence.index,
            start=claim.start,
            end=claim.end,
        )
        messages.success(request, "New place confirmed.")
    return redirect(claim.get_absolute_url())
