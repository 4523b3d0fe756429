"""A small registry with everything open data must get right, and its export.

Published organizations with Arabic names (and phones, which must never leave),
a cooperative union with a member, an application still `submitted`, a
record merged into another, a dissolved association, a name that a
spreadsheet would run as a formula, and yearly declarations in two provinces.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from conftest import DAY, cooperative_fields, register_reviewed
from tadamon.registry import services
from tadamon.registry.models import Organization

BASE_URL = "https://tadamon.example"
FORMULA_NAME = '=HYPERLINK("http://x.example","انقر")'


@dataclass
class OpenRegistry:
    coop: Organization
    association: Organization
    union: Organization
    formula: Organization
    dissolved: Organization
    submitted: Organization
    merged: Organization

    def private_values(self) -> list[str]:
        """Every phone and e-mail in the registry: none may appear in any export."""
        values = Organization.objects.values_list("phone", "email")
        return sorted({v for pair in values for v in pair if v})


def reloaded(org: Organization) -> Organization:
    return Organization.objects.get(pk=org.pk)


@pytest.fixture
def open_registry(national_registrar, coop_hoceima, association_casa, province_hoceima,
                  province_casablanca) -> OpenRegistry:  # fmt: skip
    actor = national_registrar
    union = register_reviewed(
        actor,
        cooperative_fields(province_hoceima, legal_form="cooperative_union",
                           name_ar="اتحاد تعاونيات الريف للأركان", name_fr="", sector=None),
        "ملف كامل", DAY,
    )  # fmt: skip
    services.add_membership(actor, coop_hoceima, union, DAY)
    formula = register_reviewed(
        actor,
        cooperative_fields(province_casablanca, legal_form="association",
                           name_ar="جمعية الأمل للتنمية", name_fr=FORMULA_NAME,
                           activity="@SUM(A1) محو الأمية", sector="education",
                           website="https://amal.example.ma"),
        "ملف كامل", DAY,
    )  # fmt: skip
    dissolved = register_reviewed(
        actor,
        cooperative_fields(province_casablanca, legal_form="association",
                           name_ar="جمعية النور المنحلة", name_fr="", sector="social_action"),
        "ملف كامل", DAY,
    )  # fmt: skip
    services.change_status(actor, dissolved, "dissolved", "قرار الجمع العام", dt.date(2024, 5, 2))
    submitted = services.create_organization(
        actor,
        cooperative_fields(province_hoceima, name_ar="تعاونية الوردة المودعة",
                           name_fr="Coopérative Al Warda déposée", sector="handicraft",
                           phone="+212 611 111 111", email="warda@private.example"),
    )  # fmt: skip
    merged = register_reviewed(
        actor,
        cooperative_fields(province_hoceima, name_ar="تعاونية تيغانيمين (مكررة)",
                           name_fr="Coopérative Tighanimine bis", email="bis@private.example"),
        "ملف مكرر",
        dt.date(2021, 5, 2),
    )  # fmt: skip
    # Declarations: 2022 and 2023 by the survivor; 2023 and 2024 by the merged record.
    services.file_declaration(actor, coop_hoceima, 2022, {"members_total": 10, "members_women": 8})
    services.file_declaration(
        actor, coop_hoceima, 2023,
        {"members_total": 12, "members_women": 9, "revenue_mad": Decimal("1000.50")},
    )  # fmt: skip
    services.file_declaration(actor, merged, 2023, {"members_total": 99})
    services.file_declaration(actor, merged, 2024, {"members_total": 41, "members_women": 30})
    services.file_declaration(
        actor, association_casa, 2023,
        {"members_total": 30, "members_youth": 12, "value_added_mad": Decimal("-200.25")},
    )  # fmt: skip
    services.file_declaration(
        actor, formula, 2023, {"members_total": 5, "value_added_mad": Decimal("50.00")}
    )
    services.merge_organizations(actor, coop_hoceima, merged, reason="نفس التعاونية مسجلة مرتين")
    return OpenRegistry(
        coop=reloaded(coop_hoceima),
        association=reloaded(association_casa),
        union=reloaded(union),
        formula=reloaded(formula),
        dissolved=reloaded(dissolved),
        submitted=reloaded(submitted),
        merged=reloaded(merged),
    )


@pytest.fixture
def exported(open_registry, tmp_path) -> Path:
    """Every format written by the command, as a harvester would run it."""
    out = tmp_path / "open-data"
    call_command("export", "--format", "all", str(out), "--base-url", BASE_URL, "--no-progress",
                 stdout=io.StringIO())  # fmt: skip
    return out


def every_text_file(folder: Path):
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in (".csv", ".json", ".jsonld"):
            yield path, path.read_text(encoding="utf-8-sig")
