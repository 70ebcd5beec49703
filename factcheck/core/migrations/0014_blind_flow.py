from django.db import migrations, models

from factcheck.core.roles import sync_roles


def roles(apps, schema_editor):
    # Editors see the blind ratings in the admin (core.view_blindrating).
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0013_worthy"),
    ]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("assigned", "Assigned to you"),
                    ("sent_back", "Sent back to you"),
                    ("published", "Published"),
                    ("suggestion", "Reader suggestion"),
                    ("reassigned", "Assignment changed"),
                    ("blind", "Blind rating"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(roles, migrations.RunPython.noop),
    ]
