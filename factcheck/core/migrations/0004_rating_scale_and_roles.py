from django.db import migrations

from factcheck.core.ratings import seed_ratings
from factcheck.core.roles import sync_roles

def forwards(apps, schema_editor):
    seed_ratings(apps.get_model("core", "Rating"))
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_claims")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
