"""The workspace does what it says: saves swap only what changed, selections
that make no sense get a message, and what a user may not do says why."""

import pytest
from django.urls import reverse

from factcheck.core.claims import add_citation
from factcheck.core.models import Claim
from tests.factories import make_claim, make_source, rating, write_verdict

pytestmark = pytest.mark.django_db

TEXT = "Kei cars are small. American roads were designed for buggies. High winds push cars."
HX = {"HX-Request": "true"}


@pytest.fixture
def source():
    return make_source(text=TEXT, title="Kei", slug="kei")


def new_url(source):
    return reverse("review:claim-new", args=[source.slug])


def test_htmx_create_is_one_request_with_the_editor_and_the_new_highlight(as_reviewer, source):
    response = as_reviewer.post(
        new_url(source), {"first": 1, "text": "Roads were for buggies."}, headers=HX
    )

    claim = Claim.objects.get()
    body = response.content.decode()
    anchor = claim.first_sentence.anchor
    assert response.status_code == 200 and "HX-Redirect" not in response
    assert response["HX-Push-Url"] == reverse("review:claim-detail", args=[claim.pk])
    assert 'id="claim-editor"' in body and "<html" not in body
    assert f'id="{anchor}"' in body and f'data-claims="{claim.pk}"' in body
    assert '<span id="claim-count" hx-swap-oob="true">1 claim</span>' in body
    # Only the sentence that changed comes along, not the whole text.
    assert "High winds" not in body


def test_selection_ending_beyond_the_text_gets_a_message_not_a_500(as_reviewer, source):
    response = as_reviewer.post(
        new_url(source),
        {"first": 2, "last": 2, "start": 70, "end": len(TEXT) + 50, "text": "Winds."},
        headers=HX,
    )

    assert response.status_code == 200
    assert (
        "The selected phrase must lie inside the selected sentences." in response.content.decode()
    )
    assert "Winds." in response.content.decode()  # what was typed is kept
    assert Claim.objects.count() == 0


def test_selecting_text_that_already_carries_a_claim_says_so_and_links_it(
    as_reviewer, source, reviewer
):
    other = make_claim(source, reviewer, sentence=1, text="Roads were for buggies.")

    response = as_reviewer.get(new_url(source), {"first": 0, "last": 1}, headers=HX)

    body = response.content.decode()
    assert "Already checked" in body
    assert f'href="{reverse("review:claim-detail", args=[other.pk])}"' in body
    assert "Already checked" not in as_reviewer.get(new_url(source), {"first": 2}).content.decode()


def complete_verdict(claim, user):
    return write_verdict(
        claim,
        user,
        rating_slug="false",
        summary="No.",
        rationale="Because.",
    )


def test_htmx_citation_save_brings_the_submit_button_once_nothing_is_missing(
    as_reviewer, source, reviewer
):
    claim = complete_verdict(make_claim(source, reviewer, sentence=1), reviewer)

    response = as_reviewer.post(
        reverse("review:citation-add", args=[claim.pk]),
        {"url": "https://example.org/a", "title": "A", "stance": "supports"},
        headers=HX,
    )

    body = response.content.decode()
    actions = body.split('<div id="claim-actions"', 1)[1]
    assert 'hx-swap-oob="true"' in actions.split(">", 1)[0]
    assert "Submit for review" in actions
    assert "Before it can be published" not in actions


def test_htmx_verdict_save_updates_what_is_missing(as_reviewer, source, reviewer):
    claim = make_claim(source, reviewer, sentence=1)
    add_citation(claim, editor=reviewer, url="https://example.org/a", title="A")

    response = as_reviewer.post(
        reverse("review:claim-verdict", args=[claim.pk]),
        {"version": claim.verdict_version, "rating": rating("false").pk, "summary": "No."},
        headers=HX,
    )

    actions = response.content.decode().split('<div id="claim-actions"', 1)[1]
    assert "it needs a rationale." in actions
    assert "Submit for review" not in actions


def test_reattach_by_someone_who_may_not_says_why(client, source, reviewer, reviewer2):
    claim = make_claim(source, reviewer, sentence=2)
    client.force_login(reviewer2)

    for response in (
        client.get(reverse("review:claim-reattach", args=[claim.pk])),
        client.post(reverse("review:claim-confirm", args=[claim.pk])),
    ):
        body = response.content.decode()
        assert response.status_code == 403
        assert "Only the author of this claim or an editor can re-attach it" in body
        assert 'id="claim-editor"' in body  # the claim's page, not a bare error


def test_text_and_claim_rows_are_escaped(as_reviewer, reviewer):
    source = make_source(text="Look <script>alert('x')</script> here. Fine.", slug="esc")
    make_claim(source, reviewer, sentence=0, text="<b>bold</b> & co")

    html = as_reviewer.get(reverse("review:source-detail", args=["esc"])).content.decode()

    assert "<script>alert" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)" in html
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt; &amp; co" in html


def test_a_long_claim_list_shows_the_first_hundred_and_the_rest_on_demand(as_reviewer, reviewer):
    from tests.factories import bulk_claims

    source = make_source(text=" ".join(f"Sentence {i} here." for i in range(300)), slug="long")
    bulk_claims(source, reviewer, 150)
    url = reverse("review:source-detail", args=["long"])

    page = as_reviewer.get(url).content.decode()
    everything = as_reviewer.get(url, {"claims": "all"}, headers={**HX, "HX-Target": "claim-list"})

    assert page.count('class="claim-item"') == 100 and "Show all 150 claims" in page
    assert page.count('class="claim-badge"') == 150  # every claim is highlighted
    assert everything.content.decode().count('class="claim-item"') == 150


def test_htmx_create_and_verdict_save_queries_do_not_grow_with_the_text(as_reviewer, reviewer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import bulk_claims

    counts = []
    # Two claims that share no word: the second's similar claims must not find
    # the first (a shown similar claim costs a query of its own).
    for size, text in ((10, "Quokkas jump."), (1000, "Narwhals swim.")):
        source = make_source(text=" ".join(f"Sentence {i} here." for i in range(size)))
        bulk_claims(source, reviewer, size // 5)
        with CaptureQueriesContext(connection) as create:
            as_reviewer.post(new_url(source), {"first": 1, "text": text}, headers=HX)
        claim = Claim.objects.get(source=source, text=text)
        with CaptureQueriesContext(connection) as save:
            as_reviewer.post(
                reverse("review:claim-verdict", args=[claim.pk]),
                {"version": claim.verdict_version, "rating": rating("false").pk, "summary": "S"},
                headers=HX,
            )
        counts.append((len(create), len(save)))

    assert counts[0] == counts[1]
    # Each includes the session, the user and their permissions (4), and the
    # write itself in a transaction with its audit event; the create counts the
    # claims before the new one for its number in the editor's heading, and
    # looks for similar claims (its words are searched: one query; PostgreSQL
    # first reads the words' lexemes and how common they are, one more), and
    # writes the claim's vector and reads the vectors written since the last
    # lookup (two). The create is the text's first render: it finds and stores
    # its check-worthy sentences (2; the ingestion task would have done it).
    create_queries, save_queries = counts[1]
    assert create_queries <= 25 + (connection.vendor == "postgresql") and save_queries <= 23
