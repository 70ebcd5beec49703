"""The desk's queues: the navigation's counts, the desk page and a public page
for a logged-in editor, at 10 and at N claims, suggestions, assignments and
notifications. The reference, measured in the same run, is the same public
page for an anonymous reader (no counts). Query counts must not grow.

    .venv/bin/python bench/desk.py [--runs 5] [--rows 2000]
"""

from _django import arguments, bench_source, desk_people, measure, page, test_database
from django.test import Client
from django.urls import reverse


def main():
    args = arguments(rows=2000)

    with test_database():
        from factcheck.core.models import (
            Assignment,
            Claim,
            ClaimStatus,
            Notification,
            NotificationKind,
            Suggestion,
        )
        from factcheck.core.queues import nav_counts
        from tests.factories import bulk_claims

        reviewer, editor = desk_people()
        source = bench_source()

        def grow(total):
            bulk_claims(source, reviewer, total - Claim.objects.count())
            claims = list(Claim.objects.order_by("pk"))
            for i, claim in enumerate(claims):
                status = (ClaimStatus.SUBMITTED, ClaimStatus.CHANGES_REQUESTED, ClaimStatus.DRAFT)
                Claim.objects.filter(pk=claim.pk).update(status=status[i % 3])
            Suggestion.objects.bulk_create(
                Suggestion(claim=claims[i % len(claims)], message=f"Suggestion {i}")
                for i in range(total - Suggestion.objects.count())
            )
            taken = set(Assignment.objects.values_list("claim_id", flat=True))
            Assignment.objects.bulk_create(
                Assignment(claim=c, assignee=editor, assigned_by=editor)
                for c in claims
                if c.pk not in taken
            )
            Notification.objects.bulk_create(
                Notification(recipient=editor, kind=NotificationKind.ASSIGNED, message="m", url="/")
                for _ in range(total - Notification.objects.count())
            )

        anonymous, logged_in = Client(), Client()
        logged_in.force_login(editor)
        home, desk = reverse("public:home"), reverse("review:desk")
        rows = []
        for total in (10, args.rows):
            grow(total)
            rows.append(
                (
                    total,
                    measure(lambda: nav_counts(editor), args.runs),
                    measure(lambda: page(logged_in, desk), args.runs),
                    measure(lambda: page(logged_in, home), args.runs),
                    measure(lambda: page(anonymous, home), args.runs),
                )
            )
        constant = all(a[0] == b[0] for a, b in zip(rows[0][1:], rows[1][1:], strict=True))
        for total, counts, desk_page, editor_home, reader_home in rows:
            print(f"{total} rows each:")
            print(f"  nav counts alone    {counts[0]} query,   median {counts[1]:6.1f} ms")
            print(f"  desk page           {desk_page[0]} queries, median {desk_page[1]:6.1f} ms")
            ratio = editor_home[1] / reader_home[1]
            print(
                f"  home, editor        {editor_home[0]} queries, median {editor_home[1]:6.1f} ms"
                f"  ({ratio:.2f}x the anonymous reader's {reader_home[1]:.1f} ms,"
                f" {reader_home[0]} queries)"
            )
        print("query counts constant" if constant else "QUERY COUNTS GROW WITH ROWS")
        raise SystemExit(0 if constant else 1)


if __name__ == "__main__":
    main()
