"""Moderation (the admin): queries and server time of the admin changelists at 10
and at 1,000 rows (claims, audit events, suggestions) and of one claim's page
with 10 and 200 citations, verdicts and events. The query counts must not grow.

    .venv/bin/python bench/admin.py [--runs 5] [--rows 1000]
"""

import argparse

from _django import count_queries, median_ms, test_database
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", type=int, default=1000)
    args = parser.parse_args()

    with test_database():
        from factcheck.core import audit, roles
        from factcheck.core.models import AuditEvent, Claim, Suggestion, Verdict
        from tests.factories import bulk_claims, make_source, rating

        roles.ensure_roles()
        users = get_user_model().objects
        reviewer = users.create_user("bench-reviewer")
        reviewer.groups.add(Group.objects.get(name=roles.REVIEWER))
        editor = users.create_user("bench-editor", is_staff=True)
        editor.groups.add(Group.objects.get(name=roles.EDITOR))
        source = make_source(
            text=" ".join(f"Sentence {i} says something." for i in range(200)), title="Bench"
        )
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

        def grow_claim(claim, total):
            start = claim.verdicts.count()
            for i in range(start, total):
                claim.citations.create(position=i, url=f"https://example.org/{i}", title=str(i))
                Verdict.objects.create(
                    claim=claim,
                    number=i + 1,
                    rating=rating("false"),
                    summary="s",
                    rationale="r",
                    rationale_html="<p>r</p>",
                    claim_text=claim.text,
                    approved_by=editor,
                    published_at=timezone.now(),
                )
                audit.record(reviewer, "update", claim, changes={"text": ["a", "b"]})

        pages = {
            "claims": reverse("admin:core_claim_changelist"),
            "audit events": reverse("admin:core_auditevent_changelist"),
            "suggestions": reverse("admin:core_suggestion_changelist"),
        }
        results = {}
        for total in (10, args.rows):
            grow_changelists(total)
            for name, url in pages.items():
                results.setdefault(name, []).append(measure(client, url, args.runs))
        claim = Claim.objects.order_by("pk").first()
        claim_url = reverse("admin:core_claim_change", args=[claim.pk])
        for total in (10, 200):
            grow_claim(claim, total)
            results.setdefault("one claim's page", []).append(measure(client, claim_url, args.runs))

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


def measure(client, url, runs):
    def get():
        assert client.get(url).status_code == 200

    get()  # warm the per-process caches
    return count_queries(get), median_ms(get, runs)


if __name__ == "__main__":
    main()
