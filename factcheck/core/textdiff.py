"""A readable difference between two revisions' texts: paragraphs first, then
words inside the paragraphs that changed (difflib, standard library)."""

import re
from difflib import SequenceMatcher

WORDS = re.compile(r"\s+|\w+|[^\w\s]")


def _words(text):
    return WORDS.findall(text)


def diff_chunks(old, new):
    """[(op, text)] with op in "same", "del", "ins", covering both texts in order."""
    old_lines, new_lines = old.split("\n"), new.split("\n")
    chunks = []
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        before = "\n".join(old_lines[a1:a2])
        after = "\n".join(new_lines[b1:b2])
        if op == "equal":
            chunks.append(("same", before))
        elif op == "replace":
            chunks.extend(_word_diff(before, after))
        elif op == "delete":
            chunks.append(("del", before))
        else:
            chunks.append(("ins", after))
        chunks.append(("same", "\n"))
    return _merge(chunks[:-1])


def _word_diff(old, new):
    a, b = _words(old), _words(new)
    out = []
    for op, a1, a2, b1, b2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("same", "".join(a[a1:a2])))
            continue
        if a2 > a1:
            out.append(("del", "".join(a[a1:a2])))
        if b2 > b1:
            out.append(("ins", "".join(b[b1:b2])))
    return out


def _merge(chunks):
    merged = []
    for op, text in chunks:
        if not text:
            continue
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        else:
            merged.append((op, text))
    return merged


def diff_stats(chunks):
    return {
        "deleted": sum(len(t.split()) for op, t in chunks if op == "del"),
        "inserted": sum(len(t.split()) for op, t in chunks if op == "ins"),
    }
