"""The Frictionless Data Package: frictionless validate accepts it, Arabic names and all."""

import csv
import json
import socket

import pytest
from frictionless import Package, validate

from tadamon.exports.aggregates import aggregate_schema
from tadamon.exports.public import organizations_schema


@pytest.fixture
def no_network(monkeypatch):
    """Validation must not fetch a profile or a schema from the internet."""

    def refuse(*args, **kwargs):
        raise AssertionError("network access during validation")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_frictionless_validates_the_package(exported, no_network):
    descriptor = exported / "datapackage" / "datapackage.json"
    report = validate(str(descriptor))
    errors = [error.message for task in report.tasks for error in task.errors]
    assert report.valid, errors + [e.message for e in report.errors]
    assert {task.name for task in report.tasks} == {"organizations", "declarations-by-province"}
    assert all(task.stats["rows"] > 0 for task in report.tasks)


def test_the_package_reads_back_with_its_arabic_names(exported, no_network):
    package = Package(str(exported / "datapackage" / "datapackage.json"))
    organizations = package.get_resource("organizations").read_rows()
    names = {row["name_ar"] for row in organizations}
    assert "تعاونية تيغانيمين للأركان" in names and "جمعية الأمل للتنمية" in names
    aggregate = package.get_resource("declarations-by-province").read_rows()
    assert {row["province_name_ar"] for row in aggregate} == {"الحسيمة", "الدار البيضاء"}
    assert all(isinstance(row["year"], int) for row in aggregate)


def test_a_broken_row_would_be_caught(exported, no_network):
    """The check can fail: a wrong legal form in the CSV makes the package invalid."""
    path = exported / "datapackage" / "organizations.csv"
    text = path.read_text(encoding="utf-8").replace(",cooperative,", ",kolkhoz,", 1)
    path.write_text(text, encoding="utf-8")
    assert not validate(str(exported / "datapackage" / "datapackage.json")).valid


def test_the_descriptor_carries_both_table_schemas_and_a_licence(exported):
    descriptor = json.loads((exported / "datapackage" / "datapackage.json").read_text())
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert resources["organizations"]["schema"]["fields"] == organizations_schema()["fields"]
    assert resources["declarations-by-province"]["schema"]["fields"] == aggregate_schema()["fields"]
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert descriptor["homepage"] == "https://tadamon.example/open-data/"
    with (exported / "datapackage" / "organizations.csv").open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header[0] == "registry_id"  # no BOM glued to the first column name
