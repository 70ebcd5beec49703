"""Turn pasted text and uploaded .txt/.md/.html files into normalised plain text.

The stored text is the reference for every character offset elsewhere, so all
input goes through `normalise`, and the result is stable: normalising it again
changes nothing. Pure Python on purpose (no Django), so it can be tested and
reused without settings.
"""

import codecs
import re
import unicodedata
from typing import NamedTuple

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString
from bs4.exceptions import ParserRejectedMarkup
from charset_normalizer import from_bytes


def strip_nul(value):
    """`value` without NUL characters (databases refuse them in text); other values as they are."""
    return value.replace("\x00", "") if isinstance(value, str) else value


class IngestError(ValueError):
    """Bad input; str(err) is a clear message for the user (shown in forms and CLI)."""


DEFAULT_MAX_BYTES = 5 * 1024 * 1024
ALLOWED_EXTENSIONS = (".txt", ".md", ".html", ".htm")
HTML_EXTENSIONS = (".html", ".htm")
MARKDOWN_EXTENSIONS = (".md",)

# A file is binary when more than this share of its bytes are control bytes
# that text never uses. Stray NULs in a long text are stripped instead; random
# bytes are about 11% control bytes, so they stay well above the threshold.
BINARY_CONTROL_SHARE = 0.05

MSG_EMPTY_FILE = "The file is empty."
MSG_EMPTY_TEXT = "The text is empty or only whitespace."
MSG_NO_TEXT_IN_FILE = "The file has no text in it: it is empty or only whitespace."
MSG_BINARY = "The file is not text: it looks like a binary file."
MSG_IMAGE = "The file is not text: it looks like an image."
MSG_PDF = "PDF files are not supported; paste the text or save it as .txt."
MSG_OFFICE = "Word and other office documents are not supported; paste the text or save it as .txt."
MSG_RTF = "RTF files are not supported; paste the text or save it as .txt."
MSG_ZIP = "Compressed (ZIP) files are not supported; upload a single .txt, .md or .html file."
MSG_ENCODING = "The file's encoding could not be recognised. Save it as UTF-8 and try again."
MSG_BAD_HTML = "The HTML file could not be read. Save the page as plain text (.txt) and try again."

# --- normalise -------------------------------------------------------------

# Everything that ends a line becomes "\n". VT, FF and NEL are line breaks
# too: dropping them like other controls would fuse the words around them.
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
# Control characters (category Cc) other than "\t" and "\n", plus the BOM,
# which is invisible but would shift offsets wherever it sits.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")
# Lone surrogates cannot be stored as UTF-8: show that something was there.
_SURROGATES = re.compile("[\ud800-\udfff]")
_BLANK_LINES = re.compile("\n{3,}")
# Any character one of the three patterns above would replace. One scan for a
# character class is several times faster than the three substitutions, and
# most texts (and every text normalised before) have none of them.
_TO_REPLACE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\u2028\u2029\ud800-\udfff]")


def normalise(text: str) -> str:
    """NFC, "\\n" line ends, no control characters except tab, no trailing
    spaces on lines, at most one blank line in a row, stripped. Idempotent.

    It runs on every text two or three times (request, worker, storing), so
    each step is skipped when a cheap test shows it would change nothing."""
    if _TO_REPLACE.search(text):
        text = _LINE_BREAKS.sub("\n", text)
        text = _CONTROLS.sub("", text)
        text = _SURROGATES.sub("\ufffd", text)
    ascii_only = text.isascii()
    if not ascii_only:
        # After removing controls, so marks they separated compose with their base.
        text = unicodedata.normalize("NFC", text)
    # Without controls, the only white space ASCII has besides "\n" is " " and "\t".
    if not ascii_only or " \n" in text or "\t\n" in text:
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


# --- decode_bytes ----------------------------------------------------------

# Longest first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

_MAGIC = (
    (b"%PDF-", MSG_PDF),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", MSG_OFFICE),  # OLE2: .doc, .xls, .ppt
    (b"{\\rtf", MSG_RTF),
    (b"\x89PNG\r\n\x1a\n", MSG_IMAGE),
    (b"\xff\xd8\xff", MSG_IMAGE),  # JPEG
    (b"GIF87a", MSG_IMAGE),
    (b"GIF89a", MSG_IMAGE),
    (b"\x1f\x8b", MSG_BINARY),  # gzip
)
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# Names that only office documents put in their ZIP directory.
_OFFICE_ZIP_MARKERS = (b"word/", b"xl/", b"ppt/", b"opendocument")

# C0 controls that text never contains. Tab, LF, VT, FF, CR are text, and so is
# ESC, which coloured terminal logs are full of.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_CONTROL_CHARS = dict.fromkeys(_CONTROL_BYTES)


def decode_bytes(data: bytes) -> str:
    """Decode uploaded bytes to str. Raises IngestError for binary files and
    undecodable ones. The result is not normalised yet."""
    return decode_guess(data)[0]


def decode_guess(data: bytes) -> tuple[str, str | None]:
    """(text, encoding) where the encoding had to be guessed: the name to tell
    the user, who can re-upload the file as UTF-8 if it reads wrongly. None
    when the bytes say what they are (UTF-8, or a BOM)."""
    _refuse_known_binary(data)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _refuse_if_binary(_decode_strict(data[len(bom) :], encoding)), None
    if _control_share(data.translate(None, _CONTROL_BYTES), len(data)) > BINARY_CONTROL_SHARE:
        raise IngestError(MSG_BINARY)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        return _detect_on_sample(data)


def _refuse_known_binary(data: bytes) -> None:
    for magic, message in _MAGIC:
        if data.startswith(magic):
            raise IngestError(message)
    if data.startswith(_ZIP_MAGIC):
        office = any(marker in data for marker in _OFFICE_ZIP_MARKERS)
        raise IngestError(MSG_OFFICE if office else MSG_ZIP)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        raise IngestError(MSG_IMAGE)


def _control_share(without_controls: bytes | str, total: int) -> float:
    return (total - len(without_controls)) / total if total else 0.0


def _refuse_if_binary(text: str) -> str:
    if _control_share(text.translate(_CONTROL_CHARS), len(text)) > BINARY_CONTROL_SHARE:
        raise IngestError(MSG_BINARY)
    return text


def _decode_strict(data: bytes, encoding: str) -> str:
    # The BOM names the encoding; if the bytes then do not fit, guessing
    # another encoding would only produce garbage.
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise IngestError(MSG_ENCODING) from None


# charset-normalizer takes about 0.1 s per MB, and the cp1252 check below as
# long: a large text is judged by a sample of it, from the line of its first
# non-ASCII byte on, then decoded whole with the encoding found there (or, if
# the rest of it does not fit that encoding, judged whole after all). Smaller
# texts are judged whole, as before.
DETECTION_SAMPLE_BYTES = 128 * 1024
# With this few non-ASCII bytes a statistical detector has no evidence to go
# on: "Düsseldorf" in one short Latin-1 sentence came out as Baltic "D³sseldorf",
# "Bogotá" as "Bogotį". cp1252 (what browsers assume) is then the better guess,
# if it reads like Western text.
FEW_NON_ASCII_BYTES = 8
CP1252_NAME = "Windows-1252 (Western European)"
_NON_ASCII = re.compile(rb"[\x80-\xff]")


def _detect_on_sample(data: bytes) -> tuple[str, str]:
    first = _NON_ASCII.search(data)
    if len(data) <= DETECTION_SAMPLE_BYTES or first is None:
        return _detect_and_decode(data)
    start = data.rfind(b"\n", 0, first.start()) + 1
    end = min(len(data), start + DETECTION_SAMPLE_BYTES)
    if end < len(data) and (cut := data.rfind(b"\n", start, end)) > start:
        end = cut  # whole lines: a multi-byte character is never cut in two
    try:
        return _detect_and_decode(data[start:end], whole=data)
    except (IngestError, UnicodeDecodeError, LookupError):
        return _detect_and_decode(data)


def _detect_and_decode(data: bytes, whole: bytes | None = None) -> tuple[str, str]:
    """Decode bytes that are not UTF-8 with the charset charset-normalizer finds
    (in `data`; `whole`, if given, is what to decode with it), and its name.

    Its first choice is unreliable for short Western texts: "très" in Latin-1
    comes out as cp1250 "trčs", and "“Café”" in cp1252 as Chinese. So cp1252, the
    usual legacy encoding for such text (browsers assume it too), wins when the
    text has only a few non-ASCII bytes, when it is among the best guesses, or
    when no guess recognised a language, as long as the text reads like Western
    text in cp1252.
    UTF-16/32 guesses are ignored: without a BOM they are garbage, as NUL-free
    UTF-16 text is rare and NUL-heavy files were refused as binary already.
    """
    western = _cp1252_text(data)
    if western is not None and len(_NON_ASCII.findall(data)) <= FEW_NON_ASCII_BYTES:
        return (western if whole is None else whole.decode("cp1252")), CP1252_NAME
    matches = [m for m in from_bytes(data) if not m.encoding.startswith(("utf_16", "utf_32"))]
    # The guesses as good as the first; keep charset-normalizer's order, as it
    # weighs more than these two scores.
    tied = [m for m in matches if _match_quality(m) == _match_quality(matches[0])]
    if western is not None:
        cp1252_tied = any("cp1252" in m.could_be_from_charset for m in tied)
        if cp1252_tied or not any(m.percent_coherence for m in tied):
            return (western if whole is None else whole.decode("cp1252")), CP1252_NAME
    else:
        # Prefer the guesses that do not amount to cp1252, which reads badly.
        tied.sort(key=lambda m: "cp1252" in m.could_be_from_charset)
    if not tied:
        raise IngestError(MSG_ENCODING)
    if whole is not None:
        return whole.decode(tied[0].encoding), _encoding_label(tied[0].encoding)
    try:
        return str(tied[0]), _encoding_label(tied[0].encoding)
    except (UnicodeDecodeError, LookupError):
        raise IngestError(MSG_ENCODING) from None


def _encoding_label(name: str) -> str:
    """The name users know an encoding by (what editors offer in "Save as"):
    Python's "cp1251" is "Windows-1251", "iso8859_2" is "ISO-8859-2"."""
    name = codecs.lookup(name).name
    if name == "cp1252":
        return CP1252_NAME
    if re.fullmatch(r"cp125\d", name):
        return f"Windows-{name[2:]}"
    return name.upper().replace("_", "-").replace("ISO8859", "ISO-8859")


def _match_quality(match) -> tuple[float, float]:
    return (match.percent_chaos, -match.percent_coherence)


# Decoded as cp1252, text in another encoding shows runs of accented letters
# ("Ïðèâåò" is Russian) or symbols inside words ("d³uga" is Polish). Western
# words have at most three accented letters in a row (French "créées").
_CP1252_LETTERS = "À-ÖØ-öø-ÿŠšŒœŽžŸ"
_CP1252_SYMBOLS = "¡¢£¤¥¦§¨©«¬®¯°±²³´¶¸¹»¼½¾¿×÷†‡ˆ‰‹›˜"
_UNLIKELY_IN_CP1252 = re.compile(
    f"[{_CP1252_LETTERS}]{{4,}}"
    f"|[A-Za-z{_CP1252_LETTERS}][{_CP1252_SYMBOLS}][A-Za-z{_CP1252_LETTERS}]"
)


def _cp1252_text(data: bytes) -> str | None:
    """data decoded as cp1252, or None if it does not decode or does not
    read like Western text."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    return None if _UNLIKELY_IN_CP1252.search(text) else text


# --- html_to_text ----------------------------------------------------------

# Elements whose content a reader does not see as part of the page text.
# <head> itself is not dropped: with html.parser an unclosed <head> would
# swallow the body; its only text-bearing children are listed here instead.
_DROPPED = frozenset(
    "script style template noscript iframe object embed svg canvas title "
    "audio video select datalist textarea rt rp".split()
)
# Blocks separated from their surroundings by a blank line (a paragraph break).
_PARAGRAPH_BLOCKS = frozenset(
    "p h1 h2 h3 h4 h5 h6 blockquote pre listing xmp plaintext section article "
    "header footer nav aside main address figure table ul ol dl menu dir hr "
    "form fieldset details dialog hgroup center search".split()
)
# Blocks that start on a new line without a blank line before them.
_LINE_BLOCKS = frozenset(
    "html body div li dt dd tr caption figcaption summary legend thead tbody tfoot option".split()
)
_LISTS = frozenset("ul ol dl menu dir".split())
_PREFORMATTED = frozenset("pre listing xmp plaintext".split())
_CELLS = frozenset(("td", "th"))
# HTML whitespace (not NBSP, which browsers keep).
_HTML_SPACE = re.compile("[ \t\n\r\f]+")
_COMMENT_CLOSE = re.compile(r"--\s*>")
_EMPTY_COMMENT = re.compile("<!--->|<!-->")


def html_to_text(html: str) -> str:
    """The text a reader sees in an HTML document, with block elements on
    their own lines and paragraphs separated by a blank line. Normalised."""
    builder = _TextBuilder()
    stack: list[tuple[object, bool]] = [(_parse_html(html), False)]
    # Iterative walk: deeply nested markup must not hit the recursion limit.
    while stack:
        node, leaving = stack.pop()
        if leaving:
            builder.leave(node.name)
        elif isinstance(node, Tag):
            if node.name in _DROPPED or node.has_attr("hidden"):
                continue
            builder.enter(node.name)
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.contents))
        elif isinstance(node, NavigableString) and not isinstance(node, PreformattedString):
            # PreformattedString covers comments, doctypes, CDATA and the like.
            builder.text(str(node))
    return normalise(builder.result())


def html_main_text(html: str) -> str:
    """An HTML page's main text without its navigation, sidebars and footer
    (trafilatura, core/extract.py); all its text (html_to_text) when no main
    text is found, as in a fragment with no page around it."""
    from .extract import main_text

    found = main_text(html)
    return found.text if found else html_to_text(html)


def _parse_html(html: str) -> BeautifulSoup:
    """Parse with html.parser rather than html5lib: html5lib takes time
    quadratic in the nesting depth (15 KB of unclosed <b> tags took 48 s),
    which old pages with unclosed <font> tags reach by accident."""
    try:
        # The trailing newline is insignificant, and stops bs4 from warning
        # that a short markup-free text "looks like a URL or a file name".
        return BeautifulSoup(_defuse_markup(html) + "\n", "html.parser")
    except ParserRejectedMarkup:
        raise IngestError(MSG_BAD_HTML) from None


def _defuse_markup(html: str) -> str:
    """Rewrite constructs that browsers treat simply but that html.parser
    handles badly: it rejects some "<![" sections outright, and (Python
    3.13.0, CVE-2025-6069) rescans the rest of the document for every
    unterminated construct, which makes crafted files take minutes."""
    # Browsers parse "<![...>" outside SVG/MathML as a comment ending at the
    # first ">"; html.parser does the same for "<!_[...>".
    html = html.replace("<![", "<!_[")
    # "<!-->" and "<!--->" are empty comments; html.parser would see the start
    # of a comment and look for its end further on.
    html = _EMPTY_COMMENT.sub("<!-- -->", html)
    # An unterminated comment runs to the end of the document.
    closes = [m.start() for m in _COMMENT_CLOSE.finditer(html)]
    unterminated = html.find("<!--", closes[-1] - 3 if closes else 0)
    if unterminated >= 0:
        html = html[:unterminated]
    # No tag can end after the last ">", so what follows it is text.
    last_gt = html.rfind(">")
    return html[: last_gt + 1] + html[last_gt + 1 :].replace("<", "&lt;")


class _TextBuilder:
    """Collects text the way a browser lays it out: blocks ask for line
    breaks, which are only written once more text follows, so empty elements
    and document edges add none, and adjacent blocks share their breaks."""

    def __init__(self):
        self.parts: list[str] = []
        self.pending_breaks = 0  # newlines owed before the next text
        self.cell_gap = False  # a table cell started or ended: separate it with a tab
        self.at_line_start = True
        self.after_space = False
        self.pre_depth = 0
        self.pre_fresh = False  # just inside <pre>, where one leading newline is ignored
        self.list_item_depth = 0

    def enter(self, name: str) -> None:
        self._block_edge(name)
        if name == "br":
            self.pending_breaks += 1
        elif name in _CELLS:
            self.cell_gap = True
        elif name == "li":
            self.list_item_depth += 1
        if name in _PREFORMATTED:
            self.pre_depth += 1
            self.pre_fresh = True

    def leave(self, name: str) -> None:
        if name == "li":
            self.list_item_depth -= 1
        elif name in _PREFORMATTED:
            self.pre_depth -= 1
        elif name in _CELLS:
            self.cell_gap = True
        self._block_edge(name)

    def _block_edge(self, name: str) -> None:
        # A list nested in a list item continues the list: no blank line.
        nested_list = name in _LISTS and self.list_item_depth > 0
        if name in _PARAGRAPH_BLOCKS and not nested_list:
            self.pending_breaks = max(self.pending_breaks, 2)
        elif name in _LINE_BLOCKS or nested_list:
            self.pending_breaks = max(self.pending_breaks, 1)

    def text(self, text: str) -> None:
        if self.pre_depth:
            self._preformatted(text)
            return
        text = _HTML_SPACE.sub(" ", text)
        if text.strip(" "):
            self._flush_separators()
            if self.at_line_start or self.after_space:
                text = text.lstrip(" ")
            self._emit(text)
        elif text and not (
            self.at_line_start or self.after_space or self.pending_breaks or self.cell_gap
        ):
            # Whitespace between inline elements separates words.
            self._emit(" ")

    def _preformatted(self, text: str) -> None:
        if self.pre_fresh and text.startswith("\n"):
            text = text[1:]
        self.pre_fresh = False
        if text:
            self._flush_separators()
            self._emit(text)
            self.at_line_start = text.endswith("\n")

    def _flush_separators(self) -> None:
        if self.pending_breaks and self.parts:
            self.parts.append("\n" * self.pending_breaks)
            self.at_line_start = True
        elif self.cell_gap and not self.at_line_start:
            # Whitespace between cells is layout, not a word separator.
            self.parts[-1] = self.parts[-1].rstrip(" ")
            self.parts.append("\t")
            self.after_space = True
        self.pending_breaks = 0
        self.cell_gap = False

    def _emit(self, text: str) -> None:
        self.parts.append(text)
        self.at_line_start = False
        self.after_space = text.endswith(" ")

    def result(self) -> str:
        return "".join(self.parts)


def markdown_to_text(markdown: str) -> str:
    """The text a reader of a Markdown document sees (headings, emphasis, links
    and lists rendered), with its paragraphs: Markdown to HTML, then the HTML
    path. Normalised."""
    # markup imports this module (strip_nul); it is pure Python too.
    from .markup import document_html

    text = html_to_text(document_html(strip_nul(normalise(markdown))))
    if not text:
        raise IngestError(MSG_NO_TEXT_IN_FILE)
    return text


# --- entry points ----------------------------------------------------------


class Upload(NamedTuple):
    text: str  # normalised; for Markdown the source, see `markdown`
    encoding: str | None  # the encoding guessed (see decode_guess), or None
    markdown: bool  # a Markdown document: store markdown_to_text(text)


def read_upload(filename: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Upload:
    """An uploaded file's normalised text, the encoding it was read with if
    that was a guess, and whether it is Markdown still to be reduced to text
    (slow for a large document: the request leaves it to the worker).
    IngestError says what is wrong."""
    extension = _extension(filename)
    if extension not in ALLOWED_EXTENSIONS:
        raise IngestError(_extension_message(extension))
    _check_size("file", len(data), max_bytes)
    if not data:
        raise IngestError(MSG_EMPTY_FILE)
    text, encoding = decode_guess(data)
    text = html_main_text(text) if extension in HTML_EXTENSIONS else normalise(text)
    if not text:
        raise IngestError(MSG_NO_TEXT_IN_FILE)
    return Upload(text, encoding, extension in MARKDOWN_EXTENSIONS)


def text_from_upload(filename: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Normalised text of an uploaded file, as stored; IngestError says what is wrong."""
    upload = read_upload(filename, data, max_bytes=max_bytes)
    return markdown_to_text(upload.text) if upload.markdown else upload.text


def text_from_paste(text: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Normalised pasted text; IngestError says what is wrong."""
    _check_size("text", len(text.encode("utf-8", "surrogatepass")), max_bytes)
    text = normalise(text)
    if not text:
        raise IngestError(MSG_EMPTY_TEXT)
    return text


def _extension(filename: str) -> str:
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip().rstrip(".")
    stem, dot, extension = name.rpartition(".")
    return f".{extension.lower()}" if dot else ""


_EXTENSION_HINTS = {
    ".pdf": MSG_PDF,
    ".doc": MSG_OFFICE,
    ".docx": MSG_OFFICE,
    ".odt": MSG_OFFICE,
    ".rtf": MSG_RTF,
}


def _extension_message(extension: str) -> str:
    if extension in _EXTENSION_HINTS:
        return _EXTENSION_HINTS[extension]
    allowed = "Upload a .txt, .md, .html or .htm file, or paste the text."
    if not extension:
        return f"The file name has no extension, so its type is unknown. {allowed}"
    return f'Files of type "{extension}" are not supported. {allowed}'


def _check_size(what: str, size: int, max_bytes: int) -> None:
    if size <= max_bytes:
        return
    actual, limit = _format_size(size), _format_size(max_bytes)
    if actual == limit:
        # Rounding would print "5 MB; the limit is 5 MB". Callers may also
        # pass only the first max_bytes + 1 bytes, so the size is a lower bound.
        raise IngestError(f"The {what} is larger than the {limit} limit.")
    raise IngestError(f"The {what} is {actual}; the limit is {limit}.")


def _format_size(size: int) -> str:
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes" if size != 1 else "1 byte"
