"""A readable difference between two revisions' texts (difflib, standard library).

The texts are compared sentence by sentence first. A sentence that left one
place and appears word for word at another is a move, shown at both ends
("move_from" where it was, "move_to" where it is now, numbered to link them),
not as a deletion plus an insertion. The sentences that changed are then
compared word by word, so a changed word shows as that word replaced.

Chunks are (op, text, move) with op in "same", "del", "ins", "move_from",
"move_to"; `move` numbers a move's two ends (None otherwise). Joined in order,
"same", "ins" and "move_to" spell the new text."""

import re
from difflib import SequenceMatcher

WORDS = re.compile(r"\s+|\w+|[^\w\s]")
# A sentence and the white space after it: up to a closing mark followed by
# space, a line end or the end of the text. Both texts are cut the same way,
# which is all a diff needs (no abbreviation rules).
UNITS = re.compile(r"[^\n]*?(?:[.!?…][\"'”’)\]]*(?=\s)|(?=\n)|\Z)\s*")
CHANGED = "changed"  # the tag of the two sides of a replaced run of words


def _units(text):
    units, at = [], 0
    while at < len(text):
        end = UNITS.match(text, at).end() or len(text)
        end = end if end > at else len(text)
        units.append(text[at:end])
        at = end
    return units


def _key(unit):
    return " ".join(unit.split())


def diff_chunks(old, new):
    """[(op, text, tag)] covering both texts in order (see the module docstring)."""
    a, b = _units(old), _units(new)
    ka, kb = [_key(u) for u in a], [_key(u) for u in b]
    opcodes = SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes()
    moves = _moves(opcodes, ka, kb)
    chunks = []
    for op, a1, a2, b1, b2 in opcodes:
        if op == "equal":
            # The new text's spacing: a paragraph break may have gone with a moved sentence.
            chunks.append(("same", "".join(b[b1:b2]), None))
            continue
        gone = [i for i in range(a1, a2) if ("from", i) in moves]
        came = [j for j in range(b1, b2) if ("to", j) in moves]
        chunks += [("move_from", a[i], moves[("from", i)]) for i in gone]
        chunks += _word_diff(
            "".join(a[i] for i in range(a1, a2) if i not in gone),
            "".join(b[j] for j in range(b1, b2) if j not in came),
        )
        chunks += [("move_to", b[j], moves[("to", j)]) for j in came]
    return _merge(chunks)


def _moves(opcodes, ka, kb):
    """{("from", i) or ("to", j): number}: a sentence removed at i and added word
    for word at j. Short pieces ("Yes.", a date line) are left to the word diff."""
    removed, added = {}, []
    for op, a1, a2, b1, b2 in opcodes:
        if op in ("delete", "replace"):
            for i in range(a1, a2):
                removed.setdefault(ka[i], []).append(i)
        if op in ("insert", "replace"):
            added += range(b1, b2)
    moves = {}
    for j in added:
        if len(kb[j].split()) >= 3 and removed.get(kb[j]):
            number = len(moves) // 2 + 1
            moves[("from", removed[kb[j]].pop(0))] = number
            moves[("to", j)] = number
    return moves


def _word_diff(old, new):
    a, b = WORDS.findall(old), WORDS.findall(new)
    out = []
    for op, a1, a2, b1, b2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        before, after = "".join(a[a1:a2]), "".join(b[b1:b2])
        if op == "equal" or not (before.strip() or after.strip()):
            out.append(("same", after, None))  # white space alone is no change
            continue
        tag = CHANGED if op == "replace" else None
        out += [("del", before, tag), ("ins", after, tag)]
    return out


def _merge(chunks):
    merged = []
    for op, text, tag in chunks:
        if not text:
            continue
        if merged and op == "same" and merged[-1][0] == "same":
            merged[-1] = ("same", merged[-1][1] + text, None)
        else:
            merged.append((op, text, tag))
    return merged


def diff_stats(chunks):
    """Words changed (replaced), added and removed, and sentences moved."""

    def words(op, changed):
        return sum(
            len(t.split()) for o, t, tag in chunks if o == op and (tag == CHANGED) == changed
        )

    return {
        "changed": words("ins", True),
        "inserted": words("ins", False),
        "deleted": words("del", False),
        "moved": sum(1 for op, _, _ in chunks if op == "move_to"),
    }
