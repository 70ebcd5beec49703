from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html

from .published import absolute, claim_url, feed_entries


class LatestFactChecks(Feed):
    """New fact-checks, corrections and retractions: one entry per published
    verdict, and one when a fact-check is retracted."""

    feed_type = Atom1Feed
    item_guid_is_permalink = False

    def title(self):
        return f"{settings.FACTCHECK_ORGANISATION}: new and corrected fact-checks"

    def subtitle(self):
        return "Each fact-check as it is published, again when it is corrected, and when it is retracted."

    def link(self):
        return absolute(reverse("public:home"))

    def feed_url(self):
        return absolute(reverse("public:feed"))

    def author_name(self):
        return settings.FACTCHECK_ORGANISATION

    def items(self):
        return feed_entries()

    def item_title(self, entry):
        verdict = entry.verdict
        if entry.retraction:
            return f"Retracted: {verdict.claim_text}"
        prefix = "Corrected: " if verdict.number > 1 else ""
        return f"{prefix}{verdict.rating.label} — {verdict.claim_text}"

    def item_description(self, entry):
        # Atom's summary is HTML: the plain-text fields are escaped here.
        verdict = entry.verdict
        if entry.retraction:
            return format_html(
                "<p>Retracted: {}</p><p>It was rated {}.</p>",
                entry.claim.status_note,
                verdict.rating.label,
            )
        if verdict.number > 1 and verdict.correction_note:
            return format_html(
                "<p>{}</p><p>Correction: {}</p>", verdict.summary, verdict.correction_note
            )
        return format_html("<p>{}</p>", verdict.summary)

    def item_link(self, entry):
        return absolute(claim_url(entry.claim))

    def item_guid(self, entry):
        fragment = "retraction" if entry.retraction else f"verdict-{entry.verdict.number}"
        return f"{absolute(claim_url(entry.claim))}#{fragment}"

    def item_pubdate(self, entry):
        return entry.at

    def item_updateddate(self, entry):
        return entry.at

    def item_categories(self, entry):
        return ["Retraction" if entry.retraction else entry.verdict.rating.label]

    def item_author_name(self, entry):
        return settings.FACTCHECK_ORGANISATION
