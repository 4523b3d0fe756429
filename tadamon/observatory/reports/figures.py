"""The figures of a territory report: what it shows, before any drawing.

Every number comes from tadamon.observatory.engine under an indicator code,
and every indicator used is listed in the report's annex with its formula,
definition and sources. Names and notes follow the active language: build a
report inside `translation.override(language)`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone, translation

from tadamon.errors import DomainError
from tadamon.observatory import engine
from tadamon.observatory.dashboard import KEY_FIGURES, Place, place
from tadamon.observatory.engine import Value
from tadamon.observatory.models import Indicator, Source
from tadamon.observatory.notes import explain
from tadamon.observatory.targets import TargetStatus, assess_all
from tadamon.portal.caching import registry_version
from tadamon.registry.vocabulary import LEGAL_FORM_LABELS, LegalForm
from tadamon.territory.models import NATION_CODE

PART_COLUMNS = (
    "population",
    "organizations_active",
    "organizations_per_10k",
    "members",
    "members_women_share",
    "jobs",
    "declarations_completeness",
)
TREND_COLUMNS = ("organizations_active", "members", "jobs")
TREND_SHARES = ("members_women_share", "members_youth_share")
COMPARED = "organizations_per_10k"  # the bar chart and the map


@dataclass
class KeyFigure:
    indicator: Indicator
    value: Value
    nation: Value | None
    # When the report's year has no value (a GDP share is published for 2023 only),
    # the latest earlier year that has one, shown with its year.
    shown_year: int
    note: str = ""
    group: Value | None = None  # the group's value when published only for a group
    group_name: str = ""


@dataclass
class PartRow:
    place: Place
    cells: list[Value]
    highlight: bool = False


@dataclass
class FormRow:
    code: str
    label: str
    count: float
    share: float | None
    nation_share: float | None


@dataclass
class Report:
    place: Place
    year: int
    language: str
    years: list[int]
    indicators: dict[str, Indicator]
    key_figures: list[KeyFigure]
    parts_level: str  # "region" or "province": what the table, bar chart and map compare
    part_columns: list[Indicator]
    part_rows: list[PartRow]
    compared_total: Value | None  # COMPARED for the territory the parts make up
    whole_name: str  # that territory's name (the region, for a province's report)
    legal_forms: list[FormRow]
    trends: dict[str, list[Value]]  # code → one value per year, the territory
    nation_trends: dict[str, list[Value]]
    targets: list[TargetStatus]
    sources: list[Source]
    generated_at: dt.datetime
    registry_version: int
    used: list[str] = field(default_factory=list)  # indicator codes, in order of appearance

    @property
    def annex(self) -> list[Indicator]:
        return [self.indicators[c] for c in self.used]


def no_data_for(year: int, years: list[int]) -> DomainError:
    span = f"{years[0]}–{years[-1]}" if years else "—"
    return DomainError(
        "report_year_without_data",
        f"لا توجد معطيات السجل لسنة {year}: السنوات المتوفرة {span}",
        f"Aucune donnée du registre pour {year} : années disponibles {span}",
        "year",
    )


def _with_nation(code: str) -> list[str]:
    return [code] if code == NATION_CODE else [code, NATION_CODE]


def _indicators(codes) -> dict[str, Indicator]:
    found = {
        i.code: i for i in Indicator.objects.select_related("of_indicator").filter(code__in=codes)
    }
    return {c: found[c] for c in codes if c in found}


def _key_figures(
    computation: engine.Computation, codes: list[str], code: str, year: int, years: list[int]
) -> list[KeyFigure]:
    earlier = [y for y in years if y <= year]

    def at(indicator: str, territory: str, y: int) -> Value:
        return computation.value(indicator, territory, y)

    figures = []
    for indicator_code in codes:
        indicator = computation.indicators[indicator_code]
        value, shown_year = at(indicator_code, code, year), year
        if value.value is None:
            found = [y for y in earlier if at(indicator_code, code, y).value is not None]
            if found:
                value, shown_year = at(indicator_code, code, found[-1]), found[-1]
        figure = KeyFigure(indicator, value, None, shown_year)
        group_note = next(
            (
                at(indicator_code, code, y).note
                for y in reversed(earlier)
                if at(indicator_code, code, y).note.startswith("published_for_group:")
            ),
            "",
        )
        if value.value is None and group_note:
            group = group_note.partition(":")[2]
            found = [at(indicator_code, group, y) for y in earlier]
            found = [v for v in found if v.value is not None]
            figure.group = found[-1] if found else None
            figure.group_name = place(group).name
            figure.note = explain(group_note)
            if figure.group:
                figure.shown_year = figure.group.year
        elif value.note:
            figure.note = explain(value.note)
        if code != NATION_CODE:
            figure.nation = at(indicator_code, NATION_CODE, figure.shown_year)
        figures.append(figure)
    return figures


def _parts(where: Place) -> tuple[str, str, list[Place], str]:
    """(level, whole, parts, highlighted code): a region's provinces, the nation's
    regions, or for a province the provinces of its region with it marked."""
    if where.level == "province":
        region = place(where.parent.code)
        return "province", region.code, region.parts, where.code
    if where.level == "nation":
        return "region", where.code, where.parts, ""
    return "province", where.code, where.parts, ""


def _legal_forms(computation: engine.Computation, code: str, year: int) -> list[FormRow]:
    active = "organizations_active"
    totals = {t: computation.value(active, t, year).value or 0 for t in _with_nation(code)}
    arabic = (translation.get_language() or "ar").startswith("ar")
    rows = []
    for form in LegalForm.values:
        counts = {
            t: computation.value(active, t, year, form=form).value or 0 for t in _with_nation(code)
        }
        ar, fr = LEGAL_FORM_LABELS.get(form, (form, form))
        rows.append(
            FormRow(
                form,
                ar if arabic else fr,
                counts[code],
                counts[code] / totals[code] * 100 if totals[code] else None,
                counts[NATION_CODE] / totals[NATION_CODE] * 100 if totals[NATION_CODE] else None,
            )
        )
    return rows


def gather(code: str, year: int, language: str) -> Report:
    """The whole report for a territory and year (DomainError if either is unknown)."""
    where = place(code)
    years = engine.periods()
    if year not in years:
        raise no_data_for(year, years)
    level, whole, parts, highlight = _parts(where)
    codes = (*KEY_FIGURES, *PART_COLUMNS, *TREND_COLUMNS, *TREND_SHARES, COMPARED)
    indicators = _indicators(dict.fromkeys(codes))
    # One fetch of the registry sums for the whole report, legal forms kept apart for
    # its table (tadamon.observatory.engine.Computation).
    computation = engine.Computation(list(indicators.values()), years, group_by=("legal_form",))
    key_codes = [c for c in KEY_FIGURES if c in indicators]
    key_figures = _key_figures(computation, key_codes, code, year, years)

    columns = [indicators[c] for c in PART_COLUMNS if c in indicators]
    rows = [
        PartRow(p, [computation.value(c.code, p.code, year) for c in columns], p.code == highlight)
        for p in parts
    ]
    compared_total = computation.value(COMPARED, whole, year) if parts else None

    trend_codes = [indicators[c] for c in (*TREND_COLUMNS, *TREND_SHARES)]
    trends = {c.code: computation.values([c.code], [code], years) for c in trend_codes}
    nation_trends = {
        c.code: computation.values([c.code], [NATION_CODE], years) for c in trend_codes
    }
    statuses = assess_all()
    for status in statuses:
        indicators.setdefault(status.target.indicator.code, status.target.indicator)
    used = list(
        dict.fromkeys(
            [
                *(f.indicator.code for f in key_figures),
                *(c.code for c in columns),
                *(c.code for c in trend_codes),
                *(s.target.indicator.code for s in statuses),
            ]
        )
    )
    return Report(
        place=where,
        year=year,
        language=language,
        years=years,
        indicators=indicators,
        key_figures=key_figures,
        parts_level=level,
        part_columns=columns,
        part_rows=rows,
        compared_total=compared_total,
        whole_name=place(whole).name,
        legal_forms=_legal_forms(computation, code, year),
        trends=trends,
        nation_trends=nation_trends,
        targets=statuses,
        sources=list(Source.objects.all()),
        generated_at=timezone.localtime(),
        registry_version=registry_version(),
        used=used,
    )
