"""Reviewer-written Markdown to HTML that is safe to show anyone.

Raw HTML typed into the Markdown is shown as text (the Markdown parser's HTML
handling is switched off), and bleach then keeps only an explicit allow-list,
so nothing a reviewer types can run in a reader's browser.

Rendering also has to stay fast for any input a form accepts: see
`BoundedLinks` and `NestingLimit` for the two places where Python-Markdown
would otherwise run away (bench/pathological.py measures them)."""

import bisect
import re
import threading
from functools import partial
from xml.etree import ElementTree as etree

import bleach
import markdown
from bleach.linkifier import LinkifyFilter
from django.utils.html import format_html
from markdown import inlinepatterns
from markdown.extensions import Extension
from markdown.extensions.footnotes import FootnoteInlineProcessor
from markdown.extensions.tables import PIPE_LEFT, PIPE_NONE, PIPE_RIGHT, TableProcessor
from markdown.treeprocessors import Treeprocessor

from .ingest import strip_nul
from .limits import MAX_MARKDOWN_LENGTH

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
        "a", "h3", "h4", "h5", "h6", "del", "sup", "sub", "table", "thead", "tbody", "tr",
        "th", "td", "dl", "dt", "dd", "abbr",
    }
)  # fmt: skip
# Footnote ids as FootnoteIds makes them ("fn-c12-1", "fnref-c12-1", a
# repeated reference "fnref2-c12-1"); no other id gets through.
FOOTNOTE_ID = re.compile(r"fn(ref\d*)?-([a-z0-9]+-)?\d+")


def footnote_id(tag, name, value):
    return name != "id" or FOOTNOTE_ID.fullmatch(value) is not None


ALLOWED_ATTRIBUTES = {
    "a": ["href", "title", "rel"],
    "abbr": ["title"],
    "th": ["align"],
    "td": ["align"],
    "sup": footnote_id,
    "li": footnote_id,
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

# Lists in quotes in lists: a rationale never needs more than a few levels.
MAX_NESTING = 12
# Lines in one block (text between blank lines); see BlockLimits.
MAX_BLOCK_LINES = 200
# The longest "(url "title")" part of a link that is looked for: our URL fields
# take at most 2,000 characters.
MAX_LINK_LENGTH = 2_100


class MarkdownTooLong(ValueError):
    """The text is longer than any form accepts; it is not rendered at all."""


class DemoteHeadings(Treeprocessor):
    """The page already has h1 and h2; a rationale's "# Heading" becomes h3."""

    def run(self, root):
        for element in root.iter():
            if element.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
                element.tag = f"h{min(int(element.tag[1]) + 2, 6)}"


def matching_pairs(data, opening, closing):
    """{position after each opening character: position of its closing one},
    found in one pass with a stack; unmatched openings are left out."""
    pairs, stack = {}, []
    for match in re.finditer(re.escape(opening) + "|" + re.escape(closing), data):
        if match.group() == opening:
            stack.append(match.end())
        elif stack:
            pairs[stack.pop()] = match.start()
    return pairs


class BoundedLinks:
    """Python-Markdown's link patterns scan from every "[" to the end of the
    paragraph for its "]", and from every "](" for its ")": n unmatched
    brackets cost n² steps in Python (50,000 "[" took minutes). Here the
    brackets are paired once per paragraph, with the same nesting rule as
    upstream's scan, and the "(…)" part is looked for only within
    MAX_LINK_LENGTH characters (upstream's own scan, on a bounded slice)."""

    _data = None

    def _pairs(self, data):
        if self._data is not data:
            self._data = data
            self._brackets = matching_pairs(data, "[", "]")
            self._parens = matching_pairs(data, "(", ")")
            self._quotes = [m.start() for m in re.finditer("['\"]", data)]
        return self

    def getText(self, data, index):
        close = self._pairs(data)._brackets.get(index)
        if close is None:
            return "", len(data), False
        return data[index:close], close + 1, True

    def getLink(self, data, index):
        opening = inlinepatterns.LinkInlineProcessor.RE_LINK.match(data, index)
        if opening and not opening.group(1):
            close = self._pairs(data)._parens.get(index + 1)
            quote = bisect.bisect_left(self._quotes, index)
            quoted = quote < len(self._quotes) and (close is None or self._quotes[quote] < close)
            # Without quotes upstream's scan is plain paren pairing; with them
            # (a title) its own rules apply, on a bounded slice.
            if not quoted:
                if close is None:
                    return "", None, index, False
                return super().getLink(data[: close + 1], index)
        return super().getLink(data[: index + MAX_LINK_LENGTH], index)


# Upstream's names and priorities (markdown.inlinepatterns.build_inlinepatterns).
LINK_PATTERNS = {
    "reference": (inlinepatterns.ReferenceInlineProcessor, inlinepatterns.REFERENCE_RE, 170),
    "link": (inlinepatterns.LinkInlineProcessor, inlinepatterns.LINK_RE, 160),
    "image_link": (inlinepatterns.ImageInlineProcessor, inlinepatterns.IMAGE_LINK_RE, 150),
    "image_reference": (
        inlinepatterns.ImageReferenceInlineProcessor,
        inlinepatterns.IMAGE_REFERENCE_RE,
        140,
    ),
    "short_reference": (
        inlinepatterns.ShortReferenceInlineProcessor,
        inlinepatterns.REFERENCE_RE,
        130,
    ),
    "short_image_ref": (
        inlinepatterns.ShortImageReferenceInlineProcessor,
        inlinepatterns.IMAGE_REFERENCE_RE,
        125,
    ),
}


class BlockLimits:
    """Two limits on Python-Markdown's block parser, which otherwise runs away:

    - Nesting: every "1. " or "> " opening a line opens one more level, parsed
      by recursion; a line of 700 "1. " raised RecursionError. Below MAX_NESTING
      levels the rest is kept as the text of a paragraph.
    - Block length: a processor that finds a header, rule, definition or
      abbreviation in a block takes it and puts the rest of the block back,
      where every processor tests it again, searching all of it: n² for a
      block of n such lines (5,000 "a\\n=" lines took seconds). Blocks of more
      than MAX_BLOCK_LINES lines are parsed in pieces of that many lines: the
      rest of a longer table shows as text, a longer list starts again."""

    def __init__(self, parse_blocks):
        self.parse_blocks = parse_blocks
        self.depth = 0

    def __call__(self, parent, blocks):
        if self.depth >= MAX_NESTING:
            etree.SubElement(parent, "p").text = "\n\n".join(blocks)
            blocks.clear()
            return
        if self.depth == 0:
            blocks[:] = [piece for block in blocks for piece in split_lines(block)]
        self.depth += 1
        try:
            self.parse_blocks(parent, blocks)
        finally:
            self.depth -= 1


def split_lines(block):
    lines = block.split("\n")
    size = MAX_BLOCK_LINES
    return ["\n".join(lines[i : i + size]) for i in range(0, max(len(lines), 1), size)]


class LinearTables(TableProcessor):
    """Upstream's test, but rows are stripped only when looked at: it strips
    every row of the block, and the block is tested again after each header
    or rule found in it, n² for a block of n such lines."""

    def test(self, parent, block):
        rows = block.split("\n")
        if len(rows) < 2:
            return False
        header = rows[0].strip(" ")
        self.border = PIPE_NONE
        if header.startswith("|"):
            self.border |= PIPE_LEFT
        if self.RE_END_BORDER.search(header) is not None:
            self.border |= PIPE_RIGHT
        columns = len(self._split_row(header))
        is_table = columns > 1
        if columns == 1 and self.border:
            is_table = all(self.has_border(row.strip(" ")) for row in rows[1:])
        if is_table:
            self.separator = self._split_row(rows[1].strip(" "))
            is_table = len(self.separator) == columns and set("".join(self.separator)) <= set(
                "|:- "
            )
        return is_table

    def has_border(self, row):
        return row.startswith("|") or self.RE_END_BORDER.search(row) is not None


# Upstream's "[^([^\]]*)\]" runs on from every "[^" to the next "]": n² for a
# run of "[^". A footnote id never holds a "[" either.
FOOTNOTE_RE = r"\[\^([^\]\[]*)\]"


class BoundedMarkdown(Extension):
    """Python-Markdown with its runaway parts bounded (see the classes above)."""

    def extendMarkdown(self, md):
        for name, (processor, pattern, priority) in LINK_PATTERNS.items():
            bounded = type(f"Bounded{processor.__name__}", (BoundedLinks, processor), {})
            md.inlinePatterns.register(bounded(pattern, md), name, priority)
        tables = md.parser.blockprocessors["table"]
        md.parser.blockprocessors.register(LinearTables(md.parser, tables.config), "table", 75)
        footnotes = md.inlinePatterns["footnote"].footnotes
        md.inlinePatterns.register(FootnoteInlineProcessor(FOOTNOTE_RE, footnotes), "footnote", 175)
        md.parser.parseBlocks = BlockLimits(md.parser.parseBlocks)


class FootnoteIds(Treeprocessor):
    """Footnote ids in our own namespace: "fn-" and "fnref-", the page's prefix
    for this rationale (e.g. "c12-": two claims' rationales on one page cannot
    collide) and the footnote's number, never the label the reviewer typed.
    Every other id is dropped, whatever set it (attr_list's "{#id}"), so no
    rationale can clobber an id of the page or of another rationale."""

    def __init__(self, md, footnotes):
        super().__init__(md)
        self.footnotes = footnotes
        footnotes.makeFootnoteId = self.note_id
        footnotes.makeFootnoteRefId = self.ref_id
        self.start("")

    def start(self, prefix):
        self.prefix, self.numbers, self.issued = prefix, {}, set()

    def _issue(self, value):
        self.issued.add(value)
        return value

    def number(self, label):
        return self.numbers.setdefault(label, len(self.numbers) + 1)

    def note_id(self, label):
        return self._issue(f"fn-{self.prefix}{self.number(label)}")

    def ref_id(self, label, found=False):
        reference = f"fnref-{self.prefix}{self.number(label)}"
        return self._issue(self.footnotes.unique_ref(reference, found))

    def run(self, root):
        kept = set()
        for element in root.iter():
            value = element.get("id")
            if value is None:
                continue
            if value in self.issued and value not in kept and element.tag in ("sup", "li"):
                kept.add(value)
            else:
                del element.attrib["id"]


class SafeMarkdown(BoundedMarkdown):
    """For reviewers' Markdown: raw HTML shows as text, headings below the page's,
    footnote ids in their own namespace."""

    def extendMarkdown(self, md):
        super().extendMarkdown(md)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(DemoteHeadings(md), "demote_headings", 5)
        footnotes = md.inlinePatterns["footnote"].footnotes
        # After attr_list (8), which sets the ids a reviewer may type.
        md.treeprocessors.register(FootnoteIds(md, footnotes), "footnote_ids", 1)


def set_link_rel(attrs, new=False):
    href = attrs.get((None, "href"))
    if href is not None and not href.startswith("#"):  # not a footnote link
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


def render_markdown(text, *, max_length=MAX_MARKDOWN_LENGTH, footnote_prefix=""):
    """Markdown source -> cleaned HTML string (mark it safe only after this).
    Forms refuse longer text first; this refuses it too, so that no path can
    hand the renderer more than it was measured with.

    `footnote_prefix` ("c12-", lower-case letters and digits and a "-") keeps
    this rendering's footnote ids apart from any other on the same page."""
    text = strip_nul(text or "")
    if max_length is not None and len(text) > max_length:
        raise MarkdownTooLong(too_long_message(len(text), max_length))
    md = _converter().reset()
    md.treeprocessors["footnote_ids"].start(footnote_prefix)
    return CLEANER.clean(md.convert(text))


def claim_footnotes(claim):
    """The footnote prefix of a claim's rationale."""
    return f"c{claim.pk}-"


PREVIEW_FOOTNOTES = "preview-"


_local = threading.local()


def _converter():
    """This thread's Markdown converter: building one (its extensions and their
    patterns) costs more than converting a rationale, and one instance may not
    serve two threads at once; reset() before each use clears its state."""
    md = getattr(_local, "markdown", None)
    if md is None:
        md = markdown.Markdown(
            extensions=["extra", "sane_lists", SafeMarkdown()],
            extension_configs={"extra": {"footnotes": {"SEPARATOR": "-"}}},
            output_format="html",
        )
        _local.markdown = md
    return md


def document_html(text):
    """An uploaded Markdown document as HTML, for ingest to reduce to the text a
    reader sees (html_to_text, which handles any raw HTML in it, so it is kept).
    Not for showing: it is not cleaned. Footnotes get no back-link arrow, which
    would only be a stray character in the text."""
    md = getattr(_local, "document_markdown", None)
    if md is None:
        md = markdown.Markdown(
            extensions=["extra", "sane_lists", BoundedMarkdown()],
            extension_configs={"extra": {"footnotes": {"BACKLINK_TEXT": ""}}},
            output_format="html",
        )
        _local.document_markdown = md
    return md.reset().convert(text)


def too_long_message(length, limit):
    return f"This text has {length:,} characters; at most {limit:,} are accepted."


def preview_markdown(text):
    """HTML for a live preview: the rendering, or why there is none."""
    try:
        return render_markdown(text, footnote_prefix=PREVIEW_FOOTNOTES)
    except MarkdownTooLong as error:
        return format_html('<p class="error" role="alert">Not previewed: {}</p>', error)
