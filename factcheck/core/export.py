"""Claims with their verdicts as CSV or JSON, for a data desk.

Only what the public may read: each claim's published verdict snapshots, never
its working fields (a correction in progress holds unpublished text). A
retracted fact-check is a tombstone row, as on its public page: its id,
address, source, retraction date and note, and nothing it said. Drafts and
claims never published are left out, whatever was selected."""

import csv
import json
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.urls import reverse

from .annotations import utc
from .models import Claim, ClaimStatus, Verdict
from .siteurl import absolute

CSV_COLUMNS = [
    "id",
    "url",
    "status",
    "source",
    "source_title",
    "source_origin_url",
    "claim",
    "claimant",
    "claimant_type",
    "claim_date",
    "rating",
    "rating_value",
    "summary",
    "quote",
    "version",
    "first_published",
    "published_at",
    "citations",
    "retracted_at",
    "retraction_note",
]


def exported_claims(claims=None):
    """The claims of `claims` (all claims by default) that were ever published,
    with their published verdicts in version order: a fixed number of queries."""
    claims = Claim.objects.all() if claims is None else claims
    verdicts = Verdict.objects.select_related("rating").order_by("number")
    return (
        claims.filter(published_verdict__isnull=False)
        .select_related("source", "published_verdict__rating")
        .prefetch_related(Prefetch("verdicts", queryset=verdicts, to_attr="published"))
        .order_by("pk")
    )


def claim_record(claim):
    """One claim as a flat dict (the CSV row); verdict fields from the snapshot."""
    retracted = claim.status == ClaimStatus.RETRACTED
    source = claim.source
    record = dict.fromkeys(CSV_COLUMNS, "")
    record.update(
        id=claim.pk,
        url=absolute(reverse("public:claim-short", args=[claim.pk])),
        status="retracted" if retracted else "published",
        source=source.slug,
        source_title=source.title,
        source_origin_url=source.origin_url,
        first_published=claim.published[0].published_at,
    )
    if retracted:
        record.update(retracted_at=claim.retracted_at, retraction_note=claim.status_note)
        return record
    verdict = claim.published_verdict
    record.update(verdict_record(verdict))
    record["citations"] = " ".join(c["url"] for c in verdict.citations)
    return record


def verdict_record(verdict):
    return {
        "claim": verdict.claim_text,
        "claimant": verdict.claimant,
        "claimant_type": verdict.claimant_type,
        "claim_date": verdict.claim_date,
        "rating": verdict.rating.label,
        "rating_value": verdict.rating.ordinal,
        "summary": verdict.summary,
        "quote": verdict.quote,
        "version": verdict.number,
        "published_at": verdict.published_at,
    }


def write_csv(claims, out):
    """One row per claim, its latest published verdict; citations as URLs."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for claim in exported_claims(claims):
        row = claim_record(claim)
        writer.writerow({k: csv_value(v) for k, v in row.items()})


def csv_value(value):
    """ISO 8601 for times (UTC, "Z"; str() of a datetime has a space and an
    offset that spreadsheets misread), ISO dates as they are, None as empty."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return utc(value)
    return value


def json_record(claim):
    """A claim with every published version of its verdict and their citations."""
    record = claim_record(claim)
    del record["citations"]
    record["verdicts"] = []
    if record["status"] == "published":
        record["verdicts"] = [
            {
                **verdict_record(v),
                "rationale_html": v.rationale_html,
                "correction_note": v.correction_note,
                "citations": v.citations,
            }
            for v in claim.published
        ]
    return record


def write_json(claims, out):
    data = [json_record(claim) for claim in exported_claims(claims)]
    json.dump(data, out, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
    out.write("\n")
