import re

from playwright.sync_api import expect

from factcheck.core.models import AnchorState, Claim, Source

ARTICLE = "kei-party"
REMOVED = "The kei regulations were issued in 1949"


def test_revising_the_demo_article_then_reattaching_its_orphan(page, live_server, demo, login):
    # The orphan is a published fact-check: re-attaching it moves a public
    # verdict, which is an editor's call.
    source = Source.objects.get(slug=ARTICLE)
    orphan = Claim.objects.get(source=source, quote=REMOVED)
    claims_before = source.claims.count()
    login("editor")

    page.goto(f"{live_server.url}/review/sources/{ARTICLE}/revise/")
    text = page.get_by_label("Text").input_value()
    paragraph = next(p for p in text.split("\n") if REMOVED in p)
    rewritten = paragraph.replace(
        REMOVED + "—to enable",
        "Japan set out rules for a light-vehicle class in its first postwar years to enable",
    )
    page.get_by_label("Text").fill(
        "Updated on December 6, 2025.\n\n" + text.replace(paragraph, rewritten)
    )
    page.get_by_label("What changed").fill("The publisher added a note and reworded a line.")
    page.get_by_role("button", name="Save revision").click()

    expect(page).to_have_url(re.compile(rf"/review/sources/{ARTICLE}/revisions/2/$"))
    expect(page.get_by_text("Revision 2 saved.")).to_be_visible()
    summary = page.locator(".reanchor-counts")
    expect(summary).to_contain_text("1 orphaned")
    expect(page.locator(".attention")).to_contain_text(REMOVED)
    expect(page.locator(".diff ins").first).to_contain_text("Updated on December 6, 2025.")
    assert Source.objects.get(slug=ARTICLE).claims.count() == claims_before

    # The orphan waits in the workspace with its original quote.
    page.goto(f"{live_server.url}/review/sources/{ARTICLE}/")
    orphans = page.locator(".orphans")
    expect(orphans).to_contain_text(REMOVED)
    orphans.get_by_role("link", name="Re-attach").click()

    sentence = page.locator("select[name=first] option", has_text="Japan set out rules")
    page.get_by_label("First sentence").select_option(sentence.get_attribute("value"))
    page.get_by_role("button", name="Re-attach here").click()

    expect(page.get_by_text("Claim re-attached to the selected text.")).to_be_visible()
    orphan.refresh_from_db()
    assert orphan.anchor_state == AnchorState.ANCHORED
    assert orphan.quote.startswith("Japan set out rules")
    expect(page.locator(f'mark[data-claims~="{orphan.pk}"]').first).to_be_visible()


COMMENT = "kei-cars-comment"
CHECKED = 'American roads were designed for the "horse and buggy" size'
HORSE = "Bigger cars can not fit down roads designed for the width of a single horse."


def test_a_revised_published_text_reaches_readers_only_after_a_second_person_approves(
    page, browser, live_server, demo, login
):
    claim = Claim.objects.get(source__slug=COMMENT, quote=CHECKED)
    public_url = f"{live_server.url}/sources/{COMMENT}/"
    reader = browser.new_context().new_page()  # not logged in
    login("reviewer")

    # A word changed in the checked passage, and a sentence moved.
    page.goto(f"{live_server.url}/review/sources/{COMMENT}/revise/")
    text = page.get_by_label("Text").input_value()
    revised = text.replace('"horse and buggy"', '"horse and cart"').replace(" " + HORSE, "")
    page.get_by_label("Text").fill(revised.rstrip() + "\n\n" + HORSE)
    page.get_by_label("What changed").fill("The commenter edited the post.")
    page.get_by_role("button", name="Save revision").click()
    expect(page).to_have_url(re.compile(rf"/review/sources/{COMMENT}/revisions/2/$"))
    expect(page.locator(".diff-stats")).to_contain_text("1 sentence moved")
    expect(page.locator(".diff .moved-to")).to_contain_text(HORSE)
    claim.refresh_from_db()
    assert claim.anchor_state == AnchorState.FUZZY

    # Readers keep the approved text and its highlight.
    reader.goto(public_url)
    expect(reader.locator(".source-head .meta")).to_contain_text("revision 1")
    expect(reader.locator(f'a[href="#claim-{claim.pk}"] mark').first).to_contain_text(
        "horse and buggy"
    )
    expect(reader.get_by_text("horse and cart")).to_have_count(0)

    # The reviewer confirms the new place: it waits for an editor.
    page.goto(f"{live_server.url}/review/claims/{claim.pk}/")
    page.get_by_role("button", name="Confirm new place").click()
    expect(page.locator(".place-review")).to_contain_text(
        "Waiting for an editor to approve the new place"
    )
    expect(page.get_by_role("button", name="Approve and publish")).to_have_count(0)
    reader.reload()
    expect(reader.locator(".source-head .meta")).to_contain_text("revision 1")
    expect(reader.get_by_text("horse and cart")).to_have_count(0)

    # An editor finds it on the desk and approves it.
    page.get_by_role("button", name="Log out").click()
    login("editor")
    page.goto(f"{live_server.url}/review/")
    waiting = page.locator(".claim-item", has_text="New place to approve")
    expect(waiting).to_have_count(1)
    waiting.get_by_role("link").first.click()
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.get_by_text("New place approved: readers now see revision 2")).to_be_visible()

    reader.reload()
    expect(reader.locator(".source-head .meta")).to_contain_text("revision 2")
    expect(reader.locator(f'a[href="#claim-{claim.pk}"] mark').first).to_contain_text(
        "horse and cart"
    )
    reader.context.close()
