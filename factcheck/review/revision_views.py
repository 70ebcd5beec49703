"""Revising a source: a new revision, its re-anchoring summary, and diffs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from factcheck.core.models import AnchorState, RevisionOrigin, Source
from factcheck.core.revisions import public_revision
from factcheck.core.tasks import queue_revision
from factcheck.core.textdiff import diff_chunks, diff_stats

from .forms import RevisionForm


@login_required
@permission_required("core.add_revision", raise_exception=True)
@require_http_methods(["GET", "POST"])
def source_revise(request, slug):
    source = get_object_or_404(Source, slug=slug)
    current = source.current_revision
    form = RevisionForm(request.POST or None, request.FILES or None, initial={"text": current.text})
    if form.is_valid():
        upload = form.cleaned_data["upload"]
        ingestion = queue_revision(
            source,
            form.cleaned_data["normalised_text"],
            user=request.user,
            origin=RevisionOrigin.UPLOAD if upload else RevisionOrigin.PASTE,
            filename=upload.name if upload else "",
            note=form.cleaned_data["note"],
            encoding=form.cleaned_data["encoding"],
            markdown=form.cleaned_data["markdown"],
        )
        return redirect("review:ingestion-detail", pk=ingestion.pk)
    return render(
        request, "review/source_revise.html", {"source": source, "form": form, "current": current}
    )


def revision_of(source, number):
    revision = source.revisions.filter(number=number).first()
    if revision is None:
        raise Http404("No such revision.")
    return revision


@login_required
@permission_required("core.view_revision", raise_exception=True)
@require_GET
def revision_list(request, slug):
    source = get_object_or_404(Source, slug=slug)
    revisions = list(source.revisions.select_related("created_by").order_by("-number"))
    return render(request, "review/revision_list.html", {"source": source, "revisions": revisions})


@login_required
@permission_required("core.view_revision", raise_exception=True)
@require_GET
def revision_detail(request, slug, number):
    """A revision with what its creation did to the claims, and its diff to the previous one."""
    source = get_object_or_404(Source, slug=slug)
    revision = revision_of(source, number)
    previous = source.revisions.filter(number__lt=number).order_by("-number").first()
    attention = []
    if revision == source.current_revision:
        attention = list(
            source.claims.filter(anchor_state__in=[AnchorState.FUZZY, AnchorState.ORPHANED])
            .select_related("author", "first_sentence")
            .order_by("anchor_state", "pk")
        )
    chunks = (
        diff_chunks(previous.text, revision.text) if previous else [("same", revision.text, None)]
    )
    return render(
        request,
        "review/revision_detail.html",
        {
            "source": source,
            "revision": revision,
            "previous": previous,
            "chunks": chunks,
            "stats": diff_stats(chunks),
            "attention": attention,
            "shown": public_revision(source),
        },
    )


@login_required
@permission_required("core.view_revision", raise_exception=True)
@require_GET
def revision_diff(request, slug):
    source = get_object_or_404(Source, slug=slug)
    try:
        a, b = int(request.GET.get("from", "")), int(request.GET.get("to", ""))
    except ValueError:
        messages.error(request, "Choose two revisions to compare.")
        return redirect("review:revision-list", slug=slug)
    old, new = revision_of(source, a), revision_of(source, b)
    chunks = diff_chunks(old.text, new.text)
    return render(
        request,
        "review/revision_diff.html",
        {"source": source, "old": old, "new": new, "chunks": chunks, "stats": diff_stats(chunks)},
    )
