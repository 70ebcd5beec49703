"""Reviewer-written Markdown to HTML that is safe to show anyone.

Raw HTML typed into the Markdown is shown as text (the Markdown parser's HTML
handling is switched off), and bleach then keeps only an explicit allow-list,
so nothing a reviewer types can run in a reader's browser."""

from functools import partial

import bleach
import markdown
from bleach.linkifier import LinkifyFilter
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
        "a", "h3", "h4", "h5", "h6", "del", "sup", "sub", "table", "thead", "tbody", "tr",
        "th", "td", "dl", "dt", "dd", "abbr",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title", "rel"],
    "abbr": ["title"],
    "th": ["align"],
    "td": ["align"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})


class DemoteHeadings(Treeprocessor):
    """The page already has h1 and h2; a rationale's "# Heading" becomes h3."""

    def run(self, root):
        for element in root.iter():
            if element.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
                element.tag = f"h{min(int(element.tag[1]) + 2, 6)}"


class SafeMarkdown(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(DemoteHeadings(md), "demote_headings", 5)


def set_link_rel(attrs, new=False):
    if (None, "href") in attrs:
        attrs[(None, "rel")] = "nofollow noopener"
    return attrs


CLEANER = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[partial(LinkifyFilter, callbacks=[set_link_rel], skip_tags={"pre", "code"})],
)


def render_markdown(text):
    """Markdown source -> cleaned HTML string (mark it safe only after this)."""
    text = (text or "").replace("\x00", "")
    md = markdown.Markdown(extensions=["extra", "sane_lists", SafeMarkdown()], output_format="html")
    return CLEANER.clean(md.convert(text))
