"""The home page: latest fact-checks, filters, search, chart, pages."""

import re

import pytest
from django.urls import reverse

from factcheck.core.models import Claim
from factcheck.core.publicity import public_changed
from factcheck.core.workflow import transition
from factcheck.public.published import claim_url
from tests.factories import make_source

from .publishing import correct, published_claim, start_correction

pytestmark = pytest.mark.django_db

HOME = reverse("public:home")


@pytest.fixture
def checks(reviewer, editor):
    roads = make_source(text="Roads were built for buggies. Lanes are wide.", title="Roads")
    kei = make_source(text="Kei cars are small. They sell well.", title="Kei cars")
    return {
        "buggy": published_claim(roads, reviewer, editor, text="Roads fit buggies."),
        "lanes": published_claim(
            roads, reviewer, editor, sentence=1, text="Lanes are wide.", rating_slug="true"
        ),
        "small": published_claim(kei, reviewer, editor, text="Kei cars are tiny."),
    }


def titles(response):
    return re.findall(
        r'<h3 class="check-title"><a href="[^"]+">(.*?)</a>', response.content.decode()
    )


def test_latest_fact_checks_come_first_with_rating_source_and_date(client, checks):
    response = client.get(HOME)

    html = response.content.decode()
    assert titles(response) == ["Kei cars are tiny.", "Lanes are wide.", "Roads fit buggies."]
    assert '<span class="rating-badge" data-rating="true">' in html
    assert f'href="{claim_url(checks["small"])}"' in html
    assert '<a href="/sources/kei-cars/">Kei cars</a>' in html
    assert "<time datetime=" in html


def test_filter_by_rating(client, checks):
    assert titles(client.get(HOME, {"rating": "true"})) == ["Lanes are wide."]


def test_filter_by_source(client, checks):
    response = client.get(HOME, {"source": "roads"})

    assert titles(response) == ["Lanes are wide.", "Roads fit buggies."]


def test_search_matches_claim_text_and_quotes_case_insensitively(client, checks):
    assert titles(client.get(HOME, {"q": "TINY"})) == ["Kei cars are tiny."]
    assert titles(client.get(HOME, {"q": "built for"})) == ["Roads fit buggies."]


def test_filters_are_kept_in_the_form(client, checks):
    html = client.get(HOME, {"q": "<b>x</b>", "rating": "false"}).content.decode()

    assert 'value="&lt;b&gt;x&lt;/b&gt;"' in html
    assert '<option value="false" selected>' in html


def test_corrected_fact_check_says_so(client, checks, reviewer, editor):
    correct(checks["buggy"], reviewer, editor, text="Roads fit carts.", summary="No.")

    html = client.get(HOME).content.decode()

    assert "Roads fit carts." in html
    assert "Roads fit buggies." not in html
    assert "Corrected <time" in html


def test_chart_is_server_side_svg_with_a_text_alternative(client, checks):
    html = client.get(HOME).content.decode()

    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg
    assert "<title id=" in svg
    assert "False 2, " in svg or "False 2." in svg
    assert svg.count("<rect") == 2
    assert '<th scope="row">True</th><td>1</td>' in html
    assert "<script" not in svg


def test_results_are_paginated_and_pages_keep_the_filters(client, reviewer, editor):
    source = make_source(text=" ".join(f"Claim sentence {i}." for i in range(25)), title="Many")
    for i in range(25):
        published_claim(source, reviewer, editor, sentence=i, text=f"Claim {i}.")

    first = client.get(HOME, {"source": "many"})
    second = client.get(HOME, {"source": "many", "page": "2"})

    assert len(titles(first)) == 20
    assert len(titles(second)) == 5
    assert 'href="/?source=many&amp;page=2"' in first.content.decode()
    assert "page 2 of 2" in second.content.decode()


def test_htmx_request_gets_only_the_results(client, checks):
    response = client.get(HOME, {"rating": "true"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "<html" not in html
    assert titles(response) == ["Lanes are wide."]


def test_htmx_history_restore_gets_the_whole_page(client, checks):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}

    response = client.get(HOME, headers=headers)

    assert b"<html" in response.content


def test_empty_home_says_nothing_is_published(client, db):
    html = client.get(HOME).content.decode()

    assert "0 fact-checks" in html
    assert "No published verdicts yet." in html


def source_options(response):
    html = response.content.decode()
    select = html.split('<select id="filter-source"')[1].split("</select>")[0]
    return re.findall(r'<option value="([^"]+)"', select)


def test_the_source_filter_offers_the_sources_of_the_latest_fact_checks_and_the_chosen_one(
    client, reviewer, editor, monkeypatch
):
    from factcheck.core.models import Verdict
    from factcheck.public import published

    monkeypatch.setattr(published, "SOURCE_CHOICES", 2)
    claims = []
    for n, slug in enumerate(["old", "middle", "new", "newest"]):
        source = make_source(text="One claim here.", title=f"Source {slug}", slug=slug)
        claim = published_claim(source, reviewer, editor)
        Verdict.objects.filter(pk=claim.published_verdict_id).update(
            published_at=claim.published_verdict.published_at.replace(year=2020 + n)
        )
        claims.append(claim)
    make_source(text="Nothing published.", slug="unchecked")

    assert source_options(client.get(reverse("public:home"))) == ["new", "newest"]
    chosen = client.get(reverse("public:home"), {"source": "old"})
    assert source_options(chosen) == ["new", "newest", "old"]
    assert source_options(client.get(reverse("public:home"), {"source": "unchecked"})) == [
        "new",
        "newest",
    ]


def chart_counts(client):
    return dict(
        re.findall(r'<th scope="row">(.*?)</th><td>(\d+)</td>', client.get(HOME).content.decode())
    )


def test_chart_follows_corrections_retractions_and_deletions(client, checks, reviewer, editor):
    # PostgreSQL keeps these counts by a trigger (0010_search); SQLite counts the claims.
    assert chart_counts(client) == {"False": "2", "True": "1"}

    correct(checks["buggy"], reviewer, editor, text="Roads fit carts.", summary="Yes.")
    assert chart_counts(client) == {"False": "1", "True": "2"}

    start_correction(checks["small"], reviewer, editor, text="Kei cars are big.", summary="No.")
    assert chart_counts(client) == {"False": "1", "True": "2"}  # still its published verdict

    transition(checks["lanes"], "retract", editor, note="Wrong.")
    assert chart_counts(client) == {"False": "1", "True": "1"}

    Claim.objects.filter(pk=checks["buggy"].pk).delete()
    public_changed()  # the cached home page is of the previous epoch
    assert chart_counts(client) == {"False": "1"}
    assert "1 fact-check" in client.get(HOME).content.decode()
