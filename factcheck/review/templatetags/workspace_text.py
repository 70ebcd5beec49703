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
from typing import NamedTuple

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from factcheck.core.blind import hidden_flag
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


def _element(row, new_url, inner, *, has_claims=False, oob=False):
    """A sentence's element; `inner` is already escaped markup."""
    return (
        f'<a class="sentence{" has-claims" if has_claims else ""}" id="{esc(row.anchor)}" '
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
        element = _element(row, markup.new_url, inner, has_claims=bool(claims), oob=oob)
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
    parts, spans, length = [], [], 0
    for row in rows:
        if row.index == 0:
            parts.append("<p>")
        elif row.paragraph != rows[row.index - 1].paragraph:
            parts.append("</p>\n<p>")
        else:
            parts.append("<br>" if row.line_break_before else " ")
        length += len(parts[-1])
        element = _element(row, new_url, esc(revision.text[row.start : row.end]))
        spans.append((length, length + len(element)))
        length += len(element)
        parts.append(element)
    parts.append("</p>" if rows else "")
    starts = [row.start for row in rows]
    return TextMarkup("".join(parts), spans, rows, starts, revision.text, new_url, {})


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


def render_text(markup, claims):
    """The whole text with `claims` highlighted: the cached markup, with only
    the sentences that carry claims rendered again."""
    covering = claims_by_sentence(markup, claims)
    out, position = [], 0
    for index in sorted(covering):
        start, end = markup.spans[index]
        out.append(markup.html[position:start])
        out.append(_claimed(markup, markup.rows[index], covering[index]))
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
def workspace_text(revision, claims):
    """<p> per paragraph, each sentence a link to the new-claim form with its
    claims highlighted (see review/workspace.html for how it is used)."""
    return render_text(text_markup(revision), claims)


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
