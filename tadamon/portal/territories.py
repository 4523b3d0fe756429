"""Counts of the register per territory: the map, the territory pages, the home page.

"On the register" means status registered, as on the home page: a suspended,
dissolved or struck-off body is published but no longer counts as present.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.utils import translation

from tadamon.registry.models import Organization
from tadamon.territory.models import Province, Region

PER_INHABITANTS = 10_000


@dataclass
class TerritoryCount:
    code: str
    name_ar: str
    name_fr: str
    population: int
    count: int

    @property
    def name(self) -> str:
        arabic = (translation.get_language() or "ar").startswith("ar")
        return self.name_ar if arabic else self.name_fr

    @property
    def per_10k(self) -> float:
        """Organizations per 10,000 inhabitants (2024 census), two decimals."""
        if not self.population:
            return 0.0
        return round(self.count * PER_INHABITANTS / self.population, 2)


def on_register(legal_form: str = ""):
    organizations = Organization.objects.visible_to(None).filter(status="registered")
    if legal_form:
        organizations = organizations.filter(legal_form=legal_form)
    return organizations


def region_counts(legal_form: str = "") -> list[TerritoryCount]:
    counts = dict(
        on_register(legal_form).values_list("province__region_id").annotate(n=Count("id"))
    )
    return [
        TerritoryCount(r.code, r.name_ar, r.name_fr, r.population_2024, counts.get(r.code, 0))
        for r in Region.objects.order_by("code")
    ]


def province_counts(legal_form: str = "", region: str = "") -> list[TerritoryCount]:
    organizations = on_register(legal_form)
    provinces = Province.objects.order_by("code")
    if region:
        organizations = organizations.filter(province__region_id=region)
        provinces = provinces.filter(region_id=region)
    counts = dict(organizations.values_list("province_id").annotate(n=Count("id")))
    return [
        TerritoryCount(p.code, p.name_ar, p.name_fr, p.population_2024, counts.get(p.code, 0))
        for p in provinces
    ]


def counts_by(field: str, organizations) -> dict[str, int]:
    """How many of these organizations per value of one field (legal form, sector...)."""
    return dict(organizations.values_list(field).annotate(n=Count("id")).order_by())
