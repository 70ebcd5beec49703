"""Imported fact-checks on the public side: shown like any other, and saying whose they are."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from factcheck.core.models import ImportedReview, Rating
from factcheck.core.ratings import seed_ratings
from factcheck.core.similar import similar_claims

from .publishing import sitemap_text

pytestmark = pytest.mark.django_db

FIXTURE = (
    Path(__file__).parent.parent
    / "core"
    / "fixtures"
    / "claimreview"
    / "google_factcheck_tools.json"
)
REVIEW_URL = "https://verifica.example/articles/2023/11/vaccine-microchip"


@pytest.fixture(autouse=True)
def rating_scale(db):
    """The default scale, as migrated (a flushed database from an earlier test has none)."""
    seed_ratings(Rating)


@pytest.fixture
def imported(editor):
    call_command("import_claimreview", str(FIXTURE), "--user", editor.username, stdout=StringIO())
    return ImportedReview.objects.select_related("claim__source").get()


def claim_page(client, imported):
    response = client.get(reverse("public:claim-short", args=[imported.claim_id]), follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_the_claim_page_names_the_publisher_and_links_to_the_original(client, imported):
    page = claim_page(client, imported)
    assert "The new flu vaccine contains a tracking microchip" in page
    assert "Rating by Verifica:" in page
    assert f'<a href="{REVIEW_URL}" rel="nofollow noopener">Read the original review</a>' in page
    assert "Their rating as published: Pants on Fire · 1 of 1–5" in page
    assert "not reviewed by our desk" in page
    assert "Approved by" not in page and "Our rating" not in page


def test_the_claim_page_json_ld_credits_the_publisher_with_its_review(client, imported):
    page = claim_page(client, imported)
    data = json.loads(
        re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S)[1]
    )
    assert data["url"] == REVIEW_URL
    assert data["author"] == {
        "@type": "Organization",
        "name": "Verifica",
        "url": "https://verifica.example/",
    }
    assert data["datePublished"] == "2023-11-04"
    assert data["itemReviewed"]["appearance"]["url"] == "https://video.example/watch?v=abc123"
    assert data["reviewRating"]["alternateName"] == "False"


def test_home_search_sitemap_api_and_source_page_show_it(client, imported):
    claim_path = reverse("public:claim-short", args=[imported.claim_id])
    assert "tracking microchip" in client.get(reverse("public:home")).content.decode()
    assert (
        "tracking microchip" in client.get(reverse("public:home") + "?q=microchip").content.decode()
    )
    assert claim_path.rstrip("/") in sitemap_text(client)
    items = client.get(reverse("api:claims")).json()["items"]
    assert [item["id"] for item in items] == [imported.claim_id]
    assert items[0]["imported"] == {
        "publisher": "Verifica",
        "publisher_url": "https://verifica.example/",
        "review_url": REVIEW_URL,
        "date_published": "2023-11-04",
    }
    detail = client.get(reverse("api:claim", args=[imported.claim_id])).json()
    assert detail["imported"]["review_url"] == REVIEW_URL
    assert detail["verdicts"][0]["approved_by"] == ""
    source = client.get(imported.claim.source.get_absolute_url())
    assert source.status_code == 200 and "tracking microchip" in source.content.decode()


def test_a_claim_on_the_desk_finds_the_imported_fact_check_as_similar(imported):
    found = similar_claims("The new flu vaccine contains a tracking microchip.")
    assert [item.claim.pk for item in found] == [imported.claim_id]
