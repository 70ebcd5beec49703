"""Background work on sources, on Django's Tasks framework.

A request (or a command) validates what is cheap to check, stores the user's
input in an `Ingestion` row and queues `process_ingestion`; a worker
(`manage.py worker`) does the expensive part. The task splits the text into
sentences outside any transaction, reporting its progress on the row, then
writes the revision, its sentences and the re-anchored claims in ONE
transaction: a crash leaves the row failed and no half-stored revision.
"""

import logging
import time
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone

from . import snapshots
from .annotations import import_annotations
from .candidates import candidates_of
from .claimreview import read as read_claimreviews
from .claimreview_import import import_reviews
from .fetch import FetchError
from .ingest import IngestError, markdown_to_text, normalise
from .models import Ingestion, IngestionKind, IngestionStatus, RevisionOrigin, WorkerHeartbeat
from .sources import (
    SourceError,
    add_revision,
    check_slug_free,
    check_title,
    create_source,
    revision_without_text,
    segment_in_chunks,
)

logger = logging.getLogger(__name__)

CRASHED = (
    "The processing stopped on an unexpected error; nothing was stored. "
    "Try again, or tell an administrator if it happens again."
)


def queue(ingestion, *, here=False):
    """Hand the row to a worker. django-tasks-db queues in the same database, so
    the task and the row are committed together (or not at all). `here` does
    the work now, in this process, instead (a command with no worker running):
    nothing is queued, so no worker can start the same work meanwhile."""
    if here:
        try:
            process_ingestion.call(ingestion.pk)
        except Exception:
            ingestion.refresh_from_db()
            if not ingestion.finished:
                raise
            # Logged by the task, and the row says that it failed and why.
        ingestion.refresh_from_db()
    else:
        process_ingestion.enqueue(ingestion.pk)
    return ingestion


def worker_alive():
    """Whether a worker recorded its heartbeat in the last WORKER_STALE_SECONDS."""
    since = timezone.now() - timedelta(seconds=settings.WORKER_STALE_SECONDS)
    return WorkerHeartbeat.objects.filter(seen_at__gte=since).exists()


def needs_worker():
    """Whether queued work waits for a worker (not so with the immediate backend,
    which runs a task as it is queued)."""
    return not isinstance(process_ingestion.get_backend(), ImmediateBackend)


def queue_source(
    *,
    title,
    text,
    user=None,
    slug="",
    origin=RevisionOrigin.PASTE,
    filename="",
    encoding=None,
    markdown=False,
    here=False,
    **fields,
):
    """Queue a new source made from `text` (already decoded by ingest). The
    title and slug are checked now; the slug is checked again when stored.
    `encoding`: the one ingest guessed for the upload, told to the user;
    `markdown`: `text` is a Markdown document, stored as the text it shows."""
    title = check_title(title)
    if slug:
        check_slug_free(slug)
    if isinstance(fields.get("published_on"), date):
        fields["published_on"] = fields["published_on"].isoformat()
    fields.update(title=title, slug=slug, origin=origin, filename=filename[:255])
    fields.update(upload_notes(encoding, markdown))
    return queue(
        Ingestion.objects.create(
            kind=IngestionKind.SOURCE, text=text, fields=fields, created_by=user
        ),
        here=here,
    )


def queue_revision(
    source,
    text,
    *,
    user=None,
    origin=RevisionOrigin.PASTE,
    filename="",
    note="",
    encoding=None,
    markdown=False,
    here=False,
):
    """Queue a new revision of `source` (with the re-anchoring of its claims)."""
    fields = {"origin": origin, "filename": filename[:255], "note": note}
    fields.update(upload_notes(encoding, markdown))
    return queue(
        Ingestion.objects.create(
            kind=IngestionKind.REVISION, source=source, text=text, fields=fields, created_by=user
        ),
        here=here,
    )


def queue_fetch(*, url, user=None, source=None, **fields):
    """Queue a new source made from the page at `url` (or, with `source`, a
    fetch of the source's URL again, a new revision if its text changed).
    Empty fields are filled from the page's metadata; a given slug is checked now."""
    if fields.get("slug"):
        check_slug_free(fields["slug"])
    if isinstance(fields.get("published_on"), date):
        fields["published_on"] = fields["published_on"].isoformat()
    fields.update(url=url)
    return queue(
        Ingestion.objects.create(
            kind=IngestionKind.FETCH, source=source, fields=fields, created_by=user
        )
    )


def queue_annotations(source, items, *, author, here=False):
    """Queue the import of parsed W3C annotations as draft claims by `author`."""
    return queue(
        Ingestion.objects.create(
            kind=IngestionKind.ANNOTATIONS,
            source=source,
            fields={"items": items},
            created_by=author,
        ),
        here=here,
    )


def queue_claimreview(text, *, name, user, page_url=""):
    """Queue the import of a ClaimReview file or page (`name`: its file name or URL)."""
    return queue(
        Ingestion.objects.create(
            kind=IngestionKind.CLAIMREVIEW,
            text=text,
            fields={"name": name[:500], "page_url": page_url},
            created_by=user,
        )
    )


def report(ingestion, progress, stage, **changes):
    """Save the progress where the workspace's polling sees it (outside any transaction)."""
    for name, value in {"progress": progress, "stage": stage, **changes}.items():
        setattr(ingestion, name, value)
    ingestion.save(update_fields=["progress", "stage", *changes, "updated_at"])


# Progress is saved at most this often: each save rewrites the row (on SQLite
# with the whole text in it: 20 saves of a 5 MB text were a second), and the
# processing page polls once a second anyway.
PROGRESS_SECONDS = 0.5
_clock = time.monotonic


def split(ingestion, text, language):
    """Sentences of `text`, reporting 5-80 % as the chunks are done."""
    last = _clock()

    def on_progress(done, total):
        nonlocal last
        if _clock() - last < PROGRESS_SECONDS:
            return
        last = _clock()
        report(ingestion, 5 + 75 * done // max(total, 1), "Splitting the text into sentences")

    return segment_in_chunks(text, language=language or "en", on_progress=on_progress)


UPLOAD_NOTES = ("encoding", "markup")


def upload_notes(encoding, markdown):
    """What the work keeps about how an upload is read (see ingest.read_upload)."""
    notes = {"encoding": encoding} if encoding else {}
    if markdown:
        notes["markup"] = "markdown"
    return notes


def stored_fields(ingestion):
    """The fields the source or revision is made with (not the upload notes)."""
    return {k: v for k, v in ingestion.fields.items() if k not in UPLOAD_NOTES}


def input_text(ingestion):
    """The text to store: a Markdown upload is reduced to what a reader sees
    here, in the worker, since that takes seconds for a large document."""
    if ingestion.fields.get("markup") == "markdown":
        report(ingestion, 3, "Reading the Markdown")
        return markdown_to_text(ingestion.text)
    return normalise(ingestion.text)


def run_source(ingestion):
    fields = stored_fields(ingestion)
    if fields.get("published_on"):
        fields["published_on"] = date.fromisoformat(fields["published_on"])
    text = input_text(ingestion)
    spans = split(ingestion, text, fields.get("language"))
    report(ingestion, 85, "Storing the sentences")
    with transaction.atomic():
        source = create_source(text=text, user=ingestion.created_by, spans=spans, **fields)
        ingestion.source, ingestion.revision = source, source.current_revision


def run_revision(ingestion):
    source = ingestion.source
    text = input_text(ingestion)
    spans = split(ingestion, text, source.language)
    report(ingestion, 85, "Storing the sentences and finding the claims again")
    before = revision_without_text(source)
    revision = add_revision(
        source, text, user=ingestion.created_by, spans=spans, **stored_fields(ingestion)
    )
    ingestion.revision = revision
    ingestion.result = {"unchanged": revision == before, "number": revision.number}


def source_fields(given, url, metadata):
    """The new source's fields: what the user typed, else what the page says."""
    fields = {k: v for k, v in given.items() if k != "url" and v not in ("", None)}
    fields.setdefault("title", metadata.get("title") or url)
    byline = ", ".join(filter(None, [metadata.get("byline"), metadata.get("site_name")]))
    if byline:
        fields.setdefault("byline", byline[:300])
    if metadata.get("published_on"):
        fields.setdefault("published_on", metadata["published_on"])
    if metadata.get("language"):
        fields.setdefault("language", metadata["language"])
    if fields.get("published_on"):
        fields["published_on"] = date.fromisoformat(fields["published_on"])
    fields["origin_url"] = url[:1000]
    return fields


def run_fetch(ingestion):
    source, url = ingestion.source, ingestion.fields["url"]
    report(ingestion, 5, "Fetching the page")
    snapshot = snapshots.fetch_page(url, source=source, user=ingestion.created_by)
    try:
        text = normalise(snapshot.text)
        if source is None:
            fields = source_fields(ingestion.fields, url, snapshot.metadata)
            spans = split(ingestion, text, fields.get("language"))
            report(ingestion, 85, "Storing the sentences")
            with transaction.atomic():
                snapshot.save()
                source = create_source(
                    text=text,
                    user=ingestion.created_by,
                    spans=spans,
                    origin=RevisionOrigin.URL,
                    snapshot=snapshot,
                    **fields,
                )
                snapshot.source = source
                snapshot.save(update_fields=["source"])
            ingestion.source, ingestion.revision = source, source.current_revision
            return
        spans = split(ingestion, text, source.language)
        report(ingestion, 85, "Storing the sentences and finding the claims again")
        with transaction.atomic():
            snapshot.save()
            before = revision_without_text(source)
            revision = add_revision(
                source,
                text,
                user=ingestion.created_by,
                spans=spans,
                origin=RevisionOrigin.URL,
                snapshot=snapshot,
                note=f"Fetched again from {url}"[:500],
            )
        ingestion.revision = revision
        ingestion.result = {"unchanged": revision == before, "number": revision.number}
    except BaseException:
        snapshots.discard(snapshot)
        raise


def run_annotations(ingestion):
    report(ingestion, 10, "Anchoring the annotations")
    created, skipped, duplicates = import_annotations(
        ingestion.source, ingestion.fields["items"], author=ingestion.created_by
    )
    ingestion.result = {
        "created": [claim.pk for claim in created],
        "skipped": [[index, reason] for index, reason in skipped],
        "duplicates": [[index, pk] for index, pk in duplicates],
    }


def run_claimreview(ingestion):
    report(ingestion, 2, "Reading the records")
    name = ingestion.fields["name"]
    reviews, problems = read_claimreviews(
        ingestion.text, name, page_url=ingestion.fields.get("page_url", "")
    )

    def on_progress(done, total):
        report(ingestion, 5 + 94 * done // max(total, 1), f"Stored {done:,} of {total:,} records")

    report(ingestion, 5, f"Storing {len(reviews):,} records")
    ingestion.result = import_reviews(
        reviews, user=ingestion.created_by, origin=name, problems=problems, on_progress=on_progress
    )


RUNNERS = {
    IngestionKind.SOURCE: run_source,
    IngestionKind.REVISION: run_revision,
    IngestionKind.ANNOTATIONS: run_annotations,
    IngestionKind.FETCH: run_fetch,
    IngestionKind.CLAIMREVIEW: run_claimreview,
}


@task()
def process_ingestion(ingestion_id):
    """Do the queued work of one Ingestion row; its status tells how it went."""
    ingestion = Ingestion.objects.select_related("source", "created_by").get(pk=ingestion_id)
    if ingestion.finished:
        return ingestion.status
    report(ingestion, 1, "Starting", status=IngestionStatus.RUNNING)
    try:
        RUNNERS[ingestion.kind](ingestion)
    except (SourceError, IngestError, FetchError) as error:
        report(ingestion, 0, "", status=IngestionStatus.FAILED, error=str(error))
        return ingestion.status
    except Exception:
        logger.exception("Ingestion %s crashed", ingestion_id)
        report(ingestion, 0, "", status=IngestionStatus.FAILED, error=CRASHED)
        raise
    if ingestion.revision is not None:
        # After the runner's transaction: the source's lock is not held for it.
        report(ingestion, 95, "Finding the check-worthy sentences")
        revision = ingestion.revision
        candidates_of(revision, revision.sentences.order_by("index").values_list("start", "end"))
    # The input is in the revision now; keep the row small.
    report(
        ingestion,
        100,
        "Done",
        status=IngestionStatus.DONE,
        text="",
        source=ingestion.source,
        revision=ingestion.revision,
        result=ingestion.result,
    )
    return ingestion.status


class NoWorker(Exception):
    """No worker is alive any more to finish the ingestion waited for."""


def wait_for(ingestion, *, poll=0.5, on_wait=None):
    """Block until a worker has finished the ingestion (for commands); returns it
    fresh. Raises NoWorker when no worker's heartbeat is fresh any more: the
    command would wait forever."""
    ingestion.refresh_from_db()
    if not ingestion.finished and on_wait:
        on_wait(ingestion)
    while not ingestion.finished:
        if not worker_alive():
            raise NoWorker
        time.sleep(poll)
        ingestion.refresh_from_db()
    return ingestion
