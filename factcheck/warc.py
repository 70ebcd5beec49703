"""The download of a kept WARC file, for the desk's and the readers' copy pages
(review/fetch_views.py, public/copies.py): one response both sides serve."""

from django.http import FileResponse, Http404

from factcheck.core.snapshots import open_warc


def warc_download(snapshot):
    """The WARC file, as an attachment that no browser renders as a page."""
    if not snapshot.warc:
        raise Http404("No copy was kept.")
    response = FileResponse(
        open_warc(snapshot),
        as_attachment=True,
        filename=f"snapshot-{snapshot.pk}.warc.gz",
        content_type="application/warc",
    )
    # Belt and braces: should anything ever render it, it runs nothing.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response
