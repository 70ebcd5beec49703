"""Score bare pySBD and factcheck.core.sentences.segment on the English Golden Rules.

The rules ship only in pySBD 0.3.3's source distribution
(benchmarks/english_golden_rules.py), so they are fetched from PyPI at run
time with pip and never copied into this repository.

The comparison mirrors pySBD's own benchmarks/benchmark_sbd_tools.py: a rule
passes when the list of stripped sentences equals the expected list exactly
(no other normalisation). Bare pySBD is called as there:
Segmenter(language="en", clean=False, char_span=False).

Our wrapper is scored twice: as the app calls it (the fast path where it is
sure, pySBD elsewhere) and with careful=True (pySBD for every block), and the
two are compared rule by rule.

Exit status: 0 when both score 48/48 and agree on every rule, 1 otherwise.
"""

import ast
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pysbd  # noqa: E402

from factcheck.core.sentences import segment  # noqa: E402

SDIST_VERSION = "0.3.3"  # the last pySBD release with an sdist holding the benchmarks
RULES_MEMBER = f"pysbd-{SDIST_VERSION}/benchmarks/english_golden_rules.py"
EXPECTED_RULES = 48


def download_rules_source() -> str:
    """Text of english_golden_rules.py from the pySBD sdist on PyPI."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                f"pysbd=={SDIST_VERSION}",
                "--no-deps",
                "--no-binary",
                ":all:",
                "--quiet",
                "--disable-pip-version-check",
                "-d",
                tmp,
            ],
            check=True,
        )
        (sdist,) = Path(tmp).glob("pysbd-*.tar.gz")
        with tarfile.open(sdist) as tar:
            return tar.extractfile(RULES_MEMBER).read().decode("utf-8")


def parse_rules(source: str) -> list[tuple[str, list[str]]]:
    """GOLDEN_EN_RULES, read as a literal: the downloaded code is never executed."""
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "GOLDEN_EN_RULES" for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise SystemExit(f"GOLDEN_EN_RULES not found in {RULES_MEMBER}")


def bare_pysbd(text: str) -> list[str]:
    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=False)
    return [s.strip() for s in segmenter.segment(text)]


def factcheck(text: str) -> list[str]:
    return [text[s.start : s.end] for s in segment(text)]


def factcheck_careful(text: str) -> list[str]:
    return [text[s.start : s.end] for s in segment(text, careful=True)]


def score(name: str, tokenize, rules) -> int:
    failures = []
    for number, (text, expected) in enumerate(rules, start=1):
        got = tokenize(text)
        if got != expected:
            failures.append((number, text, expected, got))
    passed = len(rules) - len(failures)
    print(f"{name}: {passed}/{len(rules)} ({100 * passed / len(rules):.2f}%)")
    for number, text, expected, got in failures:
        print(f"  rule {number} failed: {text!r}")
        print(f"    expected: {expected!r}")
        print(f"    got:      {got!r}")
    return passed


def main() -> int:
    rules = parse_rules(download_rules_source())
    if len(rules) != EXPECTED_RULES:
        print(f"warning: expected {EXPECTED_RULES} rules, found {len(rules)}")
    score("pySBD", bare_pysbd, rules)
    ours = score("factcheck", factcheck, rules)
    careful = score("factcheck, careful path (every block through pySBD)", factcheck_careful, rules)
    same = sum(factcheck(text) == factcheck_careful(text) for text, _ in rules)
    print(f"fast and careful paths give the same sentences: {same}/{len(rules)} rules")
    return 0 if ours == careful == same == len(rules) else 1


if __name__ == "__main__":
    sys.exit(main())
