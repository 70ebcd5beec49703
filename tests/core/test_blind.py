"""core/blind.py: asking for an independent rating, rating it blind, the reveal,
disagreements and what they hold back."""

import pytest

from factcheck.core import blind, roles
from factcheck.core.assignment import assign
from factcheck.core.claims import save_verdict, update_claim
from factcheck.core.models import AuditEvent, BlindRating, BlindState, Notification
from factcheck.core.workflow import TransitionError, transition, withheld_actions
from tests.conftest import user_in
from tests.factories import make_claim, make_complete_claim, make_source, rating, write_verdict

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(reviewer):
    return make_complete_claim(make_source(), reviewer, rating_slug="false")


def give(blind_rating, reviewer, slug="true", summary="Mine.", rationale="My *own* reading."):
    return blind.rate(
        blind_rating, reviewer=reviewer, rating=rating(slug), summary=summary, rationale=rationale
    )


def test_an_editor_asks_and_the_second_reviewer_is_notified_without_the_claims_words(
    claim, editor, reviewer2
):
    asked = blind.request(claim, reviewer2, by=editor)

    assert asked.state == BlindState.REQUESTED and asked.requested_by == editor
    note = Notification.objects.get(recipient=reviewer2)
    assert note.kind == "blind" and note.url == f"/review/claims/{claim.pk}/blind/"
    assert claim.text not in note.message and "own research" in note.message
    event = AuditEvent.objects.get(action="blind_request")
    assert event.claim_id == claim.pk and event.changes == {"reviewer": [None, "rob"]}


def test_only_an_editor_can_ask(claim, reviewer2, reviewer):
    with pytest.raises(blind.BlindError, match="Only an editor"):
        blind.request(claim, reviewer2, by=reviewer2)
    assert not BlindRating.objects.exists()


def test_the_second_reviewer_is_none_of_author_contributor_assignee_or_requester(
    claim, editor, reviewer, reviewer2
):
    other_editor = user_in(roles.EDITOR, username="eve")
    contributor = user_in(roles.REVIEWER, username="cora")
    update_claim(claim, editor=contributor, version=claim.version, text="Reworded by Cora.")
    claim.refresh_from_db()
    claim.__dict__.pop("contributor_ids", None)
    assignee = user_in(roles.REVIEWER, username="asa")
    assign(claim, assignee, by=editor)
    claim = type(claim).objects.get(pk=claim.pk)

    eligible = set(blind.eligible_reviewers(claim, editor).values_list("username", flat=True))

    assert eligible == {"rob", "eve", "ada"} - {"ada"}
    for refused in (reviewer, contributor, assignee, editor):
        with pytest.raises(blind.BlindError, match="Choose an active reviewer"):
            blind.request(claim, refused, by=editor)
    assert blind.request(claim, other_editor, by=editor).reviewer == other_editor


def test_one_open_request_per_claim_and_a_new_one_after_a_withdrawal(claim, editor, reviewer2):
    first = blind.request(claim, reviewer2, by=editor)
    with pytest.raises(blind.BlindError, match="already requested"):
        blind.request(claim, reviewer2, by=editor)

    blind.withdraw(first, by=editor)

    assert BlindRating.objects.get(pk=first.pk).state == BlindState.WITHDRAWN
    assert blind.request(claim, reviewer2, by=editor).state == BlindState.REQUESTED


def test_a_published_claim_cannot_be_rated_blind(claim, editor, reviewer, reviewer2):
    transition(claim, "submit", reviewer)
    transition(claim, "publish", editor)
    claim.refresh_from_db()

    with pytest.raises(blind.BlindError, match="never published"):
        blind.request(claim, reviewer2, by=editor)


def test_rating_a_rated_claim_reveals_the_pair_as_it_is(claim, editor, reviewer, reviewer2):
    asked = blind.request(claim, reviewer2, by=editor)

    done = give(asked, reviewer2, "true")

    assert done.state == BlindState.REVEALED and done.revealed_at is not None
    assert done.first_rating == rating("false") and done.rating == rating("true")
    assert done.first_rater == reviewer and done.disagrees is True
    assert "<em>own</em>" in done.rationale_html


def test_the_first_rater_is_whoever_last_changed_the_rating(claim, editor, reviewer, reviewer2):
    other_editor = user_in(roles.EDITOR, username="eve")
    write_verdict(claim, other_editor, rating_slug="true", summary="Changed.")
    claim.refresh_from_db()
    write_verdict(claim, reviewer, rating_slug="true", summary="Summary only changed.")
    asked = blind.request(claim, reviewer2, by=editor)

    assert give(asked, reviewer2, "true").first_rater == other_editor


def test_without_a_claim_rating_the_reveal_waits_for_it(editor, reviewer, reviewer2):
    claim = make_claim(make_source(), reviewer)
    asked = blind.request(claim, reviewer2, by=editor)

    assert give(asked, reviewer2, "true").state == BlindState.RATED
    assert not AuditEvent.objects.filter(action="blind_reveal").exists()

    write_verdict(claim, reviewer, rating_slug="true")

    asked.refresh_from_db()
    assert asked.state == BlindState.REVEALED and asked.first_rating == rating("true")
    assert asked.disagrees is False and asked.first_rater == reviewer


def test_saving_a_verdict_without_a_rating_reveals_nothing(editor, reviewer, reviewer2):
    claim = make_claim(make_source(), reviewer)
    give(blind.request(claim, reviewer2, by=editor), reviewer2)

    save_verdict(
        claim,
        editor=reviewer,
        version=claim.verdict_version,
        rating=None,
        summary="s",
        rationale="",
    )

    assert BlindRating.objects.get().state == BlindState.RATED


def test_only_the_asked_reviewer_rates_and_only_once(claim, editor, reviewer, reviewer2):
    asked = blind.request(claim, reviewer2, by=editor)
    with pytest.raises(blind.BlindError, match="Only the reviewer asked"):
        give(asked, reviewer)
    give(asked, reviewer2)
    with pytest.raises(blind.BlindError, match="already given"):
        give(asked, reviewer2, "false")
    assert BlindRating.objects.get().rating == rating("true")


def test_withdrawing_takes_an_editor_and_an_open_request(claim, editor, reviewer2):
    asked = blind.request(claim, reviewer2, by=editor)
    with pytest.raises(blind.BlindError, match="Only an editor"):
        blind.withdraw(asked, by=reviewer2)
    blind.withdraw(asked, by=editor)
    with pytest.raises(blind.BlindError, match="Only an open request"):
        blind.withdraw(asked, by=editor)
    assert Notification.objects.filter(recipient=reviewer2, message__contains="withdrew").exists()


def test_a_disagreement_is_resolved_by_an_editor_with_a_note(claim, editor, reviewer2):
    pair = give(blind.request(claim, reviewer2, by=editor), reviewer2, "true")
    assert list(blind.disagreements(editor)) == [pair]

    with pytest.raises(blind.BlindError, match="Say how"):
        blind.resolve(pair, by=editor, note="  ")
    with pytest.raises(blind.BlindError, match="Only an editor"):
        blind.resolve(pair, by=reviewer2, note="We talked.")
    blind.resolve(pair, by=editor, note="The standard says 12 feet: false stands.")

    pair.refresh_from_db()
    assert pair.resolved_by == editor and pair.resolution_note.startswith("The standard")
    assert list(blind.disagreements(editor)) == []
    assert AuditEvent.objects.filter(action="blind_resolve", note__contains="12 feet").exists()


def test_agreeing_ratings_need_no_resolution(claim, editor, reviewer2):
    pair = give(blind.request(claim, reviewer2, by=editor), reviewer2, "false")
    with pytest.raises(blind.BlindError, match="do not disagree"):
        blind.resolve(pair, by=editor, note="Nothing to settle.")


def publish_reason(claim, user):
    claim = type(claim).objects.get(pk=claim.pk)
    return dict((a.name, reason) for a, reason in withheld_actions(claim, user)).get("publish")


def test_approval_waits_for_the_blind_rating_and_then_for_the_resolution(
    claim, editor, reviewer, reviewer2
):
    transition(claim, "submit", reviewer)
    asked = blind.request(claim, reviewer2, by=editor)
    assert "still open" in publish_reason(claim, editor)
    with pytest.raises(TransitionError, match="still open"):
        transition(claim, "publish", editor)

    pair = give(asked, reviewer2, "true")
    assert "disagree" in publish_reason(claim, editor)
    with pytest.raises(TransitionError, match="disagree"):
        transition(claim, "publish", editor)

    blind.resolve(pair, by=editor, note="False stands.")
    assert publish_reason(claim, editor) is None
    assert transition(claim, "publish", editor).status == "published"


def test_a_withdrawn_request_holds_nothing_back(claim, editor, reviewer, reviewer2):
    transition(claim, "submit", reviewer)
    blind.withdraw(blind.request(claim, reviewer2, by=editor), by=editor)

    assert transition(claim, "publish", editor).status == "published"


def test_the_two_person_rule_still_applies_after_the_reveal(claim, editor, reviewer, reviewer2):
    other_editor = user_in(roles.EDITOR, username="eve")
    write_verdict(claim, editor, rating_slug="true")
    claim.refresh_from_db()
    pair = give(blind.request(claim, reviewer2, by=other_editor), reviewer2, "true")
    assert pair.first_rater == editor and pair.disagrees is False
    transition(claim, "submit", reviewer)

    with pytest.raises(TransitionError, match="second person"):
        transition(claim, "publish", editor)
    assert transition(claim, "publish", other_editor).status == "published"


def test_no_audit_event_before_the_reveal_names_either_rating(editor, reviewer, reviewer2):
    claim = make_claim(make_source(), reviewer)
    give(
        blind.request(claim, reviewer2, by=editor),
        reviewer2,
        "true",
        summary="SECOND-SUMMARY",
        rationale="SECOND-RATIONALE",
    )

    events = repr(list(AuditEvent.objects.values("changes", "note", "object_repr")))
    for marker in ("SECOND-SUMMARY", "SECOND-RATIONALE", rating("true").label):
        assert marker not in events


def test_the_hidden_claims_are_those_the_user_rates_blind_while_open(claim, editor, reviewer2):
    asked = blind.request(claim, reviewer2, by=editor)
    assert list(blind.hidden_from(reviewer2).values_list("claim_id", flat=True)) == [claim.pk]
    assert not blind.hidden_from(editor).exists()

    give(asked, reviewer2)

    assert not blind.hidden_from(reviewer2).exists()


def test_the_admin_lists_requests_and_withdraws_them_without_showing_the_rating(
    client, editor, reviewer, reviewer2
):
    unrated = make_claim(make_source(), reviewer)
    asked = blind.request(unrated, reviewer2, by=editor)
    give(asked, reviewer2, summary="SECRET-SECOND", rationale="SECRET-RATIONALE")
    client.force_login(editor)

    listing = client.get("/admin/core/blindrating/").content.decode()
    page = client.get(f"/admin/core/blindrating/{asked.pk}/change/").content.decode()

    assert "Waiting for the first rating" in listing and "SECRET" not in listing
    assert "Hidden until both ratings are in." in page and "SECRET" not in page
    client.post(
        "/admin/core/blindrating/",
        {"action": "withdraw", "_selected_action": [asked.pk]},
    )
    assert BlindRating.objects.get(pk=asked.pk).state == BlindState.WITHDRAWN
