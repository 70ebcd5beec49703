"""Pages fetched from the web: "Fetch again" on a source, our copies of pages
(core/snapshots.py) and re-archiving a citation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from factcheck.core.blind import hidden_snapshots
from factcheck.core.models import Citation, Snapshot, Source
from factcheck.core.snapshots import queue_citation_archive
from factcheck.core.tasks import queue_fetch
from factcheck.htmx import navigate
from factcheck.warc import warc_download

from .views import editable_claim, reviewer_required


@login_required
@permission_required("core.add_revision", raise_exception=True)
@require_POST
def source_fetch(request, slug):
    """Fetch the source's URL again: a new revision if the page's text changed."""
    source = get_object_or_404(Source, slug=slug)
    if not source.origin_url:
        messages.error(request, "This source has no URL to fetch.")
        return redirect("review:source-detail", slug=source.slug)
    ingestion = queue_fetch(url=source.origin_url, user=request.user, source=source)
    return navigate(request, reverse("review:ingestion-detail", args=[ingestion.pk]))


@reviewer_required
@require_POST
def citation_archive(request, pk):
    """Archive the cited page again (the claim's editors only)."""
    citation = get_object_or_404(Citation, pk=pk)
    claim = editable_claim(request, citation.claim_id)
    queue_citation_archive(citation, user=request.user)
    messages.info(request, "The page is being archived again.")
    return redirect(claim.get_absolute_url())


def visible_snapshot(request, pk):
    """Any snapshot, but a copy of a page cited by a claim the user rates blind."""
    shown = Snapshot.objects.exclude(pk__in=hidden_snapshots(request.user))
    return get_object_or_404(shown, pk=pk)


@reviewer_required
@require_GET
def snapshot_detail(request, pk):
    """Our copy of a page, for the desk."""
    snapshot = visible_snapshot(request, pk)
    warc_url = reverse("review:snapshot-warc", args=[pk]) if snapshot.warc else ""
    context = {"snapshot": snapshot, "warc_url": warc_url, "base": "base.html"}
    return render(request, "public/snapshot.html", context)


@reviewer_required
@require_GET
def snapshot_warc(request, pk):
    return warc_download(visible_snapshot(request, pk))
