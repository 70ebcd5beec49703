from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from factcheck.core.models import Citation, Claim, ClaimantType, ClaimStatus
from factcheck.core.workflow import transition
from tests.factories import (
    bulk_claims,
    make_claim,
    make_complete_claim,
    make_source,
    rating,
)

pytestmark = pytest.mark.django_db

TEXT = (
    "Kei cars are small.\n\n"
    'American roads were designed for the "horse and buggy" size. '
    "High winds push small cars off the road. Japan differs."
)
HX = {"HX-Request": "true"}


@pytest.fixture
def source():
    return make_source(text=TEXT, title="Kei comment", slug="kei")


def workspace_url(source):
    return reverse("review:source-detail", args=[source.slug])


def test_anonymous_user_is_sent_to_login(client, source):
    response = client.get(workspace_url(source))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_every_sentence_is_a_focusable_element_with_its_anchor(as_reviewer, source):
    html = as_reviewer.get(workspace_url(source)).content.decode()

    for sentence in source.current_revision.sentences.all():
        assert f'id="{sentence.anchor}"' in html
        assert f'href="/review/sources/kei/claims/new/?first={sentence.index}"' in html


def test_claims_are_highlighted_with_rating_colour_and_a_text_cue(as_reviewer, source, reviewer):
    make_complete_claim(source, reviewer, sentence=1, rating_slug="false")

    html = as_reviewer.get(workspace_url(source)).content.decode()

    assert '<mark class="hl" data-rating="false"' in html
    assert 'title="Claim: False"' in html
    assert "✗ False" in html


def test_claim_list_fragment_under_htmx(as_reviewer, source, reviewer):
    make_claim(source, reviewer, sentence=2, text="Winds push cars.")

    response = as_reviewer.get(workspace_url(source), headers=HX)

    body = response.content.decode()
    assert 'id="claim-list"' in body and "Winds push cars." in body
    assert "<html" not in body


def test_new_claim_from_a_sentence_range(as_reviewer, source, reviewer):
    response = as_reviewer.post(
        reverse("review:claim-new", args=[source.slug]),
        {"first": 2, "last": 1, "text": "Roads and winds.", "claimant": "A commenter"},
    )

    claim = Claim.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("review:claim-detail", args=[claim.pk])
    assert claim.quote.startswith("American roads") and claim.quote.endswith("off the road.")
    assert (claim.first_sentence.index, claim.last_sentence.index) == (1, 2)
    assert (claim.author, claim.status) == (reviewer, ClaimStatus.DRAFT)


def test_new_claim_from_a_phrase_by_offsets(as_reviewer, source):
    text = source.current_revision.text
    start = text.index("push small cars")

    as_reviewer.post(
        reverse("review:claim-new", args=[source.slug]),
        {"first": 2, "start": start, "end": start + 15, "text": "Wind pushes cars."},
        headers=HX,
    )

    claim = Claim.objects.get()
    assert claim.quote == "push small cars"
    assert (claim.start, claim.end) == (start, start + 15)


def test_new_claim_without_claim_text_keeps_the_selection_and_says_why(as_reviewer, source):
    response = as_reviewer.post(
        reverse("review:claim-new", args=[source.slug]),
        {"first": 1, "text": "", "claimant": "Typed claimant"},
        headers=HX,
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in body
    assert "Typed claimant" in body
    assert 'name="first" value="1"' in body
    assert Claim.objects.count() == 0


def test_new_claim_with_a_phrase_outside_the_sentences_is_refused(as_reviewer, source):
    response = as_reviewer.post(
        reverse("review:claim-new", args=[source.slug]),
        {"first": 0, "phrase": "horse and buggy", "text": "Typed claim"},
    )

    body = response.content.decode()
    assert "The phrase was not found in the selected sentences" in body
    assert "Typed claim" in body
    assert Claim.objects.count() == 0


def test_htmx_verdict_save_returns_only_the_verdict_panel_under_10_kb(
    as_reviewer, source, reviewer
):
    claim = make_claim(source, reviewer)

    response = as_reviewer.post(
        reverse("review:claim-verdict", args=[claim.pk]),
        {
            "version": claim.version,
            "rating": rating("misleading").pk,
            "summary": "Wind is a hazard mostly for tall vehicles.",
            "rationale": "See **data**.",
        },
        headers=HX,
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<form id="verdict-panel"')
    assert len(response.content) < 10_000
    sentence = claim.first_sentence
    assert f'id="{sentence.anchor}"' in body and 'hx-swap-oob="true"' in body
    assert 'data-rating="misleading"' in body.split(f'id="{sentence.anchor}"', 1)[1]
    claim.refresh_from_db()
    assert (
        claim.rating.slug == "misleading"
        and claim.rationale_html == "<p>See <strong>data</strong>.</p>"
    )


def test_stale_verdict_save_shows_the_conflict_and_keeps_my_text(as_reviewer, source, reviewer):
    claim = make_claim(source, reviewer)
    stale = claim.version
    url = reverse("review:claim-verdict", args=[claim.pk])
    as_reviewer.post(url, {"version": stale, "summary": "Their summary", "rationale": ""})

    response = as_reviewer.post(
        url, {"version": stale, "summary": "My summary", "rationale": "Mine"}, headers=HX
    )

    body = response.content.decode()
    assert "saved this while you were editing" in body
    assert "Their summary" in body and 'value="My summary"' in body
    assert f'name="version" value="{stale + 1}"' in body
    claim.refresh_from_db()
    assert claim.summary == "Their summary"


def test_saving_again_after_a_conflict_keeps_my_version(as_reviewer, source, reviewer):
    claim = make_claim(source, reviewer)
    url = reverse("review:claim-detail", args=[claim.pk])
    as_reviewer.post(url, {"version": 1, "text": "Theirs", "claimant": "", "notes": ""})
    as_reviewer.post(url, {"version": 1, "text": "Mine", "claimant": "", "notes": ""})

    as_reviewer.post(url, {"version": 2, "text": "Mine", "claimant": "", "notes": ""})

    claim.refresh_from_db()
    assert claim.text == "Mine" and claim.version == 3


def test_rationale_preview_is_cleaned_markdown(as_reviewer):
    response = as_reviewer.post(
        reverse("review:rationale-preview"), {"rationale": "*x* <script>bad()</script>"}
    )

    assert response.content.decode() == "<p><em>x</em> &lt;script&gt;bad()&lt;/script&gt;</p>"


def test_rationale_preview_footnotes_link_within_the_preview(as_reviewer):
    response = as_reviewer.post(
        reverse("review:rationale-preview"), {"rationale": "Narrow.[^1]\n\n[^1]: The act."}
    )

    html = response.content.decode()
    assert 'href="#fn-preview-1"' in html and 'id="fn-preview-1"' in html
    assert 'href="#fnref-preview-1"' in html and 'id="fnref-preview-1"' in html


def test_citation_add_returns_the_citation_list(as_reviewer, source, reviewer):
    claim = make_claim(source, reviewer)

    response = as_reviewer.post(
        reverse("review:citation-add", args=[claim.pk]),
        {"url": "https://fhwa.example/lanes", "title": "Lane width", "stance": "refutes"},
        headers=HX,
    )

    body = response.content.decode()
    assert body.lstrip().startswith('<section id="citation-list"')
    assert "Lane width" in body and len(response.content) < 10_000
    assert claim.citations.get().stance == "refutes"


def test_citation_with_a_javascript_url_is_refused_and_the_form_kept(as_reviewer, source, reviewer):
    claim = make_claim(source, reviewer)

    response = as_reviewer.post(
        reverse("review:citation-add", args=[claim.pk]),
        {"url": "javascript:alert(1)", "title": "Typed title", "stance": "context"},
        headers=HX,
    )

    body = response.content.decode()
    assert "Enter a valid URL." in body
    assert 'value="Typed title"' in body
    assert Citation.objects.count() == 0


def test_citation_edit_delete_and_move(as_reviewer, source, reviewer):
    claim = make_claim(source, reviewer)
    for title in ("A", "B"):
        as_reviewer.post(
            reverse("review:citation-add", args=[claim.pk]),
            {"url": f"https://{title}.example", "title": title, "stance": "context"},
        )
    a, b = claim.citations.all()

    as_reviewer.post(reverse("review:citation-move", args=[b.pk]), {"direction": "up"})
    as_reviewer.post(
        reverse("review:citation-edit", args=[a.pk]),
        {"version": a.version, "url": "https://a.example", "title": "A2", "stance": "supports"},
    )
    assert [c.title for c in claim.citations.all()] == ["B", "A2"]

    as_reviewer.post(reverse("review:citation-delete", args=[b.pk]))
    assert [c.title for c in claim.citations.all()] == ["A2"]


def test_another_reviewer_cannot_edit_my_draft(client, source, reviewer, reviewer2):
    claim = make_claim(source, reviewer, text="Mine")
    client.force_login(reviewer2)

    response = client.post(
        reverse("review:claim-detail", args=[claim.pk]),
        {"version": claim.version, "text": "Hijacked", "claimant": "", "notes": ""},
    )

    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.text == "Mine"


def test_another_reviewer_cannot_change_my_submitted_claim(client, source, reviewer, reviewer2):
    claim = transition(make_complete_claim(source, reviewer), "submit", reviewer)
    citation = claim.citations.get()
    client.force_login(reviewer2)

    posts = [
        ("review:claim-verdict", claim.pk, {"version": claim.version, "summary": "x"}),
        ("review:citation-add", claim.pk, {"url": "https://x.example", "title": "x"}),
        ("review:citation-delete", citation.pk, {}),
        ("review:claim-delete", claim.pk, {}),
    ]
    for name, pk, data in posts:
        assert client.post(reverse(name, args=[pk]), data).status_code == 403
    assert Claim.objects.get().citations.count() == 1


def test_the_author_sees_a_submitted_claim_read_only(as_reviewer, source, reviewer):
    claim = transition(make_complete_claim(source, reviewer), "submit", reviewer)

    body = as_reviewer.get(reverse("review:claim-detail", args=[claim.pk])).content.decode()

    assert "it cannot be edited now" in body
    assert 'name="summary"' not in body


def test_submit_refuses_an_incomplete_claim_with_what_is_missing(as_reviewer, source, reviewer):
    claim = make_claim(source, reviewer)

    response = as_reviewer.post(
        reverse("review:claim-transition", args=[claim.pk, "submit"]), follow=True
    )

    assert "It still needs a rating" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.DRAFT


def sentences_text(count):
    return " ".join(f"Sentence {i} says something checkable." for i in range(count))


def count_queries(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_workspace_queries_do_not_grow_with_sentences_and_claims(as_reviewer, reviewer):
    small = make_source(text=sentences_text(10), title="Small")
    bulk_claims(small, reviewer, 3)
    large = make_source(text=sentences_text(2000), title="Large")
    bulk_claims(large, reviewer, 500)

    small_count = count_queries(as_reviewer, workspace_url(small), None)
    large_count = count_queries(as_reviewer, workspace_url(large), None)

    assert small_count == large_count
    # 13 since the check-worthy sentences: one query reads the source's
    # dismissals, and this first open of each text (made without the ingestion
    # task, which would have found them) finds and stores its candidates (2).
    assert large_count <= 13


def test_claim_page_queries_do_not_grow_with_the_source(as_reviewer, reviewer):
    # Elsewhere, a claim that says the same as the one measured: both sizes show
    # it among the similar claims (one query more than showing none).
    bulk_claims(make_source(text=sentences_text(3), title="Elsewhere"), reviewer, 1)
    counts = []
    for sentences, claims in ((10, 3), (2000, 500)):
        source = make_source(text=sentences_text(sentences), title=f"Size {sentences}")
        bulk_claims(source, reviewer, claims)
        claim = Claim.objects.filter(source=source).first()
        url = reverse("review:claim-detail", args=[claim.pk])
        counts.append(count_queries(as_reviewer, url, None))

    assert counts[0] == counts[1]
    # 16 with the similar claims shown, and the navigation's counts; the claim
    # vectors written since the last lookup (1); 3 for the check-worthy
    # sentences: the source's dismissals, and on this first open of a text made
    # without the ingestion task, finding and storing its candidates (2); on
    # PostgreSQL one more: the words' lexemes and how common they are.
    assert counts[1] <= 21 + (connection.vendor == "postgresql")


def test_htmx_history_restore_gets_the_whole_page(as_reviewer, source, reviewer):
    claim = make_claim(source, reviewer)

    response = as_reviewer.get(
        reverse("review:claim-detail", args=[claim.pk]),
        headers={**HX, "HX-History-Restore-Request": "true"},
    )

    assert b"<html" in response.content and b'id="source-text"' in response.content


def test_saving_the_verdict_does_not_make_the_claim_form_stale(as_reviewer, source, reviewer):
    claim = make_claim(source, reviewer, text="Original wording.")
    page_version = claim.version
    as_reviewer.post(
        reverse("review:claim-verdict", args=[claim.pk]),
        {"version": claim.verdict_version, "summary": "A summary", "rationale": ""},
    )

    response = as_reviewer.post(
        reverse("review:claim-detail", args=[claim.pk]),
        {"version": page_version, "text": "Better wording.", "claimant": "", "notes": ""},
        headers=HX,
    )

    assert "saved this while you were editing" not in response.content.decode()
    claim.refresh_from_db()
    assert (claim.text, claim.summary) == ("Better wording.", "A summary")


def test_source_text_in_the_workspace_is_escaped(as_reviewer, reviewer):
    hostile = make_source(text='Look <script>alert("x")</script> & "quotes" here.', title="Hostile")
    make_claim(hostile, reviewer, sentence=0, text="<b>claim</b>")

    html = as_reviewer.get(workspace_url(hostile)).content.decode()

    assert "<script>alert" not in html and "<b>claim</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;" in html


def test_claim_form_saves_the_claim_date_and_claimant_type(as_reviewer, source, reviewer):
    claim = make_claim(source, reviewer)
    url = reverse("review:claim-detail", args=[claim.pk])
    page = as_reviewer.get(url).content.decode()
    assert 'name="claim_date"' in page and 'name="claimant_type"' in page

    as_reviewer.post(
        url,
        {
            "version": 1,
            "text": "Roads are wide.",
            "claimant": "Roads Agency",
            "claimant_type": "Organization",
            "claim_date": "2025-04-01",
            "notes": "",
        },
    )

    claim.refresh_from_db()
    assert claim.claimant_type == ClaimantType.ORGANIZATION
    assert claim.claim_date == date(2025, 4, 1)


def test_a_bad_claim_date_is_refused_and_the_text_kept(as_reviewer, source, reviewer):
    claim = make_claim(source, reviewer)

    response = as_reviewer.post(
        reverse("review:claim-detail", args=[claim.pk]),
        {"version": 1, "text": "My new wording", "claim_date": "31/31/2025", "notes": ""},
        headers=HX,
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid date." in body and "My new wording" in body
    claim.refresh_from_db()
    assert claim.text != "My new wording"


def test_citation_archived_copy_is_saved_and_shown_beside_the_link(as_reviewer, source, reviewer):
    claim = make_claim(source, reviewer)

    response = as_reviewer.post(
        reverse("review:citation-add", args=[claim.pk]),
        {
            "url": "https://fhwa.example/lanes",
            "archived_url": "https://web.archive.org/web/2025/https://fhwa.example/lanes",
            "title": "Lane width",
            "stance": "refutes",
        },
        headers=HX,
    )

    assert 'href="https://web.archive.org/web/2025/https://fhwa.example/lanes"' in (
        response.content.decode()
    )


def test_citation_archived_copy_must_be_a_web_address(as_reviewer, source, reviewer):
    claim = make_claim(source, reviewer)

    response = as_reviewer.post(
        reverse("review:citation-add", args=[claim.pk]),
        {"url": "https://a.example/", "archived_url": "javascript:alert(1)", "title": "T"},
        headers=HX,
    )

    assert "Enter a valid URL." in response.content.decode()
    assert Citation.objects.count() == 0


def test_a_reopened_workspace_shows_each_change_to_the_highlights(as_reviewer, source, reviewer):
    """Highlighted sentences are kept between opens: every change to what a
    highlight shows (a rating, a new claim on the sentence, a deleted one)
    must show on the next open."""
    from tests.factories import write_verdict

    claim = make_complete_claim(source, reviewer, sentence=1, rating_slug="false")
    anchor = claim.first_sentence.anchor

    def sentence_html():
        html = as_reviewer.get(workspace_url(source)).content.decode()
        return html.split(f'id="{anchor}"', 1)[1].split("</a>", 1)[0]

    assert 'data-rating="false"' in sentence_html()
    write_verdict(claim, reviewer, rating_slug="misleading")
    assert 'data-rating="misleading"' in sentence_html()
    assert 'data-rating="false"' not in sentence_html()

    other = make_claim(source, reviewer, sentence=1, text="Another reading of it.")
    assert f'data-claims="{claim.pk} {other.pk}"' in sentence_html()
    other.delete()
    assert f'data-claims="{claim.pk}"' in sentence_html()
    assert f'data-claim="{other.pk}"' not in sentence_html()


def test_new_claim_without_a_selection_offers_the_sentences_to_choose(as_reviewer, source):
    """Without JavaScript the selection bar sends empty fields: the form opens
    with sentence menus, not with errors, and the button is not disabled."""
    workspace = as_reviewer.get(reverse("review:source-detail", args=[source.slug]))
    assert b'id="new-claim-button">' in workspace.content  # not disabled

    response = as_reviewer.get(
        reverse("review:claim-new", args=[source.slug]),
        {"first": "", "last": "", "start": "", "end": ""},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert '<select name="first"' in page and '<select name="last"' in page
    assert "This field is required" not in page
