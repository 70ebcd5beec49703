"""Claims that say the same thing, across every source, and the "already
checked" link from a new appearance to an earlier fact-check.

Candidates come from the database by the claim's words, at most CANDIDATES
of them; the Python scorer in matching.py then decides and ranks, so both
engines give the same answers. On SQLite (the small first-run default) they are
case-insensitive substring matches. On PostgreSQL they come from the stored,
GIN-indexed tsvector of the claims' texts (migration 0002), looked up by the
claim's rarest words only, so the work is bounded whatever the archive's size:
PostgreSQL's own statistics of that column (ANALYZE's most common lexemes) tell
how many claims hold each word, and words held by a few claims are looked up
alone while common ones ("minister") only count in pairs, and the rows read of
each are capped (MATCHED, PAIRED) before they are ranked."""

import re
from dataclasses import dataclass
from itertools import combinations

from django.db import connection, transaction
from django.db.models import Case, F, Q, Value, When

from . import audit, matching, semantic
from .blind import hidden_flag
from .models import Claim, ClaimStatus
from .search import SIMPLE, TEXT_SEARCH_CONFIGS, WORKING_VECTOR, prefix

CANDIDATES = 300
SHOWN = 8
# Claims read from the vectors' side, whatever words they share.
NEAREST = 20
# PostgreSQL: claims a lookup may read (estimated from the statistics), then
# hard caps on the rows the index finds by rare words and by pairs of common
# ones (all ranked in Python), and how many of the rarest words are looked up.
LOOKUP_ROWS = 1500
MATCHED, PAIRED = 2000, 500
LOOKUP_WORDS = 6
CONFIGS = sorted({*TEXT_SEARCH_CONFIGS.values(), SIMPLE})


@dataclass(frozen=True)
class Similar:
    claim: Claim
    score: float
    reason: matching.Reason = matching.Reason.WORDS

    @property
    def is_public(self):
        return self.claim.published_verdict_id is not None and (
            self.claim.status != ClaimStatus.RETRACTED
        )


def search_words(text):
    """The words worth looking for: not stop words, at least four letters."""
    words = {
        prefix(word)
        for word in re.findall(r"\w+", text.lower())
        if len(word) >= 4 and word not in matching.STOP_WORDS
    }
    return sorted(words, key=len, reverse=True)[:12]


def candidates(text, exclude=None):
    """(pk, text) of the claims that share a word with `text`: plain rows, as
    only the few shown are worth model instances."""
    if connection.vendor == "postgresql":
        return full_text_candidates(text, exclude)
    words = search_words(text)
    if not words:
        return []
    claims = Claim.objects.filter(Q.create([("text__icontains", w) for w in words], connector=Q.OR))
    if exclude is not None:
        claims = claims.exclude(pk=exclude)
    # The same words first, then the claims that share most of them: by
    # recency alone, a claim saying the very same thing fell out of the
    # window once more than CANDIDATES newer ones shared a word with it.
    shared = sum(
        (Case(When(text__icontains=w, then=Value(1)), default=Value(0)) for w in words),
        start=Case(When(text__iexact=text, then=Value(len(words) + 1)), default=Value(0)),
    )
    claims = claims.annotate(shared=shared).order_by("-shared", "-updated_at")
    return list(claims.values_list("pk", "text")[:CANDIDATES])


def full_text_candidates(text, exclude=None):
    """PostgreSQL: the claims whose text holds the rarest of `text`'s words
    (two queries: the words' lexemes and how common they are, then the
    candidates). A paraphrase shares most of a claim's words, so it
    holds one of its rarest, or two of its common ones."""
    lexemes, frequency, claims = word_lexemes(plain_words(text))
    if not lexemes:
        return []
    rarity = sorted(lexemes, key=lambda word: (word_share(lexemes[word], frequency), word))
    rare, common, rows = [], [], 0.0
    for word in rarity[:LOOKUP_WORDS]:
        estimate = word_share(lexemes[word], frequency) * claims
        if not common and rows + estimate <= LOOKUP_ROWS:
            rare.append(word)
            rows += estimate
        else:
            common.append(word)
    # Each rare word alone, and the others in pairs (a word in one claim out of
    # four, looked up alone, would read a quarter of the archive), each with
    # its own cap: claims holding the common pairs never crowd out the others.
    # A paraphrase shares two words or more with a claim of two or more: a
    # rare word then counts with any other looked up (a year alone is in many).
    looked_up = rare + common
    alone = " | ".join(
        f"({term(lexemes[word])})"
        + (
            f" & ({term([x for w in looked_up if w != word for x in lexemes[w]])})"
            if len(looked_up) > 1
            else ""
        )
        for word in rare or rarity[:1]
    )
    pairs = " | ".join(
        f"(({term(lexemes[a])}) & ({term(lexemes[b])}))" for a, b in combinations(common, 2)
    )
    lookup = f"SELECT id, text FROM core_claim WHERE {WORKING_VECTOR} @@ %s::tsquery AND id <> %s"
    sql, params = f"({lookup} LIMIT %s)", [alone, exclude or 0, MATCHED]
    if pairs:
        sql += f" UNION ALL ({lookup} LIMIT %s)"
        params += [pairs, exclude or 0, PAIRED]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(dict(cursor.fetchall()).items())


def plain_words(text):
    """The words of `text` worth looking for, as written (not stop words, at
    least three letters or a number), at most a dozen, longest first."""
    words = {
        word
        for word in re.findall(r"\w+", text.lower())
        if (len(word) >= 3 or word.isdigit()) and word not in matching.STOP_WORDS
    }
    return sorted(words, key=lambda w: (-len(w), w))[:12]


def word_lexemes(words):
    """({word: its lexemes in every text search configuration, as the stored
    vectors hold them: a claim is stemmed in its source's language},
    {lexeme: the share of claims holding it, None: the least share listed},
    the number of claims), in one query: the shares are PostgreSQL's statistics
    of the stored vectors (ANALYZE's most common lexemes, kept current by
    autovacuum); with none yet (a new database), every word counts as rare."""
    if not words:
        return {}, {}, 0.0
    with connection.cursor() as cursor:
        cursor.execute(
            f"""WITH lexemes AS (
                SELECT DISTINCT word, lexeme
                FROM unnest(%s::text[]) AS word, unnest(%s::regconfig[]) AS config,
                    unnest(tsvector_to_array(to_tsvector(config, word))) AS lexeme
            ), statistics AS MATERIALIZED (
                SELECT most_common_elems::text::text[] AS lexemes,
                    most_common_elem_freqs AS shares
                FROM pg_stats WHERE schemaname = current_schema()
                    AND tablename = 'core_claim' AND attname = '{WORKING_VECTOR}'
            ), listed AS (
                SELECT u.lexeme, u.share FROM statistics AS s,
                    unnest(s.lexemes, s.shares) AS u (lexeme, share)
            )
            -- After the lexemes' shares come the least and the greatest share.
            SELECT l.word, l.lexeme, listed.share,
                (SELECT shares[array_length(lexemes, 1) + 1] FROM statistics),
                (SELECT reltuples FROM pg_class WHERE oid = 'core_claim'::regclass)
            FROM lexemes AS l LEFT JOIN listed USING (lexeme)""",
            [words, CONFIGS],
        )
        rows = cursor.fetchall()
    lexemes, frequency, claims = {}, {}, 0.0
    for word, lexeme, share, least, tuples in rows:
        lexemes.setdefault(word, []).append(lexeme)
        if share is not None:
            frequency[lexeme] = share
        if least is not None:
            frequency[None] = least
        claims = max(0.0, tuples or 0.0)
    return lexemes, frequency, claims


def term(lexemes):
    """A tsquery of any of `lexemes`. Not only in the claim's text (weight A):
    the index tells that alone, while a weight is read in every row found."""
    quoted = (lexeme.replace("\\", "\\\\").replace("'", "''") for lexeme in lexemes)
    return " | ".join(f"'{lexeme}'" for lexeme in quoted)


def word_share(lexemes, frequency):
    """The share of claims holding a word (any of its lexemes): the statistics'
    figures, and for lexemes too rare to be listed there, half the least listed."""
    listed = sum(frequency[lexeme] for lexeme in lexemes if lexeme in frequency)
    unlisted = any(lexeme not in frequency for lexeme in lexemes)
    return min(1.0, listed + (frequency.get(None, 0.0) / 2 if unlisted else 0.0))


# What the similar-claims region shows of a claim (review/similar_claims.html):
# without a claim's and a verdict's long texts, the shown claims cost a query
# and a few objects, not most of the region's time.
RATING_FIELDS = ("slug", "label", "icon")
SHOWN_FIELDS = Claim.objects.select_related("source", "rating", "published_verdict__rating").only(
    *("text", "status", "source__title", "published_verdict__rating"),
    *(f"rating__{f}" for f in RATING_FIELDS),
    *(f"published_verdict__rating__{f}" for f in RATING_FIELDS),
)


def similar_claims(text, *, exclude=None, limit=SHOWN, viewer=None):
    """Claims of every source and status that say what `text` says, best first
    (the candidates' queries, one for the vectors written since the last
    lookup, then one for the claims shown). A claim whose rating `viewer`
    rates blind comes with `rating_hidden` set (core/blind.py)."""
    text = (text or "").strip()
    if not text:
        return []
    ranked = ranked_candidates(text, exclude)[:limit]
    if not ranked:
        return []
    shown = SHOWN_FIELDS.annotate(rating_hidden=hidden_flag(viewer)).in_bulk(
        [pk for _, _, pk in ranked]
    )
    return [
        Similar(claim=shown[pk], score=score, reason=reason)
        for score, reason, pk in ranked
        if pk in shown
    ]


def ranked_candidates(text, exclude=None):
    """[(score, Reason, pk)] of the claims that say what `text` says, best
    first: those sharing its words (the database's candidates, then the
    cheap first pass) and those whose vectors are nearest (semantic.INDEX,
    which finds a paraphrase that shares no word), all scored by
    matching.combined."""
    rows = dict(matching.prefiltered(text, candidates(text, exclude), key=lambda row: row[1]))
    query, near = semantic.INDEX.nearest(text, limit=NEAREST, exclude=exclude)
    cosines = semantic.INDEX.cosines(query, rows.items())
    # A claim not sharing the words matches only by its meaning: those below
    # the cosine that takes are not scored (most of the lookup's time).
    for pk, other, cosine in near:
        if cosine >= matching.SEMANTIC_THRESHOLD and pk not in rows:
            rows[pk], cosines[pk] = other, cosine
    ranked = []
    for pk, other in rows.items():
        score, reason = matching.combined(text, other, cosines[pk])
        if score >= matching.THRESHOLD:
            ranked.append((score, reason, pk))
    ranked.sort(key=lambda row: (-row[0], row[2]))
    return ranked


class LinkError(Exception):
    pass


def can_link(claim, user):
    """Marking a claim "already checked" edits it: its author or an editor, on a draft."""
    return claim.can_edit(user)


@transaction.atomic
def mark_already_checked(claim, earlier, *, actor):
    """Link `claim` to the earlier published fact-check `earlier` (None unlinks).

    The link is part of what `claim` publishes: the earlier claim's public page
    lists this appearance once an editor approves `claim` (its published verdict
    records the link, see appearances), never before. So whoever links it is a
    contributor, and nothing public changes now."""
    if not can_link(claim, actor):
        raise LinkError("Only the author or an editor can link a draft claim.")
    if earlier is not None:
        earlier = earlier.same_as or earlier
        if earlier.pk == claim.pk:
            raise LinkError("A claim cannot be an appearance of itself.")
        if not Claim.objects.public().filter(pk=earlier.pk).exists():
            raise LinkError("Only a published fact-check can be linked.")
    if claim.same_as_id == (earlier.pk if earlier else None):
        return claim
    before = audit.snapshot(claim, ["same_as"])
    claim.same_as = earlier
    claim.updated_by = actor
    claim.save(update_fields=["same_as", "updated_by", "updated_at"])
    claim.contributors.add(actor)
    audit.record(
        actor,
        "link" if earlier else "unlink",
        claim,
        changes=audit.diff(before, audit.snapshot(claim, ["same_as"])),
    )
    return claim


def appearances(claim):
    """The other sources where the fact-checked claim was seen, one per source:
    those of the public claims whose published verdict (what an editor approved)
    says they are appearances of `claim`. Such a source has a published claim,
    so it is public; a link still in a draft or a correction is not read."""
    rows = (
        Claim.objects.public()
        .filter(published_verdict__same_as_id=claim.pk)
        .exclude(source_id=claim.source.pk)
        .select_related("source")
        .order_by(F("source__published_on").asc(nulls_last=True), "source__title", "pk")
    )
    seen, sources = set(), []
    for row in rows:
        if row.source_id not in seen:
            seen.add(row.source_id)
            sources.append(row.source)
    return sources
