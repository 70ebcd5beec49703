"""Reviewer workspace, in process (Django test client, DEBUG off): opening the
annotate page, creating a claim under htmx and saving a verdict under htmx, at
150, 1,500 and 5,000 sentences (one claim per five sentences): median server
time, queries, bytes raw and gzip-compressed. References in the same run: the
cold open (the revision's sentence markup not built yet in this process), and
for create and save a bare view behind the login (bench/public_urls.py), the
fixed cost of any reviewer request on this machine now.

    .venv/bin/python bench/workspace.py [--runs 15]

Targets (issue #10): open <= 40 ms at 1,500 / 300, <= 80 ms at 5,000 / 1,000,
growth 150 -> 5,000 <= x3, <= 150 KB on the wire at 1,500; create <= 20 ms;
verdict save <= 15 ms with a fragment <= 10 KB."""

import argparse
import gzip
import itertools

from _django import count_queries, median_ms, test_database
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import reverse

SIZES = ((150, 30), (1500, 300), (5000, 1000))
HX = {"HX-Request": "true"}


def setup(user, sentences, claims):
    from factcheck.core.models import Claim
    from tests.factories import bulk_claims, make_source

    text = " ".join(f"Sentence {i} makes a claim about kei cars." for i in range(sentences))
    source = make_source(text=text, title=f"Bench {sentences}")
    bulk_claims(source, user, claims)
    return source, Claim.objects.filter(source=source).order_by("pk")[claims // 2]


def measure(client, source, claim, runs, sentences):
    from factcheck.core.models import Claim
    from factcheck.review.templatetags import workspace_text
    from tests.factories import rating

    page_url = reverse("review:source-detail", args=[source.slug])
    new_url = reverse("review:claim-new", args=[source.slug])
    verdict_url = reverse("review:claim-verdict", args=[claim.pk])
    free = itertools.count(1, 5)  # sentences bulk_claims left alone (it uses every 5th)

    def open_page():
        response = client.get(page_url)
        assert response.status_code == 200
        open_page.size = len(response.content)

    def open_cold():
        workspace_text._markups.clear()
        open_page()

    def create():
        response = client.post(
            new_url, {"first": next(free) % sentences, "text": "A new claim."}, headers=HX
        )
        assert response.status_code == 200 and "HX-Push-Url" in response, response.content[:300]
        create.size = len(response.content)

    def save():
        claim.refresh_from_db(fields=["verdict_version"])
        response = client.post(
            verdict_url,
            {
                "version": claim.verdict_version,
                "rating": rating("false").pk,
                "summary": f"s{save.n}",
                "rationale": "**r**",
            },
            headers=HX,
        )
        save.n += 1
        assert response.status_code == 200 and b"conflict" not in response.content
        save.size = len(response.content)

    def bare():
        assert client.get("/bench-hello-user/").status_code == 200

    save.n = 0
    open_page()
    zipped = client.get(page_url, headers={"Accept-Encoding": "gzip"})
    assert zipped["Content-Encoding"] == "gzip"
    figures = {
        "bare": median_ms(bare, runs),
        "cold": median_ms(open_cold, 3),
        "open": median_ms(open_page, runs),
        "open_q": count_queries(open_page),
        "raw": open_page.size,
        "gzip": len(zipped.content),
        "create": median_ms(create, runs),
        "create_q": count_queries(create),
        "create_kb": create.size,
        "save": median_ms(save, runs),
        "save_q": count_queries(save),
        "save_kb": save.size,
    }
    assert gzip.decompress(zipped.content)
    Claim.objects.filter(source=source, text="A new claim.").delete()
    return figures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    with test_database(), override_settings(ROOT_URLCONF="bench.public_urls"):
        from django.contrib.auth.models import Group

        from factcheck.core import roles

        roles.ensure_roles()
        user = get_user_model().objects.create_user("bench")
        user.groups.add(Group.objects.get(name=roles.REVIEWER))
        client = Client()
        client.force_login(user)
        rows = {}
        for sentences, claims in SIZES:
            source, claim = setup(user, sentences, claims)
            rows[sentences] = measure(client, source, claim, args.runs, sentences)
            f = rows[sentences]
            print(
                f"{sentences:>5} sentences / {claims:>4} claims: "
                f"open {f['open']:6.1f} ms ({f['open_q']} queries, cold {f['cold']:.1f} ms, "
                f"x{f['cold'] / f['open']:.1f}), {f['raw'] / 1024:5.0f} KB raw, "
                f"{f['gzip'] / 1024:4.0f} KB gzip | "
                f"create {f['create']:5.1f} ms (x{f['create'] / f['bare']:.1f} bare, "
                f"{f['create_q']} q, {f['create_kb'] / 1024:.1f} KB) | "
                f"verdict save {f['save']:5.1f} ms (x{f['save'] / f['bare']:.1f} bare, "
                f"{f['save_q']} q, {f['save_kb'] / 1024:.1f} KB) | bare {f['bare']:.1f} ms"
            )
        growth = rows[5000]["open"] / rows[150]["open"]
        print(f"open growth 150 -> 5,000 sentences: x{growth:.1f} (target <= x3)")


if __name__ == "__main__":
    main()
