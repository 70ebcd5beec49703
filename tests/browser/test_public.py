"""Readers on the public pages, in chromium."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from factcheck.core.models import Claim, Source
from factcheck.public.published import claim_url

COMMENT = "kei-cars-comment"


@pytest.fixture
def horse_and_buggy(demo):
    """The demo's published claim on the reader comment, and its sentence."""
    claim = Claim.objects.public().get(source__slug=COMMENT)
    return claim, claim.first_sentence


def public_pages(live_server, claim):
    return {
        "home": f"{live_server.url}/",
        "source": f"{live_server.url}/sources/{COMMENT}/",
        "claim": f"{live_server.url}{claim_url(claim)}",
    }


def test_reader_follows_a_sentence_permalink_to_the_highlighted_sentence(
    page, live_server, horse_and_buggy
):
    _, sentence = horse_and_buggy

    page.goto(f"{live_server.url}/sources/{COMMENT}/#{sentence.anchor}")

    target = page.locator(f"#{sentence.anchor}")
    expect(target).to_be_in_viewport()
    expect(target.locator("mark.hl")).to_contain_text("horse and buggy")
    assert page.evaluate("document.querySelector(':target').id") == sentence.anchor


def test_reader_opens_a_verdict_by_clicking_a_highlight(page, live_server, horse_and_buggy):
    claim, sentence = horse_and_buggy
    page.goto(f"{live_server.url}/sources/{COMMENT}/")

    page.locator(f"#{sentence.anchor} mark.hl").click()

    expect(page).to_have_url(re.compile(f"#claim-{claim.pk}$"))
    entry = page.locator(f"#claim-{claim.pk}")
    expect(entry).to_be_in_viewport()
    expect(entry.locator(".rating-badge")).to_have_text("✗ False")
    expect(entry).to_contain_text(claim.published_verdict.summary)
    entry.get_by_role("link", name=claim.published_verdict.claim_text).click()
    expect(page).to_have_url(re.compile(re.escape(claim_url(claim)) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(claim.published_verdict.claim_text)


def test_keyboard_reader_reaches_a_verdict_through_its_badge(page, live_server, horse_and_buggy):
    claim, _ = horse_and_buggy
    page.goto(f"{live_server.url}/sources/{COMMENT}/")

    page.get_by_role("link", name="Claim 1: False").focus()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(f"#claim-{claim.pk}$"))


@pytest.mark.parametrize("name", ["home", "source", "claim"])
def test_public_page_has_no_serious_accessibility_violation(
    page, live_server, horse_and_buggy, name
):
    claim, _ = horse_and_buggy
    page.goto(public_pages(live_server, claim)[name])

    results = Axe().run(page)

    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


@pytest.mark.parametrize("name", ["home", "source", "claim"])
def test_public_page_renders_without_javascript(no_js_page, live_server, horse_and_buggy, name):
    claim, _ = horse_and_buggy

    no_js_page.goto(public_pages(live_server, claim)[name])

    expect(no_js_page.get_by_role("heading", level=1)).to_be_visible()
    expect(no_js_page.get_by_role("link", name="Methodology")).to_be_visible()


def test_filters_work_without_javascript(no_js_page, live_server, demo):
    no_js_page.goto(f"{live_server.url}/")

    no_js_page.get_by_label("Rating", exact=True).select_option(label="True")
    no_js_page.get_by_role("button", name="Show").click()

    expect(no_js_page).to_have_url(re.compile(r"rating=true"))
    expect(no_js_page.locator(".check-title")).to_have_text(
        ["Japan's kei car regulations date from 1949."]
    )


def test_highlight_opens_its_verdict_without_javascript(no_js_page, live_server, horse_and_buggy):
    claim, sentence = horse_and_buggy
    no_js_page.goto(f"{live_server.url}/sources/{COMMENT}/")

    no_js_page.locator(f"#{sentence.anchor} mark.hl").click()

    expect(no_js_page.locator(f"#claim-{claim.pk}")).to_be_in_viewport()


def test_suggestion_form_works_without_javascript(no_js_page, live_server, horse_and_buggy):
    claim, _ = horse_and_buggy
    no_js_page.goto(f"{live_server.url}{claim_url(claim)}")

    no_js_page.get_by_label("What should we correct?").fill("The buggy was wider.")
    no_js_page.get_by_role("button", name="Send suggestion").click()

    expect(
        no_js_page.get_by_text("Thank you. An editor will read your suggestion.")
    ).to_be_visible()
    assert claim.suggestions.get().message == "The buggy was wider."


def test_htmx_filter_updates_the_results_in_place(page, live_server, demo):
    page.goto(f"{live_server.url}/")
    page.evaluate("window.__same_page = true")

    page.get_by_label("Rating", exact=True).select_option(label="False")

    expect(page).to_have_url(re.compile(r"rating=false"))
    expect(page.locator(".check-title")).to_have_count(1)
    assert page.evaluate("window.__same_page") is True


def test_htmx_suggestion_thanks_in_place(page, live_server, horse_and_buggy):
    claim, _ = horse_and_buggy
    page.goto(f"{live_server.url}{claim_url(claim)}")

    page.get_by_label("Your email (optional)").fill("kim@example")
    page.get_by_label("What should we correct?").fill("Kept text")
    page.get_by_role("button", name="Send suggestion").click()

    expect(page.get_by_text("Enter a valid email address.")).to_be_visible()
    expect(page.get_by_label("What should we correct?")).to_have_value("Kept text")
    page.get_by_label("Your email (optional)").fill("")
    page.get_by_role("button", name="Send suggestion").click()
    expect(page.get_by_text("Thank you. An editor will read your suggestion.")).to_be_visible()
    assert Source.objects.get(slug=COMMENT).claims.get(pk=claim.pk).suggestions.count() == 1


def test_a_link_to_a_removed_sentence_explains_and_leads_to_its_revision(page, live_server, demo):
    from factcheck.core.sources import add_revision

    source = Source.objects.get(slug="kei-party")
    removed = next(s for s in source.current_revision.sentences.all() if s.text == "Really.")
    add_revision(source, source.current_revision.text.replace("Really.", "Truly."))

    page.goto(f"{live_server.url}/sources/kei-party/#{removed.anchor}")

    notice = page.locator("#missing-sentence")
    expect(notice).to_be_visible()
    notice.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/sources/kei-party/revisions/1/#{removed.anchor}$"))
    expect(page.locator(f"#{removed.anchor}")).to_have_text(re.compile("^Really."))
    expect(page.get_by_text("You are reading revision 1")).to_be_visible()
