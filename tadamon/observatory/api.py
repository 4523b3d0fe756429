"""/api/v1/analytics and /api/v1/indicators: the observatory's figures and their definitions.

`GET /api/v1/analytics?indicator=CODE&territory=CODE&period=YEAR`, each
parameter repeatable, returns every combination (indicator × territory ×
period, in the order asked) with its value, numerator and denominator, so a
caller can re-aggregate or check the division. Answers are kept until the
registry changes (tadamon.portal.caching). Public: indicators are aggregates.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from tadamon.api import auth
from tadamon.api.schemas import READ_FAILURES, ErrorOut
from tadamon.errors import DomainError
from tadamon.observatory import engine
from tadamon.observatory.expressions import elements, parse
from tadamon.observatory.models import Indicator
from tadamon.observatory.notes import explain
from tadamon.portal import caching
from tadamon.registry.vocabulary import LegalForm
from tadamon.territory.models import NATION_CODE

router = Router(tags=["observatory"], auth=auth.READ)
MAX_VALUES = 5000


class AnalyticsQuery(Schema):
    indicator: list[str] = Field(..., description="Indicator codes (repeat the parameter)")
    territory: list[str] = Field(
        [NATION_CODE], description="MA, a region 01–12, a province (3 digits) or a group 10+11+12"
    )
    period: list[int] = Field([], description="Years; every year the observatory covers if none")
    legal_form: Annotated[str, Field(pattern=r"^[a-z_]*$")] = Field(
        "", description="Registry figures of this legal form only"
    )
    sector: Annotated[str, Field(pattern=r"^[a-z_]*$")] = Field(
        "", description="Registry figures of this sector only"
    )


class ValueOut(Schema):
    indicator: str
    territory: str
    period: int
    value: float | None = Field(description="numerator / denominator × factor; null if unknown")
    numerator: float | None
    denominator: float | None = Field(description="null for an indicator without one")
    note: str = Field(description="Why a value is missing or partial (a code), else empty")
    note_ar: str
    note_fr: str


class AnalyticsOut(Schema):
    count: int
    items: list[ValueOut]


class IndicatorOut(Schema):
    code: str
    name_ar: str
    name_fr: str
    definition_ar: str
    definition_fr: str
    kind: str
    numerator: str
    denominator: str
    factor: float
    of_indicator: str | None
    unit: str
    decimals: int
    group: str
    built_in: bool
    data_elements: list[str] = Field(description="The data elements its formulas read")


class IndicatorList(Schema):
    count: int
    items: list[IndicatorOut]


def _unknown_indicators(codes: list[str]) -> DomainError:
    listed = ", ".join(codes)
    return DomainError(
        "indicator_unknown",
        f"مؤشر غير معروف: {listed} (اللائحة في /api/v1/indicators)",
        f"Indicateur inconnu : {listed} (liste dans /api/v1/indicators)",
        "indicator",
    )


def _indicators(codes: list[str]) -> list[Indicator]:
    found = {
        i.code: i for i in Indicator.objects.select_related("of_indicator").filter(code__in=codes)
    }
    missing = [c for c in codes if c not in found]
    if missing:
        raise _unknown_indicators(missing)
    return [found[c] for c in dict.fromkeys(codes)]


def _check_query(query: AnalyticsQuery) -> None:
    if query.legal_form and query.legal_form not in LegalForm.values:
        raise DomainError(
            "legal_form_unknown",
            f"شكل قانوني غير معروف «{query.legal_form}»",
            f"Forme juridique inconnue « {query.legal_form} »",
            "legal_form",
        )
    for territory in query.territory:
        engine.check_territory(territory)
    size = len(query.indicator) * len(query.territory) * max(len(query.period), 1)
    if size > MAX_VALUES:
        raise DomainError(
            "too_many_values",
            f"الطلب يعطي {size} قيمة والحد {MAX_VALUES}: قسمه إلى عدة طلبات",
            f"La requête donne {size} valeurs, la limite est {MAX_VALUES} : découpez-la",
            "indicator",
        )


def analytics_values(query: AnalyticsQuery) -> list[dict[str, Any]]:
    indicators = _indicators(query.indicator)
    years = list(dict.fromkeys(query.period)) or engine.periods()
    values = engine.compute(
        indicators,
        list(dict.fromkeys(query.territory)),
        years,
        legal_form=query.legal_form,
        sector=query.sector,
    )
    items = []
    for value in values:
        item = value.as_dict()
        item["note_ar"] = explain(value.note, "ar")
        item["note_fr"] = explain(value.note, "fr")
        items.append(item)
    return items


@router.get(
    "/analytics",
    response={200: AnalyticsOut, 400: ErrorOut, **READ_FAILURES},
    summary="Indicator values by territory and year",
    url_name="analytics",
)
def analytics(request: HttpRequest, query: Query[AnalyticsQuery]):
    """Values with numerator and denominator; several indicators, territories and years."""
    _check_query(query)
    key = "analytics|" + query.model_dump_json()
    items = caching.versioned(key, lambda: analytics_values(query))
    return {"count": len(items), "items": items}


def indicator_out(indicator: Indicator) -> dict[str, Any]:
    used: list[str] = []
    for text in (indicator.numerator, indicator.denominator):
        if text.strip():
            used += [e.text() for e in elements(parse(text))]
    return {
        "code": indicator.code,
        "name_ar": indicator.name_ar,
        "name_fr": indicator.name_fr,
        "definition_ar": indicator.definition_ar,
        "definition_fr": indicator.definition_fr,
        "kind": indicator.kind,
        "numerator": indicator.numerator,
        "denominator": indicator.denominator,
        "factor": indicator.factor,
        "of_indicator": indicator.of_indicator.code if indicator.of_indicator else None,
        "unit": indicator.unit,
        "decimals": indicator.decimals,
        "group": indicator.group,
        "built_in": indicator.built_in,
        "data_elements": list(dict.fromkeys(used)),
    }


@router.get(
    "/indicators",
    response={200: IndicatorList, **READ_FAILURES},
    summary="Indicator definitions",
    url_name="indicators",
)
def list_indicators(request: HttpRequest):
    """Every indicator with its formulas, factor, unit and definition in Arabic and French."""
    items = [indicator_out(i) for i in Indicator.objects.select_related("of_indicator")]
    return {"count": len(items), "items": items}


@router.get(
    "/indicators/{code}",
    response={200: IndicatorOut, 404: ErrorOut, **READ_FAILURES},
    summary="One indicator's definition",
    url_name="indicator",
)
def get_indicator(request: HttpRequest, code: str):
    indicator = Indicator.objects.select_related("of_indicator").filter(code=code).first()
    if indicator is None:
        raise DomainError(
            "indicator_not_found",
            f"لا يوجد مؤشر بالرمز «{code}»",
            f"Aucun indicateur ne porte le code « {code} »",
            "code",
        )
    return indicator_out(indicator)
