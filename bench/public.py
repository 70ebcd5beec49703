"""Public page throughput under gunicorn: the page of a 2,000-sentence source
with 300 published claims, next to a bare Django view returning the same bytes
from memory (the honest ceiling), and its 304 next to a bare "hello" view, all
served by the same server with the same settings and middleware.

    .venv/bin/python bench/public.py [--duration 10] [--rounds 5] [--connections 4] [--workers 1]

Everything runs on 127.0.0.1: a temporary SQLite database and STATIC_ROOT,
DEBUG off, gunicorn (gthread) on a free port, and a keep-alive client of a
few threads. Figures depend on the machine; the ratio is the point."""

import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLUG = "bench-source"


def configure(workdir):
    env = {
        "DJANGO_SETTINGS_MODULE": "bench.bench_settings",
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "BENCH_STATIC_ROOT": str(workdir / "static"),
        "SECRET_KEY": "bench-only-secret-key-not-used-anywhere-else-0123456789",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "ERROR",
        "BENCH_PAGE_FILE": str(workdir / "page.html"),
    }
    os.environ.update(env)
    return env


def prepare(sentences, claims):
    """Migrate, collect static files (DEBUG off needs the manifest), and load
    one source with its claims published in bulk."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from tests.factories import bulk_claims, make_source
    from tests.public.publishing import publish_in_bulk

    author = get_user_model().objects.create_user("bench-author")
    editor = get_user_model().objects.create_user("bench-editor")
    text = " ".join(f"Sentence {i} makes a claim about kei cars." for i in range(sentences))
    source = make_source(text=text, title="Bench source", slug=SLUG)
    bulk_claims(source, author, claims)
    publish_in_bulk(source, editor)
    connections.close_all()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port, env, workers, threads):
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "factcheck.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=gthread",
        f"--threads={threads}",
        "--keep-alive=30",
        "--log-level=warning",
        f"--chdir={ROOT}",
    ]
    server = subprocess.Popen(command, env={**os.environ, **env})
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            status, _ = fetch(port, "/bench-hello/")
            if status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def fetch(port, path, connection=None, headers=None):
    conn = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
    response = conn.getresponse()
    body = response.read()
    fetch.etag = response.getheader("ETag")
    if connection is None:
        conn.close()
    return response.status, body


def load(port, path, duration, connections, headers=None, expect=200):
    """Requests per second over `duration` seconds from `connections` keep-alive
    clients, each sending its next request when the previous one is answered."""
    counts = [0] * connections
    errors = [0] * connections
    stop = time.monotonic() + duration

    def client(i):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < stop:
            try:
                status, _ = fetch(port, path, conn, headers)
                if status == expect:
                    counts[i] += 1
                else:
                    errors[i] += 1
            except (OSError, http.client.HTTPException):
                errors[i] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return sum(counts) / elapsed, sum(errors)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per URL")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of every URL in turn")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=1, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per process")
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--claims", type=int, default=300)
    parser.add_argument("--port", type=int, default=0, help="default: a free one")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="factcheck-bench-"))
    server = None
    try:
        env = configure(workdir)
        prepare(args.sentences, args.claims)
        port = args.port or free_port()
        server = start_server(port, env, args.workers, args.threads)
        page = f"/sources/{SLUG}/"
        status, body = fetch(port, page)
        assert status == 200, status
        revalidate = {"If-None-Match": fetch.etag}
        (workdir / "page.html").write_bytes(body)
        highlights = body.count(b'class="hl-link"')
        # Warm every worker's cache before measuring.
        for path in (page, "/bench-hello/", "/bench-same-bytes/"):
            load(port, path, 1.0, args.connections)

        # Rounds of every URL in turn, so that a slower moment of the machine
        # falls on all of them alike; the medians over the rounds are printed.
        urls = {
            "hello": ("/bench-hello/", {}),
            "same": ("/bench-same-bytes/", {}),
            "page": (page, {}),
            "304": (page, {"headers": revalidate, "expect": 304}),
        }
        rounds = {name: [] for name in urls}
        errors = dict.fromkeys(urls, 0)
        for _ in range(args.rounds):
            for name, (path, kwargs) in urls.items():
                rate, failed = load(
                    port, path, args.duration / args.rounds, args.connections, **kwargs
                )
                rounds[name].append(rate)
                errors[name] += failed
        hello_rps, same_rps, page_rps, not_modified_rps = (
            statistics.median(rounds[name]) for name in urls
        )
        hello_errors, same_errors, page_errors, nm_errors = errors.values()
        page_ratio = statistics.median(
            p / s for p, s in zip(rounds["page"], rounds["same"], strict=True)
        )
        nm_ratio = statistics.median(
            n / h for n, h in zip(rounds["304"], rounds["hello"], strict=True)
        )

        print(
            f"gunicorn gthread, {args.workers} worker(s) x {args.threads} threads, "
            f"{args.connections} keep-alive connections, {args.duration:.0f} s per URL in "
            f"{args.rounds} rounds (medians), "
            "DEBUG off, SQLite"
        )
        print(
            f"public source page: {args.sentences} sentences, {args.claims} published claims "
            f"({highlights} highlights), {len(body) / 1024:.0f} KB"
        )
        print(f"  hello view            {hello_rps:8.0f} req/s   ({hello_errors} errors)")
        print(f"  same-bytes view       {same_rps:8.0f} req/s   ({same_errors} errors)")
        print(f"  public page           {page_rps:8.0f} req/s   ({page_errors} errors)")
        print(f"  public page, 304      {not_modified_rps:8.0f} req/s   ({nm_errors} errors)")
        print(f"  ratio page/same-bytes {page_ratio:8.2f}   (target >= 0.70)")
        print(f"  ratio 304/hello       {nm_ratio:8.2f}   (target >= 0.80)")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
