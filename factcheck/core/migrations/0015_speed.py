"""Each claim's text search configuration on its own row (PostgreSQL only):
core_claim.search_config, kept by the trigger that builds the search vectors
(migration 0002) from the same source language, so it is always the
configuration the row's vectors were built with.

A search parses its words once in every configuration, and each matching row
picks its own parse by this column (core/search.py RowQuery): before, each row
read its source's language by a probe and parsed the words again, for every
match counted and ranked (a common word: a thousand probes and parses a
search on 100,000 claims).

Not a model field, like the vectors: Django never reads or writes it. Filling
it touches no column the vector triggers watch, so the vectors are not
recomputed."""

from django.db import migrations, transaction

CLAIM_SEARCH = """
CREATE OR REPLACE FUNCTION core_claim_search() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  config regconfig;
BEGIN
  SELECT core_search_config(s.language) INTO config FROM core_source s WHERE s.id = NEW.source_id;
  NEW.search_config := config;
  NEW.search_working := core_search_vector(config, NEW.text, NEW.summary, NEW.rationale, NEW.quote);
  NEW.search_public := (
    SELECT core_search_vector(config, v.claim_text, v.summary, v.rationale, v.quote)
    FROM core_verdict v WHERE v.id = NEW.published_verdict_id
  );
  RETURN NEW;
END
$$;
"""

FORWARDS = f"""
ALTER TABLE core_claim ADD COLUMN IF NOT EXISTS search_config regconfig;
{CLAIM_SEARCH}
"""

# Existing rows are filled a batch of keys at a time, each batch committed: on
# a large archive this rewrites every row and its index entries (about 7
# minutes for 100,000 claims here), and one transaction would lock the claims
# against readers for all of it. Until its batch is done a row's NULL is
# searched as "simple" (core/search.py RowQuery's ELSE).
FILL = """
UPDATE core_claim c SET search_config = core_search_config(s.language)
FROM core_source s
WHERE s.id = c.source_id AND c.id >= %s AND c.id < %s AND c.search_config IS NULL
"""
FILL_BATCH = 5_000

# 0002's function, as it was.
BACKWARDS = """
CREATE OR REPLACE FUNCTION core_claim_search() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  config regconfig;
BEGIN
  SELECT core_search_config(s.language) INTO config FROM core_source s WHERE s.id = NEW.source_id;
  NEW.search_working := core_search_vector(config, NEW.text, NEW.summary, NEW.rationale, NEW.quote);
  NEW.search_public := (
    SELECT core_search_vector(config, v.claim_text, v.summary, v.rationale, v.quote)
    FROM core_verdict v WHERE v.id = NEW.published_verdict_id
  );
  RETURN NEW;
END
$$;
ALTER TABLE core_claim DROP COLUMN search_config;
"""


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        with transaction.atomic(using=connection.alias):
            schema_editor.execute(FORWARDS)
        fill(connection)


def fill(connection, batch=FILL_BATCH):
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM core_claim")
        low, high = cursor.fetchone()
    for start in range(low or 0, (high or -1) + 1, batch):
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(FILL, [start, start + batch])


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARDS)


class Migration(migrations.Migration):
    atomic = False  # see FILL
    dependencies = [("core", "0014_blind_flow")]

    operations = [migrations.RunPython(forwards, backwards)]
