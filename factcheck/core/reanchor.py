"""Find a claim again in a new revision of its source text.

Pure Python (no Django): a claim's W3C selectors (a TextQuoteSelector with
`exact`, `prefix` and `suffix`, and a TextPositionSelector with `start` and
`end`) go in, a `Result` with offsets into the new text comes out. Nothing may
silently point at wrong words, so every answer says how it was found.

Order of attempts
-----------------
1. Position: `new_text[start:end] == exact` -> UNCHANGED.
2. Exact quote: every occurrence of `exact` in the new text; when there is none,
   every occurrence with whitespace normalised (runs of spaces, tabs and line
   breaks count as one space), so a re-wrapped paragraph still finds the quote.
   Several -> the one whose surroundings best match prefix/suffix; a tie goes
   to the one nearest the old position. -> MOVED, score 1.0. The span is
   exactly the quoted words in the new text. Whitespace is not content, so a
   whitespace-only change is MOVED rather than FUZZY.
3. Fuzzy: candidate regions are voted for by the quote's word pairs (single
   words too, for quotes of one to three words) and the context's word pairs
   found in the new text, plus the old position. In each region rapidfuzz's
   `partial_ratio_alignment` places the quote, as does the text between the
   context's end and the suffix's start; the best spans have their boundaries
   moved (up to a third of the quote's length, never into the middle of a word
   unless the quote itself started or ended mid-word) to the best similarity,
   then whitespace is trimmed. Score >= threshold -> FUZZY, else ORPHANED
   with the best score seen.

Scoring
-------
All similarities are rapidfuzz's normalised Levenshtein similarity,
1 - edits / length of the longer string, on whitespace-normalised text, so
0.75 means "at most a quarter of the characters changed".

* quote similarity: the quote against the candidate span.
* context similarity: the mean of prefix vs the text just before the span and
  suffix vs the text just after it (same lengths). An empty prefix or suffix
  means the quote touched the start or end of the text; it matches only there.
  A side where the span cuts a word the quote did not cut scores 0 ("kei car"
  inside "kei cars" is another phrase). Unrelated English text scores about
  0.15 here (0.3 at the 99th percentile); one intact side alone scores >= 0.5.
* score = min(q, (1 - w) * q + w * c) for quote similarity q and context
  similarity c. The context weight w is CONTEXT_WEIGHT_MAX (0.4) for quotes
  up to SHORT_QUOTE characters, falls linearly to 0 at LONG_QUOTE characters
  and is 0 beyond. A short phrase ("kei cars") occurs in many places, so its
  context must confirm the place; a sentence carries its own evidence, and its
  score must not drop because the neighbouring sentences were edited. The min
  means a context can only lower the score: a FUZZY span is always at least
  `threshold` similar to the quote.

The same score gates steps 1 and 2 (with q = 1): an exact short quote whose
context has vanished (c < 0.375 for the shortest quotes) is not taken as
UNCHANGED or MOVED -- it is probably another occurrence of a common phrase --
and falls through to the fuzzy step, which usually orphans it. For quotes of
LONG_QUOTE characters or more, steps 1 and 2 are exactly as in the issue and
the context only chooses among repeats (and breaks near-ties among fuzzy spans,
by CONTEXT_TIEBREAK).

Whole sentences
---------------
The caller may say which claims quoted whole sentences (`whole`: the claim
began where its first sentence began and ended where its last one ended) and
give the new text's sentences (`sentences`, objects with `.start` and `.end`,
stripped of whitespace, as segmentation gives them). Two rules follow.

* A sentence carries its own evidence. A whole-sentence quote whose exact words
  occur exactly once in the new text, and there are again one or more whole
  sentences, is UNCHANGED or MOVED whatever its context: a reader would say
  "that sentence moved", however short it is ("Really."). The context gate
  above stays for everything else: a phrase ("kei cars") that occurs once, in
  other surroundings, is not taken even when it forms a sentence there (a
  heading "Kei cars"); a whole sentence that now occurs only inside another
  sentence ("No." in "No. 5") is not either; nor is one that occurs twice,
  where only the context could tell them apart.
* A fuzzy match of a whole-sentence quote covers whole new sentences, never a
  fragment: each candidate span is widened to the sentences it overlaps (or
  that range less a sentence it only grazes at either end), and scored again
  against that span, which is what the threshold then judges. A sentence that
  grew a long new clause may so fall under the threshold and be orphaned, where
  a fragment would have passed: the claim is about the sentence, and a person
  has to look at it. Phrase claims keep phrase spans.
Without `whole` and `sentences`, every claim is treated as a phrase.

DEFAULT_THRESHOLD = 0.75: a typo fix or a changed word in a sentence scores
0.9-0.99; a sentence rewritten in other words about 0.3-0.5; unrelated text
about 0.2. A short phrase at its old place with a typo fixed ("where as" ->
"whereas") scores about 0.87; an exact short phrase in unrelated surroundings
about 0.66, under the threshold, so it is not moved there.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .anchoring import sentence_range

DEFAULT_THRESHOLD = 0.75
CONTEXT_WEIGHT_MAX = 0.4
SHORT_QUOTE = 12  # characters; up to here the context weighs CONTEXT_WEIGHT_MAX
LONG_QUOTE = 48  # characters; from here the context only breaks ties
CONTEXT_TIEBREAK = 0.05  # near-equal fuzzy spans: prefer the one in the right context
MAX_SEED_HITS = 50  # a word (pair) found more often than this says nothing about where
MAX_PAIR_SCAN = 500  # two words both this common: their pair is not worth looking up
MAX_REGIONS = 6
REFINED = 2  # candidate spans whose boundaries are refined (the costly part)
WORD = re.compile(r"\w+")
SPACES = re.compile(r"\s+")
ODD_SPACE = re.compile(r"\s{2,}|[^\S ]")  # whitespace that normalising changes


class AnchorState(StrEnum):
    UNCHANGED = "unchanged"  # same offsets, same text
    MOVED = "moved"  # exact quote found elsewhere (disambiguated by prefix/suffix when repeated)
    FUZZY = "fuzzy"  # close match found with score >= threshold; a reviewer should confirm
    ORPHANED = "orphaned"  # not found; kept with its original quote


@dataclass(frozen=True)
class Result:
    state: AnchorState
    start: int | None  # offsets into the NEW text; None when orphaned
    end: int | None
    score: float  # 1.0 unchanged/moved; similarity for fuzzy; best seen (or 0.0) for orphaned


def reanchor(
    selectors: list[dict],
    new_text: str,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    sentences=None,
    whole: bool = False,
) -> Result:
    """Re-anchor one claim's selectors on `new_text` (see the module docstring)."""
    return _reanchor(selectors, _Text(new_text, sentences), threshold, whole)


def reanchor_many(
    items: list[list[dict]],
    new_text: str,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    sentences=None,
    whole: list[bool] | None = None,
) -> list[Result]:
    """`reanchor` for many claims on one text; the word index and the whitespace-normalised
    text are built once, and only if some claim needs them. `whole[i]` is `reanchor`'s
    `whole` for `items[i]`."""
    text = _Text(new_text, sentences)
    whole = [False] * len(items) if whole is None else whole
    return [
        _reanchor(selectors, text, threshold, w) for selectors, w in zip(items, whole, strict=True)
    ]


def _reanchor(selectors, text, threshold, whole):
    claim = _Claim.parse(selectors, whole=whole)
    if claim is None:
        return Result(AnchorState.ORPHANED, None, None, 0.0)
    best_seen = 0.0
    for state, attempt in ((AnchorState.UNCHANGED, _at_position), (AnchorState.MOVED, _exact)):
        found = attempt(claim, text)
        if found is not None:
            span, score = found
            if score >= threshold or _self_evident(claim, text, span):
                return Result(state, *span, 1.0)
            best_seen = max(best_seen, score)
    return _fuzzy(claim, text, threshold, best_seen)


def _self_evident(claim, text, span):
    """A whole-sentence quote found once, as whole sentences: its context does not matter."""
    if not (claim.whole and text.whole_sentences(*span)):
        return False
    found = text.occurrences(claim.exact) or text.normalised_occurrences(claim.quote)
    return len(found) == 1


def _normalise(s):
    return " ".join(s.split())  # str.split() and re's \s agree on what is whitespace


def _collapse(s):
    return SPACES.sub(" ", s)


def _similarity(a, b):
    return Levenshtein.normalized_similarity(a, b)


def _mid_word(text, i):
    return 0 < i < len(text) and text[i - 1].isalnum() and text[i].isalnum()


@dataclass
class _Claim:
    exact: str
    prefix: str  # whitespace collapsed
    suffix: str
    prefix_raw: int  # length before collapsing: how much new text to compare it with
    suffix_raw: int
    start: int | None
    end: int | None
    quote: str  # `exact` whitespace-normalised: what similarities compare
    weight: float  # of the context in the score
    starts_mid_word: bool
    ends_mid_word: bool
    whole: bool  # the quote was whole sentences of its text

    @classmethod
    def parse(cls, selectors, *, whole=False):
        by_type = {s.get("type"): s for s in selectors or () if isinstance(s, dict)}
        quote_sel = by_type.get("TextQuoteSelector") or {}
        position = by_type.get("TextPositionSelector") or {}
        exact = quote_sel.get("exact") or ""
        if not exact:
            return None  # nothing to verify a position against
        prefix, suffix = quote_sel.get("prefix") or "", quote_sel.get("suffix") or ""
        quote = _normalise(exact)
        span = LONG_QUOTE - SHORT_QUOTE
        weight = CONTEXT_WEIGHT_MAX * min(1.0, max(0.0, (LONG_QUOTE - len(quote)) / span))
        return cls(
            exact=exact,
            prefix=_collapse(prefix),
            suffix=_collapse(suffix),
            prefix_raw=len(prefix),
            suffix_raw=len(suffix),
            start=_int_or_none(position.get("start")),
            end=_int_or_none(position.get("end")),
            quote=quote,
            weight=weight,
            starts_mid_word=bool(prefix) and prefix[-1].isalnum() and exact[0].isalnum(),
            ends_mid_word=bool(suffix) and exact[-1].isalnum() and suffix[0].isalnum(),
            whole=whole,
        )

    def score(self, quote_similarity, context_similarity):
        # Context can only lower the score: a good context never makes other words pass.
        blended = (1 - self.weight) * quote_similarity + self.weight * context_similarity
        return min(quote_similarity, blended)

    def distance(self, start):
        return abs(start - (self.start or 0))


def _int_or_none(value):
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class _Text:
    """The new text with what is worth computing once for many claims."""

    def __init__(self, text, sentences=None):
        self.text = text
        self.sentences = list(sentences or ())
        self._hits = {}  # seed -> offsets; claims share common word pairs

    def whole_sentences(self, start, end):
        """Whether text[start:end] is exactly one or more whole sentences."""
        if not self.sentences:
            return False
        first, last = sentence_range(self.sentences, start, end)
        return self.sentences[first].start == start and self.sentences[last].end == end

    def snapped(self, start, end):
        """Spans of whole sentences for a span: the sentences it overlaps, and that range
        less the first or last sentence (or both) when there are more than one."""
        first, last = sentence_range(self.sentences, start, end)
        return {
            (self.sentences[a].start, self.sentences[b].end)
            for a in (first, first + 1)
            for b in (last, last - 1)
            if a <= b
        }

    @cached_property
    def words(self):
        """(lower-cased words, their start offsets, word -> indexes of its occurrences)."""
        low = self.text.lower()
        if len(low) == len(self.text):
            words = WORD.findall(low)
        else:  # lower() changed some lengths ("İ"): lower word by word, offsets stay right
            low = self.text
            words = [w.lower() for w in WORD.findall(low)]
        starts = [m.start() for m in WORD.finditer(low)]
        positions = {}
        for i, word in enumerate(words):
            found = positions.get(word)
            if found is None:
                positions[word] = [i]
            else:
                found.append(i)
        return words, starts, positions

    def hits(self, key):
        """Start offsets of a word, or a word pair (a tuple); none when too common to place."""
        if key not in self._hits:
            self._hits[key] = self._find(key)
        return self._hits[key]

    def _find(self, key):
        words, starts, positions = self.words
        if isinstance(key, str):
            found = positions.get(key, ())
        else:  # walk the rarer word's occurrences, check its neighbour
            first, second = key
            firsts, seconds = positions.get(first, ()), positions.get(second, ())
            if min(len(firsts), len(seconds)) > MAX_PAIR_SCAN:
                return ()
            last = len(words) - 1
            if len(firsts) <= len(seconds):
                found = [i for i in firsts if i < last and words[i + 1] == second]
            else:
                found = [i - 1 for i in seconds if i > 0 and words[i - 1] == first]
        return [starts[i] for i in found] if len(found) <= MAX_SEED_HITS else ()

    @cached_property
    def normalised(self):
        """The text with each whitespace run as one space; per run that changed, where it
        ends in the normalised text and how much shorter the text is from there."""
        ends, shifts, shift = [], [], 0
        for m in ODD_SPACE.finditer(self.text):
            ends.append(m.start() - shift + 1)
            shift += m.end() - m.start() - 1
            shifts.append(shift)
        return ODD_SPACE.sub(" ", self.text), ends, shifts

    def occurrences(self, needle):
        found, i = [], self.text.find(needle)
        while i >= 0:
            found.append((i, i + len(needle)))
            i = self.text.find(needle, i + 1)
        return found

    def normalised_occurrences(self, quote):
        """Spans of the raw text that equal `quote` once whitespace is normalised."""
        norm = self.normalised[0]
        found, i = [], norm.find(quote)
        while i >= 0:
            # A stripped quote starts and ends on non-space characters.
            found.append((self._raw(i), self._raw(i + len(quote) - 1) + 1))
            i = norm.find(quote, i + 1)
        return found

    def _raw(self, norm_offset):
        _, ends, shifts = self.normalised
        k = bisect_right(ends, norm_offset) - 1
        return norm_offset + (shifts[k] if k >= 0 else 0)


def _context(claim, text, start, end):
    """Mean similarity of prefix and suffix to the text around [start, end).

    A side where the span cuts a word that the quote did not cut scores 0: "kei car"
    inside "kei cars" is not in the quote's context, whatever the letters around."""
    return (_prefix_similarity(claim, text, start) + _suffix_similarity(claim, text, end)) / 2


def _prefix_similarity(claim, text, start):
    if _mid_word(text, start) and not claim.starts_mid_word:
        return 0.0
    before = _collapse(text[max(0, start - claim.prefix_raw - 16) : start])
    # An empty prefix means "start of text": compare with one character, "" only there.
    return _similarity(claim.prefix, before[-len(claim.prefix) :] if claim.prefix else before[-1:])


def _suffix_similarity(claim, text, end):
    if _mid_word(text, end) and not claim.ends_mid_word:
        return 0.0
    after = _collapse(text[end : end + claim.suffix_raw + 16])
    return _similarity(claim.suffix, after[: len(claim.suffix)] if claim.suffix else after[:1])


def _at_position(claim, text):
    """(span, score) when the old offsets still hold the quote."""
    start, end = claim.start, claim.end
    if start is None or end is None or start < 0 or text.text[start:end] != claim.exact:
        return None
    return (start, end), claim.score(1.0, _context(claim, text.text, start, end))


def _exact(claim, text):
    """(span, score) of the exact (else whitespace-normalised) occurrence in the best context."""
    spans = text.occurrences(claim.exact)
    if not spans and claim.quote:
        spans = text.normalised_occurrences(claim.quote)
    if not spans:
        return None
    contexts = {span: _context(claim, text.text, *span) for span in spans}
    best = max(spans, key=lambda span: (contexts[span], -claim.distance(span[0])))
    return best, claim.score(1.0, contexts[best])


def _fuzzy(claim, text, threshold, best_seen):
    if not claim.quote:  # whitespace only: nothing to be similar to
        return Result(AnchorState.ORPHANED, None, None, best_seen)
    spans = {span for region in _regions(claim, text) for span in _spans_near(claim, text, region)}
    if claim.whole and text.sentences:
        # Sentence boundaries replace the refining: the span is whole sentences.
        spans = {snapped for span in spans for snapped in text.snapped(*span)}
        candidates = [_rank(claim, text.text, span) for span in spans]
    else:
        ranked = sorted((_rank(claim, text.text, span) for span in spans), reverse=True)
        refined = [
            _rank(claim, text.text, _refine(claim, text.text, *r[-1])) for r in ranked[:REFINED]
        ]
        candidates = [r for r in refined if r[-1] is not None]
    if candidates:
        _, score, _, (start, end) = max(candidates)
        if score >= threshold:
            return Result(AnchorState.FUZZY, start, end, score)
        best_seen = max(best_seen, score)
    return Result(AnchorState.ORPHANED, None, None, best_seen)


def _rank(claim, text, span):
    """(rank, score, -distance, span): sortable, best last."""
    if span is None:
        return (-1.0, 0.0, 0, None)
    start, end = span
    similarity = _similarity(claim.quote, _normalise(text[start:end]))
    context = _context(claim, text, start, end)
    score = claim.score(similarity, context)
    return (round(score + CONTEXT_TIEBREAK * context, 9), score, -claim.distance(start), span)


def _seeds(s, *, single_words):
    """(offset in s, index key) for the word pairs (and maybe words) of s."""
    words = [(m.start(), m.group().lower()) for m in WORD.finditer(s)]
    seeds = [(o, (w, nxt)) for (o, w), (_, nxt) in zip(words, words[1:], strict=False)]
    return seeds + words if single_words else seeds


def _votes(claim, text):
    """Where the quote would start, by each seed occurrence in the new text."""
    length = len(claim.exact)
    few_words = len(WORD.findall(claim.exact)) < 4
    sources = (
        (claim.exact, 0, few_words),  # quote start = hit - offset
        (claim.prefix, len(claim.prefix), False),  # prefix ends where the quote starts
        (claim.suffix, -length, False),  # suffix starts where the quote ends
    )
    votes = []
    for s, shift, single_words in sources:
        for offset, key in _seeds(s, single_words=single_words):
            votes.extend(hit - offset + shift for hit in text.hits(key))
    return votes


def _regions(claim, text):
    """Likely quote starts: the best-supported clusters of votes, and the old position."""
    votes, tolerance = sorted(_votes(claim, text)), max(16, len(claim.exact) // 2)
    clusters = []
    for vote in votes:
        if clusters and vote - clusters[-1][0] <= tolerance:
            clusters[-1].append(vote)
        else:
            clusters.append([vote])
    clusters.sort(key=lambda c: (-len(c), claim.distance(c[len(c) // 2])))
    regions = [c[len(c) // 2] for c in clusters[:MAX_REGIONS]]
    if claim.start is not None:  # a shorter text still hints "near the end"
        regions.append(min(max(0, claim.start), len(text.text)))
    return regions


def _spans_near(claim, text, region):
    """Candidate spans around a likely start: the aligned quote, and what the context brackets."""
    slack = max(32, len(claim.exact) // 2)
    lo, hi = max(0, region - slack), min(len(text.text), region + len(claim.exact) + slack)
    window = text.text[lo:hi]
    spans = []
    aligned = fuzz.partial_ratio_alignment(claim.quote, window)
    if aligned is not None and aligned.dest_end > aligned.dest_start:
        spans.append((lo + aligned.dest_start, lo + aligned.dest_end))
    bracketed = _bracketed(claim, text.text, lo, hi)
    if bracketed is not None:
        spans.append(bracketed)
    return spans


def _bracketed(claim, text, lo, hi):
    """The text between the prefix's end and the suffix's start, both found exactly."""
    tail, head = claim.prefix[-16:], claim.suffix[:16]
    if not tail.strip() or not head.strip():
        return None
    p = text.find(tail, max(0, lo - len(tail)), hi)
    if p < 0:
        return None
    start = p + len(tail)
    end = text.find(head, start, start + 2 * len(claim.exact) + 16)
    return (start, end) if end > start else None


def _refine(claim, text, start, end):
    """Move the boundaries to the best similarity, off mid-word cuts, whitespace trimmed."""
    radius = max(8, len(claim.quote) // 3)
    start = _best_start(claim, text, start, end, radius)
    end = _best_end(claim, text, start, end, radius)
    start = _best_start(claim, text, start, end, radius)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _best_start(claim, text, start, end, radius):
    # A start on whitespace gives the same words as the next start: skip it.
    options = [
        i
        for i in range(max(0, start - radius), min(end, start + radius + 1))
        if not text[i].isspace() and (claim.starts_mid_word or not _mid_word(text, i))
    ]
    return _best(claim, options or [start], start, lambda i: text[i:end])


def _best_end(claim, text, start, end, radius):
    options = [
        i
        for i in range(max(start + 1, end - radius), min(len(text), end + radius) + 1)
        if not text[i - 1].isspace() and (claim.ends_mid_word or not _mid_word(text, i))
    ]
    return _best(claim, options or [end], end, lambda i: text[start:i])


def _best(claim, options, current, span_at):
    def key(i):
        return (_similarity(claim.quote, _normalise(span_at(i))), -abs(i - current))

    return max(options, key=key)
