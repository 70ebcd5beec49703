"""The agreement page's plot: coordinates for an inline SVG of alpha and raw
agreement per period, drawn by the template with classes only (the CSP allows
no inline styles) and no script."""

import math

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 14, 36
MOST_LABELS = 12

# (class, legend, how to read one figure off a PeriodFigures, its format)
SERIES = [
    ("alpha-scale", "Alpha, true/false scale (ordinal)", lambda p: p.scale.alpha, ".3f"),
    ("alpha-all", "Alpha, all ratings (nominal)", lambda p: p.overall.alpha, ".3f"),
    ("raw-all", "Raw agreement, all ratings", lambda p: p.overall.raw, ".0%"),
]


def agreement_plot(periods):
    """None when no period has a figure to draw."""
    values = [read(p) for p in periods for _, _, read, _ in SERIES if read(p) is not None]
    if not values:
        return None
    # Alpha can fall below zero (worse than chance): the axis then goes down to it.
    low = min(0.0, math.floor(min(values) * 5) / 5)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i):
        if len(periods) == 1:
            return LEFT + inner_w / 2
        return LEFT + inner_w * i / (len(periods) - 1)

    def y(value):
        return TOP + inner_h * (1 - value) / (1 - low)

    every = max(1, math.ceil(len(periods) / MOST_LABELS))
    steps = round((1 - low) * 5)
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "grid": [
            {"y": f"{y(v):.1f}", "label": f"{v:g}", "zero": v == 0}
            for v in (round(low + k / 5, 1) for k in range(steps + 1))
        ],
        "labels": [
            {"x": f"{x(i):.1f}", "y": HEIGHT - BOTTOM + 18, "text": p.label}
            for i, p in enumerate(periods)
            if i % every == 0
        ],
        "series": [
            series(name, legend, fmt, [(p.label, read(p)) for p in periods], x, y)
            for name, legend, read, fmt in SERIES
        ],
    }


def series(name, legend, fmt, figures, x, y):
    """One line, broken where the figure is undefined, and a dot per figure."""
    segments, current, points = [], [], []
    for i, (label, value) in enumerate(figures):
        if value is None:
            if current:
                segments.append(current)
            current = []
            continue
        point = (f"{x(i):.1f}", f"{y(value):.1f}")
        current.append(point)
        points.append({"x": point[0], "y": point[1], "title": f"{legend}, {label}: {value:{fmt}}"})
    if current:
        segments.append(current)
    return {
        "name": name,
        "legend": legend,
        "lines": [" ".join(f"{px},{py}" for px, py in seg) for seg in segments if len(seg) > 1],
        "points": points,
    }
