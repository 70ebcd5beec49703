"""Claims that say the same in other words: a vector for each claim's text
from wordllama (static token embeddings averaged, CPU, no network), kept in
ClaimVector and ranked in Python.

pgvector is not on these machines, so the vectors are bytes (float16, all
STORED_DIMS) in their own table, one row per claim, and each process keeps
them in one numpy matrix (the first DIMS of each, normalised), read once and
then topped up by one indexed query per lookup: rows whose id is past the
newest one read. A claim whose text changes gets a new row (the old one
deleted), so a change is an insert too; ids that were missing when a later
one was read (a transaction that had not committed yet) are asked for again
for GAP_SECONDS. A deleted claim's row stays in a process's matrix until it
restarts; similar.py drops what the database no longer has.

The model's own loader looks for its tokenizer in a folder the wheel does not
use and then downloads it, so both files are opened here from the package."""

import logging
import threading
import time
from functools import lru_cache
from pathlib import Path

import numpy as np
from django.db import connection, transaction

STORED_DIMS = 256
# Chosen in bench/matching.py on the labelled sets: 64 of the 256 dimensions
# match as well as all of them (binarised ones no better), in a quarter of
# the memory and time.
DIMS = 64
GAP_SECONDS, GAP_IDS = 600, 5000
# Every claim's cosine is computed (one matrix-vector product, a few ms at
# 100,000 claims): a preselection by the Hamming distance of the vectors'
# signs took a millisecond but kept only a quarter to a half of the 20 nearest.


@lru_cache(maxsize=1)
def model():
    import wordllama
    from safetensors import safe_open
    from tokenizers import Tokenizer

    # wordllama's inference module calls logging.basicConfig() on import,
    # which would give the root logger a handler of its own.
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    from wordllama.inference import WordLlamaInference

    root.handlers[:], root.level = handlers, level
    folder = Path(wordllama.__file__).parent
    tokenizer = Tokenizer.from_file(
        str(folder / "tokenizers" / "l2_supercat_tokenizer_config.json")
    )
    weights = folder / "weights" / f"l2_supercat_{STORED_DIMS}.safetensors"
    with safe_open(str(weights), framework="np", device="cpu") as f:
        embedding = f.get_tensor("embedding.weight")
    return WordLlamaInference(embedding, tokenizer)


def embed(texts):
    """float16 vectors (len(texts), STORED_DIMS), each of length 1."""
    if not texts:
        return np.zeros((0, STORED_DIMS), dtype=np.float16)
    vectors = model().embed(list(texts), norm=False)
    return normalised(vectors).astype(np.float16)


def normalised(vectors):
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def to_bytes(vector):
    return np.asarray(vector, dtype=np.float16).tobytes()


def from_bytes(data):
    return np.frombuffer(bytes(data), dtype=np.float16)


def searched(vectors, dims=DIMS):
    """What is compared: the first `dims` of each vector, normalised again."""
    return normalised(np.asarray(vectors)[..., :dims])


def similarity(text_a, text_b, dims=DIMS):
    a, b = searched(embed([text_a, text_b]), dims)
    return float(a @ b)


# Storing ---------------------------------------------------------------------


def store_vectors(rows, *, replace=True):
    """Write the vectors of (claim pk, text) rows, replacing any earlier ones
    (none for new claims: `replace=False` saves a query)."""
    from .models import ClaimVector

    rows = list(rows)
    if not rows:
        return
    vectors = embed([text for _, text in rows])
    # No savepoint of its own: a claim's save is already in one.
    with transaction.atomic(savepoint=False):
        if replace:
            ClaimVector.objects.filter(claim_id__in=[pk for pk, _ in rows]).delete()
        ClaimVector.objects.bulk_create(
            ClaimVector(claim_id=pk, vector=to_bytes(v))
            for (pk, _), v in zip(rows, vectors, strict=True)
        )


def backfill(batch=2000):
    """Vectors for the claims that have none; returns how many were written."""
    from .models import Claim

    written = 0
    while True:
        rows = list(
            Claim.objects.filter(vector__isnull=True)
            .order_by("pk")
            .values_list("pk", "text")[:batch]
        )
        if not rows:
            return written
        store_vectors(rows)
        written += len(rows)


# Ranking ---------------------------------------------------------------------


class Index:
    """This process's copy of every claim's vector and text, topped up from
    ClaimVector by `refresh()`."""

    def __init__(self, dims=DIMS):
        self.dims = dims
        self.lock = threading.Lock()
        self.clear()

    def clear(self):
        self.matrix = np.zeros((0, self.dims), dtype=np.float32)
        self.claims = np.zeros(0, dtype=np.int64)
        self.texts = []
        self.row_of = {}  # claim pk: its row
        self.size = 0
        self.seen = 0  # the newest ClaimVector id read
        self.gaps = {}  # id: when it was found missing
        self.database = None

    def refresh(self):
        """One query: the rows written since the last refresh."""
        with self.lock:
            if self.database != connection.settings_dict["NAME"]:
                self.clear()
                self.database = connection.settings_dict["NAME"]
            now = time.monotonic()
            self.gaps = {i: t for i, t in self.gaps.items() if now - t < GAP_SECONDS}
            gaps = sorted(self.gaps)
            sql = (
                "SELECT v.id, v.claim_id, v.vector, c.text FROM core_claimvector AS v"
                " JOIN core_claim AS c ON c.id = v.claim_id WHERE v.id > %s"
            )
            if gaps:
                sql += f" OR v.id IN ({', '.join(['%s'] * len(gaps))})"
            with connection.cursor() as cursor:
                cursor.execute(sql, [self.seen, *gaps])
                rows = cursor.fetchall()
            if rows:
                self.add(rows, now)

    def add(self, rows, now):
        ids = {row[0] for row in rows}
        # A first read finds every deleted claim's id missing: only the
        # newest ones can be writes not yet committed.
        for missing in set(range(max(self.seen + 1, max(ids) - GAP_IDS), max(ids))) - ids:
            self.gaps[missing] = now
        for found in ids & self.gaps.keys():
            del self.gaps[found]
        self.seen = max(self.seen, *ids)
        vectors = searched(np.stack([from_bytes(row[2]) for row in rows]), self.dims)
        needed = self.size + len(rows)
        if needed > len(self.matrix):
            capacity = max(needed, 2 * len(self.matrix), 1024)
            self.matrix = np.resize(self.matrix, (capacity, self.dims))
            self.claims = np.resize(self.claims, capacity)
        for (_, claim, _, text), vector in zip(rows, vectors, strict=True):
            row = self.row_of.get(claim)
            if row is None:
                row = self.row_of[claim] = self.size
                self.size += 1
                self.texts.append(text)
            self.matrix[row], self.claims[row], self.texts[row] = vector, claim, text

    def nearest(self, text, *, limit, exclude=None):
        """(text's vector, [(claim pk, text, cosine)] of the `limit` claims whose
        vectors are closest, closest first)."""
        self.refresh()
        query = searched(embed([text]), self.dims)[0]
        with self.lock:  # a thread's refresh may be growing the matrix
            return query, self.closest(query, limit, exclude)

    def closest(self, query, limit, exclude):
        if not self.size:
            return []
        scores = self.matrix[: self.size] @ query
        if exclude is not None and exclude in self.row_of:
            scores[self.row_of[exclude]] = -2.0
        count = min(limit, self.size)
        best = np.argpartition(-scores, count - 1)[:count]
        best = best[np.argsort(-scores[best])]
        return [
            (int(self.claims[i]), self.texts[i], float(scores[i])) for i in best if scores[i] > -2
        ]

    def cosines(self, query, rows):
        """{pk: cosine to `query`} of (claim pk, text) rows: from the matrix, or
        embedded now for a claim it lacks (or whose text it has another way)."""
        found, missing = {}, []
        with self.lock:
            for pk, text in rows:
                row = self.row_of.get(pk)
                if row is not None and self.texts[row] == text:
                    found[pk] = float(self.matrix[row] @ query)
                else:
                    missing.append((pk, text))
        if missing:
            vectors = searched(embed([text for _, text in missing]), self.dims)
            found |= {pk: float(v @ query) for (pk, _), v in zip(missing, vectors, strict=True)}
        return found


INDEX = Index()
