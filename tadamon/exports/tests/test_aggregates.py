"""Yearly declarations summed by province: never one organization's row."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import DAY, cooperative_fields, register_reviewed
from tadamon.exports.aggregates import (
    aggregate_columns,
    aggregate_row,
    aggregate_schema,
    cached_rows,
    declarations_by_province,
)
from tadamon.exports.public import public_organizations
from tadamon.registry import services
from tadamon.registry.models import DECLARATION_FIGURES
from tadamon.registry.services.merging import declarations_by_year


def by_key(rows):
    return {(row["province_code"], row["year"]): row for row in rows}


def test_sums_by_province_and_year(open_registry):
    rows = by_key(declarations_by_province())
    casa = rows[("141", 2023)]
    assert casa["declarations"] == 2
    assert casa["members_total"] == 35
    assert Decimal(str(casa["value_added_mad"])) == Decimal("-150.25")
    assert casa["province_name_ar"] == "الدار البيضاء" and casa["region_code"] == "06"
    assert casa["members_women"] is None  # nobody declared it: blank, not zero


def test_a_merged_record_counts_only_for_years_its_survivor_did_not_file(open_registry):
    rows = by_key(declarations_by_province())
    assert rows[("051", 2023)]["declarations"] == 1
    assert rows[("051", 2023)]["members_total"] == 12  # the survivor's, not 99 from the merged
    assert rows[("051", 2024)]["members_total"] == 41  # only the merged record filed 2024
    assert rows[("051", 2024)]["declarations"] == 1
    assert sorted(rows) == [("051", 2022), ("051", 2023), ("051", 2024), ("141", 2023)]


def test_the_table_follows_its_schema_and_has_every_figure(open_registry):
    columns = aggregate_columns()
    assert columns[:6] == ("province_code", "province_name_ar", "province_name_fr",
                           "region_code", "year", "declarations")  # fmt: skip
    assert set(DECLARATION_FIGURES) <= set(columns)
    assert aggregate_schema()["primaryKey"] == ["province_code", "year"]
    for row in declarations_by_province():
        assert set(row) == set(columns)


def test_no_row_names_an_organization(open_registry):
    for row in declarations_by_province():
        assert "registry_id" not in row and "organization_id" not in row


# -- merge chains: one rule, a constant number of queries ----------------------------------

BODIES = ("تعاونية الأمل", "تعاونية النور", "تعاونية الفجر", "تعاونية الوحدة", "تعاونية السلام",
          "تعاونية الخير", "تعاونية البركة", "تعاونية الواحة")  # fmt: skip


def record_of(actor, province, name):
    fields = cooperative_fields(province, name_ar=name, name_fr="", sector="argan")
    return register_reviewed(actor, fields, "ملف", DAY)


def body_recorded_three_times(actor, province, number):
    """One body recorded three times, merged as a chain: third into second, second into
    first. Each record filed its own declarations, in this order."""
    name = BODIES[number]
    first, second, third = (record_of(actor, province, f"{name} {n}") for n in ("", "2", "3"))
    file = services.file_declaration
    file(actor, first, 2022, {"members_total": 10 + number})
    file(actor, second, 2022, {"members_total": 99})  # the survivor filed 2022: not counted
    file(actor, third, 2021, {"members_total": 7})
    file(actor, second, 2021, {"members_total": 21 + number})  # filed after the third's
    file(actor, second, 2023, {"members_total": 77})
    file(actor, third, 2023, {"members_total": 30 + number, "members_women": 3})  # filed last
    file(actor, third, 2024, {"members_total": 40 + number})
    services.merge_organizations(actor, second, third, reason="تسجيل مكرر")
    services.merge_organizations(actor, first, second, reason="تسجيل مكرر")
    return first


@pytest.fixture
def chains(national_registrar, province_hoceima, province_casablanca):
    made = []

    def make(count):
        for _ in range(count):
            province = (province_hoceima, province_casablanca)[len(made) % 2]
            made.append(body_recorded_three_times(national_registrar, province, len(made)))
        return made

    return make


def test_a_chain_of_merges_counts_each_year_once_from_the_right_record(chains):
    chains(1)  # one body in Al Hoceïma, numbered 0
    rows = by_key(declarations_by_province())
    figures = {year: rows[("051", year)]["members_total"] for year in (2021, 2022, 2023, 2024)}
    assert figures == {2021: 21, 2022: 10, 2023: 30, 2024: 40}
    assert all(rows[("051", year)]["declarations"] == 1 for year in figures)
    assert rows[("051", 2023)]["members_women"] == 3
    assert rows[("051", 2021)]["members_women"] is None


def test_the_aggregate_and_each_bodys_declarations_agree(chains, open_registry):
    chains(4)
    expected: dict = {}
    for body in public_organizations():
        for year, declaration in declarations_by_year(body).items():
            cell = expected.setdefault(
                (body.province_id, year), {"declarations": 0, **dict.fromkeys(DECLARATION_FIGURES)}
            )
            cell["declarations"] += 1
            for name in DECLARATION_FIGURES:
                value = getattr(declaration, name)
                if value is not None:
                    cell[name] = value if cell[name] is None else cell[name] + value
    rows = by_key(declarations_by_province())
    assert sorted(rows) == sorted(expected)
    for key, cell in expected.items():
        assert aggregate_row(rows[key]) == aggregate_row({**rows[key], **cell}), key


def test_the_aggregate_costs_the_same_few_queries_whatever_the_number_of_merges(
    chains, django_assert_max_num_queries
):
    chains(1)
    with CaptureQueriesContext(connection) as few:
        declarations_by_province()
    chains(5)
    with CaptureQueriesContext(connection) as many:
        rows = declarations_by_province()
    assert len(many) == len(few)
    assert sum(row["declarations"] for row in rows) == 6 * 4
    # The own sums, 2 per chain level + the level that ends it, the survivors'
    # provinces, the province names.
    with django_assert_max_num_queries(8):
        declarations_by_province()


def test_the_portals_table_is_kept_until_the_registry_changes(
    chains, national_registrar, django_assert_max_num_queries
):
    survivor = chains(1)[0]
    first = cached_rows()
    with django_assert_max_num_queries(1):  # the registry's version
        assert cached_rows() == first
    services.file_declaration(national_registrar, survivor, 2025, {"members_total": 5})
    assert len(cached_rows()) == len(first) + 1
