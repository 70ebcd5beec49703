"""Issue #9: the public record is append-only. A claim that was ever published
is never deleted, only retracted; nothing done during a correction reaches the
public until the correction is approved."""

import pytest
from django.urls import reverse

from factcheck.core.claims import NotAllowed, delete_claim, reattach_claim
from factcheck.core.models import Claim
from factcheck.core.workflow import transition
from factcheck.public.published import claim_url
from tests.factories import make_source, write_verdict

from .publishing import publish, published_claim

pytestmark = pytest.mark.django_db

TEXT = (
    "Kei Party\n\n"
    "American roads were designed for the horse and buggy. "
    "High winds push small cars off the road. Kei cars are cheap."
)


@pytest.fixture
def published(reviewer, editor):
    source = make_source(text=TEXT, title="Kei Party", slug="kei-party")
    return published_claim(source, reviewer, editor, sentence=1, text="Roads fit buggies.")


def test_the_author_cannot_delete_a_claim_during_its_correction(
    client, published, reviewer, editor
):
    claim = transition(published, "correct", editor)
    client.force_login(reviewer)

    response = client.post(reverse("review:claim-delete", args=[claim.pk]), follow=True)

    assert Claim.objects.filter(pk=claim.pk).exists()
    assert "cannot be deleted" in response.content.decode()
    assert client.get(claim_url(claim)).status_code == 200
    with pytest.raises(NotAllowed):
        delete_claim(claim, editor=editor)


def test_the_workspace_offers_no_delete_for_a_claim_that_was_published(client, published, editor):
    claim = transition(published, "correct", editor)
    client.force_login(editor)

    html = client.get(reverse("review:claim-detail", args=[claim.pk])).content.decode()

    assert "Delete claim" not in html


def test_reattaching_during_a_correction_changes_nothing_public(
    client, published, reviewer, editor
):
    """Observed: re-attaching during a correction moved the public quote to the
    source's title line, without review."""
    claim = transition(published, "correct", editor)
    reattach_claim(claim, editor=reviewer, first=0)  # the title line
    client.force_login(reviewer)
    client.logout()

    claim_page = client.get(claim_url(claim)).content.decode()
    source_page = client.get(reverse("public:source-detail", args=["kei-party"])).content.decode()

    quote = "American roads were designed for the horse and buggy."
    assert f'<mark class="hl" data-rating="false">{quote}</mark>' in claim_page
    highlighted = source_page.split('class="hl"')[1].split("</mark>")[0]
    assert quote in highlighted and "Kei Party" not in highlighted


def test_public_search_finds_only_approved_words_during_a_correction(
    client, published, reviewer, editor
):
    """The quote is searched too: a re-attach waiting for review must not make
    its new words findable, nor show them in a result's snippet."""
    claim = transition(published, "correct", editor)
    reattach_claim(claim, editor=reviewer, first=2)  # "High winds push small cars..."
    home = reverse("public:home")

    unapproved = client.get(home, {"q": "winds"}).content.decode()
    approved = client.get(home, {"q": "buggy"}).content.decode()

    assert "Roads fit buggies." not in unapproved and "High winds" not in unapproved
    assert "Roads fit buggies." in approved


def test_a_re_attached_place_is_public_once_the_correction_is_approved(
    client, published, reviewer, editor
):

    claim = transition(published, "correct", editor)
    claim = reattach_claim(claim, editor=reviewer, first=2)
    claim = write_verdict(
        claim,
        reviewer,
        rating_slug=claim.rating.slug,
        summary=claim.summary,
        rationale=claim.rationale,
        correction_note="We checked the wrong sentence.",
    )
    publish(claim, reviewer, editor)

    page = client.get(reverse("public:source-detail", args=["kei-party"])).content.decode()

    assert (
        '<mark class="hl" data-rating="false">High winds push small cars off the road.</mark>'
        in page
    )


def test_checked_by_and_approved_by_name_every_contributor(client, published, reviewer, editor):
    html = client.get(claim_url(published)).content.decode()

    credits = html.split('id="credits-title"')[1]
    assert "<dt>Checked by</dt><dd>rita</dd>" in credits
    assert "<dt>Approved by</dt><dd>edna</dd>" in credits


def test_an_editor_makes_a_source_public_before_its_first_fact_check(client, editor):
    source = make_source(text=TEXT, title="Kei Party", slug="unchecked")
    page = reverse("public:source-detail", args=["unchecked"])
    assert client.get(page).status_code == 404
    client.force_login(editor)
    change = reverse("admin:core_source_change", args=[source.pk])
    form = {
        "title": source.title,
        "kind": source.kind,
        "byline": "",
        "origin_url": "",
        "published_on": "",
        "made_public": "on",
    }
    inline = {f"revisions-{k}": v for k, v in {"TOTAL_FORMS": 1, "INITIAL_FORMS": 1}.items()}

    response = client.post(change, {**form, **inline})

    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    assert client.get(page).status_code == 200
    event = source.events.get(action="update")
    assert event.changes == {"made_public": [False, True]}
