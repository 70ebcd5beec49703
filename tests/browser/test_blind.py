"""The blind second rating, as the three people involved see it: an editor asks,
the second reviewer rates without anything of the first rating on their pages,
both see each other's afterwards, and the editor resolves their disagreement."""

import re

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from factcheck.core.claims import add_citation
from factcheck.core.models import BlindRating, BlindState, Source
from tests.factories import make_claim, write_verdict

FIRST_SUMMARY = "Kei cars FIRSTSUMMARY are legal after 25 years."
FIRST_RATIONALE = "FIRSTRATIONALE: the import rule is **25 years**."
CITATION = "FIRSTCITATION import rules"
SECOND_SUMMARY = "SECONDSUMMARY: only some states allow them."
SECOND_RATIONALE = "SECONDRATIONALE: state rules differ."
MARKERS = ("FIRSTSUMMARY", "FIRSTRATIONALE", "FIRSTCITATION", "example.org/import-rules")


def a_rated_claim():
    """A claim `reviewer` wrote and rated False, with a citation."""
    author = get_user_model().objects.get(username="reviewer")
    claim = make_claim(
        Source.objects.get(slug="kei-party"), author, sentence=3, text="Kei cars are banned."
    )
    write_verdict(
        claim, author, rating_slug="false", summary=FIRST_SUMMARY, rationale=FIRST_RATIONALE
    )
    add_citation(
        claim,
        editor=author,
        archive=False,
        url="https://example.org/import-rules",
        title=CITATION,
        stance="refutes",
    )
    return claim


def log_out(page, username):
    page.get_by_role("button", name=f"Log out {username}").click()


def assert_nothing_of_the_first_rating(page):
    html = page.content()
    assert not [marker for marker in MARKERS if marker in html]
    # "False" badges only in the list of what each rating means.
    assert (
        page.locator('[data-rating="false"]').count()
        == page.locator('.rating-help [data-rating="false"]').count()
    )


def test_the_blind_flow_from_request_to_resolution(page, live_server, login, demo):
    claim = a_rated_claim()
    claim_url = f"{live_server.url}/review/claims/{claim.pk}/"

    login("editor")
    page.goto(claim_url)
    panel = page.locator("#blind-panel")
    panel.get_by_label("Second reviewer").select_option(label="reviewer2")
    panel.get_by_role("button", name="Ask for an independent rating").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Asked reviewer2 for an independent rating."
    )
    expect(page.locator("#blind-panel")).to_contain_text("Waiting for the second rating")
    log_out(page, "editor")

    login("reviewer2")
    requests = page.get_by_role("region", name="Independent ratings asked of me")
    requests.get_by_role("link", name="Kei cars are banned.").click()
    expect(page).to_have_url(f"{live_server.url}/review/claims/{claim.pk}/blind/")
    expect(page.get_by_role("note").first).to_contain_text("You rate it on your own research")
    expect(page.locator(".quote-context mark")).to_have_text(claim.quote)
    assert_nothing_of_the_first_rating(page)
    assert page.locator('input[name="rating"]:checked').count() == 0
    # The claim's own page and its source send nothing of it either.
    page.goto(claim_url)
    expect(page).to_have_url(f"{live_server.url}/review/claims/{claim.pk}/blind/")
    page.goto(f"{live_server.url}/review/sources/kei-party/")
    expect(page.locator(f'mark[data-claims~="{claim.pk}"]')).to_have_attribute(
        "data-rating", "blind"
    )
    assert_nothing_of_the_first_rating(page)
    page.go_back()

    page.get_by_role("radio", name=re.compile(r"^\S+ Mostly true$")).check()
    page.get_by_label("Your summary").fill(SECOND_SUMMARY)
    page.get_by_label("Your rationale").fill(SECOND_RATIONALE)
    page.get_by_role("button", name="Submit my rating").click()

    expect(page).to_have_url(claim_url)
    pair = page.locator(".blind-pair")
    expect(pair).to_contain_text(FIRST_SUMMARY)
    expect(pair).to_contain_text(SECOND_SUMMARY)
    expect(pair.get_by_text("✗ False")).to_be_visible()
    expect(pair.get_by_text("≈ Mostly true")).to_be_visible()
    expect(page.locator("#blind-panel")).to_contain_text("The blind ratings disagree.")
    log_out(page, "reviewer2")

    login("reviewer")
    page.goto(claim_url)
    expect(page.locator(".blind-pair")).to_contain_text(SECOND_RATIONALE)
    log_out(page, "reviewer")

    login("editor")
    queue = page.get_by_role("region", name="Blind ratings that disagree")
    queue.get_by_role("link", name="Kei cars are banned.").click()
    expect(page.locator(".claim-editor h2")).to_contain_text("Blind ratings disagree")
    page.get_by_label("How it was settled").fill("Both right: federal and state rules differ.")
    page.get_by_role("button", name="Resolve the disagreement").click()
    expect(page.locator("#blind-panel")).to_contain_text("resolved by editor")
    expect(page.locator(".claim-editor h2")).not_to_contain_text("Blind ratings disagree")

    pair = BlindRating.objects.get(claim=claim)
    assert pair.state == BlindState.REVEALED and pair.resolved_by.username == "editor"
