"""Sentence segmentation and anchors (factcheck.core.sentences)."""

import re
import threading
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pysbd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from factcheck.core.sentences import (
    Span,
    _occurrence_suffix,
    assign_anchors,
    segment,
    sentence_anchor_base,
)

SEEDS = Path("/work/shared/seeds")
SEED_NAMES = ["kei-party-article.txt", "kei-cars-comment.txt"]
ANCHOR = re.compile(r"^[a-z][a-z0-9-]*$")


def seed(name):
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"seed text {path} is not available")
    return path.read_text(encoding="utf-8")


def normalise(text):
    """As the caller does: LF newlines, no control chars but \\n and \\t, NFC."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    return unicodedata.normalize("NFC", text)


def sentences(text, language="en"):
    return [text[s.start : s.end] for s in segment(text, language)]


def assert_tiles(text, spans):
    """The segmentation invariants every caller relies on."""
    previous = None
    for span in spans:
        sentence = text[span.start : span.end]
        assert sentence, span
        assert sentence == sentence.strip(), span
        if previous is None:
            gap = text[: span.start]
            assert span.paragraph == 0
        else:
            assert previous.end <= span.start, (previous, span)
            gap = text[previous.end : span.start]
            # A blank line (two line breaks in an all-whitespace gap) and only
            # a blank line starts the next paragraph.
            expected = previous.paragraph + (1 if gap.count("\n") >= 2 else 0)
            assert span.paragraph == expected, (previous, span)
        assert gap.strip() == "", (gap, span)
        assert_line_breaks_are_continuations(sentence)
        previous = span
    tail = text[previous.end :] if previous else text
    assert tail.strip() == ""


def assert_line_breaks_are_continuations(sentence):
    """A sentence only spans a line break when the next line starts lower-case."""
    for match in re.finditer("\n", sentence):
        rest = sentence[match.end() :].lstrip()
        assert rest and rest[0].islower(), sentence


# Segmentation ----------------------------------------------------------------


def test_golden_rule_time_expression_alone_is_not_a_sentence():
    text = (
        "At 5 a.m. Mr. Smith went to the bank. He left the bank at 6 P.M. "
        "Mr. Smith then went to the store."
    )
    assert sentences(text) == [
        "At 5 a.m. Mr. Smith went to the bank.",
        "He left the bank at 6 P.M.",
        "Mr. Smith then went to the store.",
    ]


# The opening lines of the Kei Party seed article, kept here so the test does
# not depend on the seed file being present.
KEI_PARTY_OPENING = (
    "Kei Party\n"
    "December 5, 2025\n"
    "Alex KiersteinCute trumps economic realities amid CAFE standard chaos, as whim "
    "becomes a guiding policy principle.\n"
    "There are a few objective realities in the automotive sphere. One, well-known "
    "and historically validated, is that American cars imported to Asian countries "
    "tend to struggle.\n"
)


def test_heading_date_and_byline_lines_are_separate_sentences():
    found = sentences(KEI_PARTY_OPENING)
    assert found[:2] == ["Kei Party", "December 5, 2025"]
    assert found[3:] == [
        "There are a few objective realities in the automotive sphere.",
        "One, well-known and historically validated, is that American cars imported "
        "to Asian countries tend to struggle.",
    ]
    # The fused byline stays fused: a camel-case splitter would also split
    # names such as "Microsoft PowerPoint".
    assert found[2].startswith("Alex KiersteinCute trumps economic realities")


def test_list_items_on_their_own_lines_are_separate_sentences():
    text = "Shopping\n- Milk\n- Eggs and bread\n1. Pay"
    assert sentences(text) == ["Shopping", "- Milk", "- Eggs and bread", "1. Pay"]


def test_hard_wrapped_lowercase_continuation_joins_lines():
    text = "This sentence was hard\nwrapped by a PDF export. It goes on\n  and on. Done."
    assert sentences(text) == [
        "This sentence was hard\nwrapped by a PDF export.",
        "It goes on\n  and on.",
        "Done.",
    ]


def test_line_starting_upper_case_ends_the_segment():
    assert sentences("No full stop here\nThen a new line.") == [
        "No full stop here",
        "Then a new line.",
    ]


def test_blank_line_paragraphs_are_numbered_from_zero():
    text = "\n \nFirst one. Second one.\n\n\t\nThird.\nFourth.\n\n\nFifth."
    spans = segment(text)
    assert [(text[s.start : s.end], s.paragraph) for s in spans] == [
        ("First one.", 0),
        ("Second one.", 0),
        ("Third.", 1),
        ("Fourth.", 1),
        ("Fifth.", 2),
    ]


def test_spaced_ellipsis_gives_no_overlap_and_no_punctuation_only_sentence():
    text = "The end. . . Then more."
    spans = segment(text)
    assert_tiles(text, spans)
    assert sentences(text) == ["The end. . .", "Then more."]


def test_sentence_with_pysbd_placeholder_symbol_is_not_dropped():
    # pySBD uses U+2668 internally and drops the whole sentence holding it.
    text = "Hot springs ♨ are nice. Go there. Really!"
    assert sentences(text) == ["Hot springs ♨ are nice.", "Go there.", "Really!"]


def test_trailing_double_exclamation_is_kept():
    assert sentences("I said yes !! !!") == ["I said yes !! !!"]
    assert sentences("Call Mr.!!") == ["Call Mr.!!"]
    assert sentences("Hello!! Long time no see.") == ["Hello!!", "Long time no see."]


def test_exclamation_marks_split_off_by_pysbd_stay_with_their_sentence():
    # pySBD gives ["Hello Mr.", "!! Next one."]
    assert sentences("Hello Mr.!! Next one.") == ["Hello Mr.!!", "Next one."]


def test_long_citation_list_after_a_period_does_not_hang():
    # Bare pySBD backtracks for minutes on this (pySBD issue #79).
    text = "As shown.[12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45, 48] and more. Next."
    result = []
    worker = threading.Thread(target=lambda: result.append(sentences(text)), daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive(), "segment() is stuck in pySBD's regex backtracking"
    assert result == [
        ["As shown.", "[12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45, 48] and more.", "Next."]
    ]


def test_short_citation_after_a_period_stays_with_its_sentence():
    assert sentences("As shown.[12] Next one.") == ["As shown.[12]", "Next one."]


def test_empty_and_whitespace_only_text_have_no_sentences():
    assert segment("") == []
    assert segment(" \n\t\n  ") == []


def test_other_languages_are_passed_to_pysbd():
    text = "Das ist z. B. ein Satz. Hier kommt der zweite."
    assert sentences(text, "de") == ["Das ist z. B. ein Satz.", "Hier kommt der zweite."]


def test_unknown_language_is_rejected():
    with pytest.raises(ValueError):
        segment("Hello.", language="xx")


def test_span_is_a_frozen_value():
    span = Span(0, 3, 0)
    assert span == Span(start=0, end=3, paragraph=0)
    with pytest.raises(AttributeError):
        span.start = 1


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_texts_are_tiled(name):
    text = seed(name)
    spans = segment(text)
    assert_tiles(text, spans)
    assert len(spans) > 20


@pytest.mark.parametrize("name", SEED_NAMES)
def test_pysbd_processor_output_is_what_segment_maps_back(name):
    # The wrapper calls Segmenter.processor(text).process() and skips pySBD's
    # own (quadratic, lossy) mapping to offsets; on ordinary text the two give
    # the same sentences. Fails if a pySBD upgrade changes that.
    segmenter = pysbd.Segmenter(language="en", clean=False)
    for paragraph in filter(str.strip, seed(name).split("\n")):
        mapped = [s.strip() for s in segmenter.segment(paragraph)]
        assert segmenter.processor(paragraph).process() == mapped


def test_segmenting_concurrently_gives_the_sequential_results():
    texts = [seed(name) * 3 for name in SEED_NAMES]
    expected = [segment(t) for t in texts]
    tasks = [i % 2 for i in range(50)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda i: segment(texts[i]), tasks))
    assert results == [expected[i] for i in tasks]


# Property tests ---------------------------------------------------------------

PUNCTUATION_HEAVY = "ab AZ09 ..!!??.,;:'\"“”‘’()[]…-—•⁃♨∯ȸ☄☉&ᓴ$%\n\n\t  \u00a0\u2028。．！？।؟"
WORDS = st.sampled_from(
    ["Mr.", "a.m.", "At", "5", "p.m.", "U.S.", "Hello", "the", "end", "e.g.", "1.", "2)", "i."]
    + ["...", ". . .", "!!", "?!", "“Hi.”", "(yes.)", "Yahoo!", "x", "\n", "\n\n", " \t"]
)
TEXTS = st.one_of(
    st.text(),
    st.text(alphabet=PUNCTUATION_HEAVY),
    st.lists(WORDS, max_size=40).map(" ".join),
    st.lists(st.one_of(WORDS, st.text(alphabet=PUNCTUATION_HEAVY, max_size=5))).map("".join),
).map(normalise)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_segment_tiles_arbitrary_text(text):
    assert_tiles(text, segment(text))


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[\w\s,'’]+", fullmatch=True).map(normalise))
def test_text_without_punctuation_is_never_split_by_pysbd(text):
    # Justifies the wrapper's shortcut that skips pySBD for such blocks. The
    # wrapper never passes a line break to pySBD (it becomes a space).
    text = text.replace("\n", " ")
    assume(text.strip())
    segmenter = pysbd.Segmenter(language="en", clean=False)
    assert len([s for s in segmenter.processor(text).process() if s.strip()]) <= 1


SENTENCE_TEXTS = st.one_of(
    st.text(max_size=80),
    st.lists(WORDS, min_size=1, max_size=12).map(" ".join),
    st.sampled_from(["Hello.", "hello.", "HELLO.", " Hello. ", "Héllo.", "北京。", "!!!", ""]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(SENTENCE_TEXTS, max_size=30))
def test_anchors_are_unique_short_and_safe_as_html_ids(texts):
    anchors = assign_anchors(texts)
    assert len(anchors) == len(texts)
    assert len(set(anchors)) == len(anchors)
    for anchor in anchors:
        assert ANCHOR.match(anchor), anchor
        assert len(anchor) < 60, anchor


@settings(max_examples=200, deadline=None)
@given(st.lists(SENTENCE_TEXTS, max_size=20), SENTENCE_TEXTS, st.data())
def test_anchor_depends_only_on_own_text_and_occurrence(texts, inserted, data):
    at = data.draw(st.integers(0, len(texts)))
    before = assign_anchors(texts)
    after = assign_anchors(texts[:at] + [inserted] + texts[at:])
    others_after = after[:at] + after[at + 1 :]
    base = sentence_anchor_base(inserted)
    for index, (old, new) in enumerate(zip(before, others_after, strict=True)):
        if index >= at and sentence_anchor_base(texts[index]) == base:
            continue  # it became the next occurrence of a repeated sentence
        assert old == new


# Anchors ---------------------------------------------------------------------

SENTENCES = ["Kei cars are small.", "They are cheap.", "Nobody sells them here.", "Why?"]


def test_anchor_format_is_slug_words_and_hash():
    anchor = sentence_anchor_base("Kei cars are small, light and cheap.")
    assert re.fullmatch(r"s-kei-cars-are-small-[0-9a-f]{8}", anchor)
    assert re.fullmatch(r"s-[0-9a-f]{8}", sentence_anchor_base("北京欢迎你。"))


def test_anchor_ignores_case_whitespace_and_compatibility_forms():
    assert sentence_anchor_base("Kei  cars\nare small.") == sentence_anchor_base(
        "kei cars are small."
    )
    assert sentence_anchor_base("The ﬁnal word.") == sentence_anchor_base("The final word.")


def test_anchors_stable_when_a_sentence_is_inserted_before():
    before = dict(zip(SENTENCES, assign_anchors(SENTENCES), strict=True))
    edited = ["A brand new opening."] + SENTENCES
    after = dict(zip(edited, assign_anchors(edited), strict=True))
    assert all(after[s] == before[s] for s in SENTENCES)


def test_anchors_stable_when_a_sentence_is_removed():
    before = dict(zip(SENTENCES, assign_anchors(SENTENCES), strict=True))
    edited = SENTENCES[:1] + SENTENCES[2:]
    after = dict(zip(edited, assign_anchors(edited), strict=True))
    assert all(after[s] == before[s] for s in edited)


def test_anchors_stable_when_sentences_are_moved():
    before = dict(zip(SENTENCES, assign_anchors(SENTENCES), strict=True))
    edited = list(reversed(SENTENCES))
    after = dict(zip(edited, assign_anchors(edited), strict=True))
    assert after == before


def test_repeated_sentences_get_distinct_numbered_anchors():
    anchors = assign_anchors(["Really.", "Yes.", "really.", "Really."])
    base = sentence_anchor_base("Really.")
    assert anchors == [base, sentence_anchor_base("Yes."), f"{base}-2", f"{base}-3"]


def test_repeat_suffix_never_looks_like_a_hash():
    # A base ends in "-" + 8 hex digits; "<base>-<n>" must never equal
    # another sentence's base, so an 8-digit n is written with a leading zero.
    assert _occurrence_suffix(2) == "2"
    assert _occurrence_suffix(9_999_999) == "9999999"
    assert _occurrence_suffix(12_345_678) == "012345678"
    assert _occurrence_suffix(100_000_000) == "100000000"


def test_heading_lines_of_the_seed_article_are_separate_sentences():
    text = seed("kei-party-article.txt")
    assert text.startswith(KEI_PARTY_OPENING[:40])
    assert sentences(text)[:2] == ["Kei Party", "December 5, 2025"]


def test_anchors_of_segmented_seed_are_unique():
    text = seed("kei-party-article.txt")
    anchors = assign_anchors([text[s.start : s.end] for s in segment(text)])
    assert len(set(anchors)) == len(anchors)
    assert anchors.count(sentence_anchor_base("December 5, 2025")) == 1
    assert f"{sentence_anchor_base('December 5, 2025')}-2" in anchors


def test_a_long_paragraph_without_line_breaks_is_split_like_short_ones():
    sentence = "Mr. Smith met Dr. Jones at 5 p.m. in the U.S. and they talked about kei cars. "
    text = (sentence * 400).strip()  # about 32 KB in one block: handed to pySBD in windows

    spans = segment(text)

    assert len(spans) == 400
    assert {text[s.start : s.end] for s in spans} == {sentence.strip()}
