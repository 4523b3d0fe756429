"""The back office's import in its background thread, with its own connection."""

import pytest

from conftest import make_user
from tadamon.imports import runs
from tadamon.imports.models import ImportRun
from tadamon.imports.tests.helpers import csv_bytes, org_row
from tadamon.registry.models import Organization


@pytest.mark.django_db(transaction=True)
def test_an_import_runs_in_the_background_and_records_its_outcome(reference_data, settings):
    settings.TADAMON_IMPORTS_IN_BACKGROUND = True
    registrar = make_user("national_bg", "national_registrar")
    run = ImportRun.objects.create(kind="organizations", filename="odco.csv", actor=registrar)
    data = csv_bytes([org_row("ODCO-1"), org_row("ODCO-2", province_code="Atlantis")])
    thread = runs.start(run, data)
    thread.join(timeout=60)
    run.refresh_from_db()
    assert run.state == "done" and run.finished_at is not None
    assert run.summary["rejected"] == 1 and not run.summary["written"]
    assert [p["code"] for p in run.problems] == ["province_unknown"]
    assert "Atlantis" in run.rejected_csv
    assert not Organization.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_failing_import_is_recorded_as_failed(reference_data, settings, monkeypatch):
    settings.TADAMON_IMPORTS_IN_BACKGROUND = True
    registrar = make_user("national_bg", "national_registrar")

    def crash(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(runs, "run_import", crash)
    run = ImportRun.objects.create(kind="organizations", filename="odco.csv", actor=registrar)
    runs.start(run, b"x").join(timeout=60)
    run.refresh_from_db()
    assert run.state == "failed" and "disk full" in run.failure
