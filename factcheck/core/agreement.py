"""How consistent the desk's verdicts are: agreement between the two ratings of
each revealed blind pair (BlindRating.first_rating, the claim's rating when both
were in, against BlindRating.rating, the independent second one).

Figures per period and per scale: the number of pairs, raw agreement (the share
of pairs with the same rating twice) and Krippendorff's alpha (the `krippendorff`
package), which discounts the agreement that chance alone would give. Two scales:

- the true/false scale, the ratings with an `ordinal` (1 = worst): ordinal alpha,
  over the pairs where both ratings are on it, so "True" against "Mostly true"
  counts as a smaller disagreement than "True" against "False";
- all ratings: nominal alpha over every pair, any two different ratings being
  equally different ("Misleading" has no place on the true/false line).

The database groups the pairs (by period and the two ratings, or by the two
raters), so the cost does not grow with the number of pairs, only with the
number of periods, ratings and raters."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import krippendorff
import numpy as np
from django.db import models
from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth, TruncQuarter, TruncYear
from django.utils import timezone

from .blind import hidden_from
from .models import BlindRating, BlindState, Rating


class Period(models.TextChoices):
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter"
    YEAR = "year", "Year"


TRUNC = {Period.MONTH: TruncMonth, Period.QUARTER: TruncQuarter, Period.YEAR: TruncYear}
MONTHS_IN = {Period.MONTH: 1, Period.QUARTER: 3, Period.YEAR: 12}


@dataclass
class Figures:
    """One scale's figures over a set of pairs. alpha is None when it is
    undefined, and `reason` then says why."""

    pairs: int = 0
    agreed: int = 0
    alpha: float | None = None
    reason: str = ""

    @property
    def raw(self):
        return self.agreed / self.pairs if self.pairs else None


@dataclass
class PeriodFigures:
    start: datetime.date
    label: str
    scale: Figures
    overall: Figures


@dataclass
class ReviewerFigures:
    username: str
    pairs: int = 0
    agreed: int = 0
    # Partner's name -> pairs with them whose ratings differed.
    disagreements: Counter = field(default_factory=Counter)

    @property
    def raw(self):
        return self.agreed / self.pairs if self.pairs else None

    @property
    def most_disagreed(self):
        """The partners they disagreed with most often (several when tied), and how often."""
        if not self.disagreements:
            return [], 0
        top = max(self.disagreements.values())
        names = sorted(name for name, n in self.disagreements.items() if n == top)
        return names, top


@dataclass
class Report:
    period: str
    periods: list[PeriodFigures]
    scale: Figures  # the whole range
    overall: Figures
    scale_ratings: list[Rating]  # the true/false scale, worst first
    confusion: dict  # {"ratings": [...], "rows": [(rating, [counts], total)], "totals": [...]}
    confused: list  # [(rating, rating, count)], the most frequent disagreements
    reviewers: list[ReviewerFigures]


def revealed_pairs(start=None, end=None, viewer=None):
    """Revealed pairs whose ratings are both in, revealed between the dates
    `start` and `end` (both included, in the site's time zone). The pairs of a
    claim that `viewer` is rating blind now are left out: an earlier pair's
    ratings would tell them the claim's (core/blind.py)."""
    pairs = BlindRating.objects.filter(
        state=BlindState.REVEALED,
        revealed_at__isnull=False,
        first_rating__isnull=False,
        rating__isnull=False,
    ).exclude(claim_id__in=hidden_from(viewer))
    if start:
        pairs = pairs.filter(revealed_at__gte=midnight(start))
    if end:
        pairs = pairs.filter(revealed_at__lt=midnight(end + datetime.timedelta(days=1)))
    return pairs


def midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def agreement(*, period=Period.QUARTER, start=None, end=None, viewer=None):
    """The agreement figures of the pairs revealed from `start` to `end`, per
    `period`, as `viewer` may see them (revealed_pairs)."""
    ratings = {rating.pk: rating for rating in Rating.objects.all()}
    pairs = revealed_pairs(start, end, viewer)
    cells = (
        pairs.annotate(period=TRUNC[period]("revealed_at"))
        .values_list("period", "first_rating_id", "rating_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_period = defaultdict(Counter)
    for started, first, second, n in cells:
        by_period[timezone.localtime(started).date()][first, second] += n
    everything = Counter()
    for counts in by_period.values():
        everything.update(counts)
    scale_ratings = sorted(
        (r for r in ratings.values() if r.ordinal is not None), key=lambda r: (r.ordinal, r.pk)
    )
    return Report(
        period=period,
        periods=[
            PeriodFigures(
                start=day,
                label=period_label(day, period),
                scale=scale_figures(by_period.get(day, {}), ratings),
                overall=overall_figures(by_period.get(day, {}), ratings),
            )
            for day in period_starts(sorted(by_period), period)
        ],
        scale=scale_figures(everything, ratings),
        overall=overall_figures(everything, ratings),
        scale_ratings=scale_ratings,
        confusion=confusion_table(everything, ratings),
        confused=most_confused(everything, ratings),
        reviewers=reviewer_figures(pairs),
    )


def period_starts(days, period):
    """Every period from the first to the last that had pairs, the empty ones between too."""
    if not days:
        return []
    step, day, last = MONTHS_IN[period], days[0], days[-1]
    starts = []
    while day <= last:
        starts.append(day)
        month = day.month - 1 + step
        day = day.replace(year=day.year + month // 12, month=month % 12 + 1)
    return starts


def period_label(day, period):
    if period == Period.YEAR:
        return f"{day.year}"
    if period == Period.QUARTER:
        return f"{day.year} Q{(day.month - 1) // 3 + 1}"
    return day.strftime("%b %Y")


def scale_figures(counts, ratings):
    """The true/false scale: pairs whose two ratings both have an ordinal, ordinal alpha."""
    ordinal = {pk: rating.ordinal for pk, rating in ratings.items() if rating.ordinal is not None}
    on_scale, agreed = Counter(), 0
    for (a, b), n in counts.items():
        if a in ordinal and b in ordinal:
            on_scale[ordinal[a], ordinal[b]] += n
            agreed += n if a == b else 0
    domain = sorted(set(ordinal.values()))
    return figures(on_scale, agreed, domain, "ordinal", ratings_by_value(ratings, ordinal))


def overall_figures(counts, ratings):
    """All ratings: every pair, nominal alpha."""
    agreed = sum(n for (a, b), n in counts.items() if a == b)
    domain = sorted(ratings)
    return figures(counts, agreed, domain, "nominal", {pk: [r] for pk, r in ratings.items()})


def ratings_by_value(ratings, values):
    named = defaultdict(list)
    for pk, value in values.items():
        named[value].append(ratings[pk])
    return named


def figures(counts, agreed, domain, level, names):
    """Figures of pairs counted by their two values ({(first, second): n})."""
    pairs = sum(counts.values())
    if not pairs:
        return Figures(reason="no pairs")
    used = {value for pair, n in counts.items() if n for value in pair}
    if len(used) == 1:
        # Alpha's expected disagreement is zero: it divides by zero. Raw
        # agreement is complete, but says nothing about the scale being reliable.
        only = "/".join(r.label for r in names[used.pop()])
        return Figures(
            pairs=pairs,
            agreed=agreed,
            reason=f"every rating was “{only}”: with one category alpha is undefined",
        )
    return Figures(pairs=pairs, agreed=agreed, alpha=alpha(counts, domain, level))


def alpha(counts, domain, level):
    """Krippendorff's alpha of pairs counted by their two values, each pair a
    unit rated by two coders; `domain` lists the values in the scale's order."""
    index = {value: i for i, value in enumerate(domain)}
    kinds = [(pair, n) for pair, n in counts.items() if n]
    units = np.zeros((len(kinds), len(domain)), dtype=int)
    for row, ((first, second), _) in enumerate(kinds):
        units[row, index[first]] += 1
        units[row, index[second]] += 1
    value_counts = np.repeat(units, [n for _, n in kinds], axis=0)
    return float(
        krippendorff.alpha(
            value_counts=value_counts, value_domain=domain, level_of_measurement=level
        )
    )


def confusion_table(counts, ratings):
    """First rating (rows) by second rating (columns), over the ratings that were used."""
    used = {pk for pair in counts for pk in pair}
    shown = [r for r in ratings.values() if r.pk in used]  # in the scale's position order
    rows = []
    for first in shown:
        cells = [counts.get((first.pk, second.pk), 0) for second in shown]
        rows.append((first, cells, sum(cells)))
    totals = [sum(counts.get((first.pk, second.pk), 0) for first in shown) for second in shown]
    return {"ratings": shown, "rows": rows, "totals": totals, "total": sum(counts.values())}


def most_confused(counts, ratings, limit=5):
    """The pairs of different ratings given most often, whichever came first."""
    together = Counter()
    for (a, b), n in counts.items():
        if a != b:
            together[tuple(sorted((a, b)))] += n
    ranked = sorted(together.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [(ratings[a], ratings[b], n) for (a, b), n in ranked]


def reviewer_figures(pairs):
    """Per rater, on either side of a pair: pairs, agreements, and with whom
    they disagreed. Pairs whose first rater's account is gone still count for
    the second rater."""
    grouped = (
        pairs.values_list(
            "first_rater_id", "first_rater__username", "reviewer_id", "reviewer__username"
        )
        .annotate(n=Count("pk"), agreed=Count("pk", filter=Q(first_rating=F("rating"))))
        .order_by()
    )
    people = {}
    for first_id, first_name, second_id, second_name, n, agreed in grouped:
        sides = [(second_id, second_name, first_name or "a deleted account")]
        if first_id is not None and first_id != second_id:
            sides.append((first_id, first_name, second_name))
        for pk, name, partner in sides:
            person = people.setdefault(pk, ReviewerFigures(username=name))
            person.pairs += n
            person.agreed += agreed
            if n > agreed:
                person.disagreements[partner] += n - agreed
    return sorted(people.values(), key=lambda p: (-p.pairs, p.username))
