"""Sentence segmentation with offsets that are safe to store.

pySBD decides where sentences end, but its own output is not trusted as
offsets: its spans can overlap (spaced ellipsis "The end. . ."), it drops
sentences containing characters it uses internally as placeholders (such as
U+2668), its `char_span` search is quadratic, and a shared `Segmenter` keeps
per-call state on the instance, so it is not thread-safe. This module only
takes CUT POINTS from pySBD's string output and derives every offset from the
original text, so no character is ever lost or counted twice.

Pure Python: no Django imports, usable from scripts and benchmarks.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

import pysbd

__all__ = ["Span", "assign_anchors", "segment", "sentence_anchor_base"]


@dataclass(frozen=True)
class Span:
    start: int  # offset into text
    end: int  # exclusive; text[start:end] is the sentence, stripped of whitespace
    paragraph: int  # 0-based paragraph number (paragraphs are separated by blank lines)


# A piece that is nothing but a time of day ("At 5 a.m.") is not a sentence:
# pySBD cuts after "a.m." when a capitalised word follows (Golden Rule 18).
_TIME_ONLY = re.compile(
    r"(?:(?:at|by|before|after|until|till|from|since|around|about|circa)\s+)?"
    r"\d{1,2}(?:[:.]\d{2})?\s*[ap]\.\s?m\.",
    re.IGNORECASE,
)
_TIME_ONLY_MAX_LEN = 32  # longer pieces cannot match; skip the regex for them

# pySBD only ever splits at punctuation, list markers or brackets, so a block
# made of nothing but letters, digits, spaces, commas and apostrophes (a
# heading, a date, a byline) is one sentence: skip the ~0.25 ms pySBD call.
_UNSPLITTABLE = re.compile(r"[\w\s,'\u2019]*")

# pySBD's NUMBERED_REFERENCE_REGEX backtracks exponentially on a period
# followed by a long bracketed run of numbers that is not then followed by a
# capital: "As shown.[12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45, 48] and"
# takes minutes (pySBD issue #79, still open in 0.3.4). In the copy handed to
# pySBD such a bracket becomes "{", which no pySBD rule looks at; 10 characters
# or fewer stay under a millisecond. The cost: a long citation list right after
# a period goes with the next sentence instead of this one.
_RUNAWAY_REFERENCE = re.compile(r"(?<=[.\u222f\u2668])\[(?=[\d\s,\[\]-]{11})")

# Sentence-final marks at the start of a pySBD segment belong to the sentence
# before it: pySBD cuts "Hello Mr.!! Next one." after "Mr.".
_LEADING_MARKS = re.compile(r"[!?\uff01\uff1f\u203c\u2047\u2048\u2049]+\s*")


def segment(text: str, language: str = "en") -> list[Span]:
    """Split normalised text (NFC, LF newlines) into sentence spans.

    Lines come first: blank lines end paragraphs, and a line break ends a
    segment unless the next line starts with a lower-case letter (hard-wrapped
    text). pySBD then splits each such block into sentences.
    """
    # A fresh Segmenter per call: pySBD stores the text being segmented on the
    # instance, so sharing one between threads mixes up their texts.
    segmenter = pysbd.Segmenter(language=language, clean=False)
    spans = []
    for start, end, paragraph in _blocks(text):
        for s, e in _sentences_in_block(segmenter, text[start:end]):
            spans.append(Span(start + s, start + e, paragraph))
    return spans


def _content_range(text: str, start: int, end: int) -> tuple[int, int]:
    """text[start:end] without surrounding whitespace, as (start, end)."""
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return start, start
    lead = len(piece) - len(piece.lstrip())
    return start + lead, start + lead + len(stripped)


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the non-whitespace content of each line; start == end if blank."""
    pos = 0
    while pos <= len(text):
        newline = text.find("\n", pos)
        if newline < 0:
            newline = len(text)
        yield _content_range(text, pos, newline)
        pos = newline + 1


def _blocks(text: str) -> Iterator[tuple[int, int, int]]:
    """(start, end, paragraph) of each group of lines that pySBD should see together."""
    paragraph = 0
    seen_content = False  # a blank line only starts a new paragraph after content
    after_blank = False
    block: list[int] | None = None  # [start, end] of the open block
    for start, end in _lines(text):
        if start == end:
            if block is not None:
                yield block[0], block[1], paragraph
                block = None
            after_blank = seen_content
            continue
        if after_blank:
            paragraph += 1
            after_blank = False
        seen_content = True
        # A line starting lower-case continues the sentence (hard-wrapped or
        # PDF-pasted text); anything else (heading, date, byline, list item)
        # stands on its own.
        if block is not None and text[start].islower():
            block[1] = end
            continue
        if block is not None:
            yield block[0], block[1], paragraph
        block = [start, end]
    if block is not None:
        yield block[0], block[1], paragraph


def _sentences_in_block(segmenter: pysbd.Segmenter, block: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of one block, relative to the block."""
    if _UNSPLITTABLE.fullmatch(block):
        return [(0, len(block))]
    # pySBD treats "\n" as a hard break; inside a block a line break is only a
    # wrapped space. Replacing one character by one keeps the offsets valid.
    flat = block.replace("\n", " ")
    if "[" in flat:
        flat = _RUNAWAY_REFERENCE.sub("{", flat)
    cuts = _cut_points(_pysbd_sentences(segmenter, flat), flat)
    pieces = [_content_range(flat, a, b) for a, b in pairwise([*cuts, len(flat)])]
    return _merge_non_sentences(flat, pieces)


def _pysbd_sentences(segmenter: pysbd.Segmenter, block: str) -> list[str]:
    """pySBD's sentence strings for the block, before it maps them back to the text.

    Segmenter.segment() is processor(text).process() followed by that mapping,
    which is what compiles a regex per sentence, rescans the text from 0 for
    each one (quadratic) and drops the sentences it cannot find. _cut_points
    does the mapping instead, so skipping pySBD's saves ~10% of the time.
    """
    if len(block) <= _WINDOW:
        return segmenter.processor(block).process()
    sentences = []
    for start, end in _windows(block):
        sentences.extend(segmenter.processor(block[start:end]).process())
    return sentences


# pySBD's time grows faster than linearly with the length of what it is given
# (a 110 KB paragraph: 25 s, against 0.5 s for the same text in paragraphs). A
# text pasted without line breaks (a transcript, say) is one long block, so it
# is handed over in windows cut where a sentence surely ends: after a
# lower-case word of three or more letters and a full stop, before a capital.
_WINDOW = 8_000
_SAFE_END = re.compile(r"(?<=[a-z]{3}[.!?])\s+(?=[A-Z])")
_ANY_SPACE = re.compile(r"\s+")


def _windows(block: str) -> Iterator[tuple[int, int]]:
    start = 0
    while len(block) - start > _WINDOW:
        cut = _SAFE_END.search(block, start + _WINDOW) or _ANY_SPACE.search(block, start + _WINDOW)
        if cut is None:
            break
        yield start, cut.end()
        start = cut.end()
    yield start, len(block)


def _cut_points(segments: list[str], block: str) -> list[int]:
    """Start offsets of pySBD's segments, located in the block itself.

    The cursor only moves forward, so overlapping or repeated segments cannot
    produce overlapping spans, and the search never restarts from 0. A segment
    that cannot be found (pySBD rewrote or dropped text) adds no cut, so its
    text stays with its neighbour.
    """
    cuts = [0]
    cursor = 0
    for seg in segments:
        seg = seg.strip()
        if not seg:
            continue
        pos = block.find(seg, cursor)
        if pos < 0:
            continue
        cursor = pos + len(seg)
        marks = _LEADING_MARKS.match(block, pos, cursor)
        cut = marks.end() if marks else pos
        # cut < cursor: a segment made only of marks adds no cut of its own.
        if cuts[-1] < cut < cursor:
            cuts.append(cut)
    return cuts


def _merge_non_sentences(block: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join pieces that cannot stand as sentences to a neighbour.

    A time expression alone ("At 5 a.m.") joins the sentence after it; a piece
    without any letter or digit (the ". ." pySBD splits off "The end. . .")
    joins the sentence before it, or the one after it if it comes first.
    """
    merged: list[tuple[int, int]] = []
    carry: int | None = None  # start of a piece waiting to join the next one
    end = 0
    for start, end in pieces:
        if carry is not None:
            start, carry = carry, None
        piece = block[start:end]
        if len(piece) <= _TIME_ONLY_MAX_LEN and _TIME_ONLY.fullmatch(piece):
            carry = start
        elif any(ch.isalnum() for ch in piece):
            merged.append((start, end))
        elif merged:
            merged[-1] = (merged[-1][0], end)
        else:
            carry = start
    if carry is not None:  # nothing followed: keep the piece as it is
        merged.append((carry, end))
    return merged


# Anchors --------------------------------------------------------------------

_HASH_LEN = 8
_SLUG_WORDS = 4
_SLUG_MAX_LEN = 36  # "s-" + slug + "-" + hash + "-NNN" stays well under 60
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def _normalise(sentence_text: str) -> str:
    """The text an anchor depends on: NFKC, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", sentence_text).casefold().split())


def _slug(normalised: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", normalised).encode("ascii", "ignore").decode()
    words = _NON_ALNUM.sub(" ", ascii_text.lower()).split()[:_SLUG_WORDS]
    slug = "-".join(words)[:_SLUG_MAX_LEN]
    return slug.strip("-")


def sentence_anchor_base(sentence_text: str) -> str:
    """`s-<up to 4 slug words>-<8 hex of sha1>`, a function of the normalised text only.

    It matches ^[a-z][a-z0-9-]*$, never contains "--", and always ends with
    "-" followed by exactly 8 hex digits.
    """
    normalised = _normalise(sentence_text)
    digest = hashlib.sha1(normalised.encode("utf-8")).hexdigest()[:_HASH_LEN]
    slug = _slug(normalised)
    return f"s-{slug}-{digest}" if slug else f"s-{digest}"


def _occurrence_suffix(n: int) -> str:
    # A base anchor ends in "-" + 8 hex digits. A repeat's suffix must never
    # look like that, or "<base>-<n>" could equal another sentence's base; an
    # 8-digit number gets a leading zero (no other suffix has one).
    suffix = str(n)
    return "0" + suffix if len(suffix) == _HASH_LEN else suffix


def assign_anchors(texts: list[str]) -> list[str]:
    """Anchors for the sentence texts of one revision, in order.

    The first occurrence of a base keeps it; repeats get -2, -3, ... in order,
    so an anchor changes only if its own text changes or it becomes a
    different occurrence of a repeated sentence.
    """
    seen: dict[str, int] = {}
    anchors = []
    for text in texts:
        base = sentence_anchor_base(text)
        n = seen.get(base, 0) + 1
        seen[base] = n
        anchors.append(base if n == 1 else f"{base}-{_occurrence_suffix(n)}")
    return anchors
