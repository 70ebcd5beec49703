"""A large archive's orderings, indexed (bench/archive.py measures them).

On PostgreSQL only, core_claim gets `public_updated`: when the claim's public
record last changed (its published verdict's time, or its retraction's), the
order of /api/claims. It is not a model field, like the search vectors of
0002: the database keeps it current (a BEFORE trigger on the claim's
published_verdict_id and retracted_at, and a verdict written or re-dated marks
its claims for recomputation), so every writer (the workflow, bulk imports,
tests) gets it right. Indexed with the pk, for keyset pagination: page 1,000
reads 50 index entries, not 50,000. SQLite computes the same value in the query
(Coalesce(retracted_at, published_verdict.published_at)), as small desks do.

An index on the verdicts' published_at serves the Atom feed's latest entries,
one on the claims' updated_at the admin's claim list."""

from django.db import migrations, models

FORWARDS = """
ALTER TABLE core_claim ADD COLUMN public_updated timestamptz;

CREATE FUNCTION core_claim_public_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.public_updated := coalesce(
    NEW.retracted_at,
    (SELECT v.published_at FROM core_verdict v WHERE v.id = NEW.published_verdict_id)
  );
  RETURN NEW;
END
$$;

CREATE TRIGGER core_claim_public_updated
BEFORE INSERT OR UPDATE OF published_verdict_id, retracted_at, public_updated
ON core_claim FOR EACH ROW EXECUTE FUNCTION core_claim_public_updated();

-- Foreign keys are deferred: a claim may point at a verdict written after it.
CREATE FUNCTION core_verdict_public_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE core_claim SET public_updated = NULL WHERE published_verdict_id = NEW.id;
  RETURN NULL;
END
$$;

CREATE TRIGGER core_verdict_public_updated
AFTER INSERT OR UPDATE OF published_at ON core_verdict
FOR EACH ROW EXECUTE FUNCTION core_verdict_public_updated();

UPDATE core_claim SET public_updated = NULL WHERE published_verdict_id IS NOT NULL;

CREATE INDEX core_claim_public_updated ON core_claim (public_updated DESC, id DESC)
WHERE published_verdict_id IS NOT NULL;

-- The public claims' count and their verdicts per rating (the home page's
-- total and chart) as index-only scans, not reads of every claim's row.
CREATE INDEX core_claim_public_verdict ON core_claim (published_verdict_id)
WHERE published_verdict_id IS NOT NULL AND status <> 'retracted';
CREATE INDEX core_verdict_id_rating ON core_verdict (id) INCLUDE (rating_id);
"""

BACKWARDS = """
DROP INDEX core_verdict_id_rating;
DROP INDEX core_claim_public_verdict;
DROP TRIGGER core_verdict_public_updated ON core_verdict;
DROP FUNCTION core_verdict_public_updated();
DROP TRIGGER core_claim_public_updated ON core_claim;
DROP FUNCTION core_claim_public_updated();
ALTER TABLE core_claim DROP COLUMN public_updated;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARDS)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARDS)


class Migration(migrations.Migration):
    dependencies = [("core", "0008_claimreview")]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.AddIndex(
            model_name="verdict",
            index=models.Index(fields=["-published_at", "-id"], name="verdict_latest"),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["-updated_at", "-id"], name="claim_latest_change"),
        ),
    ]
