"""Validators, 304s, Cache-Control and the page cache's invalidation."""

import pytest
from django.conf import settings
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.urls import reverse

from factcheck.core.models import Rating
from factcheck.core.sources import add_revision
from factcheck.core.workflow import transition
from factcheck.public import caching
from factcheck.public.published import claim_url
from tests.factories import make_complete_claim, make_source

from .publishing import publish, published_claim, sitemap_urls, start_correction

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(reviewer, editor):
    source = make_source(text="First sentence here. Second one follows. A third one.")
    published_claim(source, reviewer, editor, text="FIRSTCLAIM restated.")
    return source


def urls(source):
    claim = source.claims.get()
    return [
        reverse("public:home"),
        reverse("public:source-detail", args=[source.slug]),
        claim_url(claim),
        reverse("public:source-annotations", args=[source.slug]),
        reverse("public:feed"),
        *sitemap_urls(),
        reverse("public:methodology"),
    ]


def test_public_pages_send_an_etag_and_answer_a_repeat_request_with_304(client, source):
    for url in urls(source):
        first = client.get(url)
        assert first.status_code == 200, url

        again = client.get(url, headers={"If-None-Match": first["ETag"]})

        assert again.status_code == 304, url
        assert again.content == b""


def test_etag_differs_between_htmx_fragment_and_full_page(client, source):
    url = reverse("public:home")

    full = client.get(url)
    fragment = client.get(url, headers={"HX-Request": "true"})

    assert full["ETag"] != fragment["ETag"]
    assert "HX-Request" in full["Vary"]
    assert (
        client.get(url, headers={"If-None-Match": full["ETag"], "HX-Request": "true"}).status_code
        == 200
    )


def test_anonymous_pages_may_be_cached_for_a_minute(client, source):
    response = client.get(reverse("public:source-detail", args=[source.slug]))

    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]
    assert "csrftoken" not in response.cookies


def test_a_page_with_a_form_is_kept_by_the_browser_only(client, source):
    response = client.get(claim_url(source.claims.get()))

    assert "private" in response["Cache-Control"]


def test_cache_drops_on_publish(client, source, reviewer, editor):
    url = reverse("public:source-detail", args=[source.slug])
    before = client.get(url)
    claim = make_complete_claim(source, reviewer, sentence=1, text="SECONDCLAIM restated.")
    assert b"SECONDCLAIM" not in client.get(url).content

    publish(claim, reviewer, editor)
    after = client.get(url, headers={"If-None-Match": before["ETag"]})

    assert after.status_code == 200
    assert b"SECONDCLAIM" in after.content
    assert after["ETag"] != before["ETag"]


def test_cache_drops_on_retraction(client, source, editor):
    claim = source.claims.get()
    url = reverse("public:home")
    assert b"FIRSTCLAIM" in client.get(url).content

    transition(claim, "retract", editor, note="Withdrawn.")

    assert b"FIRSTCLAIM" not in client.get(url).content
    assert client.get(claim_url(claim)).status_code == 410


def test_cache_drops_on_correction(client, source, reviewer, editor):
    claim = source.claims.get()
    assert b"FIRSTCLAIM" in client.get(reverse("public:home")).content
    claim = start_correction(claim, reviewer, editor, text="NEWCLAIM restated.", summary="New.")

    assert b"FIRSTCLAIM" in client.get(reverse("public:home")).content
    publish(claim, reviewer, editor)

    assert b"NEWCLAIM" in client.get(reverse("public:home")).content


def test_cache_drops_on_a_new_revision(client, source):
    url = reverse("public:source-detail", args=[source.slug])
    assert b"Brand new closing line" not in client.get(url).content

    add_revision(source, source.current_revision.text + " Brand new closing line.")

    assert b"Brand new closing line" in client.get(url).content


def test_cache_drops_when_an_admin_renames_a_rating(client, source, admin_user):
    url = reverse("public:source-detail", args=[source.slug])
    assert b"Pants on fire" not in client.get(url).content

    rating = Rating.objects.get(slug="false")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:core_rating_change", args=[rating.pk]),
        {
            "label": "Pants on fire",
            "slug": rating.slug,
            "description": rating.description,
            "ordinal": rating.ordinal,
            "colour": rating.colour,
            "icon": rating.icon,
            "position": rating.position,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    client.logout()

    assert b"Pants on fire" in client.get(url).content


def test_a_logged_in_readers_nav_is_never_served_to_others(client, source, reviewer):
    url = reverse("public:source-detail", args=[source.slug])
    client.force_login(reviewer)
    mine = client.get(url)
    client.logout()

    theirs = client.get(url)

    assert b"Log out rita" in mine.content
    assert "private" in mine["Cache-Control"]
    assert b"Log out rita" not in theirs.content
    assert mine["ETag"] != theirs["ETag"]


def test_each_response_has_its_own_csp_nonce(client, source):
    url = reverse("public:source-detail", args=[source.slug])

    first, second = client.get(url), client.get(url)

    nonces = [
        r["Content-Security-Policy"].split("'nonce-")[1].split("'")[0] for r in (first, second)
    ]
    assert nonces[0] != nonces[1]
    assert f'nonce="{nonces[1]}"'.encode() in second.content


def test_the_shell_kept_for_readers_never_reaches_a_logged_in_reader(client, source, reviewer):
    url = reverse("public:source-detail", args=[source.slug])
    anonymous = client.get(url)  # the readers' shell is kept from here on
    client.force_login(reviewer)

    mine = client.get(url)

    assert b"Log out rita" in mine.content and b"Log out" not in anonymous.content
    assert b"Log in" in anonymous.content and b">Log in<" not in mine.content


def test_a_message_reaches_a_reader_of_a_page_whose_shell_is_kept(client, source):
    url = reverse("public:source-detail", args=[source.slug])
    client.get(url)
    client.cookies["messages"] = CookieStorage(HttpRequest())._encode(
        [Message(constants.SUCCESS, "Thank you, reader.")]
    )

    page = client.get(url)

    assert b"Thank you, reader." in page.content
    assert "private" in page["Cache-Control"]


def test_a_kept_shell_gets_this_responses_nonce_in_every_slot(client, source):
    url = reverse("public:source-detail", args=[source.slug])
    first, second = client.get(url), client.get(url)

    for response in (first, second):
        nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
        assert response.content.count(f'nonce="{nonce}"'.encode()) == 2  # htmx, permalink.js
        assert caching.NONCE_SLOT.encode() not in response.content
    assert first.content.replace(nonce_of(first), b"") == second.content.replace(
        nonce_of(second), b""
    )


def nonce_of(response):
    return response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0].encode()


def test_local_copies_expire_with_the_shared_cache_and_keep_to_their_budget(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(caching.time, "monotonic", lambda: now[0])
    copies = caching.LocalCopies(budget=100)

    copies.put("a", "A", 60)
    copies.put("b", "B", 30)
    assert copies.get("a") == "A"  # now the most recently used
    copies.put("c", "C", 30)  # over budget: "b", the least recently used, goes

    assert (copies.get("a"), copies.get("b"), copies.get("c")) == ("A", None, "C")
    now[0] += settings.CACHES["default"]["TIMEOUT"] + 1
    assert copies.get("a") is None and copies.size == 30
