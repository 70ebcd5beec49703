import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from factcheck.core.models import AnchorState, Claim, ClaimStatus
from tests.factories import make_claim, make_source

pytestmark = pytest.mark.django_db

TEXT = "Kei cars are small. American roads were designed for buggies. High winds push cars."


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def source():
    return make_source(text=TEXT, title="Kei", slug="kei")


def test_export_lists_every_claim_with_status_and_anchoring(source, reviewer):
    make_claim(source, reviewer, sentence=1, text="Roads were built for buggies.")

    data = json.loads(run("export_annotations", "kei"))

    assert data["type"] == "AnnotationCollection" and data["total"] == 1
    item = data["first"]["items"][0]
    assert item["fc:status"] == ClaimStatus.DRAFT and item["fc:anchorState"] == "anchored"
    quote = next(s for s in item["target"]["selector"] if s["type"] == "TextQuoteSelector")
    position = next(s for s in item["target"]["selector"] if s["type"] == "TextPositionSelector")
    assert TEXT[position["start"] : position["end"]] == quote["exact"]


def test_export_then_import_recreates_the_claims_on_another_source(source, reviewer, tmp_path):
    make_claim(source, reviewer, sentence=2, text="Winds push cars.")
    exported = tmp_path / "kei.jsonld"
    exported.write_text(run("export_annotations", "kei"), encoding="utf-8")
    make_source(text="Intro here.\n\n" + TEXT, title="Copy", slug="copy")

    out = run("import_annotations", "copy", str(exported), "--author", reviewer.username)

    assert "imported: 1" in out and "not anchored: 0" in out
    claim = Claim.objects.get(source__slug="copy")
    assert claim.quote == "High winds push cars." and claim.status == ClaimStatus.DRAFT
    assert claim.text == "Winds push cars."


def test_import_reads_hypothesis_rows_and_reports_what_it_could_not_anchor(
    source, reviewer, tmp_path
):
    rows = {
        "rows": [
            {
                "text": "Check this",
                "target": [
                    {
                        "source": "https://example.org/kei",
                        "selector": [
                            {"type": "TextQuoteSelector", "exact": "designed for buggies"}
                        ],
                    }
                ],
            },
            {
                "target": [
                    {
                        "selector": [
                            {"type": "TextQuoteSelector", "exact": "Nothing like it here at all"}
                        ]
                    }
                ]
            },
        ]
    }
    path = tmp_path / "hypothesis.json"
    path.write_text(json.dumps(rows), encoding="utf-8")

    out = run("import_annotations", "kei", str(path), "--author", reviewer.username)

    assert "imported: 1" in out and "not anchored: 1" in out
    assert "annotation 2: quote not found" in out
    claim = Claim.objects.get()
    assert (claim.quote, claim.text, claim.anchor_state) == (
        "designed for buggies",
        "Check this",
        AnchorState.ANCHORED,
    )


def test_import_refuses_a_file_that_is_not_json(source, reviewer, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{not json", encoding="utf-8")

    with pytest.raises(CommandError, match="not valid JSON"):
        run("import_annotations", "kei", str(path), "--author", reviewer.username)


def test_revise_source_prints_the_reanchoring_summary(source, reviewer, tmp_path):
    make_claim(source, reviewer, sentence=2)
    make_claim(source, reviewer, sentence=1)
    path = tmp_path / "v2.txt"
    path.write_text(
        "New first line.\n\nKei cars are small. American roads were built for buggies.",
        encoding="utf-8",
    )

    out = run("revise_source", "kei", str(path), "--note", "Fixed a quote")

    assert "revision: 2" in out
    assert "orphaned: 1" in out and "fuzzy: 1" in out
    assert "orphaned (score 0.26): claim" in out and "High winds push cars." in out


def test_revise_source_with_the_same_text_does_nothing(source, tmp_path):
    path = tmp_path / "same.txt"
    path.write_text(TEXT, encoding="utf-8")

    assert "nothing to do" in run("revise_source", "kei", str(path))
