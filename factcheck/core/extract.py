"""The main text of a web page and its metadata, with trafilatura (no network,
no database). Navigation, sidebars, comments, cookie banners and footers are
left out; what is left is the article a fact-checker came for."""

import re
from dataclasses import dataclass
from datetime import date

from pysbd.languages import LANGUAGE_CODES

from .ingest import normalise

_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.I)


@dataclass(frozen=True)
class Extracted:
    text: str  # paragraphs separated by a blank line, normalised
    title: str = ""
    author: str = ""
    published_on: date | None = None
    site_name: str = ""
    language: str = ""  # one of ours (pySBD's), or "" when unknown

    def as_fields(self):
        """Source fields, for the new-source form and the task."""
        return {
            "title": self.title,
            "byline": self.author,
            "published_on": self.published_on,
            "site_name": self.site_name,
            "language": self.language,
        }


def main_text(html, *, url=None):
    """Extracted, or None when the page has no main text trafilatura can find."""
    import trafilatura  # about 0.3 s to import: only when a page is read

    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        deduplicate=False,
    )
    if document is None or not (document.text or "").strip():
        return None
    tree = _tree(html)
    if _only_links(document.text, tree):
        return None
    # trafilatura puts each block on a line; a blank line is our paragraph break.
    blocks = [line.strip() for line in document.text.splitlines() if line.strip()]
    headline = _headline(tree, document.title or "")
    if headline and headline not in document.text:
        # trafilatura sometimes takes the headline as the title only; a headline
        # is often the very claim to check, so the text keeps it.
        blocks.insert(0, headline)
    return Extracted(
        text=normalise("\n\n".join(blocks)),
        title=(document.title or "")[:300],
        author=(document.author or "")[:300],
        published_on=_date(document.date),
        site_name=(document.sitename or "")[:200],
        language=_language(document.language, html),
    )


_WORD = re.compile(r"\w+")


def _tree(html):
    import lxml.html

    try:
        return lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None


def _only_links(text, tree):
    """Whether the text found is (nearly) all link words: trafilatura falls back
    to the whole body when it finds no article, which on a page of menus is the
    menus. That is no main text."""
    words = _WORD.findall(text.lower())
    if len(words) > 200 or tree is None:
        return False  # far more than menus
    linked = set()
    for link in tree.iterfind(".//a"):
        linked.update(_WORD.findall(link.text_content().lower()))
    return sum(word in linked for word in words) >= 0.9 * len(words)


def _headline(tree, title):
    """The page's <h1> that is its title (not a logo or a section name), if any."""
    if not title or tree is None:
        return ""
    for heading in tree.iterfind(".//h1"):
        text = " ".join(heading.text_content().split())
        if text and (text in title or title in text):
            return text
    return ""


def _date(value):
    try:
        return date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def _language(found, html):
    match = _HTML_LANG.search(html[:20000])
    for code in (found, match and match.group(1)):
        code = (code or "").lower()[:2]
        if code in LANGUAGE_CODES:
            return code
    return ""
