import re

from playwright.sync_api import expect

from factcheck.core.models import Source
from tests.browser.conftest import paste_source


def test_reader_follows_a_sentence_permalink_to_that_sentence(page, live_server, demo):
    revision = Source.objects.get(slug="kei-cars-comment").current_revision
    sentence = next(s for s in revision.sentences.all() if "horse and buggy" in s.text)

    page.goto(f"{live_server.url}/sources/kei-cars-comment/#{sentence.anchor}")

    target = page.locator(f"#{sentence.anchor}")
    expect(target).to_be_in_viewport()
    expect(target).to_contain_text("American roads were designed")
    assert page.evaluate("document.querySelector(':target').id") == sentence.anchor


def test_reviewer_pastes_a_new_source_and_lands_on_it(page, live_server, demo, login):
    login("reviewer")
    page.goto(f"{live_server.url}/review/sources/new/")

    paste_source(page, "Kei follow-up", "Kei cars are light.\nThey weigh under a tonne. Really.")

    expect(page).to_have_url(re.compile(r"/sources/kei-follow-up/$"))
    expect(page.locator(".sentence")).to_have_count(3)


def test_bad_input_shows_the_message_and_keeps_the_title(page, live_server, demo, login):
    login("reviewer")
    page.goto(f"{live_server.url}/review/sources/new/")

    paste_source(page, "Keep me", "   ")

    expect(page.get_by_text("The text is empty or only whitespace.")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Keep me")
    assert not Source.objects.filter(title="Keep me").exists()


def test_new_source_form_works_without_javascript(no_js_page, live_server, demo):
    no_js_page.goto(f"{live_server.url}/accounts/login/?next=/review/sources/new/")
    no_js_page.get_by_label("Username").fill("reviewer")
    no_js_page.get_by_label("Password").fill("demo")
    no_js_page.get_by_role("button", name="Log in").click()

    paste_source(no_js_page, "No script", "Plain forms work. Without JavaScript.")

    expect(no_js_page).to_have_url(re.compile(r"/sources/no-script/$"))
    expect(no_js_page.locator(".sentence")).to_have_count(2)


def test_a_large_upload_shows_that_it_is_working_then_lands_on_the_source(
    page, live_server, demo, login
):
    seed = Source.objects.get(slug="kei-party").current_revision.text
    big = ((seed + "\n\n") * 60).encode()  # ~290 KB: a few seconds of sentence splitting
    login("reviewer")
    page.goto(f"{live_server.url}/review/sources/new/")
    page.get_by_label("Title").fill("Kei Party, long")
    page.get_by_label("File").set_input_files(
        files=[{"name": "long.txt", "mimeType": "text/plain", "buffer": big}]
    )

    working = page.locator("#source-form-working")
    expect(working).to_be_hidden()

    page.get_by_role("button", name="Save source").click()

    expect(working).to_be_visible()
    expect(page.get_by_role("button", name="Save source")).to_be_disabled()
    expect(page).to_have_url(re.compile(r"/sources/kei-party-long/$"), timeout=120_000)
    assert Source.objects.get(slug="kei-party-long").current_revision.sentences.count() > 1000
