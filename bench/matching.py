"""Precision and recall of factcheck.core.matching on labelled claim pairs:
the lexical score, the semantic one (the cosine of the claims' wordllama
vectors, semantic.py) and the two combined (matching.combined: the rules that
keep numbers, negations and opposites apart win over the vectors).

bench/data holds pairs written for this project: paraphrases (same: true) and
near-misses (same: false: another number, a negation, another subject, the
same words saying something else). claim_pairs.json tuned the lexical scorer
and, with claim_pairs_semantic.json, the semantic threshold and dimensions;
claim_pairs_heldout.json, claim_pairs_semantic_heldout.json (paraphrases that
share few words) and claim_pairs_crosslang.json (English against German and
Spanish) were written before that tuning and never used for it. With --errors,
the pairs the combined score gets wrong; with --lookup, the similar-claims
lookup among the claims of DATABASE_URL's database (read only).
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck.core import matching, semantic  # noqa: E402

DATA = ROOT / "bench" / "data"
TUNING = [
    ("labelled set", "claim_pairs.json"),
    ("semantic labelled set", "claim_pairs_semantic.json"),
]
HELD_OUT = [
    ("held-out set", "claim_pairs_heldout.json"),
    ("semantic held-out set", "claim_pairs_semantic_heldout.json"),
    ("cross-language set", "claim_pairs_crosslang.json"),
]


def figures(pairs, matched):
    tp = sum(m and p["same"] for p, m in zip(pairs, matched, strict=True))
    fp = sum(m and not p["same"] for p, m in zip(pairs, matched, strict=True))
    fn = sum(not m and p["same"] for p, m in zip(pairs, matched, strict=True))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def load(name):
    return json.loads((DATA / name).read_text())["pairs"]


def cosines(pairs, dims=semantic.DIMS, binary=False):
    vectors = semantic.embed([p["a"] for p in pairs] + [p["b"] for p in pairs])
    if binary:
        bits = vectors[:, :dims] > 0
        a, b = bits[: len(pairs)], bits[len(pairs) :]
        return [1 - 2 * float((x != y).mean()) for x, y in zip(a, b, strict=True)]
    vectors = semantic.searched(vectors, dims)
    a, b = vectors[: len(pairs)], vectors[len(pairs) :]
    return [float(x @ y) for x, y in zip(a, b, strict=True)]


def judged(pairs, cosine, threshold=matching.SEMANTIC_THRESHOLD):
    """{score: [matched]} for the lexical, semantic and combined scores."""
    lexical = [matching.score(p["a"], p["b"]) >= matching.THRESHOLD for p in pairs]
    semantic_ = [c >= threshold for c in cosine]
    saved, matching.SEMANTIC_THRESHOLD = matching.SEMANTIC_THRESHOLD, threshold
    try:
        combined = [
            matching.combined(p["a"], p["b"], c)[0] >= matching.THRESHOLD
            for p, c in zip(pairs, cosine, strict=True)
        ]
    finally:
        matching.SEMANTIC_THRESHOLD = saved
    return {"lexical": lexical, "semantic": semantic_, "combined": combined}


def report(name, path, errors):
    pairs = load(path)
    started = time.perf_counter()
    cosine = cosines(pairs)
    elapsed = time.perf_counter() - started
    same = sum(p["same"] for p in pairs)
    print(
        f"{name} ({path}): {len(pairs)} pairs, {same} paraphrases, {len(pairs) - same} near-misses"
        f" (vectors in {elapsed * 1000:.0f} ms)"
    )
    for score, matched in judged(pairs, cosine).items():
        precision, recall, f1 = figures(pairs, matched)
        print(f"  {score:9s} precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")
    if errors:
        for pair, c in zip(pairs, cosine, strict=True):
            value, reason = matching.combined(pair["a"], pair["b"], c)
            if (value >= matching.THRESHOLD) != pair["same"]:
                label = "missed" if pair["same"] else "false match"
                print(
                    f"    {value:.2f} cos {c:.2f} {label} ({pair['kind']}, {reason}):"
                    f" {pair['a']} | {pair['b']}"
                )


def tuning_table():
    """The combined score over semantic thresholds and dimensions, on the
    tuning sets only (the held-out sets were not looked at to choose)."""
    pairs = [p for _, path in TUNING for p in load(path)]
    print(f"tuning: combined on the two labelled sets ({len(pairs)} pairs)")
    print("  vectors        cosine  precision  recall  F1")
    for dims, binary in ((64, False), (128, False), (256, False), (256, True)):
        cosine = cosines(pairs, dims, binary)
        for step in range(70, 96, 5):
            threshold = step / 100
            p, r, f = figures(pairs, judged(pairs, cosine, threshold)["combined"])
            chosen = dims == semantic.DIMS and not binary
            mark = " <" if chosen and abs(threshold - matching.SEMANTIC_THRESHOLD) < 0.025 else ""
            kind = f"{dims} {'bits' if binary else 'floats'}"
            print(f"  {kind:12s}   {threshold:.2f}    {p:.3f}     {r:.3f}  {f:.3f}{mark}")
    print()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list the misjudged pairs")
    parser.add_argument("--lookup", action="store_true", help="the lookup in DATABASE_URL too")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(
        f"lexical threshold {matching.THRESHOLD:.2f}; semantic: cosine >= "
        f"{matching.SEMANTIC_THRESHOLD:.2f} of {semantic.DIMS} dimensions (goal on the "
        "semantic held-out set: precision >= 0.9 at recall >= 0.9)"
    )
    for name, path in TUNING + HELD_OUT:
        report(name, path, args.errors)
    print()
    tuning_table()
    if args.lookup:
        lookup(args.runs)


def lookup(runs):
    """similar_claims() among the database's claims, against the lexical
    lookup it replaced (database candidates and matching.rank), each text of
    the held-out sets looked up in turn. Nothing is written: the claims'
    vectors are computed here into this process's index, as the first lookup
    of a process reads them, and the index's refresh query is stood in for by
    one of the same shape on core_claim (the newest rows past the newest id:
    none)."""
    sys.path.insert(0, str(ROOT / "bench"))
    import _django  # noqa: F401  (sets Django up, on DATABASE_URL's database itself)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from factcheck.core import similar

    with connection.cursor() as cursor:
        cursor.execute("SELECT id, text FROM core_claim ORDER BY id")
        claims = cursor.fetchall()
    started = time.perf_counter()
    index = semantic.INDEX
    index.clear()
    index.database = connection.settings_dict["NAME"]
    vectors = semantic.embed([text for _, text in claims])
    index.add(
        [
            (pk, pk, semantic.to_bytes(v), text)
            for (pk, text), v in zip(claims, vectors, strict=True)
        ],
        time.monotonic(),
    )
    print(
        f"lookup on {connection.vendor}, among {len(claims):,} claims (their vectors computed"
        f" in {time.perf_counter() - started:.1f} s, {index.matrix.nbytes / 2**20:.0f} MiB in memory)"
    )
    newest = claims[-1][0] if claims else 0

    def refresh():
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, text FROM core_claim WHERE id > %s", [newest])
            cursor.fetchall()

    index.refresh = refresh

    def lexical(text):
        ranked = matching.rank(text, similar.candidates(text), key=lambda row: row[1], limit=8)
        shown = similar.SHOWN_FIELDS.in_bulk([pk for _, (pk, _) in ranked])
        return [shown[pk] for _, (pk, _) in ranked if pk in shown]

    def combined(text):
        return similar.similar_claims(text, limit=8)

    texts = [p["b"] for _, path in HELD_OUT[:2] for p in load(path)]
    medians, counts = {}, {}
    for name, function in (("lexical", lexical), ("combined", combined)):
        function(texts[0])  # warm: the model, the statistics' cache
        times = []
        for _ in range(runs):
            for text in texts:
                started = time.perf_counter()
                function(text)
                times.append(time.perf_counter() - started)
        with CaptureQueriesContext(connection) as queries:
            for text in texts:
                function(text)
        medians[name] = statistics.median(times) * 1000
        counts[name] = len(queries) / len(texts)
    for name in medians:
        print(
            f"  {name:9s} median {medians[name]:.1f} ms a lookup ({len(texts)} texts x {runs}),"
            f" {counts[name]:.1f} queries"
        )
    print(
        f"  combined / lexical: {medians['combined'] / medians['lexical']:.2f}"
        " (goal: combined <= 30 ms at 100,000 claims)"
    )


if __name__ == "__main__":
    main()
