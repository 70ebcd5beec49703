from django.db import migrations, models
import django.db.models.deletion


def backfill(apps, schema_editor):
    """The existing claims' vectors, as semantic.backfill writes them (the
    historical models, so this migration keeps working as the code changes)."""
    from factcheck.core import semantic

    Claim = apps.get_model("core", "Claim")
    ClaimVector = apps.get_model("core", "ClaimVector")
    last = 0
    while True:
        rows = list(
            Claim.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "text")[:2000]
        )
        if not rows:
            return
        vectors = semantic.embed([text for _, text in rows])
        ClaimVector.objects.bulk_create(
            ClaimVector(claim_id=pk, vector=semantic.to_bytes(v))
            for (pk, _), v in zip(rows, vectors, strict=True)
        )
        last = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [("core", "0011_blind")]

    operations = [
        migrations.CreateModel(
            name="ClaimVector",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("vector", models.BinaryField()),
                (
                    "claim",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="vector",
                        to="core.claim",
                    ),
                ),
            ],
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
