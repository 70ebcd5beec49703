"""Precision and recall of factcheck.core.checkworthy on labelled sentences,
and its time per sentence.

bench/data/checkworthy.json holds sentences written for this project (and the
sentences of the two seed texts), each labelled check-worthy or not with the
kind of claim, before the detector existed; checkworthy_heldout.json is a
third of them drawn at random with a fixed seed, never used for tuning.

Prints, for each set: precision, recall and F1 over all sentences; recall per
kind of claim (a kind of check-worthy sentence found or missed); the false
candidates per kind of non-claim (opinions, questions... wrongly marked). Then
the median time per sentence over a 50,000-sentence document made of the
labelled sentences, against a reference measured in the same run: the
sentence's anchor (sentences.sentence_anchor_base), which ingestion already
computes for every sentence. --errors lists the labelled set's mistakes
(never the held-out set's: it is not for tuning). --labelled-only skips the
held-out set.
"""

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck.core.checkworthy import KINDS, candidate  # noqa: E402
from factcheck.core.sentences import sentence_anchor_base  # noqa: E402

DATA = ROOT / "bench" / "data" / "checkworthy.json"
HELD_OUT = ROOT / "bench" / "data" / "checkworthy_heldout.json"
DOCUMENT = 50_000
RUNS = 5


def load(path):
    return json.loads(path.read_text())["items"]


def figures(items, found):
    tp = sum(f and i["checkworthy"] for i, f in zip(items, found, strict=True))
    fp = sum(f and not i["checkworthy"] for i, f in zip(items, found, strict=True))
    fn = sum(not f and i["checkworthy"] for i, f in zip(items, found, strict=True))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return tp, fp, fn, precision, recall, f1


def report(name, items, errors):
    found = [candidate(i["text"]) is not None for i in items]
    tp, fp, fn, precision, recall, f1 = figures(items, found)
    positives = sum(i["checkworthy"] for i in items)
    print(f"{name}: {len(items)} sentences, {positives} check-worthy")
    print(
        f"  precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}"
        f"  (true candidates {tp}, false candidates {fp}, missed {fn})"
    )
    hits, totals = Counter(), Counter()
    for item, hit in zip(items, found, strict=True):
        totals[(item["checkworthy"], item["kind"])] += 1
        hits[(item["checkworthy"], item["kind"])] += hit
    print("  check-worthy, found / labelled, per kind:")
    for kind in KINDS:
        if totals[(True, kind)]:
            n, h = totals[(True, kind)], hits[(True, kind)]
            print(f"    {kind:<12} {h:>3} / {n:<3} recall {h / n:.2f}")
    print("  not check-worthy, marked / labelled, per kind:")
    for (worthy, kind), n in sorted(totals.items()):
        if not worthy:
            print(f"    {kind:<12} {hits[(worthy, kind)]:>3} / {n}")
    if errors:
        for item, hit in zip(items, found, strict=True):
            if hit != item["checkworthy"]:
                got = candidate(item["text"])
                label = "MISSED" if item["checkworthy"] else f"FALSE ({got.kind})"
                print(f"    {label:<18} [{item['kind']}] {item['text'][:150]}")


def median_us(function, texts):
    runs = []
    for _ in range(RUNS):
        started = time.perf_counter()
        for text in texts:
            function(text)
        runs.append((time.perf_counter() - started) / len(texts) * 1e6)
    return statistics.median(runs)


def speed(items):
    texts = [items[n % len(items)]["text"] for n in range(DOCUMENT)]
    detector = median_us(candidate, texts)
    reference = median_us(sentence_anchor_base, texts)
    print(
        f"speed over a {DOCUMENT:,}-sentence document (median of {RUNS} runs): "
        f"{detector:.1f} µs/sentence, {detector * DOCUMENT / 1e6:.2f} s for the document; "
        f"reference (the sentence's anchor) {reference:.1f} µs/sentence; "
        f"ratio {detector / reference:.2f}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list the labelled set's mistakes")
    parser.add_argument("--labelled-only", action="store_true", help="skip the held-out set")
    args = parser.parse_args()
    labelled = load(DATA)
    report("labelled (tuning) set", labelled, args.errors)
    if not args.labelled_only:
        report("held-out set", load(HELD_OUT), errors=False)
    speed(labelled)


if __name__ == "__main__":
    main()
