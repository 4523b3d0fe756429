"""Funders, their staff and funds of each kind, built through the services."""

from __future__ import annotations

import pytest

from conftest import make_user
from tadamon.funding import services

MAD = 100  # centimes


@pytest.fixture
def ministry_staff(db):
    return make_user("wafaa_ministry", "funder")


@pytest.fixture
def committee_staff(db):
    return make_user("zakaria_committee", "funder")


@pytest.fixture
def region_staff(db):
    return make_user("rachid_region", "funder")


@pytest.fixture
def ministry(administrator, ministry_staff):
    return services.create_funder(
        administrator,
        {"code": "mtaess", "name_ar": "وزارة السياحة والصناعة التقليدية والاقتصاد الاجتماعي",
         "name_fr": "Ministère du Tourisme, de l'Artisanat et de l'ESS"},
        [ministry_staff],
    )  # fmt: skip


@pytest.fixture
def zakat_committee(administrator, committee_staff):
    return services.create_funder(
        administrator,
        {"code": "zakat-tanger", "name_ar": "لجنة الزكاة بطنجة",
         "name_fr": "Comité zakat de Tanger"},
        [committee_staff],
    )  # fmt: skip


@pytest.fixture
def region_funder(administrator, region_staff):
    return services.create_funder(
        administrator,
        {"code": "region-tth", "name_ar": "جهة طنجة تطوان الحسيمة",
         "name_fr": "Région Tanger-Tétouan-Al Hoceïma"},
        [region_staff],
    )  # fmt: skip


def fund_fields(code: str, source_type: str, **extra) -> dict:
    return {"code": code, "name_ar": f"صندوق {code}", "name_fr": f"Fonds {code}",
            "source_type": source_type, **extra}  # fmt: skip


@pytest.fixture
def budget_fund(ministry_staff, ministry):
    return services.create_fund(ministry_staff, fund_fields("budget", "state_budget"), [ministry])


@pytest.fixture
def zakat_fund(committee_staff, zakat_committee):
    return services.create_fund(
        committee_staff,
        fund_fields("zakat", "zakat", zakat_categories=["poor", "needy"]),
        [zakat_committee],
    )


@pytest.fixture
def waqf_fund(ministry_staff, ministry):
    return services.create_fund(ministry_staff, fund_fields("waqf", "waqf"), [ministry])


@pytest.fixture
def shared_fund(ministry_staff, ministry, region_funder, zakat_committee):
    """An impact fund of three funders; two of them approve each commitment and payment."""
    return services.create_fund(
        ministry_staff,
        fund_fields("impact", "impact_fund", quorum=2),
        [ministry, region_funder, zakat_committee],
    )
