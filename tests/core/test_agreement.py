"""Agreement figures of revealed blind pairs (factcheck/core/agreement.py)."""

import datetime

import krippendorff
import pytest
from django.utils import timezone

from factcheck.core.agreement import Period, agreement
from factcheck.core.models import BlindRating, BlindState
from tests.factories import blind_pair, blind_pairs, make_claim, make_source, rating


def at(year, month, day=15):
    return timezone.make_aware(datetime.datetime(year, month, day, 12))


@pytest.fixture
def claim(reviewer):
    return make_claim(make_source(), reviewer)


@pytest.fixture
def pairs(claim, reviewer, reviewer2):
    """Make pairs from (first, second) slugs: rita gives the first, rob the second."""

    def make(slugs, when=None):
        when = when or at(2026, 2)
        return blind_pairs(claim, [(reviewer, a, reviewer2, b, when) for a, b in slugs])

    return make


def test_ordinal_alpha_matches_the_hand_computed_value(pairs):
    # On the true/false scale (ordinals: False 1, Mostly false 2, Half true 3,
    # Mostly true 4, True 5), five pairs:
    #   (5,5) (5,4) (4,4) (1,2) (1,1)
    # Coincidence matrix: each pair of two ratings adds 1/(2-1) = 1 to o[c][k]
    # and o[k][c]: o11=2, o12=o21=1, o44=2, o45=o54=1, o55=2 (all else 0).
    # Marginals: n1=3, n2=1, n3=0, n4=3, n5=3; n=10.
    # Ordinal distance d(c,k) = (sum of n_g for g from c to k - (n_c+n_k)/2)^2:
    #   d12 = (4-2)^2 = 4     d14 = (7-3)^2 = 16   d15 = (10-3)^2 = 49
    #   d24 = (4-2)^2 = 4     d25 = (7-2)^2 = 25   d45 = (6-3)^2 = 9
    # Observed, sum over c<k of o_ck d_ck: 1*4 + 1*9 = 13.
    # Expected, sum over c<k of n_c n_k d_ck:
    #   3*1*4 + 3*3*16 + 3*3*49 + 1*3*4 + 1*3*25 + 3*3*9 = 12+144+441+12+75+81 = 765.
    # alpha = 1 - (n-1) * 13 / 765 = 1 - 117/765 = 72/85 = 0.847058...
    pairs(
        [
            ("true", "true"),
            ("true", "mostly-true"),
            ("mostly-true", "mostly-true"),
            ("false", "mostly-false"),
            ("false", "false"),
        ]
    )

    report = agreement()

    assert report.scale.pairs == 5
    assert report.scale.alpha == pytest.approx(72 / 85)
    assert report.scale.raw == pytest.approx(3 / 5)


def test_nominal_alpha_over_all_ratings_matches_the_hand_computed_value(pairs):
    # Four pairs, two with ratings off the true/false scale:
    #   (True, True) (True, Misleading) (Misleading, Misleading) (Unproven, Misleading)
    # Coincidences: oTT=2, oTM=oMT=1, oMM=2, oUM=oMU=1; marginals nT=3, nM=4, nU=1, n=8.
    # Nominal: alpha = 1 - (n-1) * (sum of o_ck, c != k) / (sum of n_c n_k, c != k)
    #   off-diagonal coincidences: 4; n^2 - sum n_c^2 = 64 - (9+16+1) = 38
    #   alpha = 1 - 7*4/38 = 10/38 = 5/19 = 0.263157...
    pairs(
        [
            ("true", "true"),
            ("true", "misleading"),
            ("misleading", "misleading"),
            ("unproven", "misleading"),
        ]
    )

    report = agreement()

    assert report.overall.pairs == 4
    assert report.overall.alpha == pytest.approx(5 / 19)
    assert report.overall.raw == pytest.approx(2 / 4)
    # Only (True, True) has both ratings on the scale: one category, no alpha.
    assert report.scale.pairs == 1
    assert report.scale.alpha is None
    assert "one category" in report.scale.reason


def test_ordinal_alpha_agrees_with_the_package_given_the_raw_ratings(pairs):
    slugs = [
        ("true", "true"),
        ("true", "half-true"),
        ("half-true", "mostly-false"),
        ("false", "false"),
        ("mostly-true", "true"),
        ("false", "half-true"),
        ("mostly-false", "mostly-false"),
    ]
    pairs(slugs)
    ordinal = {s: rating(s).ordinal for pair in slugs for s in pair}
    expected = krippendorff.alpha(
        reliability_data=[[ordinal[a] for a, _ in slugs], [ordinal[b] for _, b in slugs]],
        level_of_measurement="ordinal",
    )

    assert agreement().scale.alpha == pytest.approx(expected)


def test_ordinal_alpha_weighs_a_near_miss_less_than_a_far_one(pairs):
    base = [("true", "true"), ("false", "false"), ("mostly-true", "mostly-true")]
    pairs(base + [("true", "mostly-true")])
    near = agreement()
    BlindRating.objects.all().delete()
    pairs(base + [("true", "false")])
    far = agreement()

    assert near.scale.alpha > far.scale.alpha
    # Nominal alpha does not see the difference: one pair differs either way.
    assert near.overall.alpha == pytest.approx(far.overall.alpha)


def test_no_pairs_gives_no_alpha_and_says_why(db):
    report = agreement()

    assert report.periods == []
    assert report.overall.pairs == 0
    assert report.overall.alpha is None and report.overall.raw is None
    assert report.overall.reason == "no pairs"


def test_every_pair_on_one_rating_leaves_alpha_undefined(pairs):
    pairs([("false", "false")] * 3)

    report = agreement()

    assert report.overall.raw == 1
    assert report.overall.alpha is None
    assert report.overall.reason == "every rating was “False”: with one category alpha is undefined"


def test_only_revealed_pairs_count(pairs, claim, reviewer, reviewer2):
    pairs([("true", "false")])
    BlindRating.objects.create(
        claim=claim, reviewer=reviewer2, state=BlindState.RATED, rating=rating("true")
    )
    withdrawn = blind_pair(claim, reviewer, "true", reviewer2, "true")
    BlindRating.objects.filter(pk=withdrawn.pk).update(state=BlindState.WITHDRAWN)

    assert agreement().overall.pairs == 1


def test_pairs_are_grouped_per_quarter_with_empty_quarters_between(pairs):
    pairs([("true", "true"), ("true", "false")], when=at(2026, 1, 3))
    pairs([("false", "false")], when=at(2026, 3, 30))
    pairs([("half-true", "half-true")], when=at(2026, 10, 1))

    report = agreement(period=Period.QUARTER)

    assert [(p.label, p.overall.pairs, p.overall.agreed) for p in report.periods] == [
        ("2026 Q1", 3, 2),
        ("2026 Q2", 0, 0),
        ("2026 Q3", 0, 0),
        ("2026 Q4", 1, 1),
    ]
    assert report.periods[1].overall.reason == "no pairs"
    assert report.overall.pairs == 4


def test_pairs_are_grouped_per_month_and_per_year(pairs):
    pairs([("true", "true")], when=at(2025, 12, 31))
    pairs([("true", "false")], when=at(2026, 1, 1))

    months = agreement(period=Period.MONTH).periods
    years = agreement(period=Period.YEAR).periods

    assert [(p.label, p.overall.pairs) for p in months] == [("Dec 2025", 1), ("Jan 2026", 1)]
    assert [(p.label, p.overall.pairs) for p in years] == [("2025", 1), ("2026", 1)]


def test_the_date_range_includes_both_days(pairs):
    pairs([("true", "true")], when=at(2026, 1, 31))
    pairs([("true", "false")], when=timezone.make_aware(datetime.datetime(2026, 2, 1, 0, 0)))
    pairs([("false", "false")], when=timezone.make_aware(datetime.datetime(2026, 2, 28, 23, 59)))
    pairs([("half-true", "true")], when=timezone.make_aware(datetime.datetime(2026, 3, 1, 0, 0)))

    report = agreement(start=datetime.date(2026, 2, 1), end=datetime.date(2026, 2, 28))

    assert report.overall.pairs == 2
    assert report.overall.agreed == 1


def test_per_reviewer_figures_count_both_sides_and_the_most_frequent_partner(claim, db):
    from tests.conftest import user_in

    ann, bob, cat = (user_in("Reviewer", username=name) for name in ("ann", "bob", "cat"))
    blind_pairs(
        claim,
        [
            (ann, "true", bob, "true", None),
            (ann, "true", bob, "false", None),
            (cat, "false", ann, "half-true", None),
            (cat, "false", ann, "true", None),
            (ann, "false", cat, "false", None),
        ],
    )

    people = {p.username: p for p in agreement().reviewers}

    assert [p.username for p in agreement().reviewers] == ["ann", "cat", "bob"]
    assert (people["ann"].pairs, people["ann"].agreed) == (5, 2)
    assert people["ann"].most_disagreed == (["cat"], 2)
    assert (people["bob"].pairs, people["bob"].agreed, people["bob"].most_disagreed) == (
        2,
        1,
        (["ann"], 1),
    )
    assert (people["cat"].pairs, people["cat"].agreed) == (3, 1)
    assert people["cat"].raw == pytest.approx(1 / 3)


def test_a_deleted_first_rater_still_counts_for_the_second(claim, reviewer, reviewer2, db):
    from tests.conftest import user_in

    gone = user_in("Reviewer", username="gone")
    blind_pair(claim, gone, "true", reviewer2, "false")
    gone.delete()

    people = {p.username: p for p in agreement().reviewers}

    assert list(people) == ["rob"]
    assert people["rob"].most_disagreed == (["a deleted account"], 1)


def test_confusion_table_counts_first_against_second_rating(pairs):
    pairs([("true", "mostly-true"), ("true", "mostly-true"), ("mostly-true", "true")])
    pairs([("misleading", "false"), ("false", "false")])

    report = agreement()
    table = report.confusion

    labels = [r.label for r in table["ratings"]]
    assert labels == ["True", "Mostly true", "False", "Misleading"]
    rows = {first.label: cells for first, cells, _ in table["rows"]}
    assert rows["True"] == [0, 2, 0, 0]
    assert rows["Mostly true"] == [1, 0, 0, 0]
    assert rows["Misleading"] == [0, 0, 1, 0]
    assert table["totals"] == [1, 2, 2, 0] and table["total"] == 5
    assert [(a.label, b.label, n) for a, b, n in report.confused] == [
        ("True", "Mostly true", 3),
        ("False", "Misleading", 1),
    ]
