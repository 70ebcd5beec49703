"""Searching claims: ranked full-text search on PostgreSQL, a simpler word
search on SQLite, both with highlighted snippets.

Callers say which fields to search and how much each weighs (`Field`), so the
public pages search published snapshots and the workspace the working fields
with the same code. PostgreSQL stems with the text search configuration of the
source's language; SQLite matches the start of each word, lightly stemmed.

On PostgreSQL the vectors are not built at query time: the database stores
them in core_claim and keeps them current (migration 0002 explains how), built
from the same fields and weights, and a search reads their GIN index."""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQueryField,
    SearchRank,
    SearchVectorField,
)
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Expression,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .ingest import strip_nul
from .paging import in_order

# Source.language codes -> PostgreSQL 15 text search configurations; any other
# language is searched without stemming.
TEXT_SEARCH_CONFIGS = {
    "ar": "arabic",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "fr": "french",
    "hi": "hindi",
    "hy": "armenian",
    "it": "italian",
    "nl": "dutch",
    "ru": "russian",
}
SIMPLE = "simple"

# The stored vectors of core_claim (PostgreSQL only, see migration 0002): the
# working fields, and the published snapshot with the quote.
WORKING_VECTOR = "search_working"
PUBLIC_VECTOR = "search_public"

# ts_headline's markers: characters no text of ours contains (NUL is stripped
# on the way in), turned into <mark> only after everything else is escaped.
START, STOP = "\x01", "\x02"
WEIGHTS = ("A", "B", "C", "D")
SNIPPET_CHARS = 220
HEADLINE = {
    "start_sel": START,
    "stop_sel": STOP,
    "max_words": 35,
    "min_words": 15,
    "max_fragments": 2,
    "fragment_delimiter": " … ",
}


@dataclass(frozen=True)
class Field:
    path: str
    weight: str = "D"


def text_search_config(language):
    return TEXT_SEARCH_CONFIGS.get((language or "").split("-")[0].lower(), SIMPLE)


def uses_full_text():
    return connection.vendor == "postgresql"


def search(claims, q, fields, *, stored):
    """`claims` matching the words of `q`, annotated with `search_rank` (higher
    is better) and, on PostgreSQL, `search_headline`; not yet ordered. `stored`
    names the vector the database keeps of these `fields` (PostgreSQL)."""
    if uses_full_text():
        return full_text(claims, q, fields, stored)
    return word_search(claims, q, fields)


# Searches count their matches up to here: "more than 1,000" says the rest, and
# pages go no further than COUNT_CAP results (narrow the search to see others).
COUNT_CAP = 1000


class Ranked:
    """The claims of `claims` matching `q`, as a Paginator's object list that
    costs a page, not the whole match: best match first (`ranked`, the rank
    first), or, when more than COUNT_CAP match, newest first (`newest`, an
    indexed order): ranking every one of thousands of matches reads each one's
    vector (a common word: 8,000 of them), and so many matches call for more
    words rather than a rank.

    The ordering reads only the claims' own table (and what the filters join),
    never the joined rows of every match; only the page's rows are read whole,
    with their headlines. The count stops at COUNT_CAP + 1."""

    def __init__(self, claims, q, fields, *, stored, ranked, newest):
        self.claims, self.q, self.fields, self.stored = claims, q, fields, stored
        self.matches = self.searched(claims.select_related(None))
        self.orders = ranked, newest

    def searched(self, claims):
        return search(claims, self.q, self.fields, stored=self.stored)

    @cached_property
    def matched(self):
        """How many match, up to COUNT_CAP + 1."""
        return self.matches.order_by().values("pk")[: COUNT_CAP + 1].count()

    def count(self):
        return self.matched

    @property
    def by_rank(self):
        return self.matched <= COUNT_CAP

    def __getitem__(self, bounds):
        ranked, newest = self.orders
        ordered = self.matches.order_by(*(ranked if self.by_rank else newest))
        ids = list(ordered.values_list("pk", flat=True)[bounds])
        return in_order(self.searched(self.claims), ids)


class CappedPaginator(Paginator):
    """Pages of at most COUNT_CAP results; `more` says the search matched more."""

    @cached_property
    def matched(self):
        return self.object_list.count()

    @cached_property
    def count(self):
        return min(self.matched, COUNT_CAP)

    @property
    def more(self):
        return self.matched > COUNT_CAP

    @property
    def cap(self):
        return f"{COUNT_CAP:,}"


class StoredColumn(Expression):
    """A column of the claims' own table that is not a model field: the stored
    vectors and their configuration (migrations 0002 and 0012)."""

    def __init__(self, column, output_field, alias=None):
        super().__init__(output_field=output_field)
        self.column, self.alias = column, alias

    def resolve_expression(self, query=None, *args, **kwargs):
        return StoredColumn(self.column, self.output_field, query.get_initial_alias())

    def relabeled_clone(self, change_map):
        return StoredColumn(self.column, self.output_field, change_map.get(self.alias, self.alias))

    def as_sql(self, compiler, connection):
        quote = compiler.quote_name
        return f"{quote(self.alias)}.{quote(self.column)}", []


def StoredVector(column):
    return StoredColumn(column, SearchVectorField())


# The text search configuration each claim's vectors were built with (its
# source's language), kept beside them by the same trigger (migration 0015_speed).
ROW_CONFIG = "search_config"


def parsed(config):
    """SQL parsing the query parameter in `config` (one of ours: written inline)."""
    assert config.isalpha(), config
    return f"websearch_to_tsquery('{config}'::regconfig, %s)"


class AnyConfigQuery(Expression):
    """`q` parsed in every configuration, OR-ed: what the index looks up. Written
    as SQL here, not as a SearchQuery a configuration: Django resolving and
    compiling their expressions, four times a search, was a third of a
    search's time in Python."""

    output_field = SearchQueryField()

    def __init__(self, q):
        super().__init__()
        self.q = q

    def as_sql(self, compiler, connection):
        return f"({' || '.join(parsed(config) for config in CONFIGS)})", [self.q] * len(CONFIGS)


class RowQuery(Expression):
    """`q` parsed in the row's own configuration: a CASE on the row's stored
    configuration whose every branch is a constant the planner parses once,
    not a parse (and a probe of the row's source) for each matching row."""

    output_field = SearchQueryField()

    def __init__(self, q, alias=None):
        super().__init__()
        self.q, self.alias = q, alias

    def resolve_expression(self, query=None, *args, **kwargs):
        return RowQuery(self.q, query.get_initial_alias())

    def relabeled_clone(self, change_map):
        return RowQuery(self.q, change_map.get(self.alias, self.alias))

    def as_sql(self, compiler, connection):
        column = f"{compiler.quote_name(self.alias)}.{compiler.quote_name(ROW_CONFIG)}"
        *named, otherwise = CONFIGS  # CONFIGS ends with SIMPLE
        whens = " ".join(f"WHEN '{config}'::regconfig THEN {parsed(config)}" for config in named)
        return f"(CASE {column} {whens} ELSE {parsed(otherwise)} END)", [self.q] * len(CONFIGS)


def full_text(claims, q, fields, stored):
    """Each row matches, ranks and is highlighted with `q` parsed in its own
    configuration (RowQuery). That query depends on the row, so the index
    cannot look it up: it looks up `q` parsed in every configuration (OR),
    which finds every row the row's own query finds, and a few more that the
    row's own query then drops."""
    config = StoredColumn(ROW_CONFIG, TextField())
    query = RowQuery(q)
    document = Concat(*joined(fields), output_field=TextField())
    claims = claims.alias(search_vector=StoredVector(stored)).filter(
        Matches(F("search_vector"), AnyConfigQuery(q)), Matches(F("search_vector"), query)
    )
    return claims.annotate(
        search_rank=SearchRank(F("search_vector"), query),
        search_headline=SearchHeadline(document, query, config=config, **HEADLINE),
    )


CONFIGS = (*dict.fromkeys(TEXT_SEARCH_CONFIGS.values()), SIMPLE)


class Matches(Func):
    """`vector @@ query` (the lookup would parse a query expression again)."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def text_of(field):
    return Coalesce(F(field.path), Value(""), output_field=TextField())


def joined(fields):
    parts = []
    for field in fields:
        if parts:
            parts.append(Value(" — "))
        parts.append(text_of(field))
    return parts


SUFFIXES = ("ies", "es", "s", "ing", "ed")


def prefix(word):
    """`word` without a common English ending, so it still starts every form
    of the word ("widths" -> "width", "studies" -> "stud")."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def words(q):
    """The words of a query, as SQLite matches them: lightly stemmed prefixes."""
    return [prefix(word) for word in re.findall(r"\w+", q.lower())][:10]


def word_search(claims, q, fields):
    terms = words(q)
    if not terms:
        return claims.none()
    for term in terms:
        claims = claims.filter(
            Q.create([(f"{f.path}__icontains", term) for f in fields], connector=Q.OR)
        )
    weight = {"A": 1.0, "B": 0.4, "C": 0.2, "D": 0.1}
    rank = sum(
        (
            Case(
                When(**{f"{f.path}__icontains": term}, then=Value(weight[f.weight])),
                default=Value(0.0),
            )
            for term in terms
            for f in fields
        ),
        Value(0.0),
    )
    return claims.annotate(search_rank=ExpressionWrapper(rank, output_field=FloatField()))


def add_snippets(claims, q, texts):
    """Set `claim.snippet` (safe HTML, matches in <mark>) on each claim of a page.
    `texts(claim)` gives the searched fields' values in order, for SQLite."""
    for claim in claims:
        headline = getattr(claim, "search_headline", None)
        if headline is not None:
            claim.snippet = highlighted(headline)
        else:
            claim.snippet = excerpt(" — ".join(t for t in texts(claim) if t), words(q))


def highlighted(headline):
    """ts_headline's text, escaped, with only our own markers made into <mark>."""
    text = escape(strip_nul(headline))
    return mark_safe(text.replace(START, "<mark>").replace(STOP, "</mark>"))


def excerpt(text, terms, size=SNIPPET_CHARS):
    """A window of `text` around the first match of `terms`, escaped, with every
    word starting with a term in <mark>."""
    text = text.replace(START, "").replace(STOP, "")
    if not terms:
        return mark_safe(escape(text[:size]))
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")\w*", re.IGNORECASE)
    first = pattern.search(text)
    begin = max(0, (first.start() if first else 0) - size // 3)
    if begin:  # start and end on whole words
        space = text.find(" ", begin, first.start() if first else begin + 20)
        begin = space + 1 if space >= 0 else begin
    end = begin + size
    if end < len(text) and text.rfind(" ", begin, end) > begin + size // 2:
        end = text.rfind(" ", begin, end)
    window = text[begin:end]
    pieces, last = [], 0
    for match in pattern.finditer(window):
        pieces.append(escape(window[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    pieces.append(escape(window[last:]))
    prefix = "… " if begin else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)
