"""The workspace's source text, rendered in Python.

A 2,000-sentence text is some 100,000 template nodes; building the same
markup with format_html is several times faster. Every value goes through
escaping (format_html / conditional_escape): nothing here is marked safe
without it."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


def _rating(claim):
    return claim.rating.slug if claim.rating else "unrated"


def _piece(piece):
    if not piece.claims:
        return conditional_escape(piece.text)
    html = format_html(
        '<mark class="hl" data-rating="{}" data-claims="{}">{}</mark>',
        _rating(piece.claims[-1]),
        " ".join(str(c.pk) for c in piece.claims),
        piece.text,
    )
    badges = [
        format_html(
            '<sup class="claim-badge" data-rating="{}" data-claim="{}" title="Claim {}: {}">{}{}</sup>',
            _rating(c),
            c.pk,
            c.number,
            c.rating.label if c.rating else "not rated",
            c.rating.icon if c.rating else "○",
            c.number,
        )
        for c in piece.ends
    ]
    return html + mark_safe("".join(badges))


def _sentence(sentence, new_url):
    separator = "<br>" if sentence.line_break_before else " "
    return format_html(
        '{}<a class="sentence{}" id="{}" href="{}?first={}" data-index="{}" data-start="{}" '
        'data-end="{}" draggable="false">{}</a>',
        mark_safe(separator),
        " has-claims" if sentence.claims else "",
        sentence.anchor,
        new_url,
        sentence.index,
        sentence.index,
        sentence.start,
        sentence.end,
        mark_safe("".join(_piece(p) for p in sentence.pieces)),
    )


@register.simple_tag
def workspace_text(paragraphs, new_url):
    """<p> per paragraph, each sentence a link to the new-claim form with its
    claims highlighted (see review/workspace.html for how it is used)."""
    out = []
    for paragraph in paragraphs:
        sentences = "".join(_sentence(s, new_url) for s in paragraph).removeprefix(" ")
        out.append(f"<p>{sentences}</p>")
    return mark_safe("\n".join(out))
