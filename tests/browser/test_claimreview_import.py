"""An editor imports a ClaimReview archive from the admin and a reader sees it."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from factcheck.core.models import ImportedReview

from .test_admin import admin_login

FIXTURES = Path(__file__).parent.parent / "core" / "fixtures" / "claimreview"

pytestmark = pytest.mark.django_db(transaction=True)


def test_editor_uploads_a_page_of_reviews_and_reads_the_report(page, live_server, demo):
    admin_login(page, live_server, "editor")
    page.goto(f"{live_server.url}/admin/")
    page.get_by_role("link", name="Imported reviews").click()
    page.get_by_role("link", name="Import ClaimReview").click()
    page.get_by_label("ClaimReview file").set_input_files(FIXTURES / "large_factchecker.html")
    page.get_by_role("button", name="Import").click()

    expect(page.get_by_role("status")).to_contain_text("Done: 4 records read.")
    expect(page.locator(".import-counts")).to_contain_text("Imported: 4")
    assert ImportedReview.objects.filter(imported_by__username="editor").count() == 4

    # Again: nothing changes, and the report says so.
    page.get_by_role("link", name="Import another file").click()
    page.get_by_label("ClaimReview file").set_input_files(FIXTURES / "large_factchecker.html")
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".import-counts")).to_contain_text("Unchanged (imported before): 4")

    claim = ImportedReview.objects.get(review_url__endswith="#teachers").claim
    page.goto(f"{live_server.url}/claims/{claim.pk}/")
    expect(page.locator(".imported-note")).to_contain_text("first published by National Fact Desk")
    expect(page.get_by_role("link", name="Read the original review")).to_have_attribute(
        "href", "https://nationalfactdesk.example/debate-2024/#teachers"
    )


def test_a_bad_file_gets_its_reasons_listed(page, live_server, demo):
    admin_login(page, live_server, "editor")
    page.goto(f"{live_server.url}/admin/core/importedreview/import/")
    page.get_by_label("ClaimReview file").set_input_files(FIXTURES / "malformed.html")
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".import-problems")).to_contain_text("malformed.html · script 1")
    expect(page.locator(".import-problems")).to_contain_text("Not valid JSON")
