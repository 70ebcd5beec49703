"""Our copies of the pages a published fact-check rests on (core/snapshots.py).

The archived page is hostile HTML: it is never served as a page from our
origin. A reader sees what we extracted from it, as escaped text, with the
fetch's facts (URL, time, HTTP status, size, SHA-256), and can download the
WARC file, the exact bytes received, as an attachment (with a sandbox CSP
should anything render it) to open in any WARC replay tool."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from factcheck.core.models import Claim, Snapshot, SnapshotState, Source
from factcheck.warc import warc_download


def source_snapshot(slug, pk):
    source = get_object_or_404(Source.objects.public(), slug=slug)
    return get_object_or_404(Snapshot, pk=pk, source=source, state=SnapshotState.ARCHIVED)


def cited_snapshot(claim_pk, pk):
    """A snapshot the claim's published verdict cites; 404 for anything else."""
    claim = get_object_or_404(
        Claim.objects.public().select_related("published_verdict"), pk=claim_pk
    )
    if pk not in {c.get("snapshot") for c in claim.published_verdict.citations}:
        raise Http404("No such copy.")
    return get_object_or_404(Snapshot, pk=pk, state=SnapshotState.ARCHIVED)


def page(request, snapshot, warc_url):
    return render(
        request,
        "public/snapshot.html",
        {"snapshot": snapshot, "warc_url": warc_url, "base": "public/base.html"},
    )


@require_safe
def source_copy(request, slug, pk):
    snapshot = source_snapshot(slug, pk)
    return page(request, snapshot, reverse("public:source-copy-warc", args=[slug, pk]))


@require_safe
def source_copy_warc(request, slug, pk):
    return warc_download(source_snapshot(slug, pk))


@require_safe
def claim_copy(request, claim_pk, pk):
    snapshot = cited_snapshot(claim_pk, pk)
    return page(request, snapshot, reverse("public:claim-copy-warc", args=[claim_pk, pk]))


@require_safe
def claim_copy_warc(request, claim_pk, pk):
    return warc_download(cited_snapshot(claim_pk, pk))
