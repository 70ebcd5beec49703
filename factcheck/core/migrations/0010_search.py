"""Public claims counted per rating, kept by a trigger on core_claim
(PostgreSQL only): the home page's chart and total read these rows, not the
98,000 index entries of a large archive's public claims.

A claim counts under its published verdict's rating while it is published and
not retracted; verdicts never change (a correction publishes a new one), so
only a claim's published_verdict_id and status move it between rows."""

from django.db import migrations, models

FORWARDS = """
CREATE FUNCTION core_public_rating_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  rating bigint;
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.published_verdict_id IS NOT DISTINCT FROM NEW.published_verdict_id
     AND (OLD.status = 'retracted') = (NEW.status = 'retracted') THEN
    RETURN NULL;  -- an edit that moves the claim between no counts
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.published_verdict_id IS NOT NULL
     AND OLD.status <> 'retracted' THEN
    SELECT v.rating_id INTO rating FROM core_verdict v WHERE v.id = OLD.published_verdict_id;
    UPDATE core_publicratingcount SET count = count - 1 WHERE rating_id = rating;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.published_verdict_id IS NOT NULL
     AND NEW.status <> 'retracted' THEN
    SELECT v.rating_id INTO rating FROM core_verdict v WHERE v.id = NEW.published_verdict_id;
    INSERT INTO core_publicratingcount (rating_id, count) VALUES (rating, 1)
    ON CONFLICT (rating_id) DO UPDATE SET count = core_publicratingcount.count + 1;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER core_public_rating_count
AFTER INSERT OR DELETE OR UPDATE OF published_verdict_id, status ON core_claim
FOR EACH ROW EXECUTE FUNCTION core_public_rating_count();

INSERT INTO core_publicratingcount (rating_id, count)
SELECT v.rating_id, COUNT(*) FROM core_claim c JOIN core_verdict v ON v.id = c.published_verdict_id
WHERE c.status <> 'retracted' GROUP BY v.rating_id;
"""

BACKWARDS = """
DROP TRIGGER core_public_rating_count ON core_claim;
DROP FUNCTION core_public_rating_count();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARDS)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARDS)


class Migration(migrations.Migration):
    dependencies = [("core", "0009_archive")]

    operations = [
        migrations.CreateModel(
            name="PublicRatingCount",
            fields=[
                (
                    "rating",
                    models.OneToOneField(
                        on_delete=models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="core.rating",
                    ),
                ),
                ("count", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
