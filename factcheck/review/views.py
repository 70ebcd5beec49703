from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch, Subquery, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import push_url, trigger_client_event

from factcheck.core import blind
from factcheck.core.candidates import dismiss_candidate, dismissals_of, undo_dismissal
from factcheck.core.claims import (
    Conflict,
    NotAllowed,
    add_citation,
    create_claim,
    delete_citation,
    delete_claim,
    move_citation,
    number_in_source,
    reattach_claim,
    save_verdict,
    update_citation,
    update_claim,
)
from factcheck.core.markup import preview_markdown
from factcheck.core.models import (
    AnchorState,
    AuditEvent,
    Citation,
    Claim,
    ClaimStatus,
    Rating,
    RevisionOrigin,
    Source,
)
from factcheck.core.queues import desk_queues
from factcheck.core.roles import is_editor
from factcheck.core.sources import SourceError
from factcheck.core.tasks import queue_fetch, queue_source
from factcheck.core.workflow import (
    ACTIONS,
    TransitionError,
    available_actions,
    done_message,
    missing_for_publication,
    only_place_changed,
    transition,
    withheld_actions,
)
from factcheck.htmx import navigate, region

from .forms import (
    BlindRequestForm,
    BlindResolveForm,
    CitationForm,
    ClaimForm,
    SelectionForm,
    SourceForm,
    TransitionForm,
    VerdictForm,
)
from .templatetags.workspace_text import (
    Dismissed,
    checkworthy_context,
    marks,
    render_sentences,
    sentences_of,
    text_markup,
)


def reviewer_required(view):
    """Logged in and holding the reviewer's permission to view claims."""
    return login_required(permission_required("core.view_claim", raise_exception=True)(view))


SOURCES_PER_PAGE = 50


@reviewer_required
def desk(request):
    """Sources with their claims by status, the user's drafts, and what waits for
    them: submitted work by others for an editor, what is assigned to them,
    unread notifications."""
    # A page of sources, and their counts for that page only: an archive has
    # tens of thousands, and counting every source's claims cost the most.
    newest = Source.objects.order_by("-updated_at", "-pk").only("pk")
    page = Paginator(newest, SOURCES_PER_PAGE).get_page(request.GET.get("page"))
    sources = (
        Source.objects.filter(pk__in=[source.pk for source in page])
        .with_revision_count()
        .with_claim_counts()
        .select_related("assignment__assignee")
        .order_by("-updated_at", "-pk")
    )
    mine = Claim.objects.drafts_of(request.user).select_related("source", "rating")
    waiting = Claim.objects.none()
    if is_editor(request.user):
        waiting = (
            blind.visible_claims(Claim.objects.reviewable_by(request.user), request.user)
            .select_related("source", "rating", "author")
            .annotate(submitted_as=submitted_as())
            .order_by("updated_at")
        )
    return render(
        request,
        "review/desk.html",
        {
            "sources": sources,
            "source_page": page,
            "my_drafts": mine.order_by("-updated_at")[:50],
            "waiting": waiting[:50],
            "blind_requests": blind.open_for(request.user)[:50],
            "disagreements": blind.disagreements(request.user)[:50]
            if is_editor(request.user)
            else [],
            **desk_queues(request.user),
        },
    )


def submitted_as():
    """Subquery: the action that last submitted the claim ("submit_place" for a
    published claim's new place), for the desk to say what is to be reviewed."""
    submits = AuditEvent.objects.filter(
        claim_id=OuterRef("pk"), action__in=["submit", "submit_place"]
    ).order_by("-pk")
    return Subquery(submits.values("action")[:1])


@login_required
@permission_required("core.add_source", raise_exception=True)
@require_http_methods(["GET", "POST"])
def source_new(request):
    """Check the input, queue the source (core/tasks.py) and show its progress."""
    form = SourceForm(request.POST or None, request.FILES or None)
    if form.is_valid() and form.cleaned_data["url"]:
        try:
            ingestion = queue_fetch(
                url=form.cleaned_data["url"], user=request.user, **form.fetch_fields()
            )
        except SourceError as error:
            form.add_error("slug", str(error))
        else:
            return navigate(request, reverse("review:ingestion-detail", args=[ingestion.pk]))
    elif form.is_valid():
        data = form.cleaned_data
        upload = data["upload"]
        try:
            ingestion = queue_source(
                title=data["title"],
                slug=data["slug"],
                text=data["normalised_text"],
                user=request.user,
                origin=RevisionOrigin.UPLOAD if upload else RevisionOrigin.PASTE,
                filename=upload.name if upload else "",
                encoding=data["encoding"],
                markdown=data["markdown"],
                **{
                    f: data[f] for f in ("kind", "byline", "origin_url", "published_on", "language")
                },
            )
        except SourceError as error:
            form.add_error(None, str(error))
        else:
            url = reverse("review:ingestion-detail", args=[ingestion.pk])
            return navigate(request, url)
    template = "review/source_new.html"
    if request.htmx:
        template += "#source-form"
    return render(request, template, {"form": form})


WORKSPACE = "review/workspace.html"
# Claim rows rendered with the page; the rest come on demand ("Show all").
CLAIM_PAGE = 100
# Regions an htmx request may ask for by its target; any other target (the
# side panel) gets the view's own panel.
REGIONS = ("source-text", "claim-list", "claim-form", "verdict-panel", "citation-list")


def text_context(request, source, params=None):
    """The highlighted source text and the claim list (constant queries). The
    list is in the order of the claims' badges in the text (where they end).
    `params` (the query by default) may ask for the check-worthy sentences
    only: show=candidates, and a page of them."""
    params = request.GET if params is None else params
    revision = source.current_revision
    located = source.claims.filter(revision=revision).located()
    highlights = marks(located.order_by("end", "start", "pk"), request.user)
    only_candidates = params.get("show") == "candidates"
    dismissals = {a: Dismissed(*d) for a, d in dismissals_of(source).items()}
    candidates = checkworthy_context(
        text_markup(revision),
        highlights,
        dismissals,
        page=(params.get("page") or 1) if only_candidates else None,
    )
    show_all = request.GET.get("claims") == "all"
    claims = highlights if show_all else highlights[:CLAIM_PAGE]
    orphans = list(source.claims.filter(start__isnull=True).with_panel_data())
    for orphan in orphans:
        orphan.reattachable = orphan.can_reattach(request.user)
    return {
        "source": source,
        "revision": revision,
        "marks": highlights,
        "claims": claims,
        "claim_count": len(highlights),
        "more_claims": len(highlights) - len(claims),
        "orphans": orphans,
        "candidates": candidates,
        "show": "candidates" if only_candidates else "all",
    }


def render_workspace(request, source, panel, context):
    """The whole workspace with `panel` in the side panel, or under htmx only the
    region the request targets (see REGIONS; the panel otherwise)."""
    wanted = region(request, panel, REGIONS)
    if wanted in ("source-text", "claim-list"):
        return render(
            request, f"{WORKSPACE}#{wanted}", {**text_context(request, source), **context}
        )
    if wanted:
        return render(request, f"{WORKSPACE}#{wanted}", {"source": source, **context})
    return render(request, WORKSPACE, {**text_context(request, source), **context, "panel": panel})


def with_oob(response, *fragments):
    """Append out-of-band fragments (elements with hx-swap-oob) to an htmx response."""
    response.content = response.content + "".join(fragments).encode()
    return response


def changed_text(claim, viewer, *, on_current_text=False):
    """The sentences under `claim`, re-rendered with every claim on them now, as
    out-of-band swaps; empty if the claim has no place in the current text
    (`on_current_text`: the caller knows it has, as a claim just created)."""
    revision = claim.revision
    if claim.start is None:
        return ""
    if not on_current_text and claim.source.revisions.filter(number__gt=revision.number).exists():
        return ""
    markup = text_markup(revision)
    indexes = sentences_of(markup, claim.start, claim.end)
    lo, hi = markup.rows[indexes[0]].start, markup.rows[indexes[-1]].end
    around = marks(revision.claims.located().filter(start__lt=hi, end__gt=lo), viewer)
    return render_sentences(markup, around, indexes)


@reviewer_required
@require_GET
def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    return render_workspace(request, source, "claim-list", {})


@reviewer_required
@permission_required("core.add_candidatedismissal", raise_exception=True)
@require_POST
def candidate_dismiss(request, slug):
    """Mark a check-worthy sentence of the current text as not worth checking."""
    source = get_object_or_404(Source, slug=slug)
    anchor = request.POST.get("anchor", "")
    if is_candidate(source, anchor):
        dismiss_candidate(source, anchor, reviewer=request.user)
        return candidate_changed(request, source, anchor, "Dismissed.")
    return candidate_changed(request, source, anchor, error=NOT_A_CANDIDATE)


@reviewer_required
@permission_required("core.delete_candidatedismissal", raise_exception=True)
@require_POST
def candidate_undo(request, slug):
    """Undo a dismissal: the sentence is a check-worthy candidate again."""
    source = get_object_or_404(Source, slug=slug)
    anchor = request.POST.get("anchor", "")
    if undo_dismissal(source, anchor, reviewer=request.user):
        return candidate_changed(request, source, anchor, "Dismissal undone.")
    return candidate_changed(request, source, anchor, error="That sentence was not dismissed.")


NOT_A_CANDIDATE = "That sentence is not a check-worthy candidate of the current text."


def is_candidate(source, anchor):
    """A check-worthy sentence of the current text that no claim covers."""
    revision = source.current_revision
    markup = text_markup(revision)
    index = markup.indexes.get(anchor)
    if index is None or markup.candidates[index] is None:
        return False
    row = markup.rows[index]
    return not revision.claims.located().filter(start__lt=row.end, end__gt=row.start).exists()


def candidate_changed(request, source, anchor, done="", *, error=""):
    """After a dismissal or its undo: the check-worthy view again, at the page
    the form was on (PRG without JavaScript, the text region under htmx)."""
    params = {"show": request.POST.get("show") or "candidates", "page": request.POST.get("page")}
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, done)
        query = {"show": "candidates", "page": params["page"] or 1}
        url = reverse("review:source-detail", args=[source.slug])
        if params["show"] == "candidates":
            url += "?" + urlencode(query)
        return redirect(url)
    context = {**text_context(request, source, params), "candidate_error": error, "done": done}
    return render(request, f"{WORKSPACE}#source-text", context)


@reviewer_required
@permission_required("core.add_claim", raise_exception=True)
@require_http_methods(["GET", "POST"])
def claim_new(request, slug):
    source = get_object_or_404(Source, slug=slug)
    selection = selection_form(request, source)
    form = ClaimForm(request.POST or None)
    context = {"selection_form": selection, "form": form}
    if request.method == "POST" and selection.is_valid() and form.is_valid():
        fields = picked(form.cleaned_data, CLAIM_LABELS)
        claim = create_claim(source=source, author=request.user, **selection.selection(), **fields)
        if not request.htmx:
            messages.success(request, CREATED)
            return redirect(claim.get_absolute_url())
        return claim_created(request, claim)
    if selection.is_valid():
        context["checked"] = already_checked(source, selection.cleaned_data["anchor"])
    return render_workspace(request, source, "claim-new", context)


CREATED = "Claim saved as a draft. Now give it a verdict and citations."


def selection_form(request, source):
    """The selection of a request, bound once a sentence was given (or posted)."""
    revision = source.current_revision
    data = request.POST if request.method == "POST" else request.GET
    # The selection bar sends "first=" when nothing was selected (no JavaScript):
    # the form then offers the sentences to choose from, without errors yet.
    return SelectionForm(
        data if request.method == "POST" or data.get("first") else None,
        text=revision.text,
        sentences=text_markup(revision).rows,
        hidden=bool(request.htmx),
    )


def already_checked(source, anchor):
    """Claims on the current text that overlap the selection."""
    return list(
        source.claims.filter(
            revision=source.current_revision, start__lt=anchor.end, end__gt=anchor.start
        ).order_by("start", "pk")[:10]
    )


def claim_created(request, claim):
    """One response for an htmx create: the claim's editor in the panel, its
    sentences highlighted and the claim count, out of band; no page reload."""
    claim.has_blind = False  # just created: nobody was asked to rate it blind yet
    response = render(
        request, f"{WORKSPACE}#claim-editor", editor_context(request, claim, created=CREATED)
    )
    count = render_to_string(
        f"{WORKSPACE}#claim-count",
        {
            "claim_count": claim.source.claims.filter(revision=claim.revision).located().count(),
            "oob": True,
        },
    )
    push_url(response, claim.get_absolute_url())
    trigger_client_event(response, "claim-created")
    return with_oob(response, changed_text(claim, request.user, on_current_text=True), count)


BLIND_ONLY = (
    "You are rating this claim blind: until both ratings are in, you see it only on its "
    "blind rating page."
)


def claim_for_view(request, pk, *, blind_page_ok=False):
    """The claim, read with what its page shows. A claim the user rates blind
    is refused (403) unless `blind_page_ok`: the caller then sends them to the
    blind page (claim.blind_hidden says so)."""
    claims = Claim.objects.select_related(
        "source",
        "rating",
        "author",
        "first_sentence",
        "last_sentence",
        "revision",
        "assignment__assignee",
    )
    claim = get_object_or_404(blind.with_blind_flags(claims, request.user), pk=pk)
    if claim.blind_hidden and not blind_page_ok:
        raise PermissionDenied(BLIND_ONLY)
    return claim


def editor_context(request, claim, **extra):
    """Everything the claim editor shows. What costs a query or a form is lazy
    (computed once, when a template first uses it), so a response that renders
    one region of the editor (a verdict save, a citation) pays only for it."""
    editable = claim.can_edit(request.user)

    def cited():
        # One query for the list, what is missing and the workflow's checks.
        citations = Citation.objects.select_related("snapshot")
        prefetch_related_objects([claim], Prefetch("citations", queryset=citations))
        return claim

    context = {
        "source": claim.source,
        "claim": claim,
        "editable": editable,
        "deletable": claim.can_delete(request.user),
        "reattachable": claim.can_reattach(request.user),
        "citations": SimpleLazyObject(lambda: list(cited().citations.all())),
        "ratings": SimpleLazyObject(lambda: list(Rating.objects.filter(is_active=True))),
        "claim_form": SimpleLazyObject(
            lambda: ClaimForm(instance=claim, initial={"version": claim.version})
        ),
        "verdict_form": SimpleLazyObject(
            lambda: VerdictForm(instance=claim, initial={"version": claim.verdict_version})
        ),
        "citation_form": SimpleLazyObject(CitationForm),
        "preview_html": mark_safe(claim.rationale_html),
        "actions": SimpleLazyObject(lambda: available_actions(cited(), request.user)),
        # Why an action this user's role has is not offered (the two-person rule).
        "withheld": SimpleLazyObject(lambda: withheld_actions(cited(), request.user)),
        # The number the claim list shows it under (empty for an orphan).
        "claim_number": SimpleLazyObject(lambda: number_in_source(claim) or ""),
        # A published claim's new place, waiting for a second person (workflow.py).
        "place_review": SimpleLazyObject(
            lambda: claim.status == ClaimStatus.SUBMITTED and only_place_changed(claim)
        ),
        "missing": SimpleLazyObject(lambda: missing_for_publication(cited())),
        "events": SimpleLazyObject(
            lambda: list(claim.events.select_related("actor").order_by("-at", "-pk")[:50])
        ),
        **blind_context(request, claim),
    }
    context.update(extra)
    return context


def blind_context(request, claim):
    """The claim page's blind rating panel (lazy: one query when shown)."""
    editor = is_editor(request.user)

    def request_form():
        if not editor or blind.request_refusal(claim, request.user):
            return None
        return BlindRequestForm(eligible=blind.eligible_reviewers(claim, request.user))

    return {
        "blind": SimpleLazyObject(lambda: blind.current_of(claim) or False),
        "blind_request_form": SimpleLazyObject(lambda: request_form() or False),
        "blind_resolve_form": SimpleLazyObject(BlindResolveForm),
    }


def editable_claim(request, pk):
    """The claim, if the user may edit it; 403 otherwise (checked here, not in templates)."""
    claim = claim_for_view(request, pk)
    if not claim.can_edit(request.user):
        raise PermissionDenied("Only the author, the assignee or an editor can edit a draft claim.")
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


def save_fields(request, form, update, obj, labels):
    """save_versioned_form for an update of `obj`'s fields named in `labels`
    (update_claim, update_citation)."""

    def save(data):
        update(obj, editor=request.user, version=data["version"], **picked(data, labels))

    return save_versioned_form(request, form, save, counter="version", labels=labels)


def picked(data, names):
    return {name: data[name] for name in names}


@reviewer_required
@require_http_methods(["GET", "POST"])
def claim_detail(request, pk):
    claim = claim_for_view(request, pk, blind_page_ok=request.method == "GET")
    if claim.blind_hidden:
        return navigate(request, blind.blind_url(claim))
    if request.method == "GET":
        return render_workspace(
            request, claim.source, "claim-editor", editor_context(request, claim)
        )
    claim = editable_claim(request, pk)
    form = ClaimForm(request.POST, instance=claim)
    saved, form, conflict = save_fields(request, form, update_claim, claim, CLAIM_LABELS)
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


CLAIM_LABELS = ClaimForm.labels()
VERDICT_LABELS = {"rating": "Rating", "summary": "Summary", "rationale": "Rationale"}
CITATION_LABELS = CitationForm.labels()


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
    context = {"verdict_conflict": conflict, "saved": "verdict" if saved else None}
    if not saved:  # saved, the preview is the stored rendering (editor_context)
        context["preview_html"] = mark_safe(preview_markdown(request.POST.get("rationale", "")))
    context = editor_context(request, claim, verdict_form=form, **context)
    if request.htmx:
        response = render(request, f"{WORKSPACE}#verdict-panel", context)
        if saved:
            # The rating colours the highlight; what is missing, and so the
            # workflow buttons, may have changed.
            with_oob(response, claim_actions(request, context), changed_text(claim, request.user))
        return response
    return render_workspace(request, claim.source, "claim-editor", context)


def claim_actions(request, context):
    return render_to_string(f"{WORKSPACE}#claim-actions", {**context, "oob": True}, request)


@reviewer_required
@require_POST
def rationale_preview(request):
    return HttpResponse(preview_markdown(request.POST.get("rationale", "")))


def citation_list_response(request, claim, **extra):
    context = editor_context(request, claim, **extra)
    if request.htmx:
        response = render(request, f"{WORKSPACE}#citation-list", context)
        return with_oob(response, claim_actions(request, context))
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
    form = CitationForm(request.POST, instance=citation)
    saved, form, conflict = save_fields(request, form, update_citation, citation, CITATION_LABELS)
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
    return navigate(request, url)


@reviewer_required
@require_POST
def claim_transition(request, pk, action):
    """Workflow buttons in the workspace: the workflow module decides and explains."""
    claim = claim_for_view(request, pk)
    if action not in ACTIONS:
        raise Http404("No such action.")
    form = TransitionForm(request.POST)
    if not form.is_valid():
        # Refused before the workflow sees it; the page keeps the typed note.
        messages.error(request, form.errors["note"][0])
        refused = {"action": action, "note": form.data.get("note", "")}
        context = editor_context(request, claim, refused_note=refused)
        return render_workspace(request, claim.source, "claim-editor", context)
    try:
        claim = transition(claim, action, request.user, note=form.cleaned_data["note"])
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done_message(action, claim))
    return navigate(request, claim.get_absolute_url())


REATTACH_REFUSED = (
    "Only the author of this claim or an editor can re-attach it or confirm its new place."
)
PLACE_SUBMITTED = (
    " Waiting for an editor to approve the new place: readers keep seeing the approved revision "
    "until then."
)


def moved_message(done, claim):
    """`done`, and what comes next when the move made a published claim wait for review."""
    return done + (PLACE_SUBMITTED if claim.status == ClaimStatus.SUBMITTED else "")


def refuse_reanchor(request, claim):
    """None if the user may move the claim; else a 403 that is the claim's page
    saying why, not a bare error page (anyone can follow a link to this view)."""
    if claim.can_reattach(request.user):
        return None
    messages.error(request, REATTACH_REFUSED)
    response = render_workspace(
        request, claim.source, "claim-editor", editor_context(request, claim)
    )
    response.status_code = 403
    return response


@reviewer_required
@require_http_methods(["GET", "POST"])
def claim_reattach(request, pk):
    """Point a claim (orphaned, or fuzzy) at a new selection in the current text."""
    claim = claim_for_view(request, pk)
    if refused := refuse_reanchor(request, claim):
        return refused
    selection = selection_form(request, claim.source)
    context = {"claim": claim, "selection_form": selection}
    if request.method == "POST" and selection.is_valid():
        claim = reattach_claim(claim, editor=request.user, **selection.selection())
        messages.success(request, moved_message("Claim re-attached to the selected text.", claim))
        return navigate(request, claim.get_absolute_url())
    return render_workspace(request, claim.source, "claim-reattach", context)


@reviewer_required
@require_POST
def claim_confirm(request, pk):
    """Accept the fuzzy match as the claim's new place (its quote becomes that text)."""
    claim = claim_for_view(request, pk)
    if refused := refuse_reanchor(request, claim):
        return refused
    if claim.anchor_state != AnchorState.FUZZY or claim.start is None:
        messages.error(request, "Only a claim whose text changed can be confirmed.")
    else:
        claim = reattach_claim(
            claim,
            editor=request.user,
            first=claim.first_sentence.index,
            last=claim.last_sentence.index,
            start=claim.start,
            end=claim.end,
        )
        messages.success(request, moved_message("New place confirmed.", claim))
    return redirect(claim.get_absolute_url())
