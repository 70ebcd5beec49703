from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from factcheck.core.ingest import IngestError
from factcheck.core.management.files import read_text
from factcheck.core.management.queued import add_no_wait, finished, work_here
from factcheck.core.models import RevisionOrigin, Source
from factcheck.core.revisions import public_revision
from factcheck.core.tasks import queue_revision


class Command(BaseCommand):
    help = (
        "Create a new revision of a source from a file and print how its claims were re-anchored."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("file", type=Path)
        parser.add_argument("--note", default="", help="What changed, for the record.")
        add_no_wait(parser)

    def handle(self, *args, **options):
        source = Source.objects.filter(slug=options["slug"]).first()
        if source is None:
            raise CommandError(f"No source with the slug {options['slug']!r}.")
        path = options["file"]
        try:
            text = read_text(path)
        except IngestError as error:
            raise CommandError(str(error))
        ingestion = queue_revision(
            source,
            text,
            origin=RevisionOrigin.COMMAND,
            filename=path.name,
            note=options["note"],
            here=work_here(self, options),
        )
        ingestion = finished(self, ingestion, options)
        if ingestion is None:
            return
        revision = ingestion.revision
        if ingestion.result["unchanged"]:
            self.stdout.write(f"The text is the same as revision {revision.number}: nothing to do.")
            return
        self.stdout.write(f"revision: {revision.number}")
        for state, count in revision.reanchor_summary.items():
            self.stdout.write(f"{state}: {count}")
        for claim in source.claims.filter(anchor_state__in=["fuzzy", "orphaned"]).order_by("pk"):
            score = f" (score {claim.anchor_score:.2f})" if claim.anchor_score is not None else ""
            self.stdout.write(
                f"  {claim.anchor_state}{score}: claim {claim.pk} {claim.quote[:70]!r}"
            )
        shown = public_revision(Source.objects.get(pk=source.pk))
        if shown.number < revision.number:
            self.stdout.write(
                f"readers still see revision {shown.number}, until every published claim's "
                "new place is confirmed and then approved by an editor"
            )
