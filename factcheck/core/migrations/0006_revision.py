"""Readers see a source's approved revision (Source.public_revision), and the
places a second person approved for published claims in later revisions
(ApprovedPlace). Existing sources keep showing what they showed: their newest
revision."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def show_newest(apps, schema_editor):
    Source = apps.get_model("core", "Source")
    Revision = apps.get_model("core", "Revision")
    newest = Revision.objects.filter(source=OuterRef("pk")).order_by("-number").values("pk")[:1]
    Source.objects.update(public_revision=Subquery(newest))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_pipeline"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="source",
            name="public_revision",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="core.revision",
            ),
        ),
        migrations.CreateModel(
            name="ApprovedPlace",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("start", models.PositiveIntegerField()),
                ("end", models.PositiveIntegerField()),
                ("quote", models.TextField()),
                ("approved_at", models.DateTimeField(auto_now_add=True)),
                (
                    "approved_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "claim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="approved_places",
                        to="core.claim",
                    ),
                ),
                (
                    "revision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.revision",
                    ),
                ),
            ],
            options={
                "ordering": ["claim", "revision", "pk"],
            },
        ),
        migrations.RunPython(show_newest, migrations.RunPython.noop),
    ]
