"""Published claims for public-page tests, through the workflow or in bulk."""

from django.urls import reverse
from django.utils import timezone

from factcheck.core.claims import update_claim
from factcheck.core.models import Claim, ClaimStatus, Verdict
from factcheck.core.publicity import public_changed
from factcheck.core.workflow import transition
from factcheck.public.sitemaps import SITEMAPS
from tests.factories import make_complete_claim, write_verdict


def publish(claim, author, editor):
    transition(claim, "submit", author)
    return transition(claim, "publish", editor)


def published_claim(source, author, editor, **fields):
    return publish(make_complete_claim(source, author, **fields), author, editor)


def start_correction(claim, author, editor, *, text, summary, rating_slug="true", note="Fixed."):
    """Back to draft with new working text and verdict, not yet published."""
    claim = transition(claim, "correct", editor)
    claim = update_claim(
        claim, editor=author, version=claim.version, text=text, claimant=claim.claimant, notes=""
    )
    return write_verdict(
        claim,
        author,
        rating_slug=rating_slug,
        summary=summary,
        rationale=f"{summary} (rationale)",
        correction_note=note,
    )


def correct(claim, author, editor, **changes):
    return publish(start_correction(claim, author, editor, **changes), author, editor)


def publish_in_bulk(source, editor):
    """Publish every claim of `source` cheaply: one Verdict each, in bulk."""
    now = timezone.now()
    claims = list(source.claims.select_related("rating"))
    verdicts = Verdict.objects.bulk_create(
        Verdict(
            claim=claim,
            number=1,
            rating=claim.rating,
            summary=f"Summary of {claim.text}",
            rationale="Because.",
            rationale_html="<p>Because.</p>",
            claim_text=claim.text,
            quote=claim.quote,
            revision_id=claim.revision_id,
            start=claim.start,
            end=claim.end,
            approved_by=editor,
            published_at=now,
        )
        for claim in claims
    )
    for claim, verdict in zip(claims, verdicts, strict=True):
        claim.published_verdict = verdict
        claim.status = ClaimStatus.PUBLISHED
    Claim.objects.bulk_update(claims, ["published_verdict", "status"], batch_size=500)
    public_changed()
    return claims


def sitemap_urls():
    """The sitemap index and the first page of each of its sections."""
    sections = [reverse("public:sitemap-section", args=[name]) for name in SITEMAPS]
    return [reverse("public:sitemap"), *sections]


def sitemap_text(client):
    """The index and the first page of each section, as one text."""
    return "".join(client.get(url).content.decode() for url in sitemap_urls())
