"""Stored full-text vectors for claim search, on PostgreSQL only (SQLite's word
search reads the fields themselves, and skips all of this).

core_claim gets two tsvector columns, each GIN-indexed:

- search_working: text A, summary B, rationale C, quote D (the workspace search,
  review/search_views.py WORKING_FIELDS);
- search_public: the published verdict's claim_text A, summary B, rationale C
  and quote D (the public search, public/published.py SEARCH_FIELDS: only
  approved words); NULL while nothing is published.

They are not model fields, so Django never reads or writes them (every claim
query would otherwise carry both vectors). The database keeps them current:

- a BEFORE trigger on core_claim computes both whenever a column they are made
  of is written (or the vectors themselves: setting one to NULL asks for a
  recomputation, which the other triggers do);
- a verdict written, a source inserted or its language changed mark their
  claims' vectors for recomputation.

Each vector is built exactly as core/search.py once built it at query time
(setweight(to_tsvector(config, coalesce(field, '')), weight) joined with ||),
with the text search configuration of the source's language, so rank and
snippets do not change. CONFIGS is a frozen copy of core/search.py
TEXT_SEARCH_CONFIGS: a change to that map needs a new migration that replaces
core_search_config() and recomputes the vectors (a test compares the two)."""

from django.db import migrations

CONFIGS = {
    "ar": "arabic",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "fr": "french",
    "hi": "hindi",
    "hy": "armenian",
    "it": "italian",
    "nl": "dutch",
    "ru": "russian",
}

WHEN_CODES = "\n".join(f"    WHEN '{code}' THEN '{config}'" for code, config in CONFIGS.items())

FORWARDS = f"""
CREATE FUNCTION core_search_config(language text) RETURNS regconfig
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT (CASE language
{WHEN_CODES}
    ELSE 'simple' END)::regconfig
$$;

CREATE FUNCTION core_search_vector(config regconfig, a text, b text, c text, d text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector(config, coalesce(a, '')), 'A')
      || setweight(to_tsvector(config, coalesce(b, '')), 'B')
      || setweight(to_tsvector(config, coalesce(c, '')), 'C')
      || setweight(to_tsvector(config, coalesce(d, '')), 'D')
$$;

ALTER TABLE core_claim ADD COLUMN search_working tsvector, ADD COLUMN search_public tsvector;

CREATE FUNCTION core_claim_search() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE TRIGGER core_claim_search
BEFORE INSERT OR UPDATE OF
  text, summary, rationale, quote, source_id, published_verdict_id, search_working, search_public
ON core_claim FOR EACH ROW EXECUTE FUNCTION core_claim_search();

-- A verdict's words (written once by the app; a test or a repair may update
-- them), and a source's language: the claims showing them are recomputed.
-- Inserts too, since foreign keys are deferred: a claim may be written before
-- the row it points at.
CREATE FUNCTION core_verdict_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE core_claim SET search_public = NULL WHERE published_verdict_id = NEW.id;
  RETURN NULL;
END
$$;

CREATE TRIGGER core_verdict_search
AFTER INSERT OR UPDATE OF claim_text, summary, rationale, quote
ON core_verdict FOR EACH ROW EXECUTE FUNCTION core_verdict_search();

CREATE FUNCTION core_source_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE core_claim SET search_working = NULL WHERE source_id = NEW.id;
  RETURN NULL;
END
$$;

CREATE TRIGGER core_source_search_insert
AFTER INSERT ON core_source FOR EACH ROW EXECUTE FUNCTION core_source_search();

CREATE TRIGGER core_source_search_language
AFTER UPDATE OF language ON core_source FOR EACH ROW
WHEN (OLD.language IS DISTINCT FROM NEW.language) EXECUTE FUNCTION core_source_search();

UPDATE core_claim SET search_working = NULL;

CREATE INDEX core_claim_search_working ON core_claim USING gin (search_working) WITH (fastupdate = off);
CREATE INDEX core_claim_search_public ON core_claim USING gin (search_public) WITH (fastupdate = off);
"""

BACKWARDS = """
DROP TRIGGER core_source_search_language ON core_source;
DROP TRIGGER core_source_search_insert ON core_source;
DROP FUNCTION core_source_search();
DROP TRIGGER core_verdict_search ON core_verdict;
DROP FUNCTION core_verdict_search();
DROP TRIGGER core_claim_search ON core_claim;
DROP FUNCTION core_claim_search();
ALTER TABLE core_claim DROP COLUMN search_working, DROP COLUMN search_public;
DROP FUNCTION core_search_vector(regconfig, text, text, text, text);
DROP FUNCTION core_search_config(text);
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARDS)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARDS)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_squashed_0013_standards")]

    operations = [migrations.RunPython(forwards, backwards)]
