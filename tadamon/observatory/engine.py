"""Indicator values for territories and years, with their numerator and denominator.

Aggregation up the hierarchy sums data elements (hence numerators and
denominators) over the provinces of a region, the regions of the nation or the
members of a group such as `10+11+12`, and only then divides: a region's
women's share is its women members over its members, never the average of its
provinces' shares. Reference figures are read at the level they are published;
a count missing at that level is summed from its parts, a rate is not.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection

from tadamon.errors import DomainError
from tadamon.observatory import cube
from tadamon.observatory.elements import CUBE_COLUMNS, Resolved, resolve
from tadamon.observatory.expressions import Element, Node, elements, evaluate, parse
from tadamon.observatory.models import Cell, Indicator, ReferenceValue
from tadamon.territory.models import NATION_CODE, Province, Region

_COLUMN_INDEX = {name: i for i, name in enumerate(CUBE_COLUMNS)}


@dataclass
class Value:
    indicator: str
    territory: str
    year: int
    value: float | None
    numerator: float | None
    denominator: float | None
    note: str = ""

    def as_dict(self) -> dict:
        return {
            "indicator": self.indicator,
            "territory": self.territory,
            "period": self.year,
            "value": self.value,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "note": self.note,
        }


# ---------------------------------------------------------------- territories


@functools.cache
def hierarchy() -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """Region → its provinces, province → its region (fixed reference data)."""
    provinces: dict[str, list[str]] = defaultdict(list)
    region_of: dict[str, str] = {}
    for code, region in Province.objects.values_list("code", "region_id"):
        provinces[region].append(code)
        region_of[code] = region
    for region in Region.objects.values_list("code", flat=True):
        provinces.setdefault(region, [])
    return {r: tuple(sorted(p)) for r, p in provinces.items()}, region_of


def territory_parts(code: str) -> tuple[str, ...]:
    """The codes a territory is made of one level down (regions of MA, provinces of a
    region, members of a group); () for a province."""
    regions, region_of = hierarchy()
    if code == NATION_CODE:
        return tuple(sorted(regions))
    if code in regions:
        return regions[code]
    if "+" in code:
        return tuple(code.split("+"))
    if code in region_of:
        return ()
    raise unknown_territory(code)


def provinces_of(code: str) -> tuple[str, ...]:
    _regions, region_of = hierarchy()
    if code in region_of:
        return (code,)
    return tuple(p for part in territory_parts(code) for p in provinces_of(part))


def unknown_territory(code: str) -> DomainError:
    return DomainError(
        "territory_unknown",
        f"رمز المجال الترابي «{code}» غير معروف (MA، أو جهة من 01 إلى 12، أو إقليم بثلاثة أرقام)",
        f"Code de territoire « {code} » inconnu (MA, une région 01 à 12 ou une province "
        "à trois chiffres)",
        "territory",
    )


def check_territory(code: str) -> str:
    """The code if it names the nation, a region, a province or a group of them."""
    regions, region_of = hierarchy()
    members = code.split("+") if "+" in code else [code]
    for member in members:
        if member != NATION_CODE and member not in regions and member not in region_of:
            raise unknown_territory(code)
    if "+" in code:
        # Members must not overlap (`01+051` holds Al Hoceïma twice): a group is summed
        # province by province, so an overlap would count a province twice.
        provinces = [p for member in members if member != NATION_CODE for p in provinces_of(member)]
        if NATION_CODE in members or len(set(provinces)) != len(provinces):
            raise unknown_territory(code)
    return code


# ---------------------------------------------------------------- formulas


@dataclass(frozen=True)
class Compiled:
    indicator: Indicator
    numerator: Node | None
    denominator: Node | None
    resolved: dict[Element, Resolved]


def compile_formula(text: str, sectors: set[str] | None = None) -> tuple[Node, dict]:
    node = parse(text)
    return node, {e: resolve(e, sectors) for e in elements(node)}


_compiled_cache: dict[tuple[int, str], Compiled] = {}


def compiled(indicator: Indicator) -> Compiled:
    """The indicator's parsed formulas (kept per version of its definition)."""
    key = (indicator.pk, indicator.updated_at.isoformat() if indicator.updated_at else "")
    found = _compiled_cache.get(key)
    if found is None:
        resolved: dict[Element, Resolved] = {}
        numerator = denominator = None
        if indicator.kind == Indicator.Kind.RATIO:
            numerator, more = compile_formula(indicator.numerator)
            resolved.update(more)
            if indicator.denominator.strip():
                denominator, more = compile_formula(indicator.denominator)
                resolved.update(more)
        found = Compiled(indicator, numerator, denominator, resolved)
        _compiled_cache[key] = found
    return found


# ---------------------------------------------------------------- data


class Data:
    """The sums and reference figures a computation reads, fetched once."""

    def __init__(
        self,
        needs: Iterable[Resolved],
        years: Iterable[int],
        legal_form: str = "",
        sector: str = "",
        group_by: Iterable[str] = (),
    ) -> None:
        needs = list(needs)
        group_by = set(group_by)
        self.state = cube.ensure_fresh()
        wanted_years = sorted({y + r.year_offset for r in needs for y in years} | set(years))
        # Cells are kept apart by legal form or sector when an element selects one, or
        # when the caller breaks the figures down by it (Computation(group_by=...)).
        self.by_form = "legal_form" in group_by or any(r.legal_form for r in needs if r.from_cube)
        self.by_sector = "sector" in group_by or any(r.sector for r in needs if r.from_cube)
        self._by_place = self._cells(wanted_years, legal_form, sector)
        codes = {r.code for r in needs if not r.from_cube}
        self.reference = self._reference(codes)
        self._sums: dict[tuple, list[float] | None] = {}

    def covers(self, year: int) -> bool:
        state = self.state
        return state.first_year is not None and state.first_year <= year <= state.last_year

    def _cells(self, years: list[int], legal_form: str, sector: str) -> dict[tuple[int, str], list]:
        keys = ["year", "province_id"]
        if self.by_form:
            keys.append("legal_form")
        if self.by_sector:
            keys.append("sector_id")
        sums = ", ".join(f"SUM({c})" for c in CUBE_COLUMNS)
        where = [f"year IN ({', '.join(['%s'] * len(years))})"] if years else ["1 = 0"]
        params: list = list(years)
        if legal_form:
            where.append("legal_form = %s")
            params.append(legal_form)
        if sector:
            where.append("sector_id = %s")
            params.append(sector)
        sql = (
            f"SELECT {', '.join(keys)}, {sums} FROM {Cell._meta.db_table} "
            f"WHERE {' AND '.join(where)} GROUP BY {', '.join(keys)}"
        )
        by_place: dict[tuple[int, str], list] = defaultdict(list)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            width = len(keys)
            for row in cursor.fetchall():
                form = row[2] if self.by_form else ""
                sector = row[width - 1] if self.by_sector else ""
                values = [float(v or 0) for v in row[width:]]
                by_place[(row[0], row[1])].append((form, sector, values))
        return by_place

    def _reference(self, codes: set[str]) -> dict[str, dict[str, dict[int, float]]]:
        found: dict[str, dict[str, dict[int, float]]] = defaultdict(lambda: defaultdict(dict))
        rows = ReferenceValue.objects.filter(code__in=codes).values_list(
            "code", "territory_code", "year", "value"
        )
        for code, territory, year, value in rows:
            found[code][territory][year] = value
        return found

    def province_sums(self, province: str, year: int, form: str, sector: str) -> list[float] | None:
        """A province's sums, restricted to one legal form or sector when an element asks."""
        total = None
        for cell_form, cell_sector, values in self._by_place.get((year, province), ()):
            if (form and cell_form != form) or (sector and cell_sector != sector):
                continue
            total = (
                list(values)
                if total is None
                else [a + b for a, b in zip(total, values, strict=True)]
            )
        return total

    def sums(self, territory: str, year: int, form: str = "", sector: str = "") -> list[float]:
        key = (territory, year, form, sector)
        found = self._sums.get(key)
        if found is None:
            total = [0.0] * len(CUBE_COLUMNS)
            for province in provinces_of(territory):
                values = self.province_sums(province, year, form, sector)
                if values:
                    total = [a + b for a, b in zip(total, values, strict=True)]
            self._sums[key] = found = total
        return found

    def reference_value(
        self, resolved: Resolved, territory: str, year: int
    ) -> tuple[float | None, str]:
        by_territory = self.reference.get(resolved.code, {})
        value = _pick_year(_published_as(by_territory, territory), year, resolved.element.carried)
        if value is not None:
            return value, ""
        parts = territory_parts(territory) if territory else ()
        if resolved.element.additive and parts:
            values = [self.reference_value(resolved, part, year)[0] for part in parts]
            if all(v is not None for v in values):
                return sum(values), ""
        group = _published_group(by_territory, territory, year, resolved.element.carried)
        if group:
            return None, f"published_for_group:{group}"
        return None, "not_published"


def _published_as(by_territory: dict, territory: str) -> dict[int, float] | None:
    """The figures published for the territory; a group is the same group whatever the
    order of its members (`12+11+10` is HCP's `10+11+12`)."""
    found = by_territory.get(territory)
    if found is None and "+" in territory:
        members = set(territory.split("+"))
        for code, by_year in by_territory.items():
            if "+" in code and set(code.split("+")) == members:
                return by_year
    return found


def _pick_year(by_year: dict[int, float] | None, year: int, carried: bool) -> float | None:
    if not by_year:
        return None
    if year in by_year:
        return by_year[year]
    if not carried:
        return None
    earlier = [y for y in by_year if y <= year]
    chosen = max(earlier) if earlier else min(by_year)
    return by_year[chosen]


def _published_group(by_territory: dict, territory: str, year: int, carried: bool) -> str:
    for code, by_year in by_territory.items():
        if (
            "+" in code
            and territory in code.split("+")
            and _pick_year(by_year, year, carried) is not None
        ):
            return code
    return ""


# ---------------------------------------------------------------- computing


def _element_value(
    data: Data, resolved: Resolved, territory: str, year: int, form: str, sector: str, notes: list
) -> float | None:
    at = year + resolved.year_offset
    if not resolved.from_cube:
        value, note = data.reference_value(resolved, territory, at)
        if note:
            notes.append(note)
        return value
    if not data.covers(at) or (resolved.element.needs_previous_year and not data.covers(at - 1)):
        notes.append("no_registry_data")
        return None
    if resolved.legal_form and form and resolved.legal_form != form:
        return 0.0
    if resolved.sector and sector and resolved.sector != sector:
        return 0.0
    # A breakdown's form or sector filters here; otherwise SQL has already filtered.
    form_key = resolved.legal_form or (form if data.by_form else "")
    sector_key = resolved.sector or (sector if data.by_sector else "")
    sums = data.sums(territory, at, form_key, sector_key)
    return sum(sign * sums[_COLUMN_INDEX[column]] for sign, column in resolved.terms)


def ratio(
    item: Compiled, data: Data, territory: str, year: int, form: str = "", sector: str = ""
) -> Value:
    notes: list[str] = []

    def value_of(element: Element) -> float | None:
        return _element_value(data, item.resolved[element], territory, year, form, sector, notes)

    indicator = item.indicator
    numerator = evaluate(item.numerator, value_of)
    denominator = evaluate(item.denominator, value_of) if item.denominator else None
    if item.denominator is None:
        value = None if numerator is None else numerator * indicator.factor
    elif numerator is None or denominator is None:
        value = None
    elif denominator == 0:
        value = None
        notes.append("denominator_zero")
    else:
        value = numerator / denominator * indicator.factor
    return Value(indicator.code, territory, year, value, numerator, denominator, _first(notes))


def _first(notes: list[str]) -> str:
    return notes[0] if notes else ""


def disparity(
    indicator: Indicator,
    base: Compiled,
    data: Data,
    territory: str,
    year: int,
    form: str,
    sector: str,
) -> Value:
    """Coefficient of variation (unweighted, across provinces) or Theil index (the
    base's numerator against its denominator, e.g. organizations against
    population: 0 when every province has its population's share)."""
    provinces = provinces_of(territory)
    values = [ratio(base, data, p, year, form, sector) for p in provinces]
    pairs = [(v.numerator, v.denominator) for v in values if v.value is not None]
    if len(provinces) < 2:
        return Value(indicator.code, territory, year, None, None, None, "needs_several_provinces")
    if len(pairs) < 2:
        return Value(
            indicator.code,
            territory,
            year,
            None,
            None,
            None,
            _first([v.note for v in values if v.note]) or "no_data",
        )
    if indicator.kind == Indicator.Kind.CV:
        rates = [n / d for n, d in pairs]
        mean = sum(rates) / len(rates)
        if mean == 0:
            return Value(indicator.code, territory, year, None, None, None, "mean_zero")
        spread = math.sqrt(sum((r - mean) ** 2 for r in rates) / len(rates))
        result = spread / mean * indicator.factor
    else:
        total_n = sum(n for n, _d in pairs)
        total_d = sum(d for _n, d in pairs)
        if total_n <= 0 or total_d <= 0:
            return Value(indicator.code, territory, year, None, None, None, "no_data")
        result = (
            sum((n / total_n) * math.log((n / total_n) / (d / total_d)) for n, d in pairs if n > 0)
            * indicator.factor
        )
    note = "" if len(pairs) == len(provinces) else "some_provinces_missing"
    return Value(indicator.code, territory, year, result, None, None, note)


class Computation:
    """Indicators evaluated from one fetch of the data, for as many territories, years
    and breakdowns as a page needs: every formula, base and data element is read once.

    `group_by` ("legal_form", "sector") keeps the cells apart so that `value(...,
    form=…)` or `value(..., sector=…)` gives one part of a breakdown; `legal_form`
    and `sector` filter everything (in SQL)."""

    def __init__(
        self,
        indicators: Sequence[Indicator],
        years: Sequence[int],
        *,
        legal_form: str = "",
        sector: str = "",
        group_by: Iterable[str] = (),
    ) -> None:
        self.indicators = {i.code: i for i in indicators}
        self.items = {i.code: compiled(i) for i in indicators}
        self.bases = {
            i.code: compiled(i.of_indicator) for i in indicators if i.kind != Indicator.Kind.RATIO
        }
        needs = [
            r
            for item in (*self.items.values(), *self.bases.values())
            for r in item.resolved.values()
        ]
        self.legal_form, self.sector = legal_form, sector
        self.data = Data(needs, years, legal_form, sector, group_by)

    def value(
        self, code: str, territory: str, year: int, form: str = "", sector: str = ""
    ) -> Value:
        indicator = self.indicators[code]
        form = form or self.legal_form
        sector = sector or self.sector
        if indicator.kind == Indicator.Kind.RATIO:
            return ratio(self.items[code], self.data, territory, year, form, sector)
        return disparity(indicator, self.bases[code], self.data, territory, year, form, sector)

    def values(
        self, codes: Sequence[str], territories: Sequence[str], years: Sequence[int]
    ) -> list[Value]:
        """Every indicator for every territory and year, in that order."""
        for territory in territories:
            check_territory(territory)
        return [self.value(c, t, y) for c in codes for t in territories for y in years]


def compute(
    indicators: Sequence[Indicator],
    territories: Sequence[str],
    years: Sequence[int],
    *,
    legal_form: str = "",
    sector: str = "",
) -> list[Value]:
    """Every indicator for every territory and year, in that order."""
    for territory in territories:
        check_territory(territory)
    computation = Computation(indicators, years, legal_form=legal_form, sector=sector)
    return computation.values([i.code for i in indicators], territories, years)


def all_territories() -> list[str]:
    regions, region_of = hierarchy()
    return [NATION_CODE, *sorted(regions), *sorted(region_of)]


def periods() -> list[int]:
    state = cube.ensure_fresh()
    if state.first_year is None:
        return []
    return list(range(state.first_year, state.last_year + 1))
