"""Precision and recall of factcheck.core.matching on labelled claim pairs.

bench/data/claim_pairs.json holds pairs written for this project: paraphrases
(same: true) and near-misses (same: false: another number, a negation, another
subject, the same words saying something else). Prints precision, recall and
F1 at matching.THRESHOLD, a table over thresholds (for it and for a
held-out set written after tuning, claim_pairs_heldout.json), and with --errors the pairs
the scorer gets wrong at the chosen threshold.
"""

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck.core import matching  # noqa: E402

DATA = ROOT / "bench" / "data" / "claim_pairs.json"
HELD_OUT = ROOT / "bench" / "data" / "claim_pairs_heldout.json"


def figures(pairs, scores, threshold):
    tp = sum(s >= threshold and p["same"] for p, s in zip(pairs, scores, strict=True))
    fp = sum(s >= threshold and not p["same"] for p, s in zip(pairs, scores, strict=True))
    fn = sum(s < threshold and p["same"] for p, s in zip(pairs, scores, strict=True))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def report(name, path, errors):
    pairs = json.loads(path.read_text())["pairs"]
    started = time.perf_counter()
    scores = [matching.score(p["a"], p["b"]) for p in pairs]
    elapsed = time.perf_counter() - started
    same = sum(p["same"] for p in pairs)
    print(
        f"{name} ({path.name}): {len(pairs)} pairs, {same} paraphrases, {len(pairs) - same} near-misses"
    )
    print(f"scored in {elapsed * 1000:.1f} ms ({elapsed / len(pairs) * 1e6:.0f} µs a pair)")
    precision, recall, f1 = figures(pairs, scores, matching.THRESHOLD)
    print(
        f"threshold {matching.THRESHOLD:.2f}: precision {precision:.3f}  "
        f"recall {recall:.3f}  F1 {f1:.3f}  (goal: precision >= 0.9 at recall >= 0.8)"
    )
    print("threshold  precision  recall  F1")
    for step in range(50, 96, 5):
        p, r, f = figures(pairs, scores, step / 100)
        mark = " <" if abs(step / 100 - matching.THRESHOLD) < 0.025 else ""
        print(f"     {step / 100:.2f}      {p:.3f}   {r:.3f}  {f:.3f}{mark}")
    if errors:
        print("misjudged at the threshold:")
        for pair, s in zip(pairs, scores, strict=True):
            if (s >= matching.THRESHOLD) != pair["same"]:
                label = "missed" if pair["same"] else "false match"
                print(f"  {s:.2f} {label} ({pair['kind']}): {pair['a']} | {pair['b']}")
    print()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list the misjudged pairs")
    parser.add_argument("--archive", action="store_true", help="the lookup in DATABASE_URL too")
    args = parser.parse_args()
    # The scorer's word lists were written looking at the first set; the
    # held-out set was written afterwards and never used to tune it.
    report("labelled set", DATA, args.errors)
    report("held-out set", HELD_OUT, args.errors)
    if args.archive:
        archive_lookup(args.errors)


def archive_lookup(errors):
    """The pairs' first claims among the archive's, found by similar_claims()."""
    sys.path.insert(0, str(ROOT / "bench"))
    import _django  # noqa: F401  (sets Django up, on DATABASE_URL's database itself)
    from django.db import connection, transaction

    from factcheck.core.models import Claim
    from factcheck.core.similar import similar_claims

    claims = Claim.objects.count()
    print(f"the whole lookup on {connection.vendor}, among {claims:,} claims")

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            model = Claim.objects.order_by("pk").first()
            for name, path in (("labelled set", DATA), ("held-out set", HELD_OUT)):
                pairs = json.loads(path.read_text())["pairs"]
                made = Claim.objects.bulk_create(
                    Claim(
                        **{
                            f.attname: getattr(model, f.attname)
                            for f in Claim._meta.concrete_fields
                            if not f.primary_key
                        }
                        | {"text": p["a"]}
                    )
                    for p in pairs
                )
                started = time.perf_counter()
                found = [
                    made[i].pk in {s.claim.pk for s in similar_claims(p["b"], limit=8)}
                    for i, p in enumerate(pairs)
                ]
                elapsed = (time.perf_counter() - started) / len(pairs) * 1000
                scores = [1.0 if f else 0.0 for f in found]
                precision, recall, f1 = figures(pairs, scores, 0.5)
                print(
                    f"{name}: precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}"
                    f"  ({elapsed:.1f} ms a lookup)"
                )
                if errors:
                    for pair, f in zip(pairs, found, strict=True):
                        if f != pair["same"]:
                            label = "missed" if pair["same"] else "false match"
                            print(f"  {label} ({pair['kind']}): {pair['a']} | {pair['b']}")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
