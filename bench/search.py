"""Search and similar claims at 100 and at 2,000 claims: median server time
and queries of the public home page searched ("lane widths") beside the same
page unsearched (the reference, measured in the same run), the workspace
search, and the similar-claims region as a reviewer types. The public page's
cache is cleared before each request, so every run builds the page.

    .venv/bin/python bench/search.py [--runs 5] [--sizes 100,2000]
    DATABASE_URL=postgres://... .venv/bin/python bench/search.py   # full-text path
"""

import argparse
import random

from _django import count_queries, median_ms, test_database
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.urls import reverse

from factcheck.public.caching import forget_all

SUBJECTS = ["Kei cars", "Small cars", "US roads", "Highway lanes", "Imported trucks", "Old vans"]
PREDICATES = [
    "are {n} feet wide",
    "were designed for horse and buggy",
    "get pushed off the road by high winds",
    "cannot be imported before {n} years",
    "are unsafe in a crash",
    "cost {n} thousand dollars",
]
SUMMARIES = [
    "Lane widths follow standards.",
    "Crash tests say otherwise.",
    "The 25-year rule applies.",
]


def texts(rng, count):
    return [
        f"{rng.choice(SUBJECTS)} {rng.choice(PREDICATES).format(n=rng.randint(2, 40))}."
        for _ in range(count)
    ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="100,2000")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    with test_database():
        from factcheck.core import roles
        from factcheck.core.models import Claim, Verdict
        from tests.factories import bulk_claims, make_source
        from tests.public.publishing import publish_in_bulk

        rng = random.Random(12)
        roles.ensure_roles()
        users = get_user_model().objects
        reviewer = users.create_user("bench-reviewer")
        reviewer.groups.add(Group.objects.get(name=roles.REVIEWER))
        editor = users.create_user("bench-editor", is_staff=True)
        source = make_source(
            text=" ".join(f"Sentence {i} says something." for i in range(200)), title="Bench"
        )
        public, desk = Client(), Client()
        desk.force_login(reviewer)
        home = reverse("public:home")
        requests = {
            "public home (reference)": (public, home, {}),
            "public search": (public, home, {"q": "lane widths"}),
            "workspace search": (desk, reverse("review:claim-search"), {"q": "lane widths"}),
            "similar claims": (
                desk,
                reverse("review:claim-similar"),
                {"text": "Kei cars were designed for horse and buggy."},
            ),
        }
        print(f"engine: {connection.vendor}, median of {args.runs} runs")
        for size in sizes:
            bulk_claims(source, reviewer, size - Claim.objects.count())
            fresh = list(Claim.objects.filter(published_verdict__isnull=True))
            for claim, text in zip(fresh, texts(rng, len(fresh)), strict=True):
                claim.text = text
                claim.summary = rng.choice(SUMMARIES)
            Claim.objects.bulk_update(fresh, ["text", "summary"], batch_size=500)
            Verdict.objects.all().delete()
            Claim.objects.update(published_verdict=None)
            publish_in_bulk(source, editor)
            for verdict in Verdict.objects.select_related("claim"):
                Verdict.objects.filter(pk=verdict.pk).update(summary=verdict.claim.summary)
            print(f"\n{size} claims")
            reference = None
            for name, (client, url, query) in requests.items():

                def get(client=client, url=url, query=query):
                    forget_all()
                    assert client.get(url, query).status_code == 200

                ms = median_ms(get, args.runs)
                reference = reference or ms
                print(
                    f"  {name:24} {ms:8.1f} ms  {count_queries(get):3} queries"
                    f"  {ms / reference:5.2f}x the reference"
                )


if __name__ == "__main__":
    main()
