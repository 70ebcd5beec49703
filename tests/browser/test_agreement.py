"""An editor reads the desk's agreement figures: the plot, its table, and a filter."""

import datetime
import os
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect


def at(year, month):
    return timezone.make_aware(datetime.datetime(year, month, 15, 12))


@pytest.fixture
def pairs(demo):
    from django.contrib.auth import get_user_model

    from factcheck.core.models import BlindRating, Claim
    from tests.factories import blind_pairs

    # The demo's own pair (revealed today) would add a period: only these count.
    BlindRating.objects.all().delete()
    users = get_user_model().objects
    editor, reviewer = users.get(username="editor"), users.get(username="reviewer")
    claim = Claim.objects.first()
    slugs = [
        ("true", "true"),
        ("true", "mostly-true"),
        ("mostly-true", "mostly-true"),
        ("false", "mostly-false"),
        ("false", "false"),
    ]
    blind_pairs(claim, [(editor, a, reviewer, b, at(2026, 2)) for a, b in slugs])
    blind_pairs(claim, [(reviewer, "true", editor, "false", at(2026, 8))])


def test_an_editor_opens_the_agreement_page_and_sees_the_plot(page, live_server, login, pairs):
    login("editor")
    page.goto(f"{live_server.url}/review/")
    page.get_by_role("link", name="Agreement figures").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Agreement between blind ratings")
    plot = page.get_by_role("img", name="Agreement per quarter")
    expect(plot).to_be_visible()
    assert plot.bounding_box()["height"] > 100
    expect(plot.locator("circle")).to_have_count(3 + 3)
    table = page.get_by_role("table", name="Figures per quarter")
    expect(table.get_by_role("row", name=re.compile("^2026 Q1"))).to_contain_text("0.847")
    if os.environ.get("FACTCHECK_SCREENSHOTS"):
        page.screenshot(path=os.environ["FACTCHECK_SCREENSHOTS"], full_page=True)

    page.get_by_label("Group by").select_option("year")
    page.get_by_role("button", name="Show figures").click()

    expect(page).to_have_url(re.compile(r"period=year"))
    expect(page.get_by_role("img", name="Agreement per year")).to_be_visible()
    expect(page.get_by_role("table", name="Figures per year")).to_contain_text("2026")
    serious = [
        v["id"]
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_the_filters_work_without_javascript(no_js_page, live_server, pairs):
    page = no_js_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("demo")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/review/agreement/")

    page.get_by_label("Group by").select_option("month")
    page.get_by_label("From").fill("2026-08-01")
    page.get_by_role("button", name="Show figures").click()

    table = page.get_by_role("table", name="Figures per month")
    expect(table).to_contain_text("Aug 2026")
    expect(table).not_to_contain_text("Feb 2026")
    expect(page.get_by_role("img", name="Agreement per month")).to_be_visible()
