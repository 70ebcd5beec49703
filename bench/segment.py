"""Throughput of factcheck.core.sentences.segment: the fast path, the careful path, bare pySBD.

Builds ~1 MB and ~5 MB texts by repeating the seed texts with paragraph breaks
and prints, for each: MB/s and sentences/s (median of --runs runs) for bare
pySBD, for segment(careful=True) (every block through pySBD: the reference)
and for segment() (the fast path of factcheck.core.fastsplit where it is
sure, pySBD elsewhere), the ratio fast/careful, the careful path's overhead
over bare pySBD, and the fast path's peak memory under tracemalloc.

Then the agreement of the two paths, sentence by sentence, on the seed texts,
the Golden Rules (fetched as bench/golden_rules.py does; skipped offline),
generated prose (tests/core/prose.py, three densities of hard constructs) and
the timed texts, with the share of blocks the fast path sent to pySBD.

Bare pySBD is measured two ways, both labelled:
  * whole text: Segmenter(clean=False).segment(text), one call. Its char-span
    matching re-scans the text from the start for every sentence, so its time
    grows quadratically; at 5 MB it takes minutes, so by default it is only run
    up to 1 MB (--whole-text-max-mb changes that).
  * per paragraph: one call per blank-line-separated paragraph, as pySBD is
    really used on long documents.

Rates use the process's CPU time (time.process_time), which other work on a
shared machine disturbs far less than wall time; wall times are printed too.
The measured functions run interleaved, round by round, so a burst of load
hits all of them alike. pySBD itself runs at ~0.3 MB/s, so the default run
(3 passes over 5 MB for each pySBD-bound figure) takes a few minutes; --quick
does one run of each.
"""

import argparse
import re
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pysbd  # noqa: E402

from factcheck.core.sentences import segment  # noqa: E402
from tests.core.prose import prose  # noqa: E402

SEEDS = Path("/work/shared/seeds")
MB = 1_000_000
OVERHEAD_LIMIT = 10.0  # percent, careful path over bare pySBD
FAST_TARGET = 10.0  # MB/s, issue #11
WHOLE = "bare pySBD, whole text (1 call)"
PER_PARAGRAPH = "bare pySBD, one call per paragraph"
CAREFUL = "segment(careful=True)"
OURS = "segment() (fast path)"


def build_text(size: int) -> str:
    """Whole repetitions of the seed texts, separated by blank lines, of at least `size` chars."""
    unit = "\n\n".join(p.read_text(encoding="utf-8").strip() for p in sorted(SEEDS.glob("*.txt")))
    return "\n\n".join([unit] * (size // (len(unit) + 2) + 1))


def bare_whole(text: str) -> int:
    return len(pysbd.Segmenter(language="en", clean=False).segment(text))


def bare_per_paragraph(text: str) -> int:
    segmenter = pysbd.Segmenter(language="en", clean=False)
    return sum(len(segmenter.segment(p)) for p in re.split(r"\n[ \t]*\n", text) if p.strip())


LAST: dict[str, list] = {}  # the spans of the last timed run, to compare without a rerun


def careful(text: str) -> int:
    LAST[CAREFUL] = segment(text, careful=True)
    return len(LAST[CAREFUL])


def wrapper(text: str) -> int:
    LAST[OURS] = segment(text)
    return len(LAST[OURS])


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
    return 100 * (results[CAREFUL][0] / results[baseline][0] - 1)


def agreement(texts: list[str]) -> Counter:
    """Sentences (spans) of each path, those in both, blocks, blocks sent to pySBD."""
    counts = Counter()
    for text in texts:
        fast = segment(text, stats=counts)
        reference = segment(text, careful=True)
        counts["agreeing"] += sum((Counter(fast) & Counter(reference)).values())
        counts["fast"] += len(fast)
        counts["careful"] += len(reference)
    return counts


def report_agreement(label: str, texts: list[str]) -> bool:
    """Print how far the paths agree on texts; True if they give the same sentences."""
    c = agreement(texts)
    print(
        f"  {label:<36} {c['agreeing']}/{c['careful']} sentences agree"
        f" ({100 * c['agreeing'] / max(c['careful'], 1):.2f}%; fast path {c['fast']}),"
        f" {c['pysbd']}/{c['blocks']} blocks sent to pySBD"
        f" ({100 * c['pysbd'] / max(c['blocks'], 1):.1f}%)"
    )
    return c["agreeing"] == c["careful"] == c["fast"]


def golden_rule_texts() -> list[str]:
    from golden_rules import download_rules_source, parse_rules

    try:
        return [text for text, _ in parse_rules(download_rules_source())]
    except (OSError, subprocess.CalledProcessError) as error:
        print(f"  Golden Rules not fetched ({error}); skipped")
        return []


def agreement_report() -> bool:
    print("\n== fast path against careful path (pySBD), sentence by sentence ==")
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    corpora = [("seed texts", seeds), ("English Golden Rules", golden_rule_texts())]
    for tricky in (0.02, 0.12, 0.3):
        texts = [prose(seed, 4_000, tricky) for seed in range(50)]
        corpora.append((f"generated prose (tricky={tricky:g})", texts))
    ok = True
    for label, texts in corpora:
        if texts:
            ok = report_agreement(label, texts) and ok
    return ok


def peak_memory(text: str) -> int:
    tracemalloc.start()
    try:
        segment(text)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def bench(size_mb: float, runs: int, whole_text_max_mb: float) -> bool:
    text = build_text(int(size_mb * MB))
    size = len(text.encode("utf-8"))
    print(f"\n== ~{size_mb:g} MB: {size / MB:.2f} MB, {len(text)} chars, median of {runs} ==")
    funcs = {PER_PARAGRAPH: bare_per_paragraph, CAREFUL: careful, OURS: wrapper}
    if size_mb <= whole_text_max_mb:
        funcs = {WHOLE: bare_whole, **funcs}
    results = measure(funcs, text, runs)
    if WHOLE not in results:
        print(f"  {WHOLE:<36} not run above {whole_text_max_mb:g} MB: its char-span")
        print(f"  {'':<36} matching is quadratic, minutes at this size")
    for label, result in results.items():
        report(label, result, size)
    fast_rate = size / MB / results[OURS][0]
    print(
        f"  fast / careful: {results[CAREFUL][0] / results[OURS][0]:.1f}x;"
        f" fast path {fast_rate:.1f} MB/s:"
        f" {'meets' if fast_rate >= FAST_TARGET else 'MISSES'} the {FAST_TARGET:g} MB/s target"
    )
    for label in (WHOLE, PER_PARAGRAPH):
        if label in results:
            print(f"  careful overhead vs {label + ':':<30} {overhead(results, label):+6.1f}%")
    baseline = WHOLE if WHOLE in results else PER_PARAGRAPH
    verdict = overhead(results, baseline)
    print(
        f"  {'careful overhead OK (<=10%)' if verdict <= OVERHEAD_LIMIT else 'careful overhead TOO HIGH'}"
        f" ({verdict:+.1f}% vs {baseline})"
    )
    print(f"  peak memory of segment() (tracemalloc): {peak_memory(text) / MB:.1f} MB")
    fast, reference = LAST[OURS], LAST[CAREFUL]
    agreeing = sum((Counter(fast) & Counter(reference)).values())
    print(f"  fast and careful paths on this text: {agreeing}/{len(reference)} sentences agree")
    agreed = agreeing == len(reference) == len(fast)
    return fast_rate >= FAST_TARGET and agreed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs per figure (median)")
    parser.add_argument("--quick", action="store_true", help="one run per figure")
    parser.add_argument("--sizes", default="1,5", help="text sizes in MB, comma-separated")
    parser.add_argument("--whole-text-max-mb", type=float, default=1.0)
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    started = time.perf_counter()
    print(f"pysbd {pysbd.__version__}, Python {sys.version.split()[0]}")
    ok = True
    for size_mb in (float(s) for s in args.sizes.split(",")):
        ok = bench(size_mb, runs, args.whole_text_max_mb) and ok
    ok = agreement_report() and ok
    print(
        f"\n{'all targets met' if ok else 'TARGET MISSED'}: fast path >= {FAST_TARGET:g} MB/s, 100% agreement"
    )
    print(f"total bench time: {time.perf_counter() - started:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
