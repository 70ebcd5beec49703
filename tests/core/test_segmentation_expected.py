"""Boundaries and anchor ids are exactly those stored before the ingestion
pipeline was made faster (see tests/core/segmentation_cases.py)."""

import gzip
import json

import pytest

from tests.core.segmentation_cases import EXPECTED, digest, outputs, text_of


def stored_cases():
    with gzip.open(EXPECTED, "rt", encoding="utf-8") as stored:
        return json.load(stored)


CASES = stored_cases()


def test_every_kind_of_input_is_covered():
    names = [case["name"] for case in CASES]
    assert sum(name.startswith("golden rule") for name in names) == 48
    assert sum(name.startswith("seed ") for name in names) == 2
    assert sum(name.startswith("prose") for name in names) == 60
    assert sum(name.startswith("tricky") for name in names) > 90
    assert sum(len(case.get("anchors", ())) for case in CASES) > 3_000


@pytest.mark.parametrize("case", [c for c in CASES if not c.get("large")], ids=lambda c: c["name"])
def test_sentences_and_anchors_are_unchanged(case):
    result = outputs(text_of(case), case.get("language", "en"))
    assert result["spans"] == case["spans"]
    assert result["anchors"] == case["anchors"]


@pytest.mark.parametrize("case", [c for c in CASES if c.get("large")], ids=lambda c: c["name"])
def test_sentences_and_anchors_of_large_texts_are_unchanged(case):
    result = outputs(text_of(case))
    assert len(result["spans"]) == case["sentences"]
    assert digest(result) == case["digest"]
