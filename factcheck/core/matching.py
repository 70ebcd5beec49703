"""Do two claims say the same thing? A pure-Python lexical scorer, and
`combined` with the cosine of the claims' vectors (semantic.py).

Both texts are normalised (case, accents, contractions, number words, units,
a few synonyms), stop words dropped and words lightly stemmed; the score is
rapidfuzz's token-set ratio blended with the share of words the two have in
common. What turns a paraphrase into a different claim is then checked
directly: other numbers ("12 feet" / "10 feet"), a negation on one side only,
opposite words ("rose" / "fell"), and swapped sides of a comparison.

bench/matching.py measures it on bench/data/claim_pairs.json; THRESHOLD is
chosen there."""

import re
import unicodedata
from enum import StrEnum
from functools import lru_cache

from rapidfuzz import fuzz, process

THRESHOLD = 0.75
# A pair with a conflict (numbers, negation, opposites) scores at most this.
CONFLICT_CAP = 0.4
SUBSTITUTION_PENALTY = 0.2
PREFILTER, PREFILTER_CUTOFF = 40, 40
# The cosine of two claims' vectors from which they say the same (when no
# rule keeps them apart); chosen in bench/matching.py on the labelled sets.
SEMANTIC_THRESHOLD = 0.85


class Reason(StrEnum):
    """Why two claims matched, as the similar-claims region says it."""

    WORDS = "shares words"
    MEANING = "same meaning"


STOP_WORDS = frozenset(
    """a an the and or but of in on at to for from by with into onto as is are was were be been
    being am has have had do does did it its it's this that these those there their they them
    he she his her we our you your i me my than then so such very can could will would shall
    should may might must also just only about over under up down out off again all any both each
    some most many much per what which who whom whose when where why how said says say according
    make makes made up one's s""".split()
)
NEGATIONS = frozenset(
    {"not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "refus", "refused"}
)
KEPT = NEGATIONS | {"more", "less", "fewer", "than"}

NUMBER_WORDS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
    "fifteen": "15", "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50",
    "hundred": "100", "half": "1/2", "third": "1/3", "quarter": "1/4", "dozen": "12",
}  # fmt: skip
MAGNITUDES = {"thousand", "million", "billion", "trillion"}
SCALES = {"hundred": 100, "thousand": 1000}
UNITS = {
    "foot": "feet", "feet": "feet", "ft": "feet", "metre": "m", "metres": "m", "meter": "m",
    "meters": "m", "m": "m", "percent": "%", "%": "%", "cc": "cc", "hp": "hp",
    "horsepower": "hp", "mile": "mile", "miles": "mile", "km": "km", "year": "year",
    "years": "year", "dollar": "$", "dollars": "$", "$": "$", "mph": "mph",
}  # fmt: skip

# Phrases and words that say the same, rewritten to one form before tokenising.
PHRASES = [
    (r"\bunited states( of america)?\b|\busa\b|\bu\.s\.a?\.?(?=\s|$)|\bamerica\b", "us"),
    (r"\bper ?cent\b", "percent"),
    (r"\b(?:a|one) (half|third|quarter)\b", r"\1"),
    (r"\bagainst the law\b", "illegal"),
    (r"\bsport utility vehicles?\b", "suv"),
    (r"\bcan ?not\b|\bcan't\b", "can not"),
    (r"n't\b", " not"),
    (r"\$\s?(\d[\d,.]*)(\s(?:thousand|million|billion|trillion))?", r"\1\2 dollars"),
    (r"(\d),(\d{3})", r"\1\2"),
    (r"(\d)-(year|foot|feet|mile)", r"\1 \2"),
    (r"(\d)(cc|hp|km|ft|mph|%)\b", r"\1 \2"),
    (r"(\d)%", r"\1 %"),
]
SYNONYMS = {
    "american": "us", "americans": "us", "built": "design", "build": "design",
    "builds": "design", "designed": "design", "constructed": "design", "vehicle": "car",
    "vehicles": "car", "automobile": "car", "automobiles": "car", "strong": "high",
    "blow": "push", "blown": "push", "pushed": "push", "pushes": "push", "blows": "push",
    "prohibited": "banned", "outlawed": "banned", "forbidden": "banned", "ban": "banned",
    "bans": "banned", "rose": "increase", "rise": "increase", "risen": "increase",
    "increased": "increase", "grew": "increase", "fell": "decrease", "fall": "decrease",
    "dropped": "decrease", "drop": "decrease", "declined": "decrease", "decreased": "decrease",
    "capped": "limit", "limited": "limit", "maximum": "limit", "most": "limit",
    "japanese": "japan", "unsafe": "not safe", "illegal": "not legal", "cannot": "not",
    "older": "old", "like": "popular", "trials": "test", "trial": "test", "tested": "test",
    "birthplace": "born", "drinking": "drink", "causes": "cause", "caused": "cause",
    "crimes": "crime", "sales": "sold", "sale": "sold", "catch": "cause",
    "raised": "increase", "raise": "increase", "raises": "increase", "shrank": "decrease",
    "shrunk": "decrease", "shrink": "decrease", "cut": "decrease", "cuts": "decrease",
    "reduced": "decrease", "lowered": "decrease", "refuse": "refused", "refuses": "refused",
}  # fmt: skip
OPPOSITES = [
    ("more", "less"), ("more", "fewer"), ("increase", "decrease"), ("wide", "narrow"),
    ("wider", "narrower"), ("large", "small"), ("big", "small"), ("doubled", "halved"),
    ("cause", "prevent"), ("safe", "dangerous"), ("high", "low"), ("good", "bad"),
    ("better", "worse"), ("won", "lost"), ("win", "lose"), ("open", "close"),
    ("opened", "closed"), ("true", "false"), ("allowed", "banned"), ("support", "oppose"),
]  # fmt: skip
SUFFIXES = ("ies", "es", "s", "ing", "ed", "ly")
# Words that describe the next one: "small cars" is not "small roads".
MODIFIERS = frozenset(
    "small large big new old high low wide narrow electric modern young short long".split()
)


@lru_cache(maxsize=20000)
def stem(word):
    """A light English stemmer, enough to bring plurals and tenses together:
    endings stripped, then a final "e" and a doubled last letter ("horses",
    "horse" -> "hors"; "stopped" -> "stop")."""
    if len(word) <= 3 or word[0].isdigit() or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    for suffix in SUFFIXES[1:]:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if suffix in ("ing", "ed") and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def plain(text):
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    for pattern, replacement in COMPILED_PHRASES:
        text = pattern.sub(replacement, text)
    return text


@lru_cache(maxsize=4096)
def tokens(text):
    """The claim's meaningful words in order: numbers with their magnitude and
    unit as one token ("12 feet" -> "12feet"), negations kept."""
    words = []
    for word in re.findall(r"[a-z]+|\d+(?:[./]\d+)?|[%$]", plain(text)):
        words.extend(SYNONYMS.get(word, word).split())
    out = []
    for word in words:
        # "three hundred", "forty thousand": one number, as "300" and "40000".
        if word in SCALES and out and out[-1].isdigit():
            out[-1] = str(int(out[-1]) * SCALES[word])
            continue
        word = NUMBER_WORDS.get(word, word)
        if word in UNITS and out and is_number(out[-1]):
            out[-1] += UNITS[word]
        elif word in MAGNITUDES and out and is_number(out[-1]) and out[-1][-1].isdigit():
            out[-1] += word
        elif word in MAGNITUDES:
            out.append(word)
        elif is_number(word) or word in KEPT or word not in STOP_WORDS:
            out.append(word if is_number(word) else stem(word))
    return tuple(out)


def is_number(token):
    return token[0].isdigit() or token in MAGNITUDES


COMPILED_PHRASES = [(re.compile(pattern), replacement) for pattern, replacement in PHRASES]
STEMMED_OPPOSITES = [(stem(x), stem(y)) for x, y in OPPOSITES]


def conflicts(a, b):
    """Why two claims with the same words are still different claims, or ''."""
    numbers_a = {t for t in a if is_number(t)}
    numbers_b = {t for t in b if is_number(t)}
    if numbers_a and numbers_b and numbers_a != numbers_b:
        return "numbers"
    if sum(t in NEGATIONS for t in a) % 2 != sum(t in NEGATIONS for t in b) % 2:
        return "negation"
    set_a, set_b = set(a), set(b)
    for x, y in STEMMED_OPPOSITES:
        if (x in set_a - set_b and y in set_b - set_a) or (
            y in set_a - set_b and x in set_b - set_a
        ):
            return "opposites"
    if swapped(a, b):
        return "swapped"
    return ""


def swapped(a, b):
    """ "X is more ... than Y" against "Y is more ... than X", or the same
    modifier on different words ("roads for small cars", "cars for small roads")."""
    if "than" in a and "than" in b:
        after_a, after_b = a.index("than") + 1, b.index("than") + 1
        if after_a < len(a) and after_b < len(b):
            if a[after_a] in b[: after_b - 1] and b[after_b] in a[: after_a - 1]:
                return True
    return bool(modified(a).keys() & modified(b).keys()) and any(
        modified(a)[word] != modified(b)[word] for word in modified(a).keys() & modified(b).keys()
    )


def modified(words):
    """{modifier: the words it describes}."""
    found = {}
    for word, following in zip(words, words[1:], strict=False):
        if word in MODIFIERS:
            found.setdefault(word, set()).add(following)
    return found


def score(text_a, text_b):
    """How surely the two claims say the same thing, from 0 to 1."""
    return lexical(tokens(text_a), tokens(text_b))[0]


def lexical(a, b):
    """(score, whether the rules call them different) of two claims' tokens."""
    if not a or not b:
        return 0.0, False
    set_a, set_b = set(a), set(b)
    shared = 2 * len(set_a & set_b) / (len(set_a) + len(set_b))
    fuzzy = fuzz.token_set_ratio(" ".join(a), " ".join(b)) / 100
    # Words on both sides that the other lacks are a substitution, the usual
    # near-miss ("roads"/"railways"); a paraphrase mostly adds words.
    substituted = min(len(set_a - set_b), len(set_b - set_a))
    value = max(0.0, 0.5 * shared + 0.5 * fuzzy - SUBSTITUTION_PENALTY * substituted)
    conflicting = conflicts(a, b)
    return (min(value, CONFLICT_CAP) if conflicting else value), conflicting


def combined(text_a, text_b, cosine):
    """(score, Reason) from the lexical score and the cosine of the two texts'
    vectors (semantic.py): the vectors can find the same claim in other words,
    but a pair the rules call different (numbers, negation, opposites, swapped
    sides) stays at most CONFLICT_CAP however close its vectors are."""
    a, b = tokens(text_a), tokens(text_b)
    words, conflicting = lexical(a, b)
    if not a or not b or conflicting:
        return words, Reason.WORDS
    # SEMANTIC_THRESHOLD maps onto THRESHOLD, a cosine of 1 onto 1.
    semantic = THRESHOLD + (cosine - SEMANTIC_THRESHOLD) * (1 - THRESHOLD) / (
        1 - SEMANTIC_THRESHOLD
    )
    if semantic > words and cosine >= SEMANTIC_THRESHOLD:
        return min(1.0, semantic), Reason.MEANING
    return words, Reason.WORDS


def is_match(text_a, text_b, threshold=THRESHOLD):
    return score(text_a, text_b) >= threshold


def rank(text, candidates, *, key=str, threshold=THRESHOLD, limit=10):
    """(score, candidate) for the candidates that say the same as `text` in
    the same words, best first (after a cheap first pass, `prefiltered`)."""
    candidates = prefiltered(text, candidates, key=key)
    scored = [(score(text, key(c)), c) for c in candidates]
    found = [(s, c) for s, c in scored if s >= threshold]
    found.sort(key=lambda pair: -pair[0])
    return found[:limit]


def prefiltered(text, candidates, *, key=str):
    """The PREFILTER candidates most alike `text` by rapidfuzz's token-set
    ratio on the lower-cased texts (in C): every paraphrase in the labelled
    sets that shares words scores 64 or more there, far above PREFILTER_CUTOFF."""
    candidates = list(candidates)
    if len(candidates) > PREFILTER:
        kept = process.extract(
            text.lower(),
            [key(c).lower() for c in candidates],
            scorer=fuzz.token_set_ratio,
            limit=PREFILTER,
            score_cutoff=PREFILTER_CUTOFF,
        )
        candidates = [candidates[index] for _, _, index in kept]
    return candidates
