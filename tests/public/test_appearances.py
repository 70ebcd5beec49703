"""An earlier fact-check lists the other appearances of its claim ("already
checked"), on its page and in its ClaimReview."""

from datetime import date

import pytest

from factcheck.core.similar import mark_already_checked
from factcheck.public.published import claim_url
from tests.factories import make_claim, make_source

from .publishing import published_claim
from .test_claim_review import json_ld

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(reviewer, editor):
    first = make_source(
        text="Roads were made for buggies. Yes.",
        title="First post",
        origin_url="https://a.example/1",
    )
    checked = published_claim(first, reviewer, editor, text="Roads were designed for buggies.")
    forum = make_source(
        text="Roads? Buggies! Ha.",
        title="Forum thread",
        published_on=date(2026, 5, 1),
        origin_url="https://forum.example/t/9",
    )
    private = make_source(text="Same roads. Same buggies.", title="Tip line")
    public_elsewhere = published_claim(
        make_source(text="Buggy roads. More.", title="Blog", slug="blog"),
        reviewer,
        editor,
        text="Something else entirely.",
    )
    blog_draft = make_claim(
        public_elsewhere.source, reviewer, sentence=1, text="Roads suit buggies."
    )
    for claim in (make_claim(forum, reviewer, text="Roads fit buggies."), blog_draft):
        mark_already_checked(claim, checked, actor=reviewer)
    mark_already_checked(
        make_claim(private, reviewer, text="Buggy roads."), checked, actor=reviewer
    )
    return checked


def test_the_page_lists_other_appearances_linking_only_public_sources(client, linked):
    body = client.get(claim_url(linked), follow=True).content.decode()

    section = body[body.index('id="appearances-title"') :]
    assert '<a href="/sources/blog/">Blog</a>' in section
    assert "Forum thread" in section and 'href="/sources/forum-thread/"' not in section
    assert "Tip line" in section and 'href="/sources/tip-line/"' not in section


def test_claim_review_lists_every_appearance_that_has_an_original(client, linked):
    _, data = json_ld(client.get(claim_url(linked), follow=True).content.decode())

    appearances = data["itemReviewed"]["appearance"]
    # The blog and the tip line have no origin URL: our own copy is not where it was said.
    assert appearances == [
        {"@type": "CreativeWork", "headline": "First post", "url": "https://a.example/1"},
        {
            "@type": "CreativeWork",
            "headline": "Forum thread",
            "url": "https://forum.example/t/9",
            "datePublished": "2026-05-01",
        },
    ]


def test_linking_refreshes_the_cached_page(client, reviewer, linked):
    client.get(claim_url(linked), follow=True)
    later = make_source(text="Late roads. Late buggies.", title="Late comer")

    mark_already_checked(make_claim(later, reviewer, text="Roads."), linked, actor=reviewer)

    assert "Late comer" in client.get(claim_url(linked), follow=True).content.decode()


def test_without_other_appearances_the_appearance_is_the_original_alone(client, reviewer, editor):
    source = make_source(title="Alone", origin_url="https://alone.example/")
    claim = published_claim(source, reviewer, editor)

    _, data = json_ld(client.get(claim_url(claim), follow=True).content.decode())

    assert data["itemReviewed"]["appearance"] == {
        "@type": "CreativeWork",
        "headline": "Alone",
        "url": "https://alone.example/",
    }


def test_a_source_without_an_original_gives_no_appearance(client, reviewer, editor):
    claim = published_claim(make_source(title="Our copy"), reviewer, editor)

    _, data = json_ld(client.get(claim_url(claim), follow=True).content.decode())

    assert "appearance" not in data["itemReviewed"]
