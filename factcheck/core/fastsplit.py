"""Sentence cut points that pySBD would give, found without pySBD where that is sure.

pySBD 0.3.4 runs at about 0.3 MB/s: each call tries ~200 abbreviations and
dozens of regexes on the whole text. In ordinary prose almost every sentence
ends at a full stop, question or exclamation mark after a plain word, and
pySBD's English rules decide such a mark locally. `split(block)` replays those
rules for the constructs listed here and returns None, meaning "ask pySBD",
for a block holding anything else, so the sentences never depend on which
path produced them (tests/core/test_fastsplit.py compares the two on the seed
texts, the Golden Rules and generated prose; bench/segment.py prints it).

Decided here, as pySBD decides them:
  * a period after a word, followed by white space: cut, except after an
    abbreviation of pySBD's list (a title like "Mr." never cuts; others keep
    the sentence when a lower-case word, a digit, "(" or "I" follows; "No."
    only before a number), after a single capital ("E. Smith"; "I." cuts
    before one of pySBD's sentence starters), and after "a.m."/"p.m." (cuts
    before a capital), "U.S."/"U.K."/"E.U."/"U.S.A." (cut before a sentence
    starter) or "e.g."/"i.e." (never);
  * a period inside a token: kept between digits, after a digit, and between
    letters or digits ("3.5", "example.com", "Jane.Doe");
  * "?" and "!" followed by white space: cut, except "!" before a lower-case
    word;
  * quotes and brackets with no mark inside them change nothing.
Deferred to pySBD (the whole block): marks inside quotes or brackets, a mark
followed by a quote or bracket, a sentence starting with a quote or "(",
doubled marks ("!!", "?!", ellipses), list markers ("1.", "a)", "(iv)"), a
period before a digit after a letter (a numbered reference), tokens with
several one-letter parts ("a.b.c"), spaced or leading periods, square and
angle brackets, "--", the characters pySBD uses as placeholders, and the
words pySBD treats specially ("Yahoo!", words that its dotted abbreviations
match as patterns, like "ice" for "i.e").

English only: the rules are pySBD's English ones, so the caller uses this for
language "en" and sends every other language to pySBD.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from pysbd.exclamation_words import ExclamationWords
from pysbd.lang.english import English

__all__ = ["split", "splitter"]

_ABBR = English.Abbreviation
_PLAIN_ABBREVIATIONS = frozenset(a for a in _ABBR.ABBREVIATIONS if "." not in a)
_PREPOSITIVE = frozenset(_ABBR.PREPOSITIVE_ABBREVIATIONS)
_NUMBER_ABBREVIATIONS = frozenset(_ABBR.NUMBER_ABBREVIATIONS)
# pySBD searches its dotted abbreviations ("i.e") as unescaped regexes, so "."
# matches any character there: "ice." can be taken for one.
_DOTTED_PATTERN = re.compile("|".join(a for a in _ABBR.ABBREVIATIONS if "." in a), re.IGNORECASE)
_DOTTED_LENGTHS = frozenset(len(a) for a in _ABBR.ABBREVIATIONS if "." in a)
_STARTER = re.compile(
    r"\s(?:{})\s".format("|".join(English.AbbreviationReplacer.SENTENCE_STARTERS))
)

# Any of these in a block sends it to pySBD (see the module docstring). They
# are looked for with `in`, which is much faster than a regex scan, and only
# those present in the text at all (see `splitter`).
_DEFER = (
    *"\r\\{}[]«»（）「」。．！？°،\u2028\u2029",
    *"∯∮♨☝✂⌬ᓴᓷᓰᓱᓳᓸ⎋ȸȹ☉☈☇☄☏ƪ♟♝♬♭",  # pySBD's placeholders
    "--",
    '""',
    "“”",
    "()",
)
_EXCLAMATION_WORD = re.compile(ExclamationWords.EXCLAMATION_REGEX)
_NUMBERED_START = re.compile(r"\d{1,2}\.")
_MULTI_PERIOD_TAIL = re.compile(r"(?<!\w)[a-z](?:\.[a-z])+\.\Z", re.IGNORECASE)
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")
_ASCII_LETTERS = _UPPER | _LOWER
_ROMAN_LETTERS = frozenset("ivx")
_SPACES_THEN_PAREN = re.compile(r"\s+\(")
_TIMES = frozenset(["a.m.", "p.m.", "A.M.", "P.M."])
_COUNTRIES = frozenset(["U.S.", "U.K.", "E.U.", "U.S.A."])
_NEVER_CUT = frozenset(["e.g.", "i.e."])
_SPECIAL_START = frozenset("\"'“(")
# str.isspace() as a set: a membership test is cheaper than a method call.
_WHITESPACE = frozenset(c for c in map(chr, range(0x3001)) if c.isspace())


def splitter(text: str) -> Callable[[str], list[tuple[int, int]] | None]:
    """`split` for the blocks of `text`, skipping the checks for what `text` lacks."""
    return partial(split, defer=tuple(s for s in _DEFER if s in text))


def split(block: str, defer: tuple[str, ...] = _DEFER) -> list[tuple[int, int]] | None:
    """(start, end) of the sentences of a block, or None if pySBD must decide.

    `block` is one block as the wrapper hands it to pySBD: stripped, with no
    line breaks. The spans are those the wrapper derives from pySBD's output
    for it (cut points, then surrounding white space trimmed).
    """
    if (
        (defer and any(s in block for s in defer))
        or _odd_start_or_marks(block)
        or (")" in block and _has_paren_list(block))
    ):
        return None
    protected = _protected(block)
    k = 0  # the first protected interval that does not end before the mark
    spans = []
    start = 0
    numbered = 0  # "5." items: pySBD's numbered-list rules act on two or more
    letters = set()  # "a." items: its alphabetical-list rules on two adjacent letters
    last = len(block) - 1
    whitespace = _WHITESPACE
    for i in _marks(block):
        before = block[i - 1] if i else " "
        if before in whitespace:
            return None
        if protected:
            while k < len(protected) and protected[k][1] < i:
                k += 1
            if k < len(protected) and protected[k][0] < i:
                return None  # pySBD hides marks inside quotes and brackets
        mark = block[i]
        if mark == ".":
            if before.isdecimal():
                numbered += _numbered_item(block, i)
            elif before in _LOWER and (i == 1 or block[i - 2] in whitespace):
                letters.add(before)
        if i == last:
            break
        if block[i + 1] not in whitespace:
            if mark != "." or not _period_kept_in_token(block, i):
                return None
            continue
        if mark == ".":
            verdict = _period_ends_sentence(block, i)
            if not verdict:
                if verdict is None:
                    return None
                continue
        elif mark == "!" and block[i + 2] in _LOWER:
            continue  # pySBD keeps "!" before a lower-case word inside the sentence
        spans.append((start, i + 1))
        start = i + 2
        while block[start] in whitespace:
            start += 1
        if block[start] in _SPECIAL_START:
            return None
    if numbered > 1 or (letters and any(chr(ord(c) + 1) in letters for c in letters)):
        return None
    spans.append((start, len(block)))
    return spans


def _marks(block: str) -> list[int]:
    """Positions of ".", "!" and "?" in order (str.find beats a regex scan here)."""
    found = _positions(block, ".")
    if "!" in block or "?" in block:
        found = sorted(found + _positions(block, "!") + _positions(block, "?"))
    return found


def _positions(block: str, char: str) -> list[int]:
    found = []
    i = block.find(char)
    while i >= 0:
        found.append(i)
        i = block.find(char, i + 1)
    return found


def _odd_start_or_marks(block: str) -> bool:
    """A start or quote that pySBD's special rules look at, or an exclamation word."""
    if block[0] in _SPECIAL_START or (block[0].isdecimal() and _NUMBERED_START.match(block)):
        return True
    if ("!" in block or "ǃ" in block) and _EXCLAMATION_WORD.search(block):
        return True
    # Each rule below needs white space or "-" beside the quote; when the only
    # white space is " " (a printable block), substring tests rule most out.
    printable = block.isprintable()
    for quote in "'\"“”":
        if quote not in block:
            continue
        if printable and ("-" + quote) not in block:
            if quote == "'" and " '" not in block:
                continue
            if quote in '"”' and (quote + " (") not in block:
                continue
            if quote == "“":
                continue
        for i in _positions(block, quote):
            before, after = block[i - 1 : i], block[i + 1 : i + 2]
            if quote == "'" and (i == 0 or before.isspace()):
                return True  # an opening ' : pySBD pairs those greedily
            if before == "-" and after.isspace() and block[i + 2 : i + 3] in _UPPER:
                return True  # its quotation-at-end split after a hyphen
            if quote in '"”' and after.isspace() and block[i + 2 : i + 3] == "(":
                return True  # its parens-between-quotes rule
    return False


def _has_paren_list(block: str) -> bool:
    """Whether pySBD's list rules could see "1)", "a)" or "(iv)" items."""
    numbered = 0
    for i in _positions(block, ")"):
        if block[i - 1 : i].isdecimal() and block[i + 1 : i + 2].isspace():
            numbered += 1
        j = i
        while j and block[j - 1] in _LOWER:
            j -= 1
        word = block[j:i]
        if word and (len(word) == 1 or _ROMAN_LETTERS.issuperset(word)):
            if j == 0 or block[j - 1] == "(" or block[j - 1].isspace():
                return True
    return numbered > 1


def _numbered_item(block: str, i: int) -> int:
    """1 if the period at i ends a one- or two-digit number pySBD may take for a list item."""
    j = i
    while j > i - 3 and j and block[j - 1].isdecimal():
        j -= 1
    if j == i or (j and block[j - 1].isdecimal()):
        return 0
    if j and not (block[j - 1].isspace() or block[j - 1] in "-⁃"):
        return 0
    return 1 if block[i + 1 : i + 2].isspace() or block[i + 1 : i + 2] == ")" else 0


def _protected(block: str) -> list[tuple[int, int]]:
    """The quote and bracket pairs pySBD protects, as sorted disjoint (open, close)."""
    pairs: list[tuple[int, int]] = []
    if '"' in block:
        quotes = _positions(block, '"')
        pairs.extend(zip(quotes[::2], quotes[1::2], strict=False))
    if "“" in block:
        pairs.extend(_matching(block, "“", "”"))
    if "‘" in block:
        pairs.extend(_single_quotes(block))
    if "(" in block:
        pairs.extend(_innermost_parens(block))
    pairs.sort()
    merged: list[tuple[int, int]] = []
    for start, end in pairs:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _matching(block: str, opening: str, closing: str) -> list[tuple[int, int]]:
    found = []
    pos = block.find(opening)
    while pos >= 0:
        close = block.find(closing, pos + 1)
        if close < 0:
            break
        found.append((pos, close))
        pos = block.find(opening, close + 1)
    return found


def _single_quotes(block: str) -> list[tuple[int, int]]:
    """pySBD's (?<=\\s)‘(?:[^’]|’[a-zA-Z])*’: up to the first ’ not before a letter."""
    found = []
    pos = block.find("‘")
    while pos >= 0:
        if pos > 0 and block[pos - 1].isspace():
            close = _closing_single_quote(block, pos)
            if close is not None:
                found.append((pos, close))
                pos = block.find("‘", close + 1)
                continue
        pos = block.find("‘", pos + 1)
    return found


def _closing_single_quote(block: str, pos: int) -> int | None:
    close = block.find("’", pos + 1)
    last = None
    while close >= 0:
        if block[close + 1 : close + 2] not in _ASCII_LETTERS:
            return close
        last = close
        close = block.find("’", close + 1)
    return last


def _innermost_parens(block: str) -> list[tuple[int, int]]:
    found = []
    pos = block.find("(")
    while pos >= 0:
        close = block.find(")", pos + 1)
        if close < 0:
            break
        inner = block.rfind("(", pos, close)
        found.append((inner, close))
        pos = block.find("(", close + 1)
    return found


def _period_kept_in_token(block: str, i: int) -> bool:
    """A period followed by a non-space: pySBD's number and e-mail rules keep it."""
    before, after = block[i - 1], block[i + 1]
    if after.isdecimal():
        return before.isdecimal()  # after a letter it may be a numbered reference
    if before.isdecimal():
        return True
    # "a.b.c": pySBD's letter.letter rule does not overlap, so the second period
    # of a one-letter part survives; its multi-period rule may catch it. Defer.
    return before in _WORD_CHARS and after in _WORD_CHARS and block[i - 2 : i - 1] != "."


def _period_ends_sentence(block: str, i: int) -> bool | None:
    """Whether the period at i, followed by white space, ends a sentence (None: ask pySBD)."""
    token_start = block.rfind(" ", 0, i) + 1
    word = block[token_start:i]
    if not word.isalpha():  # not the common case, a plain word
        if not word.isprintable():  # another kind of white space may start the token
            token_start = _token_start(block, i)
            word = block[token_start:i]
        if "." in word:
            return _dotted_word_ends(block, i, token_start, word + ".")
    lowered = word.lower()
    if lowered in _PLAIN_ABBREVIATIONS or len(word) == 1:
        return _short_word_ends(block, i, word, lowered)
    if len(word) in _DOTTED_LENGTHS and _DOTTED_PATTERN.fullmatch(word):
        return None
    return not (word[-1] == "o" and word.endswith("Co") and block.startswith("KG", i + 2))


def _short_word_ends(block: str, i: int, word: str, lowered: str) -> bool:
    """A single character or one of pySBD's abbreviations before a period and a space."""
    if word in _UPPER:  # an initial: "E. Smith", but "you and I. Did you"
        return word == "I" and _STARTER.match(block, i + 1) is not None
    if word.endswith("Co") and block.startswith("KG", i + 2):
        return False
    return lowered not in _PLAIN_ABBREVIATIONS or not _abbreviation_kept(block, i, lowered)


def _token_start(block: str, i: int) -> int:
    start = i
    while start and not block[start - 1].isspace():
        start -= 1
    return start


def _dotted_word_ends(block: str, i: int, token_start: int, token: str) -> bool | None:
    if token in _TIMES:
        capital_follows = block[i + 2 : i + 3] in _UPPER
        if token == "P.M.":  # pySBD's rule for it wants a space before the P
            return capital_follows and block[token_start - 1 : token_start] == " "
        return capital_follows
    if token in _COUNTRIES:
        return _STARTER.match(block, i + 1) is not None
    if token in _NEVER_CUT:
        return False
    if _MULTI_PERIOD_TAIL.search(token) or _DOTTED_PATTERN.fullmatch(token[:-1]):
        return None
    return True


def _abbreviation_kept(block: str, i: int, abbreviation: str) -> bool:
    """pySBD's rules for a listed abbreviation followed by white space."""
    if abbreviation in _PREPOSITIVE:
        return True
    rest = block[i + 2 : i + 6]
    if abbreviation in _NUMBER_ABBREVIATIONS:
        return rest[:1].isdecimal() or _SPACES_THEN_PAREN.match(block, i + 1) is not None
    return (
        rest[:1] in _LOWER
        or rest[:1].isdecimal()
        or rest[:1] == "("
        or (rest[:1] == "I" and rest[1:2].isspace())
        or rest.startswith(("I'm", "I'll"))
    )
