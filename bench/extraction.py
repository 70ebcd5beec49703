"""Main-text extraction quality on article pages of different shapes
(bench/data/pages/*.html, written with navigation, sidebars, comments, cookie
banners and footers; expected.json lists each page's main-text sentences and
boilerplate lines).

For each page: recall of the expected main-text sentences (found word for word
in the extracted text, whitespace aside), boilerplate lines leaked into it, and
the same two figures for the plain HTML-to-text reduction (every visible line:
the reference, and what uploads did before), with the extraction time.

    .venv/bin/python bench/extraction.py
"""

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from factcheck.core.extract import main_text  # noqa: E402
from factcheck.core.ingest import html_to_text  # noqa: E402

PAGES = ROOT / "bench" / "data" / "pages"


def squash(text):
    return " ".join(text.split())


def score(text, expected):
    flat = squash(text)
    found = [s for s in expected["main"] if squash(s) in flat]
    leaked = [b for b in expected["boilerplate"] if squash(b) in flat]
    return found, leaked


def main():
    expected = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))
    rows, totals = (
        [],
        {"main": 0, "found": 0, "bp": 0, "leaked": 0, "base_found": 0, "base_leaked": 0},
    )
    misses = []
    started = time.perf_counter()
    main_text((PAGES / next(iter(expected))).read_text(encoding="utf-8"))
    print(f"first call, importing trafilatura: {(time.perf_counter() - started) * 1000:.0f} ms\n")
    for name, spec in expected.items():
        html = (PAGES / name).read_text(encoding="utf-8")
        started = time.perf_counter()
        extracted = main_text(html)
        ms = (time.perf_counter() - started) * 1000
        text = extracted.text if extracted else ""
        found, leaked = score(text, spec)
        base_found, base_leaked = score(html_to_text(html), spec)
        rows.append(
            (
                name,
                spec["shape"],
                len(found),
                len(spec["main"]),
                len(leaked),
                len(spec["boilerplate"]),
                len(base_found),
                len(base_leaked),
                ms,
            )
        )
        totals["main"] += len(spec["main"])
        totals["found"] += len(found)
        totals["bp"] += len(spec["boilerplate"])
        totals["leaked"] += len(leaked)
        totals["base_found"] += len(base_found)
        totals["base_leaked"] += len(base_leaked)
        misses += [(name, "missed", s) for s in spec["main"] if s not in found]
        misses += [(name, "leaked", b) for b in leaked]
    print(
        f"{'page':<22} {'shape':<40} {'recall':>12} {'leaked':>8}   {'html_to_text: recall, leaked':<33} {'ms':>6}"
    )
    for name, shape, f, m, lk, bp, bf, bl, ms in rows:
        print(
            f"{name:<22} {shape:<40} {f:>3}/{m:<3} {f / m:>4.0%} {lk:>3}/{bp:<3}   {bf:>3}/{m:<3} {bl:>3}/{bp:<3}{'':>16} {ms:>6.1f}"
        )
    t = totals
    print(
        f"{'all':<22} {len(rows)} pages{'':<32} {t['found']:>3}/{t['main']:<3} {t['found'] / t['main']:>4.0%}"
        f" {t['leaked']:>3}/{t['bp']:<3}   {t['base_found']:>3}/{t['main']:<3} {t['base_leaked']:>3}/{t['bp']:<3}"
    )
    print(
        f"\nmain-text recall {t['found'] / t['main']:.0%}, boilerplate leaked {t['leaked'] / t['bp']:.0%}"
        f" (html_to_text: recall {t['base_found'] / t['main']:.0%}, leaked {t['base_leaked'] / t['bp']:.0%})"
    )
    if "--errors" in sys.argv:
        for name, kind, line in misses:
            print(f"{name}: {kind}: {line}")


if __name__ == "__main__":
    main()
