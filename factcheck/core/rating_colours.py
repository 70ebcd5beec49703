"""Rating colours: from the data to CSS, with a contrast check.

Each rating's colour is set in the admin; `/ratings.css` serves one rule per
rating that sets the custom properties site.css uses: `--r` (the colour, for
borders and underlines), `--r-bg` (a light tint behind highlighted text) and
`--r-on` (the text colour on the colour itself: white or black, whichever
reads better). WCAG 2 contrast formulas, https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio."""

import hashlib
import re

WHITE, BLACK = "#ffffff", "#000000"
HEX = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
TEXT_CONTRAST = 4.5  # WCAG AA, normal text
UI_CONTRAST = 3.0  # WCAG AA, non-text: the underline and border on the white page
TINT = 0.12  # how much of the colour the background tint keeps


class ColourError(ValueError):
    pass


def normalise(value):
    """'#1B7F3B', '1b7f3b' or '#abc' as '#1b7f3b'; ColourError otherwise."""
    match = HEX.match(value.strip())
    if not match:
        raise ColourError("Enter a hex colour such as #1b7f3b.")
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return f"#{digits}"


def rgb(colour):
    digits = normalise(colour)[1:]
    return tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4))


def luminance(colour):
    def linear(channel):
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on(colour):
    """White or black, whichever has the higher contrast on `colour`."""
    return WHITE if contrast(colour, WHITE) >= contrast(colour, BLACK) else BLACK


def tint(colour, keep=TINT):
    return "#" + "".join(f"{round(255 - (255 - c) * keep):02x}" for c in rgb(colour))


def problems(colour):
    """Why `colour` is not readable as a rating colour (empty when it is)."""
    colour = normalise(colour)
    found = []
    on = text_on(colour)
    ratio = contrast(colour, on)
    if ratio < TEXT_CONTRAST:
        name = "white" if on == WHITE else "black"
        found.append(
            f"Text on {colour} reaches only {ratio:.1f}:1 (with {name} text); "
            f"it needs {TEXT_CONTRAST}:1."
        )
    ratio = contrast(colour, WHITE)
    if ratio < UI_CONTRAST:
        found.append(
            f"{colour} is too light for highlights on the white page: {ratio:.1f}:1 against "
            f"white, it needs {UI_CONTRAST:.0f}:1. Choose a darker shade."
        )
    return found


def rule(slug, colour):
    colour = normalise(colour)
    return (
        f'[data-rating="{slug}"] {{ --r: {colour}; --r-bg: {tint(colour)}; '
        f"--r-on: {text_on(colour)}; }}"
    )


def stylesheet(ratings):
    """The CSS for `ratings` (objects with slug and colour); a bad colour is skipped."""
    rules = [
        "/* Rating colours, from the rating scale in the admin. */",
        ".rating-swatch { padding: 0 .4em; border-radius: 3px; background: var(--r); "
        "color: var(--r-on); font-weight: 600; }",
    ]
    for rating in ratings:
        try:
            rules.append(rule(rating.slug, rating.colour))
        except ColourError:
            continue
    return "\n".join(rules) + "\n"


def digest(css):
    return hashlib.sha256(css.encode()).hexdigest()[:16]
