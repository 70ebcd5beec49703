from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from factcheck.core.models import Claim, ClaimStatus

HIGH_WINDS = "High winds routinely push small cars off North American highways."
# The demo verdict's summary, shown on the public page once published.
HIGH_WINDS_SUMMARY = "Strong crosswinds are a real hazard"
PUBLIC_SOURCE = "/sources/kei-cars-comment/"


def admin_login(page, live_server, username, password="demo"):
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def run_on_submitted_claim(page, live_server, action, *, confirm=False):
    """From the admin index, through the status filter, `action` on the demo claim."""
    page.goto(f"{live_server.url}/admin/")
    page.get_by_role("link", name="Claims", exact=True).first.click()
    page.locator("#changelist-filter").get_by_role("link", name="Submitted", exact=True).click()
    row = page.get_by_role("row").filter(has_text=HIGH_WINDS)
    expect(row).to_have_count(1)
    row.get_by_role("checkbox").check()
    page.get_by_role("combobox", name="Action").select_option(label=action)
    page.get_by_role("button", name="Run").click()
    if confirm:  # the confirmation page lists what will happen first
        page.get_by_role("button", name=action).click()


def test_editor_publishes_the_waiting_claim_and_it_appears_on_the_public_page(
    page, live_server, demo
):
    page.goto(live_server.url + PUBLIC_SOURCE)
    expect(page.locator("body")).not_to_contain_text(HIGH_WINDS_SUMMARY)
    admin_login(page, live_server, "editor")
    expect(page.locator("#claims-waiting")).to_contain_text("1 claim waiting for an editor")

    run_on_submitted_claim(page, live_server, "Approve and publish", confirm=True)

    expect(page.locator(".messagelist")).to_contain_text(f"Published: 1 claim — “{HIGH_WINDS}”.")
    claim = Claim.objects.get(text=HIGH_WINDS)
    assert claim.status == ClaimStatus.PUBLISHED
    assert claim.published_verdict.approved_by.username == "editor"
    page.goto(live_server.url + PUBLIC_SOURCE)
    expect(page.locator("body")).to_contain_text(HIGH_WINDS_SUMMARY)


def test_the_author_cannot_get_into_the_admin(page, live_server, demo):
    admin_login(page, live_server, "reviewer")

    expect(page.locator(".errornote")).to_contain_text(
        "Please enter the correct username and password for a staff account."
    )
    page.goto(f"{live_server.url}/admin/core/claim/")
    expect(page).to_have_url(f"{live_server.url}/admin/login/?next=/admin/core/claim/")
    assert Claim.objects.get(text=HIGH_WINDS).status == ClaimStatus.SUBMITTED


def test_an_editor_cannot_publish_a_verdict_they_wrote(page, live_server, demo):
    editor = get_user_model().objects.get(username="editor")
    # As if the editor had rewritten the reviewer's verdict before approving it.
    Claim.objects.get(text=HIGH_WINDS).contributors.add(editor)
    admin_login(page, live_server, "editor")

    run_on_submitted_claim(page, live_server, "Approve and publish")

    expect(page.locator("#will-be-refused")).to_contain_text(
        "You changed this fact-check since its last approval: a second person must review it."
    )
    expect(page.get_by_role("button", name="Approve and publish")).to_have_count(0)
    assert Claim.objects.get(text=HIGH_WINDS).status == ClaimStatus.SUBMITTED
