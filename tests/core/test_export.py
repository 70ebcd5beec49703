"""The data desk's export: published verdicts as CSV and JSON, by command and
from the admin's claim list."""

import csv
import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from factcheck.core.workflow import transition
from tests.factories import make_complete_claim, make_source
from tests.public.publishing import publish, published_claim, start_correction

pytestmark = pytest.mark.django_db

TEXT = " ".join(f"Sentence {i} of the text." for i in range(8))


@pytest.fixture
def desk(reviewer, editor):
    source = make_source(text=TEXT, slug="roads", title="Roads")
    claims = {
        "published": published_claim(
            source, reviewer, editor, text="Published wording.", claim_date=date(2025, 1, 2)
        ),
        "draft": make_complete_claim(source, reviewer, sentence=1, text="DRAFT wording."),
    }
    corrected = published_claim(source, reviewer, editor, sentence=2, text="Earlier wording.")
    claims["correction"] = start_correction(
        corrected, reviewer, editor, text="UNPUBLISHED wording.", summary="UNPUBLISHED summary."
    )
    gone = published_claim(source, reviewer, editor, sentence=3, text="RETRACTED wording.")
    claims["retracted"] = transition(gone, "retract", editor, note="We got it wrong.")
    return source, claims


def run(*args):
    out = io.StringIO()
    call_command("export_claims", *args, stdout=out)
    return out.getvalue()


def test_csv_has_one_row_per_published_claim_from_its_snapshot(desk):
    _, claims = desk

    rows = list(csv.DictReader(io.StringIO(run())))

    by_id = {int(row["id"]): row for row in rows}
    assert set(by_id) == {claims[n].pk for n in ("published", "correction", "retracted")}
    row = by_id[claims["published"].pk]
    assert row["claim"] == "Published wording."
    assert row["claim_date"] == "2025-01-02"
    assert row["rating"] == "False" and row["rating_value"] == "1"
    assert row["citations"] == "https://example.org/lanes"
    assert row["url"].endswith(f"/claims/{claims['published'].pk}/")
    assert by_id[claims["correction"].pk]["claim"] == "Earlier wording."


def test_export_never_holds_unpublished_or_retracted_text(desk):
    for output in (run(), run("--format", "json")):
        assert "DRAFT" not in output
        assert "UNPUBLISHED" not in output
        assert "RETRACTED wording" not in output


def test_a_retracted_claim_is_a_tombstone_with_its_note(desk):
    _, claims = desk

    rows = {int(r["id"]): r for r in csv.DictReader(io.StringIO(run()))}

    row = rows[claims["retracted"].pk]
    assert row["status"] == "retracted"
    assert row["retraction_note"] == "We got it wrong."
    assert row["retracted_at"].startswith(claims["retracted"].retracted_at.date().isoformat())
    assert row["claim"] == "" and row["rating"] == ""


def test_json_has_every_verdict_version_with_citations(desk, reviewer, editor):
    _, claims = desk
    corrected = publish(claims["correction"], reviewer, editor)

    data = {item["id"]: item for item in json.loads(run("--format", "json"))}

    versions = data[corrected.pk]["verdicts"]
    assert [v["claim"] for v in versions] == ["Earlier wording.", "UNPUBLISHED wording."]
    assert versions[1]["correction_note"] == "Fixed."
    assert versions[0]["citations"][0]["url"] == "https://example.org/lanes"
    assert data[claims["retracted"].pk]["verdicts"] == []


def test_export_of_one_source_to_a_file(desk, reviewer, editor, tmp_path):
    other = make_source(text="Other text. More.", slug="other")
    published_claim(other, reviewer, editor, text="Other wording.")
    target = tmp_path / "out.csv"

    run("--source", "other", "--output", str(target))

    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [row["claim"] for row in rows] == ["Other wording."]


def test_an_unknown_source_is_refused(db):
    with pytest.raises(CommandError, match="No source with the slug 'nope'"):
        run("--source", "nope")


def test_queries_stay_constant_whatever_the_number_of_claims(
    desk, reviewer, editor, django_assert_max_num_queries
):
    source, _ = desk
    for i in range(4, 8):
        published_claim(source, reviewer, editor, sentence=i)

    with django_assert_max_num_queries(2):  # claims, their verdicts
        run()


def test_admin_action_downloads_the_selected_claims_as_csv(client, editor, desk):
    _, claims = desk
    client.force_login(editor)
    chosen = [claims["published"], claims["draft"]]

    response = client.post(
        reverse("admin:core_claim_changelist"),
        {"action": "export_csv", "_selected_action": [c.pk for c in chosen], "index": "0"},
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [int(row["id"]) for row in rows] == [claims["published"].pk]


def test_csv_times_are_iso_8601_in_utc(desk):
    import re

    rows = list(csv.DictReader(io.StringIO(run())))

    iso = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
    times = [row[c] for row in rows for c in ("first_published", "published_at", "retracted_at")]
    assert [t for t in times if t] and all(iso.fullmatch(t) for t in times if t)
    assert {row["retracted_at"] for row in rows} - {""}  # the retraction has one
