"""A real desk's archive on PostgreSQL: 100,000 published claims over 20,000
sources with 5,000,000 sentences (bench/archive_data.py generates them with
COPY), and the pages a reader, a reviewer, an editor and a partner open on it.

Each request is made as a browser makes it (Django's test client, uncached: the
public cache is emptied before each one, as after a publish) and printed with
its median server time, its queries, and its ratio to the same request on a
1,000-claim archive measured in the same run; beside them its mean CPU time
(the app's process and its PostgreSQL backend, at 100,000 claims, and its
ratio), which a machine busy with other work stretches far less than the
wall-clock medians the targets are judged on. Targets: every page within 50 ms
at 100,000 claims and within 2x its time at 1,000; the similar-claims lookup
within 30 ms.

Each size has its own database, `<database>_<claims>`, built once (a few
minutes for 100,000 claims); `--reuse` keeps one already built (it is migrated
first, so new indexes apply) instead of building it again. Each run vacuums
the database before measuring, as autovacuum would.

    .venv/bin/python bench/archive.py [--reuse] [--runs 7] [--claims 100000] [--reference 1000]
        [--database postgres://factcheck:factcheck@127.0.0.1:5432/fc_archive_bench]
        [--only search --only home]   # only the rows whose name contains one of these

The last row imports 1,000 ClaimReview records (bench/import_claimreview.py's
feed) into the archive, each run in a transaction rolled back afterwards, so
the archive stays as built; its target is 500 records/s (2,000 ms).
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DATABASE = "postgres://factcheck:factcheck@127.0.0.1:5432/fc_archive_bench"
PAGE_TARGET_MS = 50
RATIO_TARGET = 2
SIMILAR_TARGET_MS = 30
IMPORT_RECORDS = 1_000
IMPORT_TARGET_MS = IMPORT_RECORDS / 500 * 1000  # 500 records/s
SEARCHES = {"common": "inflation", "middling": "tariff", "rare": "zeppelin"}
NEW_CLAIM = "The prime minister said inflation doubled since 2021 while wages fell."


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--reference", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="keep databases already built")
    parser.add_argument("--database", default=DATABASE, help="base URL; _<claims> is appended")
    parser.add_argument(
        "--only", action="append", default=[], metavar="TEXT",
        help="measure only the rows whose name contains TEXT (repeatable)",
    )  # fmt: skip
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)

    results = {}
    for size in (args.reference, args.claims):
        url = database_url(args.database, size)
        prepare_database(url, reuse=args.reuse)
        env = {**os.environ, "DATABASE_URL": url}
        command = [sys.executable, __file__, "--child", str(size), "--runs", str(args.runs)]
        if args.reuse:
            command.append("--reuse")
        for text in args.only:
            command += ["--only", text]
        output = subprocess.run(command, env=env, check=True, stdout=subprocess.PIPE, text=True)
        line = next(x for x in output.stdout.splitlines() if x.startswith("RESULT "))
        results[size] = json.loads(line.removeprefix("RESULT "))
    report(results, args.reference, args.claims)


def database_url(base, size):
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"{parts.path}_{size}"))


def prepare_database(url, *, reuse):
    """Create the database; without `reuse`, drop it first (only this bench's own)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    assert name.startswith(urlsplit(DATABASE).path.lstrip("/")) or "bench" in name, name
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reuse:
            return
        if exists:
            conn.execute(f'DROP DATABASE "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def child(args):
    """In a process of its own with DATABASE_URL set: build if needed, then measure."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import _django  # noqa: F401  (sets Django up)
    from archive_data import build, built_size
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    size = built_size()
    if size is None:
        from factcheck.core.models import Source

        if Source.objects.exists():
            raise SystemExit("This database holds other data: run without --reuse to rebuild it.")
        started = time.perf_counter()
        made = build(args.child)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        made["build_s"] = round(time.perf_counter() - started, 1)
        print(f"built {made}", file=sys.stderr)
    elif size != args.child:
        raise SystemExit(f"This database holds {size} claims, not {args.child}: drop --reuse.")
    # What autovacuum does on a served database (it is off on the bench
    # machines): without it a COPY-built table has no visibility map, so
    # counts read every row instead of an index (/api/claims took 125 ms, not
    # 24), and each run's rolled-back imports leave 9,000 dead rows a table.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    print("RESULT " + json.dumps(measure(args.runs, args.only)))


def measure(runs, only=()):
    from _django import count_queries, median_ms
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from factcheck.core.models import Claim, Source
    from factcheck.public.caching import forget_all
    from factcheck.public.published import claim_url

    users = get_user_model().objects
    reader, reviewer, editor = Client(), Client(), Client()
    reviewer.force_login(users.get(username="reviewer0"))
    editor.force_login(users.get(username="editor0"))
    # A source and a claim from the middle of the archive, with a typical number of claims.
    public = Claim.objects.public().order_by("pk")
    claim = public[public.count() // 2]
    source = Source.objects.get(pk=claim.source_id)
    claim.published_verdict  # noqa: B018  (claim_url reads it)
    first_page = reader.get(reverse("api:claims")).json()
    deep = min(1000, first_page["pages"])  # page 1,000 of 2,000; at 1,000 claims the last

    requests = {
        "home page": (reader, reverse("public:home"), {}),
        "source page": (reader, source.get_absolute_url(), {}),
        "claim page": (reader, claim_url(claim), {}),
        **{
            f"search, {kind} ({word})": (reader, reverse("public:home"), {"q": word})
            for kind, word in SEARCHES.items()
        },
        "Atom feed": (reader, reverse("public:feed"), {}),
        "sitemap index": (reader, reverse("public:sitemap"), {}),
        "sitemap, claims page 1": (reader, sitemap_page("claims", 1), {}),
        "sitemap, claims last page": (reader, sitemap_page("claims", "last"), {}),
        "/api/claims": (reader, reverse("api:claims"), {}),
        "/api/claims?page=1000 (1k: last)": (reader, reverse("api:claims"), {"page": deep}),
        "/api/claims?cursor= (page 2)": (reader, first_page.get("next_cursor") or "", {}),
        "/api/claimreview.json": (reader, reverse("api:claimreview"), {}),
        "workspace desk": (reviewer, reverse("review:desk"), {}),
        "workspace search": (reviewer, reverse("review:claim-search"), {"q": "tariff"}),
        "admin claims": (editor, reverse("admin:core_claim_changelist"), {}),
        "admin claims, filtered": (
            editor,
            reverse("admin:core_claim_changelist"),
            {"status__exact": "published", "rating__id__exact": claim.rating_id},
        ),
        "similar claims": (reviewer, reverse("review:claim-similar"), {"text": NEW_CLAIM}),
    }
    figures = {}
    if only:
        requests = {name: r for name, r in requests.items() if any(t in name for t in only)}
    for name, (client, url, query) in requests.items():
        if not url:
            figures[name] = None
            continue
        if url == sitemap_page("claims", "last"):
            url = sitemap_page("claims", last_sitemap_page(reader))

        def get(client=client, url=url, query=query):
            forget_all()
            response = client.get(url, query)
            assert response.status_code == 200, (url, response.status_code)
            b"".join(response) if response.streaming else response.content  # noqa: B018

        get()  # warm the process (templates, URL resolvers, connections)
        figures[name] = {
            "ms": median_ms(get, runs), "queries": count_queries(get), "cpu": cpu_ms(get, runs)
        }  # fmt: skip
        print(f"  {name}: {figures[name]['ms']:.1f} ms", file=sys.stderr, flush=True)
    if not only or any(t in "similar claims, lookup alone" for t in only):
        figures["similar claims, lookup alone"] = similar_lookup(runs)
    name = f"import {IMPORT_RECORDS:,} ClaimReviews"
    if not only or any(t in name for t in only):
        figures[name] = claimreview_import(users.get(username="editor0"), runs)
    return figures


def sitemap_page(section, page):
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("public:sitemap-section", args=[section]) + f"?p={page}"
    except NoReverseMatch:  # before the sitemap index
        return ""


def last_sitemap_page(client):
    """The last claims page named in the sitemap index."""
    import re

    from django.urls import reverse

    index = client.get(reverse("public:sitemap")).content.decode()
    pages = [int(p) for p in re.findall(r"sitemap-claims\.xml\?p=(\d+)", index)]
    return max(pages, default=1)


def similar_lookup(runs):
    """The similar-claims function itself, as the new-claim panel calls it."""
    from _django import count_queries, median_ms

    from factcheck.core import similar

    def lookup():
        similar.similar_claims(NEW_CLAIM)

    lookup()
    return {
        "ms": median_ms(lookup, runs),
        "queries": count_queries(lookup),
        "cpu": cpu_ms(lookup, runs),
    }


def claimreview_import(user, runs):
    """import_claimreview's work on 1,000 new records, each run rolled back."""
    import random

    from _django import count_queries, median_ms
    from django.db import transaction
    from import_claimreview import feed

    from factcheck.core.claimreview import read
    from factcheck.core.claimreview_import import import_reviews

    text = feed(IMPORT_RECORDS, 0, random.Random(7))

    class RolledBack(Exception):
        pass

    def run():
        try:
            with transaction.atomic():
                reviews, problems = read(text, "bench.json")
                report = import_reviews(reviews, user=user, origin="bench.json", problems=problems)
                assert report["created"] == IMPORT_RECORDS, report
                raise RolledBack
        except RolledBack:
            pass

    run()
    return {"ms": median_ms(run, runs), "queries": count_queries(run), "cpu": cpu_ms(run, runs)}


def cpu_ms(fn, runs):
    """Mean CPU time of `fn`, in this process and its PostgreSQL backend (read
    from /proc, so a local server only; None elsewhere): a machine shared with
    other work stretches wall-clock medians, hardly CPU time."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        stat = Path(f"/proc/{cursor.fetchone()[0]}/stat")

    def backend():
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    try:
        before = backend()
    except OSError:
        return None
    started = time.process_time()
    for _ in range(runs):
        fn()
    return (time.process_time() - started + backend() - before) / runs * 1000


def target_ms(name):
    if name.startswith("similar"):
        return SIMILAR_TARGET_MS
    if name.startswith("import"):
        return IMPORT_TARGET_MS
    return PAGE_TARGET_MS


def cpu(at_small, at_big):
    """The CPU column: at the larger size, and its ratio to the smaller."""
    if not at_small.get("cpu") or not at_big.get("cpu"):
        return "-"
    return f"{at_big['cpu']:6.1f} ({at_big['cpu'] / at_small['cpu']:.2f}x)"


def report(results, small, big):
    print(f"PostgreSQL, medians, uncached; {small:,} and {big:,} published claims\n")
    print(f"{'request':34} {small:>9,} {big:>9,}  ratio  queries  cpu ms (ratio)  target")
    met = True
    for name, at_big in results[big].items():
        at_small = results[small].get(name)
        if not at_big or not at_small:
            print(f"{name:34} {'(not available)':>30}")
            met = False
            continue
        ratio = at_big["ms"] / at_small["ms"]
        target = target_ms(name)
        ok = at_big["ms"] <= target and ratio <= RATIO_TARGET
        met = met and ok
        print(
            f"{name:34} {at_small['ms']:7.1f}ms {at_big['ms']:7.1f}ms {ratio:5.2f}x "
            f"{at_small['queries']:3} / {at_big['queries']:<3} {cpu(at_small, at_big):15} "
            f"{'ok' if ok else f'MISSED (<= {target} ms, <= {RATIO_TARGET}x)'}"
        )
    print("\nall targets met" if met else "\nSOME TARGETS MISSED")
    raise SystemExit(0 if met else 1)


if __name__ == "__main__":
    main()
