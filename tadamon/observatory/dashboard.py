"""What a dashboard shows for one territory and year: key figures, charts, a map,
the table of its parts, and each chart's data as rows for its CSV download.

Every number comes from tadamon.observatory.engine under an indicator code, so
the page can link each one to its definition, formula and sources.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import translation

from tadamon.observatory import engine
from tadamon.observatory.models import Indicator
from tadamon.observatory.notes import explain
from tadamon.observatory.targets import assess_all
from tadamon.registry.models import Sector
from tadamon.registry.vocabulary import LEGAL_FORM_LABELS, LegalForm
from tadamon.territory.models import NATION_CODE, Province, Region

KEY_FIGURES = (
    "organizations_active",
    "organizations_per_10k",
    "members",
    "members_women_share",
    "members_youth_share",
    "jobs",
    "jobs_created",
    "value_added",
    "sse_gdp_share",
    "declarations_completeness",
)
TREND_COUNTS = ("organizations_active", "members", "jobs")
TREND_SHARES = ("members_women_share", "members_youth_share", "jobs_women_share")
MAP_CHOICES = (
    "organizations_per_10k",
    "members_per_10k",
    "members_women_share",
    "members_youth_share",
    "declarations_completeness",
    "organizations_growth",
    "jobs_created",
)
PART_COLUMNS = (
    "organizations_active",
    "organizations_per_10k",
    "members_women_share",
    "jobs",
    "declarations_completeness",
)
DISPARITY = ("organizations_per_10k_cv", "organizations_per_10k_theil")


@dataclass
class Place:
    code: str
    name: str
    level: str  # nation, region, province, group
    parent: Place | None = None
    parts: list[Place] = field(default_factory=list)


def _arabic() -> bool:
    return (translation.get_language() or "ar").startswith("ar")


def place(code: str) -> Place:
    """The territory, its parent and its parts, named in the page's language."""
    engine.check_territory(code)
    arabic = _arabic()
    nation = Place(NATION_CODE, "المغرب" if arabic else "Maroc", "nation")

    def named(obj) -> str:
        return obj.name_ar if arabic else obj.name_fr

    if code == NATION_CODE:
        nation.parts = [Place(r.code, named(r), "region") for r in Region.objects.order_by("code")]
        return nation
    region = Region.objects.filter(code=code).first()
    if region:
        provinces = Province.objects.filter(region=region).order_by("code")
        return Place(
            code,
            named(region),
            "region",
            nation,
            [Place(p.code, named(p), "province") for p in provinces],
        )
    province = Province.objects.select_related("region").filter(code=code).first()
    if province:
        parent = Place(province.region.code, named(province.region), "region", nation)
        return Place(code, named(province), "province", parent)
    regions = Region.objects.filter(code__in=code.split("+")).order_by("code")
    return Place(code, " + ".join(named(r) for r in regions), "group", nation)


def _indicators(codes) -> dict[str, Indicator]:
    found = {
        i.code: i for i in Indicator.objects.select_related("of_indicator").filter(code__in=codes)
    }
    return {c: found[c] for c in codes if c in found}


@dataclass
class Chart:
    """One chart and its data: categories (years, territories, forms) × series."""

    id: str
    title: str
    kind: str  # line, bar, map, target
    categories: list[str]
    series: list[dict]
    unit: str = ""
    indicators: list[str] = field(default_factory=list)

    def rows(self) -> list[list]:
        header = ["", *[s["name"] for s in self.series]]
        rows = [header]
        for i, category in enumerate(self.categories):
            rows.append([category, *[s["data"][i] for s in self.series]])
        return rows

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "categories": self.categories,
            "series": self.series,
            "unit": self.unit,
        }


def _rounded(value: float | None, indicator: Indicator) -> float | None:
    return None if value is None else round(value, indicator.decimals + 2)


def _series(values, indicators, territory: str, years: list[int]) -> list[dict]:
    by_key = {(v.indicator, v.territory, v.year): v for v in values}
    return [
        {
            "name": indicator.name,
            "code": code,
            "data": [_rounded(by_key[(code, territory, y)].value, indicator) for y in years],
        }
        for code, indicator in indicators.items()
    ]


def _label(code: str) -> str:
    ar, fr = LEGAL_FORM_LABELS.get(code, (code, code))
    return ar if _arabic() else fr


def build(code: str, year: int | None, legal_form: str, map_indicator: str) -> dict:
    """The dashboard's whole context for a territory (raises DomainError if unknown)."""
    where = place(code)
    years = engine.periods()
    year = year if year in years else (years[-1] if years else None)
    context: dict = {"place": where, "years": years, "year": year, "legal_form": legal_form}
    if year is None:
        context["charts"] = {}
        return context
    map_indicator = map_indicator if map_indicator in MAP_CHOICES else MAP_CHOICES[0]
    codes = {*KEY_FIGURES, *TREND_COUNTS, *TREND_SHARES, *MAP_CHOICES, *PART_COLUMNS, *DISPARITY}
    indicators = _indicators(codes)
    # One fetch of the data for the whole page (and one per breakdown below).
    main = engine.Computation(list(indicators.values()), years, legal_form=legal_form)
    compare = [code] if code == NATION_CODE else [code, NATION_CODE]
    key_values = main.values(KEY_FIGURES, compare, [year])
    by = {(v.indicator, v.territory): v for v in key_values}
    context["key_figures"] = [
        {
            "indicator": indicators[c],
            "value": by[(c, code)],
            "nation": by.get((c, NATION_CODE)) if code != NATION_CODE else None,
            "note": explain(by[(c, code)].note),
        }
        for c in KEY_FIGURES
    ]
    charts: dict[str, Chart] = {}
    year_labels = [str(y) for y in years]
    counts = _indicators(TREND_COUNTS)
    trend = main.values(list(counts), [code], years)
    charts["trend"] = Chart(
        "trend",
        translation.gettext("Organizations, members and jobs by year"),
        "line",
        year_labels,
        _series(trend, counts, code, years),
        indicators=list(counts),
    )
    shares = _indicators(TREND_SHARES)
    share_values = main.values(list(shares), [code], years)
    charts["shares"] = Chart(
        "shares",
        translation.gettext("Women's and youth shares (%)"),
        "line",
        year_labels,
        _series(share_values, shares, code, years),
        unit="%",
        indicators=list(shares),
    )
    active = indicators["organizations_active"]
    forms = [f for f in LegalForm.values if not legal_form or f == legal_form]
    split = engine.Computation([active], [year], legal_form=legal_form, group_by=["legal_form"])
    by_form = [split.value(active.code, code, year, form=f).value or 0 for f in forms]
    charts["legal_forms"] = Chart(
        "legal_forms",
        translation.gettext("Active organizations by legal form"),
        "bar",
        [_label(f) for f in forms],
        [{"name": active.name, "code": active.code, "data": by_form}],
        indicators=[active.code],
    )
    sectors = list(Sector.objects.order_by("code"))
    split = engine.Computation([active], [year], legal_form=legal_form, group_by=["sector"])
    by_sector = [
        (s.label, split.value(active.code, code, year, sector=s.code).value or 0) for s in sectors
    ]
    by_sector.sort(key=lambda pair: -pair[1])
    charts["sectors"] = Chart(
        "sectors",
        translation.gettext("Active organizations by sector"),
        "bar",
        [label for label, _n in by_sector],
        [{"name": active.name, "code": active.code, "data": [n for _l, n in by_sector]}],
        indicators=[active.code],
    )
    if where.parts:
        mapped = indicators[map_indicator]
        parts = [p.code for p in where.parts]
        part_values = main.values([mapped.code], parts, [year])
        charts["map"] = Chart(
            "map",
            mapped.name,
            "map",
            [p.name for p in where.parts],
            [
                {
                    "name": mapped.name,
                    "code": mapped.code,
                    "data": [_rounded(v.value, mapped) for v in part_values],
                    "territories": parts,
                }
            ],
            unit=mapped.get_unit_display(),
            indicators=[mapped.code],
        )
        columns = [indicators[c] for c in PART_COLUMNS]
        table = main.values(PART_COLUMNS, parts, [year])
        cell = {(v.indicator, v.territory): v for v in table}
        context["parts_table"] = {
            "columns": columns,
            "rows": [
                {
                    "place": p,
                    "cells": [{"value": cell[(c.code, p.code)], "indicator": c} for c in columns],
                }
                for p in where.parts
            ],
        }
    if where.level != "province":
        spread = _indicators(DISPARITY)
        spread_values = main.values(list(spread), [code], years)
        charts["disparity"] = Chart(
            "disparity",
            translation.gettext("Disparity across provinces"),
            "line",
            year_labels,
            _series(spread_values, spread, code, years),
            indicators=list(spread),
        )
    if code == NATION_CODE:
        context["targets"] = _targets(charts)
    context["charts"] = charts
    context["map_choices"] = [(c, indicators[c].name) for c in MAP_CHOICES]
    context["map_indicator"] = map_indicator
    return context


def _targets(charts: dict[str, Chart]) -> list:
    statuses = assess_all()
    for number, status in enumerate(statuses, start=1):
        target = status.target
        years = sorted(
            {y for y, _v in status.actual}
            | {y for y, _v in status.required_path}
            | {y for y, _v in status.stated_path}
        )
        if not years:
            continue

        def on(path, all_years=years):
            found = dict(path)
            return [None if found.get(y) is None else round(found[y], 4) for y in all_years]

        charts[f"target{number}"] = Chart(
            f"target{number}",
            target.statement,
            "target",
            [str(y) for y in years],
            [
                {"name": translation.gettext("Actual"), "data": on(status.actual)},
                {
                    "name": translation.gettext("Required from the latest value"),
                    "data": on(status.required_path),
                },
                {
                    "name": translation.gettext("Path stated with the commitment"),
                    "data": on(status.stated_path),
                },
                {
                    "name": translation.gettext("Target"),
                    "data": [
                        target.target_value if y == target.target_year else None for y in years
                    ],
                },
            ],
            indicators=[target.indicator.code],
        )
        status.chart_id = f"target{number}"
    return statuses
