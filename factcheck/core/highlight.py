"""Sentences prepared for rendering: grouped by paragraph, and split into
pieces by the claims that cover them (one pass over both, in text order)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Piece:
    text: str
    claims: tuple  # claims covering this piece, earliest first
    ends: tuple  # claims whose span ends with this piece (their badge goes here)

    @property
    def owner(self):
        """The claim a highlighted piece shows and links to: the one that was
        there first. A later claim overlapping it gets its own highlight only
        where it does not overlap (and its own badge)."""
        return min(self.claims, key=lambda claim: claim.pk)


def annotate_sentences(text, sentences, claims):
    """Set `sentence.pieces` and `sentence.claims` on each sentence.

    `claims` need `start` and `end` offsets into `text`; claims without
    offsets (orphaned) are left out."""
    pending = sorted((c for c in claims if c.start is not None), key=lambda c: (c.start, c.end))
    active = []
    k = 0
    for sentence in sentences:
        while k < len(pending) and pending[k].start < sentence.end:
            active.append(pending[k])
            k += 1
        active = [c for c in active if c.end > sentence.start]
        covering = [c for c in active if c.start < sentence.end]
        sentence.claims = covering
        sentence.pieces = _pieces(text, sentence, covering)
    return sentences


def _pieces(text, sentence, claims):
    return sentence_pieces(text, sentence.start, sentence.end, claims)


def sentence_pieces(text, lo, hi, claims):
    """The text [lo, hi) cut where `claims` (earliest first) start and end."""
    if not claims:
        return [Piece(text[lo:hi], (), ())]
    cuts = {lo, hi}
    for claim in claims:
        cuts.update(offset for offset in (claim.start, claim.end) if lo < offset < hi)
    bounds = sorted(cuts)
    pieces = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        inside = tuple(c for c in claims if c.start < b and c.end > a)
        ends = tuple(c for c in inside if c.end == b)
        pieces.append(Piece(text[a:b], inside, ends))
    return pieces


def group_paragraphs(text, sentences):
    """Sentences grouped by paragraph; each gets `line_break_before` when a line
    break (not just a space) separates it from the previous one."""
    groups = []
    previous_end = None
    for sentence in sentences:
        if not groups or groups[-1][0].paragraph != sentence.paragraph:
            groups.append([])
            sentence.line_break_before = False
        else:
            sentence.line_break_before = "\n" in text[previous_end : sentence.start]
        groups[-1].append(sentence)
        previous_end = sentence.end
    return groups
