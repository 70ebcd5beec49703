import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from factcheck.core.ingest import IngestError
from factcheck.core.management.files import read_text
from factcheck.core.sentences import assign_anchors, segment


class Command(BaseCommand):
    help = "Print how each file would be stored: its normalised text split into anchored sentences."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--json", action="store_true", help="One JSON object per line.")
        parser.add_argument("--language", default="en")

    def handle(self, *args, **options):
        for path in options["files"]:
            try:
                text = read_text(path)
            except IngestError as error:
                raise CommandError(f"{path}: {error}")
            spans = segment(text, language=options["language"])
            texts = [text[s.start : s.end] for s in spans]
            anchors = assign_anchors(texts)
            sentences = [
                {"anchor": a, "start": s.start, "end": s.end, "text": t}
                for s, a, t in zip(spans, anchors, texts, strict=True)
            ]
            if options["json"]:
                record = {"file": str(path), "text": text, "sentences": sentences}
                self.stdout.write(json.dumps(record, ensure_ascii=False))
            else:
                self.stdout.write(f"== {path}: {len(sentences)} sentences")
                for s in sentences:
                    self.stdout.write(f"{s['start']:>7}-{s['end']:<7} #{s['anchor']}  {s['text']}")
