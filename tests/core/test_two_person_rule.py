"""Issue #9: what is published is exactly what two people approved.

Everyone who changed anything that gets published since the last approval is a
contributor of that version, and no contributor may approve it."""

import pytest

from factcheck.core.claims import add_citation, update_claim
from factcheck.core.models import AuditEvent, Claim
from factcheck.core.workflow import TransitionError, transition
from tests.conftest import user_in
from tests.factories import make_complete_claim, make_source, write_verdict

pytestmark = pytest.mark.django_db

TEXT = (
    "American roads were designed for the horse and buggy. High winds push small cars off the road."
)


@pytest.fixture
def source():
    return make_source(text=TEXT, title="Kei", slug="kei")


@pytest.fixture
def editor2(db):
    from factcheck.core import roles

    return user_in(roles.EDITOR, username="eve", is_staff=True)


def test_an_editor_who_rewrote_a_sent_back_claim_cannot_publish_it_alone(
    source, reviewer, editor, editor2
):
    claim = transition(make_complete_claim(source, reviewer), "submit", reviewer)
    claim = transition(claim, "request_changes", editor, note="Tighten the wording.")
    claim = transition(claim, "revise", editor)
    claim = update_claim(
        claim,
        editor=editor,
        version=claim.version,
        text="Roads fit buggies.",
        claimant="A blog",
        notes="",
    )
    add_citation(claim, editor=editor, url="https://example.org/e", title="Editor's source")
    claim = transition(claim, "submit", editor)

    with pytest.raises(TransitionError, match="second person"):
        transition(claim, "publish", editor)

    published = transition(claim, "publish", editor2)
    verdict = published.published_verdict
    assert set(verdict.contributors.all()) == {reviewer, editor}
    assert verdict.approved_by == editor2


def test_saving_a_verdict_unchanged_changes_nothing(source, reviewer, editor):
    """Observed: a reviewer opened a verdict an editor had written and saved it
    as it was; "written by" moved to the reviewer and the editor could then
    publish the summary he had written himself."""
    claim = make_complete_claim(source, reviewer)
    claim = write_verdict(
        claim,
        editor,
        rating_slug=claim.rating.slug,
        summary="The editor's own summary.",
        rationale=claim.rationale,
    )
    events = AuditEvent.objects.count()
    before = Claim.objects.get(pk=claim.pk)

    write_verdict(
        claim,
        reviewer,
        rating_slug=claim.rating.slug,
        summary=claim.summary,
        rationale=claim.rationale,
    )

    after = Claim.objects.get(pk=claim.pk)
    assert (after.verdict_version, after.updated_by, after.updated_at) == (
        before.verdict_version,
        before.updated_by,
        before.updated_at,
    )
    assert AuditEvent.objects.count() == events
    assert set(after.contributors.all()) == {reviewer, editor}
    claim = transition(after, "submit", reviewer)
    with pytest.raises(TransitionError, match="second person"):
        transition(claim, "publish", editor)


def test_saving_claim_wording_unchanged_changes_nothing(source, reviewer, reviewer2, editor):
    claim = make_complete_claim(source, reviewer)
    version = claim.version

    update_claim(
        claim,
        editor=editor,
        version=version,
        text=claim.text,
        claimant=claim.claimant,
        notes=claim.notes,
    )

    claim.refresh_from_db()
    assert claim.version == version
    assert editor not in claim.contributors.all()


def test_desk_notes_are_not_published_so_they_make_no_contributor(source, reviewer, editor):
    claim = transition(make_complete_claim(source, reviewer), "submit", reviewer)
    claim = transition(claim, "withdraw", editor)
    update_claim(
        claim, editor=editor, version=claim.version, text=claim.text, claimant="", notes="Ask Bob."
    )
    claim = transition(Claim.objects.get(pk=claim.pk), "submit", reviewer)

    assert transition(claim, "publish", editor).status == "published"


def test_a_correction_is_approved_by_someone_who_did_not_make_it(source, reviewer, editor, editor2):
    claim = transition(make_complete_claim(source, reviewer), "submit", reviewer)
    claim = transition(claim, "publish", editor)
    claim = transition(claim, "correct", editor)
    claim = write_verdict(
        claim,
        editor,
        rating_slug="true",
        summary="Corrected.",
        rationale="Because.",
        correction_note="We misread the table.",
    )
    claim = transition(claim, "submit", editor)

    with pytest.raises(TransitionError, match="second person"):
        transition(claim, "publish", editor)
    corrected = transition(claim, "publish", editor2)
    assert list(corrected.published_verdict.contributors.all()) == [editor]
    # The first version keeps its own contributors.
    first = corrected.verdicts.get(number=1)
    assert list(first.contributors.all()) == [reviewer]
