"""Yearly declarations summed by province: never one organization's row."""

from decimal import Decimal

from tadamon.exports.aggregates import aggregate_columns, aggregate_schema, declarations_by_province
from tadamon.registry.models import DECLARATION_FIGURES


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
