import json

from django.core.management.base import BaseCommand, CommandError

from factcheck.core.annotations import annotation, collection
from factcheck.core.models import Source
from factcheck.core.siteurl import absolute


class Command(BaseCommand):
    help = "Print every claim of a source (any status) as a W3C Web Annotation collection."

    def add_arguments(self, parser):
        parser.add_argument("slug")

    def handle(self, *args, **options):
        source = Source.objects.filter(slug=options["slug"]).first()
        if source is None:
            raise CommandError(f"No source with the slug {options['slug']!r}.")
        revision = source.current_revision
        source_url = absolute(source.get_absolute_url())
        claims = source.claims.select_related("rating").order_by("start", "pk")
        items = [
            annotation(
                claim,
                revision=revision,
                source_url=source_url,
                claim_url=absolute(claim.get_absolute_url()),
                rating=claim.rating,
                summary=claim.summary,
                extra={
                    "fc:status": claim.status,
                    "fc:anchorState": claim.anchor_state,
                    "fc:anchorScore": claim.anchor_score,
                    "fc:quote": claim.quote,
                },
            )
            for claim in claims
        ]
        data = collection(f"{source_url}annotations.jsonld", source.title, items)
        data["@context"] = [data["@context"], {"fc": absolute("/ns#")}]
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
