import datetime as dt

import pytest

from tadamon.history.models import HistoryEntry
from tadamon.imports.services import run_import
from tadamon.imports.tests.helpers import csv_bytes
from tadamon.registry import services
from tadamon.registry.models import Declaration


def declaration(organization, year=2023, **figures):
    row = {"registry_id": organization.registry_id, "external_id": "", "year": str(year),
           "members_total": "25", "members_women": "١٨", "members_youth": "7",
           "revenue_mad": "120 000,50", "value_added_mad": "-3 000,00"}  # fmt: skip
    row.update(figures)
    return row


def test_new_declarations_are_filed(registrar_tanger, coop_hoceima):
    result = run_import(registrar_tanger, "declarations",
                        csv_bytes([declaration(coop_hoceima)]), "d.csv")  # fmt: skip
    assert result.written and result.counts == {"file": 1, "correct": 0, "unchanged": 0}
    filed = Declaration.objects.get(organization=coop_hoceima, year=2023)
    assert filed.members_women == 18 and str(filed.revenue_mad) == "120000.50"
    assert str(filed.value_added_mad) == "-3000.00"
    entry = HistoryEntry.objects.get(action="import:declaration:file")
    assert entry.actor_label == "registrar_tanger" and entry.object_id == str(coop_hoceima.pk)


def test_identical_rows_change_nothing_and_different_ones_correct(national_registrar, coop_hoceima):
    data = csv_bytes([declaration(coop_hoceima)])
    run_import(national_registrar, "declarations", data, "d.csv")
    entries = HistoryEntry.objects.count()
    again = run_import(national_registrar, "declarations", data, "d.csv")
    assert again.counts["unchanged"] == 1 and HistoryEntry.objects.count() == entries
    corrected = csv_bytes([declaration(coop_hoceima, members_total="30")])
    result = run_import(national_registrar, "declarations", corrected, "d.csv")
    assert result.counts["correct"] == 1
    entry = HistoryEntry.objects.get(action="import:declaration:correct")
    assert entry.before["members_total"] == 25 and entry.after["members_total"] == 30


def test_the_organization_may_be_named_by_external_id(national_registrar, coop_hoceima):
    services.update_organization(national_registrar, coop_hoceima, {"external_id": "ODCO-77"})
    row = declaration(coop_hoceima, registry_id="", external_id="ODCO-77")
    result = run_import(national_registrar, "declarations", csv_bytes([row]), "d.csv")
    assert result.counts["file"] == 1


def test_rules_of_the_declaration_service_apply(national_registrar, coop_hoceima):
    rows = [
        declaration(coop_hoceima, members_women="40"),
        declaration(coop_hoceima, 2022, members_total="-5", members_women="", members_youth=""),
    ]
    result = run_import(national_registrar, "declarations", csv_bytes(rows), "d.csv")
    problems = {(p.row, p.column, p.code) for p in result.errors}
    assert problems == {(2, "members_women", "members_women_exceeds_total"),
                        (3, "members_total", "negative_figure")}  # fmt: skip
    assert not Declaration.objects.exists()


def test_a_submitted_organization_cannot_declare(national_registrar, province_hoceima):
    from conftest import cooperative_fields

    submitted = services.create_organization(
        national_registrar, cooperative_fields(province_hoceima, external_id="DEP-1")
    )
    row = declaration(submitted, registry_id="", external_id="DEP-1")
    result = run_import(national_registrar, "declarations", csv_bytes([row]), "d.csv")
    assert [p.code for p in result.errors] == ["declaration_not_registered"]
    assert not HistoryEntry.objects.filter(action__contains="declaration").exists()


def test_the_same_year_twice_is_refused(national_registrar, coop_hoceima):
    rows = [declaration(coop_hoceima), declaration(coop_hoceima, members_total="26")]
    result = run_import(national_registrar, "declarations", csv_bytes(rows), "d.csv")
    assert [(p.row, p.code) for p in result.errors] == [(2, "key_repeated_in_file"),
                                                        (3, "key_repeated_in_file")]  # fmt: skip


def test_a_regional_registrar_declares_only_in_its_region(registrar_casa, coop_hoceima):
    result = run_import(registrar_casa, "declarations",
                        csv_bytes([declaration(coop_hoceima)]), "d.csv")  # fmt: skip
    assert [p.code for p in result.errors] == ["permission_denied"]


@pytest.mark.parametrize("year", [str(dt.date.today().year + 1), "1850"])
def test_years_out_of_range_are_refused(national_registrar, coop_hoceima, year):
    result = run_import(national_registrar, "declarations",
                        csv_bytes([declaration(coop_hoceima, year)]), "d.csv")  # fmt: skip
    assert {p.code for p in result.errors} & {"declaration_year_in_future", "year_invalid"}
