"""Writes that create sources and revisions (several rows at once)."""

import hashlib
from itertools import count, repeat

from django.db import IntegrityError, connection, transaction
from django.utils.text import slugify

from . import audit, revisions
from .ingest import IngestError, normalise
from .models import Revision, RevisionOrigin, Sentence, Source
from .publicity import public_changed
from .sentences import assign_anchors, segment

SLUG_MAX = Source._meta.get_field("slug").max_length
SOURCE_FIELDS = ("title", "slug", "kind", "byline", "origin_url", "published_on", "language")


class SourceError(ValueError):
    """A source cannot be created as asked; str() is a message for the user."""


def slug_for(title, *, taken=None):
    """A slug from the title, made unique with -2, -3... when `taken` says so."""
    base = slugify(title)[: SLUG_MAX - 6].strip("-") or "source"
    taken = taken or (lambda slug: Source.objects.filter(slug=slug).exists())
    slug, n = base, 1
    while taken(slug):
        n += 1
        slug = f"{base}-{n}"
    return slug


def check_slug_free(slug):
    if Source.objects.filter(slug=slug).exists():
        raise SourceError(f'A source with the slug "{slug}" already exists. Choose another slug.')


def check_title(title):
    title = title.strip()
    if not title:
        raise SourceError("Give the source a title.")
    return title


@transaction.atomic
def create_source(
    *,
    title,
    text,
    user=None,
    slug="",
    origin=RevisionOrigin.PASTE,
    filename="",
    spans=None,
    snapshot=None,
    **fields,
):
    """Create a source with its first revision. `text` must come from ingest
    (text_from_paste / text_from_upload); it is normalised again defensively,
    unless `spans` are given: they are segment()'s result for that text, which
    the caller has normalised (see add_revision)."""
    title = check_title(title)
    if slug:
        check_slug_free(slug)
    else:
        slug = slug_for(title)
    source = Source(title=title, slug=slug, created_by=user, **fields)
    try:
        with transaction.atomic():
            source.save()
    except IntegrityError:
        # Another request took the slug between the check and the insert.
        raise SourceError(f'A source with the slug "{slug}" already exists. Choose another slug.')
    audit.record(
        user, "create", source, changes=audit.diff({}, audit.snapshot(source, SOURCE_FIELDS))
    )
    revision = add_revision(
        source, text, user=user, origin=origin, filename=filename, spans=spans, snapshot=snapshot
    )
    # The first revision is the current one: spare its caller reading it (and
    # its whole text) back.
    source.__dict__["current_revision"] = revision
    return source


def revision_without_text(source):
    """The source's latest revision without its text (which may be megabytes),
    for its number, checksum and identity."""
    return source.revisions.defer("text").order_by("-number").first()


@transaction.atomic
def add_revision(
    source,
    text,
    *,
    user=None,
    origin=RevisionOrigin.PASTE,
    filename="",
    note="",
    spans=None,
    snapshot=None,
):
    """Store `text` as the source's next revision with its sentences, and
    re-anchor every claim of the source in it (see revisions.py).

    `spans` are the text's sentences if the caller split it already (the
    background task does, outside this transaction, to report its progress).
    The caller has then normalised `text` (ingest.normalise) before splitting
    it: it is stored as given, since normalising it here could move the
    sentences' offsets. Without `spans`, `text` is normalised here.

    Returns the new revision (its `reanchor_summary` counts the claims by
    anchoring state), or the current one unchanged when the text is identical
    to it (saving the same text twice is not a revision).

    `snapshot` is what was fetched when the text comes from a URL."""
    if spans is None:
        text = normalise(text)
    if not text.strip():
        raise IngestError("The text is empty or only whitespace.")
    sha = hashlib.sha256(text.encode()).hexdigest()
    # Lock the source row so two concurrent revisions get distinct numbers.
    Source.objects.select_for_update().filter(pk=source.pk).first()
    current = revision_without_text(source)
    if current is not None and current.sha256 == sha:
        return current
    claims = list(
        source.claims.select_related("revision").select_for_update(of=("self",)).order_by("pk")
    )
    if spans is None:
        spans = segment(text, language=source.language or "en")
    results = revisions.plan(claims, text, spans)
    revision = Revision.objects.create(
        source=source,
        number=(current.number + 1) if current else 1,
        text=text,
        sha256=sha,
        origin=origin,
        filename=filename[:255],
        note=note,
        created_by=user,
        snapshot=snapshot,
        reanchor_summary=revisions.summarise(results) if claims else {},
    )
    store_sentences(revision, spans, assign_anchors([text[s.start : s.end] for s in spans]))
    revisions.apply(claims, results, revision, spans, user=user)
    source.__dict__.pop("current_revision", None)  # cached_property: read it afresh
    revisions.advance_public_revision(source, user=user, audited=False)
    source.save(update_fields=["updated_at"])
    public_changed()
    audit.record(
        user,
        "revise",
        revision,
        changes={"revision": [current.number if current else None, revision.number]},
        note=note,
    )
    return revision


SENTENCE_COLUMNS = ("revision_id", "index", "paragraph", "start", "end", "anchor")


def store_sentences(revision, spans, anchors):
    """Insert the revision's sentence rows in one statement, without building a
    model instance for each (a 5 MB text has some 50,000 sentences): COPY on
    PostgreSQL (executemany there made a round trip per row: 6 s for 50,000),
    one executemany on SQLite."""
    table = connection.ops.quote_name(Sentence._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in SENTENCE_COLUMNS)
    rows = zip(
        repeat(revision.pk),
        count(),
        [span.paragraph for span in spans],
        [span.start for span in spans],
        [span.end for span in spans],
        anchors,
        strict=False,
    )
    if len(spans) != len(anchors):
        raise ValueError("one anchor per sentence")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Text format needs no escaping: the values are numbers and anchors
            # (^[a-z][a-z0-9-]*$, see sentence_anchor_base).
            # The foreign key to the revision is checked once per row (51,547
            # for 5 MB: about 0.16-0.23 s of the server's time, at commit as it
            # is deferred). SET CONSTRAINTS ... IMMEDIATE only moves that cost
            # into the COPY (measured: 0.44 s + 0.003 s commit against 0.27 s +
            # 0.16 s), so the constraint stays as it is.
            lines = "".join([f"{r}\t{i}\t{p}\t{s}\t{e}\t{a}\n" for r, i, p, s, e, a in rows])
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                copy.write(lines)
        else:
            marks = ", ".join(["%s"] * len(SENTENCE_COLUMNS))
            # A list: Django's debug cursor counts the rows with len().
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(rows))


CHUNK_CHARS = 256 * 1024


def segment_in_chunks(text, *, language="en", on_progress=None):
    """segment(text), done a chunk of about CHUNK_CHARS at a time, calling
    on_progress(done_chars, total_chars) after each. Chunks end at a blank line,
    where segment() always ends a paragraph, so the result is the same as one call."""
    spans, start, paragraph = [], 0, 0
    while start < len(text):
        cut = text.find("\n\n", start + CHUNK_CHARS)
        end = len(text) if cut < 0 else cut + 2
        chunk = segment(text[start:end], language=language, offset=start, first_paragraph=paragraph)
        spans.extend(chunk)
        if chunk:
            paragraph = chunk[-1].paragraph + 1
        start = end
        if on_progress:
            on_progress(start, len(text))
    return spans
