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


def test_revise_source_says_readers_wait_for_a_published_claims_new_place(
    source, reviewer, editor, tmp_path
):
    from tests.public.publishing import published_claim

    published_claim(source, reviewer, editor, sentence=1)
    path = tmp_path / "v2.txt"
    path.write_text(TEXT.replace("were designed for buggies", "were built for buggies"))

    out = run("revise_source", "kei", str(path))

    assert "fuzzy: 1" in out
    assert "readers still see revision 1, until every published claim's new place" in out


def test_revise_source_with_the_same_text_does_nothing(source, tmp_path):
    path = tmp_path / "same.txt"
    path.write_text(TEXT, encoding="utf-8")

    assert "nothing to do" in run("revise_source", "kei", str(path))


def write_json(tmp_path, data, name="annotations.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def quote_annotation(exact, **fields):
    return {"target": [{"selector": [{"type": "TextQuoteSelector", "exact": exact}]}], **fields}


def test_importing_the_same_w3c_file_twice_does_not_duplicate_claims(source, reviewer, tmp_path):
    items = [
        quote_annotation(
            "designed for buggies", id="https://example.org/anno/1", type="Annotation"
        ),
        quote_annotation(
            "High winds push cars.", id="https://example.org/anno/2", type="Annotation"
        ),
    ]
    path = write_json(tmp_path, {"type": "AnnotationCollection", "first": {"items": items}})
    run("import_annotations", "kei", path, "--author", reviewer.username)
    first = Claim.objects.get(annotation_id="https://example.org/anno/1")

    out = run("import_annotations", "kei", path, "--author", reviewer.username)

    assert "imported: 0" in out and "already imported: 2" in out
    assert f"annotation 1: already imported as claim #{first.pk}" in out
    assert Claim.objects.count() == 2


def test_importing_the_same_hypothesis_rows_twice_does_not_duplicate_claims(
    source, reviewer, tmp_path
):
    rows = {"rows": [quote_annotation("Kei cars are small.", id="Zx81kQ", text="Tiny")]}
    path = write_json(tmp_path, rows)
    run("import_annotations", "kei", path, "--author", reviewer.username)

    out = run("import_annotations", "kei", path, "--author", reviewer.username)

    claim = Claim.objects.get()
    assert claim.annotation_id == "Zx81kQ"
    assert f"already imported as claim #{claim.pk}" in out


def test_annotations_without_an_id_are_the_same_when_words_and_text_are(source, reviewer, tmp_path):
    same = quote_annotation("designed for buggies", text="Buggies?")
    other_text = quote_annotation("designed for buggies", text="Another claim on the same words")
    path = write_json(tmp_path, {"rows": [same, same, other_text]})

    out = run("import_annotations", "kei", path, "--author", reviewer.username)

    assert "imported: 2" in out and "already imported: 1" in out
    assert sorted(Claim.objects.values_list("text", flat=True)) == [
        "Another claim on the same words",
        "Buggies?",
    ]


def test_exporting_and_importing_into_the_same_source_does_not_duplicate_claims(
    source, reviewer, tmp_path
):
    claim = make_claim(source, reviewer, sentence=2, text="Winds push cars.")
    claim.text = "Edited after the export."
    exported = tmp_path / "kei.jsonld"
    exported.write_text(run("export_annotations", "kei"), encoding="utf-8")
    claim.save()

    out = run("import_annotations", "kei", str(exported), "--author", reviewer.username)

    assert "imported: 0" in out
    assert f"annotation 1: already imported as claim #{claim.pk}" in out
    assert Claim.objects.count() == 1


def test_an_export_imported_elsewhere_twice_is_imported_once(source, reviewer, tmp_path):
    make_claim(source, reviewer, sentence=2, text="Winds push cars.")
    exported = tmp_path / "kei.jsonld"
    exported.write_text(run("export_annotations", "kei"), encoding="utf-8")
    make_source(text="Intro here.\n\n" + TEXT, title="Copy", slug="copy")

    run("import_annotations", "copy", str(exported), "--author", reviewer.username)
    out = run("import_annotations", "copy", str(exported), "--author", reviewer.username)

    assert "imported: 0" in out and "already imported: 1" in out
    assert Claim.objects.filter(source__slug="copy").count() == 1
