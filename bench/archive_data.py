"""A generated archive for bench/archive.py: sources, revisions, sentences,
published claims with their verdicts and citations, written with PostgreSQL's
COPY (a 100,000-claim archive with 5,000,000 sentences in minutes).

The data is generated, but shaped like a real desk so that indexes and
selectivity behave as they would: a Zipf-distributed vocabulary of some
thousands of words with topic words of very different frequencies (the three
searches), every rating (True and False the most common), dates spread over six
years, one claim in ten corrected, one in fifty retracted, a few drafts and
submissions, some sources in other languages, and the same sentence seen in
several sources (as a claim repeated across outlets is).

Rows carry the app's own fields (core.models); anchors come from the app's
sentence_anchor_base, selectors from anchoring.selectors, Markdown from
markup; the search vectors are computed by the database's own triggers
(migration 0002) as the rows arrive."""

import hashlib
import itertools
import json
import random
from datetime import UTC, date, datetime, timedelta

from django.db import connection, transaction
from django.utils.text import slugify

from factcheck.core.anchoring import selectors
from factcheck.core.markup import render_markdown
from factcheck.core.models import (
    Citation,
    Claim,
    ClaimStatus,
    Counter,
    Rating,
    Revision,
    Sentence,
    Source,
    Verdict,
)
from factcheck.core.ratings import seed_ratings
from factcheck.core.sentences import sentence_anchor_base

MARKER = "bench-archive-claims"  # a Counter row: how many claims the database was built with
SENTENCES_PER_SOURCE = 250
CLAIMS_PER_SOURCE = 5
START = datetime(2020, 1, 1, tzinfo=UTC)
SPAN_DAYS = 6 * 365

# Topic words and the share of sentences each appears in: the searches of
# bench/archive.py pick one common, one middling and one rare word.
TOPICS = {
    "inflation": 0.08,
    "vaccine": 0.05,
    "election": 0.05,
    "border": 0.03,
    "climate": 0.03,
    "housing": 0.02,
    "tariff": 0.004,
    "pension": 0.004,
    "fentanyl": 0.002,
    "zeppelin": 0.0002,
}
RATING_WEIGHTS = {
    "true": 14,
    "mostly-true": 10,
    "half-true": 12,
    "mostly-false": 14,
    "false": 28,
    "misleading": 14,
    "unproven": 6,
    "not-checkable": 2,
}
LANGUAGES = [("en", 88), ("fr", 4), ("de", 4), ("es", 4)]
KINDS = ["article", "article", "article", "transcript", "social", "comment", "report"]
CLAIMANTS = [
    "the prime minister",
    "the opposition leader",
    "a viral post",
    "the health minister",
    "the mayor",
    "a campaign advert",
    "the central bank governor",
    "a union spokesperson",
]
PUBLISHERS = ["Statistics Office", "Reuters", "WHO", "Eurostat", "Court records", "OECD"]


def vocabulary(rng, size=6000):
    """Pseudo-words from syllables, with Zipf weights (rank r weighs 1/r)."""
    onsets = "b c d f g h j k l m n p r s t v w z br cr dr fl gr pl pr st tr ch sh th".split()
    vowels = "a e i o u ai ea io ou".split()
    codas = ["", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ck"]
    words = set()
    while len(words) < size:
        parts = [rng.choice(onsets) + rng.choice(vowels) for _ in range(rng.choice((1, 2, 2, 3)))]
        words.add("".join(parts) + rng.choice(codas))
    words = sorted(words)
    rng.shuffle(words)
    cumulative = list(itertools.accumulate(1 / rank for rank in range(1, size + 1)))
    return words, cumulative


class Generator:
    def __init__(self, claims, seed=18):
        self.rng = random.Random(seed)
        self.words, self.weights = vocabulary(self.rng)
        self.sources = max(1, claims // CLAIMS_PER_SOURCE)
        self.claims = claims
        self.pool = self.sentence_pool(min(1_000_000, max(2_000, self.sources * 50)))

    def sentence(self):
        rng = self.rng
        words = rng.choices(self.words, cum_weights=self.weights, k=rng.randint(7, 18))
        for topic, share in TOPICS.items():
            if rng.random() < share:
                words.insert(rng.randrange(len(words)), topic)
        if rng.random() < 0.5:
            words.insert(
                rng.randrange(len(words)),
                str(rng.choice((rng.randint(2, 99), 1990 + rng.randint(0, 36)))),
            )
        words[0] = words[0].capitalize()
        return " ".join(words) + rng.choice(".....?!")

    def sentence_pool(self, size):
        """Distinct sentences with their anchors (a function of the text only)."""
        pool, seen = [], set()
        while len(pool) < size:
            text = self.sentence()
            if text not in seen:
                seen.add(text)
                pool.append((text, sentence_anchor_base(text)))
        return pool

    def moment(self):
        return START + timedelta(seconds=self.rng.randrange(SPAN_DAYS * 86400))


@transaction.atomic
def build(claims):
    """Fill an empty, migrated database with an archive of `claims` published
    claims, in one transaction (a failed build leaves the database empty)."""
    gen = Generator(claims)
    rng = gen.rng
    seed_ratings(Rating)
    ratings = {r.slug: r.pk for r in Rating.objects.all()}
    rating_slugs, rating_weights = list(RATING_WEIGHTS), list(RATING_WEIGHTS.values())
    people = make_people()
    reviewers, editors = people["reviewers"], people["editors"]
    published_per_source = spread(claims, gen.sources, rng)
    in_progress = max(3, claims // 33)  # drafts and submissions on top of the published ones

    with connection.cursor() as wrapper:
        cursor = wrapper.cursor  # psycopg's own, for COPY
        sentence_id = claim_id = verdict_id = citation_id = 0
        source_rows, revision_rows = [], []
        claim_rows, verdict_rows, citation_rows, contributor_rows = [], [], [], []
        with cursor.copy(copy_sql(Sentence, SENTENCE_COLUMNS)) as copy:
            for source_id in range(1, gen.sources + 1):
                created = gen.moment()
                title, slug = source_title(gen, source_id)
                language = rng.choices([c for c, _ in LANGUAGES], [w for _, w in LANGUAGES])[0]
                author = rng.choice(reviewers)
                source_rows.append(
                    (source_id, title, slug, rng.choice(KINDS), rng.choice(CLAIMANTS).title(),
                     f"https://news.example.org/{slug}", created.date(), language, False,
                     author, created, created)
                )  # fmt: skip
                text, sentences = revision_text(gen, rng)
                revision_rows.append(
                    (source_id, source_id, 1, text, hashlib.sha256(text.encode()).hexdigest(),
                     "paste", "", "", "{}", author, created)
                )  # fmt: skip
                first_id = sentence_id + 1
                copy.write(
                    "".join(
                        f"{first_id + i}\t{source_id}\t{i}\t{p}\t{s}\t{e}\t{a}\n"
                        for i, (p, s, e, a) in enumerate(sentences)
                    )
                )
                sentence_id += len(sentences)
                count = published_per_source[source_id - 1]
                extra = 1 if rng.random() < in_progress / gen.sources else 0
                chosen = sorted(rng.sample(range(len(sentences)), count + extra))
                statuses = [ClaimStatus.PUBLISHED] * count + [
                    rng.choice((ClaimStatus.DRAFT, ClaimStatus.SUBMITTED))
                ] * extra
                rng.shuffle(statuses)
                for index, status in zip(chosen, statuses, strict=True):
                    claim_id += 1
                    _, start, end, _ = sentences[index]
                    claim = claim_fields(gen, text, start, end, created)
                    claim.update(
                        id=claim_id,
                        source_id=source_id,
                        revision_id=source_id,
                        sentence_id=first_id + index,
                        rating_id=ratings[rng.choices(rating_slugs, rating_weights)[0]],
                        author_id=author,
                        status=status,
                    )
                    citations = [citation(gen, claim, n) for n in range(rng.randint(1, 3))]
                    for position, cited in enumerate(citations):
                        citation_id += 1
                        citation_rows.append(citation_row(citation_id, claim, position, cited))
                    if status == ClaimStatus.PUBLISHED:
                        editor = rng.choice(editors)
                        versions = 2 if rng.random() < 0.1 else 1
                        for number in range(1, versions + 1):
                            verdict_id += 1
                            at = claim["published_at"] + timedelta(days=30 * (number - 1))
                            verdict_rows.append(
                                verdict_row(verdict_id, claim, number, citations, editor, at)
                            )
                            contributor_rows.append((verdict_id, author))
                        claim["published_verdict_id"] = verdict_id
                        claim["updated_at"] = at
                        if rng.random() < 0.02:
                            claim["status"] = ClaimStatus.RETRACTED
                            claim["retracted_at"] = at + timedelta(days=rng.randint(1, 90))
                            claim["status_note"] = "The claim was attributed to the wrong speaker."
                            claim["updated_at"] = claim["retracted_at"]
                    claim_rows.append(claim_row(claim))
        copy_rows(cursor, Source, SOURCE_COLUMNS, source_rows)
        copy_rows(cursor, Revision, REVISION_COLUMNS, revision_rows)
        # Verdicts before claims: the claims' insert trigger reads them for the
        # public search vector (foreign keys are deferred to the commit).
        copy_rows(cursor, Verdict, VERDICT_COLUMNS, verdict_rows)
        copy_rows(cursor, Claim, CLAIM_COLUMNS, claim_rows)
        copy_rows(cursor, Citation, CITATION_COLUMNS, citation_rows)
        with cursor.copy(
            f"COPY {Verdict.contributors.through._meta.db_table} (verdict_id, user_id) FROM STDIN"
        ) as copy:
            for row in contributor_rows:
                copy.write_row(row)
        for model in (Source, Revision, Sentence, Claim, Verdict, Citation):
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
    Counter.objects.update_or_create(name=MARKER, defaults={"value": claims})
    return {"sources": gen.sources, "sentences": sentence_id, "claims": claim_id}


def spread(total, buckets, rng):
    """`total` split over `buckets`, unevenly (1 to about 3x the mean each)."""
    weights = [rng.paretovariate(2.5) for _ in range(buckets)]
    scale = total / sum(weights)
    counts = [max(1, min(SENTENCES_PER_SOURCE // 4, round(w * scale))) for w in weights]
    difference = total - sum(counts)
    i = 0
    while difference:
        step = 1 if difference > 0 else -1
        if (step < 0 and counts[i] > 1) or (step > 0 and counts[i] < SENTENCES_PER_SOURCE // 4):
            counts[i] += step
            difference -= step
        i = (i + 1) % buckets
    return counts


def source_title(gen, n):
    words = gen.rng.choices(gen.words, cum_weights=gen.weights, k=gen.rng.randint(3, 7))
    title = " ".join(words).capitalize()
    return title, f"{slugify(title)[:100]}-{n}"


def revision_text(gen, rng):
    """A text of SENTENCES_PER_SOURCE sentences in paragraphs, and its sentence
    rows (paragraph, start, end, anchor). Sentences are picked without repeats
    in one text, so each keeps its base anchor."""
    chosen = rng.sample(gen.pool, SENTENCES_PER_SOURCE)
    parts, rows, offset, paragraph = [], [], 0, 0
    left_in_paragraph = rng.randint(3, 9)
    for i, (text, anchor) in enumerate(chosen):
        if i:
            gap = " "
            left_in_paragraph -= 1
            if not left_in_paragraph:
                gap, paragraph, left_in_paragraph = "\n\n", paragraph + 1, rng.randint(3, 9)
            parts.append(gap)
            offset += len(gap)
        parts.append(text)
        rows.append((paragraph, offset, offset + len(text), anchor))
        offset += len(text)
    return "".join(parts), rows


def claim_fields(gen, text, start, end, source_created):
    rng = gen.rng
    quote = text[start:end]
    words = quote.rstrip(".?!").split()
    claimant = rng.choice(CLAIMANTS)
    claim_text = f"{claimant.capitalize()} said {' '.join(words[: rng.randint(5, 14)]).lower()}."
    summary_words = rng.choices(gen.words, cum_weights=gen.weights, k=rng.randint(6, 14))
    rationale = (
        f"{quote}\n\nThe **{rng.choice(PUBLISHERS)}** figures say otherwise: "
        f"{' '.join(rng.choices(gen.words, cum_weights=gen.weights, k=rng.randint(30, 90)))}."
    )
    published = source_created + timedelta(days=rng.randint(1, 60), seconds=rng.randrange(86400))
    return {
        "start": start,
        "end": end,
        "selector": selectors(text, start, end),
        "quote": quote,
        "text": claim_text,
        "claimant": claimant,
        "claim_date": (source_created - timedelta(days=rng.randint(0, 5))).date(),
        "summary": " ".join(summary_words).capitalize() + ".",
        "rationale": rationale,
        "rationale_html": render_markdown(rationale),
        "created_at": source_created,
        "published_at": published,
        "updated_at": published,
        "published_verdict_id": None,
        "retracted_at": None,
        "status_note": "",
    }


def citation(gen, claim, n):
    publisher = gen.rng.choice(PUBLISHERS)
    return {
        "url": f"https://{slugify(publisher)}.example.org/report/{claim['id']}-{n}",
        "archived_url": "",
        "title": f"{publisher} report {claim['id']}-{n}",
        "publisher": publisher,
        "quote": "",
        "stance": gen.rng.choice(("supports", "refutes", "context")),
        "accessed_on": claim["published_at"].date().isoformat(),
    }


SENTENCE_COLUMNS = ["id", "revision_id", "index", "paragraph", "start", "end", "anchor"]
SOURCE_COLUMNS = [
    "id", "title", "slug", "kind", "byline", "origin_url", "published_on", "language",
    "made_public", "created_by_id", "created_at", "updated_at",
]  # fmt: skip
REVISION_COLUMNS = [
    "id", "source_id", "number", "text", "sha256", "origin", "filename", "note",
    "reanchor_summary", "created_by_id", "created_at",
]  # fmt: skip
CLAIM_COLUMNS = [
    "id", "source_id", "revision_id", "first_sentence_id", "last_sentence_id", "start", "end",
    "selector", "quote", "text", "claimant", "claimant_type", "claim_date", "notes", "rating_id",
    "summary", "rationale", "rationale_html", "correction_note", "status", "status_note",
    "retracted_at", "published_verdict_id", "anchor_state", "annotation_id", "author_id",
    "updated_by_id", "version", "verdict_version", "created_at", "updated_at",
]  # fmt: skip
VERDICT_COLUMNS = [
    "id", "claim_id", "number", "rating_id", "summary", "rationale", "rationale_html",
    "claim_text", "claimant", "claimant_type", "claim_date", "citations", "quote", "revision_id",
    "start", "end", "correction_note", "approved_by_id", "published_at",
]  # fmt: skip
CITATION_COLUMNS = [
    "id", "claim_id", "position", "url", "archived_url", "title", "publisher", "quote", "stance",
    "accessed_on", "updated_by_id", "version", "created_at", "updated_at",
]  # fmt: skip


def claim_row(c):
    return (
        c["id"], c["source_id"], c["revision_id"], c["sentence_id"], c["sentence_id"], c["start"],
        c["end"], json.dumps(c["selector"]), c["quote"], c["text"], c["claimant"], "Person",
        c["claim_date"], "", c["rating_id"], c["summary"], c["rationale"], c["rationale_html"],
        "", c["status"], c["status_note"], c["retracted_at"], c["published_verdict_id"],
        "anchored", "", c["author_id"], c["author_id"], 1, 1, c["created_at"], c["updated_at"],
    )  # fmt: skip


def verdict_row(pk, c, number, citations, editor, at):
    note = "The figure was for the previous year; the rating is unchanged." if number > 1 else ""
    return (
        pk, c["id"], number, c["rating_id"], c["summary"], c["rationale"], c["rationale_html"],
        c["text"], c["claimant"], "Person", c["claim_date"], json.dumps(citations), c["quote"],
        c["revision_id"], c["start"], c["end"], note, editor, at,
    )  # fmt: skip


def citation_row(pk, c, position, cited):
    return (
        pk, c["id"], position, cited["url"], "", cited["title"], cited["publisher"], "",
        cited["stance"], date.fromisoformat(cited["accessed_on"]), c["author_id"], 1,
        c["created_at"], c["created_at"],
    )  # fmt: skip


def copy_sql(model, columns):
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    return f"COPY {model._meta.db_table} ({quoted}) FROM STDIN"


def copy_rows(cursor, model, columns, rows):
    with cursor.copy(copy_sql(model, columns)) as copy:
        for row in rows:
            copy.write_row(row)


def make_people():
    """Reviewers and editors in their groups (desk_people's roles, more of them)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from factcheck.core import roles

    roles.ensure_roles()
    users = get_user_model().objects
    reviewer_group = Group.objects.get(name=roles.REVIEWER)
    editor_group = Group.objects.get(name=roles.EDITOR)
    reviewers, editors = [], []
    for n in range(40):
        user = users.create_user(f"reviewer{n}", first_name=f"Reviewer {n}")
        user.groups.add(reviewer_group)
        reviewers.append(user.pk)
    for n in range(8):
        user = users.create_user(f"editor{n}", first_name=f"Editor {n}", is_staff=True)
        user.groups.add(editor_group)
        editors.append(user.pk)
    return {"reviewers": reviewers, "editors": editors}


def built_size():
    """The number of claims the current database was built with, or None."""
    row = Counter.objects.filter(name=MARKER).first()
    return row.value if row else None
