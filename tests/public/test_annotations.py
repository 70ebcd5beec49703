"""The Web Annotation export of a source's public claims."""

import json
import re
from datetime import UTC
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from factcheck.core.sources import add_revision
from factcheck.public.published import claim_url
from tests.factories import make_claim, make_source

from .publishing import published_claim

pytestmark = pytest.mark.django_db

TEXT = "Kei cars are small. They weigh under a tonne. Few are sold abroad."


def settings_url():
    """The test client's address, which absolute URLs of a request use."""
    return "http://testserver"


def export(client, source):
    response = client.get(reverse("public:source-annotations", args=[source.slug]))
    assert response.status_code == 200
    return response, json.loads(response.content)


def locate(text, target):
    """Check both selectors against `text`; returns the quoted text."""
    quote = next(s for s in target["selector"] if s["type"] == "TextQuoteSelector")
    position = next(s for s in target["selector"] if s["type"] == "TextPositionSelector")
    start, end = position["start"], position["end"]
    assert text[start:end] == quote["exact"]
    assert text[:start].endswith(quote["prefix"])
    assert text[end:].startswith(quote["suffix"])
    assert text.count(quote["prefix"] + quote["exact"] + quote["suffix"]) == 1
    return quote["exact"]


def test_export_is_served_as_web_annotation_json_ld(client, reviewer, editor):
    source = make_source(text=TEXT)
    published_claim(source, reviewer, editor)

    response, data = export(client, source)

    assert response["Content-Type"] == (
        'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
    )
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection"
    assert data["total"] == 1
    assert data["first"]["type"] == "AnnotationPage"


def test_each_annotation_assesses_its_claim_with_rating_and_summary(client, reviewer, editor):
    source = make_source(text=TEXT)
    claim = published_claim(source, reviewer, editor, sentence=1)

    _, data = export(client, source)

    (annotation,) = data["first"]["items"]
    assert annotation["type"] == "Annotation"
    assert annotation["motivation"] == "assessing"
    assert annotation["id"].endswith(claim_url(claim))
    assert annotation["target"]["scope"].endswith(source.get_absolute_url())
    assert annotation["body"] == [
        {
            "type": "TextualBody",
            "value": claim.published_verdict.summary,
            "purpose": "assessing",
            "format": "text/plain",
            "language": "en",
        },
        {"type": "TextualBody", "value": "False", "purpose": "tagging"},
        {
            "type": "TextualBody",
            "value": claim.published_verdict.claim_text,
            "purpose": "describing",
            "format": "text/plain",
            "language": "en",
        },
    ]
    published = claim.published_verdict.published_at.astimezone(UTC)
    assert annotation["created"] == published.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert annotation["modified"] == annotation["created"]


def test_timestamps_are_utc_with_z_whatever_the_time_zone(client, reviewer, editor, settings):
    settings.TIME_ZONE = "Asia/Tokyo"
    source = make_source(text=TEXT)
    published_claim(source, reviewer, editor)

    _, data = export(client, source)

    (annotation,) = data["first"]["items"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", annotation["created"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", annotation["modified"])


def test_target_is_a_specific_resource_on_the_stored_text(client, reviewer, editor):
    source = make_source(text=TEXT)
    published_claim(source, reviewer, editor, sentence=1)

    _, data = export(client, source)

    target = data["first"]["items"][0]["target"]
    assert target["type"] == "SpecificResource"
    assert target["source"]["type"] == "Text"
    assert target["source"]["format"] == "text/plain"
    assert target["source"]["language"] == "en"
    # Another tool fetches the target and finds the quote at the stated position.
    text = client.get(urlsplit(target["source"]["id"]).path)
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    assert locate(text.content.decode(), target) == "They weigh under a tonne."


def test_the_page_says_which_collection_it_is_part_of(client, reviewer, editor):
    source = make_source(text=TEXT)
    published_claim(source, reviewer, editor)

    _, data = export(client, source)

    assert data["first"]["partOf"] == {"id": data["id"], "total": 1}


def test_selectors_locate_exactly_the_quoted_text(client, reviewer, editor):
    source = make_source(text=TEXT)
    claims = [published_claim(source, reviewer, editor, sentence=i) for i in range(3)]

    _, data = export(client, source)

    text = source.current_revision.text
    found = [locate(text, item["target"]) for item in data["first"]["items"]]
    assert found == [claim.quote for claim in claims]


def test_selectors_refer_to_the_current_revision_after_the_text_moved(client, reviewer, editor):
    source = make_source(text=TEXT)
    claim = published_claim(source, reviewer, editor, sentence=1)
    revision = add_revision(source, "A new opening sentence. " + TEXT)

    _, data = export(client, source)

    (annotation,) = data["first"]["items"]
    assert locate(revision.text, annotation["target"]) == claim.quote
    position = annotation["target"]["selector"][1]
    assert position["start"] == revision.text.index(claim.quote)


def test_a_fuzzy_claim_is_exported_at_its_approved_words_until_its_new_place_is_approved(
    client, reviewer, editor
):
    source = make_source(text=TEXT)
    kept = published_claim(source, reviewer, editor, sentence=0)
    fuzzy = published_claim(source, reviewer, editor, sentence=1)
    # One word changed: re-anchoring finds it fuzzily, to be confirmed by a person.
    add_revision(source, TEXT.replace("under a tonne", "under one tonne"))

    _, data = export(client, source)

    items = data["first"]["items"]
    assert [item["id"] for item in items] == [
        f"{settings_url()}{claim_url(kept)}",
        f"{settings_url()}{claim_url(fuzzy)}",
    ]
    approved = source.revisions.get(number=1).text
    assert locate(approved, items[1]["target"]) == "They weigh under a tonne."
    assert "revision 1" in data["label"]


def test_unpublished_claims_are_left_out_and_an_orphan_keeps_the_approved_revision(
    client, reviewer, editor
):
    source = make_source(text=TEXT)
    kept = published_claim(source, reviewer, editor, sentence=0)
    orphan = published_claim(source, reviewer, editor, sentence=1)
    make_claim(source, reviewer, sentence=2)
    add_revision(source, TEXT.replace(" They weigh under a tonne.", ""))

    _, data = export(client, source)

    assert [item["id"] for item in data["first"]["items"]] == [
        f"{settings_url()}{claim_url(kept)}",
        f"{settings_url()}{claim_url(orphan)}",
    ]
    assert "revision 1" in data["label"]


def test_unknown_source_has_no_export(client):
    url = reverse("public:source-annotations", args=["nope"])

    assert client.get(url).status_code == 404


def test_stored_text_of_a_source_the_public_may_not_see_is_not_served(client):
    source = make_source(text=TEXT)

    url = reverse("public:source-revision-text", args=[source.slug, 1])

    assert client.get(url).status_code == 404


def test_stored_text_of_a_source_made_public_is_served_as_stored(client):
    source = make_source(text=TEXT)
    source.made_public = True
    source.save()

    response = client.get(reverse("public:source-revision-text", args=[source.slug, 1]))

    assert response.status_code == 200
    assert response.content.decode() == source.current_revision.text
