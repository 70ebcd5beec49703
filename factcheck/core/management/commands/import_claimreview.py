from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from factcheck.core.claimreview import FetchError, fetch_pages
from factcheck.core.ingest import IngestError, decode_bytes
from factcheck.core.management.queued import add_no_wait, finished
from factcheck.core.tasks import queue_claimreview


class Command(BaseCommand):
    help = (
        "Import published fact-checks from schema.org ClaimReview: HTML pages with JSON-LD, "
        "a DataFeed (such as /api/claimreview.json, read page by page: a URL's Link rel=next "
        "pages are followed) or JSON. Each file or page is one queued import; "
        "bad records are listed with the reason, good ones are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE_OR_URL")
        parser.add_argument(
            "--user", required=True, help="Username recorded as the importer (an editor)."
        )
        add_no_wait(parser)

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user {options['user']!r}.")
        if not user.has_perm("core.add_importedreview"):
            raise CommandError(f"{user.username} may not import fact-checks (editors may).")
        failed = False
        for name in options["files"]:
            try:
                for text, page_url, page_name in self.read(name):
                    ingestion = finished(
                        self,
                        queue_claimreview(text, name=page_name, user=user, page_url=page_url),
                        options,
                    )
                    if ingestion is not None:
                        self.print_report(page_name, ingestion.result)
            except CommandError as error:
                self.stderr.write(str(error))
                failed = True
        if failed:
            raise CommandError("Some files could not be read (see above).")

    def read(self, name):
        """(text, page URL, name) of a file, or of an http(s) URL and each page
        after it that its Link header names next (a paged DataFeed, such as
        /api/claimreview.json): each page is one import."""
        if "://" in name:
            try:
                for text, url in fetch_pages(name):
                    yield text, url, url
            except FetchError as error:
                raise CommandError(str(error))
            return
        yield self.read_file(name), "", name

    def read_file(self, name):
        path = Path(name)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.")
        if len(data) > settings.FACTCHECK_MAX_IMPORT_BYTES:
            raise CommandError(f"{path} is larger than FACTCHECK_MAX_IMPORT_BYTES.")
        try:
            return decode_bytes(data)
        except IngestError as error:
            raise CommandError(f"{path}: {error}")

    def print_report(self, name, result):
        write = self.stdout.write
        write(f"{name}: {result['total']:,} records")
        write(f"  imported: {result['created']:,}")
        write(f"  unchanged (imported before): {result['unchanged']:,}")
        write(f"  updated as corrections: {result['updated_count']:,}")
        for where, pk, changed in result["updated"]:
            write(f"    {where}: claim #{pk}, changed {changed}")
        write(f"  not imported: {result['problem_count']:,}")
        for where, reason in result["problems"]:
            write(f"    {where}: {reason}")
        if result["problem_count"] > len(result["problems"]):
            write(f"    ... and {result['problem_count'] - len(result['problems']):,} more")
        for where, warning in result["warnings"]:
            write(f"  note: {where}: {warning}")
