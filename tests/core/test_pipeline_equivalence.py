"""The faster normalise() and anchors give exactly what the plain definitions
give (issue 18 item 3): those definitions, as the code had them before, are
kept here as the reference, and hypothesis looks for an input where the two
differ. Boundaries and anchors of whole texts: test_segmentation_expected.py."""

import hashlib
import re
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from factcheck.core.ingest import normalise
from factcheck.core.sentences import assign_anchors, sentence_anchor_base

_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def reference_normalise(text):
    text = _LINE_BREAKS.sub("\n", text)
    text = _CONTROLS.sub("", text)
    text = _SURROGATES.sub("\ufffd", text)
    text = unicodedata.normalize("NFC", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub("\n{3,}", "\n\n", text).strip()


def reference_anchor_base(sentence_text):
    normalised = " ".join(unicodedata.normalize("NFKC", sentence_text).casefold().split())
    digest = hashlib.sha1(normalised.encode("utf-8")).hexdigest()[:8]
    ascii_text = unicodedata.normalize("NFKD", normalised).encode("ascii", "ignore").decode()
    words = _NON_ALNUM.sub(" ", ascii_text.lower()).split()[:4]
    slug = "-".join(words)[:36].strip("-")
    return f"s-{slug}-{digest}" if slug else f"s-{digest}"


# White space of every kind, controls, line breaks, marks that compose,
# compatibility forms, case pairs that fold differently, surrogates.
ODD = " \t\n\r\x0b\x0c\x1c\x1f\x00\x7f\x85\x9f\u00a0\u2009\u3000\u2028\u2029\ufeff\u200b"
LETTERS = "aZ09.,-'’éÉe\u0301ßẞİıﬁﬀＡ①²㎏Ⅻ北😀"
SURROGATE = "\ud800"  # normalise() replaces it: never in a sentence
TEXTS = st.one_of(
    st.text(),
    st.text(alphabet=ODD + LETTERS + SURROGATE),
    st.lists(st.sampled_from(["word", "Word", "  ", "\n", "\n\n\n", " \n", "\t\n", "é"])).map(
        "".join
    ),
)


@settings(max_examples=500, deadline=None)
@given(TEXTS)
@example("line \nnext\t\n\n\n\nlast  ")
@example("e\u0301\x00\u0301 \u2028 \r\n\r\n\r\n x")
def test_normalise_gives_what_the_plain_definition_gives(text):
    assert normalise(text) == reference_normalise(text)


WORDS = st.sampled_from(["kei", "Cars", "don't", "x" * 40, "über", "ﬁnal", "9", "--", "İ", "ß"])
SENTENCES = st.one_of(
    st.text(),
    st.text(alphabet=ODD + LETTERS),
    st.lists(WORDS, max_size=12).map(" ".join),
    # Long words around the slug's prefix: where its words end is what matters.
    st.lists(st.text(alphabet="ab-", min_size=1, max_size=40), max_size=8).map(" ".join),
)


@settings(max_examples=500, deadline=None)
@given(SENTENCES)
@example("a" * 95 + " b c d e")
@example("abcdefghij " * 9 + "end")
@example("one two three " + "x" * 100)
@example("a b c " + "-" * 85 + " dddddddddd")  # a 4th word cut by the prefix
def test_anchor_base_gives_what_the_plain_definition_gives(sentence):
    assert sentence_anchor_base(sentence) == reference_anchor_base(sentence)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(SENTENCES, st.sampled_from(["Yes.", "yes.", "YES."])), max_size=40))
def test_anchors_give_what_the_plain_definition_gives(texts):
    seen = {}
    expected = []
    for text in texts:
        base = reference_anchor_base(text)
        seen[base] = seen.get(base, 0) + 1
        n = seen[base]
        expected.append(base if n == 1 else f"{base}-{n}")
    assert assign_anchors(texts) == expected
