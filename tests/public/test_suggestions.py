"""The "Suggest a correction" form on a claim page."""

import pytest
from django.test import Client

from factcheck.core.limits import MAX_SUGGESTION_LENGTH
from factcheck.core.models import Suggestion
from factcheck.core.workflow import transition
from factcheck.public.forms import SUGGESTIONS_PER_HOUR
from factcheck.public.published import claim_url
from tests.factories import make_source

from .publishing import published_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(reviewer, editor):
    return published_claim(make_source(), reviewer, editor)


def test_suggestion_is_stored_and_the_reader_thanked(client, claim):
    url = claim_url(claim)

    response = client.post(
        url,
        {"message": "The year is wrong.", "name": "Kim", "email": "kim@example.org"},
        follow=True,
    )

    suggestion = Suggestion.objects.get()
    assert (suggestion.claim, suggestion.message, suggestion.name, suggestion.email) == (
        claim,
        "The year is wrong.",
        "Kim",
        "kim@example.org",
    )
    assert response.redirect_chain == [(url, 302)]
    assert b"Thank you. An editor will read your suggestion." in response.content


def test_thank_you_page_is_not_answered_with_304(client, claim):
    url = claim_url(claim)
    etag = client.get(url)["ETag"]
    client.post(url, {"message": "Typo."})

    response = client.get(url, headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert b"Thank you" in response.content


def test_htmx_post_returns_only_the_form_with_thanks(client, claim):
    response = client.post(claim_url(claim), {"message": "Typo."}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert b'id="suggest"' in response.content
    assert b"Thank you" in response.content
    assert b"<html" not in response.content
    assert Suggestion.objects.count() == 1


def test_filled_honeypot_looks_accepted_and_stores_nothing(client, claim):
    response = client.post(
        claim_url(claim),
        {"message": "Buy things", "website": "http://spam.example"},
        follow=True,
    )

    assert b"Thank you" in response.content
    assert not Suggestion.objects.exists()


def test_honeypot_is_hidden_by_a_stylesheet_class_not_an_inline_style(client, claim):
    html = client.get(claim_url(claim)).content.decode()

    assert '<div class="hp" aria-hidden="true">' in html
    assert 'name="website"' in html
    assert "style=" not in html


def test_missing_message_is_explained_and_typed_text_kept(client, claim):
    response = client.post(
        claim_url(claim), {"message": "", "name": "Kim", "email": "not-an-email"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Write what should be corrected." in html
    assert "Enter a valid email address." in html
    assert 'value="Kim"' in html
    assert 'value="not-an-email"' in html
    assert not Suggestion.objects.exists()


def test_invalid_htmx_post_rerenders_the_form_with_errors(client, claim):
    response = client.post(
        claim_url(claim),
        {"message": "Kept words", "email": "nope"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert b"Enter a valid email address." in response.content
    assert b"Kept words</textarea>" in response.content
    assert b"<html" not in response.content


def test_sixth_suggestion_in_an_hour_is_refused_with_a_message(client, claim):
    url = claim_url(claim)
    for i in range(SUGGESTIONS_PER_HOUR):
        client.post(url, {"message": f"Suggestion {i}"})

    response = client.post(url, {"message": "One more thing"})

    assert response.status_code == 429
    assert b"several suggestions in the past hour" in response.content
    assert b"One more thing</textarea>" in response.content
    assert Suggestion.objects.count() == SUGGESTIONS_PER_HOUR


def test_rate_limit_counts_each_client_apart(client, claim):
    url = claim_url(claim)
    for i in range(SUGGESTIONS_PER_HOUR):
        client.post(url, {"message": f"Suggestion {i}"})

    response = client.post(url, {"message": "From elsewhere"}, REMOTE_ADDR="10.0.0.9")

    assert response.status_code == 302
    assert Suggestion.objects.count() == SUGGESTIONS_PER_HOUR + 1


PROXY = "10.0.0.2"


def test_behind_a_trusted_proxy_readers_are_counted_apart(client, claim, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    url = claim_url(claim)
    for i in range(SUGGESTIONS_PER_HOUR):
        client.post(
            url, {"message": f"S{i}"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7"
        )

    other = client.post(
        url, {"message": "Other"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.8"
    )
    same = client.post(
        url, {"message": "Again"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7"
    )

    assert (other.status_code, same.status_code) == (302, 429)


def test_a_spoofed_forwarded_for_does_not_escape_the_limit(client, claim, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    url = claim_url(claim)
    for i in range(SUGGESTIONS_PER_HOUR):
        client.post(url, {"message": f"S{i}"}, HTTP_X_FORWARDED_FOR=f"198.51.100.{i}")

    response = client.post(url, {"message": "Again"}, HTTP_X_FORWARDED_FOR="198.51.100.99")

    assert response.status_code == 429
    assert Suggestion.objects.count() == SUGGESTIONS_PER_HOUR


def test_form_needs_a_csrf_token(claim):
    response = Client(enforce_csrf_checks=True).post(claim_url(claim), {"message": "Hi"})

    assert response.status_code == 403
    assert not Suggestion.objects.exists()


def test_retracted_claim_takes_no_suggestions(client, claim, editor):
    transition(claim, "retract", editor, note="Gone.")

    response = client.post(claim_url(claim), {"message": "Hi"})

    assert response.status_code == 410
    assert not Suggestion.objects.exists()


def test_over_long_message_is_refused_and_kept(client, claim):
    message = "x" * (MAX_SUGGESTION_LENGTH + 1)

    response = client.post(claim_url(claim), {"message": message}, headers={"HX-Request": "true"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Ensure this value has at most 5000 characters (it has 5001)." in body
    assert f"\n{message}</textarea>" in body
    assert not Suggestion.objects.exists()


def test_over_long_name_is_refused(client, claim):
    response = client.post(claim_url(claim), {"message": "Typo.", "name": "n" * 201})

    assert "Ensure this value has at most 200 characters" in response.content.decode()
    assert not Suggestion.objects.exists()
