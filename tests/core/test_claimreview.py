"""Reading ClaimReview as sites publish it (factcheck/core/claimreview.py): no database."""

import json
from pathlib import Path

import pytest

from factcheck.core.claimreview import FetchError, fetch, read

FIXTURES = Path(__file__).parent / "fixtures" / "claimreview"


def read_fixture(name):
    return read((FIXTURES / name).read_text(encoding="utf-8"), name)


def one(node):
    reviews, problems = read(json.dumps(node), "test.json")
    assert not problems, problems
    (review,) = reviews
    return review


BASE = {
    "@type": "ClaimReview",
    "url": "https://desk.example/r/1",
    "claimReviewed": "The river is 100 km long.",
    "datePublished": "2024-03-05",
    "author": {"@type": "Organization", "name": "Desk", "url": "https://desk.example/"},
    "reviewRating": {"@type": "Rating", "alternateName": "False"},
}


def test_wordpress_plugin_script_inside_post_html_is_read_with_entities_decoded():
    (review,), problems = read_fixture("wordpress_plugin.html")
    assert problems == []
    assert review.claim == (
        "The council has banned bicycles on Harbour Road from April – you’ll be fined £100."
    )
    assert review.publisher == "Coastline Check"
    assert review.url == "https://coastlinecheck.example/2024/03/harbour-road-bicycles/"
    assert review.claimant == "Facebook post"
    assert review.appearances == [
        {"url": "https://www.facebook.example/groups/harbourtown/posts/88123"}
    ]
    assert (review.rating_name, review.rating_value, review.best, review.worst) == (
        "False",
        1,
        5,
        1,
    )


def test_yoast_graph_holding_a_claimreview_is_read_with_its_language_and_odd_dates():
    (review,), problems = read_fixture("yoast_graph.html")
    assert problems == []
    assert review.claim == "Todo el agua del grifo en España lleva flúor añadido."
    assert review.language == "es"
    assert review.published.date().isoformat() == "2024-01-20"  # "20 January 2024"
    assert review.claim_date.isoformat() == "2024-01-15"  # "2024/01/15"


def test_a_page_with_claimreviews_in_a_graph_and_in_an_array_gives_each_of_them():
    reviews, problems = read_fixture("large_factchecker.html")
    assert problems == []
    assert [r.claim for r in reviews] == [
        "NHS waiting lists have halved since 2019.",
        "We have recruited 6,500 more teachers.",
        "Energy bills are the lowest in Europe.",
        "Knife crime is at a record high.",
    ]
    first = reviews[0]
    # @type as a list, author as a list, firstAppearance first and not repeated.
    assert first.publisher == "National Fact Desk"
    assert [a["url"] for a in first.appearances] == [
        "https://broadcaster.example/debates/2024-05-14",
        "https://social.example/@janeharlow/112233",
    ]
    assert first.appearances[0]["headline"] == "The Leaders' Debate"
    assert first.modified is not None and first.modified > first.published
    assert reviews[2].claimant_type == "Organization"


def test_google_fact_check_tools_markup():
    (review,), _ = read_fixture("google_factcheck_tools.json")
    assert review.rating_name == "Pants on Fire"
    assert review.appearances[0]["headline"] == "THEY are putting chips in the flu jab!!"
    assert review.claim_date.isoformat() == "2023-11-02"


def test_our_own_datafeed_is_read():
    reviews, problems = read_fixture("our_datafeed.json")
    assert problems == []
    assert [r.publisher for r in reviews] == ["Riverside Desk", "Riverside Desk"]
    assert reviews[0].modified.date().isoformat() == "2026-10-08"


def test_malformed_records_are_listed_with_their_reason_and_the_good_ones_kept():
    reviews, problems = read_fixture("malformed.json")
    assert [r.url for r in reviews] == [
        "https://odd.example/a",
        "https://odd.example/c",
        "https://odd.example/d",
        "https://odd.example/h",
    ]
    reasons = {p.where.split(" ")[0]: p.reason for p in problems}
    assert reasons["malformed.json[1]"] == "No claimReviewed (the claim's words)."
    assert "“05/03/2024” is not a date" in reasons["malformed.json[4]"]
    assert "limit is 2,000" in reasons["malformed.json[5]"]
    assert reasons["malformed.json[6]"].startswith("Duplicate of malformed.json[2]")
    assert reasons["malformed.json[7]"] == "ratingValue 9 is outside 1–5."
    assert reasons["malformed.json[8]"].startswith("No url")
    # A string rating value, a bare string rating, entities, appearances that are not URLs.
    assert reviews[0].rating_value == 2 and reviews[0].claim == "Tap water & milk cost the same."
    assert reviews[2].rating_name == "False"
    assert reviews[3].appearances == [{"url": "https://odd.example/source-h"}]
    assert len(reviews[3].warnings) == 2


def test_invalid_json_in_one_script_does_not_lose_the_others():
    reviews, problems = read_fixture("malformed.html")
    assert [r.claim for r in reviews] == ["Recycling is burned anyway."]
    assert reviews[0].published.date().isoformat() == "2024-03-12"  # RFC 2822
    (problem,) = problems
    assert problem.where == "malformed.html · script 1"
    assert problem.reason.startswith("Not valid JSON")


def test_a_file_that_is_not_json_is_one_problem():
    reviews, problems = read("{not json", "broken.json")
    assert reviews == [] and problems[0].reason.startswith("Not valid JSON")


def test_an_html_page_without_json_ld_says_so():
    reviews, problems = read("<html><body><p>Hello</p></body></html>", "page.html")
    assert reviews == [] and "No JSON-LD" in problems[0].reason


def test_several_reviews_sharing_a_page_url_get_distinct_keys():
    nodes = [BASE, {**BASE, "claimReviewed": "The river is 200 km long."}]
    reviews, problems = read(json.dumps(nodes), "page.json")
    assert problems == []
    assert [r.key for r in reviews] == ["https://desk.example/r/1", "https://desk.example/r/1#2"]


def test_a_datafeed_of_datafeeditems_is_read():
    feed = {"@type": "DataFeed", "dataFeedElement": [{"@type": "DataFeedItem", "item": BASE}]}
    assert one(feed).claim == "The river is 100 km long."


@pytest.mark.parametrize(
    "written, day",
    [
        ("2024-03-05T23:30:00-02:00", "2024-03-06"),
        ("2024-03-05T10:00:00Z", "2024-03-05"),
        ("2024-03-05 10:00", "2024-03-05"),
        ("March 5, 2024", "2024-03-05"),
        ("Mar 5,2024", "2024-03-05"),
        ("5 March 2024", "2024-03-05"),
    ],
)
def test_dates_in_the_formats_sites_use(written, day):
    assert one({**BASE, "datePublished": written}).published.date().isoformat() == day


@pytest.mark.parametrize("written", ["03/04/2024", "yesterday", "2024-13-45"])
def test_dates_we_cannot_read_for_sure_are_refused_not_guessed(written):
    reviews, problems = read(json.dumps({**BASE, "datePublished": written}), "t.json")
    assert reviews == [] and "is not a date we can read" in problems[0].reason


def test_a_rating_with_neither_name_nor_value_is_refused():
    reviews, problems = read(json.dumps({**BASE, "reviewRating": {"@type": "Rating"}}), "t.json")
    assert reviews == [] and "neither an alternateName nor a ratingValue" in problems[0].reason


def test_markup_in_the_claim_is_reduced_to_text():
    review = one({**BASE, "claimReviewed": "<b>Bold</b> &lt;i&gt;claim&lt;/i&gt;\u0000 here"})
    assert review.claim == "Bold claim here"


def test_a_changed_review_has_another_fingerprint_and_the_same_one_the_same():
    a, b = one(BASE), one(BASE)
    assert a.fingerprint() == b.fingerprint()
    changed = one({**BASE, "reviewRating": {"@type": "Rating", "alternateName": "True"}})
    assert changed.fingerprint() != a.fingerprint()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://127.0.0.1/x",
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://127.0.0.1:8000/page",  # loopback too, unless FACTCHECK_FETCH_ALLOW says so
        "http://localhost:8000/page",  # a name that resolves to loopback
    ],
)
def test_fetch_refuses_before_connecting(url, connect_spy):
    with pytest.raises(FetchError):
        fetch(url)
    assert connect_spy == []


def test_fetch_reads_a_test_server_the_setting_names(web):  # web: FACTCHECK_FETCH_ALLOW 127.0.0.1
    assert "American roads were designed for cars" in fetch(web.url("/article"))
