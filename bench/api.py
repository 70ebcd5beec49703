"""The API at 10 and at 1,000 published claims: queries, median server time and
bytes of each endpoint uncached (the cache cleared before every request, as
after a publish), beside the home page measured the same way; and the cached
repeat. The query counts must not grow with the number of claims.

    .venv/bin/python bench/api.py [--runs 5] [--claims 1000]
"""

from _django import arguments, bench_source, count_queries, median_ms, test_database
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from factcheck.public.caching import forget_all


def main():
    args = arguments(claims=1000)

    with test_database():
        from factcheck.core.models import Claim
        from tests.factories import bulk_claims
        from tests.public.publishing import publish_in_bulk

        users = get_user_model().objects
        reviewer = users.create_user("bench-reviewer")
        editor = users.create_user("bench-editor")
        client = Client()
        results = {}
        grown = True
        for total in (10, args.claims):
            # A second source holds the claims added for the larger run.
            source = bench_source(2000, title=f"Bench {total}")
            bulk_claims(source, reviewer, total - Claim.objects.count())
            publish_in_bulk(source, editor)
            claim = Claim.objects.order_by("pk").first()
            pages = {
                "home page (reference)": reverse("public:home"),
                "/api/claims": reverse("api:claims"),
                "/api/claims/<id>": reverse("api:claim", args=[claim.pk]),
                "/api/sources/<slug>": reverse("api:source", args=[source.slug]),
                "/api/claimreview.json": reverse("api:claimreview"),
            }
            for name, url in pages.items():
                results.setdefault(name, []).append(measure(client, url, args.runs))
        reference = results["home page (reference)"]
        for name, sizes in results.items():
            (small_q, small_ms, small_b, _), (big_q, big_ms, big_b, warm_ms) = sizes
            ratio = big_ms / reference[1][1]
            print(
                f"{name:>22}: {small_q} / {big_q} queries, median {small_ms:.1f} / {big_ms:.1f} ms "
                f"uncached ({ratio:.2f}x the home page), {small_b:,} / {big_b:,} bytes, "
                f"cached {warm_ms:.1f} ms (10 / {args.claims} claims)"
            )
            grown = grown and small_q == big_q
        print("query counts constant" if grown else "QUERY COUNTS GROW WITH CLAIMS")
        raise SystemExit(0 if grown else 1)


def measure(client, url, runs):
    """(queries, median ms, bytes) uncached, and the median ms of a cached repeat."""
    size = 0

    def cold():
        nonlocal size
        forget_all()
        response = client.get(url)
        assert response.status_code == 200, url
        size = len(response.content)

    def warm():
        assert client.get(url).status_code == 200

    cold()
    queries = count_queries(cold)
    return queries, median_ms(cold, runs), size, median_ms(warm, runs)


if __name__ == "__main__":
    main()
