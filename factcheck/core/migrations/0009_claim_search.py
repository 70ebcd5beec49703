"""Claim.same_as ("already checked"), and on PostgreSQL the pg_trgm extension
with trigram indexes for finding similar claims. SQLite skips the PostgreSQL
parts: it has neither the extension nor GIN indexes."""

import django.db.models.deletion
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

TRIGRAM_INDEXES = [
    ("core_claim_text_trgm", "core_claim", "text"),
    ("core_verdict_claim_text_trgm", "core_verdict", "claim_text"),
]


class PostgresOnlyTrigramExtension(TrigramExtension):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, column in TRIGRAM_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_trust_contributors_public_record"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="same_as",
            field=models.ForeignKey(
                blank=True,
                help_text="An earlier published fact-check of the same claim.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="appearances",
                to="core.claim",
            ),
        ),
        PostgresOnlyTrigramExtension(),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
    ]
