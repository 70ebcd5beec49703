import pytest

from factcheck.core.claims import (
    Conflict,
    add_citation,
    move_citation,
    update_claim,
)
from factcheck.core.models import ClaimStatus
from factcheck.core.workflow import TransitionError, transition
from tests.factories import make_claim, make_complete_claim, make_source, write_verdict

pytestmark = pytest.mark.django_db

TEXT = 'Kei cars are small. American roads were designed for the "horse and buggy" size. Japan differs.'


@pytest.fixture
def source():
    return make_source(text=TEXT, title="Kei")


def test_claim_stores_w3c_selectors_that_locate_its_quote(source, reviewer):
    claim = make_claim(source, reviewer, sentence=1)

    text = source.current_revision.text
    quote, position = claim.selector
    assert text[position["start"] : position["end"]] == quote["exact"] == claim.quote
    assert claim.quote == 'American roads were designed for the "horse and buggy" size.'
    assert text[: position["start"]].endswith(quote["prefix"])
    assert text[position["end"] :].startswith(quote["suffix"])
    assert claim.first_sentence.index == claim.last_sentence.index == 1


def test_a_stale_save_raises_conflict_and_changes_nothing(source, reviewer):
    claim = make_claim(source, reviewer, text="First wording.")
    started_from = claim.version
    update_claim(
        claim, editor=reviewer, version=started_from, text="Their wording.", claimant="", notes=""
    )

    with pytest.raises(Conflict) as raised:
        update_claim(
            claim, editor=reviewer, version=started_from, text="My wording.", claimant="", notes=""
        )

    claim.refresh_from_db()
    assert claim.text == "Their wording."
    assert raised.value.current.text == "Their wording."


def test_saving_a_verdict_renders_clean_rationale_html(source, reviewer):
    claim = make_claim(source, reviewer)

    write_verdict(
        claim,
        reviewer,
        rating_slug="false",
        summary="No.",
        rationale="**No** <script>alert(1)</script>",
    )

    assert (
        claim.rationale_html == "<p><strong>No</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )
    assert claim.verdict_version == 2


def test_nul_characters_are_stripped_before_saving(source, reviewer):
    claim = make_claim(source, reviewer, text="Bad\x00byte", notes="n\x00")

    assert claim.text == "Badbyte" and claim.notes == "n"


def test_citations_are_appended_and_can_be_moved(source, reviewer):
    claim = make_claim(source, reviewer)
    first = add_citation(claim, editor=reviewer, url="https://a.example", title="A")
    second = add_citation(claim, editor=reviewer, url="https://b.example", title="B")

    move_citation(second, -1, editor=reviewer)

    assert [c.title for c in claim.citations.all()] == ["B", "A"]
    move_citation(first, +1, editor=reviewer)  # already last: nothing moves
    assert [c.title for c in claim.citations.all()] == ["B", "A"]


def test_only_the_author_can_edit_a_draft(source, reviewer, reviewer2):
    claim = make_claim(source, reviewer)

    assert claim.can_edit(reviewer)
    assert not claim.can_edit(reviewer2)


def test_a_submitted_claim_cannot_be_edited_even_by_its_author(source, reviewer):
    claim = transition(make_complete_claim(source, reviewer), "submit", reviewer)

    assert claim.status == ClaimStatus.SUBMITTED
    assert not claim.can_edit(reviewer)


def test_submitting_an_incomplete_claim_says_what_is_missing(source, reviewer):
    claim = make_claim(source, reviewer)

    with pytest.raises(
        TransitionError, match="needs a rating, a summary, a rationale, at least one citation"
    ):
        transition(claim, "submit", reviewer)

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.DRAFT
