"""Logging in, password guessing, password change and reset, and the client
address that limits key on."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from factcheck.core.clients import client_ip
from tests.factories import PASSWORD

PROXY = "10.0.0.2"
CLIENT = "203.0.113.7"


def request_from(remote, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


# The client address.


def test_without_trusted_proxies_the_address_is_remote_addr(settings):
    settings.TRUSTED_PROXIES = []

    assert client_ip(request_from(CLIENT, "198.51.100.1")) == CLIENT


def test_forwarded_for_from_an_untrusted_client_is_ignored(settings):
    settings.TRUSTED_PROXIES = [PROXY]

    assert client_ip(request_from(CLIENT, "198.51.100.1, 10.0.0.2")) == CLIENT


def test_behind_a_trusted_proxy_the_address_is_the_one_it_saw(settings):
    settings.TRUSTED_PROXIES = [PROXY]

    assert client_ip(request_from(PROXY, CLIENT)) == CLIENT


def test_entries_the_client_invented_left_of_its_own_are_ignored(settings):
    settings.TRUSTED_PROXIES = [PROXY]

    assert client_ip(request_from(PROXY, f"198.51.100.1, 192.0.2.9, {CLIENT}")) == CLIENT


def test_a_chain_of_trusted_proxies_given_as_cidr_is_walked_back(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "2001:db8::/32"]

    request = request_from(PROXY, f"198.51.100.1, {CLIENT}, 2001:db8::5, 10.1.2.3")

    assert client_ip(request) == CLIENT


def test_ipv6_client_behind_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]

    assert client_ip(request_from(PROXY, "2001:db8:1::42")) == "2001:db8:1::42"


def test_garbage_in_forwarded_for_stops_at_the_last_trusted_address(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]

    assert client_ip(request_from(PROXY, f"{CLIENT}, not-an-address, 10.0.0.3")) == "10.0.0.3"


def test_a_trusted_proxy_without_forwarded_for_is_the_client(settings):
    settings.TRUSTED_PROXIES = [PROXY]

    assert client_ip(request_from(PROXY)) == PROXY


def test_a_malformed_trusted_proxies_setting_is_reported(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/33"]

    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        client_ip(request_from(PROXY, CLIENT))


# Password guessing.


def log_in(client, username, password, address=CLIENT, **headers):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def fail(client, username, times, address=CLIENT, **headers):
    """Log in with a wrong password `times` times; the last answer."""
    for _ in range(times):
        response = log_in(client, username, "wrong", address, **headers)
    return response


@pytest.mark.django_db
def test_failures_below_the_limit_show_the_form_again(client, reviewer, settings):
    response = fail(client, reviewer.username, settings.AXES_FAILURE_LIMIT - 1)

    assert response.status_code == 200
    assert "Please enter a correct username and password." in response.content.decode()


@pytest.mark.django_db
def test_right_password_logs_in(client, reviewer):
    response = log_in(client, reviewer.username, PASSWORD)

    assert response.status_code == 302 and response["Location"] == reverse("review:desk")


@pytest.mark.django_db
def test_after_the_failure_limit_even_the_right_password_is_refused_with_a_reason(
    client, reviewer, settings
):
    fail(client, reviewer.username, settings.AXES_FAILURE_LIMIT)

    response = log_in(client, reviewer.username, PASSWORD)

    body = response.content.decode()
    assert response.status_code == 429
    assert "Too many failed attempts to log in as this user from your address." in body
    assert "Try again in 15 minutes, or reset your password." in body
    assert f'value="{reviewer.username}"' in body and 'name="password"' in body
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lockout_is_for_that_username_from_that_address(client, reviewer, reviewer2, settings):
    fail(client, reviewer.username, settings.AXES_FAILURE_LIMIT)

    assert log_in(client, reviewer2.username, PASSWORD).status_code == 302
    client.logout()
    assert log_in(client, reviewer.username, PASSWORD, address="198.51.100.20").status_code == 302


@pytest.mark.django_db
def test_lockout_ends_after_the_cool_off_time(client, reviewer, settings):
    fail(client, reviewer.username, settings.AXES_FAILURE_LIMIT)
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )

    assert log_in(client, reviewer.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_a_successful_login_resets_the_count(client, reviewer, settings):
    fail(client, reviewer.username, settings.AXES_FAILURE_LIMIT - 1)
    assert log_in(client, reviewer.username, PASSWORD).status_code == 302
    client.logout()

    fail(client, reviewer.username, settings.AXES_FAILURE_LIMIT - 1)

    assert log_in(client, reviewer.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_behind_a_trusted_proxy_each_client_is_counted_apart(client, reviewer, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    fail(client, reviewer.username, settings.AXES_FAILURE_LIMIT, PROXY, HTTP_X_FORWARDED_FOR=CLIENT)

    other = log_in(client, reviewer.username, PASSWORD, PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert other.status_code == 302
    client.logout()
    locked = log_in(client, reviewer.username, PASSWORD, PROXY, HTTP_X_FORWARDED_FOR=CLIENT)
    assert locked.status_code == 429


@pytest.mark.django_db
def test_a_spoofed_forwarded_for_does_not_escape_the_lockout(client, reviewer, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    fail(client, reviewer.username, settings.AXES_FAILURE_LIMIT)

    response = log_in(client, reviewer.username, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.20")

    assert response.status_code == 429


# Password change.


@pytest.mark.django_db
def test_logged_in_pages_link_to_change_password(client, reviewer):
    client.force_login(reviewer)

    page = client.get(reverse("public:home")).content.decode()

    assert f'href="{reverse("password_change")}">Change password</a>' in page


def test_login_page_links_to_password_reset(client, db):
    page = client.get(reverse("login")).content.decode()

    assert f'<a href="{reverse("password_reset")}">Forgot your password?</a>' in page


@pytest.mark.django_db
def test_password_change_needs_login(client):
    response = client.get(reverse("password_change"))

    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_password_change_needs_the_old_password(client, reviewer):
    client.force_login(reviewer)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": "wrong",
            "new_password1": "a new long pass 42",
            "new_password2": "a new long pass 42",
        },
    )

    assert "Your old password was entered incorrectly." in response.content.decode()
    reviewer.refresh_from_db()
    assert reviewer.check_password(PASSWORD)


@pytest.mark.django_db
def test_password_change_sets_the_new_password(client, reviewer):
    client.force_login(reviewer)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a new long pass 42",
            "new_password2": "a new long pass 42",
        },
        follow=True,
    )

    assert "Password changed" in response.content.decode()
    reviewer.refresh_from_db()
    assert reviewer.check_password("a new long pass 42")


# Password reset.


@pytest.fixture
def reviewer_with_email(reviewer):
    reviewer.email = "rita@example.org"
    reviewer.save()
    return reviewer


@pytest.mark.django_db
def test_reset_mails_a_link_that_sets_a_new_password(client, reviewer_with_email):
    client.post(reverse("password_reset"), {"email": "rita@example.org"})

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rita@example.org"] and "rita" in message.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a new long pass 42", "new_password2": "a new long pass 42"},
        follow=True,
    )
    assert "Password set" in done.content.decode()
    assert (
        get_user_model().objects.get(pk=reviewer_with_email.pk).check_password("a new long pass 42")
    )


@pytest.mark.django_db
def test_a_used_reset_link_does_not_work_again(client, reviewer_with_email):
    client.post(reverse("password_reset"), {"email": "rita@example.org"})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    page = client.get(link, follow=True)
    new = {"new_password1": "a new long pass 42", "new_password2": "a new long pass 42"}
    client.post(page.redirect_chain[-1][0], new)

    again = client.get(link, follow=True)

    assert "This link does not work any more" in again.content.decode()


@pytest.mark.django_db
def test_reset_answers_the_same_whether_or_not_the_address_exists(client, reviewer_with_email):
    known = client.post(reverse("password_reset"), {"email": "rita@example.org"}, follow=True)
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)

    assert known.redirect_chain == unknown.redirect_chain == [(reverse("password_reset_done"), 302)]
    assert main(known) == main(unknown)
    assert len(mail.outbox) == 1


def main(response):
    """The page's content, without the per-request CSP nonce and CSRF token."""
    return re.search(r"<main.*</main>", response.content.decode(), re.S).group()


# One's own e-mail address.


def email_page(client, data=None):
    url = reverse("account-email")
    return client.post(url, data) if data is not None else client.get(url)


@pytest.mark.django_db
def test_logged_in_pages_link_to_the_email_page(client, reviewer):
    client.force_login(reviewer)

    page = client.get(reverse("review:desk")).content.decode()

    assert f'href="{reverse("account-email")}">E-mail address</a>' in page


@pytest.mark.django_db
def test_the_email_page_needs_login(client):
    response = email_page(client)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_a_user_sets_their_address_and_then_a_reset_reaches_it(client, reviewer):
    client.force_login(reviewer)

    response = email_page(client, {"email": " Rita@Example.org ", "password": PASSWORD})

    assert response.status_code == 302 and response["Location"] == reverse("account-email")
    page = client.get(response["Location"]).content.decode()
    assert "Your e-mail address is now Rita@example.org." in page
    assert get_user_model().objects.get(pk=reviewer.pk).email == "Rita@example.org"
    client.logout()
    client.post(reverse("password_reset"), {"email": "rita@example.org"})
    assert [m.to for m in mail.outbox] == [["Rita@example.org"]]


@pytest.mark.django_db
def test_a_wrong_password_changes_nothing_and_keeps_the_address_typed(client, reviewer):
    client.force_login(reviewer)

    response = email_page(client, {"email": "rita@example.org", "password": "wrong"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Your password was entered incorrectly." in body
    assert 'value="rita@example.org"' in body
    assert get_user_model().objects.get(pk=reviewer.pk).email == ""


@pytest.mark.django_db
def test_an_invalid_address_is_refused_with_a_message(client, reviewer):
    client.force_login(reviewer)

    response = email_page(client, {"email": "rita-at-example", "password": PASSWORD})

    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert 'value="rita-at-example"' in response.content.decode()


@pytest.mark.django_db
def test_an_address_of_another_account_is_refused(client, reviewer, reviewer2):
    reviewer2.email = "shared@example.org"
    reviewer2.save()
    client.force_login(reviewer)

    response = email_page(client, {"email": "SHARED@example.org", "password": PASSWORD})

    assert "Another account uses this address." in response.content.decode()
    assert get_user_model().objects.get(pk=reviewer.pk).email == ""


@pytest.mark.django_db
def test_an_address_can_be_changed_and_removed(client, reviewer_with_email):
    client.force_login(reviewer_with_email)
    assert 'value="rita@example.org"' in email_page(client).content.decode()

    email_page(client, {"email": "rita@new.example", "password": PASSWORD})
    assert get_user_model().objects.get(pk=reviewer_with_email.pk).email == "rita@new.example"
    response = email_page(client, {"email": "", "password": PASSWORD})

    assert get_user_model().objects.get(pk=reviewer_with_email.pk).email == ""
    assert "You have no e-mail address now" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_the_email_form_needs_its_csrf_token(reviewer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)

    response = email_page(client, {"email": "rita@example.org", "password": PASSWORD})

    assert response.status_code == 403
    assert get_user_model().objects.get(pk=reviewer.pk).email == ""
