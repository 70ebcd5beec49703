from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from factcheck.core.ingest import IngestError
from factcheck.core.management.files import read_text
from factcheck.core.management.queued import add_no_wait, finished, work_here
from factcheck.core.models import RevisionOrigin, SourceKind
from factcheck.core.siteurl import absolute
from factcheck.core.sources import SourceError
from factcheck.core.tasks import queue_source


class Command(BaseCommand):
    help = "Import a .txt, .md or .html file as a new source and print its slug and public URL."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--title", required=True)
        parser.add_argument("--slug", default="")
        parser.add_argument("--kind", default=SourceKind.ARTICLE, choices=SourceKind.values)
        parser.add_argument("--byline", default="")
        parser.add_argument("--origin-url", default="")
        parser.add_argument("--language", default="en")
        add_no_wait(parser)

    def handle(self, *args, **options):
        path = options["file"]
        try:
            text = read_text(path)
            ingestion = queue_source(
                title=options["title"],
                slug=options["slug"],
                text=text,
                origin=RevisionOrigin.COMMAND,
                filename=path.name,
                kind=options["kind"],
                byline=options["byline"],
                origin_url=options["origin_url"],
                language=options["language"],
                here=work_here(self, options),
            )
        except (IngestError, SourceError) as error:
            raise CommandError(str(error))
        ingestion = finished(self, ingestion, options)
        if ingestion is None:
            return
        source, revision = ingestion.source, ingestion.revision
        self.stdout.write(f"slug: {source.slug}")
        self.stdout.write(f"url: {absolute(source.get_absolute_url())}")
        self.stdout.write(f"sentences: {revision.sentences.count()}")
