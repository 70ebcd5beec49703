"""/corrections/: every corrected and retracted fact-check, newest first."""

import pytest
from django.urls import reverse

from factcheck.core.workflow import transition
from factcheck.public.published import claim_url
from tests.factories import make_source

from .publishing import correct, published_claim, sitemap_text, start_correction

pytestmark = pytest.mark.django_db

TEXT = " ".join(f"Sentence {i} of the text." for i in range(30))


@pytest.fixture
def record(reviewer, editor):
    source = make_source(text=TEXT, title="Roads", slug="roads")
    plain = published_claim(source, reviewer, editor, text="Never corrected.")
    corrected = correct(
        published_claim(source, reviewer, editor, sentence=1, text="First wording."),
        reviewer,
        editor,
        text="Corrected wording.",
        summary="Now true.",
        note="The date was wrong.",
    )
    retracted = transition(
        published_claim(source, reviewer, editor, sentence=2, text="Withdrawn wording."),
        "retract",
        editor,
        note="We got it wrong.",
    )
    pending = start_correction(
        published_claim(source, reviewer, editor, sentence=3, text="Being corrected."),
        reviewer,
        editor,
        text="UNPUBLISHED wording.",
        summary="UNPUBLISHED.",
    )
    return {"plain": plain, "corrected": corrected, "retracted": retracted, "pending": pending}


def page(client, **params):
    response = client.get(reverse("public:corrections"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_lists_corrected_and_retracted_fact_checks_newest_first(client, record):
    body = page(client)

    assert body.index("We got it wrong.") < body.index("Corrected wording.")
    assert "The date was wrong." in body and f'href="{claim_url(record["corrected"])}"' in body
    assert "Never corrected." not in body
    assert "UNPUBLISHED" not in body and "Being corrected." not in body


def test_is_paginated(client, record, settings, monkeypatch):
    from factcheck.public import views

    monkeypatch.setattr(views, "PER_PAGE", 1)
    first, second = page(client), page(client, page=2)

    assert "We got it wrong." in first and "Corrected wording." not in first
    assert "Corrected wording." in second and "?page=1" in second


def test_is_linked_from_the_methodology_and_listed_in_the_sitemap(client, record):
    url = reverse("public:corrections")
    assert f'href="{url}"' in client.get(reverse("public:methodology")).content.decode()
    assert f"{url}</loc>" in sitemap_text(client)


def test_is_cached_like_the_other_public_pages(
    client, record, editor, django_assert_max_num_queries
):
    first = client.get(reverse("public:corrections"))
    assert first["ETag"] and "max-age=60" in first["Cache-Control"]
    assert (
        client.get(
            reverse("public:corrections"), headers={"if-none-match": first["ETag"]}
        ).status_code
        == 304
    )
    with django_assert_max_num_queries(1):
        client.get(reverse("public:corrections"))

    transition(record["plain"], "retract", editor, note="Another mistake.")
    assert "Another mistake." in page(client)
