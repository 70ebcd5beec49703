"""Similar claims in the workspace, in a real browser: they follow the typing,
and a draft is marked "already checked" in place."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from factcheck.core.models import Claim
from tests.factories import make_complete_claim, make_source
from tests.public.publishing import publish, published_claim

EARLIER = "Lanes on American highways are twelve feet wide."


@pytest.fixture
def earlier(demo):
    users = get_user_model().objects
    source = make_source(text="Highway lanes are 12 feet wide. That is all.", title="Old check")
    return published_claim(
        source, users.get(username="reviewer"), users.get(username="editor"), text=EARLIER
    )


def test_similar_claims_follow_the_typing_and_a_draft_is_marked_already_checked(
    page, live_server, earlier, login
):
    login("reviewer")
    page.goto(f"{live_server.url}/review/sources/kei-cars-comment/claims/new/?first=0")
    region = page.locator("#similar-claims")
    expect(region).to_contain_text("State the claim")

    page.get_by_label(re.compile(r"^Claim:?$")).fill("US highway lanes are 12 feet wide.")

    expect(region).to_contain_text(EARLIER)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/review/claims/\d+/$"))
    region.get_by_role("button", name="Mark as already checked by this fact-check").click()
    expect(region).to_contain_text("Already checked")
    draft = Claim.objects.get(text="US highway lanes are 12 feet wide.")
    assert draft.same_as_id == earlier.pk


def test_marking_a_claim_in_a_private_source_shows_nothing_publicly_until_approved(
    page, browser, live_server, earlier, login
):
    users = get_user_model().objects
    reviewer, editor = users.get(username="reviewer"), users.get(username="editor")
    private = make_source(text="Highway lanes are twelve feet. Psst.", title="Tip line")
    draft = make_complete_claim(private, reviewer, text="US highway lanes are 12 feet wide.")
    login("reviewer")
    page.goto(f"{live_server.url}/review/claims/{draft.pk}/")
    region = page.locator("#similar-claims")
    region.get_by_role("button", name="Mark as already checked by this fact-check").click()
    expect(region).to_contain_text("Already checked")
    expect(region).to_contain_text("once this claim is approved and published")

    reader = browser.new_context().new_page()
    reader.goto(f"{live_server.url}/claims/{earlier.pk}/")
    expect(reader.get_by_role("heading", name="Also seen in")).to_have_count(0)
    assert "Tip line" not in reader.content()
    page.goto(f"{live_server.url}/claims/{earlier.pk}/")  # logged in: the same public page
    expect(page.get_by_role("main")).not_to_contain_text("Tip line")

    publish(Claim.objects.get(pk=draft.pk), reviewer, editor)
    reader.reload()
    seen = reader.get_by_role("region", name="Also seen in")
    expect(seen.get_by_role("link", name="Tip line")).to_have_attribute(
        "href", "/sources/tip-line/"
    )
    reader.context.close()
