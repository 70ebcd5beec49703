from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse

from factcheck.core.models import ClaimStatus
from factcheck.core.siteurl import origin

from .published import claim_url, corrections, public_claims, sources_with_public_claims


class SiteURLSitemap(Sitemap):
    """Absolute URLs as core/siteurl.py builds them, like the JSON-LD."""

    def get_domain(self, site=None):
        return urlsplit(origin()).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(origin()).scheme


class SourceSitemap(SiteURLSitemap):
    changefreq = "weekly"

    def items(self):
        latest = Max(
            "claims__published_verdict__published_at",
            filter=~Q(claims__status=ClaimStatus.RETRACTED),
        )
        return sources_with_public_claims().annotate(latest_verdict=latest)

    def lastmod(self, source):
        return max(filter(None, [source.updated_at, source.latest_verdict]))


class ClaimSitemap(SiteURLSitemap):
    changefreq = "monthly"

    def items(self):
        return public_claims().order_by("pk")

    def location(self, claim):
        return claim_url(claim)

    def lastmod(self, claim):
        return claim.published_verdict.published_at


class CorrectionsSitemap(SiteURLSitemap):
    """The list of corrections and retractions, last changed with the latest one."""

    changefreq = "weekly"

    def items(self):
        return ["public:corrections"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return corrections().values_list("changed_at", flat=True).first()


SITEMAPS = {"corrections": CorrectionsSitemap, "sources": SourceSitemap, "claims": ClaimSitemap}
