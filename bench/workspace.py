"""Reviewer workspace: server time of the annotate page of a 2,000-sentence
source with 500 claims, and of an htmx verdict save; query counts; bytes.

    .venv/bin/python bench/workspace.py [--runs 15]
"""

import argparse

from _django import count_queries, median_ms, test_database
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--claims", type=int, default=500)
    args = parser.parse_args()

    with test_database():
        from django.contrib.auth.models import Group

        from factcheck.core import roles
        from factcheck.core.models import Claim
        from tests.factories import bulk_claims, make_source, rating

        roles.ensure_roles()
        user = get_user_model().objects.create_user("bench")
        user.groups.add(Group.objects.get(name=roles.REVIEWER))
        text = " ".join(
            f"Sentence {i} makes a claim about kei cars." for i in range(args.sentences)
        )
        source = make_source(text=text, title="Bench source")
        bulk_claims(source, user, args.claims)
        claim = Claim.objects.filter(source=source).order_by("pk")[args.claims // 2]
        client = Client()
        client.force_login(user)
        page_url = reverse("review:source-detail", args=[source.slug])
        verdict_url = reverse("review:claim-verdict", args=[claim.pk])

        def open_page():
            assert client.get(page_url).status_code == 200

        def save_verdict():
            claim.refresh_from_db(fields=["verdict_version"])
            response = client.post(
                verdict_url,
                {
                    "version": claim.verdict_version,
                    "rating": rating("false").pk,
                    "summary": "s",
                    "rationale": "**r**",
                },
                headers={"HX-Request": "true"},
            )
            assert response.status_code == 200 and b"conflict" not in response.content
            save_verdict.size = len(response.content)

        open_page()
        save_verdict()
        page_bytes = len(client.get(page_url).content)
        print(f"source: {args.sentences} sentences, {args.claims} claims")
        print(
            f"annotate page: median {median_ms(open_page, args.runs):.1f} ms over {args.runs} runs, "
            f"{count_queries(open_page)} queries, {page_bytes / 1024:.0f} KB"
        )
        print(
            f"htmx verdict save: median {median_ms(save_verdict, args.runs):.1f} ms, "
            f"{count_queries(save_verdict)} queries, fragment {save_verdict.size / 1024:.1f} KB"
        )


if __name__ == "__main__":
    main()
