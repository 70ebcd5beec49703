"""Re-anchoring claims on a new revision: a table of realistic edits.

Pure algorithm, no database: runs with `-p no:django`.
"""

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from factcheck.core.anchoring import selectors
from factcheck.core.reanchor import (
    DEFAULT_THRESHOLD,
    AnchorState,
    Result,
    reanchor,
    reanchor_many,
)
from factcheck.core.sentences import segment

BUGGY = (
    "American roads were designed for the horse and buggy size, where as many european "
    "and asian roads were designed around walking."
)
BIGGER = "Bigger cars can not fit down roads designed for the width of a single horse."
CURVY = "Japanese roads are extra curvy, much like roads in Oregon and Alaska."
PARAGRAPH = f"{BUGGY} {BIGGER} {CURVY}"  # a long quote: ~270 characters
WINDS = "High winds can push a small car into the ditch."
KEI_CAR = "A kei car also lacks the survivability of a pickup truck in a collision."
POINT = "That is the whole point."

TEXT = (
    "Kei cars are tiny Japanese vehicles built to strict size and engine limits. "
    "They pay lower taxes and cheaper insurance than ordinary cars. "
    f"{POINT}\n\n"
    f"{PARAGRAPH}\n\n"
    f"{WINDS} "
    f"{KEI_CAR} "
    f"{POINT} "
    "Even so, the transportation secretary has cleared the decks for kei cars to be sold here."
)

# name -> (quote, which occurrence in TEXT)
CLAIMS = {
    "buggy sentence": (BUGGY, 0),
    "whole paragraph": (PARAGRAPH, 0),
    "where as": ("where as", 0),
    "designed around walking": ("designed around walking", 0),
    "winds sentence": (WINDS, 0),
    "small car": ("small car", 0),
    "kei car": ("kei car", 0),
    "strict size phrase": ("built to strict size and engine limits", 0),
    "first point": (POINT, 0),
    "second point": (POINT, 1),
}


def nth(text, quote, n):
    starts = [m.start() for m in re.finditer(re.escape(quote), text)]
    return starts[n]


def claim(name, text=TEXT):
    quote, n = CLAIMS[name]
    start = nth(text, quote, n)
    return selectors(text, start, start + len(quote))


def span(result, text):
    return text[result.start : result.end]


def similar(a, b):
    normalise = " ".join
    return Levenshtein.normalized_similarity(normalise(a.split()), normalise(b.split()))


def reflow(text, width=40):
    """Re-wrap each paragraph at `width` columns, two spaces after each full stop."""
    out = []
    for paragraph in text.split("\n\n"):
        lines, line = [], ""
        for word in paragraph.split():
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
        out.append("\n".join(lines).replace(". ", ".  "))
    return "\n\n".join(out)


def move_winds_to_first_paragraph(text):
    text = text.replace(WINDS + " ", "")
    return text.replace(POINT + "\n\n", f"{POINT} {WINDS}\n\n", 1)


REWRITTEN = (
    "In the United States streets were laid out wide for wagons, while cities in Europe "
    "and Asia grew up around people on foot."
)

# name -> function from the old text to the new one
EDITS = {
    "no change": lambda t: t,
    "insertion at the start": lambda t: "Kei is short for keijidosha, light car. " + t,
    "insertion just before": lambda t: t.replace(
        BUGGY, "Size is not the only reason, though. " + BUGGY
    ),
    "deletion before": lambda t: t.replace(
        "They pay lower taxes and cheaper insurance than ordinary cars. ", ""
    ),
    "typo fixed": lambda t: t.replace("where as", "whereas"),
    "word changed": lambda t: t.replace("horse and buggy", "horse and carriage").replace(
        "strict size", "tight size"
    ),
    "sentence moved": move_winds_to_first_paragraph,
    "sentence removed": lambda t: (
        t.replace(BUGGY + " ", "").replace(WINDS + " ", "").replace(KEI_CAR + " ", "")
    ),
    "sentence rewritten": lambda t: t.replace(BUGGY, REWRITTEN),
    "sentence inserted inside": lambda t: t.replace(BIGGER, "Parking is tight too. " + BIGGER),
    "insertion before repeats": lambda t: "Kei cars are fun. " + t,
    "whitespace reflowed": reflow,
}


def run(edit, name):
    new = EDITS[edit](TEXT)
    return reanchor(claim(name), new), new


# -- one behaviour per test ----------------------------------------------------

# A whole sentence and short phrases inside it.
CLAIM_NAMES = ["buggy sentence", "where as", "designed around walking"]


@pytest.mark.parametrize("name", CLAIMS)
def test_no_change_is_unchanged_at_the_same_offsets(name):
    result, _ = run("no change", name)
    position = claim(name)[1]
    assert result == Result(AnchorState.UNCHANGED, position["start"], position["end"], 1.0)


@pytest.mark.parametrize("name", CLAIM_NAMES)
def test_insertion_at_the_start_moves_the_claim(name):
    result, new = run("insertion at the start", name)
    assert result.state == AnchorState.MOVED
    assert result.start == claim(name)[1]["start"] + len("Kei is short for keijidosha, light car. ")
    assert span(result, new) == CLAIMS[name][0]
    assert result.score == 1.0


@pytest.mark.parametrize("name", CLAIM_NAMES)
def test_insertion_just_before_the_sentence_moves_the_claim(name):
    result, new = run("insertion just before", name)
    assert result.state == AnchorState.MOVED
    assert span(result, new) == CLAIMS[name][0]


@pytest.mark.parametrize("name", CLAIM_NAMES)
def test_deletion_before_moves_the_claim(name):
    result, new = run("deletion before", name)
    assert result.state == AnchorState.MOVED
    assert span(result, new) == CLAIMS[name][0]
    assert result.start < claim(name)[1]["start"]


def test_typo_fixed_in_a_sentence_is_fuzzy_over_the_corrected_sentence():
    result, new = run("typo fixed", "buggy sentence")
    assert result.state == AnchorState.FUZZY
    assert result.score >= DEFAULT_THRESHOLD
    assert span(result, new) == BUGGY.replace("where as", "whereas")


def test_typo_fixed_in_a_phrase_is_fuzzy_over_the_corrected_word():
    result, new = run("typo fixed", "where as")
    assert result.state == AnchorState.FUZZY
    assert result.score >= DEFAULT_THRESHOLD
    assert span(result, new) == "whereas"


def test_word_changed_in_a_sentence_is_fuzzy_over_the_sentence():
    result, new = run("word changed", "buggy sentence")
    assert result.state == AnchorState.FUZZY
    assert DEFAULT_THRESHOLD <= result.score < 1.0
    assert span(result, new) == BUGGY.replace("buggy", "carriage")


def test_word_changed_in_a_phrase_is_fuzzy_over_the_phrase():
    result, new = run("word changed", "strict size phrase")
    assert result.state == AnchorState.FUZZY
    assert DEFAULT_THRESHOLD <= result.score < 1.0
    assert span(result, new) == "built to tight size and engine limits"


def test_typo_fixed_in_a_long_quote_is_fuzzy_over_the_whole_quote():
    result, new = run("typo fixed", "whole paragraph")
    assert result.state == AnchorState.FUZZY
    assert span(result, new) == PARAGRAPH.replace("where as", "whereas")


def test_sentence_inserted_inside_a_long_quote_stretches_the_span():
    result, new = run("sentence inserted inside", "whole paragraph")
    assert result.state == AnchorState.FUZZY
    assert DEFAULT_THRESHOLD <= result.score < 1.0
    assert span(result, new) == PARAGRAPH.replace(BIGGER, "Parking is tight too. " + BIGGER)


def test_sentence_moved_to_another_paragraph_is_moved():
    result, new = run("sentence moved", "winds sentence")
    assert result.state == AnchorState.MOVED
    assert span(result, new) == WINDS
    assert result.start < new.index("\n\n")  # now in the first paragraph


def test_phrase_in_a_moved_sentence_is_moved():
    result, new = run("sentence moved", "small car")
    assert result.state == AnchorState.MOVED
    assert result.start == new.index(WINDS) + WINDS.index("small car")


@pytest.mark.parametrize("name", ["buggy sentence", "where as", "winds sentence", "small car"])
def test_quoted_sentence_removed_is_orphaned(name):
    result, _ = run("sentence removed", name)
    assert result.state == AnchorState.ORPHANED
    assert (result.start, result.end) == (None, None)
    assert result.score < DEFAULT_THRESHOLD


def test_short_phrase_does_not_move_to_another_occurrence_in_other_context():
    # "kei car" still occurs in "kei cars" in the last sentence: same letters, other claim.
    result, new = run("sentence removed", "kei car")
    assert "kei car" in new
    assert result.state == AnchorState.ORPHANED


@pytest.mark.parametrize("name", CLAIM_NAMES)
def test_sentence_rewritten_entirely_is_orphaned(name):
    result, _ = run("sentence rewritten", name)
    assert result.state == AnchorState.ORPHANED
    assert 0.0 <= result.score < DEFAULT_THRESHOLD


def test_repeated_sentence_stays_on_the_second_occurrence_after_insertion():
    result, new = run("insertion before repeats", "second point")
    assert result.state == AnchorState.MOVED
    assert result.start == nth(new, POINT, 1)
    assert span(result, new) == POINT


def test_repeated_sentence_stays_on_the_first_occurrence_after_insertion():
    result, new = run("insertion before repeats", "first point")
    assert result.state == AnchorState.MOVED
    assert result.start == nth(new, POINT, 0)


def test_repeated_sentence_tie_goes_to_the_occurrence_nearest_the_old_position():
    # Middle repeats of a periodic text have identical context: only position tells.
    text = "Same words here. " * 8
    old = selectors(text, 4 * 17, 4 * 17 + 16)
    result = reanchor(old, "X" + text)
    assert (result.state, result.start) == (AnchorState.MOVED, 4 * 17 + 1)


@pytest.mark.parametrize("name", CLAIM_NAMES)
def test_whitespace_reflowed_is_moved_over_exactly_the_quoted_words(name):
    result, new = run("whitespace reflowed", name)
    assert result.state == AnchorState.MOVED
    assert result.score == 1.0
    assert " ".join(span(result, new).split()) == CLAIMS[name][0]
    assert span(result, new) == span(result, new).strip()


def test_fuzzy_span_does_not_cut_words():
    result, new = run("word changed", "buggy sentence")
    before, after = new[result.start - 1], new[result.end : result.end + 1]
    assert not before.isalnum() and not after.isalnum()


def test_missing_quote_selector_is_orphaned():
    only_position = [{"type": "TextPositionSelector", "start": 0, "end": 8}]
    assert reanchor(only_position, TEXT) == Result(AnchorState.ORPHANED, None, None, 0.0)


def test_missing_position_selector_still_finds_the_quote():
    quote_only = claim("buggy sentence")[:1]
    result = reanchor(quote_only, "New first sentence. " + TEXT)
    assert result.state == AnchorState.MOVED


# -- invariants over the whole table -------------------------------------------


@pytest.mark.parametrize("edit", EDITS)
def test_every_result_is_orphaned_or_on_close_words(edit):
    new = EDITS[edit](TEXT)
    names = list(CLAIMS)
    results = reanchor_many([claim(name) for name in names], new)
    assert len(results) == len(names)
    for name, result in zip(names, results, strict=True):
        if result.state == AnchorState.ORPHANED:
            assert result.start is None and result.end is None
            continue
        assert similar(span(result, new), CLAIMS[name][0]) >= DEFAULT_THRESHOLD, name
        if result.state in (AnchorState.UNCHANGED, AnchorState.MOVED):
            assert result.score == 1.0


@pytest.mark.parametrize("edit", EDITS)
def test_reanchor_many_equals_reanchor_one_by_one(edit):
    new = EDITS[edit](TEXT)
    items = [claim(name) for name in CLAIMS]
    assert reanchor_many(items, new) == [reanchor(item, new) for item in items]


# -- properties -----------------------------------------------------------------


@st.composite
def text_and_span(draw):
    text = draw(st.text(min_size=1, max_size=300))
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    return text, start, end


@settings(deadline=None, max_examples=100, database=None)
@given(text_and_span())
def test_property_same_text_is_unchanged(case):
    text, start, end = case
    assert reanchor(selectors(text, start, end), text) == Result(
        AnchorState.UNCHANGED, start, end, 1.0
    )


@settings(deadline=None, max_examples=100, database=None)
@given(text_and_span(), st.text(max_size=100), st.data())
def test_property_insertion_before_keeps_the_exact_quote(case, inserted, data):
    text, start, end = case
    at = data.draw(st.integers(0, start))
    new = text[:at] + inserted + text[at:]
    result = reanchor(selectors(text, start, end), new)
    assert result.state in (AnchorState.MOVED, AnchorState.UNCHANGED)
    assert new[result.start : result.end] == text[start:end]


# -- whole sentences (the caller says which claims quoted whole sentences) -------

ARTICLE = (Path(__file__).parents[2] / "factcheck/core/demo/kei-party-article.txt").read_text()
DECKS = "the transportation secretary has “cleared the decks” for automakers to build"


def sentence_of(text, words):
    """(start, end) of the sentence of `text` that holds `words`."""
    at = text.index(words)
    return next((s.start, s.end) for s in segment(text) if s.start <= at < s.end)


def reanchor_sentence(old, new, start, end, *, whole=True):
    return reanchor(selectors(old, start, end), new, sentences=segment(new), whole=whole)


def move_really_paragraph(text):
    """The one-sentence paragraph "Really." goes to the end of another paragraph."""
    text = text.replace("\nReally.\n", "\n", 1)
    return text.replace("Whim-driven capitalism.", "Whim-driven capitalism.\n\nReally.\n\n", 1)


def test_short_whole_sentence_moved_to_other_surroundings_is_moved():
    start = ARTICLE.index("\nReally.\n") + 1
    new = move_really_paragraph(ARTICLE)

    result = reanchor_sentence(ARTICLE, new, start, start + len("Really."))

    assert result.state == AnchorState.MOVED
    assert result.start == new.index("capitalism.\n\nReally.") + len("capitalism.\n\n")
    assert span(result, new) == "Really." and result.score == 1.0


def test_short_phrase_found_once_as_a_sentence_elsewhere_is_not_moved():
    # "Kei cars" was the start of a sentence; the new text has it once, as a heading.
    old = "Kei cars are tiny. They pay less tax.\n\nRoads differ."
    new = "They pay less tax.\n\nKei cars\n\nRoads differ."

    result = reanchor_sentence(old, new, 0, len("Kei cars"), whole=False)

    assert result.state == AnchorState.ORPHANED


def test_whole_sentence_found_once_inside_another_sentence_is_not_moved():
    old = "Is it true? No. The data says otherwise."
    new = "Is it true? The data says otherwise. Model No. 5 sold well."
    start = old.index("No.")

    result = reanchor_sentence(old, new, start, start + 3)

    assert result.state == AnchorState.ORPHANED


def test_whole_sentence_found_twice_in_other_surroundings_is_not_moved():
    start = ARTICLE.index("\nReally.\n") + 1
    new = move_really_paragraph(ARTICLE).replace("What a time", "Really. What a time")

    result = reanchor_sentence(ARTICLE, new, start, start + len("Really."))

    assert result.state not in (AnchorState.MOVED, AnchorState.UNCHANGED)


def test_word_changed_in_a_sentence_is_fuzzy_over_the_whole_new_sentence():
    start, end = sentence_of(ARTICLE, DECKS)
    new = ARTICLE.replace("here in the U.S.", "here in the States.")

    result = reanchor_sentence(ARTICLE, new, start, end)

    assert result.state == AnchorState.FUZZY
    assert span(result, new) == ARTICLE[start:end].replace("U.S.", "States.")
    assert result.score == pytest.approx(similar(span(result, new), ARTICLE[start:end]))


def test_word_changed_in_a_sentence_of_a_multi_sentence_quote_covers_all_new_sentences():
    start = sentence_of(ARTICLE, "American automakers don’t want this.")[0]
    end = sentence_of(ARTICLE, "asking for it.")[1]
    new = ARTICLE.replace("asking for it.", "asking for subsidies.")

    result = reanchor_sentence(ARTICLE, new, start, end)

    assert result.state == AnchorState.FUZZY
    assert span(result, new) == ARTICLE[start:end].replace("it.", "subsidies.")


def test_sentence_split_in_two_is_fuzzy_over_both_new_sentences():
    old = "Kei cars are light, and they are cheap to insure in Japan. Roads differ."
    new = "Kei cars are light. And they are cheap to insure in Japan. Roads differ."
    end = old.index(" Roads")

    result = reanchor_sentence(old, new, 0, end)

    assert result.state == AnchorState.FUZZY
    assert span(result, new) == new[: new.index(" Roads")]


def test_phrase_with_a_word_changed_keeps_a_phrase_span_when_sentences_are_known():
    new = EDITS["word changed"](TEXT)
    phrase = claim("strict size phrase")

    result = reanchor(phrase, new, sentences=segment(new), whole=False)

    assert result.state == AnchorState.FUZZY
    assert span(result, new) == "built to tight size and engine limits"
