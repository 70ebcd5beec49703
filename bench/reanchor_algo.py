"""Speed of factcheck.core.reanchor.reanchor_many on a long source.

Generates a 2,000-sentence text (~250 KB, Zipf-distributed words, paragraphs of
5-12 sentences), anchors 500 claims on it (half whole sentences, half 2-6 word
phrases), then re-anchors them on two revisions and prints, for each, the
median time of --runs runs and how many claims ended in each state:

  * realistic: a few sentences inserted and deleted, words changed, typos fixed
    and one paragraph re-wrapped, scattered through the text;
  * worst case: a word changed in every claimed sentence, so every claim goes
    through the fuzzy search.

Each revision is timed twice: as add_revision runs it (the new text's sentences
given, and which claims are whole sentences, so those snap to sentences), and
with every claim treated as a phrase (no sentences), the reference.
"""

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck.core.anchoring import selectors  # noqa: E402
from factcheck.core.reanchor import reanchor_many  # noqa: E402
from factcheck.core.sentences import segment  # noqa: E402

SENTENCES = 2000
CLAIMS = 500
FUNCTION_WORDS = "the of and to a in is that for it as was with be by on not are this or".split()


def vocabulary(rng, size=3000):
    letters = "etaoinshrdlcumwfgypbvk"
    words = {"".join(rng.choices(letters, k=rng.randint(3, 10))) for _ in range(size)}
    return FUNCTION_WORDS + sorted(words)


def sentence(rng, words, weights):
    chosen = rng.choices(words, weights=weights, k=rng.randint(12, 30))
    return " ".join(chosen).capitalize() + "."


def build(rng):
    words = vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(words))]  # Zipf, like real prose
    sentences = [sentence(rng, words, weights) for _ in range(SENTENCES)]
    return sentences, (words, weights)


def join(sentences, breaks):
    return "".join(s + ("\n\n" if i in breaks else " ") for i, s in enumerate(sentences)).strip()


def claims(rng, sentences, text):
    """Half whole sentences, half phrases of 2-6 words inside a sentence."""
    offsets, at = [], 0
    for s in sentences:
        at = text.index(s, at)
        offsets.append(at)
        at += len(s)
    chosen = rng.sample(range(len(sentences)), CLAIMS)
    items = []
    for n, i in enumerate(chosen):
        start, s = offsets[i], sentences[i]
        if n % 2 == 0:
            items.append(selectors(text, start, start + len(s)))
            continue
        words = s.split()
        first = rng.randrange(0, len(words) - 2)
        phrase = " ".join(words[first : first + rng.randint(2, 6)])
        at = start + s.index(phrase)
        items.append(selectors(text, at, at + len(phrase)))
    return chosen, items


def change_word(rng, s, words, weights):
    parts = s.split(" ")
    parts[rng.randrange(1, len(parts))] = rng.choices(words, weights=weights)[0]
    return " ".join(parts)


def realistic(rng, sentences, breaks, vocab):
    new = list(sentences)
    for _ in range(20):
        i = rng.randrange(len(new))
        new[i] = change_word(rng, new[i], *vocab)
    for _ in range(10):
        i = rng.randrange(len(new))
        new[i] = new[i].replace(" ", "  ", 1).replace("e", "a", 1)  # typo, double space
    for _ in range(10):
        del new[rng.randrange(len(new))]
    for _ in range(10):
        new.insert(rng.randrange(len(new)), sentence(rng, *vocab))
    text = join(new, breaks)
    middle = len(text) // 2  # re-wrap a stretch of ~2 KB
    stretch = text[middle : middle + 2000]
    return text[:middle] + stretch.replace(" ", "\n", 30) + text[middle + 2000 :]


def worst_case(rng, sentences, breaks, vocab, chosen):
    new = list(sentences)
    for i in chosen:
        new[i] = change_word(rng, new[i], *vocab)
    return join(new, breaks)


def measure(items, text, runs, **options):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        results = reanchor_many(items, text, **options)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), Counter(r.state.value for r in results)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    sentences, vocab = build(rng)
    breaks = set(range(0, SENTENCES, 8))
    text = join(sentences, breaks)
    chosen, items = claims(rng, sentences, text)
    print(f"text: {SENTENCES} sentences, {len(text) / 1000:.0f} KB; {len(items)} claims")
    revisions = {
        "realistic": realistic(rng, sentences, breaks, vocab),
        "worst case": worst_case(rng, sentences, breaks, vocab, chosen),
    }
    whole = [n % 2 == 0 for n in range(len(items))]  # see claims()
    for name, new in revisions.items():
        sentences = segment(new)
        timed = {
            "sentences": measure(items, new, args.runs, sentences=sentences, whole=whole),
            "phrases": measure(items, new, args.runs),
        }
        for mode, (median, states) in timed.items():
            counts = ", ".join(f"{k} {v}" for k, v in sorted(states.items()))
            ratio = median / timed["phrases"][0]
            print(
                f"{name:>10}, {mode:>9}: median {median:.3f} s over {args.runs} runs, "
                f"{ratio:.2f}x phrases ({counts})"
            )


if __name__ == "__main__":
    main()
