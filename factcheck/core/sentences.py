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
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import pairwise
from typing import NamedTuple

import pysbd

from factcheck.core import fastsplit

__all__ = ["Span", "assign_anchors", "segment", "sentence_anchor_base"]


_new = tuple.__new__


class Span(NamedTuple):
    """One sentence; immutable. A named tuple: a frozen dataclass takes ~10x
    longer to build, and a 5 MB text has ~50,000 sentences."""

    start: int  # offset into text
    end: int  # exclusive; text[start:end] is the sentence, stripped of whitespace
    paragraph: int  # 0-based paragraph number (paragraphs are separated by blank lines)


# pySBD ends a sentence after "a.m."/"p.m." whenever a capital follows. Two
# kinds of cut there are wrong and are undone (issue #9):
#  * the piece before the cut is only an opening time adverbial ("At 5 a.m.",
#    "On Monday at 5 a.m.", "From 9 a.m. to 5 p.m."): it cannot stand alone,
#    so it joins the sentence after it (Golden Rule 18, first half);
#  * the word after the cut belongs to a closed class that qualifies a time: a
#    weekday ("at 5 p.m. Monday"), a month with a day or year ("May 3"), a
#    holiday ("Christmas Eve"), a time zone ("EST", "UTC+2", "Eastern Time",
#    "London time,").
# Any other capitalised word after a time that ends a clause starts a new
# sentence, names included: "He called at 10 a.m. John answered." is two
# sentences, as is "He left the bank at 6 P.M. Mr. Smith then went" (Golden
# Rule 18, second half). Nothing marks a name as continuing the clause, and a
# name after a time that opens the sentence is already kept by the first rule.
_TIME = r"\d{1,2}(?:[:.]\d{2})?\s*[ap]\.\s?m\."
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)"
)
_DAY_WORD = (
    rf"(?:(?:on\s+)?{_WEEKDAY}|today|tonight|yesterday|tomorrow"
    r"|(?:every|each)\s+(?:day|morning|afternoon|evening|night))"
)
_TIME_ONLY = re.compile(
    rf"(?:{_DAY_WORD}(?:\s+(?:morning|afternoon|evening|night))?,?\s+)?"
    r"(?:(?:at|by|before|after|until|till|from|since|around|about|circa|between)\s+)?"
    rf"{_TIME}(?:\s*(?:to|until|till|and|-|\u2013)\s*{_TIME})?",
    re.IGNORECASE,
)
_TIME_ONLY_MAX_LEN = 80  # longer pieces cannot match; skip the regex for them
_M_DOT = frozenset(["m.", "M."])  # how every time above ends; cheaper than the regex
_ENDS_WITH_TIME = re.compile(rf"(?<![\w.]){_TIME}\Z", re.IGNORECASE)
_TIME_QUALIFIER = re.compile(
    rf"{_WEEKDAY}s?\b"
    rf"|{_MONTH}\.?\s+\d"
    r"|(?:Christmas|Easter|Thanksgiving|Halloween|New\s+Year[\'\u2019]s|Election|Labou?r"
    r"|Memorial|Independence|Veterans)\s+(?:Eve|Day|Night|Sunday|Monday)\b"
    r"|(?:UTC|GMT|[ECMPA][SD]T|[ECMP]T|AKST|AKDT|HST|BST|IST|CET|CEST|EET|EEST|WET|WEST|MSK"
    r"|JST|KST|AEST|AEDT|ACST|AWST|NZST|NZDT|SGT|HKT)(?:[+\u2212-]\d{1,2}(?::?\d{2})?)?(?![\w])"
    r"|(?:[A-Z][a-z]+\s+){1,2}(?:(?:Standard|Daylight|Summer|Mean)\s+)?Time\b"
    r"|(?:Eastern|Central|Mountain|Pacific|Atlantic)(?=\s*(?:[,.;:)]|\Z))"
    r"|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+time(?=\s*(?:[,.;:)!?]|\Z))"
)

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


def segment(
    text: str,
    language: str = "en",
    *,
    careful: bool = False,
    stats: Counter | None = None,
    offset: int = 0,
    first_paragraph: int = 0,
) -> list[Span]:
    """Split normalised text (NFC, LF newlines) into sentence spans.

    Lines come first: blank lines end paragraphs, and a line break ends a
    segment unless the next line starts with a lower-case letter (hard-wrapped
    text). Each such block is then split into sentences: for English by the
    fast path of factcheck.core.fastsplit where it is sure to draw pySBD's
    boundaries, by pySBD for every other block and every other language.
    `careful=True` sends every block to pySBD (the reference the fast path is
    tested against); `stats`, if given, counts "blocks" and "pysbd" (blocks
    that pySBD split). For a piece of a larger text that starts at `offset`
    and with paragraph `first_paragraph`, the spans are given in the larger
    text's terms (without building each twice).
    """
    # A fresh Segmenter per call: pySBD stores the text being segmented on the
    # instance, so sharing one between threads mixes up their texts.
    segmenter = pysbd.Segmenter(language=language, clean=False)
    fast = fastsplit.splitter(text) if language == "en" and not careful else None
    stats = Counter() if stats is None else stats
    spans = []
    for start, end, paragraph in _blocks(text):
        pieces = _sentences_in_block(segmenter, text[start:end], fast, stats)
        start += offset
        paragraph += first_paragraph
        # tuple.__new__ skips the named tuple's Python-level __new__.
        spans.extend([_new(Span, (start + s, start + e, paragraph)) for s, e in pieces])
    return spans


def _content_range(text: str, start: int, end: int) -> tuple[int, int]:
    """text[start:end] without surrounding whitespace, as (start, end)."""
    # Index loops, not strip(): they copy nothing, and there is rarely more
    # than one space to skip.
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the non-whitespace content of each line; start == end if blank."""
    pos = 0
    for line in text.split("\n"):
        if line and not line.isspace():
            yield pos + len(line) - len(line.lstrip()), pos + len(line.rstrip())
        else:
            yield pos, pos
        pos += len(line) + 1


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


def _sentences_in_block(
    segmenter: pysbd.Segmenter,
    block: str,
    fast: Callable[[str], list[tuple[int, int]] | None] | None,
    stats: Counter,
) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of one block, relative to the block."""
    stats["blocks"] += 1
    # pySBD treats "\n" as a hard break; inside a block a line break is only a
    # wrapped space. Replacing one character by one keeps the offsets valid.
    flat = block.replace("\n", " ")
    if fast and len(flat) <= _WINDOW:  # the common case, without the window loop
        pieces = fast(flat)
        if pieces is not None:
            return _merge_non_sentences(flat, pieces)
    if _UNSPLITTABLE.fullmatch(block):
        return [(0, len(block))]
    if "[" in flat:
        flat = _RUNAWAY_REFERENCE.sub("{", flat)
    pieces = []
    for start, end in _windows(flat):
        window = flat[start:end] if end - start < len(flat) else flat
        found = fast(window) if fast else None
        if found is None:
            stats["pysbd"] += 1
            cuts = _cut_points(segmenter.processor(window).process(), window)
            found = [_content_range(window, a, b) for a, b in pairwise([*cuts, len(window)])]
        pieces.extend([(start + a, start + b) for a, b in found] if start else found)
    return _merge_non_sentences(flat, pieces)


# pySBD's time grows faster than linearly with the length of what it is given
# (a 110 KB paragraph: 25 s, against 0.5 s for the same text in paragraphs). A
# text pasted without line breaks (a transcript, say) is one long block, so it
# is handed over in windows cut where a sentence surely ends: after a
# lower-case word of three or more letters and a full stop, before a capital.
# pySBD's output for each window is mapped back within that window. (Segmenter
# .segment() would map it itself, but that compiles a regex per sentence,
# rescans the text from 0 for each one and drops the sentences it cannot find,
# so the wrapper calls processor(text).process() and maps with _cut_points.)
_WINDOW = 8_000
_SAFE_END = re.compile(r"(?<=[a-z]{3}[.!?])\s+(?=[A-Z])")
_ANY_SPACE = re.compile(r"\s+")


def _windows(block: str) -> Iterator[tuple[int, int]]:
    if len(block) <= _WINDOW:
        yield 0, len(block)
        return
    start = 0
    while len(block) - start > _WINDOW:
        cut = _SAFE_END.search(block, start + _WINDOW) or _ANY_SPACE.search(block, start + _WINDOW)
        if cut is None:
            break
        yield start, cut.start()  # windows, like blocks, end without white space
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
    ending in a time joins the next one when that starts with a word that
    qualifies the time ("at 5 p.m. Monday"); a piece without any letter or
    digit (the ". ." pySBD splits off "The end. . .") joins the sentence
    before it, or the one after it if it comes first.
    """
    merged: list[tuple[int, int]] = []
    carry: int | None = None  # start of a piece waiting to join the next one
    after_time = False  # whether the last piece kept ends like a time ("m.")
    end = 0
    for start, end in pieces:
        if carry is not None:
            start, carry = carry, None
        ends_like_time = block[end - 2 : end] in _M_DOT
        if (
            ends_like_time
            and end - start <= _TIME_ONLY_MAX_LEN
            and _TIME_ONLY.fullmatch(block, start, end)
        ):
            carry = start
            continue
        if after_time and _continues_time(block, merged[-1][1], start):
            merged[-1] = (merged[-1][0], end)
        elif block[start : start + 1].isalnum() or any(ch.isalnum() for ch in block[start:end]):
            merged.append((start, end))
        elif merged:
            merged[-1] = (merged[-1][0], end)
        else:
            carry = start
            continue
        after_time = ends_like_time
    if carry is not None:  # nothing followed: keep the piece as it is
        merged.append((carry, end))
    return merged


def _continues_time(block: str, previous_end: int, start: int) -> bool:
    """Whether the piece at `start` qualifies a time ending the piece before it."""
    return bool(
        _ENDS_WITH_TIME.search(block, max(0, previous_end - 16), previous_end)
        and _TIME_QUALIFIER.match(block, start)
    )


# Anchors --------------------------------------------------------------------

_HASH_LEN = 8
_SLUG_WORDS = 4
_SLUG_MAX_LEN = 36  # "s-" + slug + "-" + hash + "-NNN" stays well under 60
_sha1 = hashlib.sha1


# Every byte but an ASCII lower-case letter or digit becomes a space: the slug's
# word separators. bytes.translate is many times faster than a regex sub.
_SLUG_BYTES = bytes(
    c if chr(c) in "abcdefghijklmnopqrstuvwxyz0123456789" else 32 for c in range(256)
)
# The slug's words are looked for in this many bytes first; only a text whose
# first _SLUG_WORDS words do not all end within them is scanned in full.
_SLUG_PREFIX = 96


def _normalise(sentence_text: str) -> str:
    """The text an anchor depends on: NFKC, case-folded, whitespace collapsed."""
    if sentence_text.isascii():  # NFKC changes no ASCII text; casefold is lower
        return " ".join(sentence_text.lower().split())
    return " ".join(unicodedata.normalize("NFKC", sentence_text).casefold().split())


def _slug(normalised: str) -> str:
    """Up to _SLUG_WORDS ASCII words of the text (accents dropped), joined with "-"."""
    if normalised.isascii():
        ascii_text = normalised.encode()
    else:
        ascii_text = unicodedata.normalize("NFKD", normalised).encode("ascii", "ignore").lower()
    words = ascii_text[:_SLUG_PREFIX].translate(_SLUG_BYTES).split(None, _SLUG_WORDS)
    # More than _SLUG_WORDS parts: the first words ended inside the prefix.
    if len(words) <= _SLUG_WORDS and len(ascii_text) > _SLUG_PREFIX:
        words = ascii_text.translate(_SLUG_BYTES).split(None, _SLUG_WORDS)
    slug = b"-".join(words[:_SLUG_WORDS])[:_SLUG_MAX_LEN]
    return slug.strip(b"-").decode()


def sentence_anchor_base(sentence_text: str) -> str:
    """`s-<up to 4 slug words>-<8 hex of sha1>`, a function of the normalised text only.

    It matches ^[a-z][a-z0-9-]*$, never contains "--", and always ends with
    "-" followed by exactly 8 hex digits.
    """
    normalised = _normalise(sentence_text)
    digest = _sha1(normalised.encode("utf-8")).hexdigest()[:_HASH_LEN]
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
