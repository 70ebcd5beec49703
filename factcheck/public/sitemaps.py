"""The sitemap: an index (/sitemap.xml) of pages (/sitemap-<section>.xml?p=n).

The protocol allows 50,000 URLs a page. Pages here are ranges of primary keys
(page n holds the PAGE_SIZE keys from the smallest pk + (n-1)·PAGE_SIZE on), so
a page never holds more than PAGE_SIZE URLs, page 50 costs what page 1 costs
(no OFFSET that grows with depth), and the index needs only the smallest and
largest pk of the table. A page may hold fewer URLs than PAGE_SIZE (even none,
after a long run of unpublished claims), as unpublished rows leave gaps."""

from datetime import datetime
from math import ceil
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, Page, PageNotAnInteger
from django.db.models import Max, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe

from factcheck.core.models import Claim, ClaimStatus
from factcheck.core.siteurl import origin

from .published import claim_path, corrections, sources_with_public_claims

PAGE_SIZE = 1_000  # well inside the protocol's 50,000; a page renders in milliseconds


class KeyRangePaginator:
    """What Django's sitemap views ask of a paginator (num_pages, page(n)),
    with pages as primary-key ranges of `queryset`."""

    def __init__(self, queryset, per_page, *, keys=None):
        self.queryset = queryset.order_by("pk")
        self.keys = (queryset if keys is None else keys).order_by()
        self.per_page = per_page

    @cached_property
    def key_range(self):
        keys = self.keys.aggregate(low=Min("pk"), high=Max("pk"))
        return (keys["low"], keys["high"]) if keys["low"] is not None else (1, 0)

    @cached_property
    def num_pages(self):
        low, high = self.key_range
        return max(1, ceil((high - low + 1) / self.per_page))

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer.")
        if not 1 <= number <= self.num_pages:
            raise EmptyPage("That page contains no results.")
        return number

    def page(self, number):
        number = self.validate_number(number)
        low = self.key_range[0] + (number - 1) * self.per_page
        rows = self.queryset.filter(pk__gte=low, pk__lt=low + self.per_page)
        return Page(rows, number, self)


class SiteURLSitemap(Sitemap):
    """Absolute URLs as core/siteurl.py builds them, like the JSON-LD; pages by
    primary-key range."""

    limit = PAGE_SIZE

    def get_domain(self, site=None):
        return urlsplit(origin()).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(origin()).scheme

    @cached_property
    def paginator(self):
        return KeyRangePaginator(self.items(), self.limit, keys=self.keys())

    def keys(self):
        """The rows whose smallest and largest pk bound the pages: the whole table
        (two index reads; the public ones among them need a scan of every claim)."""
        return self.items().model.objects.all()

    def get_urls(self, *args, **kwargs):
        """Django's URL entries, each with its XML written here once: the
        template's tags and filters a URL were half of a 1,000-URL page."""
        urls = super().get_urls(*args, **kwargs)
        zone = timezone.get_current_timezone()  # once a page, not once a URL
        for url in urls:
            url["xml"] = url_xml(url, zone)
        return urls

    def get_latest_lastmod(self):
        # Django's own asks lastmod() of every item, all pages of them.
        return None


def url_xml(url, zone):
    """One <url> element (the protocol's loc, lastmod as a date, changefreq)."""
    parts = [f"  <url>\n    <loc>{escape(url['location'])}</loc>\n"]
    if lastmod := url["lastmod"]:
        if isinstance(lastmod, datetime) and timezone.is_aware(lastmod):
            lastmod = timezone.localtime(lastmod, zone)  # as the template's date filter did
        parts.append(f"    <lastmod>{lastmod:%Y-%m-%d}</lastmod>\n")
    if url["changefreq"]:
        parts.append(f"    <changefreq>{escape(url['changefreq'])}</changefreq>\n")
    parts.append("  </url>\n")
    return mark_safe("".join(parts))


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
        # Only what a URL and its date need, as (pk, text, published_at) rows:
        # whole claims, sources, verdicts and ratings for 1,000 URLs were most
        # of a page's time, and then the claim and verdict instances still half.
        return Claim.objects.public().values_list(
            "pk", "published_verdict__claim_text", "published_verdict__published_at"
        )

    def location(self, row):
        return claim_path(*row[:2])

    def lastmod(self, row):
        return row[2]


class CorrectionsSitemap(SiteURLSitemap):
    """The list of corrections and retractions, last changed with the latest one."""

    changefreq = "weekly"
    paginator = Sitemap.paginator  # one URL: Django's own paginator

    def items(self):
        return ["public:corrections"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return corrections().values_list("changed_at", flat=True).first()


SITEMAPS = {"corrections": CorrectionsSitemap, "sources": SourceSitemap, "claims": ClaimSitemap}


def index_entries():
    """The absolute URL of every page of every section, for the index."""
    entries = []
    for section, sitemap in SITEMAPS.items():
        url = origin() + reverse("public:sitemap-section", args=[section])
        pages = sitemap().paginator.num_pages
        entries += [url if n == 1 else f"{url}?p={n}" for n in range(1, pages + 1)]
    return entries
