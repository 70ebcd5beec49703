"""The fast segmentation path against the careful one (issue #11).

segment() splits English blocks with factcheck.core.fastsplit where it is sure
to draw pySBD's boundaries and hands the rest to pySBD; segment(careful=True)
hands every block to pySBD. These tests hold the two to the same sentences on
the seed texts, the Golden Rules and generated prose, block by block and text
by text, and check that the fast path really does take the plain blocks.
"""

import subprocess
import sys
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pysbd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.core import fastsplit
from factcheck.core.sentences import _content_range, _cut_points, segment
from tests.core.prose import ENDINGS, EXTRA_SENTENCES, INSERTS, NAMES, STARTERS, WORDS, prose

SEEDS = Path(__file__).resolve().parents[2] / "factcheck" / "core" / "demo"


def careful_pieces(block):
    """What the wrapper makes of pySBD's output for one block."""
    segmenter = pysbd.Segmenter(language="en", clean=False)
    cuts = _cut_points(segmenter.processor(block).process(), block)
    return [_content_range(block, a, b) for a, b in pairwise([*cuts, len(block)])]


def assert_paths_agree(text):
    stats = Counter()
    fast = segment(text, stats=stats)
    assert fast == segment(text, careful=True)
    return stats


@pytest.mark.parametrize("name", ["kei-party-article.txt", "kei-cars-comment.txt"])
def test_seed_texts_get_the_same_sentences_without_pysbd(name):
    stats = assert_paths_agree((SEEDS / name).read_text(encoding="utf-8"))
    assert stats["blocks"] > 4
    assert stats["pysbd"] == 0  # plain prose: no block needs pySBD


@pytest.mark.parametrize("tricky", [0.02, 0.12, 0.3])
def test_generated_prose_gets_the_same_sentences(tricky):
    stats = Counter()
    for seed in range(30):
        stats += assert_paths_agree(prose(seed, 3_000, tricky))
    # The fast path takes a real share of the blocks, pySBD the rest.
    assert 0 < stats["pysbd"] < stats["blocks"]


def test_a_long_block_is_split_window_by_window_like_the_careful_path():
    text = " ".join(prose(7, 40_000, 0.02).split())  # one 40 KB block: several windows
    stats = assert_paths_agree(text)
    assert stats["blocks"] == 1


TOKENS = st.sampled_from(
    [
        *INSERTS,
        *WORDS,
        *NAMES,
        *STARTERS,
        *EXTRA_SENTENCES,
        *(w + e for w in WORDS for e in ENDINGS),
    ]
    + ["I", "I'm", "KG", "Co.", "A.", "I.", "x.", "p.", "v.", "no.", "No.", "ice.", "5.", "73."]
    + ["a.m.", "P.M.", "U.S.", "U.S.A.", "E.U.", "e.g.", "“a.”", "(b.)", "‘quote", "end’", "Jr.'s"]
    + ["“", "”", '"', "(", ")", "!", "?", ".", "b.", "c.", "Ph.D.", "etc.", "3.", "x.y.", "Hi!"]
)
BLOCKS = st.lists(TOKENS, min_size=1, max_size=14).map(lambda words: " ".join(words).strip())


@settings(max_examples=400, deadline=None)
@given(BLOCKS)
def test_fast_path_never_splits_a_block_differently_from_pysbd(block):
    found = fastsplit.split(block)
    if found is not None:
        assert found == careful_pieces(block)


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("I live in the U.S. I don’t know.", ["I live in the U.S.", "I don’t know."]),
        ("The U.S. regulations changed.", ["The U.S. regulations changed."]),
        ("Mr. Smith met Dr. Jones.", ["Mr. Smith met Dr. Jones."]),
        ("Japan? nope, they don't.", ["Japan?", "nope, they don't."]),
        ("It costs $3.50 at example.com. Buy it.", ["It costs $3.50 at example.com.", "Buy it."]),
        ("Wow! look. Fine!", ["Wow! look.", "Fine!"]),
        ("See Pitt & Co. It closed.", ["See Pitt & Co.", "It closed."]),
        ("Ask Jane and co. they know.", ["Ask Jane and co. they know."]),
    ],
)
def test_fast_path_decides_plain_boundaries_itself(block, expected):
    found = fastsplit.split(block)
    assert found is not None
    assert [block[a:b] for a, b in found] == expected


@pytest.mark.parametrize(
    "block",
    [
        'She said "Stop. Now." and left.',  # marks inside quotes
        "1. The first item 2. The second item",  # a list
        "I never meant that.... She left.",  # an ellipsis
        "Hello!! Long time no see.",  # doubled marks
        "She works at Yahoo! in accounting.",  # pySBD's exclamation words
        "(This is an aside.) Then more.",  # a sentence starting with "("
        "As shown.[12] Next one.",  # brackets
        "Is it in the U.S.A.? Yes.",  # a mark after a dotted token
    ],
)
def test_fast_path_leaves_what_is_ambiguous_to_pysbd(block):
    assert fastsplit.split(block) is None


def test_other_languages_always_take_the_careful_path():
    stats = Counter()
    segment("Das ist z. B. ein Satz. Hier kommt der zweite.", "de", stats=stats)
    assert stats == Counter(blocks=1, pysbd=1)


@pytest.fixture(scope="module")
def golden_rules():
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from golden_rules import download_rules_source, parse_rules

    try:
        return parse_rules(download_rules_source())
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.skip(f"the Golden Rules could not be fetched from PyPI: {error}")


def test_golden_rules_get_the_same_sentences_and_all_pass(golden_rules):
    stats = Counter()
    for text, expected in golden_rules:
        stats += assert_paths_agree(text)
        assert [text[s.start : s.end] for s in segment(text)] == expected, text
    assert len(golden_rules) == 48
    assert stats["pysbd"] < stats["blocks"]
