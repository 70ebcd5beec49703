"""Where a claim sits in a revision's text, the W3C Web Annotation way.

A claim keeps a TextQuoteSelector (the exact quote with some text before and
after it) and a TextPositionSelector (offsets into the revision text), so it
can be found again when the text changes."""

from bisect import bisect_right
from dataclasses import dataclass

CONTEXT_CHARS = 32


class SelectionError(ValueError):
    """The selection does not describe text in the source; str() is for the user."""


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    first_index: int  # index of the first sentence the span touches
    last_index: int


def selectors(text, start, end):
    return [
        {
            "type": "TextQuoteSelector",
            "exact": text[start:end],
            "prefix": text[max(0, start - CONTEXT_CHARS) : start],
            "suffix": text[end : end + CONTEXT_CHARS],
        },
        {"type": "TextPositionSelector", "start": start, "end": end},
    ]


def selector_of(selector_list, kind):
    return next((s for s in selector_list if s.get("type") == kind), None)


def anchor_selection(text, sentences, *, first, last=None, start=None, end=None, phrase=""):
    """Resolve what a reviewer selected into offsets and its sentence range.

    `sentences` is the revision's sentences in order; `first`/`last` are
    sentence indexes. A phrase is given either as offsets (`start`, `end`, from
    a mouse selection) or as typed text (`phrase`, found inside the sentence
    range, for the form without JavaScript). Without either, the claim covers
    the whole sentence range."""
    last = first if last is None else last
    if first > last:
        first, last = last, first
    if not (0 <= first < len(sentences) and 0 <= last < len(sentences)):
        raise SelectionError("The selected sentence is not in this revision of the source.")
    lo, hi = sentences[first].start, sentences[last].end
    if phrase.strip():
        found = text.find(phrase.strip(), lo, hi)
        if found < 0:
            raise SelectionError(
                "The phrase was not found in the selected sentences; copy it exactly."
            )
        start, end = found, found + len(phrase.strip())
    elif start is None or end is None:
        start, end = lo, hi
    # Checked before trimming too: offsets past the text must not reach text[].
    if not (lo <= start < end <= hi):
        raise SelectionError("The selected phrase must lie inside the selected sentences.")
    start, end = _trim(text, start, end)
    if start == end:
        raise SelectionError("The selected phrase must lie inside the selected sentences.")
    first = _index_at(sentences, start, first, last)
    last = _index_at(sentences, end - 1, first, last)
    return Anchor(start, end, first, last)


def _trim(text, start, end):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _index_at(sentences, offset, lo, hi):
    """Index of the sentence holding `offset` (or the nearest one before it)."""
    for i in range(hi, lo - 1, -1):
        if sentences[i].start <= offset:
            return i
    return lo


def sentence_range(sentences, start, end):
    """Indexes (first, last) of the sentences covering text[start:end].

    `sentences` is a non-empty list in text order, each with `.start` and `.end`
    (Sentence rows or segmentation Spans). An offset in the whitespace between two
    sentences goes with the sentence after it at the start of the span and with
    the one before it at the end; an offset before the first sentence goes with it."""
    last = max(0, bisect_right(sentences, max(start, end - 1), key=_start_of) - 1)
    first = max(0, bisect_right(sentences, start, key=_start_of) - 1)
    if first < last and sentences[first].end <= start:
        first += 1
    return first, last


def _start_of(sentence):
    return sentence.start
