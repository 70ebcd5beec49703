"""Check-worthy sentences: which sentences carry a claim a fact-checker could
verify, and why (a number, a comparison, a causal claim, a quote attributed
to someone, a specific statement of fact).

Rules, not a model: each reason is a small set of patterns, and the sentences
that only sound like claims are ruled out first (questions, greetings,
opinions in the first or second person, evaluative comparisons such as "the
best burger in town"). bench/checkworthy.py measures precision and recall on
labelled sentences (bench/data/checkworthy*.json) and the time per sentence:
this runs on every sentence of a document, 50,000 for a 5 MB text.

Pure Python: no Django imports."""

import re
from typing import NamedTuple

# Stored findings (core.RevisionCandidates) of another version are found again:
# raise it with any change to the rules.
VERSION = 1


class Kind:
    NUMBER = "number"
    STATISTIC = "statistic"
    COMPARISON = "comparison"
    CAUSAL = "causal"
    QUOTE = "quote"
    FACT = "fact"


KINDS = (Kind.NUMBER, Kind.STATISTIC, Kind.COMPARISON, Kind.CAUSAL, Kind.QUOTE, Kind.FACT)


class Candidate(NamedTuple):
    kind: str
    reason: str  # shown to the reviewer: "a number", "a quote attributed to X"


REASONS = {
    Kind.NUMBER: "a number",
    Kind.STATISTIC: "a statistic",
    Kind.COMPARISON: "a comparison",
    Kind.CAUSAL: "a causal claim",
    Kind.QUOTE: "an attributed quote",
    Kind.FACT: "a specific statement of fact",
}


# Sentences are looked at as lists of lower-case words, which one pass looks
# up in dictionaries of the words and phrases below (see _groups): that costs
# far less than regular expressions alternating over hundreds of words at every
# position (those took 160 µs a sentence), and str.split less than a word
# pattern.
_PUNCTUATION = "\"'“”‘’„«»()[]{}.,;:!?¡¿—–-…*/"
_DIGIT = re.compile(r"\d")


def _set(text):
    return frozenset(text.split())


def _phrases(*phrases):
    return frozenset(phrases)


# --- what rules a sentence out -------------------------------------------

_FIRST_PERSON = _set("i we i'm we're i'd we'd")
_OPINION_AFTER_I = _set(
    "think believe feel suspect hope guess love hate like deserve must should welcome "
    "would look can wish want"
)
_OPINION_PHRASES = _phrases(
    "in my opinion", "my expert opinion", "unpopular opinion", "hot take", "imho",
    "i'm so tired", "i'm tired", "am proud", "are proud", "are thrilled", "are delighted",
    "are excited", "should be", "must be", "should have", "must not", "should not",
    "it is time", "surely", "frankly",
)  # fmt: skip
# Words that make a comparison a judgement rather than a measurement.
_EVALUATIVE = _set(
    "best worst better worse greatest nicest funnier sadder dumbest stupidest important "
    "ambitious rewarding disappointed honest perfect absurd disgrace scandal amazing "
    "awesome terrible horrible beautiful wonderful vibes mood thrilled delighted excited "
    "pleased proud"
)
_GREETINGS = (
    "thanks for", "thanks!", "thank you", "good morning", "good evening", "good afternoon", "hello",
    "hi ", "happy birthday", "happy new year", "god bless", "see you", "join us",
    "follow us", "welcome", "vielen dank", "feliz", "¡feliz",
)  # fmt: skip
_HYPOTHETICAL = ("if ", "imagine ", "what if ", "let me ", "let us ", "like yes")
_SECOND_PERSON = _set("you your you're you've you'd you'll")

# --- what makes a sentence a candidate -------------------------------------

_NUMBER_WORDS = _set(
    "two three four five six seven eight nine ten eleven twelve twenty thirty forty "
    "fifty sixty seventy eighty ninety hundred thousand million billion trillion dozen "
    "hundreds thousands millions billions dozens"
)
_STATISTIC_WORDS = _set(
    "percent prozent doubled tripled halved rate average majority minority mainly"
)
_STATISTIC_PHRASES = _phrases(
    "per cent", "por ciento", "per person", "per capita", "share of", "half of",
    "a third", "a quarter", "two thirds", "one in", "two in", "three in", "1 in", "2 in",
    "3 in",
)  # fmt: skip
_COMPARATIVES = _set(
    "higher lower larger smaller bigger taller shorter longer cheaper dearer faster "
    "slower fewer less more older younger richer poorer heavier lighter safer deadlier "
    "hotter colder wider narrower höher niedriger mehr weniger größer kleiner más"
)
_THAN = _set("than as als que nunca")
_SUPERLATIVES = _set(
    "highest lowest largest smallest biggest fastest slowest cheapest oldest youngest "
    "richest poorest first only last"
)
_SUPERLATIVE_SCOPE = _phrases(
    "since", "in the history", "in more than", "ever", "in the country", "in the world",
    "of all", "in", "to win", "to run", "to build", "to ban",
)  # fmt: skip
_MULTIPLES = _phrases(
    "twice as", "twice the", "twice what", "half as", "three times", "four times",
    "ten times", "as much as", "almost as much", "as many as",
)  # fmt: skip
_CAUSAL_WORDS = _set(
    "because cause causes caused triggered reduced cured cures spreading followed wegen provocado"
)
_CAUSAL_PHRASES = _phrases(
    "due to", "led to", "leads to", "lead to", "resulted in", "resulted from",
    "results in", "as a result", "prompted by", "driven by", "thanks to",
    "the reason you", "the reason why", "which is why", "since we", "debido a",
)  # fmt: skip
_QUOTE_MARKS = '"“„«'
_QUOTED = re.compile(r"[\"“„«][^\"“”„«»]{3,}[\"”“»]")
_ATTRIBUTION = _set(
    "said says told telling called quote quotes quoted wrote tweeted announced stated "
    "claimed insisted admitted concluded warned denied thinks sagte sagt erklärte "
    "aseguró afirmó dijo según"
)
_ATTRIBUTION_PHRASES = _phrases("according to")
# A name for the reason: capitalised words next to the attribution verb.
_NAME = r"((?:(?:Dr|Mr|Mrs|Ms|Prof)\.\s)?[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,2})"
_SAID_NAME = re.compile(r"\b(?:said|told|according to|says)\s+(?:[a-z][\w'-]*\s+){0,4}?" + _NAME)
_NAME_SAID = re.compile(_NAME + r"(?:,[^,]{1,60},)?\s+(?:said|says|told|called|once called)\b")
_NOT_NAMES = {"The", "A", "An", "On", "At", "In", "This", "That"}
_FACT_WORDS = _set(
    "approved announced voted signed resigned ruled denied banned closed sank founded "
    "sold returned grams removed passed released withdrawn introduced issued "
    "demolished refused retracted endorsed ended requires contains owns certified "
    "operated acquisition acquired recalled arrested never inaugurado verabschiedet"
)
_FACT_PHRASES = _phrases("has not had", "has not been", "have not been", "tend to", "tends to")


def _has(grams, phrases):
    return not phrases.isdisjoint(grams)


def _grams(words):
    """The words, and each pair and triple of neighbouring words."""
    pairs = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    triples = [f"{p} {c}" for p, c in zip(pairs, words[2:], strict=False)]
    return frozenset(words).union(pairs, triples)


def _index(groups):
    """{word: its groups} for one-word entries, {first word: [(the other words,
    group)]} for phrases: one pass over a sentence's words finds every group."""
    single, multi = {}, {}
    for group, phrases in groups.items():
        for phrase in phrases:
            first, *rest = phrase.split()
            if rest:
                multi.setdefault(first, []).append((rest, group))
            else:
                single.setdefault(first, set()).add(group)
    return {word: frozenset(groups) for word, groups in single.items()}, multi


_SINGLE, _MULTI = _index(
    {
        "first person": _FIRST_PERSON,
        "opinion": _OPINION_PHRASES,
        "evaluative": _EVALUATIVE,
        "second person": _SECOND_PERSON,
        Kind.NUMBER: _NUMBER_WORDS,
        Kind.STATISTIC: _STATISTIC_WORDS | _STATISTIC_PHRASES,
        "comparative": _COMPARATIVES,
        "superlative": _SUPERLATIVES,
        "multiple": _MULTIPLES,
        Kind.CAUSAL: _CAUSAL_WORDS | _CAUSAL_PHRASES,
        "attribution": _ATTRIBUTION | _ATTRIBUTION_PHRASES,
        Kind.FACT: _FACT_WORDS | _FACT_PHRASES,
    }
)


def _groups(words):
    """The groups (above) whose words or phrases occur in `words`."""
    found = set()
    for at, word in enumerate(words):
        groups = _SINGLE.get(word)
        if groups is not None:
            found.update(groups)
        phrases = _MULTI.get(word)
        if phrases is not None:
            for rest, group in phrases:
                if words[at + 1 : at + 1 + len(rest)] == rest:
                    found.add(group)
    return found


def _near(words, wanted, targets, window=10):
    """A word of `wanted` followed within `window` words by one of `targets`."""
    for at, word in enumerate(words):
        if word in wanted and not targets.isdisjoint(words[at + 1 : at + 1 + window]):
            return True
    return False


def _name(text):
    for pattern in (_SAID_NAME, _NAME_SAID):
        match = pattern.search(text)
        if match and match.group(1).split()[0] not in _NOT_NAMES:
            return match.group(1)
    return ""


def _ruled_out(stripped, lower, words, found):
    if lower.endswith("?") or len(words) < 5:
        return True
    # Headings, datelines and bylines ("December 5, 2025", "About Acme") have
    # hardly a lower-case word.
    if len(words) < 9:
        cased = [w for w in (w.strip(_PUNCTUATION) for w in stripped.split()) if w]
        if sum(1 for w in cased[1:] if w[:1].islower()) < 2:
            return True
    if lower.startswith(_GREETINGS) or lower.startswith(_HYPOTHETICAL):
        return True
    if "first person" in found and _near(words, _FIRST_PERSON, _OPINION_AFTER_I, 2):
        return True
    return "opinion" in found


def _comparison(words, found):
    if "comparative" in found and _near(words, _COMPARATIVES, _THAN):
        return True
    if "superlative" in found and _superlative(words):
        return True
    return "multiple" in found


def _superlative(words):
    for at, word in enumerate(words):
        if word in _SUPERLATIVES and _has(_grams(words[at + 1 : at + 12]), _SUPERLATIVE_SCOPE):
            return True
    return False


def candidate(text):
    """Why `text` (one sentence) is worth checking, or None."""
    stripped = text.strip()
    lower = stripped.lower()
    words = [w for w in (w.strip(_PUNCTUATION) for w in lower.split()) if w]
    found = _groups(words)
    if _ruled_out(stripped, lower, words, found):
        return None
    attributed = "attribution" in found
    evaluative = "evaluative" in found
    quoted = any(mark in stripped for mark in _QUOTE_MARKS) and _QUOTED.search(stripped)
    if quoted and attributed:
        if not _EVALUATIVE.isdisjoint(quoted.group().lower().split()):
            return None
        name = _name(stripped)
        reason = f"a quote attributed to {name}" if name else REASONS[Kind.QUOTE]
        return Candidate(Kind.QUOTE, reason)
    digits = _DIGIT.search(stripped) is not None
    if not digits and "second person" in found:
        return None
    if "%" in stripped or Kind.STATISTIC in found:
        return Candidate(Kind.STATISTIC, REASONS[Kind.STATISTIC])
    if not evaluative and _comparison(words, found):
        return Candidate(Kind.COMPARISON, REASONS[Kind.COMPARISON])
    if not evaluative and Kind.CAUSAL in found:
        return Candidate(Kind.CAUSAL, REASONS[Kind.CAUSAL])
    if digits or Kind.NUMBER in found:
        return Candidate(Kind.NUMBER, REASONS[Kind.NUMBER])
    if not evaluative and Kind.FACT in found:
        return Candidate(Kind.FACT, REASONS[Kind.FACT])
    if attributed and not evaluative:
        name = _name(stripped)
        if name:
            return Candidate(Kind.QUOTE, f"a statement attributed to {name}")
    return None
