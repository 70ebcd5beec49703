"""Public search: published snapshots only, over claim, summary, rationale and
quote, ranked, with highlighted snippets and filters."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from factcheck.core.search import excerpt, text_search_config
from tests.factories import make_complete_claim, make_source, write_verdict

from .publishing import publish

pytestmark = pytest.mark.django_db

HOME = reverse("public:home")
TEXT = (
    "American roads were designed for horse and buggy. "
    "High winds push small cars off the road. "
    "Kei cars cannot be imported. "
    "The minister said trains are late."
)


def checked(source, author, editor, *, sentence, text, summary, rationale, claimant=""):
    claim = make_complete_claim(source, author, sentence=sentence, text=text, claimant=claimant)
    write_verdict(
        claim,
        author,
        rating_slug="false",
        summary=summary,
        rationale=rationale,
    )
    return publish(claim, author, editor)


@pytest.fixture
def checks(reviewer, editor):
    source = make_source(text=TEXT, title="Roads and cars")
    return {
        "roads": checked(
            source, reviewer, editor, sentence=0,
            text="US roads were built for buggies.",
            summary="Modern lane widths follow motor-vehicle standards.",
            rationale="Highway design manuals date from the 1950s.",
            claimant="A forum user",
        ),
        "winds": checked(
            source, reviewer, editor, sentence=1,
            text="Wind blows small cars off the road.",
            summary="Crosswind stability is tested.",
            rationale="Regulators test crosswind stability; lane widths play no part.",
        ),
        "imports": checked(
            source, reviewer, editor, sentence=2,
            text="Kei cars are banned from import.",
            summary="The 25-year rule allows imports.",
            rationale="Vehicles older than 25 years are exempt.",
            claimant="<script>alert(1)</script> Dealer",
        ),
    }  # fmt: skip


def titles(response):
    return re.findall(
        r'<h3 class="check-title"><a href="[^"]+">(.*?)</a>', response.content.decode()
    )


def test_words_in_a_summary_are_found(client, checks):
    assert "US roads were built for buggies." in titles(client.get(HOME, {"q": "lane widths"}))


def test_words_in_a_rationale_are_found(client, checks):
    assert titles(client.get(HOME, {"q": "manuals"})) == ["US roads were built for buggies."]


def test_a_match_in_the_summary_ranks_above_one_in_the_rationale(client, checks):
    found = titles(client.get(HOME, {"q": "lane widths"}))

    assert found == ["US roads were built for buggies.", "Wind blows small cars off the road."]


def test_english_words_are_found_in_other_forms(client, checks):
    assert titles(client.get(HOME, {"q": "importing"})) == ["Kei cars are banned from import."]
    assert titles(client.get(HOME, {"q": "buggy"})) == ["US roads were built for buggies."]


def test_snippet_marks_the_matched_words(client, checks):
    body = client.get(HOME, {"q": "manuals"}).content.decode()

    snippet = re.search(r'<p class="check-snippet">(.*?)</p>', body, re.S).group(1)
    assert "<mark>manuals</mark>" in snippet


def test_snippet_escapes_markup_from_the_text(client, reviewer, editor):
    source = make_source(text="Kei cars are small. Nothing else.", title="Scripts")
    checked(
        source, reviewer, editor, sentence=0,
        text="Kei cars are <script>alert('x')</script> tiny.",
        summary="Small <b>cars</b>.", rationale="Tiny indeed.",
    )  # fmt: skip

    body = client.get(HOME, {"q": "tiny"}).content.decode()

    snippet = re.search(r'<p class="check-snippet">(.*?)</p>', body, re.S).group(1)
    # Escaped on SQLite; PostgreSQL's headline drops tags and keeps the words.
    assert "<script>" not in snippet and "<b>" not in snippet
    assert "alert(&#x27;x&#x27;)" in snippet
    assert "<mark>tiny</mark>" in snippet


def test_excerpt_is_a_window_around_the_first_match():
    text = "x " * 300 + "the lane widths are standard " + "y " * 300

    snippet = excerpt(text, ["lane", "width"])

    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert "<mark>lane</mark> <mark>widths</mark>" in snippet
    assert len(snippet) < 300


def test_filter_by_claimant(client, checks):
    assert titles(client.get(HOME, {"claimant": "forum"})) == ["US roads were built for buggies."]


def test_filter_by_published_date(client, checks):
    # The days they were published on (the fixture may cross midnight).
    days = sorted(c.published_verdict.published_at.date().isoformat() for c in checks.values())

    assert len(titles(client.get(HOME, {"since": days[0], "until": days[-1]}))) == 3
    assert titles(client.get(HOME, {"until": "2000-01-01"})) == []


def test_a_bad_date_says_how_to_write_it_and_keeps_the_input(client, checks):
    body = client.get(HOME, {"since": "31/12/2026", "q": "roads"}).content.decode()

    assert "Write dates as YYYY-MM-DD" in body
    assert 'value="31/12/2026"' in body and 'value="roads"' in body


def test_search_and_filters_combine(client, checks):
    assert titles(client.get(HOME, {"q": "lane widths", "claimant": "forum"})) == [
        "US roads were built for buggies."
    ]


def test_htmx_search_returns_the_results_region(client, checks):
    response = client.get(HOME, {"q": "lane widths"}, headers={"HX-Request": "true"})

    assert b'id="results"' in response.content and b"<html" not in response.content
    assert b"<mark>" in response.content


def test_search_queries_do_not_grow_with_the_results(
    client, reviewer, editor, django_assert_max_num_queries
):
    source = make_source(text=" ".join(f"Lane {i} is wide." for i in range(30)), title="Lanes")
    for i in range(25):
        checked(
            source, reviewer, editor, sentence=i, text=f"Lane {i} is wide.",
            summary="Lane widths vary.", rationale="Measured.",
        )  # fmt: skip

    with django_assert_max_num_queries(8):
        response = client.get(HOME, {"q": "lane widths", "claimant": ""})

    assert len(titles(response)) == 20


def test_languages_map_to_text_search_configurations():
    assert text_search_config("en") == "english"
    assert text_search_config("de") == "german"
    assert text_search_config("de-AT") == "german"
    assert text_search_config("ja") == "simple"
    assert text_search_config("") == "simple"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming is PostgreSQL's")
def test_german_sources_are_stemmed_in_german(client, reviewer, editor):
    source = make_source(text="Die Häuser sind alt. Mehr nicht.", title="Häuser", language="de")
    checked(
        source, reviewer, editor, sentence=0, text="Die Häuser sind alt.",
        summary="Viele Häuser sind neu.", rationale="Gezählt.",
    )  # fmt: skip

    assert titles(client.get(HOME, {"q": "Häusern"})) == ["Die Häuser sind alt."]


def test_many_matches_are_counted_up_to_a_cap_and_listed_newest_first(client, checks, monkeypatch):
    monkeypatch.setattr("factcheck.core.search.COUNT_CAP", 1)

    response = client.get(HOME, {"q": "lane widths"})

    html = response.content.decode()
    assert "More than 1 fact-checks matching" in html
    assert "listed newest first, up to 1" in html
    # The newest one only (winds was published after roads), not the best match.
    assert titles(response) == ["Wind blows small cars off the road."]


def test_matches_up_to_the_cap_are_counted_exactly_and_ranked(client, checks, monkeypatch):
    monkeypatch.setattr("factcheck.core.search.COUNT_CAP", 2)

    response = client.get(HOME, {"q": "lane widths"})

    html = response.content.decode()
    assert "2 fact-checks matching" in html and "More than" not in html
    assert titles(response) == [
        "US roads were built for buggies.",
        "Wind blows small cars off the road.",
    ]


def test_the_archive_chart_is_on_the_home_page_not_over_search_results(client, checks):
    assert "Verdicts by rating" in client.get(HOME).content.decode()
    assert "Verdicts by rating" not in client.get(HOME, {"q": "lane widths"}).content.decode()
    assert "Verdicts by rating" not in client.get(HOME, {"rating": "false"}).content.decode()
