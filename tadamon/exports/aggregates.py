"""Yearly declarations summed by province and year: the only way figures leave as open data.

One row per province and year with the number of declarations and the sum of
every figure (members, women, youth, employees, beneficiaries; revenue, value
added and subsidies in MAD). Never a row per organization.

Which declarations count: those of the public organizations (public.py), one
per body and year. A merged-away record's declarations stay on it
(services.merging); the body's figures for a year are the survivor's own, else
the last filed by a record merged into it (`declarations_by_year`), so a year
both filed is counted once, in the survivor's province. A sum over
declarations that all left a figure blank is blank, not zero.

Cost: the survivors' own declarations are summed in the database (one GROUP BY
query); the years taken from merged records come from
`merging.declarations_from_absorbed`, which applies the rule to every body at
once (two queries per level of merge chain). So a download costs a handful of
queries however many merges deduplication made, and the result is kept until
the registry changes (`cached_rows`). The table is small (75 provinces times
the years), so it is built in memory.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.db.models import Count, Exists, OuterRef, Sum

from tadamon.exports.public import province_names, public_organizations
from tadamon.portal.caching import versioned
from tadamon.registry.models import DECLARATION_FIGURES, Declaration, Organization
from tadamon.registry.services.merging import declarations_from_absorbed

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "declarations_by_province.schema.json"
TABLE_NAME = "declarations-by-province"


@cache
def aggregate_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def aggregate_columns() -> tuple[str, ...]:
    return tuple(field["name"] for field in aggregate_schema()["fields"])


def _add(cell: dict[str, Any], declaration: Declaration) -> None:
    cell["declarations"] += 1
    for name in DECLARATION_FIGURES:
        value = getattr(declaration, name)
        if value is not None:
            cell[name] = value if cell[name] is None else cell[name] + value


def declarations_by_province() -> list[dict[str, Any]]:
    """Rows of the aggregate table, ordered by province code and year."""
    public = public_organizations()
    totals = (
        Declaration.objects.filter(organization__in=public.values("pk"))
        .values("organization__province_id", "year")
        .annotate(declarations=Count("pk"), **{name: Sum(name) for name in DECLARATION_FIGURES})
        .order_by()
    )
    cells: dict[tuple[str, int], dict[str, Any]] = {}
    for total in totals:
        key = (total.pop("organization__province_id"), total.pop("year"))
        cells[key] = total
    # Survivors of merges: add the years only records merged into them filed.
    taken = declarations_from_absorbed(public.values("pk"))
    if taken:
        absorbing = public.filter(Exists(Organization.objects.filter(merged_into=OuterRef("pk"))))
        province_of = dict(absorbing.values_list("pk", "province_id"))
        for (survivor, year), declaration in taken.items():
            key = (province_of[survivor], year)
            empty = {"declarations": 0, **dict.fromkeys(DECLARATION_FIGURES)}
            _add(cells.setdefault(key, empty), declaration)
    names = province_names()
    rows = []
    for (province, year), cell in sorted(cells.items()):
        name_ar, name_fr, region = names[province]
        row = {
            "province_code": province,
            "province_name_ar": name_ar,
            "province_name_fr": name_fr,
            "region_code": region,
            "year": year,
            **cell,
        }
        rows.append(row)
    return rows


def cached_rows() -> list[list[Any]]:
    """The table's rows in column order, computed once per registry version (the portal's
    download is anonymous and may be asked for often)."""
    return versioned(
        f"open-data:{TABLE_NAME}",
        lambda: [aggregate_row(row) for row in declarations_by_province()],
    )


def aggregate_row(row: dict[str, Any]) -> list[Any]:
    return [_plain(row[column]) for column in aggregate_columns()]


def _plain(value: Any) -> Any:
    # SQLite sums decimals as floats: two decimals, as the figures are kept.
    if isinstance(value, float):
        return Decimal(str(round(value, 2))).quantize(Decimal("0.01"))
    if isinstance(value, Decimal):
        return value.quantize(Decimal("0.01"))
    return value
