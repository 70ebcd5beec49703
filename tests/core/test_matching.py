"""The claim scorer: paraphrases match, near-misses do not."""

import json
from pathlib import Path

import pytest

from factcheck.core.matching import THRESHOLD, is_match, rank, score, stem, tokens

PAIRS = Path(__file__).resolve().parents[2] / "bench" / "data" / "claim_pairs.json"


def test_a_paraphrase_matches():
    assert is_match(
        "American roads were designed for horse and buggy.",
        "US roads were built for horses and buggies.",
    )


def test_another_number_is_a_near_miss():
    assert not is_match("Lanes are 12 feet wide.", "Lanes are 10 feet wide.")
    assert is_match("Lanes are 12 feet wide.", "Lanes are twelve feet wide.")


def test_a_negation_on_one_side_is_a_near_miss():
    assert not is_match("Kei cars are safe in a crash.", "Kei cars are not safe in a crash.")
    assert not is_match("Coffee causes cancer.", "Coffee doesn't cause cancer.")


def test_swapped_sides_of_a_comparison_are_a_near_miss():
    assert not is_match(
        "Small cars are more dangerous than SUVs.", "SUVs are more dangerous than small cars."
    )


def test_another_subject_is_a_near_miss():
    assert not is_match("Kei cars are banned in Maine.", "Kei trucks are banned in Texas.")


def test_numbers_keep_their_units_and_magnitudes():
    assert "12feet" in tokens("12 feet")
    assert "2billion$" in tokens("$2 billion")
    assert "40000" in tokens("40,000 people")


def test_stemming_brings_plurals_and_tenses_together():
    assert stem("horses") == stem("horse")
    assert stem("imported") == stem("imports") == stem("import")
    assert stem("less") == "less"


def test_empty_text_scores_zero():
    assert score("", "Kei cars are small.") == 0.0


def test_rank_orders_matches_best_first_and_drops_the_rest():
    found = rank(
        "Kei cars are illegal to import into the United States.",
        [
            "Kei cars are illegal to import into Canada.",
            "A dealer says kei cars are illegal to import into the US from Japan.",
            "Importing kei cars into the US is illegal.",
        ],
    )

    assert [text for _, text in found] == [
        "Importing kei cars into the US is illegal.",
        "A dealer says kei cars are illegal to import into the US from Japan.",
    ]
    assert found[0][0] > found[1][0]


@pytest.mark.parametrize("goal", [{"precision": 0.9, "recall": 0.8}])
def test_the_labelled_set_meets_the_goal(goal):
    pairs = json.loads(PAIRS.read_text())["pairs"]
    assert len(pairs) >= 60
    matched = [(score(p["a"], p["b"]) >= THRESHOLD, p["same"]) for p in pairs]
    tp = sum(m and s for m, s in matched)
    precision = tp / sum(m for m, _ in matched)
    recall = tp / sum(s for _, s in matched)
    assert precision >= goal["precision"] and recall >= goal["recall"]


def test_rank_finds_a_paraphrase_among_many_candidates():
    noise = [f"Claim number {i} about something else." for i in range(200)]
    candidates = [*noise[:100], "US roads were built for horses and buggies.", *noise[100:]]

    found = rank("American roads were designed for horse and buggy.", candidates)

    assert [text for _, text in found] == ["US roads were built for horses and buggies."]
