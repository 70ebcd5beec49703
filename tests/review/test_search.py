"""The workspace search, the similar-claims region and "already checked"."""

import re

import pytest
from django.urls import reverse

from factcheck.core.models import AuditEvent, Claim, ClaimStatus
from factcheck.core.workflow import transition
from tests.factories import bulk_claims, make_claim, make_source, write_verdict
from tests.public.publishing import published_claim

pytestmark = pytest.mark.django_db

SEARCH = reverse("review:claim-search")
SIMILAR = reverse("review:claim-similar")
HX = {"HX-Request": "true"}
TEXT = "Roads were made for buggies. Lanes are wide. Kei cars are small. Winds blow."


@pytest.fixture
def desk(reviewer, editor):
    first = make_source(text=TEXT, title="First")
    second = make_source(text=TEXT, title="Second", slug="second")
    checked = published_claim(
        first, reviewer, editor, text="American roads were designed for horse and buggy."
    )
    draft = make_claim(second, reviewer, text="US roads were built for horses and buggies.")
    submitted = make_claim(second, reviewer, sentence=2, text="Kei cars are tiny.")
    write_verdict(
        submitted,
        reviewer,
        rating_slug="false",
        summary="Modern lane widths follow standards.",
        rationale="The <script>alert(1)</script> manuals say so.",
    )
    return {"checked": checked, "draft": draft, "submitted": submitted}


def listed(response):
    return re.findall(
        r'<a href="/review/claims/\d+/">(.*?)</a>\s*<span class="status', response.content.decode()
    )


def test_search_needs_a_reviewer(client, desk):
    response = client.get(SEARCH, {"q": "roads"})

    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_search_finds_working_claims_of_every_status(as_reviewer, desk):
    found = listed(as_reviewer.get(SEARCH, {"q": "roads"}))

    assert sorted(found) == [
        "American roads were designed for horse and buggy.",
        "US roads were built for horses and buggies.",
    ]


def test_search_finds_words_in_working_summaries_and_rationales(as_reviewer, desk):
    assert listed(as_reviewer.get(SEARCH, {"q": "lane widths"})) == ["Kei cars are tiny."]
    assert listed(as_reviewer.get(SEARCH, {"q": "manuals"})) == ["Kei cars are tiny."]


def test_snippets_escape_the_claims_markup(as_reviewer, desk):
    body = as_reviewer.get(SEARCH, {"q": "manuals"}).content.decode()

    snippet = re.search(r'<p class="search-snippet">(.*?)</p>', body, re.S).group(1)
    assert "<script>" not in snippet
    assert "<mark>manuals</mark>" in snippet


def test_filter_by_status_source_and_rating(as_reviewer, desk):
    published = listed(as_reviewer.get(SEARCH, {"q": "roads", "status": ClaimStatus.PUBLISHED}))
    in_second = listed(as_reviewer.get(SEARCH, {"source": "second"}))
    rated = listed(as_reviewer.get(SEARCH, {"rating": "false", "status": ClaimStatus.DRAFT}))

    assert published == ["American roads were designed for horse and buggy."]
    assert sorted(in_second) == [
        "Kei cars are tiny.",
        "US roads were built for horses and buggies.",
    ]
    assert rated == ["Kei cars are tiny."]


def test_a_bad_date_is_explained_and_the_input_kept(as_reviewer, desk):
    body = as_reviewer.get(SEARCH, {"q": "roads", "since": "yesterday"}).content.decode()

    assert "Enter a valid date" in body
    assert 'value="roads"' in body and 'value="yesterday"' in body


def test_htmx_returns_the_results_region(as_reviewer, desk):
    response = as_reviewer.get(SEARCH, {"q": "roads"}, headers=HX)

    assert b'id="search-results"' in response.content and b"<html" not in response.content


def test_search_queries_do_not_grow_with_the_results(
    as_reviewer, reviewer, django_assert_max_num_queries
):
    source = make_source(text=" ".join(f"Claim {i} here." for i in range(40)), title="Many")
    bulk_claims(source, reviewer, 40)

    # 8, and one for the counts in the navigation (every logged-in page)
    with django_assert_max_num_queries(9):
        response = as_reviewer.get(SEARCH, {"q": "claim"})

    assert len(listed(response)) == 20


# Similar claims.


def test_similar_region_says_why_each_claim_matched(as_reviewer, desk, reviewer):
    elsewhere = make_source(text="The minister quit. Nothing else happened.", title="Elsewhere")
    make_claim(elsewhere, reviewer, text="The minister resigned after the scandal.")

    words = as_reviewer.get(
        SIMILAR, {"text": "Roads in America were built for horses and buggies."}
    )
    meaning = as_reviewer.get(
        SIMILAR, {"text": "Following the scandal, the minister stepped down."}
    )

    assert '<span class="match-reason">shares words</span>' in words.content.decode()
    body = meaning.content.decode()
    assert "The minister resigned after the scandal." in body
    assert '<span class="match-reason">same meaning</span>' in body


def test_similar_region_follows_the_typed_text_and_excludes_the_claim(as_reviewer, desk):
    draft = desk["draft"]

    response = as_reviewer.get(
        SIMILAR, {"claim": draft.pk, "text": "Roads in America were built for horses and buggies."}
    )

    body = response.content.decode()
    assert 'id="similar-claims"' in body and "<html" not in body
    assert "American roads were designed for horse and buggy." in body
    assert f'href="/review/claims/{draft.pk}/"' not in body
    assert '<span class="rating-badge" data-rating="false">' in body
    assert "Mark as already checked by this fact-check" in body


def test_a_new_claim_panel_shows_similar_claims_and_refreshes_them(as_reviewer, desk):
    url = reverse("review:claim-new", args=["second"])

    page = as_reviewer.post(url, {"first": 0, "text": "", "claimant": ""}).content.decode()
    typed = as_reviewer.get(SIMILAR, {"text": "US roads were built for horses and buggies."})

    assert 'id="similar-claims"' in page
    assert f'hx-get="{SIMILAR}"' in page and 'hx-trigger="input changed delay:500ms"' in page
    assert "US roads were built for horses and buggies." in typed.content.decode()
    assert "Mark as already checked" not in typed.content.decode()


def test_the_claim_editor_shows_similar_claims_without_javascript(as_reviewer, desk):
    draft = desk["draft"]

    body = as_reviewer.get(draft.get_absolute_url()).content.decode()

    region = body[body.index('id="similar-claims"') :]
    assert "American roads were designed for horse and buggy." in region
    assert f'hx-get="{SIMILAR}?claim={draft.pk}"' in body


def test_similar_region_needs_a_reviewer(client, desk):
    assert client.get(SIMILAR, {"text": "roads"}).status_code == 302


# Already checked.


def same_as_url(claim):
    return reverse("review:claim-same-as", args=[claim.pk])


def test_the_author_marks_a_draft_already_checked(as_reviewer, reviewer, desk):
    draft, checked = desk["draft"], desk["checked"]

    response = as_reviewer.post(same_as_url(draft), {"same_as": checked.pk})

    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    draft.refresh_from_db()
    assert draft.same_as == checked
    event = AuditEvent.objects.get(claim=draft, action="link")
    assert event.actor == reviewer and event.changes["same_as"][0] is None


def test_under_htmx_the_region_shows_the_link(as_reviewer, desk):
    draft, checked = desk["draft"], desk["checked"]

    response = as_reviewer.post(same_as_url(draft), {"same_as": checked.pk}, headers=HX)

    body = response.content.decode()
    assert "<html" not in body and "Already checked" in body and "Remove link" in body


def test_the_link_can_be_removed(as_reviewer, desk):
    draft, checked = desk["draft"], desk["checked"]
    as_reviewer.post(same_as_url(draft), {"same_as": checked.pk})

    as_reviewer.post(same_as_url(draft), {"same_as": ""})

    draft.refresh_from_db()
    assert draft.same_as is None
    assert AuditEvent.objects.filter(claim=draft, action="unlink").exists()


def test_another_reviewer_may_not_link_the_draft(client, reviewer2, desk):
    client.force_login(reviewer2)

    response = client.post(same_as_url(desk["draft"]), {"same_as": desk["checked"].pk})

    assert response.status_code == 403
    assert Claim.objects.get(pk=desk["draft"].pk).same_as is None


def test_an_editor_may_link_anyones_draft(client, editor, desk):
    client.force_login(editor)

    client.post(same_as_url(desk["draft"]), {"same_as": desk["checked"].pk})

    assert Claim.objects.get(pk=desk["draft"].pk).same_as == desk["checked"]


def test_a_submitted_claim_cannot_be_linked(as_reviewer, reviewer, desk):
    draft = desk["draft"]
    from tests.factories import make_complete_claim

    claim = make_complete_claim(draft.source, reviewer, sentence=1, text="Lanes are wide.")
    transition(claim, "submit", reviewer)

    response = as_reviewer.post(same_as_url(claim), {"same_as": desk["checked"].pk})

    assert response.status_code == 403


def test_linking_to_an_unpublished_claim_is_refused_with_a_message(as_reviewer, desk):
    draft = desk["draft"]

    response = as_reviewer.post(same_as_url(draft), {"same_as": desk["submitted"].pk}, follow=True)

    assert "Only a published fact-check can be linked." in response.content.decode()
    assert Claim.objects.get(pk=draft.pk).same_as is None


def test_the_source_filter_is_typed_not_a_list_of_every_source(as_reviewer, desk):
    html = as_reviewer.get(SEARCH, {"source": "second"}).content.decode()

    assert '<select name="source"' not in html
    assert 'name="source" value="second"' in html
    unknown = as_reviewer.get(SEARCH, {"source": "no-such-source"}).content.decode()
    assert "No source has that slug." in unknown
    assert 'value="no-such-source"' in unknown  # what was typed is kept


def test_many_matches_are_counted_up_to_a_cap_and_listed_newest_first(
    as_reviewer, desk, monkeypatch
):
    monkeypatch.setattr("factcheck.core.search.COUNT_CAP", 1)

    response = as_reviewer.get(SEARCH, {"q": "roads"})

    html = response.content.decode()
    assert "More than 1 claims" in html and "listed newest first" in html
    assert listed(response) == ["US roads were built for horses and buggies."]  # the newest
