"""What the commands that queue work (import_source, revise_source,
import_annotations) share: --no-wait, waiting for a worker, and doing the
work in the command when no worker runs (a fresh install has none: the
command must not wait forever for one)."""

from django.conf import settings
from django.core.management.base import CommandError

from factcheck.core.models import IngestionStatus
from factcheck.core.tasks import NoWorker, needs_worker, wait_for, worker_alive


def add_no_wait(parser):
    parser.add_argument(
        "--no-wait", action="store_true", help="Queue the work and exit; a worker does it."
    )


def work_here(command, options):
    """True when no worker would do queued work, so the command does it itself
    (and says so). --no-wait always queues: the work waits for a worker."""
    if options["no_wait"] or not needs_worker() or worker_alive():
        return False
    command.stderr.write(
        f"No worker is running (no heartbeat in the last {settings.WORKER_STALE_SECONDS} s): "
        "doing the work in this command."
    )
    return True


def finished(command, ingestion, options):
    """The ingestion once it is done, or None after --no-wait. A failure, or
    the worker gone while waiting, becomes the command's error."""
    if options["no_wait"]:
        command.stdout.write(f"queued: {ingestion.pk}")
        return None

    def waiting(ingestion):
        command.stderr.write(
            f"Queued as {ingestion.pk}; waiting for a worker (manage.py worker)..."
        )

    try:
        ingestion = wait_for(ingestion, on_wait=waiting)
    except NoWorker:
        raise CommandError(gone(ingestion))
    if ingestion.status == IngestionStatus.FAILED:
        raise CommandError(ingestion.error)
    return ingestion


def gone(ingestion):
    """What to tell when the worker waited for stopped beating."""
    ingestion.refresh_from_db()
    silent = f"No worker heartbeat in the last {settings.WORKER_STALE_SECONDS} s"
    if ingestion.status == IngestionStatus.QUEUED:
        return (
            f"{silent}: the work stays queued as {ingestion.pk} for the next worker "
            "(start one with `manage.py worker`)."
        )
    return (
        f"{silent}, while a worker was processing {ingestion.pk}: it may have stopped. "
        "Check the worker; if it crashed, run the command again."
    )
