"""What the commands that queue work (import_source, revise_source,
import_annotations) share: --no-wait, and waiting for a worker."""

from django.core.management.base import CommandError

from factcheck.core.models import IngestionStatus
from factcheck.core.tasks import wait_for


def add_no_wait(parser):
    parser.add_argument(
        "--no-wait", action="store_true", help="Queue the work and exit; a worker does it."
    )


def finished(command, ingestion, options):
    """The ingestion once a worker is done with it, or None after --no-wait.
    A failure becomes the command's error."""
    if options["no_wait"]:
        command.stdout.write(f"queued: {ingestion.pk}")
        return None

    def waiting(ingestion):
        command.stderr.write(
            f"Queued as {ingestion.pk}; waiting for a worker (manage.py worker)..."
        )

    ingestion = wait_for(ingestion, on_wait=waiting)
    if ingestion.status == IngestionStatus.FAILED:
        raise CommandError(ingestion.error)
    return ingestion
