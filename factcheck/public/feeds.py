from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html

from .published import absolute, claim_url, feed_verdicts


class LatestFactChecks(Feed):
    """New fact-checks and corrections: one entry per published verdict."""

    feed_type = Atom1Feed
    item_guid_is_permalink = False

    def title(self):
        return f"{settings.FACTCHECK_ORGANISATION}: new and corrected fact-checks"

    def subtitle(self):
        return "Each fact-check as it is published, and again when it is corrected."

    def link(self):
        return absolute(reverse("public:home"))

    def feed_url(self):
        return absolute(reverse("public:feed"))

    def author_name(self):
        return settings.FACTCHECK_ORGANISATION

    def items(self):
        return feed_verdicts()

    def item_title(self, verdict):
        prefix = "Corrected: " if verdict.number > 1 else ""
        return f"{prefix}{verdict.rating.label} — {verdict.claim_text}"

    def item_description(self, verdict):
        # Atom's summary is HTML: the plain-text fields are escaped here.
        if verdict.number > 1 and verdict.correction_note:
            return format_html(
                "<p>{}</p><p>Correction: {}</p>", verdict.summary, verdict.correction_note
            )
        return format_html("<p>{}</p>", verdict.summary)

    def item_link(self, verdict):
        return absolute(claim_url(verdict.claim))

    def item_guid(self, verdict):
        return f"{absolute(claim_url(verdict.claim))}#verdict-{verdict.number}"

    def item_pubdate(self, verdict):
        return verdict.published_at

    def item_updateddate(self, verdict):
        return verdict.published_at

    def item_categories(self, verdict):
        return [verdict.rating.label]

    def item_author_name(self, verdict):
        return settings.FACTCHECK_ORGANISATION
