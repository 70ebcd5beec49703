"""Revising a 2,000-sentence source that carries 500 claims: median time of
add_revision (segmenting, re-anchoring every claim, writing it all) and its
number of queries.

    .venv/bin/python bench/reanchor.py [--runs 5]
"""

import argparse
import random

from _django import count_queries, median_ms, test_database
from django.contrib.auth import get_user_model


def edited(text, rng, n):
    """A realistic revision: a few sentences inserted, removed and reworded."""
    sentences = text.split(". ")
    for _ in range(n):
        i = rng.randrange(len(sentences))
        kind = rng.choice(["insert", "delete", "reword"])
        if kind == "insert":
            sentences.insert(i, f"An added remark number {rng.randrange(10**6)}")
        elif kind == "delete" and len(sentences) > 1:
            sentences.pop(i)
        else:
            sentences[i] = sentences[i].replace("claim", "assertion", 1)
    return ". ".join(sentences)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--claims", type=int, default=500)
    args = parser.parse_args()
    rng = random.Random(7)

    with test_database():
        from factcheck.core.models import Claim
        from factcheck.core.sources import add_revision
        from tests.factories import bulk_claims, make_source

        user = get_user_model().objects.create_user("bench")
        words = ["kei", "cars", "roads", "winds", "buggy", "lanes", "Japan", "tax", "sales"]
        text = " ".join(
            f"Sentence {i} makes a claim about {' '.join(rng.sample(words, 4))}."
            for i in range(args.sentences)
        )
        source = make_source(text=text, title="Bench source")
        bulk_claims(source, user, args.claims)
        current = [text]

        def revise():
            current[0] = edited(current[0], rng, 30)
            revision = add_revision(source, current[0], user=user)
            revise.summary = revision.reanchor_summary

        queries = count_queries(revise)
        ms = median_ms(revise, args.runs)
        claims = Claim.objects.filter(source=source).count()
        print(f"source: {args.sentences} sentences ({len(text) / 1024:.0f} KB), {claims} claims")
        print(
            f"revise: median {ms:.0f} ms over {args.runs} revisions of ~30 edits each, {queries} queries"
        )
        print(f"last re-anchoring: {revise.summary}")


if __name__ == "__main__":
    main()
