"""Absolute URLs follow the address the site is served on: the request's
during a request, SITE_URL without one (commands, the worker)."""

import csv
import io
import json
import re
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from factcheck.public.published import claim_url
from tests.factories import make_source

from .publishing import published_claim, sitemap_urls

pytestmark = pytest.mark.django_db

HOST = "127.0.0.1:18401"
BASE = f"http://{HOST}"


@pytest.fixture
def claim(reviewer, editor, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    source = make_source(text="Kei cars are small. They are cheap.", slug="kei", title="Kei")
    return published_claim(source, reviewer, editor, text="Kei cars are small.")


def get(client, path, host=HOST):
    response = client.get(path, headers={"host": host})
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def urls_in(text):
    return set(re.findall(r"https?://[^\s\"'<>]+", text))


def own(urls):
    return {url for url in urls if url.startswith("http://127.0.0.1")}


def test_the_atom_feed_links_to_the_address_it_was_read_from(client, claim):
    feed = get(client, reverse("public:feed"))
    assert f'href="{BASE}{claim_url(claim)}"' in feed
    assert own(urls_in(feed)) and all(url.startswith(BASE) for url in own(urls_in(feed)))


def test_claimreview_and_canonical_link_use_the_request_address(client, claim):
    page = get(client, claim_url(claim))
    data = json.loads(re.search(r'application/ld\+json"[^>]*>(.*?)</script>', page, re.S)[1])
    assert data["url"] == BASE + claim_url(claim)
    assert f'<link rel="canonical" href="{BASE}{claim_url(claim)}">' in page
    assert ":8000" not in page


def test_api_url_fields_use_the_request_address(client, claim):
    body = get(client, "/api/claims")
    item = json.loads(body)["items"][0]
    assert item["url"] == BASE + claim_url(claim)
    assert item["api_url"] == f"{BASE}/api/claims/{claim.pk}"
    assert ":8000" not in body and ":8000" not in get(client, "/api/claimreview.json")


def test_the_sitemap_and_robots_use_the_request_address(client, claim):
    assert f"<loc>{BASE}/sitemap-claims.xml</loc>" in get(client, reverse("public:sitemap"))
    pages = "".join(get(client, url) for url in sitemap_urls())
    assert f"<loc>{BASE}{claim_url(claim)}</loc>" in pages
    assert f"Sitemap: {BASE}/sitemap.xml" in get(client, reverse("public:robots"))


def test_a_cached_page_is_not_served_with_another_hosts_urls(client, claim):
    get(client, claim_url(claim), host="localhost:8000")
    get(client, reverse("public:feed"), host="localhost:8000")
    get(client, "/api/claims", host="localhost:8000")

    assert "localhost" not in get(client, claim_url(claim))
    assert "localhost" not in get(client, reverse("public:feed"))
    assert "localhost" not in get(client, "/api/claims")


def test_the_admin_csv_export_uses_the_request_address(client, claim, editor):
    client.force_login(editor)
    response = client.post(
        reverse("admin:core_claim_changelist"),
        {"action": "export_csv", "_selected_action": [claim.pk], "index": "0"},
        headers={"host": HOST},
    )
    row = next(csv.DictReader(io.StringIO(response.content.decode())))
    assert row["url"] == f"{BASE}/claims/{claim.pk}/"


def test_commands_without_a_request_use_site_url(claim, settings):
    settings.SITE_URL = "https://factcheck.example"
    out = io.StringIO()
    call_command("export_claims", stdout=out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["url"] == f"https://factcheck.example/claims/{claim.pk}/"


def test_make_run_sets_site_url_from_port():
    root = Path(__file__).resolve().parents[2]
    commands = subprocess.run(
        ["make", "-n", "-W", ".venv/.runtime", "run", "PORT=18401"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    served = [line for line in commands.splitlines() if "manage.py" in line]
    assert served and all("SITE_URL=http://127.0.0.1:18401" in line for line in served)


def test_claim_urls_are_what_reverse_gives_under_any_script_prefix(claim):
    from django.urls import reverse, set_script_prefix

    from factcheck.public.published import claim_slug, claim_url

    try:
        for prefix in ("/", "/factcheck/"):
            set_script_prefix(prefix)
            expected = reverse(
                "public:claim-detail", args=[claim.pk, claim_slug(claim.published_verdict)]
            )
            assert claim_url(claim) == expected and expected.startswith(prefix)
    finally:
        set_script_prefix("/")
