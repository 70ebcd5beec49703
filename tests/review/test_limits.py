"""Over-long text is refused with a message before anything is rendered or
saved, and the form keeps what was typed."""

import pytest
from django.urls import reverse

from factcheck.core import limits
from factcheck.core.models import Claim, ClaimStatus
from factcheck.core.workflow import transition
from tests.factories import make_claim, make_complete_claim, make_source
from tests.public.publishing import published_claim

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def too_long(limit, unit="x"):
    return (unit * (limit + 1))[: limit + 1]


def message(limit, text):
    return f"Ensure this value has at most {limit} characters (it has {len(text)})."


@pytest.fixture
def claim(reviewer):
    return make_claim(make_source(), reviewer)


def test_rationale_over_the_limit_is_refused_and_kept(as_reviewer, claim):
    rationale = too_long(limits.MAX_RATIONALE_LENGTH, "[")

    response = as_reviewer.post(
        reverse("review:claim-verdict", args=[claim.pk]),
        {"version": claim.verdict_version, "summary": "S", "rationale": rationale},
        headers=HX,
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert message(limits.MAX_RATIONALE_LENGTH, rationale) in body
    assert f">{rationale}</textarea>" in body
    assert "Not previewed: This text has 20,001 characters" in body
    claim.refresh_from_db()
    assert claim.rationale == "" and claim.summary == ""


def test_rationale_at_the_limit_is_saved(as_reviewer, claim):
    rationale = "[" * limits.MAX_RATIONALE_LENGTH

    as_reviewer.post(
        reverse("review:claim-verdict", args=[claim.pk]),
        {"version": claim.verdict_version, "summary": "S", "rationale": rationale},
    )

    claim.refresh_from_db()
    assert claim.rationale == rationale and claim.rationale_html == f"<p>{rationale}</p>"


def test_preview_button_with_an_over_long_rationale_says_why(as_reviewer, claim):
    response = as_reviewer.post(
        reverse("review:claim-verdict", args=[claim.pk]),
        {"version": claim.verdict_version, "rationale": "[" * 50_000, "preview": "1"},
    )

    assert "Not previewed: This text has 50,000 characters" in response.content.decode()


def test_live_preview_refuses_fifty_thousand_brackets_with_a_message(as_reviewer):
    response = as_reviewer.post(reverse("review:rationale-preview"), {"rationale": "[" * 50_000})

    assert response.status_code == 200
    assert response.content.decode() == (
        '<p class="error" role="alert">Not previewed: '
        "This text has 50,000 characters; at most 20,000 are accepted.</p>"
    )


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("text", limits.MAX_CLAIM_LENGTH),
        ("claimant", 300),
        ("notes", limits.MAX_NOTES_LENGTH),
    ],
)
def test_claim_fields_over_their_limit_are_refused_and_kept(as_reviewer, claim, field, limit):
    data = {"version": claim.version, "text": "T", "claimant": "", "notes": ""}
    data[field] = too_long(limit)

    response = as_reviewer.post(reverse("review:claim-detail", args=[claim.pk]), data, headers=HX)

    body = response.content.decode()
    assert message(limit, data[field]) in body and data[field] in body
    assert Claim.objects.get(pk=claim.pk).text == "A restated claim."


def test_new_claim_with_an_over_long_text_is_refused(as_reviewer, reviewer):
    source = make_source()
    text = too_long(limits.MAX_CLAIM_LENGTH)

    response = as_reviewer.post(
        reverse("review:claim-new", args=[source.slug]), {"first": 0, "text": text}
    )

    assert message(limits.MAX_CLAIM_LENGTH, text) in response.content.decode()
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("field", "limit"),
    [("title", 300), ("publisher", 200), ("quote", limits.MAX_QUOTE_LENGTH)],
)
def test_citation_fields_over_their_limit_are_refused(as_reviewer, claim, field, limit):
    data = {
        "url": "https://example.org/a",
        "title": "T",
        "stance": "context",
        field: too_long(limit),
    }

    response = as_reviewer.post(reverse("review:citation-add", args=[claim.pk]), data, headers=HX)

    assert message(limit, data[field]) in response.content.decode()
    assert not claim.citations.exists()


def test_correction_note_over_the_limit_is_refused(client, reviewer, editor):
    claim = transition(published_claim(make_source(), reviewer, editor), "correct", editor)
    client.force_login(reviewer)
    note = too_long(limits.MAX_NOTE_LENGTH)

    response = client.post(
        reverse("review:claim-verdict", args=[claim.pk]),
        {
            "version": claim.verdict_version,
            "summary": "S",
            "rationale": "R",
            "correction_note": note,
        },
        headers=HX,
    )

    assert message(limits.MAX_NOTE_LENGTH, note) in response.content.decode()
    claim.refresh_from_db()
    assert claim.correction_note == ""


def test_reason_for_changes_over_the_limit_is_refused_and_kept(client, reviewer, editor):
    claim = transition(make_complete_claim(make_source(), reviewer), "submit", reviewer)
    client.force_login(editor)
    note = too_long(limits.MAX_NOTE_LENGTH)

    response = client.post(
        reverse("review:claim-transition", args=[claim.pk, "request_changes"]), {"note": note}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert message(limits.MAX_NOTE_LENGTH, note) in body
    assert f'name="note" rows="2" required>{note}</textarea>' in body
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED and claim.status_note == ""


def test_reason_for_changes_at_the_limit_is_taken(client, reviewer, editor):
    claim = transition(make_complete_claim(make_source(), reviewer), "submit", reviewer)
    client.force_login(editor)
    note = "x" * limits.MAX_NOTE_LENGTH

    client.post(
        reverse("review:claim-transition", args=[claim.pk, "request_changes"]), {"note": note}
    )

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CHANGES_REQUESTED and claim.status_note == note
