"""An earlier fact-check lists the other appearances of its claim ("already
checked"), on its page and in its ClaimReview, once an editor approved them.

Marking a claim "already checked" is work in progress like any other edit: the
public sees the link only in the appearance's published verdict (the snapshot
an editor approved), so a source that was never published never shows."""

from datetime import date

import pytest
from django.urls import reverse

from factcheck.core.similar import mark_already_checked
from factcheck.core.workflow import transition
from factcheck.public.published import claim_url
from tests.factories import make_claim, make_complete_claim, make_source

from .publishing import publish, published_claim
from .test_claim_review import json_ld

pytestmark = pytest.mark.django_db


def page(client, claim):
    return client.get(claim_url(claim), follow=True).content.decode()


def appearances_section(body):
    if 'id="appearances-title"' not in body:
        return ""
    section = body[body.index('id="appearances-title"') :]
    return section[: section.index("</section>")]


def linked_appearance(source, author, editor, checked, **fields):
    """A complete draft in `source` marked "already checked" by `checked`, published."""
    claim = make_complete_claim(source, author, **fields)
    mark_already_checked(claim, checked, actor=author)
    return publish(claim, author, editor)


@pytest.fixture
def checked(reviewer, editor):
    first = make_source(
        text="Roads were made for buggies. Yes.",
        title="First post",
        origin_url="https://a.example/1",
    )
    return published_claim(first, reviewer, editor, text="Roads were designed for buggies.")


@pytest.fixture
def private_link(reviewer, checked):
    """A draft in a source nobody published, marked "already checked"."""
    private = make_source(
        text="Same roads. Same buggies.",
        title="Tip line from a whistleblower",
        slug="tip-line",
        origin_url="https://tips.example/secret",
    )
    draft = make_claim(private, reviewer, text="Buggy roads.")
    mark_already_checked(draft, checked, actor=reviewer)
    return draft


PUBLIC_SURFACES = [
    ("public:home", ()),
    ("public:feed", ()),
    ("public:sitemap", ()),
    ("api:claimreview", ()),
    ("api:claims", ()),
    ("api:sources", ()),
]


def test_a_private_sources_title_never_shows_on_the_page_after_marking(
    client, checked, private_link
):
    body = page(client, checked)

    assert "Tip line" not in body
    assert "tips.example" not in body
    assert appearances_section(body) == ""


def test_a_private_sources_title_is_on_no_public_surface_after_marking(
    client, checked, private_link
):
    _, data = json_ld(page(client, checked))
    urls = [reverse(name, args=args) for name, args in PUBLIC_SURFACES]
    urls += [
        reverse("api:claim", args=[checked.pk]),
        reverse("api:source", args=[checked.source.slug]),
        reverse("public:source-detail", args=[checked.source.slug]),
        reverse("public:source-annotations", args=[checked.source.slug]),
    ]

    assert data["itemReviewed"]["appearance"] == {
        "@type": "CreativeWork",
        "headline": "First post",
        "url": "https://a.example/1",
    }
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"Tip line" not in response.content, url
        assert b"tips.example" not in response.content, url
    assert client.get(reverse("public:source-detail", args=["tip-line"])).status_code == 404


def test_marking_changes_nothing_public_so_the_etag_stays(client, reviewer, checked):
    draft = make_claim(make_source(title="Later", text="Roads. Buggies."), reviewer, text="Roads.")
    first = client.get(claim_url(checked))

    mark_already_checked(draft, checked, actor=reviewer)

    again = client.get(claim_url(checked), headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304


def test_a_made_public_source_still_waits_for_the_link_to_be_approved(client, reviewer, checked):
    shown = make_source(text="Roads? Buggies! Ha.", title="Forum thread", made_public=True)
    draft = make_complete_claim(shown, reviewer, text="Roads fit buggies.")
    mark_already_checked(draft, checked, actor=reviewer)
    transition(draft, "submit", reviewer)

    assert "Forum thread" not in page(client, checked)


def test_once_the_appearance_is_approved_its_source_is_listed_with_a_link(
    client, reviewer, editor, checked, private_link
):
    forum = make_source(
        text="Roads? Buggies! Ha.",
        title="Forum thread",
        published_on=date(2026, 5, 1),
        origin_url="https://forum.example/t/9",
    )
    linked_appearance(forum, reviewer, editor, checked, text="Roads fit buggies.")

    body = page(client, checked)

    section = appearances_section(body)
    assert f'<a href="{forum.get_absolute_url()}">Forum thread</a>' in section
    assert "Tip line" not in body
    _, data = json_ld(body)
    assert data["itemReviewed"]["appearance"] == [
        {"@type": "CreativeWork", "headline": "First post", "url": "https://a.example/1"},
        {
            "@type": "CreativeWork",
            "headline": "Forum thread",
            "url": "https://forum.example/t/9",
            "datePublished": "2026-05-01",
        },
    ]


def test_appearances_list_each_other_source_once(client, reviewer, editor, checked):
    forum = make_source(text="Roads? Buggies! Ha. Again roads.", title="Forum thread")
    linked_appearance(forum, reviewer, editor, checked, text="Roads fit buggies.")
    linked_appearance(forum, reviewer, editor, checked, sentence=2, text="Roads again.")
    # The fact-check's own source is not "also seen in" it.
    linked_appearance(checked.source, reviewer, editor, checked, sentence=1, text="Yes.")

    section = appearances_section(page(client, checked))

    assert section.count("Forum thread") == 1
    assert "First post" not in section


def test_a_link_made_during_a_correction_waits_for_its_approval(client, reviewer, editor, checked):
    forum = make_source(text="Roads? Buggies! Ha.", title="Forum thread")
    appearance = published_claim(forum, reviewer, editor, text="Roads fit buggies.")
    appearance = transition(appearance, "correct", editor)

    mark_already_checked(appearance, checked, actor=reviewer)

    assert "Forum thread" not in page(client, checked)
    appearance.refresh_from_db()
    appearance.correction_note = "Linked to the earlier check."
    appearance.save(update_fields=["correction_note"])
    publish(appearance, reviewer, editor)
    assert "Forum thread" in appearances_section(page(client, checked))


def test_removing_the_link_of_a_published_appearance_waits_for_approval(
    client, reviewer, editor, checked
):
    forum = make_source(text="Roads? Buggies! Ha.", title="Forum thread")
    appearance = linked_appearance(forum, reviewer, editor, checked, text="Roads fit buggies.")
    appearance = transition(appearance, "correct", editor)

    mark_already_checked(appearance, None, actor=reviewer)

    assert "Forum thread" in appearances_section(page(client, checked))


def test_a_retracted_appearance_is_no_longer_listed(client, reviewer, editor, checked):
    forum = make_source(text="Roads? Buggies! Ha.", title="Forum thread")
    appearance = linked_appearance(forum, reviewer, editor, checked, text="Roads fit buggies.")

    transition(appearance, "retract", editor, note="Wrong thread.")

    assert appearances_section(page(client, checked)) == ""


def test_without_other_appearances_the_appearance_is_the_original_alone(client, reviewer, editor):
    source = make_source(title="Alone", origin_url="https://alone.example/")
    claim = published_claim(source, reviewer, editor)

    _, data = json_ld(page(client, claim))

    assert data["itemReviewed"]["appearance"] == {
        "@type": "CreativeWork",
        "headline": "Alone",
        "url": "https://alone.example/",
    }


def test_a_source_without_an_original_gives_no_appearance(client, reviewer, editor):
    claim = published_claim(make_source(title="Our copy"), reviewer, editor)

    _, data = json_ld(page(client, claim))

    assert "appearance" not in data["itemReviewed"]


def test_approving_the_appearance_refreshes_the_cached_page(client, reviewer, editor, checked):
    forum = make_source(text="Roads? Buggies! Ha.", title="Forum thread")
    draft = make_complete_claim(forum, reviewer, text="Roads fit buggies.")
    mark_already_checked(draft, checked, actor=reviewer)
    first = client.get(claim_url(checked))
    assert "Forum thread" not in first.content.decode()

    publish(draft, reviewer, editor)

    again = client.get(claim_url(checked), headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert "Forum thread" in appearances_section(again.content.decode())
