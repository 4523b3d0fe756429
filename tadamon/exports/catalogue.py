"""What the open-data page offers: each download, its format and a sentence about it."""

from __future__ import annotations

from typing import NamedTuple

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tadamon.exports.datapackage import LICENCE


class Download(NamedTuple):
    name: str  # the file name, also the last part of its address /open-data/<name>
    format: str
    about: str | Promise


DOWNLOADS = (
    Download(
        "organizations.csv", "CSV",
        _("Every organization on the register with its public fields, one row each, in the "
          "import layout. UTF-8 with a byte-order mark, so that Excel shows Arabic correctly."),
    ),
    Download(
        "organizations.xlsx", "XLSX",
        _("The same table as an Excel workbook."),
    ),
    Download(
        "declarations-by-province.csv", "CSV",
        _("Yearly declarations summed by province and year: number of declarations, members, "
          "women, youth, employees, beneficiaries, revenue, value added and subsidies in "
          "dirhams. Never one organization's figures."),
    ),
    Download(
        "declarations-by-province.xlsx", "XLSX",
        _("The same sums as an Excel workbook."),
    ),
    Download(
        "tadamon-datapackage.zip", "Data Package",
        _("Both tables with their Table Schemas as a Frictionless Data Package "
          "(datapackage.json), which the frictionless tool validates."),
    ),
    Download(
        "organizations.jsonld", "JSON-LD",
        _("Linked data: each organization described with the ESSGlobal vocabulary of the "
          "solidarity economy (legal form, structure and activity codes) and schema.org."),
    ),
    Download(
        "murmurations.zip", "Murmurations",
        _("One Murmurations profile per organization, for the maps of the regenerative and "
          "solidarity economy. Each profile is also served at "
          "/organizations/<registry number>/murmurations.json."),
    ),
)  # fmt: skip

__all__ = ["DOWNLOADS", "LICENCE", "Download"]
