"""The texts whose sentence boundaries and anchor ids are frozen (issue 18 item 3).

The ingestion pipeline was made faster (decoding, normalising, segmenting,
anchoring, storing); none of that may move a boundary or change an anchor, or
claims would be re-anchored and public links would break. The outputs of the
code as it was before that work are stored in
tests/core/data/segmentation_expected.json.gz, and
tests/core/test_segmentation_expected.py compares today's outputs with them.

Regenerate (only when a change of boundaries is intended and reviewed):

    .venv/bin/python -m tests.core.segmentation_cases --write
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
from pathlib import Path

from tests.core.prose import EXTRA_SENTENCES, INSERTS, prose

DEMO = Path(__file__).resolve().parents[2] / "factcheck" / "core" / "demo"
EXPECTED = Path(__file__).resolve().parent / "data" / "segmentation_expected.json.gz"

# Inputs chosen for what the faster code shortcuts: ASCII against non-ASCII
# anchors (NFKC, case folding, compatibility forms, accents in the slug),
# repeated sentences, long blocks, wrapped lines and odd white space.
TRICKY = [
    "",
    "   \n\n  ",
    "Hello.",
    "Really. Yes. really. Really. REALLY.",
    "The ﬁnal word. The final word. THE FINAL WORD.",
    "Straße ist groß. STRASSE IST GROSS. Das Maß.",
    "İstanbul büyük. İstanbul. Iğdır küçük.",
    "Ｆｕｌｌｗｉｄｔｈ ｔｅｘｔ． Then plain text.",
    "Café crème brûlée. Cafe creme brulee. Ça va? Œuvre.",
    "北京欢迎你。 东京。 Mixed 北京 words here.",
    "Emoji 🎉 party! 🎉🎉. Done 👍.",
    "Ελληνικά κείμενα. Русский текст. עברית. العربية.",
    "Tab\tinside. Non\u00a0breaking\u00a0space. Thin\u2009space. Ideographic\u3000space.",
    "Zero\u200bwidth. Soft\u00adhyphen. Joiner\u200dhere.",
    "A1 B2 C3 D4 E5 F6 words. ---- !!! ???. ....",
    "one two three four five six seven eight nine ten eleven twelve thirteen.",
    "Averyveryveryveryveryverylongwordthatgoesonandonforeverandever more words.",
    "x" * 200 + ". Short.",
    "Kei Party\nDecember 5, 2025\nBy A. Writer\n\nFirst paragraph starts here and\ncontinues on a wrapped line. Second sentence.",
    "Line one\nline two continues\nLine Three stands\n- a list item\n* another\n1. numbered",
    'He said, “Stop. Now.” Then he left. She asked "Why?" and left.',
    "At 5 a.m. the bus left. From 9 a.m. to 5 p.m. we worked. He called at 10 a.m. John answered.",
    "We meet at 5 p.m. Monday. It is 5 p.m. EST. Then we go. At 6 P.M. Mr. Smith left.",
    "As shown.[12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45, 48] and more. Next.",
    "The end. . . Then more... And „German“ quotes. «French» too.",
    "Mr. Smith met Dr. Jones in the U.S. I left. e.g. this i.e. that etc. and so on.",
    "3.5 litres cost $100.00 or 12.5% more. Visit www.example.com or jane.doe@example.com now.",
    "Yahoo! is a company. Wow! look at that. Hello Mr.!! Next one.",
    "1. The first item 2. The second item\na. First b. Second\n1) One 2) Two (iv) Four",
    "\u2668 placeholder ∯ symbols ȸ here. And ☉ more.",
    "Sentence with trailing spaces.   \nNext line.\t\t\n\n\n\nAfter many blank lines.",
    "\ufeffBOM at start. Then text.",
    "Ünïcödé Àccents Éverywhere. ÀÉÎÕÜ. àéîõü.",
    "x. y. z. a.b.c. A.B.C. U.S.A. E.U. U.K. p.m. P.M.",
    "Ⅻ roman numeral. ① circled. ㎏ unit. ﬀ ligature. ² superscript.",
    " ".join(["Same sentence."] * 30),
    (
        "Mr. Smith met Dr. Jones at 5 p.m. in the U.S. and they talked about kei cars. " * 120
    ).strip(),
    *EXTRA_SENTENCES,
    *(f"Before {insert} after it. Next sentence." for insert in INSERTS),
]

PROSE = [(seed, 3_000, tricky) for tricky in (0.02, 0.12, 0.3) for seed in range(20)]
# Large texts are stored as a digest only: a long block handed over in
# windows, and the 5 MB bench text (the seed texts repeated).
LARGE = {
    "long block (windows)": lambda: " ".join(prose(7, 40_000, 0.02).split()),
    "generated prose, 300 KB": lambda: prose(99, 300_000, 0.12),
    "seeds repeated to 5 MB": lambda: seeds_repeated(5_000_000),
}
LANGUAGES = [
    ("de", "Das ist z. B. ein Satz. Hier kommt der zweite. Dr. Müller kam um 5 Uhr."),
    ("fr", "C'est une phrase. M. Dupont arrive. Voilà ! Et après ?"),
    ("ja", "これは文です。これも文です！本当？"),
    ("es", "¿Qué tal? ¡Muy bien! El Sr. García llegó."),
]


def seed_texts() -> list[tuple[str, str]]:
    # The demo copies of /work/shared/seeds: in the repository, so always there.
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(DEMO.glob("*.txt"))]


def seeds_repeated(size: int) -> str:
    """The seed texts repeated with blank lines to at least `size` characters (as the benches)."""
    unit = "\n\n".join(text.strip() for _, text in seed_texts())
    return "\n\n".join([unit] * (size // (len(unit) + 2) + 1))


def golden_rule_texts() -> list[str]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from golden_rules import download_rules_source, parse_rules

    return [text for text, _ in parse_rules(download_rules_source())]


def outputs(text: str, language: str = "en") -> dict:
    """Boundaries and anchors as the whole pipeline computes them from `text`."""
    from factcheck.core.ingest import normalise
    from factcheck.core.sentences import assign_anchors, segment

    text = normalise(text)
    spans = segment(text, language=language)
    anchors = assign_anchors([text[s.start : s.end] for s in spans])
    return {"spans": [list(s) for s in spans], "anchors": anchors}


def digest(result: dict) -> str:
    return hashlib.sha256(json.dumps(result, separators=(",", ":")).encode()).hexdigest()


def cases(golden_rules: list[str]) -> list[dict]:
    """Every case with its input (or how to rebuild it), without the outputs."""
    found = [{"name": f"seed {n}", "text": t} for n, t in seed_texts()]
    found += [{"name": f"golden rule {i + 1}", "text": t} for i, t in enumerate(golden_rules)]
    found += [{"name": f"tricky {i}", "text": t} for i, t in enumerate(TRICKY)]
    found += [
        {"name": f"{lang} {i}", "text": t, "language": lang}
        for i, (lang, t) in enumerate(LANGUAGES)
    ]
    found += [{"name": f"prose {s} {n} {t}", "prose": [s, n, t]} for s, n, t in PROSE]
    found += [{"name": name, "large": True} for name in LARGE]
    return found


def text_of(case: dict) -> str:
    if "prose" in case:
        return prose(*case["prose"])
    if case.get("large"):
        return LARGE[case["name"]]()
    return case["text"]


def write() -> None:
    stored = []
    for case in cases(golden_rule_texts()):
        result = outputs(text_of(case), case.get("language", "en"))
        if case.get("large"):
            case = {**case, "digest": digest(result), "sentences": len(result["spans"])}
        else:
            case = {**case, **result}
        stored.append(case)
    EXPECTED.parent.mkdir(exist_ok=True)
    with gzip.open(EXPECTED, "wt", encoding="utf-8") as out:
        json.dump(stored, out, ensure_ascii=False, separators=(",", ":"))
    print(f"{len(stored)} cases written to {EXPECTED}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        raise SystemExit(__doc__)
    write()
