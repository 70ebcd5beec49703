"""A source from a URL and an archived citation, in chromium, with and without
JavaScript. The pages come from the local test server (tests/webserver.py) on
127.0.0.1; tasks wait in the queue so the progress page can be watched, and the
test runs them as the worker would."""

import re

import pytest
from playwright.sync_api import expect

from factcheck.core import snapshots, tasks
from factcheck.core.models import Ingestion, Snapshot
from tests.factories import make_claim


@pytest.fixture
def queued(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def run_queued_fetch():
    """Run the newest queued fetch as the worker would; returns its source."""
    ingestion = Ingestion.objects.filter(kind="fetch").latest("pk")
    tasks.process_ingestion.call(ingestion.pk)
    ingestion.refresh_from_db()
    assert ingestion.source is not None, ingestion.error
    return ingestion.source


def run_queued_archive():
    for snapshot in Snapshot.objects.filter(state="pending"):
        snapshots.archive_snapshot.call(snapshot.pk)


def test_a_url_becomes_a_source_and_a_citation_is_archived(
    page, live_server, demo, login, web, queued
):
    login("reviewer")
    page.goto(f"{live_server.url}/review/sources/new/")
    page.get_by_label("Web page").fill(web.url("/article"))
    page.get_by_role("button", name="Save source").click()

    expect(page).to_have_url(re.compile(r"/review/processing/\d+/$"))
    expect(page.get_by_role("status")).to_contain_text("Waiting for a worker")
    source = run_queued_fetch()  # the worker; the page polls and opens the workspace
    expect(page).to_have_url(re.compile(rf"/review/sources/{source.slug}/$"))
    expect(page.locator("#source-text")).to_contain_text("nine in ten journeys are made by car")
    expect(page.locator("#source-text")).not_to_contain_text("Most read")
    expect(page.get_by_role("heading", level=1)).to_have_text("Minister's road figures questioned")
    expect(page.get_by_role("link", name="our copy")).to_be_visible()

    from django.contrib.auth import get_user_model

    claim = make_claim(source, get_user_model().objects.get(username="reviewer"), sentence=1)
    page.goto(f"{live_server.url}/review/claims/{claim.pk}/")
    form = page.locator("form", has=page.get_by_role("button", name="Add citation"))
    form.get_by_label("URL", exact=True).fill(web.url("/pages/blog-post.html"))
    form.get_by_label("Title").fill("Step counters tested")
    form.get_by_role("button", name="Add citation").click()
    expect(page.locator(".citation-copy")).to_have_text("Being archived…")
    run_queued_archive()
    page.reload()
    copy = page.locator(".citation-copy").get_by_role("link", name=re.compile("^Archived "))
    expect(copy).to_be_visible()
    copy.click()
    expect(page.locator(".snapshot-text")).to_contain_text("two fitness trackers on the same wrist")
    expect(page.locator(".snapshot-text")).not_to_contain_text("Leave a Reply")


def test_the_same_without_javascript(no_js_page, live_server, demo, web, queued):
    page = no_js_page
    page.goto(f"{live_server.url}/accounts/login/?next=/review/sources/new/")
    page.get_by_label("Username").fill("reviewer")
    page.get_by_label("Password").fill("demo")
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Web page").fill(web.url("/article"))
    page.get_by_role("button", name="Save source").click()

    expect(page).to_have_url(re.compile(r"/review/processing/\d+/$"))
    source = run_queued_fetch()
    page.get_by_role("link", name="Refresh").click()
    expect(page).to_have_url(re.compile(rf"/review/sources/{source.slug}/$"))
    expect(page.locator("#source-text")).to_contain_text("nine in ten journeys are made by car")

    page.get_by_role("button", name="Fetch again").click()
    expect(page).to_have_url(re.compile(r"/review/processing/\d+/$"))
    run_queued_fetch()
    page.get_by_role("link", name="Refresh").click()
    expect(page.get_by_text("The page is unchanged since revision 1")).to_be_visible()

    from django.contrib.auth import get_user_model

    claim = make_claim(source, get_user_model().objects.get(username="reviewer"), sentence=1)
    page.goto(f"{live_server.url}/review/claims/{claim.pk}/")
    form = page.locator("form", has=page.get_by_role("button", name="Add citation"))
    form.get_by_label("URL", exact=True).fill(web.url("/gone"))
    form.get_by_label("Title").fill("A dead link")
    form.get_by_role("button", name="Add citation").click()
    run_queued_archive()
    page.reload()
    expect(page.locator(".citation-copy")).to_have_text(
        "Could not be archived: The server answered 404 Not Found."
    )
