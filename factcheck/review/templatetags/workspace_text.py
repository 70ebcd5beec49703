"""The workspace's source text, rendered in Python.

A revision is immutable, so the markup of its sentences without highlights is
built once (per process, see `text_markup`) and reused; an open re-renders only
the sentences that carry claims and splices them into that markup. The cost of
an open then follows the number of claims, not the length of the text.

Every value goes through escaping (`esc`, the standard library's html.escape
with quotes, which escapes the same five characters as Django's escape at a
fraction of its cost): nothing here is marked safe without it."""

import html
import threading
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from functools import lru_cache
from typing import NamedTuple

from django import template
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.safestring import mark_safe

from factcheck.core.blind import hidden_flag
from factcheck.core.candidates import candidates_of
from factcheck.core.highlight import sentence_pieces
from factcheck.core.models import ClaimStatus

register = template.Library()


class Row(NamedTuple):
    index: int
    paragraph: int
    start: int
    end: int
    anchor: str
    line_break_before: bool


class Mark(NamedTuple):
    """What a highlight and a row of the claim list need of a claim (read with
    values_list: a thousand model instances would cost more than the page)."""

    pk: int
    start: int
    end: int
    rating_slug: str | None
    rating_label: str | None
    rating_icon: str | None
    text: str
    status: str
    author: str

    def get_status_display(self):
        return ClaimStatus(self.status).label


MARK_FIELDS = (
    *("pk", "start", "end", "rating__slug", "rating__label", "rating__icon"),
    *("text", "status", "author__username"),
)


# What a highlight shows of a claim whose rating the viewer rates blind.
BLIND_MARK = {
    "rating_slug": "blind",
    "rating_label": "Hidden: you rate it blind",
    "rating_icon": "⊘",
}


def marks(claims, viewer):
    """Highlight data of a claim queryset, one query, no model instances. The
    rating of a claim that `viewer` rates blind (core/blind.py) is never read
    out of the row: its mark shows BLIND_MARK."""
    rows = claims.annotate(blind_hidden=hidden_flag(viewer)).values_list(
        *MARK_FIELDS, "blind_hidden"
    )
    return [Mark(*row[:-1])._replace(**BLIND_MARK) if row[-1] else Mark(*row[:-1]) for row in rows]


class TextMarkup(NamedTuple):
    html: str  # every sentence without highlights, in <p> per paragraph
    spans: list  # (start, end) of each sentence's element in `html`
    rows: list  # Row per sentence
    starts: list  # text offset where each sentence starts, for bisect
    text: str
    new_url: str
    # Sentences with highlights already rendered, by sentence and the claims on
    # it (see _claimed): an open re-renders only what changed since the last.
    claimed: dict
    # Per sentence, its checkworthy.Candidate or None (found once per
    # revision, see candidates.candidates_of, and read with the markup).
    candidates: list
    candidate_indexes: list  # of the sentences with a Candidate
    indexes: dict  # sentence index by anchor


def esc(value):
    return html.escape(str(value), quote=True)


def _piece(piece):
    if not piece.claims:
        return esc(piece.text)
    owner = piece.claims[-1]
    claims = " ".join(str(c.pk) for c in piece.claims)
    out = [
        f'<mark class="hl" data-rating="{esc(owner.rating_slug or "unrated")}" '
        f'data-claims="{claims}">{esc(piece.text)}</mark>'
    ]
    # The number comes from a CSS counter (site.css): badges stay in text
    # order however claims are added, with no other sentence re-rendered.
    for c in piece.ends:
        out.append(
            f'<sup class="claim-badge" data-rating="{esc(c.rating_slug or "unrated")}" '
            f'data-claim="{c.pk}" title="Claim: {esc(c.rating_label or "not rated")}">'
            f"{esc(c.rating_icon or '○')}</sup>"
        )
    return "".join(out)


@lru_cache(maxsize=1024)
def _candidate_attrs(found, dismissed_by=None):
    """The class and title of a check-worthy sentence without claims: the title
    says why (a link's title is also its accessible description), site.css
    draws the sign. No element of its own: at 20,000 candidates in a long text
    every byte counts 20,000 times. `dismissed_by`: who dismissed it ("" for a
    deleted user), None while it stands. Kept: the candidates share a few reasons."""
    label = f"Check-worthy: {found.reason}"
    if dismissed_by is None:
        return f' candidate" title="{esc(label)}'
    label += f"; dismissed by {dismissed_by or 'a former user'}"
    return f' candidate dismissed" title="{esc(label)}'


def _element(row, new_url, inner, *, has_claims=False, oob=False, candidate=""):
    """A sentence's element; `inner` is already escaped markup; `candidate`
    the _candidate_attrs of a check-worthy sentence without claims."""
    classes = " has-claims" if has_claims else candidate
    return (
        f'<a class="sentence{classes}" id="{esc(row.anchor)}" '
        f'href="{esc(new_url)}?first={row.index}" data-index="{row.index}" '
        f'data-start="{row.start}" data-end="{row.end}" draggable="false"'
        f"{' hx-swap-oob="true"' if oob else ''}>{inner}</a>"
    )


def _claimed(markup, row, claims, *, oob=False):
    """A sentence with its claims' highlights. The markup depends on nothing
    but the sentence and, of each claim, what `_piece` shows of it, so it is
    kept (per revision, KEEP_CLAIMED at most) under exactly those values."""
    shown = ((c.pk, c.start, c.end, c.rating_slug, c.rating_label, c.rating_icon) for c in claims)
    key = (row.index, oob, *shown)
    element = markup.claimed.get(key)
    if element is None:
        pieces = sentence_pieces(markup.text, row.start, row.end, claims)
        inner = "".join(_piece(p) for p in pieces)
        found = None if claims else markup.candidates[row.index]
        attrs = _candidate_attrs(found) if found else ""
        element = _element(
            row, markup.new_url, inner, has_claims=bool(claims), oob=oob, candidate=attrs
        )
        if len(markup.claimed) >= KEEP_CLAIMED:
            markup.claimed.clear()
        markup.claimed[key] = element
    return element


def _rows(revision):
    rows, previous = [], None
    text = revision.text
    for index, paragraph, start, end, anchor in revision.sentences.values_list(
        "index", "paragraph", "start", "end", "anchor"
    ):
        same = previous is not None and previous.paragraph == paragraph
        line_break = same and "\n" in text[previous.end : start]
        previous = Row(index, paragraph, start, end, anchor, line_break)
        rows.append(previous)
    return rows


def _build(revision, new_url):
    rows = _rows(revision)
    text = revision.text
    candidates = candidates_of(revision, [(row.start, row.end) for row in rows])
    parts, spans, length = [], [], 0
    for row, found in zip(rows, candidates, strict=True):
        if row.index == 0:
            parts.append("<p>")
        elif row.paragraph != rows[row.index - 1].paragraph:
            parts.append("</p>\n<p>")
        else:
            parts.append("<br>" if row.line_break_before else " ")
        length += len(parts[-1])
        inner = esc(text[row.start : row.end])
        if found:
            element = _element(row, new_url, inner, candidate=_candidate_attrs(found))
        else:
            element = _element(row, new_url, inner)
        spans.append((length, length + len(element)))
        length += len(element)
        parts.append(element)
    parts.append("</p>" if rows else "")
    starts = [row.start for row in rows]
    indexes = {row.anchor: row.index for row in rows}
    marked = [index for index, found in enumerate(candidates) if found]
    html_text = "".join(parts)
    return TextMarkup(
        html_text, spans, rows, starts, text, new_url, {}, candidates, marked, indexes
    )


# Per process, the last few revisions opened. A revision's text and sentences
# never change, so a copy never goes stale; the creation time is in the key
# because a test database (or a restored one) can give a pk out again.
_markups = OrderedDict()
_markups_lock = threading.Lock()
KEEP_MARKUPS = 16
KEEP_CLAIMED = 5_000  # highlighted sentences per revision (2-3 MB at most)


def text_markup(revision):
    """The revision's sentence markup without highlights (one query the first
    time a process renders the revision, none after)."""
    new_url = reverse("review:claim-new", args=[revision.source.slug])
    key = (revision.pk, revision.created_at, new_url)
    with _markups_lock:
        markup = _markups.get(key)
        if markup is not None:
            _markups.move_to_end(key)
            return markup
    markup = _build(revision, new_url)
    with _markups_lock:
        _markups[key] = markup
        while len(_markups) > KEEP_MARKUPS:
            _markups.popitem(last=False)
    return markup


def claims_by_sentence(markup, claims):
    """{sentence index: claims covering it, earliest first} for located claims."""
    covering = {}
    for claim in sorted(claims, key=lambda c: (c.start, c.end, c.pk)):
        for index in sentences_of(markup, claim.start, claim.end):
            covering.setdefault(index, []).append(claim)
    return covering


def sentences_of(markup, start, end):
    """Indexes of the sentences the text span [start, end) touches."""
    first = max(0, bisect_right(markup.starts, start) - 1)
    return range(first, max(first, bisect_left(markup.starts, end) - 1) + 1)


def _dismissed(markup, index, dismissed_by):
    row = markup.rows[index]
    inner = esc(markup.text[row.start : row.end])
    attrs = _candidate_attrs(markup.candidates[index], dismissed_by)
    return _element(row, markup.new_url, inner, candidate=attrs)


def render_text(markup, claims, dismissed=None):
    """The whole text with `claims` highlighted and the check-worthy sentences
    `dismissed` ({sentence index: who}) shown as dismissed: the cached markup,
    with only those sentences rendered again."""
    covering = claims_by_sentence(markup, claims)
    changed = {**{i: by for i, by in (dismissed or {}).items() if i not in covering}, **covering}
    out, position = [], 0
    for index in sorted(changed):
        start, end = markup.spans[index]
        out.append(markup.html[position:start])
        if index in covering:
            out.append(_claimed(markup, markup.rows[index], covering[index]))
        else:
            out.append(_dismissed(markup, index, changed[index]))
        position = end
    out.append(markup.html[position:])
    return mark_safe("".join(out))


def render_sentences(markup, claims, indexes):
    """Out-of-band swaps for the sentences `indexes` with the `claims` that
    cover them now (htmx replaces each by its id)."""
    covering = claims_by_sentence(markup, claims)
    return mark_safe(
        "".join(
            _claimed(markup, markup.rows[i], covering.get(i, []), oob=True) for i in sorted(indexes)
        )
    )


@register.simple_tag
def workspace_text(revision, claims, candidates):
    """<p> per paragraph, each sentence a link to the new-claim form with its
    claims highlighted and check-worthy sentences marked (`candidates`, a
    checkworthy_context; see review/workspace.html for how it is used)."""
    return render_text(text_markup(revision), claims, candidates["dismissed_indexes"])


class Dismissed(NamedTuple):
    by: str  # "" for a deleted user
    at: object


class CandidateRow(NamedTuple):
    index: int
    anchor: str
    text: str
    reason: str
    dismissed: Dismissed | None


CANDIDATES_PER_PAGE = 100


def checkworthy_context(markup, claims, dismissals, page=None):
    """The check-worthy sentences of the text: those the detector marks that no
    claim covers. `dismissals`: {anchor: Dismissed}, kept per source, so some
    may name sentences this text no longer has. With `page` (a page number,
    for the "check-worthy only" view) also that page of them as CandidateRows.
    The cost follows the claims and dismissals, and the page, not the text."""
    covered = claims_by_sentence(markup, claims)
    candidates = markup.candidates
    dismissed_indexes = {}
    for anchor, dismissal in dismissals.items():
        index = markup.indexes.get(anchor)
        if index is not None and candidates[index] and index not in covered:
            dismissed_indexes[index] = dismissal.by
    context = {
        "count": len(markup.candidate_indexes) - sum(1 for i in covered if candidates[i]),
        "dismissed_indexes": dismissed_indexes,
        "dismissed_count": len(dismissed_indexes),
    }
    if page is not None:
        shown = [i for i in markup.candidate_indexes if i not in covered]
        context["page"] = page = Paginator(shown, CANDIDATES_PER_PAGE).get_page(page)
        page.object_list = [_candidate_row(markup, i, dismissals) for i in page.object_list]
    return context


def _candidate_row(markup, index, dismissals):
    row = markup.rows[index]
    text = markup.text[row.start : row.end]
    reason = markup.candidates[index].reason
    return CandidateRow(index, row.anchor, text, reason, dismissals.get(row.anchor))


def _truncate(text, length):
    return text if len(text) <= length else text[: length - 1] + "…"


@register.simple_tag
def claim_rows(claims):
    """The claim list's rows (Mark rows), rendered like the text: a template
    loop over a hundred rows cost more than the whole text."""
    url = reverse("review:claim-detail", args=[0]).removesuffix("0/")
    out = []
    for number, c in enumerate(claims, start=1):
        link = f"{url}{c.pk}/"
        rating = esc(c.rating_slug or "unrated")
        out.append(
            f'<li class="claim-item" data-claim="{c.pk}"><a href="{link}" hx-get="{link}" '
            f'hx-target="#panel" hx-swap="innerHTML" hx-push-url="true">'
            f'<span class="claim-number">{number}.</span> {esc(_truncate(c.text, 120))}</a> '
            f'<span class="rating-badge" data-rating="{rating}">{esc(c.rating_icon or "○")} '
            f"{esc(c.rating_label or 'Not rated')}</span> "
            f'<span class="status status-{esc(c.status)}">{esc(c.get_status_display())}</span> '
            f'<span class="meta">by {esc(c.author)}</span></li>'
        )
    return mark_safe("\n".join(out))
