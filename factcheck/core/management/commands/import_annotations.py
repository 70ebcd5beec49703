import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from factcheck.core.annotations import parse_annotations
from factcheck.core.management.queued import add_no_wait, finished, work_here
from factcheck.core.models import Source
from factcheck.core.tasks import queue_annotations


class Command(BaseCommand):
    help = (
        "Read W3C Web Annotations (JSON or JSON-LD, ours or Hypothesis's) and create draft "
        "claims anchored by their selectors; report what could not be anchored."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("file", type=Path)
        parser.add_argument("--author", required=True, help="Username the draft claims belong to.")
        add_no_wait(parser)

    def handle(self, *args, **options):
        source = Source.objects.filter(slug=options["slug"]).first()
        if source is None:
            raise CommandError(f"No source with the slug {options['slug']!r}.")
        author = get_user_model().objects.filter(username=options["author"]).first()
        if author is None:
            raise CommandError(f"No user {options['author']!r}.")
        try:
            data = json.loads(options["file"].read_text(encoding="utf-8-sig"))
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}.")
        except (ValueError, UnicodeDecodeError) as error:
            raise CommandError(f"{options['file']} is not valid JSON: {error}")
        items = parse_annotations(data)
        if not items:
            raise CommandError("No annotations with a target were found in the file.")
        ingestion = queue_annotations(source, items, author=author, here=work_here(self, options))
        ingestion = finished(self, ingestion, options)
        if ingestion is None:
            return
        skipped = ingestion.result["skipped"]
        duplicates = ingestion.result["duplicates"]
        self.stdout.write(f"imported: {len(ingestion.result['created'])}")
        self.stdout.write(f"not anchored: {len(skipped)}")
        for index, reason in skipped:
            self.stdout.write(f"  annotation {index + 1}: {reason}")
        self.stdout.write(f"already imported: {len(duplicates)}")
        for index, pk in duplicates:
            self.stdout.write(f"  annotation {index + 1}: already imported as claim #{pk}")
