"""Markdown rendering time of pathological input, against ordinary prose.

Every input is as long as a rationale may be (MAX_RATIONALE_LENGTH characters).
For each, the median of --runs renderings (Markdown and bleach, as
render_markdown does them) and the ratio to rendering ordinary Markdown prose
of the same length, measured in the same run. Then the 50,000 "[" of the
original report: refused before rendering, and rendered anyway.

--upstream also times Python-Markdown without our fixes on the runaway
families at a tenth of the size (at full size they take minutes).
"""

import argparse
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import markdown  # noqa: E402
from _django import median_ms  # noqa: E402

from factcheck.core.limits import MAX_RATIONALE_LENGTH  # noqa: E402
from factcheck.core.markup import (  # noqa: E402
    CLEANER,
    MarkdownTooLong,
    preview_markdown,
    render_markdown,
)

PROSE = (
    "The claim says lanes are **narrower** than they were in 1950. The *Federal "
    "Highway Administration* sets [12 feet](https://highways.example/lanes) as the "
    "standard for interstates.\n\n- one source agrees\n- another does not\n\n"
    "> Lane widths have not changed since 1956.\n\n"
)

# name: the unit repeated to the limit.
PATHOLOGICAL = {
    "[ run": "[",
    "![ run": "![",
    "[a]( run": "[a](",
    '[a](" run': '[a]("',
    "[a][ run": "[a][",
    "[^ run": "[^",
    "]( run": "](",
    "* run": "*",
    "*a run": "*a",
    "**a run": "**a",
    "_a run": "_a",
    "` run": "`",
    "`a run": "`a",
    "< run": "<",
    "& run": "&",
    "\\ run": "\\",
    "> nested quotes": "> ",
    ">> run": ">",
    "1. nested lists": "1. ",
    "- nested lists": "- ",
    "term/: nested definitions": "a\n: ",
    "# headers, no blank lines": "# a\n",
    "setext headers": "a\n=\n",
    "rules": "a\n***\n",
    "table rows": "a|b\n-|-\n",
    "abbreviations": "*[a]: b\n",
    "emphasis stack": "***a",
    "long URL-like run": "http://" + "a." * 10,
    "www. run": "www.",
}
RUNAWAY = ["[ run", "![ run", "[^ run", "[a][ run", "term/: nested definitions", "setext headers"]


def text_of(unit, length):
    return (unit * (length // len(unit) + 1))[:length]


def render_without_limit(text):
    return render_markdown(text, max_length=None)


def upstream(text):
    md = markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")
    return CLEANER.clean(md.convert(text))


class TooSlow(Exception):
    pass


def timed_out(signum, frame):
    raise TooSlow


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--upstream", action="store_true")
    args = parser.parse_args()
    length = MAX_RATIONALE_LENGTH

    reference = median_ms(lambda: render_markdown(text_of(PROSE, length)), args.runs)
    print(f"{length:,}-character inputs, median of {args.runs} runs")
    print(f"{'reference: Markdown prose':34} {reference:9.1f} ms   1.0x")
    for name, unit in PATHOLOGICAL.items():
        text = text_of(unit, length)
        ms = median_ms(lambda text=text: render_markdown(text), args.runs)
        print(f"{name:34} {ms:9.1f} ms {ms / reference:6.1f}x")

    brackets = "[" * 50_000
    refused = median_ms(lambda: preview_markdown(brackets), args.runs)
    try:
        render_markdown(brackets)
    except MarkdownTooLong as error:
        print(f"\n50,000 '[': refused ({error}) in {refused:.3f} ms")
    rendered = median_ms(lambda: render_without_limit(brackets), args.runs)
    print(
        f"50,000 '[' rendered anyway: {rendered:.1f} ms ({rendered / reference:.1f}x the reference)"
    )

    if args.upstream:
        small = length // 10
        print(f"\nPython-Markdown without our fixes, {small:,} characters (ours beside it):")
        signal.signal(signal.SIGALRM, timed_out)
        for name in RUNAWAY:
            text = text_of(PATHOLOGICAL[name], small)
            ours = median_ms(lambda text=text: render_markdown(text), args.runs)
            signal.alarm(120)
            try:
                started = time.perf_counter()
                upstream(text)
                theirs = f"{(time.perf_counter() - started) * 1000:9.1f} ms"
            except TooSlow:
                theirs = "  > 120 s"
            except RecursionError:
                theirs = "RecursionError"
            signal.alarm(0)
            print(f"{name:34} {theirs}   ours {ours:7.1f} ms")


if __name__ == "__main__":
    main()
