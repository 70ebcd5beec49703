"""The ClaimReview JSON-LD on a claim page: every property, matching the page."""

import json
import re
from datetime import date

import pytest
from django.test import override_settings

from factcheck.core.claims import update_claim
from factcheck.core.models import ClaimantType
from factcheck.core.workflow import transition
from factcheck.public.published import claim_url
from tests.factories import make_source

from .publishing import correct, published_claim

pytestmark = pytest.mark.django_db


def json_ld(html):
    blocks = re.findall(
        r'<script type="application/ld\+json" nonce="([^"]+)">(.*?)</script>', html, re.S
    )
    assert len(blocks) == 1
    nonce, data = blocks[0]
    return nonce, json.loads(data)


@pytest.fixture
def claim_page(client, reviewer, editor):
    source = make_source(
        text="Roads were built for buggies. Lanes are wide.",
        title="Roads <b>&</b> buggies",
        origin_url="https://news.example/roads",
        byline="A. Writer",
    )
    claim = published_claim(
        source, reviewer, editor, text="Roads fit a </script> buggy.", claimant="A commenter"
    )
    claim = correct(
        claim, reviewer, editor, text="Roads fit a </script> buggy & cart.", summary="Not so."
    )
    response = client.get(claim_url(claim), follow=True)
    return claim, response


def test_page_has_one_claim_review_with_the_csp_nonce(claim_page):
    _, response = claim_page
    html = response.content.decode()

    nonce, data = json_ld(html)

    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ClaimReview"


def test_claim_review_escapes_markup_inside_the_script(claim_page):
    html = claim_page[1].content.decode()
    script = html.split('type="application/ld+json"')[1].split("</script>")[0]

    assert "\\u003C/script\\u003E" in script
    assert "\\u0026" in script
    assert "</script" not in script.split(">", 1)[1]


@override_settings(FACTCHECK_ORGANISATION="Desk & Co", ALLOWED_HOSTS=["checks.example"])
def test_claim_review_has_every_property(client, reviewer, editor):
    source = make_source(
        text="Kei cars are small. They sell.",
        title="Kei",
        origin_url="https://o.example/kei",
        published_on=date(2025, 12, 5),
    )
    claim = published_claim(source, reviewer, editor, text="Kei cars are small.", claimant="Alex")

    page = client.get(claim_url(claim), secure=True, headers={"host": "checks.example"})
    _, data = json_ld(page.content.decode())

    verdict = claim.published_verdict
    assert data["url"] == f"https://checks.example{claim_url(claim)}"
    assert data["claimReviewed"] == "Kei cars are small."
    assert data["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "False",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert data["author"] == {
        "@type": "Organization",
        "name": "Desk & Co",
        "url": "https://checks.example/",
    }
    assert data["datePublished"] == verdict.published_at.date().isoformat()
    assert data["dateModified"] == verdict.published_at.date().isoformat()
    assert data["itemReviewed"] == {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Alex"},
        "appearance": {
            "@type": "CreativeWork",
            "url": "https://o.example/kei",
            "headline": "Kei",
            "datePublished": "2025-12-05",
        },
    }


def test_rating_off_the_scale_has_a_name_and_no_value(client, reviewer, editor):
    source = make_source()
    claim = published_claim(source, reviewer, editor, rating_slug="misleading")

    _, data = json_ld(client.get(claim_url(claim)).content.decode())

    assert data["reviewRating"] == {"@type": "Rating", "alternateName": "Misleading"}


def test_claim_review_matches_what_the_page_shows(claim_page):
    claim, response = claim_page
    html = response.content.decode()
    _, data = json_ld(html)

    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert h1 == "Roads fit a &lt;/script&gt; buggy &amp; cart."
    assert data["claimReviewed"] == "Roads fit a </script> buggy & cart."
    assert f'<link rel="canonical" href="{data["url"]}">' in html
    assert f"{data['reviewRating']['alternateName']}</span>" in html
    assert f'<time datetime="{data["datePublished"]}">' in html
    assert f'<time datetime="{data["dateModified"]}">' in html
    assert data["itemReviewed"]["author"]["name"] in html
    assert data["itemReviewed"]["appearance"]["headline"] == "Roads <b>&</b> buggies"
    assert "Roads &lt;b&gt;&amp;&lt;/b&gt; buggies" in html


def test_corrected_claim_dates_span_first_and_latest_verdicts(claim_page):
    claim, response = claim_page
    _, data = json_ld(response.content.decode())

    first, latest = claim.verdicts.order_by("number")
    assert data["datePublished"] == first.published_at.date().isoformat()
    assert data["dateModified"] == latest.published_at.date().isoformat()
    assert data["reviewRating"]["alternateName"] == "True"


def test_claim_date_is_sent_as_the_items_date_published(client, reviewer, editor):
    source = make_source(text="Kei cars are small. They sell.")
    claim = published_claim(source, reviewer, editor, claim_date=date(2025, 3, 14))

    _, data = json_ld(client.get(claim_url(claim)).content.decode())

    assert data["itemReviewed"]["datePublished"] == "2025-03-14"


def test_a_claim_without_a_date_has_no_item_date(client, reviewer, editor):
    claim = published_claim(make_source(), reviewer, editor)

    _, data = json_ld(client.get(claim_url(claim)).content.decode())

    assert "datePublished" not in data["itemReviewed"]


def test_claimant_is_typed_as_the_reviewer_says(client, reviewer, editor):
    claim = published_claim(
        make_source(),
        reviewer,
        editor,
        claimant="Ministry of Roads",
        claimant_type=ClaimantType.ORGANIZATION,
    )

    _, data = json_ld(client.get(claim_url(claim)).content.decode())

    assert data["itemReviewed"]["author"] == {
        "@type": "Organization",
        "name": "Ministry of Roads",
    }


def test_a_correction_in_progress_keeps_the_published_claimant_and_date(client, reviewer, editor):
    claim = published_claim(
        make_source(), reviewer, editor, claimant="Alex", claim_date=date(2025, 1, 2)
    )
    claim = transition(claim, "correct", editor)
    update_claim(
        claim,
        editor=reviewer,
        version=claim.version,
        claimant="Ministry",
        claimant_type=ClaimantType.ORGANIZATION,
        claim_date=date(2026, 6, 6),
    )

    _, data = json_ld(client.get(claim_url(claim)).content.decode())

    assert data["itemReviewed"]["author"] == {"@type": "Person", "name": "Alex"}
    assert data["itemReviewed"]["datePublished"] == "2025-01-02"
