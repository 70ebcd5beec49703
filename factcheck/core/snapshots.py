"""Our copies of web pages: fetch (core/fetch.py), keep the raw response as a
WARC file in Django's default storage, extract the main text (core/extract.py).

A source made from a URL stores its text as a revision like a paste, with the
snapshot beside it; a citation gets a snapshot of the page it cites, archived
in the background so saving a citation never waits for a web server."""

import hashlib
import io
import logging
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .extract import main_text
from .fetch import HTML_TYPES, TEXT_TYPES, FetchError, decode_page, fetch
from .ingest import IngestError, normalise, text_from_paste
from .models import Citation, Snapshot, SnapshotState

logger = logging.getLogger(__name__)

NO_MAIN_TEXT = (
    "No main text was found on this page (it may be only navigation, or be built by "
    "JavaScript in the browser). Paste the text instead."
)
# Headers that describe the bytes on the wire, not the body we keep (decoded).
_WIRE_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


def warc_file(fetched):
    """A gzipped WARC file with a request and a response record of `fetched`.
    The body is kept decoded (without its Content-Encoding), so the response's
    wire headers are replaced by the body's real length."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    date = fetched.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    request = writer.create_warc_record(
        fetched.final_url,
        "request",
        payload=io.BytesIO(b""),
        warc_headers_dict={"WARC-Date": date},
        http_headers=StatusAndHeaders(
            f"GET {_path(fetched.final_url)} HTTP/1.1",
            [("Host", _host(fetched.final_url)), ("User-Agent", "Factcheck archiver")],
            is_http_request=True,
        ),
    )
    headers = [(k, v) for k, v in fetched.headers if k.lower() not in _WIRE_HEADERS]
    headers.append(("Content-Length", str(len(fetched.body))))
    response = writer.create_warc_record(
        fetched.final_url,
        "response",
        payload=io.BytesIO(fetched.body),
        warc_headers_dict={
            "WARC-Date": date,
            "WARC-Concurrent-To": request.rec_headers["WARC-Record-ID"],
        },
        http_headers=StatusAndHeaders(
            f"{fetched.status} {fetched.reason}".strip(), headers, protocol="HTTP/1.1"
        ),
    )
    writer.write_record(request)
    writer.write_record(response)
    return buffer.getvalue()


def _path(url):
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _host(url):
    from urllib.parse import urlsplit

    return urlsplit(url).netloc


def page_text(fetched):
    """(text, metadata) of a fetched page; FetchError says why there is none."""
    if not fetched.body.strip():
        raise FetchError("no_text", "The page is empty.")
    try:
        if b"\x00" in fetched.body[:8192] and not fetched.body.startswith(
            (b"\xff\xfe", b"\xfe\xff")
        ):
            raise IngestError("The page is not text: it looks like a binary file.")
        text = decode_page(fetched)
    except IngestError as error:
        raise FetchError("binary", f"This is not a web page. {error}")
    if fetched.content_type in HTML_TYPES or fetched.content_type not in TEXT_TYPES:
        extracted = main_text(text, url=fetched.final_url)
        if extracted is None:
            raise FetchError("no_text", NO_MAIN_TEXT)
        metadata = extracted.as_fields()
        metadata["published_on"] = (
            metadata["published_on"].isoformat() if metadata["published_on"] else None
        )
        return extracted.text, metadata
    text = normalise(text)
    if not text:
        raise FetchError("no_text", "The page is empty.")
    return text, {}


def save_warc(fetched):
    """Store the WARC file; returns its storage name (delete it if what refers to it fails)."""
    data = warc_file(fetched)
    day = fetched.fetched_at
    name = f"snapshots/{day:%Y/%m}/{uuid.uuid4().hex}.warc.gz"
    return default_storage.save(name, ContentFile(data)), data


def fill(snapshot, fetched, *, text="", metadata=None):
    """Record a successful fetch on `snapshot` (not saved), with its WARC file stored."""
    name, data = save_warc(fetched)
    snapshot.warc.name = name
    snapshot.state = SnapshotState.ARCHIVED
    snapshot.final_url = fetched.final_url[:2000]
    snapshot.status_code = fetched.status
    snapshot.content_type = fetched.content_type[:100]
    snapshot.fetched_at = fetched.fetched_at
    snapshot.size = len(fetched.body)
    snapshot.sha256 = hashlib.sha256(fetched.body).hexdigest()
    snapshot.text, snapshot.metadata = text, metadata or {}
    snapshot.error_code = snapshot.error = ""
    return snapshot


def discard(snapshot):
    """Remove the WARC file of a snapshot whose transaction did not commit."""
    if snapshot.warc.name:
        default_storage.delete(snapshot.warc.name)


def fetch_page(url, *, source=None, user=None):
    """Fetch a page for a source: (Snapshot not yet saved, its WARC stored), text."""
    fetched = fetch(url, accept=TEXT_TYPES)
    text, metadata = page_text(fetched)
    text = text_from_paste(text, max_bytes=settings.FACTCHECK_MAX_SOURCE_BYTES)
    snapshot = Snapshot(url=url[:2000], source=source, created_by=user)
    return fill(snapshot, fetched, text=text, metadata=metadata)


# Citations


def queue_citation_archive(citation, *, user=None):
    """Start archiving the citation's URL: a pending snapshot now, the fetch in a task."""
    snapshot = Snapshot.objects.create(url=citation.url, created_by=user)
    Citation.objects.filter(pk=citation.pk).update(snapshot=snapshot)
    citation.snapshot = snapshot
    transaction.on_commit(lambda: archive_snapshot.enqueue(snapshot.pk))
    return snapshot


def archive(snapshot):
    """Fetch the snapshot's URL and record how it went (archived, or why not)."""
    try:
        fetched = fetch(snapshot.url)
        text = ""
        try:
            text, snapshot.metadata = page_text(fetched)
        except FetchError:
            pass  # a PDF or an image is archived all the same, without text
        fill(snapshot, fetched, text=text, metadata=snapshot.metadata)
    except FetchError as error:
        snapshot.state = SnapshotState.FAILED
        snapshot.error_code, snapshot.error = error.code, str(error)
        snapshot.status_code = error.status
        snapshot.fetched_at = timezone.now()
    try:
        snapshot.save()
    except Exception:
        discard(snapshot)
        raise
    return snapshot


@task()
def archive_snapshot(snapshot_id):
    snapshot = Snapshot.objects.filter(pk=snapshot_id, state=SnapshotState.PENDING).first()
    if snapshot is None:
        return "gone"
    try:
        return archive(snapshot).state
    except Exception:
        logger.exception("Archiving snapshot %s crashed", snapshot_id)
        Snapshot.objects.filter(pk=snapshot_id).update(
            state=SnapshotState.FAILED,
            error_code="crash",
            error="The archiving stopped on an unexpected error.",
        )
        raise


def open_warc(snapshot):
    """The snapshot's WARC file, open for reading (from any storage backend)."""
    return default_storage.open(snapshot.warc.name, "rb")
