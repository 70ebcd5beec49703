from django.core.management.base import BaseCommand, CommandError

from factcheck.core import export
from factcheck.core.models import Claim, Source


class Command(BaseCommand):
    help = (
        "Print the published fact-checks with their verdicts as CSV (one row per claim) "
        "or JSON (every verdict version), for a data desk. Published snapshots only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--source", help="only the claims of the source with this slug")
        parser.add_argument("--output", help="write to this file instead of standard output")

    def handle(self, *args, **options):
        claims = Claim.objects.all()
        if options["source"]:
            if not Source.objects.filter(slug=options["source"]).exists():
                raise CommandError(f"No source with the slug {options['source']!r}.")
            claims = claims.filter(source__slug=options["source"])
        write = export.write_csv if options["format"] == "csv" else export.write_json
        if not options["output"]:
            write(claims, self.stdout)
            return
        with open(options["output"], "w", encoding="utf-8", newline="") as out:
            write(claims, out)
