"""Loads the 12 regions and 75 provinces/prefectures (HCP RGPH 2024)."""

from django.db import migrations


def load(apps, schema_editor):
    from tadamon.territory.reference import load_territories

    load_territories(apps.get_model("territory", "Region"), apps.get_model("territory", "Province"))


class Migration(migrations.Migration):
    dependencies = [("territory", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
