"""The full transition table: every state x every action x every role."""

import pytest

from factcheck.core.models import AuditEvent, Claim, ClaimStatus, Verdict
from factcheck.core.workflow import ACTIONS, TransitionError, transition
from tests.conftest import user_in
from tests.factories import make_claim, make_complete_claim, make_source, write_verdict

pytestmark = pytest.mark.django_db

S = ClaimStatus
AUTHOR, OTHER, EDITOR, VERDICT_EDITOR, ADMIN = (
    "author",
    "other reviewer",
    "editor",
    "editor who wrote the verdict",
    "admin",
)
ROLES = [AUTHOR, OTHER, EDITOR, VERDICT_EDITOR, ADMIN]

# (state, action) -> roles allowed; every other combination is refused.
ALLOWED = {
    (S.DRAFT, "submit"): {AUTHOR, EDITOR, VERDICT_EDITOR, ADMIN},
    (S.SUBMITTED, "withdraw"): {AUTHOR, EDITOR, VERDICT_EDITOR, ADMIN},
    (S.SUBMITTED, "publish"): {EDITOR, ADMIN},
    (S.SUBMITTED, "request_changes"): {EDITOR, ADMIN},
    (S.CHANGES_REQUESTED, "revise"): {AUTHOR, EDITOR, VERDICT_EDITOR, ADMIN},
    (S.PUBLISHED, "correct"): {EDITOR, VERDICT_EDITOR, ADMIN},
    (S.PUBLISHED, "retract"): {EDITOR, VERDICT_EDITOR, ADMIN},
}
TARGET = {a.name: a.target for a in ACTIONS.values()}


@pytest.fixture
def people(reviewer, reviewer2, editor, admin_user):
    from factcheck.core import roles

    verdict_editor = user_in(roles.EDITOR, username="vera", is_staff=True)
    return {
        AUTHOR: reviewer,
        OTHER: reviewer2,
        EDITOR: editor,
        VERDICT_EDITOR: verdict_editor,
        ADMIN: admin_user,
    }


def claim_in(state, people):
    """A complete claim by the author, its verdict written by the verdict editor."""
    claim = make_complete_claim(make_source(title=f"S {state}"), people[AUTHOR])
    Claim.objects.filter(pk=claim.pk).update(status=state)
    claim = Claim.objects.get(pk=claim.pk)
    claim.contributors.add(people[VERDICT_EDITOR])
    return claim


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_transition_table(people, state, action, role):
    claim = claim_in(state, people)
    allowed = role in ALLOWED.get((state, action), set())
    events_before = AuditEvent.objects.filter(claim=claim).count()

    try:
        transition(claim, action, people[role], note="A reason.")
        refused = None
    except TransitionError as error:
        refused = str(error)

    claim.refresh_from_db()
    if allowed:
        assert refused is None
        assert claim.status == TARGET[action]
        assert AuditEvent.objects.filter(claim=claim, action=action).count() == 1
    else:
        assert refused, f"{role} should not {action} a {state} claim"
        assert claim.status == state
        assert AuditEvent.objects.filter(claim=claim).count() == events_before


def test_the_author_of_the_verdict_cannot_publish_it_even_as_editor(editor):
    claim = make_complete_claim(make_source(), editor)
    transition(claim, "submit", editor)

    with pytest.raises(TransitionError, match="second person"):
        transition(claim, "publish", editor)


def test_publishing_freezes_a_verdict_snapshot(reviewer, editor):
    claim = transition(make_complete_claim(make_source(), reviewer), "submit", reviewer)

    claim = transition(claim, "publish", editor)

    verdict = claim.published_verdict
    assert (verdict.number, verdict.rating, verdict.summary) == (1, claim.rating, claim.summary)
    assert (list(verdict.contributors.all()), verdict.approved_by) == ([reviewer], editor)


def test_publishing_names_what_is_missing(reviewer, editor):
    claim = make_claim(make_source(), reviewer)
    Claim.objects.filter(pk=claim.pk).update(status=S.SUBMITTED)

    with pytest.raises(
        TransitionError, match="a rating, a summary, a rationale, at least one citation"
    ):
        transition(claim, "publish", editor)


def test_request_changes_needs_a_reason_and_keeps_it_for_the_author(reviewer, editor):
    claim = transition(make_complete_claim(make_source(), reviewer), "submit", reviewer)

    with pytest.raises(TransitionError, match="Say why"):
        transition(claim, "request_changes", editor, note="  ")
    claim = transition(claim, "request_changes", editor, note="Cite the 1956 standard.")

    assert claim.status == S.CHANGES_REQUESTED and claim.status_note == "Cite the 1956 standard."


def test_a_correction_publishes_a_second_version_with_its_note(reviewer, editor):

    claim = transition(make_complete_claim(make_source(), reviewer), "submit", reviewer)
    claim = transition(claim, "publish", editor)
    claim = transition(claim, "correct", editor)
    write_verdict(
        claim,
        reviewer,
        rating_slug="misleading",
        summary="Corrected.",
        rationale="New evidence.",
        correction_note="",
    )
    with pytest.raises(TransitionError, match="a correction note"):
        transition(claim, "submit", reviewer)

    Claim.objects.filter(pk=claim.pk).update(correction_note="We misread the 1956 standard.")
    claim = transition(claim, "submit", reviewer)
    claim = transition(claim, "publish", editor)

    first, second = Verdict.objects.filter(claim=claim).order_by("number")
    assert (first.rating.slug, second.rating.slug) == ("false", "misleading")
    assert second.correction_note == "We misread the 1956 standard."
    assert claim.published_verdict == second


def test_retract_needs_a_public_note(reviewer, editor):
    claim = transition(make_complete_claim(make_source(), reviewer), "submit", reviewer)
    claim = transition(claim, "publish", editor)

    with pytest.raises(TransitionError, match="public note"):
        transition(claim, "retract", editor)
    claim = transition(claim, "retract", editor, note="The source was satire.")

    assert claim.status == S.RETRACTED and claim.status_note == "The source was satire."
    assert not Claim.objects.public().filter(pk=claim.pk).exists()
