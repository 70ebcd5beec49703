"""Re-anchoring through add_revision, over a table of edits (issue 6)."""

from pathlib import Path

import pytest

from factcheck.core.models import AnchorState, AuditEvent, Claim
from factcheck.core.reanchor import _similarity
from factcheck.core.sources import add_revision
from tests.factories import make_source

pytestmark = pytest.mark.django_db

P1 = "Kei cars are small. They are cheap to run."
P2 = (
    'American roads were designed for the "horse and buggy" size, where as many european and '
    "asian roads were designed around walking. Bigger cars can not fit down roads designed "
    "for the width of a single horse."
)
P3 = "High winds push small cars off the road. Japan does not get high winds."
TEXT = "\n\n".join([P1, P2, P3])
ROADS = 'American roads were designed for the "horse and buggy" size'
WINDS = "High winds push small cars off the road."

EDITS = {
    "insertion before": lambda t: "A new opening line.\n\n" + t,
    "deletion before": lambda t: t.replace(P1 + "\n\n", ""),
    "typo fixed inside the quote": lambda t: t.replace("where as", "whereas"),
    "word changed inside": lambda t: t.replace('"horse and buggy" size', '"horse and cart" size'),
    "sentence moved": lambda t: t.replace(WINDS + " ", "") + "\n\n" + WINDS,
    "quoted sentence removed": lambda t: t.replace(
        P2, "Bigger cars can not fit down narrow roads."
    ),
    "rewritten": lambda t: t.replace(
        P2, "Road widths in America follow highway engineering rules."
    ),
    "whitespace reflowed": lambda t: t.replace(" designed for", "\ndesigned  for"),
}


def claim_on(source, author, quote):
    from factcheck.core.claims import create_claim

    text = source.current_revision.text
    start = text.index(quote)
    sentences = source.current_revision.sentences.order_by("-index")
    first = sentences.filter(start__lte=start).first()
    last = sentences.filter(start__lt=start + len(quote)).first()
    return create_claim(
        source=source,
        author=author,
        first=first.index,
        last=last.index,
        start=start,
        end=start + len(quote),
        text=quote,
    )


@pytest.fixture
def claimed(reviewer):
    source = make_source(text=TEXT, title="Kei")
    quotes = [ROADS, WINDS, P2.split(". ")[0] + ".", "cheap to run", "single horse"]
    return source, [claim_on(source, reviewer, q) for q in quotes]


@pytest.mark.parametrize("edit", EDITS)
def test_no_claim_is_lost_or_misplaced_after_an_edit(claimed, reviewer, edit):
    source, claims = claimed

    revision = add_revision(source, EDITS[edit](TEXT), user=reviewer)

    after = list(Claim.objects.filter(source=source))
    assert len(after) == len(claims)
    assert sum(revision.reanchor_summary.values()) == len(claims)
    for claim in after:
        assert claim.revision == revision
        if claim.anchor_state == AnchorState.ORPHANED:
            assert claim.start is None and claim.quote
            continue
        found = revision.text[claim.start : claim.end]
        assert found == claim.quote or _similarity(found, claim.quote) >= 0.75
        assert claim.first_sentence.start <= claim.start < claim.end <= claim.last_sentence.end


def test_insertion_before_moves_claims_to_the_same_words(claimed, reviewer):
    source, claims = claimed

    revision = add_revision(source, "A new opening line.\n\n" + TEXT, user=reviewer)

    roads = Claim.objects.get(pk=claims[0].pk)
    assert roads.anchor_state == AnchorState.MOVED
    assert revision.text[roads.start : roads.end] == ROADS
    quote, position = roads.selector
    assert (position["start"], position["end"]) == (roads.start, roads.end)


def test_unchanged_claims_keep_their_state_as_unchanged(claimed, reviewer):
    source, claims = claimed

    add_revision(source, TEXT + "\n\nA closing line.", user=reviewer)

    assert {c.anchor_state for c in Claim.objects.all()} == {AnchorState.UNCHANGED}


def test_a_fixed_typo_inside_a_quote_is_fuzzy_and_keeps_the_reviewed_quote(claimed, reviewer):
    source, claims = claimed
    sentence_claim = claims[2]

    revision = add_revision(source, TEXT.replace("where as", "whereas"), user=reviewer)

    claim = Claim.objects.get(pk=sentence_claim.pk)
    assert claim.anchor_state == AnchorState.FUZZY
    assert 0.75 <= claim.anchor_score < 1
    assert "whereas" in revision.text[claim.start : claim.end]
    assert "where as" in claim.quote


def test_a_removed_sentence_orphans_its_claim_with_its_quote(claimed, reviewer):
    source, claims = claimed

    revision = add_revision(source, TEXT.replace(WINDS, ""), user=reviewer)

    claim = Claim.objects.get(pk=claims[1].pk)
    assert claim.anchor_state == AnchorState.ORPHANED
    assert claim.quote == WINDS and claim.selector[0]["exact"] == WINDS
    assert revision.reanchor_summary["orphaned"] == 1


def test_repeated_sentences_are_told_apart_by_context(reviewer):
    text = "Alpha leads. Kei cars are fine. Beta follows.\n\nGamma leads. Kei cars are fine. Delta follows."
    source = make_source(text=text, title="Repeats")
    second = claim_on(source, reviewer, "Kei cars are fine. Delta")
    second_start = text.index("Kei cars are fine. Delta")

    add_revision(source, "Intro.\n\n" + text, user=reviewer)

    claim = Claim.objects.get(pk=second.pk)
    assert claim.start == second_start + len("Intro.\n\n")


def test_every_reanchored_claim_gets_an_audit_event(claimed, reviewer):
    source, claims = claimed

    add_revision(source, "New start.\n\n" + TEXT, user=reviewer)

    events = AuditEvent.objects.filter(action="reanchor")
    assert sorted(e.claim_id for e in events) == sorted(c.pk for c in claims)


def test_an_orphan_is_found_again_when_its_text_returns(claimed, reviewer):
    source, claims = claimed
    add_revision(source, TEXT.replace(WINDS, ""), user=reviewer)

    add_revision(source, TEXT, user=reviewer)

    found = Claim.objects.get(pk=claims[1].pk)
    assert found.anchor_state in (AnchorState.UNCHANGED, AnchorState.MOVED)
    assert found.start is not None


# -- the Kei Party article: a paragraph moved, a word changed in another sentence

ARTICLE = (Path(__file__).parents[2] / "factcheck/core/demo/kei-party-article.txt").read_text()
DECKS = (
    "Even so, the transportation secretary has “cleared the decks” for automakers to build "
    "these vehicles here in the U.S."
)


def revised_article(text):
    """The one-line paragraph "Really." moves down; "U.S." becomes "States"."""
    text = text.replace("\nReally.\n", "\n", 1)
    text = text.replace("Whim-driven capitalism.", "Whim-driven capitalism.\n\nReally.\n\n", 1)
    return text.replace("here in the U.S.", "here in the States.")


@pytest.fixture
def article(reviewer):
    source = make_source(text=ARTICLE, title="Kei Party")
    quotes = ["Really.", DECKS, "build these vehicles here in the U.S.", "cleared the decks"]
    return source, {q: claim_on(source, reviewer, q) for q in quotes}


def test_a_short_sentence_moved_to_another_paragraph_is_moved(article, reviewer):
    source, claims = article

    revision = add_revision(source, revised_article(ARTICLE), user=reviewer)

    claim = Claim.objects.get(pk=claims["Really."].pk)
    assert claim.anchor_state == AnchorState.MOVED
    assert revision.text[claim.start : claim.end] == "Really."
    assert claim.first_sentence == claim.last_sentence
    assert claim.first_sentence.revision == revision
    assert revision.text[: claim.start].endswith("Whim-driven capitalism.\n\n")


def test_a_word_changed_in_a_claimed_sentence_reanchors_to_the_whole_new_sentence(
    article, reviewer
):
    source, claims = article

    add_revision(source, revised_article(ARTICLE), user=reviewer)

    claim = Claim.objects.get(pk=claims[DECKS].pk)
    assert claim.anchor_state == AnchorState.FUZZY
    sentence = claim.first_sentence
    assert claim.last_sentence == sentence
    assert (claim.start, claim.end) == (sentence.start, sentence.end)
    assert sentence.text == DECKS.replace("U.S.", "States.")
    assert claim.anchor_score == pytest.approx(_similarity(DECKS, sentence.text), abs=1e-4)
    assert claim.selector[0]["exact"] == DECKS  # the reviewed quote until confirmed


def test_phrase_claims_keep_phrase_spans(article, reviewer):
    source, claims = article

    revision = add_revision(source, revised_article(ARTICLE), user=reviewer)

    changed = Claim.objects.get(pk=claims["build these vehicles here in the U.S."].pk)
    assert changed.anchor_state == AnchorState.FUZZY
    assert revision.text[changed.start : changed.end].startswith("build these vehicles here")
    assert changed.start > changed.first_sentence.start  # a phrase, not the sentence
    intact = Claim.objects.get(pk=claims["cleared the decks"].pk)
    assert intact.anchor_state == AnchorState.UNCHANGED
    assert revision.text[intact.start : intact.end] == "cleared the decks"


def test_revising_takes_a_constant_number_of_queries(reviewer, django_assert_max_num_queries):
    source = make_source(text=ARTICLE, title="Kei Party")
    for quote in [
        "Really.",
        DECKS,
        "build these vehicles here in the U.S.",
        "cleared the decks",
        "Auto Sandal",
    ]:
        claim_on(source, reviewer, quote)

    with django_assert_max_num_queries(20):
        add_revision(source, revised_article(ARTICLE), user=reviewer)
