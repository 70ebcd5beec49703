"""Similar claims in the workspace, in a real browser: they follow the typing,
and a draft is marked "already checked" in place."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from factcheck.core.models import Claim
from tests.factories import make_source
from tests.public.publishing import published_claim

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
