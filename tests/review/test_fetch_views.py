"""The desk's side of pages from the web: a new source from a URL, "Fetch
again", our copies of pages, citations archived (and archived again)."""

import gzip

import pytest
from django.urls import reverse

from factcheck.core import tasks
from factcheck.core.claims import add_citation
from factcheck.core.models import Ingestion, SnapshotState, Source
from tests.factories import make_claim, make_source, write_verdict
from tests.public.publishing import publish

NEW = reverse("review:source-new")


def new_from_url(client, url, **fields):
    data = {"url": url, "title": "", "kind": "article", "language": "en", "text": ""}
    return client.post(NEW, {**data, **fields})


def fetched(url, user):
    """A source made from `url` (the task runs at once in tests)."""
    ingestion = tasks.queue_fetch(url=url, user=user)
    return Ingestion.objects.get(pk=ingestion.pk).source


def test_the_new_source_form_has_a_url_field(as_reviewer):
    html = as_reviewer.get(NEW).content.decode()
    assert 'for="id_url"' in html and 'type="url"' in html


def test_a_url_is_fetched_and_the_progress_page_opens_the_workspace(as_reviewer, web):
    response = new_from_url(as_reviewer, web.url("/article"))

    ingestion = Ingestion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("review:ingestion-detail", args=[ingestion.pk])
    source = Source.objects.get()
    opened = as_reviewer.get(response["Location"], follow=True)
    assert opened.redirect_chain[-1][0] == reverse("review:source-detail", args=[source.slug])
    html = opened.content.decode()
    assert "nine in ten journeys" in html
    assert "Most read" not in html
    assert "Fetch again" in html and "our copy" in html


def test_a_url_source_under_htmx_redirects_the_client(as_reviewer, web):
    response = as_reviewer.post(
        NEW,
        {"url": web.url("/article"), "kind": "article", "language": "en"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith("/review/processing/")


@pytest.mark.parametrize(
    "url, message",
    [
        ("ftp://example.org/file", "Only http:// and https:// addresses"),
        ("http://10.0.0.1/", "not a public address"),
        ("http://169.254.169.254/latest/", "not a public address"),
    ],
)
def test_a_bad_url_is_refused_in_the_form_and_kept(as_reviewer, url, message, connect_spy):
    response = new_from_url(as_reviewer, url)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f'value="{url}"' in html
    assert not Ingestion.objects.exists()


def test_a_url_and_a_text_together_are_refused(as_reviewer):
    response = new_from_url(as_reviewer, "https://example.org/", text="Some text.")
    assert "Give a web page, or paste the text" in response.content.decode()
    assert not Ingestion.objects.exists()


def test_a_pasted_text_still_needs_a_title(as_reviewer):
    response = as_reviewer.post(
        NEW, {"title": "", "kind": "article", "language": "en", "text": "A."}
    )
    assert "Give the source a title." in response.content.decode()


def test_a_failed_fetch_shows_its_reason_and_gives_the_url_back(as_reviewer, web):
    response = new_from_url(as_reviewer, web.url("/nav-only"), byline="Kept byline")
    html = as_reviewer.get(response["Location"]).content.decode()
    assert "No main text was found on this page" in html
    assert "Nothing was stored" in html
    assert f'value="{web.url("/nav-only")}"' in html and 'value="Kept byline"' in html
    assert not Source.objects.exists()


def test_fetch_again_unchanged_says_so(as_reviewer, reviewer, web):
    source = fetched(web.url("/article"), reviewer)
    response = as_reviewer.post(reverse("review:source-fetch", args=[source.slug]), follow=True)
    html = response.content.decode()
    assert "The page is unchanged since revision 1: no new revision was made" in html
    assert source.revisions.count() == 1


def test_fetch_again_changed_opens_the_new_revision(as_reviewer, reviewer, web):
    source = fetched(web.url("/article"), reviewer)
    web.article = web.article.replace("eight in ten", "seven in ten")
    response = as_reviewer.post(reverse("review:source-fetch", args=[source.slug]), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "review:revision-detail", args=[source.slug, 2]
    )
    assert "Revision 2 saved." in response.content.decode()


def test_fetch_again_needs_the_revision_permission_and_a_url(client, db, django_user_model):
    source = make_source()
    client.force_login(django_user_model.objects.create_user("nobody", password="x"))
    assert client.post(reverse("review:source-fetch", args=[source.slug])).status_code == 403


def test_fetch_again_without_a_url_says_so(as_reviewer, db):
    source = make_source()
    response = as_reviewer.post(reverse("review:source-fetch", args=[source.slug]), follow=True)
    assert "This source has no URL to fetch." in response.content.decode()
    assert not Ingestion.objects.exists()


def test_our_copy_shows_the_text_and_serves_the_warc_as_a_sandboxed_download(
    as_reviewer, reviewer, web
):
    snapshot = fetched(web.url("/hostile"), reviewer).snapshots.get()
    page = as_reviewer.get(reverse("review:snapshot-detail", args=[snapshot.pk]))
    html = page.content.decode()
    assert "The council approved the new budget" in html
    assert "alert('inline')" not in html and "document.cookie" not in html
    assert "onerror" not in html and "<iframe" not in html
    # The page's text that shows markup is shown as text, escaped.
    assert "&lt;script&gt;alert(&#x27;escaped text stays text&#x27;)&lt;/script&gt;" in html
    download = as_reviewer.get(reverse("review:snapshot-warc", args=[snapshot.pk]))
    assert download["Content-Type"] == "application/warc"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Security-Policy"].startswith("sandbox")
    assert download["X-Content-Type-Options"] == "nosniff"
    warc = gzip.decompress(b"".join(download.streaming_content))
    assert b"document.cookie" in warc  # kept as received


def test_a_citation_shows_archived_or_why_not_and_can_be_archived_again(
    as_reviewer, reviewer, web, django_capture_on_commit_callbacks
):
    claim = make_claim(make_source(), reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        as_reviewer.post(
            reverse("review:citation-add", args=[claim.pk]),
            {"url": web.url("/article"), "title": "Good", "stance": "context"},
        )
        as_reviewer.post(
            reverse("review:citation-add", args=[claim.pk]),
            {"url": web.url("/gone"), "title": "Dead", "stance": "context"},
        )
    html = as_reviewer.get(reverse("review:claim-detail", args=[claim.pk])).content.decode()
    assert "Archived " in html
    assert "Could not be archived: The server answered 404 Not Found." in html
    dead = claim.citations.get(title="Dead")
    first = dead.snapshot_id
    with django_capture_on_commit_callbacks(execute=True):
        response = as_reviewer.post(reverse("review:citation-archive", args=[dead.pk]), follow=True)
    assert "The page is being archived again." in response.content.decode()
    dead.refresh_from_db()
    assert dead.snapshot_id != first and dead.snapshot.state == SnapshotState.FAILED


def test_only_the_claims_editors_archive_again(client, reviewer, reviewer2, db):
    claim = make_claim(make_source(), reviewer)
    citation = add_citation(claim, editor=reviewer, url="https://example.org/", title="T")
    client.force_login(reviewer2)
    response = client.post(reverse("review:citation-archive", args=[citation.pk]))
    assert response.status_code == 403


def test_a_published_citation_links_our_copy_on_the_public_page(
    client, reviewer, editor, web, django_capture_on_commit_callbacks
):
    source = fetched(web.url("/article"), reviewer)
    claim = make_claim(source, reviewer, sentence=1)
    write_verdict(claim, reviewer, rating_slug="false", summary="No.", rationale="Because.")
    with django_capture_on_commit_callbacks(execute=True):
        add_citation(claim, editor=reviewer, url=web.url("/moved"), title="Stats office")
    claim.refresh_from_db()
    publish(claim, reviewer, editor)
    cited = claim.citations.get().snapshot

    html = client.get(reverse("public:claim-short", args=[claim.pk]), follow=True).content.decode()

    source_copy = reverse("public:source-copy", args=[source.slug, source.snapshots.get().pk])
    citation_copy = reverse("public:claim-copy", args=[claim.pk, cited.pk])
    assert source_copy in html and "our copy of the page as fetched on" in html
    assert citation_copy in html and "our copy, archived" in html
    copy = client.get(citation_copy)
    assert copy.status_code == 200 and "nine in ten journeys" in copy.content.decode()
    assert client.get(citation_copy + "warc/")["Content-Disposition"].startswith("attachment")
    assert client.get(source_copy).status_code == 200


def test_copies_are_not_public_before_publication(client, reviewer, web):
    source = fetched(web.url("/article"), reviewer)
    snapshot = source.snapshots.get()
    assert (
        client.get(reverse("public:source-copy", args=[source.slug, snapshot.pk])).status_code
        == 404
    )
    claim = make_claim(source, reviewer)
    assert client.get(reverse("public:claim-copy", args=[claim.pk, snapshot.pk])).status_code == 404
    assert client.get(reverse("review:snapshot-detail", args=[snapshot.pk])).status_code == 302


def test_the_claim_editor_costs_the_same_queries_with_more_archived_citations(
    as_reviewer, reviewer, web, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    claim = make_claim(make_source(), reviewer)
    url = reverse("review:claim-detail", args=[claim.pk])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert as_reviewer.get(url).status_code == 200
        return len(captured)

    with django_capture_on_commit_callbacks(execute=True):
        add_citation(claim, editor=reviewer, url=web.url("/article"), title="One")
    queries()  # the first page of a session reads what is then cached
    one = queries()
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            add_citation(claim, editor=reviewer, url=web.url(f"/gone?{n}"), title=f"T{n}")
    assert queries() == one


def test_the_public_claim_page_costs_no_more_queries_for_our_copies(
    client, reviewer, editor, web, django_capture_on_commit_callbacks
):
    from factcheck.public.caching import forget_all

    pasted = make_source(text="One sentence here. Another one follows.", title="Pasted")
    fetched_one = fetched(web.url("/article"), reviewer)
    pages = []
    for source in (pasted, fetched_one):
        claim = make_claim(source, reviewer, sentence=1)
        write_verdict(claim, reviewer, rating_slug="false", summary="No.", rationale="Because.")
        with django_capture_on_commit_callbacks(execute=True):
            add_citation(claim, editor=reviewer, url=web.url("/article"), title="Cited")
        claim.refresh_from_db()
        publish(claim, reviewer, editor)
        pages.append(reverse("public:claim-short", args=[claim.pk]))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for page in pages:
        forget_all()
        with CaptureQueriesContext(connection) as captured:
            html = client.get(page, follow=True).content.decode()
        counts.append(len(captured))
    assert "our copy of the page as fetched on" in html
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    "path, message",
    [
        ("/huge", "The page is larger than the 1 MB limit."),
        ("/drip", "The server took too long to answer; stopped."),
        ("/loop-a", "The page redirects in a loop; nothing could be fetched."),
        ("/binary", "This is not a web page: the server says it is “image/png”."),
        ("/binary-as-html", "This is not a web page."),
        ("/to-metadata", "The address 169.254.169.254 is not a public address"),
    ],
)
def test_each_bad_page_gets_its_message_on_the_processing_page(
    as_reviewer, web, settings, path, message
):
    settings.FACTCHECK_FETCH_MAX_BYTES = 1024 * 1024
    settings.FACTCHECK_FETCH_TIMEOUT = 1
    response = new_from_url(as_reviewer, web.url(path))
    html = as_reviewer.get(response["Location"]).content.decode()
    assert "This could not be processed." in html
    assert message in html.replace("&#x27;", "'")
    assert not Source.objects.exists()
