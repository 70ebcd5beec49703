import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from factcheck.core.claims import create_claim
from factcheck.core.models import Claim, Rating, Source

COMMENT = "kei-cars-comment"
HORSE_AND_BUGGY = 'American roads were designed for the "horse and buggy" size'
CLAIM_URL = re.compile(r"/review/claims/(\d+)/$")
# Django labels end with a colon; "Claim" alone would also match "Claimant".
CLAIM_LABEL = re.compile(r"^Claim:?$")

RATIONALE = (
    "Lane widths come from **motor-highway standards**.\n\n"
    "See [the FHWA note](https://example.org).\n\n"
    "<script>window.__pwned = 1</script>"
)


def sentence_with(words, slug=COMMENT):
    revision = Source.objects.get(slug=slug).current_revision
    return next(s for s in revision.sentences.all() if words in s.text)


def workspace_url(live_server, slug=COMMENT):
    return f"{live_server.url}/review/sources/{slug}/"


def text_box(page, anchor, words):
    """Viewport coordinates of `words` inside sentence #anchor: the middle of its
    first and last character, so a click or a drag lands on those characters."""
    page.locator(f"#{anchor}").scroll_into_view_if_needed()
    box = page.evaluate(
        """([anchor, words]) => {
          const walker = document.createTreeWalker(document.getElementById(anchor), NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const i = node.data.indexOf(words);
            if (i < 0) continue;
            const rect = (at) => {
              const range = document.createRange();
              range.setStart(node, at);
              range.setEnd(node, at + 1);
              return range.getBoundingClientRect();
            };
            const first = rect(i), last = rect(i + words.length - 1);
            return {
              left: first.left + 1, top: first.top + first.height / 2,
              right: last.right - 1, bottom: last.top + last.height / 2,
              x: (first.left + first.right) / 2, y: first.top + first.height / 2,
            };
          }
          return null;
        }""",
        [anchor, words],
    )
    assert box, f"{words!r} is not a plain text run of #{anchor}"
    return box


def click_words(page, anchor, words):
    box = text_box(page, anchor, words)
    page.mouse.click(box["x"], box["y"])


def drag_over_words(page, anchor, words):
    box = text_box(page, anchor, words)
    page.mouse.move(box["left"], box["top"])
    page.mouse.down()
    page.mouse.move(box["right"], box["bottom"], steps=8)
    page.mouse.up()


def opened_claim(page):
    expect(page).to_have_url(CLAIM_URL)
    return Claim.objects.get(pk=CLAIM_URL.search(page.url).group(1))


def fill_verdict(page, summary, rationale, rating="✗ False"):
    page.get_by_label("Rating").select_option(label=rating)
    page.get_by_label("Summary").fill(summary)
    page.get_by_label("Rationale", exact=True).fill(rationale)


LANE_WIDTH = {
    "url": "https://example.org/lanes",
    "title": "Lane Width",
    "publisher": "FHWA",
    "stance": "Refutes the claim",
    "accessed_on": "2025-12-08",
}


def add_citation(page, *, url, title, publisher, stance, accessed_on):
    form = page.get_by_role("form", name="New citation")
    form.get_by_label("URL").fill(url)
    form.get_by_label("Title").fill(title)
    form.get_by_label("Publisher").fill(publisher)
    form.get_by_label("Stance").select_option(label=stance)
    form.get_by_label("Accessed on").fill(accessed_on)
    form.get_by_role("button", name="Add citation").click()


@pytest.fixture
def signed_in(browser, live_server):
    """Pages in their own browser contexts (own cookies), each logged in."""
    contexts = []

    def open_page(username, **context_args):
        context = browser.new_context(**context_args)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill("demo")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/review/**")
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def draft(demo):
    """A draft of reviewer's on a sentence no demo claim touches."""
    sentence = sentence_with("your car is going to end up in the ditch")
    return create_claim(
        source=sentence.revision.source,
        author=get_user_model().objects.get(username="reviewer"),
        first=sentence.index,
        text="Wind and snow put cars in the ditch.",
        claimant="Anonymous commenter",
    )


def test_reviewer_checks_a_sentence_from_selection_to_saved_verdict_and_citations(
    page, live_server, demo, login
):
    sentence = sentence_with(HORSE_AND_BUGGY)
    login("reviewer2")
    page.goto(workspace_url(live_server))

    # "walking" lies outside the demo claim's highlight, which opens that claim instead.
    click_words(page, sentence.anchor, "walking")
    expect(page.locator("#selection-summary")).to_have_text(
        f"Sentence {sentence.index + 1} selected."
    )
    page.get_by_role("button", name="New claim").click()
    expect(page.locator("#claim-new blockquote")).to_have_text(sentence.text)
    page.get_by_label(CLAIM_LABEL).fill("US roads were built to horse-and-buggy width.")
    page.get_by_label("Claimant").fill("Anonymous commenter")
    page.get_by_label("Claim date").fill("2025-05-01")
    page.get_by_role("button", name="Save", exact=True).click()

    claim = opened_claim(page)
    assert (claim.author.username, claim.quote) == ("reviewer2", sentence.text)
    assert claim.claim_date.isoformat() == "2025-05-01"
    assert claim.first_sentence_id == claim.last_sentence_id == sentence.pk
    own_mark = page.locator(f'#{sentence.anchor} mark[data-claims="{claim.pk}"]')
    expect(own_mark).to_have_attribute("data-rating", "unrated")

    fill_verdict(page, "Lane widths come from motor-highway standards.", RATIONALE)
    preview = page.get_by_role("region", name="Rationale preview")
    expect(preview.locator("strong")).to_have_text("motor-highway standards")
    expect(preview.get_by_role("link", name="the FHWA note")).to_have_attribute(
        "href", "https://example.org"
    )
    expect(preview).to_contain_text("<script>window.__pwned = 1</script>")
    expect(preview.locator("script")).to_have_count(0)
    page.get_by_role("button", name="Save verdict").click()
    expect(page.locator("#verdict-panel").get_by_role("status")).to_have_text("Verdict saved.")
    expect(own_mark).to_have_attribute("data-rating", "false")

    add_citation(page, **LANE_WIDTH)
    expect(page.locator("#citation-list .citation")).to_have_count(1)
    add_citation(
        page,
        url="https://example.org/interstate",
        title="Interstate FAQ",
        publisher="FHWA",
        stance="Context",
        accessed_on="2025-12-09",
    )
    expect(page.locator("#citation-list .citation")).to_have_count(2)

    page.reload()
    rating = page.get_by_label("Rating")
    expect(rating).to_have_value(str(Rating.objects.get(slug="false").pk))
    expect(rating.locator("option:checked")).to_have_text("✗ False")
    expect(page.get_by_label("Summary")).to_have_value(
        "Lane widths come from motor-highway standards."
    )
    expect(page.get_by_label("Rationale", exact=True)).to_have_value(RATIONALE)
    expect(preview.locator("strong")).to_have_text("motor-highway standards")
    expect(preview).to_contain_text("<script>window.__pwned = 1</script>")
    expect(page.locator("#citation-list .citation-title")).to_have_text(
        ["Lane Width", "Interstate FAQ"]
    )
    expect(page.locator("#citation-list .stance")).to_have_text(["Refutes the claim", "Context"])
    expect(own_mark).to_have_attribute("data-rating", "false")
    expect(page.locator(f'.claim-badge[data-claim="{claim.pk}"]')).to_have_attribute(
        "data-rating", "false"
    )
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_mouse_selected_phrase_becomes_the_claims_exact_quote(page, live_server, demo, login):
    phrase = "the person selling it to you is a grifter"
    sentence = sentence_with(phrase)
    login("reviewer")
    page.goto(workspace_url(live_server))

    drag_over_words(page, sentence.anchor, phrase)
    expect(page.locator("#selection-summary")).to_have_text(f"Phrase selected: “{phrase}”")
    page.get_by_role("button", name="New claim").click()
    expect(page.locator("#claim-new blockquote")).to_have_text(phrase)
    page.get_by_label(CLAIM_LABEL).fill("Sellers of small things are grifters.")
    page.get_by_role("button", name="Save", exact=True).click()

    claim = opened_claim(page)
    assert claim.quote == phrase
    assert claim.first_sentence_id == claim.last_sentence_id == sentence.pk
    assert (claim.start, claim.end) != (sentence.start, sentence.end)
    expect(page.locator("#claim-editor .quote-preview blockquote")).to_have_text(phrase)
    expect(page.locator(f'#{sentence.anchor} mark[data-claims="{claim.pk}"]')).to_have_text(phrase)


def test_keyboard_alone_selects_a_sentence_range_and_saves_a_claim(page, live_server, demo, login):
    login("reviewer")
    page.goto(workspace_url(live_server))
    sentences = page.locator("#source-text .sentence")

    sentences.first.focus()
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press(" ")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("x")
    expect(page.locator("#selection-summary")).to_have_text("Sentences 3–5 selected.")
    expect(sentences.nth(4)).to_be_focused()
    page.keyboard.press("c")
    claim_field = page.get_by_label(CLAIM_LABEL)
    expect(claim_field).to_be_focused()
    page.keyboard.type("Small vehicles and homes are a scam.")
    page.keyboard.press("Tab")
    page.keyboard.type("Anonymous commenter")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Person or organization")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # submits the form from its text field

    claim = opened_claim(page)
    assert (claim.first_sentence.index, claim.last_sentence.index) == (2, 4)
    assert (claim.text, claim.claimant) == (
        "Small vehicles and homes are a scam.",
        "Anonymous commenter",
    )
    revision = claim.revision
    assert claim.quote == revision.text[claim.first_sentence.start : claim.last_sentence.end]


def test_stale_claim_save_shows_the_conflict_keeps_your_text_and_saving_again_wins(
    live_server, draft, signed_in
):
    claim = draft
    first, second = signed_in("reviewer"), signed_in("reviewer")
    for page in (first, second):
        page.goto(f"{live_server.url}{claim.get_absolute_url()}")

    first.get_by_label(CLAIM_LABEL).fill("Snow puts cars in the ditch (first).")
    first.get_by_role("button", name="Save", exact=True).click()
    expect(first.locator("#claim-form").get_by_role("status")).to_have_text("Saved.")

    second.get_by_label(CLAIM_LABEL).fill("Snow puts cars in the ditch (second).")
    second.get_by_role("button", name="Save", exact=True).click()
    conflict = second.get_by_role("alert")
    expect(conflict).to_contain_text("reviewer saved this while you were editing")
    expect(conflict).to_contain_text("Snow puts cars in the ditch (first).")
    expect(second.get_by_label(CLAIM_LABEL)).to_have_value("Snow puts cars in the ditch (second).")
    claim.refresh_from_db()
    assert claim.text == "Snow puts cars in the ditch (first)."

    second.get_by_role("button", name="Save", exact=True).click()
    expect(second.locator("#claim-form").get_by_role("status")).to_have_text("Saved.")
    expect(second.get_by_role("alert")).to_have_count(0)
    claim.refresh_from_db()
    assert claim.text == "Snow puts cars in the ditch (second)."


def test_stale_verdict_save_shows_the_conflict_keeps_your_summary_and_saving_again_wins(
    live_server, draft, signed_in
):
    claim = draft
    first, second = signed_in("reviewer"), signed_in("reviewer")
    for page in (first, second):
        page.goto(f"{live_server.url}{claim.get_absolute_url()}")

    first.get_by_label("Summary").fill("First summary.")
    first.get_by_role("button", name="Save verdict").click()
    expect(first.locator("#verdict-panel").get_by_role("status")).to_have_text("Verdict saved.")

    second.get_by_label("Summary").fill("Second summary.")
    second.get_by_role("button", name="Save verdict").click()
    conflict = second.get_by_role("alert")
    expect(conflict).to_contain_text("reviewer saved this while you were editing")
    expect(conflict).to_contain_text("First summary.")
    expect(second.get_by_label("Summary")).to_have_value("Second summary.")

    second.get_by_role("button", name="Save verdict").click()
    expect(second.locator("#verdict-panel").get_by_role("status")).to_have_text("Verdict saved.")
    claim.refresh_from_db()
    assert claim.summary == "Second summary."


def test_saving_the_claim_then_the_verdict_on_one_page_is_no_conflict(
    page, live_server, draft, login
):
    claim = draft
    login("reviewer")
    page.goto(f"{live_server.url}{claim.get_absolute_url()}")

    page.get_by_label(CLAIM_LABEL).fill("Snow puts cars in the ditch.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#claim-form").get_by_role("status")).to_have_text("Saved.")
    page.get_by_label("Summary").fill("Snow, more than wind, is the hazard.")
    page.get_by_role("button", name="Save verdict").click()
    expect(page.locator("#verdict-panel").get_by_role("status")).to_have_text("Verdict saved.")
    page.get_by_label(CLAIM_LABEL).fill("Snow and wind put cars in ditches.")
    # "Saved." still shows from the first save: wait for this one's answer.
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_role("alert")).to_have_count(0)
    claim.refresh_from_db()
    assert (claim.text, claim.summary) == (
        "Snow and wind put cars in ditches.",
        "Snow, more than wind, is the hazard.",
    )


def test_whole_flow_works_without_javascript(live_server, demo, signed_in):
    sentence = sentence_with(HORSE_AND_BUGGY)
    page = signed_in("reviewer2", java_script_enabled=False)
    page.goto(workspace_url(live_server))

    page.locator(f"#{sentence.anchor}").click()
    expect(page).to_have_url(re.compile(rf"/claims/new/\?first={sentence.index}$"))
    expect(page.get_by_label("First sentence")).to_have_value(str(sentence.index))
    expect(page.locator("#claim-new blockquote")).to_have_text(sentence.text)
    expect(page.get_by_label("Last sentence")).to_have_value("")
    page.get_by_label(CLAIM_LABEL).fill("US roads were built to horse-and-buggy width.")
    page.get_by_label("Claimant").fill("Anonymous commenter")
    page.get_by_role("button", name="Save", exact=True).click()

    claim = opened_claim(page)
    assert claim.quote == sentence.text
    fill_verdict(page, "Lane widths come from motor-highway standards.", RATIONALE)
    page.get_by_role("button", name="Save verdict").click()
    expect(page.get_by_role("status").filter(has_text="Verdict saved.")).to_be_visible()
    add_citation(page, **LANE_WIDTH)
    expect(page.get_by_role("status").filter(has_text="Citation added.")).to_be_visible()

    page.reload()
    expect(page.get_by_label("Rating").locator("option:checked")).to_have_text("✗ False")
    expect(page.get_by_label("Summary")).to_have_value(
        "Lane widths come from motor-highway standards."
    )
    expect(page.locator("#rationale-preview strong")).to_have_text("motor-highway standards")
    expect(page.locator("#citation-list .citation-title")).to_have_text(["Lane Width"])
    expect(page.locator(f'#{sentence.anchor} mark[data-claims="{claim.pk}"]')).to_have_attribute(
        "data-rating", "false"
    )
    claim.refresh_from_db()
    assert (claim.rating.slug, claim.citations.count()) == ("false", 1)


def test_sentence_link_without_javascript_proposes_just_that_sentence(live_server, demo, signed_in):
    sentence = sentence_with(HORSE_AND_BUGGY)
    page = signed_in("reviewer2", java_script_enabled=False)
    page.goto(workspace_url(live_server))

    page.locator(f"#{sentence.anchor}").click()
    page.get_by_label(CLAIM_LABEL).fill("US roads were built to horse-and-buggy width.")
    page.get_by_role("button", name="Save", exact=True).click()

    assert opened_claim(page).quote == sentence.text


def test_a_verdict_saved_in_place_leaves_no_message_for_the_next_page(
    page, live_server, draft, login
):
    login("reviewer")
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    page.get_by_label("Summary").fill("Snow, not wind, is the hazard here.")
    page.get_by_role("button", name="Save verdict").click()
    expect(page.locator("#verdict-panel").get_by_role("status")).to_have_text("Verdict saved.")

    page.get_by_role("navigation", name="Site").get_by_role("link", name="Desk").click()
    page.wait_for_url("**/review/")

    expect(page.get_by_text("Verdict saved.")).to_have_count(0)


def test_clicking_a_highlight_opens_its_claim_and_marks_it_open(page, live_server, draft, login):
    claim = draft
    login("reviewer")
    page.goto(workspace_url(live_server))

    mark = page.locator(f'#source-text mark[data-claims="{claim.pk}"]')
    mark.click()

    expect(page).to_have_url(re.compile(rf"/review/claims/{claim.pk}/$"))
    expect(page.locator("#claim-editor")).to_have_attribute("data-claim", str(claim.pk))
    expect(page.get_by_label(CLAIM_LABEL)).to_have_value(claim.text)
    expect(mark).to_have_class(re.compile(r"\bis-open\b"))


def test_hovering_a_claim_in_the_list_lights_up_its_text(page, live_server, draft, login):
    claim = draft
    login("reviewer")
    page.goto(workspace_url(live_server))

    page.locator(f'.claim-item[data-claim="{claim.pk}"]').hover()

    expect(page.locator(f'#source-text mark[data-claims="{claim.pk}"]')).to_have_class(
        re.compile(r"\bis-active\b")
    )


def test_reattach_here_uses_the_mouse_selection(page, live_server, draft, login):
    Claim.objects.filter(pk=draft.pk).update(
        start=None, end=None, first_sentence=None, last_sentence=None, anchor_state="orphaned"
    )
    target = sentence_with(HORSE_AND_BUGGY)
    login("reviewer")
    page.goto(f"{live_server.url}/review/claims/{draft.pk}/reattach/")

    drag_over_words(page, target.anchor, "horse and buggy")
    page.get_by_role("button", name="Re-attach here").click()

    expect(page).to_have_url(CLAIM_URL)
    draft.refresh_from_db()
    assert (draft.quote, draft.first_sentence_id) == ("horse and buggy", target.pk)


def test_shift_click_extends_the_sentence_selection(page, live_server, demo, login):
    first = sentence_with(HORSE_AND_BUGGY)
    revision = first.revision
    third = revision.sentences.get(index=first.index + 2)
    words = next(w for w in third.text.split() if len(w) > 4)
    login("reviewer")
    page.goto(workspace_url(live_server))

    click_words(page, first.anchor, "walking")
    box = text_box(page, third.anchor, words)
    page.keyboard.down("Shift")
    page.mouse.click(box["x"], box["y"])
    page.keyboard.up("Shift")

    expect(page.locator("#selection-summary")).to_have_text(
        f"Sentences {first.index + 1}–{third.index + 1} selected."
    )
    assert page.evaluate("window.getSelection().toString()") == ""
    page.get_by_role("button", name="New claim").click()
    expect(page.locator("#claim-new blockquote")).to_contain_text(third.text)


def test_htmx_saves_bring_the_submit_button_and_keep_focus(page, live_server, draft, login):
    login("reviewer")
    page.goto(f"{live_server.url}/review/claims/{draft.pk}/")
    expect(page.get_by_role("button", name="Submit for review")).to_have_count(0)
    expect(page.locator("#claim-actions")).to_contain_text("Before it can be published")

    fill_verdict(page, "Winds rarely do that.", "Because.")
    page.get_by_role("button", name="Save verdict").click()
    saved = page.locator("#verdict-panel").get_by_role("status")
    expect(saved).to_have_text("Verdict saved.")
    expect(saved).to_be_focused()
    expect(page.locator("#claim-actions")).to_contain_text("at least one citation")

    add_citation(
        page,
        url="https://example.org/wind",
        title="Wind",
        publisher="Met office",
        stance="Refutes the claim",
        accessed_on="2025-12-08",
    )
    expect(page.locator("#citation-list .citation")).to_have_count(1)
    expect(page.get_by_role("button", name="Submit for review")).to_be_visible()
    expect(page.locator("#claim-actions")).not_to_contain_text("Before it can be published")
    # Focus comes back once htmx settles the swap, a moment after the content.
    page.wait_for_function("document.activeElement !== document.body")


def test_a_click_on_the_number_selects_a_sentence_covered_by_a_claim(
    page, live_server, draft, login
):
    sentence = draft.first_sentence
    login("reviewer")
    page.goto(workspace_url(live_server))

    element = page.locator(f"#{sentence.anchor}")
    element.scroll_into_view_if_needed()
    box = element.evaluate(
        "el => { const r = el.getClientRects()[0]; return {x: r.left + 2, y: r.top + r.height / 2}; }"
    )
    page.mouse.click(box["x"], box["y"])

    expect(page.locator("#selection-summary")).to_have_text(
        f"Sentence {sentence.index + 1} selected."
    )
    expect(page).not_to_have_url(CLAIM_URL)


def csp_errors(page):
    """Console messages about the Content Security Policy, as they come."""
    errors = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    return errors


def test_htmx_swaps_log_no_csp_error(page, live_server, demo, login):
    errors = csp_errors(page)
    sentence = sentence_with(HORSE_AND_BUGGY)
    login("reviewer2")
    page.goto(workspace_url(live_server))

    click_words(page, sentence.anchor, "walking")
    page.get_by_role("button", name="New claim").click()
    page.get_by_label(CLAIM_LABEL).fill("US roads were built to horse-and-buggy width.")
    page.get_by_role("button", name="Save", exact=True).click()
    opened_claim(page)
    fill_verdict(page, "Lane widths come from motor-highway standards.", "**Lanes**")
    page.get_by_role("button", name="Save verdict").click()
    expect(page.locator("#verdict-panel").get_by_role("status")).to_have_text("Verdict saved.")
    page.goto(f"{live_server.url}/")
    page.locator("#filter-rating").select_option(index=1)
    page.wait_for_load_state("networkidle")

    assert errors == []


def test_without_javascript_new_claim_opens_a_form_with_sentence_choices(
    live_server, demo, signed_in
):
    sentence = sentence_with(HORSE_AND_BUGGY)
    page = signed_in("reviewer2", java_script_enabled=False)
    page.goto(workspace_url(live_server))

    page.get_by_role("button", name="New claim").click()
    page.get_by_label("First sentence").select_option(str(sentence.index))
    page.get_by_label("Last sentence").select_option(str(sentence.index + 1))
    page.get_by_label(CLAIM_LABEL).fill("US roads were built to horse-and-buggy width.")
    page.get_by_role("button", name="Save", exact=True).click()

    claim = opened_claim(page)
    assert claim.first_sentence.index == sentence.index
    assert claim.last_sentence.index == sentence.index + 1
