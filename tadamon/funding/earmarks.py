"""Earmarks: the rules a fund's money obeys, checked before a commitment is made.

Each refusal is a DomainError whose code names the rule (`zakat_overheads`,
`earmark_region`, …) and whose messages say it in Arabic and French. The waqf
rule (spend only the income) is kept by the ledger itself: a waqf's
contributions go to its endowment, which no service ever debits, and only its
recorded income reaches the account that commitments draw from.
"""

from __future__ import annotations

from django.utils import translation

from tadamon.errors import DomainError
from tadamon.funding.models import Fund
from tadamon.funding.vocabulary import ZAKAT_CATEGORY_AR, CostType, SourceType, ZakatCategory


def _listed(values) -> str:
    return "، ".join(str(v) for v in values)


def commitment_errors(
    fund: Fund,
    organization,
    *,
    cost_type: str,
    beneficiary_categories: list[str],
    theme: str,
) -> list[DomainError]:
    """Every earmark a commitment of this fund to this organization would break."""
    errors: list[DomainError] = []
    if organization.status != "registered":
        errors.append(DomainError(
            "organization_not_registered",
            "لا يمكن الالتزام إلا لهيئة مسجلة ونشيطة",
            "Seule une organisation enregistrée et active peut recevoir un engagement",
            "organization",
        ))  # fmt: skip
    region = organization.province.region_id
    if fund.regions and region not in fund.regions:
        errors.append(DomainError(
            "earmark_region",
            f"أموال هذا الصندوق مخصصة للجهات {_listed(fund.regions)}، والهيئة من الجهة {region}",
            f"L'argent de ce fonds est réservé aux régions {', '.join(fund.regions)} ; "
            f"l'organisation est de la région {region}",
            "organization",
        ))  # fmt: skip
    if fund.legal_forms and organization.legal_form not in fund.legal_forms:
        errors.append(DomainError(
            "earmark_legal_form",
            f"أموال هذا الصندوق مخصصة للأشكال القانونية {_listed(fund.legal_forms)}",
            f"L'argent de ce fonds est réservé aux formes juridiques {', '.join(fund.legal_forms)}",
            "organization",
        ))  # fmt: skip
    if fund.sectors and (organization.sector_id or "") not in fund.sectors:
        errors.append(DomainError(
            "earmark_sector",
            f"أموال هذا الصندوق مخصصة للقطاعات {_listed(fund.sectors)}",
            f"L'argent de ce fonds est réservé aux secteurs {', '.join(fund.sectors)}",
            "organization",
        ))  # fmt: skip
    if fund.themes and theme not in fund.themes:
        errors.append(DomainError(
            "earmark_theme",
            f"أموال هذا الصندوق مخصصة للمحاور {_listed(fund.themes)}",
            f"L'argent de ce fonds est réservé aux thèmes {', '.join(fund.themes)}",
            "theme",
        ))  # fmt: skip
    if fund.source_type == SourceType.ZAKAT:
        errors.extend(_zakat_errors(fund, cost_type, beneficiary_categories))
    return errors


def _zakat_errors(fund: Fund, cost_type: str, categories: list[str]) -> list[DomainError]:
    errors = []
    if cost_type == CostType.OVERHEADS:
        errors.append(DomainError(
            "zakat_overheads",
            "أموال الزكاة لا تصرف في المصاريف العامة للهيئة، بل في الأنشطة لفائدة المستحقين",
            "L'argent de la zakat ne paie pas les frais de structure, seulement des activités "
            "au profit des ayants droit",
            "cost_type",
        ))  # fmt: skip
    if not categories:
        errors.append(DomainError(
            "zakat_categories_required",
            "يجب ذكر فئات المستفيدين من النشاط (مصارف الزكاة)",
            "Indiquez les catégories de bénéficiaires de l'activité (ayants droit de la zakat)",
            "beneficiary_categories",
        ))  # fmt: skip
    outside = [c for c in categories if c not in fund.zakat_categories]
    if outside:
        labels_ar = [ZAKAT_CATEGORY_AR.get(c, c) for c in outside]
        with translation.override("fr"):  # the French message in French, whatever the page's
            labels_fr = [
                str(ZakatCategory(c).label) if c in ZakatCategory.values else c for c in outside
            ]
        errors.append(DomainError(
            "zakat_category_not_eligible",
            f"فئات غير مستحقة لزكاة هذا الصندوق: {_listed(labels_ar)}",
            f"Catégories non éligibles à la zakat de ce fonds : {', '.join(labels_fr)}",
            "beneficiary_categories",
        ))  # fmt: skip
    return errors
