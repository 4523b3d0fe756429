"""Official reference figures and the built-in indicators, targets and validation rules."""

from django.db import migrations


def load(apps, schema_editor):
    from tadamon.observatory.builtin import install_builtins
    from tadamon.observatory.reference import load_reference

    load_reference(
        apps.get_model("observatory", "Source"), apps.get_model("observatory", "ReferenceValue")
    )
    install_builtins(
        apps.get_model("observatory", "Indicator"),
        apps.get_model("observatory", "Target"),
        apps.get_model("observatory", "ValidationRule"),
    )


class Migration(migrations.Migration):
    dependencies = [("observatory", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
