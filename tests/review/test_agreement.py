"""The desk's agreement page (editors only)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import blind_pairs, make_claim, make_source

URL = reverse("review:agreement")

# The hand-computed example of tests/core/test_agreement.py: ordinal alpha
# 72/85 = 0.847, raw agreement 3 of 5.
FIVE = [
    ("true", "true"),
    ("true", "mostly-true"),
    ("mostly-true", "mostly-true"),
    ("false", "mostly-false"),
    ("false", "false"),
]


def at(year, month, day=15):
    return timezone.make_aware(datetime.datetime(year, month, day, 12))


@pytest.fixture
def make_pairs(reviewer, reviewer2):
    claim = make_claim(make_source(), reviewer)

    def make(slugs, when):
        blind_pairs(claim, [(reviewer, a, reviewer2, b, when) for a, b in slugs])

    return make


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


def svg_of(html):
    return re.search(r"<svg.*?</svg>", html, re.S).group(0)


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_reviewer_is_refused(as_reviewer):
    assert as_reviewer.get(URL).status_code == 403


def test_the_desk_links_to_the_page_for_editors_only(as_editor, client, reviewer):
    assert URL in as_editor.get(reverse("review:desk")).text
    client.force_login(reviewer)
    assert URL not in client.get(reverse("review:desk")).text


def test_the_page_shows_the_figures_of_the_pairs(as_editor, make_pairs):
    make_pairs(FIVE, at(2026, 2))
    make_pairs([("true", "misleading")], at(2026, 5))

    html = as_editor.get(URL).text

    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</th>(.*?)</tr>", html, re.S)
    cells = {label: " ".join(re.sub(r"<[^>]+>", " ", body).split()) for label, body in rows}
    # Q1: five pairs on the true/false scale, 3 agreed, alpha 72/85.
    assert "60% (3 of 5)" in cells["2026 Q1"] and "0.847" in cells["2026 Q1"]
    # Q2: one pair, off the scale: no true/false pair, nominal alpha of a single disagreement.
    assert "— (no pairs)" in cells["2026 Q2"]
    assert "0% (0 of 1)" in cells["2026 Q2"]
    assert "6 " in cells["Whole range"] and "50% (3 of 6)" in cells["Whole range"]
    assert "Counts the pairs whose two ratings are both on the true/false scale" in html
    assert "rob" in cells and "rita" in cells


def test_an_editor_rating_a_claim_blind_does_not_see_its_earlier_pairs(
    as_editor, editor, reviewer, reviewer2
):
    from factcheck.core.models import BlindRating, BlindState

    claim = make_claim(make_source(), reviewer)
    other = make_claim(make_source(), reviewer)
    # An earlier pair on the claim the editor now rates blind: its two ratings
    # ("false" both) would tell them the claim's rating.
    blind_pairs(claim, [(reviewer, "false", reviewer2, "false", at(2026, 2))])
    blind_pairs(other, [(reviewer, "true", reviewer2, "mostly-true", at(2026, 2))])
    BlindRating.objects.create(claim=claim, reviewer=editor, state=BlindState.REQUESTED)

    def whole_range():
        html = as_editor.get(URL).text
        row = re.search(r"Whole range</th>(.*?)</tr>", html, re.S).group(1)
        return " ".join(re.sub(r"<[^>]+>", " ", row).split())

    assert "0% (0 of 1)" in whole_range()
    BlindRating.objects.filter(reviewer=editor).update(state=BlindState.WITHDRAWN)
    assert "50% (1 of 2)" in whole_range()


def test_an_undefined_alpha_shows_a_dash_and_the_reason(as_editor, make_pairs):
    make_pairs([("false", "false"), ("false", "false")], at(2026, 2))

    html = as_editor.get(URL).text

    assert (
        '— <span class="meta">(every rating was “False”: with one category alpha is undefined)'
        in html
    )
    assert "nan" not in html.lower()


def test_no_pairs_says_so(as_editor):
    html = as_editor.get(URL).text

    assert "No revealed blind pairs yet." in html
    assert "<svg" not in html


def test_the_period_and_range_filter_the_figures(as_editor, make_pairs):
    make_pairs([("true", "true")], at(2025, 11))
    make_pairs([("true", "false")], at(2026, 1))
    make_pairs([("false", "false")], at(2026, 2))

    html = as_editor.get(URL, {"period": "month", "start": "2026-01-01", "end": "2026-12-31"}).text

    labels = re.findall(r"<th scope=\"row\">(\w{3} \d{4})</th>", html)
    assert labels == ["Jan 2026", "Feb 2026"]
    assert 'value="2026-01-01"' in html
    assert '<option value="month" selected>' in html


def test_a_range_that_ends_before_it_starts_is_refused_keeping_the_input(as_editor, make_pairs):
    make_pairs(FIVE, at(2026, 2))

    response = as_editor.get(URL, {"period": "year", "start": "2026-03-01", "end": "2026-01-01"})

    assert response.status_code == 200
    assert "“From” is after “To”" in response.text
    assert 'value="2026-03-01"' in response.text and 'value="2026-01-01"' in response.text
    assert "<svg" not in response.text


def test_htmx_gets_only_the_panel(as_editor, make_pairs):
    make_pairs(FIVE, at(2026, 2))

    response = as_editor.get(URL, {"period": "year"}, headers={"HX-Request": "true"})

    assert response.text.lstrip().startswith('<div id="agreement-panel">')
    assert "<html" not in response.text
    assert "<svg" in response.text


def test_the_plot_is_svg_without_styles_or_scripts(as_editor, make_pairs):
    make_pairs(FIVE, at(2026, 2))
    make_pairs([("false", "false")], at(2026, 5))  # alpha undefined in Q2
    make_pairs([("true", "false"), ("true", "true")], at(2026, 8))

    response = as_editor.get(URL)
    svg = svg_of(response.text)

    assert "style" not in svg.lower()
    assert "<script" not in svg.lower()
    assert not re.search(r"\son\w+=", svg)
    assert "style=" not in response.text
    assert "'self'" in response["Content-Security-Policy"]
    assert re.search(r'<title id="plot-title">Agreement per quarter</title>', svg)
    assert 'aria-labelledby="plot-title" aria-describedby="plot-desc"' in svg
    # One dot per defined figure: alpha on the scale in Q1 and Q3 (Q2 had one
    # category), raw agreement in all three.
    scale = re.search(r'<g class="plot-series plot-alpha-scale">(.*?)</g>', svg, re.S).group(1)
    raw = re.search(r'<g class="plot-series plot-raw-all">(.*?)</g>', svg, re.S).group(1)
    assert scale.count("<circle") == 2 and "<polyline" not in scale  # broken at Q2
    assert raw.count("<circle") == 3 and raw.count("<polyline") == 1
    assert "Raw agreement, all ratings, 2026 Q1: 60%" in raw


def test_the_page_costs_the_same_queries_whatever_the_number_of_pairs(
    as_editor, make_pairs, django_assert_max_num_queries
):
    from tests.conftest import user_in

    make_pairs(FIVE, at(2026, 2))
    with django_assert_max_num_queries(8) as few:
        as_editor.get(URL)

    claim = make_claim(make_source(title="Another"), user_in("Reviewer", username="zed"))
    people = [user_in("Reviewer", username=f"r{n}") for n in range(6)]
    slugs = ["true", "false", "misleading", "half-true"]
    blind_pairs(
        claim,
        [
            (
                people[n % 6],
                slugs[n % 4],
                people[(n + 1) % 6],
                slugs[n % 3],
                at(2024 + n % 3, 1 + n % 12),
            )
            for n in range(200)
        ],
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        as_editor.get(URL, {"period": "month"})


def test_the_plot_axis_goes_below_zero_for_an_alpha_worse_than_chance(make_pairs):
    from factcheck.core.agreement import agreement
    from factcheck.review.agreement_plot import HEIGHT, TOP, agreement_plot

    make_pairs([("true", "false"), ("false", "true")], at(2026, 2))  # alpha -0.5
    make_pairs([("true", "true"), ("false", "false")], at(2026, 5))  # alpha 1

    plot = agreement_plot(agreement().periods)

    assert [line["label"] for line in plot["grid"]][:4] == ["-0.6", "-0.4", "-0.2", "0"]
    ys = [float(p["y"]) for s in plot["series"] for p in s["points"]]
    assert min(ys) == TOP and all(TOP <= y <= HEIGHT for y in ys)
