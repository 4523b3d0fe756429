"""Loads the documented sector list."""

from django.db import migrations


def load(apps, schema_editor):
    from tadamon.registry.sectors import load_sectors

    load_sectors(apps.get_model("registry", "Sector"))


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
