"""Shared set-up for benchmarks that need Django: a throw-away test database
(SQLite by default, PostgreSQL when DATABASE_URL points at one)."""

import argparse
import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("FACTCHECK_TESTING", "1")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402


def arguments(runs=5, **sizes):
    """`--runs` and an integer option a size (`rows=1000` gives `--rows 1000`)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=runs)
    for name, default in sizes.items():
        parser.add_argument(f"--{name}", type=int, default=default)
    return parser.parse_args()


@contextmanager
def test_database():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def median_ms(fn, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def count_queries(fn):
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def measure(fn, runs):
    """(queries, median ms) of `fn`, after a first call that warms the per-process caches."""
    fn()
    return count_queries(fn), median_ms(fn, runs)


def page(client, url):
    assert client.get(url).status_code == 200, url


def desk_people():
    """The roles, a reviewer and a staff editor in their groups."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from factcheck.core import roles

    roles.ensure_roles()
    users = get_user_model().objects
    reviewer = users.create_user("bench-reviewer")
    reviewer.groups.add(Group.objects.get(name=roles.REVIEWER))
    editor = users.create_user("bench-editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=roles.EDITOR))
    return reviewer, editor


def bench_source(sentences=200, title="Bench"):
    from tests.factories import make_source

    return make_source(
        text=" ".join(f"Sentence {i} says something." for i in range(sentences)), title=title
    )
