"""Throughput of factcheck.core.sentences.segment against bare pySBD.

Builds ~1 MB and ~5 MB texts by repeating the seed texts with paragraph breaks
and prints, for each: MB/s and sentences/s (median of --runs runs) for bare
pySBD and for our wrapper, the wrapper's overhead, and the wrapper's peak
memory under tracemalloc.

Bare pySBD is measured two ways, both labelled:
  * whole text: Segmenter(clean=False).segment(text), one call. Its char-span
    matching re-scans the text from the start for every sentence, so its time
    grows quadratically; at 5 MB it takes minutes, so by default it is only run
    up to 1 MB (--whole-text-max-mb changes that).
  * per paragraph: one call per blank-line-separated paragraph, as pySBD is
    really used on long documents.
The overhead verdict uses the whole-text call where it was run, else the
per-paragraph calls.

Rates use the process's CPU time (time.process_time), which other work on a
shared machine disturbs far less than wall time; wall times are printed too.
The measured functions run interleaved, round by round, so a burst of load
hits all of them alike. pySBD itself runs at ~0.2 MB/s, so the default run
(7 passes over 5 MB) takes about 5 minutes; --quick does one run of each.
"""

import argparse
import re
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pysbd  # noqa: E402

from factcheck.core.sentences import segment  # noqa: E402

SEEDS = Path("/work/shared/seeds")
MB = 1_000_000
OVERHEAD_LIMIT = 10.0  # percent
WHOLE = "bare pySBD, whole text (1 call)"
PER_PARAGRAPH = "bare pySBD, one call per paragraph"
OURS = "factcheck segment()"


def build_text(size: int) -> str:
    """Whole repetitions of the seed texts, separated by blank lines, of at least `size` chars."""
    unit = "\n\n".join(p.read_text(encoding="utf-8").strip() for p in sorted(SEEDS.glob("*.txt")))
    return "\n\n".join([unit] * (size // (len(unit) + 2) + 1))


def bare_whole(text: str) -> int:
    return len(pysbd.Segmenter(language="en", clean=False).segment(text))


def bare_per_paragraph(text: str) -> int:
    segmenter = pysbd.Segmenter(language="en", clean=False)
    return sum(len(segmenter.segment(p)) for p in re.split(r"\n[ \t]*\n", text) if p.strip())


def wrapper(text: str) -> int:
    return len(segment(text))


def measure(funcs: dict, text: str, runs: int) -> dict[str, tuple[float, float, int]]:
    """Median CPU seconds, median wall seconds and sentence count per function.

    Runs are interleaved (and the order alternates) so that changing load on
    the machine affects every function alike.
    """
    samples = {name: ([], []) for name in funcs}
    counts = {}
    for run in range(runs):
        order = list(funcs.items())
        for name, func in order if run % 2 == 0 else reversed(order):
            cpu, wall = time.process_time(), time.perf_counter()
            counts[name] = func(text)
            samples[name][0].append(time.process_time() - cpu)
            samples[name][1].append(time.perf_counter() - wall)
    return {
        name: (statistics.median(cpu), statistics.median(wall), counts[name])
        for name, (cpu, wall) in samples.items()
    }


def report(label: str, result: tuple[float, float, int], size: int) -> None:
    cpu, wall, sentences = result
    print(
        f"  {label:<36} {size / MB / cpu:6.3f} MB/s  {sentences / cpu:6.0f} sentences/s"
        f"  (CPU {cpu:6.2f} s, wall {wall:6.2f} s, {sentences} sentences)"
    )


def overhead(results: dict, baseline: str) -> float:
    return 100 * (results[OURS][0] / results[baseline][0] - 1)


def peak_memory(text: str) -> int:
    tracemalloc.start()
    try:
        segment(text)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def bench(size_mb: float, runs: int, whole_text_max_mb: float) -> None:
    text = build_text(int(size_mb * MB))
    size = len(text.encode("utf-8"))
    print(f"\n== ~{size_mb:g} MB: {size / MB:.2f} MB, {len(text)} chars, median of {runs} ==")
    funcs = {PER_PARAGRAPH: bare_per_paragraph, OURS: wrapper}
    if size_mb <= whole_text_max_mb:
        funcs = {WHOLE: bare_whole, **funcs}
    results = measure(funcs, text, runs)
    if WHOLE not in results:
        print(f"  {WHOLE:<36} not run above {whole_text_max_mb:g} MB: its char-span")
        print(f"  {'':<36} matching is quadratic, minutes at this size")
    for label, result in results.items():
        report(label, result, size)
    for label in (WHOLE, PER_PARAGRAPH):
        if label in results:
            print(f"  overhead vs {label + ':':<38} {overhead(results, label):+6.1f}%")
    baseline = WHOLE if WHOLE in results else PER_PARAGRAPH
    verdict = overhead(results, baseline)
    print(
        f"  {'overhead OK (<=10%)' if verdict <= OVERHEAD_LIMIT else 'overhead TOO HIGH'}"
        f" ({verdict:+.1f}% vs {baseline})"
    )
    print(f"  peak memory of segment() (tracemalloc): {peak_memory(text) / MB:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs per figure (median)")
    parser.add_argument("--quick", action="store_true", help="one run per figure")
    parser.add_argument("--sizes", default="1,5", help="text sizes in MB, comma-separated")
    parser.add_argument("--whole-text-max-mb", type=float, default=1.0)
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    started = time.perf_counter()
    print(f"pysbd {pysbd.__version__}, Python {sys.version.split()[0]}")
    for size_mb in (float(s) for s in args.sizes.split(",")):
        bench(size_mb, runs, args.whole_text_max_mb)
    print(f"\ntotal bench time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
