"""The Atom feed, the sitemap, robots.txt and the methodology page."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from factcheck.core.workflow import transition
from factcheck.public.published import claim_url
from tests.factories import make_complete_claim, make_source, rating

from .publishing import correct, published_claim

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


def test_sitemap_lists_sources_with_public_claims_and_the_claims(
    client, reviewer, editor, settings
):
    checked = make_source(title="Checked")
    make_source(title="Unchecked")
    claim = published_claim(checked, reviewer, editor)

    response = client.get(reverse("public:sitemap"))

    root = ET.fromstring(response.content)
    locations = [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]
    assert locations == [
        f"{BASE}/corrections/",
        f"{BASE}/sources/checked/",
        f"{BASE}{claim_url(claim)}",
    ]
    # The corrections list has no date until there is a correction.
    assert all(url.findtext(f"{SITEMAP}lastmod") for url in root.findall(f"{SITEMAP}url")[1:])


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
