import pytest
from django.core.management import CommandError, call_command

from tadamon.history.models import HistoryEntry
from tadamon.imports.tests.helpers import csv_bytes, org_row
from tadamon.registry.models import Organization


@pytest.fixture
def odco_file(tmp_path):
    def make(**overrides):
        path = tmp_path / "odco.csv"
        rows = [org_row("ODCO-1"), org_row("ODCO-2", name_ar="تعاونية الأمل", **overrides)]
        path.write_bytes(csv_bytes(rows, encoding="cp1256"))
        return path

    return make


def test_it_imports_and_prints_a_summary(odco_file, national_registrar, capsys):
    call_command("import", "organizations", str(odco_file()), "--as", "national", "--no-progress")
    out = capsys.readouterr().out
    assert "create 2" in out and "written" in out
    assert Organization.objects.count() == 2
    assert set(HistoryEntry.objects.values_list("actor_label", flat=True)) == {"national"}


def test_errors_are_printed_with_row_column_value_and_both_languages(
    odco_file, national_registrar, capsys, tmp_path
):
    rejected = tmp_path / "rejected.csv"
    with pytest.raises(CommandError):
        call_command("import", "organizations", str(odco_file(founding_date="31/02/2020")),
                     "--as", "national", "--no-progress", "--rejected", str(rejected))  # fmt: skip
    out = capsys.readouterr().out
    assert "row 3, column founding_date «31/02/2020»" in out
    assert "غير موجود في التقويم" in out and "n'existe pas" in out
    assert "NOTHING WRITTEN" in out and not Organization.objects.exists()
    lines = rejected.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].endswith("errors_ar;errors_fr;row_in_file") and len(lines) == 2


def test_skip_and_dry_run(odco_file, national_registrar, capsys):
    path = str(odco_file(province_code="Atlantis"))
    call_command("import", "organizations", path, "--as", "national", "--no-progress",
                 "--dry-run")  # fmt: skip
    assert not Organization.objects.exists()
    call_command("import", "organizations", path, "--as", "national", "--no-progress",
                 "--on-error", "skip")  # fmt: skip
    assert Organization.objects.count() == 1


def test_only_a_registrar_may_be_named(odco_file, analyst):
    with pytest.raises(CommandError, match="réservé aux registraires"):
        call_command("import", "organizations", str(odco_file()), "--as", "analyst")
    with pytest.raises(CommandError, match="n'existe pas"):
        call_command("import", "organizations", str(odco_file()), "--as", "nobody")
