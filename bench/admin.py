"""Moderation (the admin): queries and server time of the admin changelists at 10
and at 1,000 rows (claims, audit events, suggestions) and of one claim's page
with 10 and 200 citations, verdicts and events. The query counts must not grow.

    .venv/bin/python bench/admin.py [--runs 5] [--rows 1000]
"""

from _django import arguments, bench_source, desk_people, measure, page, test_database
from django.test import Client
from django.urls import reverse


def main():
    args = arguments(rows=1000)

    with test_database():
        from factcheck.core.models import AuditEvent, Claim, Suggestion
        from tests.factories import bulk_claims, grow_claim

        reviewer, editor = desk_people()
        source = bench_source()
        client = Client()
        client.force_login(editor)

        def grow_changelists(total):
            bulk_claims(source, reviewer, total - Claim.objects.count())
            claims = list(Claim.objects.order_by("pk")[:10])
            AuditEvent.objects.bulk_create(
                AuditEvent(
                    actor=reviewer,
                    action="update",
                    object_type="claim",
                    object_id=claims[i % 10].pk,
                    object_repr=str(claims[i % 10]),
                    claim=claims[i % 10],
                    source=source,
                    changes={"text": ["a", "b"]},
                )
                for i in range(total - AuditEvent.objects.count())
            )
            Suggestion.objects.bulk_create(
                Suggestion(claim=claims[i % 10], message=f"Suggestion {i}")
                for i in range(total - Suggestion.objects.count())
            )

        pages = {
            "claims": reverse("admin:core_claim_changelist"),
            "audit events": reverse("admin:core_auditevent_changelist"),
            "suggestions": reverse("admin:core_suggestion_changelist"),
        }
        results = {}
        for total in (10, args.rows):
            grow_changelists(total)
            for name, url in pages.items():
                results.setdefault(name, []).append(
                    measure(lambda url=url: page(client, url), args.runs)
                )
        claim = Claim.objects.order_by("pk").first()
        claim_url = reverse("admin:core_claim_change", args=[claim.pk])
        for total in (10, 200):
            grow_claim(claim, reviewer, editor, total - claim.verdicts.count())
            results.setdefault("one claim's page", []).append(
                measure(lambda: page(client, claim_url), args.runs)
            )

        grown = True
        for name, ((small_q, small_ms), (big_q, big_ms)) in results.items():
            sizes = (
                "10 / 200 inline rows" if name == "one claim's page" else f"10 / {args.rows} rows"
            )
            print(
                f"{name:>17}: {small_q} / {big_q} queries, "
                f"median {small_ms:.1f} / {big_ms:.1f} ms ({sizes})"
            )
            grown = grown and small_q == big_q
        print("query counts constant" if grown else "QUERY COUNTS GROW WITH ROWS")
        raise SystemExit(0 if grown else 1)


if __name__ == "__main__":
    main()
