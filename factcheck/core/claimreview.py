"""Reading schema.org ClaimReview as sites publish it (no database here).

A file or a fetched page is JSON (a ClaimReview, a list, an `@graph`, a
DataFeed such as our own /api/claimreview.json) or HTML with JSON-LD in
`<script type="application/ld+json">` elements, one or many. `read()` finds
every ClaimReview in it and turns each into a `Review` of plain values, or a
`Problem` saying which record is wrong and why. Nothing is guessed: a date we
cannot read or a rating with neither a name nor a value is a problem, not a
default. The store (claimreview_import.py) decides what becomes of them."""

import hashlib
import html
import json
import re
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from . import fetch as web
from .ingest import IngestError, strip_nul
from .limits import MAX_CLAIM_LENGTH, MAX_RATIONALE_LENGTH


class FetchError(ValueError):
    """A URL could not be read; str() says why."""


@dataclass(frozen=True)
class Problem:
    where: str  # which record: "file.html · script 2 · @graph[3]"
    reason: str


@dataclass
class Review:
    """One ClaimReview, its values cleaned (entities decoded, NUL removed)."""

    where: str
    url: str
    claim: str
    rating_name: str  # reviewRating.alternateName (or a bare string)
    rating_value: float | None
    best: float | None
    worst: float | None
    publisher: str
    publisher_url: str
    published: datetime
    modified: datetime | None
    claimant: str = ""
    claimant_type: str = "Person"
    claim_date: date | None = None
    appearances: list = field(default_factory=list)  # [{"url", "headline"?, "datePublished"?}]
    summary: str = ""
    rationale: str = ""
    language: str = ""
    warnings: list = field(default_factory=list)
    key: str = ""  # set by read(): the review URL, or URL#n for a page's n-th review

    def fingerprint(self):
        """A hash of everything we store: a second import with the same one changes nothing."""
        skipped = ("where", "warnings", "key")
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in skipped}
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


class Bad(ValueError):
    """A record is unusable; str() is the reason."""


# Finding the ClaimReviews ----------------------------------------------------


class _JsonLdScripts(HTMLParser):
    """The text of each <script type="application/ld+json"> of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.scripts, self._current = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            kind = (dict(attrs).get("type") or "").split(";")[0].strip().lower()
            self._current = [] if kind == "application/ld+json" else None

    def handle_data(self, data):
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._current is not None:
            self.scripts.append("".join(self._current))
            self._current = None


def looks_like_html(text):
    return text.lstrip("\ufeff \t\r\n").startswith("<")


def documents(text, name):
    """(where, parsed JSON) for each JSON document in `text`, and the problems."""
    if not looks_like_html(text):
        try:
            return [(name, json.loads(text))], []
        except ValueError as error:
            return [], [Problem(name, f"Not valid JSON: {error}.")]
    parser = _JsonLdScripts()
    parser.feed(text)
    parser.close()
    found, problems = [], []
    for n, script in enumerate(parser.scripts, start=1):
        where = f"{name} · script {n}"
        # Some CMSs wrap the JSON in an HTML comment or CDATA, as old browsers needed.
        script = re.sub(r"^\s*(<!--|<!\[CDATA\[)|(-->|\]\]>)\s*$", "", script)
        try:
            found.append((where, json.loads(script)))
        except ValueError as error:
            problems.append(Problem(where, f"Not valid JSON: {error}."))
    if not parser.scripts:
        problems.append(Problem(name, 'No JSON-LD (<script type="application/ld+json">) found.'))
    return found, problems


def types_of(node):
    kind = node.get("@type", ())
    kinds = [kind] if isinstance(kind, str) else kind if isinstance(kind, list) else []
    return {str(k).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for k in kinds}


def claim_reviews(data, where):
    """(where, node) for every ClaimReview object in parsed JSON-LD, in document
    order: in lists, `@graph`, a DataFeed's elements (or their `item`), and
    inside other objects (a WebPage's `mainEntity`, ...)."""
    if isinstance(data, list):
        for i, item in enumerate(data):
            yield from claim_reviews(item, f"{where}[{i}]")
    elif isinstance(data, dict):
        if "ClaimReview" in types_of(data):
            yield where, data
            return
        for key, value in data.items():
            if isinstance(value, dict | list) and not key.startswith("@context"):
                yield from claim_reviews(
                    value, f"{where} · {key}" if key != "@graph" else f"{where} · @graph"
                )


# Values ----------------------------------------------------------------------


def text_of(value):
    """Plain text: entities decoded (WordPress plugins often double-encode them),
    tags dropped, whitespace collapsed, NUL removed."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = " ".join(text_of(v) for v in value)
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or ""
    text = str(value)
    for _ in range(2):
        unescaped = html.unescape(text)
        if unescaped == text:
            break
        text = unescaped
    text = re.sub(r"<[^>]*>", " ", text) if "<" in text else text
    return " ".join(strip_nul(text).split())


def http_url(value):
    """`value` if it is an absolute http(s) URL, else ""."""
    url = text_of(value)
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.netloc and len(url) <= 2000 else ""


MONTH_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%Y/%m/%d")


def moment(value, what):
    """A datetime (UTC) from the ways sites write dates; Bad when unreadable.
    Day-first or month-first numbers (03/04/2024) are refused, not guessed."""
    text = text_of(value)
    try:
        found = datetime.fromisoformat(text.replace(" ", "T", 1) if len(text) > 10 else text)
    except ValueError:
        found = None
    for pattern in MONTH_FORMATS if found is None else ():
        try:
            found = datetime.strptime(text.replace(",", ", ").replace(",  ", ", "), pattern)
            break
        except ValueError:
            pass
    if found is None and text[:3].isalpha():
        try:
            found = parsedate_to_datetime(text)  # RFC 2822, as in feeds
        except (TypeError, ValueError):
            found = None
    if found is None:
        raise Bad(f"{what} “{text[:40]}” is not a date we can read (write it as 2024-03-31).")
    if found.tzinfo is None:
        found = found.replace(tzinfo=UTC)
    return found.astimezone(UTC)


def number(value, what):
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise Bad(f"{what} is not a number.")
    try:
        found = float(str(value).strip().replace(",", "."))
    except ValueError:
        raise Bad(f"{what} “{text_of(value)[:40]}” is not a number.")
    if found != found or found in (float("inf"), float("-inf")):
        raise Bad(f"{what} is not a number.")
    return found


def first(value):
    return value[0] if isinstance(value, list) and value else value


def party(value):
    """(names, url, schema type) of an author: Organization, Person, a name or a list."""
    items = value if isinstance(value, list) else [value] if value else []
    names, url, kind = [], "", ""
    for item in items:
        if isinstance(item, dict):
            name = text_of(item.get("name") or item.get("alternateName"))
            url = url or http_url(item.get("url") or item.get("@id"))
            kind = kind or ("Organization" if "Organization" in types_of(item) else "Person")
        else:
            name = text_of(item)
        if name:
            names.append(name)
    return ", ".join(names)[:300], url, kind or "Person"


def appearances_of(item, warnings):
    """The claim's appearances, firstAppearance first: URL strings or CreativeWorks."""
    found, seen = [], set()
    for key in ("firstAppearance", "appearance"):
        values = item.get(key)
        for value in values if isinstance(values, list) else [values] if values else []:
            if isinstance(value, dict):
                url = http_url(value.get("url") or value.get("@id"))
                work = {"url": url}
                if headline := text_of(value.get("headline") or value.get("name"))[:300]:
                    work["headline"] = headline
                if value.get("datePublished"):
                    try:
                        work["datePublished"] = (
                            moment(value["datePublished"], "").date().isoformat()
                        )
                    except Bad:
                        warnings.append(
                            f"{key} date “{text_of(value['datePublished'])[:40]}” not read."
                        )
            else:
                url = http_url(value)
                work = {"url": url}
            if not url:
                warnings.append(f"{key} “{text_of(value)[:60]}” is not a web address: left out.")
            elif url not in seen:
                seen.add(url)
                found.append(work)
    return found


def rating_of(node):
    rating = first(node.get("reviewRating"))
    if isinstance(rating, str | int | float) and not isinstance(rating, bool):
        # Seen in the wild: "reviewRating": "False".
        return text_of(rating), None, None, None
    if not isinstance(rating, dict):
        raise Bad("No reviewRating.")
    name = text_of(
        rating.get("alternateName") or rating.get("name") or rating.get("ratingExplanation")
    )
    value = number(rating.get("ratingValue"), "ratingValue")
    best = number(rating.get("bestRating"), "bestRating")
    worst = number(rating.get("worstRating"), "worstRating")
    if value is not None and best is not None and worst is not None:
        if best == worst:
            raise Bad("bestRating and worstRating are the same.")
        if not min(best, worst) <= value <= max(best, worst):
            raise Bad(f"ratingValue {value:g} is outside {worst:g}–{best:g}.")
    if not name and value is None:
        raise Bad("reviewRating has neither an alternateName nor a ratingValue.")
    return name[:200], value, best, worst


def review(node, where, *, page_url=""):
    """A Review from one ClaimReview node, or Bad."""
    warnings = []
    claim = text_of(node.get("claimReviewed"))
    if not claim:
        raise Bad("No claimReviewed (the claim's words).")
    if len(claim) > MAX_CLAIM_LENGTH:
        raise Bad(f"claimReviewed is {len(claim):,} characters; the limit is {MAX_CLAIM_LENGTH:,}.")
    url = http_url(node.get("url") or node.get("@id")) or page_url
    if not url:
        raise Bad("No url (the address of the review): it links readers to the original.")
    name, value, best, worst = rating_of(node)
    publisher, publisher_url, _ = party(node.get("author") or node.get("publisher"))
    if not publisher:
        raise Bad("No author (the organisation that published the review).")
    if not node.get("datePublished") and not node.get("dateModified"):
        raise Bad("No datePublished.")
    published = moment(node.get("datePublished") or node.get("dateModified"), "datePublished")
    modified = moment(node["dateModified"], "dateModified") if node.get("dateModified") else None
    item = first(node.get("itemReviewed"))
    item = item if isinstance(item, dict) else {}
    claimant, _, claimant_type = party(item.get("author"))
    claim_date = (
        moment(item["datePublished"], "itemReviewed.datePublished").date()
        if item.get("datePublished")
        else None
    )
    body = text_of(node.get("reviewBody") or node.get("description"))
    if len(body) > MAX_RATIONALE_LENGTH:
        warnings.append(f"reviewBody shortened to {MAX_RATIONALE_LENGTH:,} characters.")
        body = body[:MAX_RATIONALE_LENGTH]
    language = node.get("inLanguage")
    language = text_of(language.get("alternateName") if isinstance(language, dict) else language)
    return Review(
        where=where,
        url=url,
        claim=claim,
        rating_name=name,
        rating_value=value,
        best=best,
        worst=worst,
        publisher=publisher,
        publisher_url=publisher_url,
        published=published,
        modified=modified if modified and modified != published else None,
        claimant=claimant,
        claimant_type=claimant_type,
        claim_date=claim_date,
        appearances=appearances_of(item, warnings),
        summary=body[:300],
        rationale=body,
        language=language.split("-")[0].lower()[:16],
        warnings=warnings,
    )


def read(text, name, *, page_url=""):
    """(reviews, problems) of one file or page. Reviews sharing a URL (a page
    that checks several claims) are told apart by their order: URL, URL#2, ...;
    the same review twice in one file is reported once as a duplicate."""
    docs, problems = documents(strip_nul(text), name)
    reviews = []
    per_url = {}
    for doc_where, data in docs:
        for where, node in claim_reviews(data, doc_where):
            label = where
            if words := text_of(node.get("claimReviewed"))[:60]:
                label = f"{where} (“{words}”)"
            try:
                found = review(node, label, page_url=page_url)
            except Bad as error:
                problems.append(Problem(label, str(error)))
                continue
            same_url = per_url.setdefault(found.url, [])
            twin = next((r for r in same_url if r.claim == found.claim), None)
            if twin is not None:
                problems.append(
                    Problem(label, f"Duplicate of {twin.where} in the same file: skipped.")
                )
                continue
            same_url.append(found)
            found.key = found.url if len(same_url) == 1 else f"{found.url}#{len(same_url)}"
            reviews.append(found)
    if not reviews and not problems:
        problems.append(Problem(name, "No ClaimReview found."))
    return reviews, problems


# Fetching --------------------------------------------------------------------

FETCH_MAX_BYTES = 50 * 1024 * 1024


# A feed of a million fact-checks in pages of 500 is 2,000 pages.
MAX_FEED_PAGES = 10_000


def fetch(url):
    """The body of `url` as text, through the SSRF-safe fetcher (core/fetch.py):
    the URL, and every address it connects to after each redirect, is checked
    (public addresses only; FACTCHECK_FETCH_ALLOW for test servers)."""
    return fetch_page(url)[0]


def fetch_page(url):
    """(text, the URL of the next page or "") of `url`, as fetch() reads it."""
    try:
        page = web.fetch(url, max_bytes=FETCH_MAX_BYTES)
    except web.FetchError as error:
        raise FetchError(f"{url}: {error}")
    try:
        text = web.decode_page(page)
    except IngestError as error:  # binary, or no encoding fits
        raise FetchError(f"{url}: {error}")
    return text, next_link(page.header("link"), page.final_url or url)


LINK = re.compile(r"<([^>]*)>((?:\s*;\s*[^;,]*)*)")


def next_link(header, base):
    """The `rel="next"` URL of a Link header (RFC 8288), resolved against
    `base`, if it stays on base's site ("" otherwise): a DataFeed read page by
    page, as our own /api/claimreview.json serves it, is not led elsewhere."""
    for target, params in LINK.findall(header or ""):
        rels = re.search(r'rel\s*=\s*"?([^";]*)"?', params, re.I)
        if rels and "next" in rels.group(1).lower().split():
            url = urljoin(base, target.strip())
            here, there = urlsplit(base), urlsplit(url)
            if (here.scheme, here.netloc) == (there.scheme, there.netloc):
                return url
    return ""


def fetch_pages(url):
    """(text, page URL) of `url` and of each page its Link headers name next,
    in order, until there is no next page (a page seen before, or
    MAX_FEED_PAGES, also ends it)."""
    seen = set()
    while url and url not in seen and len(seen) < MAX_FEED_PAGES:
        seen.add(url)
        text, following = fetch_page(url)
        yield text, url
        url = following
