"""The Atom feed, the sitemap, robots.txt and the methodology page."""

import xml.etree.ElementTree as ET
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from factcheck.core.models import Claim, Verdict
from factcheck.core.workflow import transition
from factcheck.public import sitemaps
from factcheck.public.published import claim_url
from tests.factories import bulk_claims, make_complete_claim, make_source, rating

from .publishing import correct, publish_in_bulk, published_claim

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
# Absolute URLs of a request are the request's: the test client asks for "testserver".
BASE = "http://testserver"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def feed_entries(client):
    response = client.get(reverse("public:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def test_feed_has_an_entry_per_publication_and_correction(client, reviewer, editor, settings):
    source = make_source()
    claim = published_claim(source, reviewer, editor, text="Roads fit buggies.")
    claim = correct(claim, reviewer, editor, text="Roads fit carts.", summary="No <b>way</b>.")

    entries = feed_entries(client)

    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    assert titles == ["Corrected: True — Roads fit carts.", "False — Roads fit buggies."]
    links = {entry.find(f"{ATOM}link").get("href") for entry in entries}
    assert links == {f"{BASE}{claim_url(claim)}"}
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == 2
    assert (
        entries[0].findtext(f"{ATOM}summary")
        == "<p>No &lt;b&gt;way&lt;/b&gt;.</p><p>Correction: Fixed.</p>"
    )


def test_feed_leaves_out_unpublished_claims_and_says_what_was_retracted(client, reviewer, editor):
    source = make_source(text="One. Two. Three.")
    kept = published_claim(source, reviewer, editor, text="Kept claim.")
    gone = published_claim(source, reviewer, editor, sentence=1, text="Gone claim.")
    transition(gone, "retract", editor, note="No.")
    make_complete_claim(source, reviewer, sentence=2, text="Draft claim.")

    titles = [entry.findtext(f"{ATOM}title") for entry in feed_entries(client)]

    assert titles == ["Retracted: Gone claim.", f"False — {kept.published_verdict.claim_text}"]


def sitemap_locations(client, url, dated=True):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}urlset"
    if dated:
        assert all(url.findtext(f"{SITEMAP}lastmod") for url in root.findall(f"{SITEMAP}url"))
    return [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]


def sitemap_index(client):
    root = ET.fromstring(client.get(reverse("public:sitemap")).content)
    assert root.tag == f"{SITEMAP}sitemapindex"
    return [entry.findtext(f"{SITEMAP}loc") for entry in root.findall(f"{SITEMAP}sitemap")]


def test_sitemap_lists_sources_with_public_claims_and_the_claims(
    client, reviewer, editor, settings
):
    checked = make_source(title="Checked")
    make_source(title="Unchecked")
    claim = published_claim(checked, reviewer, editor)

    pages = sitemap_index(client)

    assert pages == [
        f"{BASE}/sitemap-corrections.xml",
        f"{BASE}/sitemap-sources.xml",
        f"{BASE}/sitemap-claims.xml",
    ]
    # The corrections list has no date until there is a correction.
    corrections = sitemap_locations(client, pages[0], dated=False)
    locations = [loc for page in pages[1:] for loc in sitemap_locations(client, page)]
    assert corrections == [f"{BASE}/corrections/"]
    assert locations == [f"{BASE}/sources/checked/", f"{BASE}{claim_url(claim)}"]


def test_sitemap_index_pages_hold_every_public_claim_once_and_no_more_than_a_page_each(
    client, reviewer, editor, settings, monkeypatch
):
    monkeypatch.setattr(sitemaps.SiteURLSitemap, "limit", 3)
    source = make_source(text="One. Two. Three. Four. Five. Six. Seven. Eight.")
    bulk_claims(source, reviewer, 8)
    claims = publish_in_bulk(source, editor)
    draft = claims[4]  # a gap in the keys: a page may hold fewer
    Claim.objects.filter(pk=draft.pk).update(published_verdict=None, status="draft")

    pages = [page for page in sitemap_index(client) if "claims" in page]
    seen = [sitemap_locations(client, page.removeprefix(BASE)) for page in pages]

    assert len(pages) == 3  # 8 keys, 3 a page
    assert all(len(urls) <= 3 for urls in seen)
    expected = [f"{BASE}{claim_url(c)}" for c in claims if c.pk != draft.pk]
    assert [url for urls in seen for url in urls] == expected


def test_sitemap_pages_past_the_last_or_of_no_section_are_not_found(client, reviewer, editor):
    published_claim(make_source(), reviewer, editor)

    assert (
        client.get(reverse("public:sitemap-section", args=["claims"]) + "?p=2").status_code == 404
    )
    assert (
        client.get(reverse("public:sitemap-section", args=["claims"]) + "?p=x").status_code == 404
    )
    assert client.get(reverse("public:sitemap-section", args=["users"])).status_code == 404


def test_sitemap_pages_stay_within_the_protocol_limit():
    assert 0 < sitemaps.PAGE_SIZE <= 50_000


def test_robots_allows_all_but_the_desk_and_admin(client, settings):
    response = client.get("/robots.txt")

    text = response.content.decode()
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "User-agent: *" in text
    assert "Disallow: /review/" in text
    assert "Disallow: /admin/" in text
    assert f"Sitemap: {BASE}/sitemap.xml" in text


def test_methodology_publishes_the_rating_scale(client, db):
    rating("false")  # seeds the default scale

    html = client.get(reverse("public:methodology")).content.decode()

    assert "The claim is not accurate." in html
    assert '<span class="rating-badge" data-rating="misleading">' in html
    assert "from 1 (worst) to 5 (best)" in html
    assert 'aria-current="page">Methodology</a>' in html


def test_claims_sitemap_gives_each_claim_its_url_and_the_local_day_of_its_last_verdict(
    client, reviewer, editor, settings
):
    # Rows, not instances, and the time zone read once a page: the same entries.
    settings.TIME_ZONE = "Pacific/Auckland"
    source = make_source(text="Roads are old. Lanes are wide.")
    first = published_claim(source, reviewer, editor, text="Roads are old & <narrow>.")
    second = correct(
        published_claim(source, reviewer, editor, sentence=1, text="Lanes are wide."),
        reviewer, editor, text="Lanes are quite wide.", summary="Measured.",
    )  # fmt: skip
    late = timezone.make_aware(datetime(2025, 1, 1, 23, 30), timezone.get_fixed_timezone(0))
    Verdict.objects.filter(pk=first.published_verdict_id).update(published_at=late)

    response = client.get(reverse("public:sitemap-section", args=["claims"]))

    entries = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in ET.fromstring(response.content).findall(f"{SITEMAP}url")
    }
    second.refresh_from_db()
    assert entries == {
        f"{BASE}{claim_url(first)}": "2025-01-02",  # 23:30 UTC is the next day in Auckland
        f"{BASE}{claim_url(second)}": timezone.localdate(
            second.published_verdict.published_at
        ).isoformat(),
    }
