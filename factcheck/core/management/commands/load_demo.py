from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from factcheck.core import blind, notifications, roles
from factcheck.core.assignment import assign
from factcheck.core.claims import add_citation, create_claim, save_verdict
from factcheck.core.demo.claims import DEMO_CLAIMS
from factcheck.core.ingest import text_from_upload
from factcheck.core.models import (
    Assignment,
    Rating,
    RevisionOrigin,
    Source,
    SourceKind,
    Suggestion,
)
from factcheck.core.ratings import seed_ratings
from factcheck.core.sources import create_source
from factcheck.core.workflow import transition

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
DEMO_PASSWORD = "demo"

# username: (role, is_staff, is_superuser)
DEMO_USERS = {
    "reviewer": (roles.REVIEWER, False, False),
    "reviewer2": (roles.REVIEWER, False, False),
    "editor": (roles.EDITOR, True, False),
    "admin": (roles.ADMIN, True, True),
}

DEMO_SOURCES = [
    {
        "file": "kei-cars-comment.txt",
        "title": "Why you won't see kei cars in North America (reader comment)",
        "slug": "kei-cars-comment",
        "kind": SourceKind.COMMENT,
        "byline": "Anonymous commenter",
    },
    {
        "file": "kei-party-article.txt",
        "title": "Kei Party",
        "slug": "kei-party",
        "kind": SourceKind.ARTICLE,
        "byline": "Alex Kierstein",
        "published_on": date(2025, 12, 5),
    },
]


class Command(BaseCommand):
    help = "Load the demo accounts and sources. Safe to run again: nothing is duplicated."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "load_demo creates accounts with the password 'demo'; it runs only with DEBUG on. "
                "Use --force to load it anyway."
            )
        roles.ensure_roles()
        users = {name: self.demo_user(name, *spec) for name, spec in DEMO_USERS.items()}
        if not Rating.objects.exists():
            seed_ratings(Rating)
        for spec in DEMO_SOURCES:
            self.demo_source(dict(spec), users["reviewer"])
        for spec in DEMO_CLAIMS:
            self.demo_claim(dict(spec), users)
        comment = Source.objects.get(slug=DEMO_SOURCES[0]["slug"])
        if not Assignment.objects.filter(source=comment).exists():
            assign(comment, users["reviewer2"], by=users["editor"])
        self.stdout.write("Demo accounts (password: demo): " + ", ".join(DEMO_USERS))

    def demo_user(self, username, role, is_staff, is_superuser):
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={"is_staff": is_staff, "is_superuser": is_superuser},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(Group.objects.get(name=role))
        return user

    def demo_source(self, spec, user):
        path = DEMO_DIR / spec.pop("file")
        if Source.objects.filter(slug=spec["slug"]).exists():
            return
        text = text_from_upload(path.name, path.read_bytes())
        create_source(text=text, user=user, origin=RevisionOrigin.DEMO, filename=path.name, **spec)
        self.stdout.write(f"Loaded {spec['title']!r} at /sources/{spec['slug']}/")

    def demo_claim(self, spec, users):
        source = Source.objects.get(slug=spec.pop("source"))
        quote = spec.pop("quote")
        # Claims are added with their source only: a second run adds nothing.
        if source.claims.filter(quote=quote).exists() or source.revisions.count() != 1:
            return
        revision = source.current_revision
        start = revision.text.index(quote)
        first = revision.sentences.filter(start__lte=start).order_by("-index").first()
        author, editor = users[spec.pop("author")], users["editor"]
        citations, status = spec.pop("citations"), spec.pop("status")
        final = {k: spec.pop(k) for k in ("rating", "summary", "rationale")}
        first_verdict = spec.pop("first_verdict", None)
        correction_note = spec.pop("correction_note", "")
        changes_reason = spec.pop("changes_reason", "")
        retraction_note = spec.pop("retraction_note", "")
        assign_to = spec.pop("assign_to", None)
        suggestion = spec.pop("suggestion", None)
        blind_spec = spec.pop("blind", None)
        claim = create_claim(
            source=source,
            author=author,
            first=first.index,
            start=start,
            end=start + len(quote),
            **spec,
        )
        self.write_verdict(claim, author, **(first_verdict or final))
        for citation in citations:
            add_citation(claim, editor=author, archive=False, **citation)
        if assign_to:
            assign(claim, users[assign_to], by=editor)
        if blind_spec:
            self.demo_blind(claim, users, **blind_spec)
        if status == "draft":
            return
        transition(claim, "submit", author)
        if status == "changes_requested":
            transition(claim, "request_changes", editor, note=changes_reason)
        elif status in ("published", "corrected", "retracted"):
            transition(claim, "publish", editor)
        if status == "retracted":
            transition(claim, "retract", editor, note=retraction_note)
        if suggestion:
            notifications.after_suggestion(Suggestion.objects.create(claim=claim, **suggestion))
        if status == "corrected":
            transition(claim, "correct", editor)
            self.write_verdict(claim, author, correction_note=correction_note, **final)
            transition(claim, "submit", author)
            transition(claim, "publish", editor)

    def demo_blind(self, claim, users, *, reviewer, rating=None, **fields):
        """An editor's request for an independent rating, through the blind flow;
        rated (and so revealed) when the spec gives the second rating."""
        request = blind.request(claim, users[reviewer], by=users["editor"])
        if rating:
            blind.rate(
                request, reviewer=users[reviewer], rating=Rating.objects.get(slug=rating), **fields
            )

    def write_verdict(self, claim, author, *, rating, **fields):
        claim.refresh_from_db()
        rating = Rating.objects.filter(slug=rating).first() if rating else None
        save_verdict(claim, editor=author, version=claim.verdict_version, rating=rating, **fields)
