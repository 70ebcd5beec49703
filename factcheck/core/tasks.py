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
from datetime import date

from django.db import transaction
from django.tasks import task

from .annotations import import_annotations
from .claimreview import read as read_claimreviews
from .claimreview_import import import_reviews
from .ingest import IngestError, normalise
from .models import Ingestion, IngestionKind, IngestionStatus, RevisionOrigin
from .sources import (
    SourceError,
    add_revision,
    check_slug_free,
    check_title,
    create_source,
    segment_in_chunks,
)

logger = logging.getLogger(__name__)

CRASHED = (
    "The processing stopped on an unexpected error; nothing was stored. "
    "Try again, or tell an administrator if it happens again."
)


def queue(ingestion):
    """Hand the row to a worker. django-tasks-db queues in the same database, so
    the task and the row are committed together (or not at all)."""
    process_ingestion.enqueue(ingestion.pk)
    return ingestion


def queue_source(
    *, title, text, user=None, slug="", origin=RevisionOrigin.PASTE, filename="", **fields
):
    """Queue a new source made from `text` (already decoded by ingest). The
    title and slug are checked now; the slug is checked again when stored."""
    title = check_title(title)
    if slug:
        check_slug_free(slug)
    if isinstance(fields.get("published_on"), date):
        fields["published_on"] = fields["published_on"].isoformat()
    fields.update(title=title, slug=slug, origin=origin, filename=filename[:255])
    return queue(
        Ingestion.objects.create(
            kind=IngestionKind.SOURCE, text=text, fields=fields, created_by=user
        )
    )


def queue_revision(source, text, *, user=None, origin=RevisionOrigin.PASTE, filename="", note=""):
    """Queue a new revision of `source` (with the re-anchoring of its claims)."""
    fields = {"origin": origin, "filename": filename[:255], "note": note}
    return queue(
        Ingestion.objects.create(
            kind=IngestionKind.REVISION, source=source, text=text, fields=fields, created_by=user
        )
    )


def queue_annotations(source, items, *, author):
    """Queue the import of parsed W3C annotations as draft claims by `author`."""
    return queue(
        Ingestion.objects.create(
            kind=IngestionKind.ANNOTATIONS,
            source=source,
            fields={"items": items},
            created_by=author,
        )
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


def split(ingestion, text, language):
    """Sentences of `text`, reporting 5-80 % as the chunks are done."""

    def on_progress(done, total):
        report(ingestion, 5 + 75 * done // max(total, 1), "Splitting the text into sentences")

    return segment_in_chunks(text, language=language or "en", on_progress=on_progress)


def run_source(ingestion):
    fields = dict(ingestion.fields)
    if fields.get("published_on"):
        fields["published_on"] = date.fromisoformat(fields["published_on"])
    text = normalise(ingestion.text)
    spans = split(ingestion, text, fields.get("language"))
    report(ingestion, 85, "Storing the sentences")
    with transaction.atomic():
        source = create_source(text=text, user=ingestion.created_by, spans=spans, **fields)
        ingestion.source, ingestion.revision = source, source.current_revision


def run_revision(ingestion):
    source = ingestion.source
    text = normalise(ingestion.text)
    spans = split(ingestion, text, source.language)
    report(ingestion, 85, "Storing the sentences and finding the claims again")
    before = source.current_revision
    revision = add_revision(
        source, text, user=ingestion.created_by, spans=spans, **ingestion.fields
    )
    ingestion.revision = revision
    ingestion.result = {"unchanged": revision == before, "number": revision.number}


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
    except (SourceError, IngestError) as error:
        report(ingestion, 0, "", status=IngestionStatus.FAILED, error=str(error))
        return ingestion.status
    except Exception:
        logger.exception("Ingestion %s crashed", ingestion_id)
        report(ingestion, 0, "", status=IngestionStatus.FAILED, error=CRASHED)
        raise
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


def wait_for(ingestion, *, poll=0.5, on_wait=None):
    """Block until a worker has finished the ingestion (for commands); returns it fresh."""
    ingestion.refresh_from_db()
    if not ingestion.finished and on_wait:
        on_wait(ingestion)
    while not ingestion.finished:
        time.sleep(poll)
        ingestion.refresh_from_db()
    return ingestion
