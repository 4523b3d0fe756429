"""/api/v1/territories: the nation, its 12 regions and 75 provinces, with their counts.

Codes as everywhere (DESIGN.md): `MA`, two-digit regions, three-digit
provinces and prefectures (HCP). Population and households: 2024 census
(HCP, CC BY 4.0). `organizations_registered` counts bodies with the status
registered, as the portal's pages do: suspended, dissolved and struck-off
bodies are published but no longer on the register. The same for every caller.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from django.db.models import Count
from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from tadamon.api import auth
from tadamon.api.pagination import PageParams, page_of_list
from tadamon.api.schemas import READ_FAILURES, ErrorOut, TerritoryDetail, TerritoryPage
from tadamon.errors import DomainError
from tadamon.registry.models import Organization
from tadamon.territory.models import NATION_CODE, Province, Region

router = Router(tags=["territories"], auth=auth.READ)
TERRITORY_CODE = re.compile(r"[0-9]{2,3}")


class TerritoryFilters(Schema):
    level: Literal["region", "province"] | None = None
    region: Annotated[str, Field(pattern=r"^([0-9]{2})?$")] = Field(
        "", description="Only this region and its provinces"
    )


def _counts() -> dict[str, int]:
    """Registered organizations per province and per region code (one query)."""
    counts: dict[str, int] = {}
    rows = (
        Organization.objects.filter(status="registered")
        .values_list("province_id", "province__region_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for province, region, n in rows:
        counts[province] = counts.get(province, 0) + n
        counts[region] = counts.get(region, 0) + n
    return counts


def _territory(place, level: str, counts: dict[str, int]) -> dict[str, Any]:
    return {
        "code": place.code,
        "level": level,
        "name_ar": place.name_ar,
        "name_fr": place.name_fr,
        "region_code": place.region_id if level == "province" else None,
        "population_2024": place.population_2024,
        "households_2024": place.households_2024,
        "organizations_registered": counts.get(place.code, 0),
    }


@router.get(
    "",
    response={200: TerritoryPage, **READ_FAILURES},
    summary="Regions and provinces",
    url_name="territories",
)
def list_territories(
    request: HttpRequest, filters: Query[TerritoryFilters], pages: Query[PageParams]
):
    """Regions by code, then provinces and prefectures by code."""
    counts = _counts()
    regions = Region.objects.order_by("code")
    provinces = Province.objects.order_by("code")
    if filters.region:
        regions = regions.filter(code=filters.region)
        provinces = provinces.filter(region_id=filters.region)
    items = []
    if filters.level in (None, "region"):
        items += [_territory(r, "region", counts) for r in regions]
    if filters.level in (None, "province"):
        items += [_territory(p, "province", counts) for p in provinces]
    return page_of_list(request, pages, items)


def _nation(counts: dict[str, int]) -> dict[str, Any]:
    regions = list(Region.objects.order_by("code"))
    return {
        "code": NATION_CODE,
        "level": "nation",
        "name_ar": "المغرب",
        "name_fr": "Maroc",
        "region_code": None,
        "population_2024": sum(r.population_2024 for r in regions),
        "households_2024": sum(r.households_2024 for r in regions),
        "organizations_registered": sum(counts.get(r.code, 0) for r in regions),
        "parts": [_territory(r, "region", counts) for r in regions],
    }


@router.get(
    "/{code}",
    response={200: TerritoryDetail, 404: ErrorOut, **READ_FAILURES},
    summary="The nation, a region or a province",
)
def territory_detail(request: HttpRequest, code: str):
    """`MA`, a region (with its provinces) or a province, with its counts."""
    if code.upper() == NATION_CODE:
        return _nation(_counts())
    if not TERRITORY_CODE.fullmatch(code):  # nothing else is a code; nor reaches the database
        raise _unknown(code)
    counts = _counts()
    region = Region.objects.filter(code=code).first() if len(code) == 2 else None
    if region is not None:
        provinces = Province.objects.filter(region=region).order_by("code")
        parts = [_territory(p, "province", counts) for p in provinces]
        return {**_territory(region, "region", counts), "parts": parts}
    province = Province.objects.filter(code=code).first() if len(code) == 3 else None
    if province is not None:
        return {**_territory(province, "province", counts), "parts": []}
    raise _unknown(code)


def _unknown(code: str) -> DomainError:
    return DomainError(
        "territory_not_found",
        f"لا توجد جهة ولا إقليم بالرمز «{code}»",
        f"Aucune région ni province ne porte le code « {code} »",
        "code",
    )
