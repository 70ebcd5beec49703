import pytest
from django.db import connection

from factcheck.core.ingest import IngestError
from factcheck.core.models import ImmutableError, Revision, Sentence, Source
from factcheck.core.sentences import Span, assign_anchors, segment
from factcheck.core.sources import SourceError, add_revision, create_source, store_sentences

pytestmark = pytest.mark.django_db

TEXT = "Kei Party\nDecember 5, 2025\n\nKei cars are small. They sell well in Japan.\n\nReally."


def test_create_source_stores_revision_one_with_tiling_sentences():
    source = create_source(title="Kei Party", text=TEXT)

    revision = source.current_revision
    assert revision.number == 1
    sentences = list(revision.sentences.all())
    assert [s.text for s in sentences] == [
        "Kei Party",
        "December 5, 2025",
        "Kei cars are small.",
        "They sell well in Japan.",
        "Really.",
    ]
    assert [s.paragraph for s in sentences] == [0, 0, 1, 1, 2]


def test_every_non_whitespace_character_is_in_exactly_one_sentence():
    source = create_source(title="T", text=TEXT)
    revision = source.current_revision
    owner = [0] * len(revision.text)
    for s in revision.sentences.all():
        for i in range(s.start, s.end):
            owner[i] += 1
    assert all(owner[i] == 1 for i, ch in enumerate(revision.text) if not ch.isspace())


def test_slug_comes_from_the_title_and_is_made_unique():
    first = create_source(title="Kei Party!", text=TEXT)
    second = create_source(title="Kei Party!", text=TEXT)

    assert first.slug == "kei-party"
    assert second.slug == "kei-party-2"


def test_explicit_duplicate_slug_is_refused_and_nothing_is_stored():
    create_source(title="One", slug="taken", text=TEXT)

    with pytest.raises(SourceError, match='slug "taken" already exists'):
        create_source(title="Two", slug="taken", text="Other text.")

    assert Source.objects.count() == 1
    assert Revision.objects.count() == 1


def test_whitespace_only_text_is_refused_and_nothing_is_stored():
    with pytest.raises(IngestError, match="empty"):
        create_source(title="Empty", text=" \n\t \n")

    assert Source.objects.count() == 0


def test_same_text_again_is_not_a_new_revision():
    source = create_source(title="T", text=TEXT)

    again = add_revision(source, TEXT + "\n")

    assert again.number == 1
    assert source.revisions.count() == 1


def test_new_revision_is_numbered_and_old_one_stays_readable():
    source = create_source(title="T", text=TEXT)

    second = add_revision(source, TEXT.replace("Really.", "Really, truly."))

    assert second.number == 2
    assert source.revisions.get(number=1).text == TEXT
    assert source.current_revision == second


def test_revision_text_cannot_be_changed_after_saving():
    revision = create_source(title="T", text=TEXT).current_revision
    revision.text = "Something else."

    with pytest.raises(ImmutableError):
        revision.save()

    assert Revision.objects.get(pk=revision.pk).text == TEXT


def test_unchanged_sentences_keep_their_anchor_in_a_new_revision():
    source = create_source(title="T", text=TEXT)
    before = {s.text: s.anchor for s in source.current_revision.sentences.all()}

    edited = TEXT.replace("Kei cars are small.", "A new first claim. Kei cars are small.")
    after = {s.text: s.anchor for s in add_revision(source, edited).sentences.all()}

    for text, anchor in before.items():
        assert after[text] == anchor
    assert after["A new first claim."] not in before.values()


def test_sentence_rows_match_revision_text_offsets():
    source = create_source(title="T", text="First one. Second one!\nThird line")
    rows = Sentence.objects.filter(revision__source=source).order_by("index")
    for row in rows:
        assert row.text == row.revision.text[row.start : row.end]
        assert row.text == row.text.strip()


def test_every_sentence_of_a_long_text_is_stored_with_its_span_and_anchor():
    # Thousands of rows go in with COPY (PostgreSQL) or one executemany
    # (SQLite); the rows must be exactly the segmentation's, in order.
    text = "\n\n".join(f"Sentence {i} is here. Another one, {i}!" for i in range(3000))
    spans = segment(text)
    anchors = assign_anchors([text[s.start : s.end] for s in spans])
    source = create_source(title="Long", text=text)

    rows = source.current_revision.sentences.order_by("index")
    stored = list(rows.values_list("index", "paragraph", "start", "end", "anchor"))
    assert stored == [
        (i, s.paragraph, s.start, s.end, a)
        for i, (s, a) in enumerate(zip(spans, anchors, strict=True))
    ]
    assert len(stored) == 6000


def test_storing_sentences_refuses_a_missing_anchor():
    source = Source.objects.create(title="Q", slug="q")
    revision = Revision.objects.create(source=source, number=1, text="ab", sha256="0" * 64)
    with pytest.raises(ValueError):
        store_sentences(revision, [Span(0, 1, 0), Span(1, 2, 0)], ["s-00000000"])
    assert not revision.sentences.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TOAST compression is PostgreSQL's")
def test_revision_texts_are_compressed_with_lz4_on_postgresql():
    # pglz took 0.4-0.9 s to store a 5 MB text, lz4 0.1 s (migration 0003).
    source = create_source(title="Big", text="Kei cars are small and cheap. " * 5_000)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_compression(text) FROM core_revision WHERE id = %s",
            [source.current_revision.pk],
        )
        assert cursor.fetchone() == ("lz4",)
