"""The assigned-work flow: an editor gives a source to a reviewer, who is told
in the navigation and on the desk, and follows the notification to the work."""

import re

from playwright.sync_api import expect

from factcheck.core.models import Assignment, Notification


def test_an_editor_assigns_a_source_and_the_reviewer_finds_it(page, live_server, login, demo):
    login("editor")
    page.goto(f"{live_server.url}/review/")
    row = page.get_by_role("row").filter(has_text="Kei Party")
    row.get_by_role("link", name="Assign…").click()
    page.get_by_label("Assign to").select_option(label="reviewer")
    page.get_by_role("button", name="Save assignment").click()
    expect(page.get_by_role("status")).to_contain_text("“Kei Party” is assigned to reviewer.")
    expect(page.get_by_role("row").filter(has_text="Kei Party")).to_contain_text("reviewer")
    page.get_by_role("button", name="Log out editor").click()

    login("reviewer")
    nav = page.get_by_role("navigation", name="Site")
    expect(nav.get_by_role("link", name="Assigned to me 1")).to_be_visible()
    assigned = page.get_by_role("region", name="Assigned to me")
    expect(assigned.get_by_role("link", name="Source: Kei Party")).to_be_visible()
    nav.get_by_role("link", name="Notifications").click()
    page.get_by_role("link", name="editor assigned the source “Kei Party” to you").click()

    expect(page).to_have_url(f"{live_server.url}/review/sources/kei-party/")
    assert Assignment.objects.get(source__slug="kei-party").assignee.username == "reviewer"
    reviewer_unread = Notification.objects.unread().filter(recipient__username="reviewer")
    assert not reviewer_unread.filter(source__slug="kei-party").exists()


def test_a_bulk_publish_waits_for_the_editors_confirmation(page, live_server, login, demo):
    from tests.browser.test_admin import HIGH_WINDS, admin_login, run_on_submitted_claim

    admin_login(page, live_server, "editor")
    run_on_submitted_claim(page, live_server, "Approve and publish")

    expect(page.locator("#will-happen")).to_contain_text(HIGH_WINDS)
    page.get_by_role("link", name="Cancel").click()
    expect(page.locator("#result_list")).to_contain_text(HIGH_WINDS)
    from factcheck.core.models import Claim

    assert Claim.objects.get(text=HIGH_WINDS).status == "submitted"


def test_an_editor_assigns_a_claim_and_the_assignee_can_work_on_it(page, live_server, login, demo):
    from django.contrib.auth import get_user_model

    from factcheck.core.models import Claim
    from tests.factories import make_claim

    source = Claim.objects.filter(source__slug="kei-party").first().source
    author = get_user_model().objects.get(username="reviewer")
    claim = make_claim(source, author, sentence=2, text="A claim the editor hands over.")
    login("editor")
    page.goto(f"{live_server.url}/review/claims/{claim.pk}/assign/")
    page.get_by_label("Assign to").select_option(label="reviewer2")
    page.get_by_role("button", name="Save assignment").click()
    expect(page.get_by_role("status")).to_contain_text("is assigned to reviewer2.")
    page.get_by_role("button", name="Log out editor").click()

    login("reviewer2")
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Notifications").click()
    # The newest first (the demo's own assignment to reviewer2 is below).
    note = page.get_by_role(
        "link", name=re.compile(r"editor assigned claim \d+ in “Kei Party”")
    ).first
    expect(note).to_contain_text("you can now edit it")
    note.click()
    expect(page).to_have_url(f"{live_server.url}/review/claims/{claim.pk}/")
    editor_panel = page.locator("#claim-editor")
    expect(editor_panel).not_to_contain_text("can edit this claim")
    page.get_by_label("Summary").fill("Checked by the assignee.")
    page.get_by_role("button", name="Save verdict").click()
    expect(editor_panel.get_by_role("status")).to_have_text("Verdict saved.")

    assert Claim.objects.get(pk=claim.pk).summary == "Checked by the assignee."
    told = Notification.objects.get(recipient=author, kind="reassigned")
    assert told.message.endswith("to reviewer2.")
