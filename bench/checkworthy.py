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

--workspace also opens the workspace of a 50,000-sentence source made of the
labelled sentences (one claim per 50 sentences, 500 dismissals) in a throw-away
database: median ms and queries of the page, warm; cold (the markup not built
in this process) with the candidates stored as ingestion leaves them, and
without (an older revision's first open: the detector runs); the "check-worthy
only" view. Reference in the same run: the warm and cold page with no
candidates at all (the detector's result replaced by nothing).
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


def workspace(items, runs):
    from _django import count_queries, median_ms, test_database
    from django.contrib.auth.models import Group
    from django.test import Client
    from django.urls import reverse

    with test_database():
        from factcheck.core import candidates, roles
        from factcheck.core.models import CandidateDismissal, RevisionCandidates
        from factcheck.review.templatetags import workspace_text
        from tests.factories import UserFactory, bulk_claims, make_source

        roles.ensure_roles()
        user = UserFactory(username="bench")
        user.groups.add(Group.objects.get(name=roles.REVIEWER))
        text = "\n\n".join(
            " ".join(items[(p * 10 + n) % len(items)]["text"] for n in range(10))
            for p in range(DOCUMENT // 10)
        )
        source = make_source(text=text, title="Bench checkworthy")
        revision = source.current_revision
        sentences = list(revision.sentences.order_by("index").values_list("start", "end", "anchor"))
        bulk_claims(source, user, len(sentences) // 50)
        spans = [(start, end) for start, end, _ in sentences]
        candidates.candidates_of(revision, spans)  # as the ingestion task does
        CandidateDismissal.objects.bulk_create(
            CandidateDismissal(source=source, anchor=anchor, dismissed_by=user)
            for _, _, anchor in sentences[::100]
        )
        client = Client()
        client.force_login(user)
        url = reverse("review:source-detail", args=[source.slug])

        def open_page(query=""):
            response = client.get(url + query)
            assert response.status_code == 200
            return response

        def cold():
            workspace_text._markups.clear()
            open_page()

        def first_open():
            RevisionCandidates.objects.filter(revision=revision).delete()
            cold()

        def only():
            open_page("?show=candidates&page=3")

        open_page()
        figures = {
            "warm": (median_ms(open_page, runs), count_queries(open_page)),
            "cold": (median_ms(cold, 3), count_queries(cold)),
            "first": (median_ms(first_open, 3), count_queries(first_open)),
            "only": (median_ms(only, runs), count_queries(only)),
        }
        size = len(open_page().content)
        real = candidates.candidates_of
        candidates.candidates_of = lambda revision, spans: [None] * len(spans)
        workspace_text.candidates_of = candidates.candidates_of
        try:
            cold()
            reference = (median_ms(open_page, runs), median_ms(cold, 3))
            bare_size = len(open_page().content)
        finally:
            candidates.candidates_of = workspace_text.candidates_of = real
        count = sum(1 for c in real(revision, spans) if c)
    print(
        f"workspace, {len(sentences):,} sentences ({count:,} check-worthy), "
        f"{len(sentences) // 50} claims, {len(sentences[::100])} dismissals:"
    )
    for name, label in (
        ("warm", "open"),
        ("cold", "cold open, candidates stored"),
        ("first", "cold open, candidates found now"),
        ("only", '"check-worthy only", page 3'),
    ):
        ms, queries = figures[name]
        print(f"  {label:<32} {ms:8.1f} ms  {queries} queries")
    print(
        f"  reference, no candidates: open {reference[0]:.1f} ms, cold {reference[1]:.1f} ms; "
        f"ratio open x{figures['warm'][0] / reference[0]:.2f}, "
        f"cold x{figures['cold'][0] / reference[1]:.2f}; "
        f"page {size / 1024:.0f} KB (without marks {bare_size / 1024:.0f} KB)"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list the labelled set's mistakes")
    parser.add_argument("--labelled-only", action="store_true", help="skip the held-out set")
    parser.add_argument("--workspace", action="store_true", help="also time the workspace page")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    labelled = load(DATA)
    report("labelled (tuning) set", labelled, args.errors)
    if not args.labelled_only:
        report("held-out set", load(HELD_OUT), errors=False)
    speed(labelled)
    if args.workspace:
        workspace(labelled, args.runs)


if __name__ == "__main__":
    main()
