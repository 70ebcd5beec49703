"""The read-only JSON API at /api/: published snapshots only, paginated,
cached by the public epoch, open to other origins for GET."""

import json
import re
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from factcheck.core.claims import add_citation
from factcheck.core.models import Claim, ClaimantType, Verdict
from factcheck.core.workflow import transition
from factcheck.public import api
from factcheck.public.published import claim_url
from tests.factories import bulk_claims, make_complete_claim, make_source, rating

from .publishing import correct, publish, publish_in_bulk, published_claim, start_correction

pytestmark = pytest.mark.django_db

TEXT = " ".join(f"Sentence {i} of the text." for i in range(80))


GOOGLE_FIXTURE = (
    Path(__file__).parent.parent
    / "core"
    / "fixtures"
    / "claimreview"
    / "google_factcheck_tools.json"
)


def get_json(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content
    return response.json()


@pytest.fixture
def source():
    return make_source(text=TEXT, title="Roads", slug="roads", origin_url="https://o.example/r")


def test_openapi_document_describes_every_endpoint(client):
    data = get_json(client, "/api/openapi.json")

    assert data["info"]["title"] == "Factcheck API"
    assert {"/api/claims", "/api/claims/{pk}", "/api/sources", "/api/sources/{slug}"} <= set(
        data["paths"]
    )
    assert "/api/claimreview.json" in data["paths"]


def test_no_docs_page_that_would_load_scripts_from_a_cdn(client):
    assert client.get("/api/docs").status_code == 404


def test_claims_lists_published_snapshots_only(client, source, reviewer, editor):
    claim = published_claim(source, reviewer, editor, text="Published wording.", claimant="Al")
    make_complete_claim(source, reviewer, sentence=2, text="Draft wording.")

    data = get_json(client, reverse("api:claims"))

    assert data["count"] == 1
    (item,) = data["items"]
    verdict = claim.published_verdict
    assert item["id"] == claim.pk
    assert item["status"] == "published"
    assert item["claim"] == "Published wording."
    assert item["claimant"] == "Al"
    assert item["rating"] == {"slug": "false", "label": "False", "value": 1}
    assert item["summary"] == verdict.summary
    assert item["url"].endswith(claim_url(claim))
    assert item["source"]["slug"] == "roads"
    assert item["source"]["origin_url"] == "https://o.example/r"


def test_claims_are_paginated_fifty_a_page(client, source, editor, reviewer):
    bulk_claims(source, reviewer, 60)
    publish_in_bulk(source, editor)

    first = get_json(client, reverse("api:claims"))
    second = get_json(client, first["next"].removeprefix("http://testserver"))

    assert (first["count"], first["pages"], len(first["items"])) == (60, 2, 50)
    assert len(second["items"]) == 10 and second["next"] is None
    ids = [i["id"] for i in first["items"] + second["items"]]
    assert len(set(ids)) == 60
    assert get_json(client, reverse("api:claims"), 404, page=3)["detail"] == (
        "No page 3: there are 2."
    )


def test_claims_filter_by_source_rating_and_update_time(client, source, reviewer, editor):
    other = make_source(text="Other text. More.", slug="other")
    old = published_claim(source, reviewer, editor, rating_slug="true")
    Verdict.objects.filter(pk=old.published_verdict_id).update(
        published_at=timezone.now() - timedelta(days=10)
    )
    new = published_claim(other, reviewer, editor, rating_slug="false")
    url = reverse("api:claims")
    since = (timezone.now() - timedelta(days=1)).isoformat()

    def ids(**params):
        return [item["id"] for item in get_json(client, url, **params)["items"]]

    assert ids(source="roads") == [old.pk]
    assert ids(rating="false") == [new.pk]
    assert ids(updated_since=since) == [new.pk]
    # The day it was published (not today's date: the test may cross midnight).
    day = timezone.localdate(new.published_verdict.published_at)
    assert ids(updated_since=day.isoformat()) == [new.pk]
    assert ids() == [new.pk, old.pk]


def test_a_bad_update_time_is_refused_with_a_message(client, db):
    data = get_json(client, reverse("api:claims"), 422, updated_since="last tuesday")

    assert "updated_since" in json.dumps(data)


def test_claim_has_its_verdict_versions_with_citations(client, source, reviewer, editor):
    claim = make_complete_claim(source, reviewer, claimant="Roads Agency")
    add_citation(
        claim,
        editor=reviewer,
        url="https://gone.example/",
        archived_url="https://web.archive.org/web/2025/https://gone.example/",
        title="Gone",
    )
    claim.claimant_type = ClaimantType.ORGANIZATION
    claim.claim_date = date(2025, 2, 1)
    claim.save()
    claim = publish(claim, reviewer, editor)
    claim = correct(claim, reviewer, editor, text="Corrected.", summary="Now true.")

    data = get_json(client, reverse("api:claim", args=[claim.pk]))

    assert data["claim"] == "Corrected." and data["version"] == 2
    first, second = data["verdicts"]
    assert (first["version"], second["version"]) == (1, 2)
    assert first["claimant_type"] == "Organization" and first["claim_date"] == "2025-02-01"
    assert second["correction_note"] == "Fixed."
    assert second["rating"]["slug"] == "true"
    assert [c["title"] for c in first["citations"]] == ["Lane width", "Gone"]
    assert first["citations"][1]["archived_url"].startswith("https://web.archive.org/")
    assert second["checked_by"] == ["rita"] and second["approved_by"] == "edna"


def test_a_correction_in_progress_is_not_served(client, source, reviewer, editor):
    claim = published_claim(source, reviewer, editor, text="Published wording.")
    start_correction(claim, reviewer, editor, text="UNPUBLISHED wording.", summary="UNPUBLISHED.")

    detail = client.get(reverse("api:claim", args=[claim.pk])).content.decode()
    listing = client.get(reverse("api:claims")).content.decode()

    for body in (detail, listing):
        assert "Published wording." in body
        assert "UNPUBLISHED" not in body


def test_unpublished_claims_are_not_found(client, source, reviewer):
    claim = make_complete_claim(source, reviewer)

    assert client.get(reverse("api:claim", args=[claim.pk])).status_code == 404


def test_a_retracted_claim_is_listed_as_a_tombstone(client, source, reviewer, editor):
    claim = published_claim(source, reviewer, editor, text="Taken down wording.")
    claim = transition(claim, "retract", editor, note="We got it wrong.")

    (item,) = get_json(client, reverse("api:claims"))["items"]
    detail = get_json(client, reverse("api:claim", args=[claim.pk]))

    for data in (item, detail):
        assert data["status"] == "retracted"
        assert data["retraction"]["note"] == "We got it wrong."
        assert data["retraction"]["at"].startswith(claim.retracted_at.date().isoformat())
        assert data["claim"] is None and data["rating"] is None and data["summary"] is None
    assert detail["verdicts"] == []
    assert "Taken down wording." not in json.dumps(detail)
    assert get_json(client, reverse("api:claims"), rating="false")["count"] == 0


def test_repeat_request_with_the_etag_gets_304_until_something_is_published(
    client, source, reviewer, editor
):
    published_claim(source, reviewer, editor)
    url = reverse("api:claims")
    first = client.get(url)
    etag = first["ETag"]

    repeat = client.get(url, headers={"If-None-Match": etag})
    published_claim(source, reviewer, editor, sentence=3)
    after = client.get(url, headers={"If-None-Match": etag})

    assert "max-age=60" in first["Cache-Control"] and "public" in first["Cache-Control"]
    assert repeat.status_code == 304
    assert after.status_code == 200 and after.json()["count"] == 2


def test_responses_are_cached_until_the_epoch_moves(
    client, source, reviewer, editor, django_assert_max_num_queries
):
    claim = published_claim(source, reviewer, editor)
    url = reverse("api:claim", args=[claim.pk])
    client.get(url)

    with django_assert_max_num_queries(1):  # the epoch
        assert client.get(url).status_code == 200


def test_any_origin_may_get_the_api_without_credentials(client, source, reviewer, editor):
    published_claim(source, reviewer, editor)

    response = client.get(reverse("api:claims"), headers={"Origin": "https://cms.example"})
    preflight = client.options(
        reverse("api:claims"),
        headers={
            "Origin": "https://cms.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


def test_pages_outside_the_api_get_no_cors_headers(client, db):
    response = client.get(reverse("public:home"), headers={"Origin": "https://cms.example"})

    assert "Access-Control-Allow-Origin" not in response


def test_list_queries_stay_constant_whatever_the_size(
    client, source, reviewer, editor, django_assert_max_num_queries
):
    bulk_claims(source, reviewer, 50)
    publish_in_bulk(source, editor)

    with django_assert_max_num_queries(5):  # epoch, count, page, its first dates; none per claim
        assert len(client.get(reverse("api:claims")).json()["items"]) == 50


def test_sources_list_only_sources_the_public_may_see(client, source, reviewer, editor):
    make_source(text="Hidden text.", slug="hidden")
    published_claim(source, reviewer, editor)

    data = get_json(client, reverse("api:sources"))

    assert [item["slug"] for item in data["items"]] == ["roads"]
    assert data["items"][0]["text_url"].endswith("/sources/roads/revisions/1/text.txt")
    assert client.get(reverse("api:source", args=["hidden"])).status_code == 404


def test_source_has_its_published_annotations(client, source, reviewer, editor):
    claim = published_claim(source, reviewer, editor, sentence=1, text="Published wording.")
    make_complete_claim(source, reviewer, sentence=2, text="Draft wording.")

    data = get_json(client, reverse("api:source", args=["roads"]))

    annotations = data["annotations"]
    assert annotations["type"] == "AnnotationCollection"
    (item,) = annotations["first"]["items"]
    assert item["id"].endswith(claim_url(claim))
    assert "Draft wording." not in json.dumps(data)


def test_claimreview_feed_has_every_public_fact_check(client, source, reviewer, editor):
    kept = published_claim(source, reviewer, editor, text="Kept.", claim_date=date(2025, 5, 6))
    gone = published_claim(source, reviewer, editor, sentence=2, text="Gone.")
    transition(gone, "retract", editor, note="Wrong.")
    make_complete_claim(source, reviewer, sentence=3, text="Draft.")

    response = client.get(reverse("api:claimreview"))

    assert response["Content-Type"] == "application/ld+json"
    data = response.json()
    assert data["@type"] == "DataFeed"
    (review,) = data["dataFeedElement"]
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "Kept."
    assert review["url"].endswith(claim_url(kept))
    assert review["itemReviewed"]["datePublished"] == "2025-05-06"
    assert review["reviewRating"]["alternateName"] == "False"


def test_claimreview_feed_queries_stay_constant(
    client, source, reviewer, editor, django_assert_max_num_queries
):
    bulk_claims(source, reviewer, 40)
    publish_in_bulk(source, editor)

    with django_assert_max_num_queries(3):  # epoch, ratings, claims with their first dates
        assert len(client.get(reverse("api:claimreview")).json()["dataFeedElement"]) == 40


def page_claim_review(client, claim):
    html = client.get(claim_url(claim)).content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)[1]
    )
    data.pop("@context")
    return data


def test_claimreview_feed_records_are_the_claim_pages_own(client, reviewer, editor):
    # Built from values, not from the claim as its page builds it: the same record.
    plain = make_source(text="Roads are old. Lanes are wide. Cars are fast.", title="Roads")
    original = make_source(
        text="Trains are late. Buses are early.",
        title="Trains & <b>buses</b>",
        origin_url="https://news.example/trains",
        published_on=date(2024, 2, 3),
    )
    published_claim(plain, reviewer, editor, text="Roads are old.")
    corrected = published_claim(
        plain, reviewer, editor, sentence=1, text="Lanes are wide.", claimant="A mayor",
        claimant_type=ClaimantType.PERSON, claim_date=date(2025, 5, 6),
    )  # fmt: skip
    correct(corrected, reviewer, editor, text="Lanes are quite wide.", summary="Measured.")
    published_claim(
        original, reviewer, editor, text="Trains are late.", rating=rating("misleading")
    )
    call_command(
        "import_claimreview", str(GOOGLE_FIXTURE), "--user", editor.username, stdout=StringIO()
    )
    claims = list(Claim.objects.public())
    assert len(claims) == 4 and any(hasattr(claim, "imported") for claim in claims)

    feed = client.get(reverse("api:claimreview")).json()["dataFeedElement"]

    by_url = {review["url"]: review for review in feed}
    assert len(by_url) == 4
    for claim in claims:
        page = page_claim_review(client, claim)
        assert by_url[page["url"]] == page


def test_the_api_is_read_only(client, source, reviewer, editor):
    claim = published_claim(source, reviewer, editor)

    response = client.post(reverse("api:claims"), {})

    assert response.status_code == 405
    assert Claim.objects.get(pk=claim.pk).status == "published"


def test_an_unknown_rating_is_a_422_that_names_it(client, source, reviewer, editor):
    published_claim(source, reviewer, editor)

    data = get_json(client, reverse("api:claims"), 422, rating="nonsense")

    assert "nonsense" in data["detail"] and "rating" in data["detail"]
    assert "false" in data["detail"]  # the slugs that exist


def test_an_unknown_source_is_a_422_that_names_it(client, source, reviewer, editor):
    published_claim(source, reviewer, editor)

    data = get_json(client, reverse("api:claims"), 422, source="nowhere")

    assert "nowhere" in data["detail"] and "source" in data["detail"]


def test_a_source_readers_cannot_see_is_as_unknown_as_a_missing_one(client, source):
    hidden = make_source(text="Secret words.", slug="hidden")

    assert (
        get_json(client, reverse("api:claims"), 422, source=hidden.slug)["detail"]
        == (get_json(client, reverse("api:claims"), 422, source="hidden")["detail"])
    )


def test_a_known_rating_with_no_claims_is_an_empty_list(client, source):
    known = rating("true").slug  # seeded: a browser test's flush may have emptied the scale

    assert get_json(client, reverse("api:claims"), rating=known)["items"] == []


@pytest.mark.parametrize(
    "url",
    ["/api/claims", "/api/sources", "/api/sources/roads", "/api/claimreview.json",
     "/api/openapi.json", "CLAIM"],
)  # fmt: skip
def test_head_works_on_every_get_endpoint(client, source, reviewer, editor, url):
    claim = published_claim(source, reviewer, editor)
    url = f"/api/claims/{claim.pk}" if url == "CLAIM" else url

    head, get = client.head(url), client.get(url)

    assert head.status_code == 200 == get.status_code
    assert head["Content-Type"] == get["Content-Type"]
    assert head.content == b""


def walk_cursors(client, url):
    """Every item reached from page 1 by following next_cursor."""
    data = get_json(client, url)
    items = data["items"]
    while data["next_cursor"]:
        data = get_json(client, data["next_cursor"].removeprefix("http://testserver"))
        assert data["page"] is None
        items += data["items"]
    return items


def test_cursor_pages_reach_every_claim_once_in_order_even_when_times_tie(
    client, source, reviewer, editor
):
    bulk_claims(source, reviewer, 120)
    publish_in_bulk(source, editor)  # one published_at for all: only the pk tells them apart
    url = reverse("api:claims")
    by_number = [
        item["id"] for page in (1, 2, 3) for item in get_json(client, url, page=page)["items"]
    ]

    by_cursor = [item["id"] for item in walk_cursors(client, url)]

    assert len(by_cursor) == 120 and len(set(by_cursor)) == 120
    assert by_cursor == by_number


def test_cursor_pages_neither_skip_nor_repeat_when_a_claim_is_published_meanwhile(
    client, source, reviewer, editor
):
    bulk_claims(source, reviewer, 60)
    publish_in_bulk(source, editor)
    first = get_json(client, reverse("api:claims"))
    newest = published_claim(make_source(text="New text.", slug="new"), reviewer, editor)

    second = get_json(client, first["next_cursor"].removeprefix("http://testserver"))

    ids = [item["id"] for item in first["items"] + second["items"]]
    assert newest.pk not in ids  # it is on page 1 now, before the cursor
    assert len(ids) == 60 and len(set(ids)) == 60
    assert second["next_cursor"] is None and second["next"] is None


def test_cursor_keeps_the_filters(client, source, reviewer, editor):
    bulk_claims(source, reviewer, 55, rating_slug="true")
    publish_in_bulk(source, editor)
    other = make_source(text="Other text. More.", slug="other")
    bulk_claims(other, reviewer, 5, rating_slug="false")
    publish_in_bulk(other, editor)

    items = walk_cursors(client, reverse("api:claims") + "?rating=true")

    assert len(items) == 55
    assert {item["rating"]["slug"] for item in items} == {"true"}


def test_a_retraction_moves_a_claim_by_its_retraction_time(client, source, reviewer, editor):
    older = published_claim(source, reviewer, editor, text="Older.")
    newer = published_claim(source, reviewer, editor, sentence=1, text="Newer.")
    transition(older, "retract", editor, note="Wrong.")

    items = get_json(client, reverse("api:claims"))["items"]

    assert [item["id"] for item in items] == [older.pk, newer.pk]
    assert items[0]["updated"] == items[0]["retraction"]["at"]


def test_a_cursor_that_was_not_given_out_is_refused_with_a_message(client, db):
    data = get_json(client, reverse("api:claims"), 422, cursor="not-a-cursor")

    assert "cursor" in data["detail"]


def test_a_deep_cursor_page_costs_the_queries_of_the_first(
    client, source, reviewer, editor, django_assert_max_num_queries
):
    bulk_claims(source, reviewer, 150)
    publish_in_bulk(source, editor)
    url = reverse("api:claims")
    cursor = get_json(client, url, page=2)["next_cursor"].removeprefix("http://testserver")

    with django_assert_max_num_queries(5):  # epoch, count, page, its first dates; none per claim
        assert len(client.get(cursor).json()["items"]) == 50


def test_claimreview_feed_comes_in_pages_linked_by_cursor(
    client, source, reviewer, editor, monkeypatch
):
    monkeypatch.setattr(api, "FEED_PAGE", 20)
    bulk_claims(source, reviewer, 45)
    publish_in_bulk(source, editor)  # the same time for all: the pk breaks the ties
    url, urls = reverse("api:claimreview"), []

    while url:
        response = client.get(url)
        assert response.status_code == 200
        reviews = response.json()["dataFeedElement"]
        assert len(reviews) <= 20
        urls += [review["url"] for review in reviews]
        link = response.get("Link", "")
        url = link.removeprefix("<http://testserver").removesuffix('>; rel="next"')

    assert len(urls) == 45 and len(set(urls)) == 45
    claims = Claim.objects.order_by("-pk")
    assert [url.removeprefix("http://testserver") for url in urls] == [
        claim_url(claim) for claim in claims
    ]


def test_claimreview_feed_refuses_a_cursor_it_did_not_give_out(client, db):
    response = client.get(reverse("api:claimreview"), {"cursor": "zzz"})

    assert response.status_code == 422
    assert "cursor" in response.json()["detail"]


def test_openapi_document_describes_the_cursors(client):
    data = get_json(client, "/api/openapi.json")

    claims = data["paths"]["/api/claims"]["get"]
    assert "cursor" in {parameter["name"] for parameter in claims["parameters"]}
    assert "next_cursor" in json.dumps(claims["description"])
    assert "next_cursor" in data["components"]["schemas"]["ClaimPage"]["properties"]
    feed = data["paths"]["/api/claimreview.json"]["get"]
    assert "cursor" in {parameter["name"] for parameter in feed["parameters"]}
    assert 'rel="next"' in feed["description"]
