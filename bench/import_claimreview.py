"""import_claimreview at archive scale: records per second of importing 1,000
ClaimReviews into an empty desk and into a desk of ~10,000 imported claims,
with the queries each took, beside reading the same file (json.loads alone,
and our reader) in the same run. Importing the same file again (nothing
changes) is measured too. Target: >= 500 records/s on PostgreSQL.

    .venv/bin/python bench/import_claimreview.py [--records 1000] [--desk 10000]
    DATABASE_URL=postgres://... .venv/bin/python bench/import_claimreview.py
"""

import json
import os
import random
import time

from _django import arguments, count_queries, test_database
from django.db import connection

RATINGS = [
    ("False", 1), ("Mostly false", 2), ("Half true", 3), ("Pants on Fire", 1),
    ("Missing context", None), ("Mostly true", 4), ("True", 5), ("Unproven", None),
]  # fmt: skip
WORDS = (
    "council minister budget hospital school road tax energy price police migrants "
    "vaccine climate election water bridge jobs crime housing pension farmers"
).split()


def feed(n, offset, rng):
    """n ClaimReviews as a DataFeed, shaped like real ones (a sentence or two of
    claim, a paragraph of review body, a claimant, appearances)."""
    items = []
    for i in range(offset, offset + n):
        name, value = RATINGS[i % len(RATINGS)]
        words = " ".join(rng.choice(WORDS) for _ in range(14))
        rating = {"@type": "Rating", "alternateName": name}
        if value:
            rating.update(ratingValue=value, bestRating=5, worstRating=1)
        items.append(
            {
                "@type": "ClaimReview",
                "url": f"https://factdesk.example/checks/{i}-{words.split()[0]}/",
                "claimReviewed": f"Claim {i}: the {words}. It was said {i % 7} times.",
                "datePublished": f"20{10 + i % 15}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                "author": {
                    "@type": "Organization",
                    "name": "Fact Desk",
                    "url": "https://factdesk.example/",
                },
                "reviewBody": f"We checked the {words} against the official figures. " * 4,
                "itemReviewed": {
                    "@type": "Claim",
                    "author": {"@type": "Person", "name": f"Speaker {i % 300}"},
                    "datePublished": f"20{10 + i % 15}-{1 + i % 12:02d}-01",
                    "appearance": [{"@type": "CreativeWork", "url": f"https://news.example/{i}"}],
                },
                "reviewRating": rating,
            }
        )
    return json.dumps(
        {"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": items}
    )


def server_cpu():
    """CPU seconds the PostgreSQL backend serving us has used (it runs on this
    machine: /proc), or 0 on SQLite (in this process)."""
    if connection.vendor != "postgresql":
        return 0.0
    if not hasattr(server_cpu, "pid"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            server_cpu.pid = cursor.fetchone()[0]
    pid = server_cpu.pid
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(fn):
    """(result, wall seconds); timed.cpu is the CPU seconds of this process and
    of the database server together: the figure a loaded machine does not skew."""
    started, cpu, db = time.perf_counter(), time.process_time(), server_cpu()
    result = fn()
    timed.cpu = time.process_time() - cpu + server_cpu() - db
    return result, time.perf_counter() - started


def main():
    args = arguments(runs=3, records=1000, desk=10000)
    rng = random.Random(7)
    with test_database():
        from django.contrib.auth import get_user_model

        from factcheck.core.claimreview import read
        from factcheck.core.claimreview_import import import_reviews
        from factcheck.core.models import Claim

        user = get_user_model().objects.create_user("bench-editor")
        n = args.records
        text = feed(n, 0, rng)
        load = os.getloadavg()[0]
        print(
            f"{connection.vendor}: {n:,} ClaimReviews, {len(text) / 1e6:.1f} MB; "
            f"load average {load:.1f} on {os.cpu_count()} CPUs (figures are wall-clock)"
        )

        _, json_s = timed(lambda: json.loads(text))
        (reviews, _), read_s = timed(lambda: read(text, "bench.json"))

        def import_file(text):
            reviews, problems = read(text, "bench.json")
            return import_reviews(reviews, user=user, origin="bench.json", problems=problems)

        def measure(label, text):
            holder = {}
            queries = count_queries(lambda: holder.update(t=timed(lambda: import_file(text))))
            report, seconds = holder["t"]
            rate = n / seconds
            print(
                f"{label:>44}: {rate:8,.0f} records/s ({n / timed.cpu:,.0f} per CPU second, app + database), "
                f"{queries:4} queries "
                f"({queries / n:.3f} a record), {json_rate / rate:5.1f}x json.loads's time, "
                f"created {report['created']:,}, unchanged {report['unchanged']:,}"
            )
            return rate

        json_rate = n / json_s
        print(f"{'json.loads alone (reference)':>44}: {json_rate:8,.0f} records/s")
        print(
            f"{'our reader (parse + clean)':>44}: {n / read_s:8,.0f} records/s, {json_rate * read_s / n:5.1f}x json.loads's time"
        )
        empty = measure("import into an empty desk", text)
        again = measure("the same file again (nothing changes)", text)
        # Grow the desk to ~args.desk imported claims, then import new records.
        grown = Claim.objects.count()
        offset = n
        while grown < args.desk:
            step = min(5000, args.desk - grown)
            import_file(feed(step, offset, rng))
            offset += step
            grown += step
        print(f"desk grown to {Claim.objects.count():,} claims")
        full = measure(f"import into a desk of {Claim.objects.count():,}", feed(n, offset, rng))
        slowest = min(empty, full)
        verdict = "meets" if slowest >= 500 else "BELOW"
        print(
            f"slowest import: {slowest:,.0f} records/s ({verdict} the 500 records/s target); re-import {again:,.0f} records/s"
        )


if __name__ == "__main__":
    main()
