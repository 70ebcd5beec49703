"""A revision reaches readers only once a second person approved every published
claim's new place (issue 21, item 2)."""

import pytest
from django.urls import reverse

from factcheck.core.models import AnchorState, AuditEvent, ClaimStatus
from factcheck.core.sources import add_revision
from factcheck.core.workflow import TransitionError, transition
from factcheck.public.published import claim_url
from tests.factories import make_complete_claim, make_source

from .publishing import published_claim

pytestmark = pytest.mark.django_db

ROADS = "Roads were built for horse carts."
SELL = "They sell well in Japan, where the narrow streets favour small cars."
TEXT = f"Kei cars are small. {ROADS} Winds push light cars.\n\n{SELL}"
# One word changed in the checked sentence, and another sentence moved.
REVISED = f"Kei cars are small. Roads were built for ox carts.\n\n{SELL} Winds push light cars."
NEW_ROADS = "Roads were built for ox carts."


@pytest.fixture
def revised(reviewer, editor):
    source = make_source(text=TEXT, title="Kei", slug="kei")
    claim = published_claim(source, reviewer, editor, sentence=1)
    add_revision(source, REVISED)
    claim.refresh_from_db()
    assert claim.anchor_state == AnchorState.FUZZY
    return source, claim


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def highlight_of(html, claim):
    """The highlighted words of the claim on the public source page."""
    return html.split(f'href="#claim-{claim.pk}" tabindex="-1"')[1].split("</mark>")[0]


def test_a_revision_with_a_fuzzy_published_claim_keeps_readers_on_the_approved_text(
    client, revised
):
    source, claim = revised

    html = page(client, source.get_absolute_url())

    assert "revision 1 of" in html
    assert "horse carts" in html and "ox carts" not in html
    assert "horse carts." in highlight_of(html, claim)
    assert "The text changed after this check" not in html


def test_the_claim_page_quotes_the_approved_words_in_their_text(client, revised):
    _, claim = revised

    html = page(client, claim_url(claim))

    assert '<mark class="hl"' in html and "horse carts" in html
    assert "no longer in it" not in html
    assert "The text changed after this check" not in html


def test_machine_readable_lists_stay_on_the_approved_revision(client, revised):
    source, claim = revised

    annotations = client.get(reverse("public:source-annotations", args=["kei"])).json()
    api = client.get(reverse("api:source", args=["kei"])).json()

    for collection in (annotations, api["annotations"]):
        (item,) = collection["first"]["items"] if "first" in collection else collection["items"]
        target = item["target"]
        assert "/sources/kei/revisions/1/text.txt" in str(target["source"])
        quote = next(s for s in target["selector"] if s["type"] == "TextQuoteSelector")
        assert quote["exact"] == ROADS
    assert api["text_url"].endswith("/revisions/1/text.txt")


def test_the_revision_waiting_for_review_is_not_readable_publicly(client, revised):
    for name in ("public:source-revision", "public:source-revision-text"):
        assert client.get(reverse(name, args=["kei", 2])).status_code == 404
        assert client.get(reverse(name, args=["kei", 1])).status_code == 200


def test_confirming_the_new_place_submits_it_for_an_editors_approval(client, revised, reviewer):
    source, claim = revised
    client.force_login(reviewer)

    response = client.post(reverse("review:claim-confirm", args=[claim.pk]), follow=True)

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    assert claim.quote == NEW_ROADS
    assert "Waiting for an editor to approve the new place" in response.content.decode()
    assert "Waiting for an editor to approve the new place" in page(
        client, reverse("review:claim-detail", args=[claim.pk])
    )
    client.logout()
    assert "horse carts" in page(client, source.get_absolute_url())
    assert "revision 1 of" in page(client, source.get_absolute_url())


def test_who_confirmed_the_place_cannot_approve_it(revised, reviewer, editor):
    _, claim = revised
    claim = transition_confirm(claim, editor)

    with pytest.raises(TransitionError, match="a second person"):
        transition(claim, "publish", editor)


def transition_confirm(claim, user):
    from factcheck.core.claims import reattach_claim

    return reattach_claim(
        claim,
        editor=user,
        first=claim.first_sentence.index,
        last=claim.last_sentence.index,
        start=claim.start,
        end=claim.end,
    )


def test_the_editors_approval_shows_the_new_revision_with_its_highlight(
    client, revised, reviewer, editor
):
    source, claim = revised
    claim = transition_confirm(claim, reviewer)
    verdicts_before = claim.verdicts.count()

    claim = transition(claim, "publish", editor)

    assert claim.status == ClaimStatus.PUBLISHED
    assert claim.verdicts.count() == verdicts_before  # a place, not a correction
    html = page(client, source.get_absolute_url())
    assert "revision 2 of" in html
    assert "ox carts." in highlight_of(html, claim)
    claim_page = page(client, claim_url(claim))
    # The words shown differ from the ones checked: the page says so, truly.
    assert "The text changed after this check. The quote as checked:" in claim_page
    assert "no longer in it" not in claim_page
    assert "Corrected" not in claim_page
    actions = list(
        AuditEvent.objects.filter(claim=claim).order_by("pk").values_list("action", flat=True)
    )
    assert actions[-5:] == ["reanchor", "reattach", "submit_place", "approve_place", "publish"]
    assert AuditEvent.objects.filter(action="show_revision", source_id=source.pk).count() == 1


def test_the_editors_approval_message_says_what_readers_now_see(client, revised, reviewer, editor):
    _, claim = revised
    transition_confirm(claim, reviewer)
    client.force_login(editor)

    response = client.post(
        reverse("review:claim-transition", args=[claim.pk, "publish"]), follow=True
    )

    assert "New place approved: readers now see revision 2" in response.content.decode()


def test_requesting_changes_sends_the_new_place_back_and_readers_keep_the_old_text(
    client, revised, reviewer, editor
):
    source, claim = revised
    claim = transition_confirm(claim, reviewer)

    claim = transition(claim, "request_changes", editor, note="Wrong sentence.")

    assert claim.status == ClaimStatus.CHANGES_REQUESTED
    assert "revision 1 of" in page(client, source.get_absolute_url())
    # Back in draft, the author re-attaches and submits again: no correction note needed.
    claim = transition(claim, "revise", reviewer)
    claim = transition_confirm(claim, reviewer)
    claim = transition(claim, "submit", reviewer)
    transition(claim, "publish", editor)
    assert "revision 2 of" in page(client, source.get_absolute_url())


def test_the_revision_waits_for_every_published_claims_place(client, reviewer, editor):
    source = make_source(text=TEXT, title="Kei", slug="kei")
    roads = published_claim(source, reviewer, editor, sentence=1)
    sell = published_claim(source, reviewer, editor, sentence=3)
    add_revision(source, REVISED.replace("the narrow streets", "the tight streets"))
    roads.refresh_from_db()
    sell.refresh_from_db()

    transition(transition_confirm(roads, reviewer), "publish", editor)
    assert "revision 1 of" in page(client, source.get_absolute_url())
    assert "horse carts." in highlight_of(page(client, source.get_absolute_url()), roads)

    transition(transition_confirm(sell, reviewer), "publish", editor)
    html = page(client, source.get_absolute_url())
    assert "revision 2 of" in html
    assert "ox carts." in highlight_of(html, roads)


def test_claims_found_word_for_word_need_no_review(client, reviewer, editor):
    source = make_source(text=TEXT, title="Kei", slug="kei")
    claim = published_claim(source, reviewer, editor, sentence=1)

    add_revision(source, "A new opening line.\n\n" + TEXT)

    html = page(client, source.get_absolute_url())
    assert "revision 2 of" in html and "A new opening line." in html
    assert "horse carts." in highlight_of(html, claim)


def test_a_source_without_published_claims_shows_its_newest_revision_at_once(client, reviewer):
    source = make_source(text=TEXT, title="Kei", slug="kei", made_public=True)
    make_complete_claim(source, reviewer, sentence=1)

    add_revision(source, REVISED)

    assert "ox carts" in page(client, source.get_absolute_url())


def test_an_orphaned_published_claim_holds_the_revision_until_reattached_and_approved(
    client, reviewer, editor
):
    source = make_source(text=TEXT, title="Kei", slug="kei")
    claim = published_claim(source, reviewer, editor, sentence=1)
    add_revision(source, TEXT.replace(ROADS, "Snow is the real hazard."))
    claim.refresh_from_db()
    assert claim.anchor_state == AnchorState.ORPHANED

    html = page(client, claim_url(claim))
    assert "no longer in it" not in html and "horse carts" in html
    assert "Snow is" not in page(client, source.get_absolute_url())
    with pytest.raises(TransitionError, match="re-attach it"):
        transition(claim, "submit_place", reviewer)

    from factcheck.core.claims import reattach_claim

    claim = reattach_claim(claim, editor=reviewer, first=1)
    assert claim.status == ClaimStatus.SUBMITTED
    transition(claim, "publish", editor)
    html = page(client, source.get_absolute_url())
    assert "Snow is the real hazard." in highlight_of(html, claim)


def test_an_orphaned_claim_cannot_be_approved_until_reattached(reviewer, editor):
    source = make_source(text=TEXT, title="Kei", slug="kei")
    claim = make_complete_claim(source, reviewer, sentence=1)
    claim = transition(claim, "submit", reviewer)
    add_revision(source, TEXT.replace(ROADS, "Snow is the real hazard."))
    claim.refresh_from_db()

    with pytest.raises(TransitionError, match="not found in revision 2.*re-attach it"):
        transition(claim, "publish", editor)

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED and claim.published_verdict is None


def test_a_fuzzy_claim_cannot_be_approved_until_its_place_is_confirmed(reviewer, editor):
    source = make_source(text=TEXT, title="Kei", slug="kei")
    claim = transition(make_complete_claim(source, reviewer, sentence=1), "submit", reviewer)
    add_revision(source, REVISED)
    claim.refresh_from_db()

    with pytest.raises(TransitionError, match="confirm its new place"):
        transition(claim, "publish", editor)


def test_the_claim_page_says_the_passage_is_gone_only_when_it_is(client, reviewer, editor):
    # Published before orphans were refused: no approved place anywhere.
    source = make_source(text=TEXT, title="Kei", slug="kei")
    claim = published_claim(source, reviewer, editor, sentence=1)
    verdict = claim.published_verdict
    type(verdict).objects.filter(pk=verdict.pk).update(revision=None, start=None, end=None)
    add_revision(source, TEXT.replace(ROADS, "Snow is the real hazard."))

    html = page(client, claim_url(claim))

    assert "this passage is no longer in it" in html
    assert "revision 2 of" in page(client, source.get_absolute_url())


def test_retracting_the_claim_that_waits_shows_the_newer_revision(client, revised, editor):
    source, claim = revised

    transition(claim, "retract", editor, note="The source was satire.")

    assert "ox carts" in page(client, source.get_absolute_url())


def test_a_sentence_link_into_the_waiting_revision_stays_on_what_readers_see(client, revised):
    source, _ = revised
    new = source.current_revision.sentences.get(index=1).anchor  # the changed sentence

    response = client.get(reverse("public:sentence-lookup", args=["kei", new]))

    assert response.status_code == 404


def test_approving_one_place_needs_no_query_per_claim_on_the_public_page(
    client, reviewer, editor, django_assert_max_num_queries
):
    source = make_source(text=TEXT, title="Kei", slug="kei")
    claims = [published_claim(source, reviewer, editor, sentence=i) for i in (0, 1, 3)]
    add_revision(source, REVISED)
    for claim in claims:
        claim.refresh_from_db()
        if claim.anchor_state == AnchorState.FUZZY:
            transition(transition_confirm(claim, reviewer), "publish", editor)

    with django_assert_max_num_queries(5):
        html = page(client, source.get_absolute_url())
    assert "revision 2 of" in html


def test_a_moved_claim_with_a_note_for_readers_is_a_correction(revised, reviewer, editor):
    _, claim = revised
    claim = transition(claim, "correct", editor)
    claim = transition_confirm(claim, reviewer)
    from tests.factories import write_verdict

    write_verdict(
        claim,
        reviewer,
        summary=claim.published_verdict.summary,
        rationale=claim.published_verdict.rationale,
        correction_note="The article now says ox carts.",
    )
    claim = transition(claim, "submit", reviewer)

    claim = transition(claim, "publish", editor)

    assert claim.verdicts.count() == 2
    assert claim.published_verdict.quote == NEW_ROADS
    assert not claim.approved_places.exists()
