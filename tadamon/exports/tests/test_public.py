"""What leaves the platform: public organizations, public fields, the import's columns."""

import csv
import json

import pytest
from openpyxl import load_workbook

from tadamon.exports import public
from tadamon.exports.tests.conftest import every_text_file
from tadamon.imports.schemas import SCHEMAS
from tadamon.registry.models import Organization


def schema_columns():
    schema = json.loads((SCHEMAS / "organizations.schema.json").read_text(encoding="utf-8"))
    return [field["name"] for field in schema["fields"]]


def exported_rows(folder):
    with (folder / "organizations.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_columns_are_exactly_those_of_the_organizations_layout(exported):
    with (exported / "organizations.csv").open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == schema_columns()
    assert list(public.organization_columns()) == schema_columns()


def test_only_organizations_an_anonymous_visitor_sees_and_not_merged_ones(open_registry):
    exported_ids = set(public.public_organizations().values_list("pk", flat=True))
    reg = open_registry
    assert exported_ids == {o.pk for o in (reg.coop, reg.association, reg.union, reg.formula,
                                           reg.dissolved)}  # fmt: skip
    assert reg.submitted.pk not in exported_ids
    assert reg.merged.pk not in exported_ids
    visible = set(Organization.objects.visible_to(None).values_list("pk", flat=True))
    assert exported_ids < visible and reg.merged.pk in visible  # merged: published, not exported


def test_each_column_holds_the_registry_value(exported, open_registry):
    rows = {row["registry_id"]: row for row in exported_rows(exported)}
    coop = rows[open_registry.coop.registry_id]
    assert coop["name_ar"] == "تعاونية تيغانيمين للأركان"
    assert coop["province_code"] == "051"
    assert coop["sector"] == "argan"
    assert coop["legal_form"] == "cooperative"
    assert coop["founding_date"] == "2015-06-01"
    assert coop["public_utility"] == "false"
    assert coop["parent_registry_id"] == open_registry.union.registry_id
    assert rows[open_registry.dissolved.registry_id]["status"] == "dissolved"
    assert rows[open_registry.formula.registry_id]["website"] == "https://amal.example.ma"


def test_a_submitted_or_merged_organization_is_in_no_file(exported, open_registry):
    submitted, merged = open_registry.submitted, open_registry.merged
    assert merged.registry_id and submitted.name_fr
    for path, text in every_text_file(exported):
        assert "تعاونية الوردة المودعة" not in text, path
        assert submitted.name_fr not in text, path
        assert merged.registry_id not in text, path
        assert merged.name_ar not in text, path
    assert not (exported / "murmurations" / f"{merged.registry_id}.json").exists()


def test_a_phone_or_an_email_is_in_no_file_of_any_format(exported, open_registry):
    private = open_registry.private_values()
    assert "+212 522 000 002" in private and "contact@tighanimine.ma" in private
    texts = [text for _path, text in every_text_file(exported)]
    for name in ("organizations.xlsx", "declarations-by-province.xlsx"):
        sheet = load_workbook(exported / name, read_only=True).active
        texts.append(" ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row))
    assert len(texts) > 10  # every format was read
    for value in private:
        for text in texts:
            assert value not in text
    for row in exported_rows(exported):
        assert row["phone"] == "" and row["email"] == ""


def test_the_query_never_selects_a_private_field(open_registry):
    record = next(public.organization_records())
    assert "phone" not in record and "email" not in record


def test_a_new_column_without_a_public_source_is_refused(monkeypatch):
    schema = {"fields": [{"name": "registry_id"}, {"name": "bank_account"}]}
    public.organization_columns.cache_clear()
    monkeypatch.setattr(public, "organizations_schema", lambda: schema)
    try:
        with pytest.raises(RuntimeError, match="bank_account"):
            public.organization_columns()
    finally:
        public.organization_columns.cache_clear()


def test_rows_stream_in_chunks(open_registry, monkeypatch):
    monkeypatch.setattr(public, "CHUNK_SIZE", 2)
    numbers = [row[0] for row in public.organization_rows()]
    assert len(numbers) == 5 == len(set(numbers))
