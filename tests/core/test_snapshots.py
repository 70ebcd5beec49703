"""Sources from URLs and our copies of pages (core/snapshots.py, the fetch task)."""

import io

import pytest
from django.core.files.storage import default_storage
from warcio.archiveiterator import ArchiveIterator

from factcheck.core import snapshots, tasks
from factcheck.core.claims import add_citation, update_citation
from factcheck.core.models import (
    AnchorState,
    IngestionStatus,
    RevisionOrigin,
    Snapshot,
    SnapshotState,
    Source,
)
from tests.factories import make_claim, make_source


def stored_warcs():
    if not default_storage.exists("snapshots"):
        return set()
    found, stack = set(), ["snapshots"]
    while stack:
        folder = stack.pop()
        dirs, files = default_storage.listdir(folder)
        stack.extend(f"{folder}/{d}" for d in dirs)
        found.update(f"{folder}/{f}" for f in files)
    return found


def fetched_source(url, user=None, **fields):
    ingestion = tasks.queue_fetch(url=url, user=user, **fields)
    ingestion.refresh_from_db()
    return ingestion


def test_a_url_becomes_a_source_with_the_pages_main_text_and_metadata(db, web, reviewer):
    ingestion = fetched_source(web.url("/article"), reviewer)

    assert ingestion.status == IngestionStatus.DONE, ingestion.error
    source = ingestion.source
    text = source.current_revision.text
    assert "nine in ten journeys are made by car" in text
    assert "\n\nResearchers at the national statistics office" in text  # paragraphs kept
    for boilerplate in ("cookies", "Most read", "Copyright", "Politics", "Privacy"):
        assert boilerplate not in text
    assert source.title == "Minister's road figures questioned"
    assert source.byline == "Jane Doe, The Daily Ledger"
    assert source.published_on.isoformat() == "2026-11-20"
    assert source.language == "en"
    assert source.origin_url == web.url("/article")
    revision = source.current_revision
    assert revision.origin == RevisionOrigin.URL
    snapshot = revision.snapshot
    assert snapshot.state == SnapshotState.ARCHIVED and snapshot.source == source
    assert snapshot.status_code == 200 and snapshot.fetched_at is not None
    assert snapshot.text == text


def test_the_fields_given_win_over_the_pages(db, web):
    ingestion = fetched_source(web.url("/article"), title="Roads, as said", byline="Ed")
    assert (ingestion.source.title, ingestion.source.byline) == ("Roads, as said", "Ed")


def test_the_warc_file_holds_the_response_as_received(db, web):
    snapshot = fetched_source(web.url("/article")).source.current_revision.snapshot
    with snapshots.open_warc(snapshot) as handle:
        records = [
            (
                r.rec_type,
                r.rec_headers["WARC-Target-URI"],
                r.http_headers,
                r.content_stream().read(),
            )
            for r in ArchiveIterator(io.BytesIO(handle.read()))
        ]
    assert [r[0] for r in records] == ["request", "response"]
    kind, uri, http_headers, body = records[1]
    assert uri == web.url("/article")
    assert http_headers.get_statuscode() == "200"
    assert b"nine in ten journeys" in body


def test_fetching_again_unchanged_makes_no_revision_and_says_so(db, web, reviewer):
    source = fetched_source(web.url("/article"), reviewer).source

    again = tasks.queue_fetch(url=source.origin_url, user=reviewer, source=source)
    again.refresh_from_db()

    assert again.status == IngestionStatus.DONE
    assert again.result == {"unchanged": True, "number": 1}
    assert source.revisions.count() == 1
    assert source.snapshots.count() == 2  # the second copy is kept as a record


def test_fetching_again_changed_makes_a_revision_and_reanchors_claims(db, web, reviewer):
    source = fetched_source(web.url("/article"), reviewer).source
    claim = make_claim(source, reviewer, sentence=1)
    web.article = web.article.replace("about eight in ten", "about seven in ten")

    again = tasks.queue_fetch(url=source.origin_url, user=reviewer, source=source)
    again.refresh_from_db()

    assert again.result == {"unchanged": False, "number": 2}
    revision = Source.objects.get(pk=source.pk).current_revision
    assert revision.number == 2 and "seven in ten" in revision.text
    assert revision.snapshot.state == SnapshotState.ARCHIVED
    claim.refresh_from_db()
    assert claim.revision == revision and claim.anchor_state == AnchorState.UNCHANGED


@pytest.mark.parametrize(
    "path, message",
    [
        ("/nav-only", "No main text was found"),
        ("/binary", "not a web page"),
        ("/binary-as-html", "not a web page"),
        ("/gone", "404"),
        ("/loop-a", "redirects in a loop"),
        ("/empty", "empty"),
        ("/to-private", "not a public address"),
    ],
)
def test_a_bad_page_fails_with_its_reason_and_stores_nothing(db, web, path, message):
    before = stored_warcs()
    ingestion = fetched_source(web.url(path))
    assert ingestion.status == IngestionStatus.FAILED
    assert message in ingestion.error
    assert not Source.objects.exists() and not Snapshot.objects.exists()
    assert stored_warcs() == before


def test_too_large_and_never_ending_pages_fail_clearly(db, web, settings):
    settings.FACTCHECK_FETCH_MAX_BYTES = 512 * 1024
    settings.FACTCHECK_FETCH_TIMEOUT = 1
    assert "larger than" in fetched_source(web.url("/huge")).error
    assert "took too long" in fetched_source(web.url("/drip")).error
    assert not Source.objects.exists()


def test_a_failure_while_storing_removes_the_warc_file(db, web, monkeypatch):
    before = stored_warcs()

    def crash(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(tasks, "create_source", crash)
    ingestion = fetched_source(web.url("/article"))
    assert ingestion.status == IngestionStatus.FAILED
    assert "nothing was stored" in ingestion.error
    assert stored_warcs() == before
    assert not Snapshot.objects.exists()


def test_a_page_that_lies_about_its_charset_is_decoded_by_detection(db, web):
    source = fetched_source(web.url("/charset-lie")).source
    assert "Le café de la gare a fermé ses portes" in source.current_revision.text
    assert source.language == "fr"


def test_hostile_html_leaves_only_its_text(db, web):
    text = fetched_source(web.url("/hostile")).source.current_revision.text
    assert "The council approved the new budget" in text
    assert "document.cookie" not in text and "alert('inline')" not in text
    assert "onerror" not in text


def test_a_plain_text_page_is_kept_as_it_is(db, web):
    text = fetched_source(web.url("/plain"), title="Plain").source.current_revision.text
    assert text == "A plain text page.\n\nIt has two paragraphs of text."


# Citations


def cited(reviewer, url, django_capture_on_commit_callbacks):
    claim = make_claim(make_source(), reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        citation = add_citation(claim, editor=reviewer, url=url, title="A page")
    citation.refresh_from_db()
    return citation


def test_saving_a_citation_archives_its_page(db, web, reviewer, django_capture_on_commit_callbacks):
    citation = cited(reviewer, web.url("/article"), django_capture_on_commit_callbacks)
    snapshot = citation.snapshot
    assert snapshot.state == SnapshotState.ARCHIVED
    assert "nine in ten journeys" in snapshot.text
    assert snapshot.warc.name in stored_warcs()


@pytest.mark.parametrize(
    "path, code, message",
    [
        ("/gone", "http_status", "404"),
        ("/to-metadata", "not_allowed", "169.254.169.254"),
        ("/huge", "too_large", "larger than"),
    ],
)
def test_a_citation_that_cannot_be_archived_says_why(
    db, web, reviewer, django_capture_on_commit_callbacks, settings, path, code, message
):
    settings.FACTCHECK_FETCH_MAX_BYTES = 256 * 1024
    snapshot = cited(reviewer, web.url(path), django_capture_on_commit_callbacks).snapshot
    assert snapshot.state == SnapshotState.FAILED
    assert snapshot.error_code == code and message in snapshot.error
    assert not snapshot.warc


def test_a_cited_pdf_is_archived_without_text(
    db, web, reviewer, django_capture_on_commit_callbacks
):
    snapshot = cited(reviewer, web.url("/pdf"), django_capture_on_commit_callbacks).snapshot
    assert snapshot.state == SnapshotState.ARCHIVED
    assert snapshot.content_type == "application/pdf" and snapshot.text == ""


def test_a_changed_citation_url_is_archived_again(
    db, web, reviewer, django_capture_on_commit_callbacks
):
    citation = cited(reviewer, web.url("/gone"), django_capture_on_commit_callbacks)
    first = citation.snapshot
    with django_capture_on_commit_callbacks(execute=True):
        update_citation(citation, editor=reviewer, version=citation.version, title="Renamed")
    citation.refresh_from_db()
    assert citation.snapshot == first  # same URL: not fetched again
    with django_capture_on_commit_callbacks(execute=True):
        update_citation(
            citation, editor=reviewer, version=citation.version, url=web.url("/article")
        )
    citation.refresh_from_db()
    assert citation.snapshot != first and citation.snapshot.archived
