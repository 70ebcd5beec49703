"""import_claimreview: published, marked as imported, idempotent, corrected on change."""

import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from factcheck.core.claimreview import read
from factcheck.core.claimreview_import import import_reviews
from factcheck.core.models import (
    AuditEvent,
    Claim,
    ClaimStatus,
    ImportedReview,
    Rating,
    Source,
    SourceKind,
    Verdict,
)
from factcheck.core.ratings import seed_ratings
from factcheck.core.workflow import transition

FIXTURES = Path(__file__).parent / "fixtures" / "claimreview"


@pytest.fixture(autouse=True)
def rating_scale(db):
    """The default scale, as migrated (a flushed database from an earlier test has none)."""
    seed_ratings(Rating)


def run(*files, user="edna"):
    out = StringIO()
    call_command("import_claimreview", *[str(f) for f in files], "--user", user, stdout=out)
    return out.getvalue()


def imported(url):
    return ImportedReview.objects.select_related("claim__published_verdict__rating").get(
        review_url=url
    )


def review_json(tmp_path, name="review.json", **changes):
    node = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://desk.example/r/1",
        "claimReviewed": "The river is 100 km long.",
        "datePublished": "2024-03-05",
        "author": {"@type": "Organization", "name": "River Desk", "url": "https://desk.example/"},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "A. Mayor"},
            "appearance": "https://news.example/mayor",
        },
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
        **changes,
    }
    path = tmp_path / name
    path.write_text(json.dumps(node))
    return path


def test_a_wordpress_page_becomes_a_published_fact_check_marked_as_imported(editor):
    output = run(FIXTURES / "wordpress_plugin.html")
    assert "imported: 1" in output
    record = imported("https://coastlinecheck.example/2024/03/harbour-road-bicycles/")
    claim = record.claim
    assert claim.status == ClaimStatus.PUBLISHED
    assert claim.text.startswith("The council has banned bicycles on Harbour Road")
    assert claim.claimant == "Facebook post"
    assert claim.claim_date.isoformat() == "2024-03-02"
    assert claim.published_verdict.rating.slug == "false"
    assert claim.published_verdict.published_at.date().isoformat() == "2024-03-05"
    assert record.publisher == "Coastline Check"
    assert record.appearances == [
        {"url": "https://www.facebook.example/groups/harbourtown/posts/88123"}
    ]
    assert (record.imported_by, record.imported_from) == (
        editor,
        str(FIXTURES / "wordpress_plugin.html"),
    )
    assert claim.source.kind == SourceKind.IMPORTED
    assert claim.source.origin_url == "https://www.facebook.example/groups/harbourtown/posts/88123"
    # The claim covers its source's whole text: the claim as the review quotes it.
    assert claim.current_text == claim.source.current_revision.text == claim.quote


def test_nobody_on_the_desk_is_recorded_as_approving_an_import(editor):
    run(FIXTURES / "large_factchecker.html")
    verdicts = Verdict.objects.all()
    assert verdicts.count() == 4
    assert all(v.approved_by is None and not v.contributors.exists() for v in verdicts)
    events = AuditEvent.objects.filter(object_type="claim")
    assert {e.action for e in events} == {"import"}
    assert all(e.actor == editor for e in events)
    assert "not reviewed or approved on this desk" in events[0].note
    assert not AuditEvent.objects.filter(action="publish").exists()


def test_ratings_land_on_our_scale_by_name_synonym_or_value(editor):
    run(
        FIXTURES / "large_factchecker.html",
        FIXTURES / "google_factcheck_tools.json",
        FIXTURES / "yoast_graph.html",
    )
    rating = {
        r.review_url: r.claim.published_verdict.rating.slug
        for r in ImportedReview.objects.select_related("claim__published_verdict__rating")
    }
    desk = "https://nationalfactdesk.example/debate-2024/"
    assert rating[desk + "#nhs-waiting-lists"] == "false"  # "Incorrect"
    assert rating[desk + "#teachers"] == "misleading"  # "Needs context"
    assert rating[desk + "#energy-bills"] == "mostly-false"  # 2 of 1-5, no name
    assert rating[desk + "#crime"] == "mostly-true"  # our own label
    assert (
        rating["https://verifica.example/articles/2023/11/vaccine-microchip"] == "false"
    )  # Pants on Fire
    assert rating["https://comprueba.example/agua-fluor/"] == "false"  # "Falso"
    nhs = imported(desk + "#nhs-waiting-lists")
    assert nhs.original_rating == "Incorrect · 1 of 1–6"


def test_an_unknown_rating_name_becomes_an_inactive_rating_marked_imported(editor, tmp_path):
    run(review_json(tmp_path, reviewRating={"@type": "Rating", "alternateName": "Zombie claim"}))
    rating = Rating.objects.get(slug="imported-zombie-claim")
    assert rating.label == "Zombie claim (imported)"
    assert not rating.is_active and rating.ordinal is None
    assert imported("https://desk.example/r/1").claim.rating == rating


def test_importing_the_same_file_twice_changes_nothing(editor):
    files = [FIXTURES / "large_factchecker.html", FIXTURES / "wordpress_plugin.html"]
    run(*files)
    counts = [m.objects.count() for m in (Claim, Verdict, Source, AuditEvent, ImportedReview)]
    output = run(*files)
    assert [
        m.objects.count() for m in (Claim, Verdict, Source, AuditEvent, ImportedReview)
    ] == counts
    assert "imported: 0" in output and "unchanged (imported before): 4" in output


def test_a_changed_review_is_published_as_a_correction(editor, tmp_path):
    run(review_json(tmp_path))
    output = run(
        review_json(
            tmp_path,
            reviewRating={"@type": "Rating", "alternateName": "Mostly true"},
            dateModified="2024-04-01",
        )
    )
    assert "updated as corrections: 1" in output
    record = imported("https://desk.example/r/1")
    claim = record.claim
    verdicts = list(claim.verdicts.order_by("number"))
    assert [v.rating.slug for v in verdicts] == ["false", "mostly-true"]
    assert verdicts[1].approved_by is None
    assert "changed the rating" in verdicts[1].correction_note
    assert str(tmp_path) not in verdicts[1].correction_note  # the desk's files stay private
    assert verdicts[1].published_at.date().isoformat() == "2024-04-01"
    assert claim.published_verdict == verdicts[1] and claim.status == ClaimStatus.PUBLISHED
    assert record.date_modified.isoformat() == "2024-04-01"
    event = AuditEvent.objects.get(action="import-update")
    assert event.changes["rating"] == ["False", "Mostly true"] and event.actor == editor
    assert str(tmp_path) in event.note
    page = Client().get(reverse("public:claim-short", args=[claim.pk]), follow=True)
    assert "Corrected on" in page.content.decode()


def test_changed_claim_words_make_a_new_revision_of_the_imported_source(editor, tmp_path):
    run(review_json(tmp_path))
    run(review_json(tmp_path, claimReviewed="The river is 120 km long. It floods."))
    claim = imported("https://desk.example/r/1").claim
    assert claim.source.revisions.count() == 2
    assert claim.current_text == "The river is 120 km long. It floods."
    assert claim.published_verdict.claim_text == "The river is 120 km long. It floods."
    assert claim.first_sentence.index == 0 and claim.last_sentence.index == 1


def test_a_review_being_corrected_on_the_desk_is_not_overwritten(editor, admin_user, tmp_path):
    run(review_json(tmp_path))
    claim = imported("https://desk.example/r/1").claim
    transition(claim, "correct", admin_user)
    output = run(review_json(tmp_path, reviewRating={"@type": "Rating", "alternateName": "True"}))
    assert "a correction of claim" in output and "in progress" in output
    assert Claim.objects.get(pk=claim.pk).published_verdict.rating.slug == "false"


def test_bad_records_are_listed_and_the_good_ones_imported(editor):
    output = run(FIXTURES / "malformed.json", FIXTURES / "malformed.html")
    assert "malformed.json: 10 records" in output
    assert "imported: 4" in output and "not imported: 6" in output
    assert "malformed.json[4] (“The mayor lives abroad.”): datePublished “05/03/2024”" in output
    assert "malformed.html · script 1: Not valid JSON" in output
    # Kept, with a note: an appearance that was no web address.
    assert "malformed.json[9] (“Parking fines doubled.”): appearance “not a url”" in output
    assert ImportedReview.objects.count() == 5


def test_the_command_refuses_a_user_who_may_not_import(reviewer, tmp_path):
    with pytest.raises(CommandError, match="may not import"):
        run(review_json(tmp_path), user="rita")
    assert not Claim.objects.exists()


def test_the_command_refuses_urls_it_may_not_fetch(editor):
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_claimreview",
            "file:///etc/passwd",
            "https://example.org/x",
            "--user",
            "edna",
            stderr=err,
        )
    assert "Only http:// and https://" in err.getvalue()
    assert "https://example.org/x" in err.getvalue()


def test_the_command_reads_a_page_from_a_local_server(editor, settings):
    settings.FACTCHECK_FETCH_ALLOW = "127.0.0.1/32"
    handler = partial(SimpleHTTPRequestHandler, directory=str(FIXTURES))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/wordpress_plugin.html"
        output = run(url)
    finally:
        server.shutdown()
        server.server_close()
    assert "imported: 1" in output
    assert ImportedReview.objects.get().imported_from == url


def test_round_trip_our_datafeed_export_then_import_reproduces_the_fact_checks(
    reviewer, editor, admin_user, tmp_path
):
    from tests.factories import make_source
    from tests.public.publishing import published_claim

    source = make_source(
        text="Roads were built for cars. Lanes are twelve feet wide.",
        title="Road report",
        origin_url="https://roads.example/report",
    )
    published_claim(source, reviewer, editor, claimant="Dept. of Roads", sentence=0)
    published_claim(
        source, reviewer, editor, rating_slug="misleading", sentence=1, text="Lanes are wide."
    )
    first = json.loads(Client().get(reverse("api:claimreview")).content)
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(first))
    # A fresh desk: no claims, verdicts or sources.
    Claim.objects.update(published_verdict=None)
    Verdict.objects.all().delete()
    Claim.objects.all().delete()
    Source.objects.all().delete()
    assert not Claim.objects.exists()

    assert "imported: 2" in run(path, user="ada")
    second = json.loads(Client().get(reverse("api:claimreview")).content)

    def by_url(feed):
        return sorted(feed["dataFeedElement"], key=lambda item: item["url"])

    assert by_url(second) == by_url(first)


def test_a_paged_feed_is_imported_to_its_last_page(
    reviewer, editor, admin_user, settings, monkeypatch
):
    """Our own /api/claimreview.json, served page by page with Link rel=next
    headers, imported from its URL: every page is read, not the first alone."""
    from http.server import BaseHTTPRequestHandler
    from urllib.parse import urlsplit

    from factcheck.public import api
    from tests.factories import make_source
    from tests.public.publishing import published_claim

    monkeypatch.setattr(api, "FEED_PAGE", 2)
    source = make_source(text="One. Two. Three. Four. Five.", title="Five claims")
    for n, word in enumerate(["One", "Two", "Three", "Four", "Five"]):
        published_claim(source, reviewer, editor, sentence=n, text=f"{word} is the number.")
    # The feed's pages as the API serves them, by path.
    pages, path = {}, reverse("api:claimreview")
    while path:
        response = Client().get(path)
        link = response.get("Link", "")
        pages[path] = (response.content, link)
        following = link[link.find("<") + 1 : link.find(">")] if link else ""
        path = f"{urlsplit(following).path}?{urlsplit(following).query}" if following else ""
    assert len(pages) == 3

    class Replay(BaseHTTPRequestHandler):
        def do_GET(self):
            body, link = pages[self.path]
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            if link:
                self.send_header("Link", link.replace("http://testserver", base))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    settings.FACTCHECK_FETCH_ALLOW = "127.0.0.1/32"
    server = ThreadingHTTPServer(("127.0.0.1", 0), Replay)
    base = f"http://127.0.0.1:{server.server_port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    feeds = [json.loads(body) for body, _ in pages.values()]
    Claim.objects.update(published_verdict=None)
    Verdict.objects.all().delete()
    Claim.objects.all().delete()
    Source.objects.all().delete()
    try:
        output = run(base + reverse("api:claimreview"), user="ada")
    finally:
        server.shutdown()
        server.server_close()

    assert [line.strip() for line in output.splitlines() if "imported:" in line and "not" not in line
            ] == ["imported: 2", "imported: 2", "imported: 1"]  # fmt: skip
    assert sorted(Claim.objects.values_list("text", flat=True)) == sorted(
        item["claimReviewed"] for feed in feeds for item in feed["dataFeedElement"]
    )
    assert ImportedReview.objects.filter(imported_from__startswith=base).count() == 5


def test_a_next_link_is_followed_on_the_same_site_only():
    from factcheck.core.claimreview import next_link

    base = "https://desk.example/api/claimreview.json"
    assert next_link('</api/claimreview.json?cursor=abc>; rel="next"', base) == (
        "https://desk.example/api/claimreview.json?cursor=abc"
    )
    assert next_link('<https://desk.example/p2>; rel="prev", <https://desk.example/p3>; rel=next',
                     base) == "https://desk.example/p3"  # fmt: skip
    assert next_link('<https://elsewhere.example/p2>; rel="next"', base) == ""
    assert next_link('<http://desk.example/p2>; rel="next"', base) == ""
    assert next_link("", base) == ""


def test_storing_a_batch_takes_the_same_queries_at_any_size(editor, django_assert_max_num_queries):
    def reviews(n, offset):
        nodes = [
            {
                "@type": "ClaimReview",
                "url": f"https://desk.example/r/{offset + i}",
                "claimReviewed": f"Claim number {offset + i} is true. It is said often.",
                "datePublished": "2024-03-05",
                "author": {"@type": "Organization", "name": "Desk"},
                "itemReviewed": {"@type": "Claim", "appearance": f"https://news.example/{i}"},
                "reviewRating": {"@type": "Rating", "ratingValue": 1 + i % 5},
            }
            for i in range(n)
        ]
        return read(json.dumps(nodes), "many.json")[0]

    small, large = reviews(5, 0), reviews(200, 100)
    # 21 with the claims' vectors (one insert).
    with django_assert_max_num_queries(21) as small_queries:
        import_reviews(small, user=editor, origin="many.json")
    with django_assert_max_num_queries(len(small_queries)):
        report = import_reviews(large, user=editor, origin="many.json")
    assert report["created"] == 200
    assert Claim.objects.public().count() == 205
