"""Generated English prose for the differential test of the fast segmentation path.

`prose(seed, size)` writes paragraphs of sentences that mix plain words with
what makes sentence boundaries hard: abbreviations (Mr., Dr., U.S., e.g.,
etc., No.), initials, numbers (3.5, 1,000, $100.00), times, quotes of every
kind, ellipses, parentheses, brackets, list items, URLs, e-mail addresses,
doubled marks and hard-wrapped lines. The same seed gives the same text.
bench/segment.py uses it too.
"""

from __future__ import annotations

import random

WORDS = (
    "the a cars road policy market drivers winter price report city council budget "
    "engine safety rules small light cheap new old first last many few some each "
    "said found showed built sold moved grew fell rose paid asked made took gave "
    "in on at for with from over under about after before near since during "
    "and but or so because although while when which that who where"
).split()
NAMES = "Smith Jones Tanaka Duffy Honda Toyota Canada Japan Europe Ottawa Tokyo Alaska".split()
STARTERS = (
    "The A It He She They We There This That However In When What Why Who Many "
    "Some Mr. Dr. Prof. Ms. Most Honda Japan Critics Officials"
).split()
INSERTS = [
    "Mr. {name}",
    "Dr. {name}",
    "Mrs. {name}",
    "St. {name}",
    "Gen. {name}",
    "J. {name}",
    "A. B. {name}",
    "the U.S. market",
    "the U.S.",
    "the U.K. and the E.U.",
    "e.g. kei cars",
    "i.e. small ones",
    "etc.",
    "vs. the rest",
    "No. 5",
    "p. 55",
    "Inc.",
    "Co. Ltd.",
    "Fig. 3",
    "3.5 litres",
    "1,000 units",
    "$100.00",
    "12.5%",
    "in 1950",
    "5th",
    "at 5 p.m.",
    "at 6 a.m.",
    "at 10:30 A.M.",
    "at 7 P.M.",
    "(see below)",
    "(in 2020)",
    "(or any car other than the Corvette)",
    "(e.g. Toyota)",
    "(i)",
    "(a)",
    "“cute”",
    "“so-called” cars",
    '"tiny" homes',
    "‘light’ trucks",
    "'plain' words",
    "don't",
    "it’s",
    "drivers'",
    "Yahoo!",
    "www.example.com",
    "https://www.example.50.com/new-site/awesome_content.html",
    "jane.doe@example.com",
    "v2.0",
    "a.b.c",
    "F150/250/350",
    "well-known",
    "off-the-cuff",
    "—as ever—",
    "-- so to speak --",
    "[12]",
    "[1, 2]",
    "…",
    "...",
    ". . .",
    "ice",
    "°C",
    "&",
    ":",
    ";",
]
ENDINGS = [".", ".", ".", ".", ".", "?", "!", "!!", "?!", "...", ".”", '."', ".)", "? ", " ."]
EXTRA_SENTENCES = [
    "1. The first item 2. The second item",
    "a. The first item b. The second item",
    "1) One 2) Two",
    "He said, “Stop. Now.” Then he left.",
    'She asked "Why?" and left.',
    "(This is an aside.) Then more.",
    "I never meant that.... She left.",
    "We lived in the U.S. I left.",
    "Is it 5? It is.",
    "Wow! look at that.",
    "It is 5 p.m. EST. Then we go.",
    "We meet at 5 p.m. Monday at the office.",
    "He called at 10 a.m. John answered.",
]


def sentence(rng: random.Random, tricky: float) -> str:
    if rng.random() < tricky / 2:
        return rng.choice(EXTRA_SENTENCES)
    words = [rng.choice(STARTERS)]
    if words[0] in ("Mr.", "Dr.", "Prof.", "Ms."):
        words.append(rng.choice(NAMES))
    for _ in range(rng.randint(3, 18)):
        roll = rng.random()
        if roll < tricky:
            words.append(rng.choice(INSERTS).format(name=rng.choice(NAMES)))
        elif roll < tricky + 0.08:
            words.append(rng.choice(NAMES))
        else:
            words.append(rng.choice(WORDS))
        if rng.random() < 0.08:
            words[-1] += ","
    ending = rng.choice(ENDINGS) if rng.random() < 2 * tricky else "."
    return " ".join(words) + ending


def paragraph(rng: random.Random, tricky: float) -> str:
    text = " ".join(sentence(rng, tricky) for _ in range(rng.randint(1, 9)))
    if rng.random() < 0.1:  # hard-wrapped: a line break before a lower-case word
        words = text.split(" ")
        at = rng.randrange(len(words))
        if words[at][:1].islower():
            words[at] = "\n" + words[at]
        text = " ".join(words).replace(" \n", "\n")
    return text


def prose(seed: int, size: int, tricky: float = 0.12) -> str:
    """At least `size` characters of paragraphs, separated by line breaks or blank lines.

    `tricky` is about the share of words taken from INSERTS (and half of it the
    share of sentences taken from EXTRA_SENTENCES).
    """
    rng = random.Random(seed)
    parts: list[str] = []
    length = 0
    while length < size:
        part = paragraph(rng, tricky)
        parts.append(part + rng.choice(["\n", "\n\n"]))
        length += len(part) + 2
    return "".join(parts).strip()
