"""The workspace's check-worthy sentences in a browser: the filter swaps the
text for the candidates and back, and a dismissal and its undo happen in
place (htmx), without a page load."""

import pytest
from playwright.sync_api import expect

from factcheck.core.models import CandidateDismissal, Source

ARTICLE = "kei-party"
SEVENTY_THREE = "That was 73 years ago."


@pytest.mark.django_db(transaction=True)
def test_reviewer_filters_the_candidates_dismisses_one_and_undoes_it(
    page, live_server, demo, login
):
    login("reviewer")
    page.goto(f"{live_server.url}/review/sources/{ARTICLE}/")
    source = Source.objects.get(slug=ARTICLE)
    anchor = next(
        s.anchor for s in source.current_revision.sentences.all() if s.text == SEVENTY_THREE
    )
    sentence = page.locator(f"#source-text #{anchor}")
    expect(sentence).to_have_class("sentence candidate")
    expect(sentence).to_have_attribute("title", "Check-worthy: a number")
    page.evaluate("window.__same_page = true")

    page.get_by_role("link", name="Check-worthy only").click()

    expect(page).to_have_url(f"{live_server.url}/review/sources/{ARTICLE}/?show=candidates")
    item = page.locator(f"#candidate-{anchor}")
    expect(item).to_contain_text(SEVENTY_THREE)
    expect(item).to_contain_text("Check-worthy: a number")
    expect(page.locator("#source-text")).not_to_contain_text("What a time to be alive.")

    item.get_by_role("button", name="Dismiss", exact=True).click()

    expect(item).to_contain_text("Dismissed by reviewer")
    expect(item).to_have_class("candidate-item dismissed")
    assert CandidateDismissal.objects.filter(source=source, anchor=anchor).exists()

    item.get_by_role("button", name="Undo dismissal").click()

    expect(item.get_by_role("button", name="Dismiss", exact=True)).to_be_visible()
    assert not CandidateDismissal.objects.exists()
    page.get_by_role("link", name="All sentences").click()
    expect(page.locator(f"#source-text #{anchor}")).to_have_class("sentence candidate")
    # Every step was an htmx swap: the page itself never reloaded.
    assert page.evaluate("window.__same_page") is True
