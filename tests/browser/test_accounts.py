import re

from django.core import mail
from playwright.sync_api import expect

NEW = "a new long pass 42"


def test_reviewer_changes_the_password_and_logs_in_with_the_new_one(page, live_server, demo, login):
    login("reviewer")

    page.get_by_role("link", name="Change password").click()
    page.get_by_label("Old password").fill("demo")
    page.get_by_label(re.compile(r"^New password:?$")).fill(NEW)
    page.get_by_label("New password confirmation").fill(NEW)
    page.get_by_role("button", name="Change password").click()

    expect(page.get_by_role("heading", name="Password changed")).to_be_visible()
    page.get_by_role("button", name="Log out reviewer").click()
    login("reviewer", NEW)
    expect(page).to_have_url(re.compile(r"/review/$"))


def test_reader_of_the_login_page_resets_a_forgotten_password(page, live_server, demo):
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(username="reviewer").update(email="rita@example.org")
    page.goto(f"{live_server.url}/accounts/login/")

    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill("rita@example.org")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    link = re.search(r"http://\S+/accounts/reset/\S+/", mail.outbox[0].body).group()
    page.goto(link)
    page.get_by_label(re.compile(r"^New password:?$")).fill(NEW)
    page.get_by_label("New password confirmation").fill(NEW)
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_role("heading", name="Password set")).to_be_visible()


def test_reviewer_adds_their_own_address_and_a_reset_reaches_it(page, live_server, demo, login):
    login("reviewer2")

    page.get_by_role("link", name="E-mail address").click()
    page.get_by_label("E-mail address").fill("rob@example.org")
    page.get_by_label("Your current password").fill("wrong")
    page.get_by_role("button", name="Save e-mail address").click()
    expect(page.get_by_text("Your password was entered incorrectly.")).to_be_visible()
    expect(page.get_by_label("E-mail address")).to_have_value("rob@example.org")
    page.get_by_label("Your current password").fill("demo")
    page.get_by_role("button", name="Save e-mail address").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Your e-mail address is now rob@example.org."
    )

    page.get_by_role("button", name="Log out reviewer2").click()
    page.goto(f"{live_server.url}/accounts/password_reset/")
    page.get_by_label("Email").fill("rob@example.org")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert [m.to for m in mail.outbox] == [["rob@example.org"]]
