"""Sectors and territories, read-only in the back office (they are loaded from files)."""

from django.contrib import admin

from tadamon.registry.admin.scoping import ReadOnlyReferenceAdmin
from tadamon.registry.models import Sector
from tadamon.territory.models import Province, Region


@admin.register(Sector)
class SectorAdmin(ReadOnlyReferenceAdmin):
    list_display = ["code", "label_ar", "label_fr", "label_en"]


@admin.register(Region)
class RegionAdmin(ReadOnlyReferenceAdmin):
    list_display = ["code", "name_ar", "name_fr", "population_2024", "households_2024"]


@admin.register(Province)
class ProvinceAdmin(ReadOnlyReferenceAdmin):
    list_display = ["code", "name_ar", "name_fr", "region", "population_2024", "households_2024"]
    list_filter = ["region"]
    search_fields = ["code", "name_ar", "name_fr"]
