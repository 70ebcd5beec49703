from django.core.management.base import BaseCommand

from factcheck.core import semantic


class Command(BaseCommand):
    help = "Write the vector (similar claims in other words) of every claim that has none."

    def handle(self, *args, **options):
        written = semantic.backfill()
        self.stdout.write(f"{written} claim vectors written.")
