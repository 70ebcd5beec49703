"""Throughput of the whole ingestion of a text, stage by stage and end to end.

    .venv/bin/python bench/ingest.py                    # SQLite (a file, as deployed)
    DATABASE_URL=postgres://... .venv/bin/python bench/ingest.py

For a 1 MB and a 5 MB .txt upload (the seed texts repeated, as bench/segment.py
and bench/upload.py build them), prints the CPU and wall seconds and MB/s
(median of --runs) of each stage:

  read        the bytes from a file (the floor: nothing can be faster)
  decode      ingest.decode_bytes
  normalise   ingest.normalise
  segment     sentences.segment over the text in chunks, as the worker does
  anchors     sentences.assign_anchors
  store       the Revision row and its sentence rows (then rolled back)

and end to end as the request and the worker do it: text_from_upload (decode,
normalise), the Ingestion row queued, process_ingestion (normalise, segment with
progress reports, store source, revision and sentences), with its MB/s against
the 10 MB/s target (issue 18 item 3). A text in cp1252 (not UTF-8: the
detection fallback) is decoded too.

Generated prose is left out: most of its blocks are hard enough to go to pySBD,
which runs at 0.3 MB/s whatever this code does (see bench/segment.py).

Beside each figure, the same measurement of the code of a reference commit
(--reference, default `main`; `--reference none` skips it), exported with
`git archive` to a temporary folder and run in a child process in the same run
on the same database server, so the ratio compares like with like.

Upload-to-ready with a worker is bench/upload.py.
"""

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The code measured is that of BENCH_CODE_ROOT (a reference commit's export)
# when set, else this checkout's.
HERE = Path(__file__).resolve().parent
CODE_ROOT = Path(os.environ.get("BENCH_CODE_ROOT", HERE.parent))
sys.path.insert(0, str(CODE_ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("FACTCHECK_TESTING", "1")

import django  # noqa: E402

django.setup()
logging.getLogger("django.tasks").setLevel(logging.WARNING)  # a line per task otherwise

from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from factcheck.core import ingest, sentences, sources, tasks  # noqa: E402
from factcheck.core.models import Revision, Source  # noqa: E402

MB = 1024 * 1024
TARGET = 10.0  # MB/s end to end
STAGES = ("read", "decode", "normalise", "segment", "anchors", "store", "end to end")
DEMO = HERE.parent / "factcheck" / "core" / "demo"


def seed_bytes(size):
    unit = "\n\n".join(p.read_text(encoding="utf-8").strip() for p in sorted(DEMO.glob("*.txt")))
    text = "\n\n".join([unit] * (size // len(unit.encode()) + 1))
    return text.encode()[:size].decode("utf-8", "ignore").encode()


def timed(fn, runs):
    """(median CPU s, median wall s, last result) of fn() over `runs` runs."""
    cpu, wall, result = [], [], None
    for _ in range(runs):
        c, w = time.process_time(), time.perf_counter()
        result = fn()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return statistics.median(cpu), statistics.median(wall), result


class Rollback(Exception):
    pass


def store(source, text, spans, anchors):
    """The revision row and its sentences, rolled back afterwards."""
    try:
        with transaction.atomic():
            revision = Revision.objects.create(source=source, number=1, text=text, sha256="x" * 64)
            sources.store_sentences(revision, spans, anchors)
            raise Rollback
    except Rollback:
        pass


def end_to_end(data, user, n):
    """Bytes to stored revision, as the upload request and the worker do it."""
    text = ingest.text_from_upload("big.txt", data, max_bytes=len(data))
    ingestion = tasks.queue_source(title=f"Bench {n}", text=text, user=user, filename="big.txt")
    ingestion.refresh_from_db()
    assert ingestion.status == "done", ingestion.error
    return ingestion


def measure(data, runs, user, source):
    """{stage: [cpu, wall]} for one text."""
    path = Path(tempfile.mkstemp(suffix=".txt")[1])
    path.write_bytes(data)
    try:
        results = {"read": timed(path.read_bytes, runs)}
    finally:
        path.unlink()
    results["decode"] = timed(lambda: ingest.decode_bytes(data), runs)
    decoded = results["decode"][2]
    results["normalise"] = timed(lambda: ingest.normalise(decoded), runs)
    text = results["normalise"][2]
    results["segment"] = timed(lambda: sources.segment_in_chunks(text), runs)
    spans = results["segment"][2]
    texts = [text[s.start : s.end] for s in spans]
    results["anchors"] = timed(lambda: sentences.assign_anchors(texts), runs)
    anchors = results["anchors"][2]
    results["store"] = timed(lambda: store(source, text, spans, anchors), runs)
    counter = iter(range(10**6))
    results["end to end"] = timed(lambda: end_to_end(data, user, next(counter)), runs)
    ingestion = results["end to end"][2]
    assert ingestion.revision.sentences.count() == len(spans)
    Source.objects.filter(pk=ingestion.source_id).delete()
    return {stage: list(results[stage][:2]) for stage in STAGES}, len(spans)


def run_all(sizes, runs):
    """Every measurement on a fresh test database; a JSON-able dict."""
    from django.contrib.auth import get_user_model

    if connection.vendor == "sqlite":  # a file, as deployed, not the in-memory default
        folder = tempfile.mkdtemp()
        connection.settings_dict["TEST"]["NAME"] = str(Path(folder) / "bench.sqlite3")
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        user = get_user_model().objects.create_user("bench")
        source = Source.objects.create(title="Stages", slug="stages")
        out = {}
        for mb in sizes:
            data = seed_bytes(int(mb * MB))
            figures, count = measure(data, runs, user, source)
            out[f"{mb:g} MB"] = {"bytes": len(data), "sentences": count, **figures}
        cp1252 = seed_bytes(int(max(sizes) * MB)).decode().encode("cp1252", "replace")
        ingest.decode_bytes(cp1252[: 256 * 1024])  # charset-normalizer imports on first use
        cpu, wall, _ = timed(lambda: ingest.decode_bytes(cp1252), runs)
        out[f"{max(sizes):g} MB cp1252, decode only"] = {
            "bytes": len(cp1252),
            "decode": [cpu, wall],
        }
        return out
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def reference_figures(ref, sizes, runs):
    """run_all() of the code at git ref `ref`, in a child process."""
    with tempfile.TemporaryDirectory() as folder:
        archive = subprocess.run(
            ["git", "archive", ref, "factcheck", "manage.py"],
            cwd=HERE.parent,
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
        child = subprocess.run(
            [sys.executable, __file__, "--child", "--sizes", ",".join(map(str, sizes))]
            + ["--runs", str(runs)],
            env={**os.environ, "BENCH_CODE_ROOT": folder},
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(child.stdout.strip().splitlines()[-1])


def rate(size, seconds):
    return size / MB / seconds if seconds else float("inf")


def report(ours, reference, ref):
    """MB/s by CPU time (what this code costs, little disturbed by other load on
    the machine) and by wall time (what a user waits; it includes the database
    server's work), each beside the reference's and the speed-up."""
    for label, figures in ours.items():
        size = figures["bytes"]
        extra = f", {figures['sentences']} sentences" if "sentences" in figures else ""
        print(f"\n== {label}: {size / MB:.2f} MB{extra} ==")
        old = reference.get(label, {}) if reference else {}
        header = f"  {'stage':<11} {'CPU s':>7} {'MB/s':>7} {'wall s':>7} {'MB/s':>7}"
        if old:
            header += f"  | {ref + ' CPU s':>11} {'wall s':>7}  speed-up CPU, wall"
        print(header)
        for stage in STAGES:
            if stage not in figures:
                continue
            cpu, wall = figures[stage]
            line = f"  {stage:<11} {cpu:7.3f} {rate(size, cpu):7.1f} {wall:7.3f} {rate(size, wall):7.1f}"
            if stage in old:
                old_cpu, old_wall = old[stage]
                line += f"  | {old_cpu:11.3f} {old_wall:7.3f}  {old_cpu / cpu:6.1f}x {old_wall / wall:6.1f}x"
            print(line)
        if "end to end" in figures:
            cpu, wall = figures["end to end"]
            for kind, seconds in (("CPU", cpu), ("wall", wall)):
                speed = rate(size, seconds)
                verdict = "meets" if speed >= TARGET else "MISSES"
                print(
                    f"  end to end {speed:.1f} MB/s ({kind}): {verdict} the {TARGET:g} MB/s target"
                )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,5", help="sizes in MB, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--reference", default="main", help="git ref to compare with, or none")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    if args.child:
        print(json.dumps(run_all(sizes, args.runs)))
        return
    print(f"database: {connection.vendor}, Python {sys.version.split()[0]}, median of {args.runs}")
    reference = None
    if args.reference != "none":
        reference = reference_figures(args.reference, sizes, args.runs)
    report(run_all(sizes, args.runs), reference, args.reference)


if __name__ == "__main__":
    main()
