from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from factcheck.core import sources, tasks
from factcheck.core.models import (
    Ingestion,
    IngestionStatus,
    Revision,
    Sentence,
    Source,
)
from factcheck.core.sentences import segment
from factcheck.core.sources import SourceError, segment_in_chunks
from tests.factories import make_claim, make_source

DEMO = Path(__file__).resolve().parents[2] / "factcheck" / "core" / "demo"


@pytest.fixture
def queued_only(settings):
    """Tasks wait in the queue (no worker), as in production before a worker picks them."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def test_chunked_segmentation_equals_one_call_on_the_demo_texts(monkeypatch):
    monkeypatch.setattr(sources, "CHUNK_CHARS", 500)
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(DEMO.glob("*.txt")))
    seen = []

    spans = segment_in_chunks(text, on_progress=lambda done, total: seen.append(done))

    assert spans == segment(text)
    assert len(seen) > 3 and seen[-1] == len(text) and seen == sorted(seen)


@hsettings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Hello there. ", "Dr. Who came.", "\n", "\n\n", "  ", "x", "\n \n"]),
        max_size=40,
    )
)
def test_chunked_segmentation_equals_one_call_on_any_text(parts):
    text = "".join(parts)
    original = sources.CHUNK_CHARS
    sources.CHUNK_CHARS = 7
    try:
        assert segment_in_chunks(text) == segment(text)
    finally:
        sources.CHUNK_CHARS = original


def test_a_piece_is_segmented_in_the_terms_of_the_whole_text():
    piece = "One here. Two here.\n\nThree here."

    spans = segment(piece, offset=100, first_paragraph=7)

    assert spans == [(100 + s, 100 + e, 7 + p) for s, e, p in segment(piece)]
    assert [(s.start, s.paragraph) for s in spans] == [(100, 7), (110, 7), (121, 8)]


def test_a_queued_source_stays_queued_until_a_worker_runs_it(db, queued_only, reviewer):
    ingestion = tasks.queue_source(title="Kei", text="One. Two.", user=reviewer)

    assert ingestion.status == IngestionStatus.QUEUED
    assert Source.objects.count() == 0
    assert Ingestion.objects.get().text == "One. Two."


def test_the_task_stores_the_source_and_reports_done(db, queued_only, reviewer):
    ingestion = tasks.queue_source(title="Kei", text="One. Two.", user=reviewer, kind="article")

    tasks.process_ingestion.call(ingestion.pk)

    ingestion.refresh_from_db()
    assert (ingestion.status, ingestion.progress) == (IngestionStatus.DONE, 100)
    assert ingestion.source.title == "Kei" and ingestion.source.created_by == reviewer
    assert ingestion.revision.sentences.count() == 2
    assert ingestion.text == ""


def test_the_worker_normalises_the_text_once_and_stores_it_as_normalise_would(
    db, queued_only, monkeypatch
):
    # Normalising a 5 MB text costs some 0.03 s; the worker used to do it twice.
    calls = []
    real = tasks.normalise

    def counted(text):
        calls.append(len(text))
        return real(text)

    monkeypatch.setattr(tasks, "normalise", counted)
    monkeypatch.setattr(sources, "normalise", counted)
    # A row written by other code than text_from_paste: still stored normalised.
    raw = "One.  \r\nTwo.\u2028\n\n\n\nThree.\x07 "
    ingestion = Ingestion.objects.create(kind="source", text=raw, fields={"title": "Kei"})

    tasks.process_ingestion.call(ingestion.pk)

    ingestion.refresh_from_db()
    assert ingestion.status == IngestionStatus.DONE, ingestion.error
    assert len(calls) == 1
    revision = ingestion.revision
    assert revision.text == real(raw) == "One.\nTwo.\n\nThree."
    assert [s.text for s in revision.sentences.all()] == ["One.", "Two.", "Three."]


@contextmanager
def revision_texts_read():
    """The queries made inside that read revisions with their texts."""
    seen = []

    def spy(execute, sql, params, many, context):
        if sql.startswith("SELECT") and 'FROM "core_revision"' in sql and '"text"' in sql:
            seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        yield seen


def test_the_worker_does_not_read_the_new_revision_back(db, queued_only):
    ingestion = tasks.queue_source(title="Kei", text="One. Two.")
    with revision_texts_read() as revision_reads:
        tasks.process_ingestion.call(ingestion.pk)

    ingestion.refresh_from_db()
    assert ingestion.revision.text == "One. Two."
    assert revision_reads == []  # the whole text, read back for nothing


def test_a_revision_is_stored_without_reading_the_current_text(db, queued_only):
    source = make_source(text="Old text. Two sentences.")
    ingestion = tasks.queue_revision(source, "New text. Two sentences.")
    with revision_texts_read() as texts_read:
        tasks.process_ingestion.call(ingestion.pk)

    ingestion.refresh_from_db()
    assert ingestion.result == {"unchanged": False, "number": 2}
    assert ingestion.revision.text == "New text. Two sentences."
    assert texts_read == []  # no claim to re-anchor: no old text needed


def test_a_cheap_problem_is_refused_before_queueing(db, queued_only):
    make_source(slug="kei")

    with pytest.raises(SourceError, match="already exists"):
        tasks.queue_source(title="Kei", slug="kei", text="One.")
    with pytest.raises(SourceError, match="title"):
        tasks.queue_source(title="  ", text="One.")
    assert Ingestion.objects.count() == 0


def test_a_slug_taken_while_queued_fails_with_the_reason_and_keeps_the_input(db, queued_only):
    ingestion = tasks.queue_source(title="Kei", slug="kei", text="My pasted text.")
    make_source(slug="kei")

    tasks.process_ingestion.call(ingestion.pk)

    ingestion.refresh_from_db()
    assert ingestion.status == IngestionStatus.FAILED
    assert "already exists" in ingestion.error
    assert ingestion.text == "My pasted text."


def test_a_crash_in_the_middle_leaves_no_half_stored_revision(db, queued_only, monkeypatch):
    source = make_source(text="First text. It has two sentences.")
    ingestion = tasks.queue_revision(source, "A new text. With new sentences.", note="n")

    def crash(*args, **kwargs):
        raise RuntimeError("worker lost")

    # After the revision and its sentences are inserted, before the claims move.
    monkeypatch.setattr(sources.revisions, "apply", crash)
    with pytest.raises(RuntimeError):
        tasks.process_ingestion.call(ingestion.pk)

    ingestion.refresh_from_db()
    assert ingestion.status == IngestionStatus.FAILED
    assert ingestion.error == tasks.CRASHED
    assert ingestion.text == "A new text. With new sentences."
    assert Revision.objects.filter(source=source).count() == 1
    assert Sentence.objects.filter(revision__source=source).count() == 2


def test_a_queued_revision_reanchors_the_claims(db, reviewer):
    source = make_source(text="Roads are wide. Cars are small.")
    claim = make_claim(source, reviewer, sentence=1)

    ingestion = tasks.queue_revision(source, "Intro. Roads are wide. Cars are small.")

    ingestion.refresh_from_db()
    claim.refresh_from_db()
    assert ingestion.result == {"unchanged": False, "number": 2}
    assert claim.revision.number == 2 and claim.quote == "Cars are small."


def test_the_same_text_again_is_reported_unchanged(db):
    source = make_source(text="Roads are wide.")

    ingestion = tasks.queue_revision(source, "Roads are wide.")

    ingestion.refresh_from_db()
    assert ingestion.result["unchanged"] is True
    assert source.revisions.count() == 1


def test_queued_annotations_are_imported_with_what_was_skipped(db, reviewer):
    source = make_source(text="Roads are wide. Cars are small.")
    items = [
        {"target": {"selector": [{"type": "TextQuoteSelector", "exact": "Cars are small."}]}},
        {"target": {"selector": [{"type": "TextQuoteSelector", "exact": "Nowhere in it."}]}},
    ]

    ingestion = tasks.queue_annotations(source, items, author=reviewer)

    ingestion.refresh_from_db()
    assert ingestion.status == IngestionStatus.DONE
    assert len(ingestion.result["created"]) == 1
    assert ingestion.result["skipped"][0][0] == 1


def test_progress_is_saved_at_most_every_half_second(db, queued_only, reviewer, monkeypatch):
    # Each save rewrites the row holding the whole text; the page polls once a second.
    monkeypatch.setattr(sources, "CHUNK_CHARS", 200)
    clock = iter(x / 10 for x in range(10_000))  # 0.1 s pass between two looks
    monkeypatch.setattr(tasks, "_clock", lambda: next(clock))
    saved = []
    monkeypatch.setattr(
        tasks, "report", lambda ingestion, progress, stage, **changes: saved.append(progress)
    )
    text = "\n\n".join(f"Sentence number {i} is here." for i in range(1_000))
    ingestion = Ingestion.objects.create(kind="source", text=text, fields={})

    spans = tasks.split(ingestion, text, "en")

    assert spans == segment(text)
    chunks = []
    segment_in_chunks(text, on_progress=lambda done, total: chunks.append(done))
    assert len(chunks) // 6 <= len(saved) <= len(chunks) // 4  # a save per about five chunks
    assert saved == sorted(saved) and 5 <= saved[0] and saved[-1] <= 80
