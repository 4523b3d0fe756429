"""The allocation's refusals, each naming its rule in Arabic and French.

Two kinds: input that cannot be allocated (money not in whole centimes, a
share outside 0–100 %, the same application twice), and equity rules that no
grant can meet. Under the model's rules (shares of the total allocated)
funding nothing always meets them, so "infeasible" means: the rules leave
nothing to fund although some application fits the budget.
"""

from __future__ import annotations

import math

from tadamon.errors import DomainError


def _percent_fr(share: float) -> str:
    return f"{share * 100:g} %"


def _percent_ar(share: float) -> str:
    return f"{share * 100:g}٪"


def _whole_centimes(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def input_errors(applications, rules) -> list[DomainError]:
    """Everything wrong with the call's rules and its applications, in one list."""
    errors: list[DomainError] = []
    if not _whole_centimes(rules.budget_centimes) or rules.budget_centimes < 0:
        errors.append(DomainError(
            "allocation_budget",
            "يجب أن تكون الميزانية عددا صحيحا موجبا من السنتيمات",
            "Le budget doit être un nombre entier positif de centimes",
            "budget_centimes",
        ))  # fmt: skip
    for field in ("min_underserved_share", "max_region_share"):
        share = getattr(rules, field)
        if share is not None and not (isinstance(share, int | float) and 0 <= share <= 1):
            errors.append(DomainError(
                "allocation_share",
                f"يجب أن تكون الحصة بين 0 و100٪: {share}",
                f"Une part doit être comprise entre 0 et 100 % : {share}",
                field,
            ))  # fmt: skip
    seen: set[str] = set()
    for application in applications:
        errors.extend(_application_errors(application, seen))
        seen.add(application.id)
    return errors


def _application_errors(application, seen: set[str]) -> list[DomainError]:
    errors = []
    name = application.id
    if name in seen:
        errors.append(DomainError(
            "allocation_duplicate_application",
            f"الطلب {name} مذكور أكثر من مرة",
            f"La candidature {name} figure plus d'une fois",
            "applications",
        ))  # fmt: skip
    requested = application.requested_centimes
    if not _whole_centimes(requested) or requested <= 0:
        errors.append(DomainError(
            "allocation_requested_amount",
            f"المبلغ المطلوب في الطلب {name} يجب أن يكون عددا صحيحا موجبا من السنتيمات",
            f"Le montant demandé par la candidature {name} doit être un nombre entier "
            f"positif de centimes",
            "requested_centimes",
        ))  # fmt: skip
    minimum = application.minimum_centimes
    if minimum is not None and not (
        _whole_centimes(minimum) and _whole_centimes(requested) and 0 < minimum <= requested
    ):
        errors.append(DomainError(
            "allocation_minimum_amount",
            f"الحد الأدنى للتمويل في الطلب {name} يجب أن يكون عددا صحيحا من السنتيمات "
            f"بين 1 والمبلغ المطلوب",
            f"Le montant minimal de la candidature {name} doit être un nombre entier de "
            f"centimes entre 1 et le montant demandé",
            "minimum_centimes",
        ))  # fmt: skip
    if not (isinstance(application.score, int | float) and math.isfinite(application.score)):
        errors.append(DomainError(
            "allocation_score",
            f"نقطة الطلب {name} ليست عددا",
            f"Le score de la candidature {name} n'est pas un nombre",
            "score",
        ))  # fmt: skip
    return errors


def underserved_unreachable(rules) -> DomainError:
    share = rules.min_underserved_share
    return DomainError(
        "allocation_underserved_share_unreachable",
        f"لا يمكن بلوغ الحصة الدنيا للمجالات الأقل تغطية ({_percent_ar(share)}): لا يوجد "
        f"أي طلب من مجال أقل تغطية يمكن تمويله في حدود الميزانية، فلا تحترم أي منحة هذه القاعدة",
        f"La part minimale des territoires mal desservis ({_percent_fr(share)}) ne peut "
        f"être atteinte : aucune candidature d'un territoire mal desservi n'est finançable "
        f"dans le budget, aucune subvention ne respecte donc cette règle",
        "min_underserved_share",
    )


def region_cap_unreachable(rules) -> DomainError:
    share = rules.max_region_share
    return DomainError(
        "allocation_region_share_unreachable",
        f"لا يمكن احترام الحصة القصوى لكل جهة ({_percent_ar(share)}): الطلبات القابلة "
        f"للتمويل آتية من عدد قليل جدا من الجهات، فلا تحترم أي منحة هذه القاعدة",
        f"La part maximale par région ({_percent_fr(share)}) ne peut être respectée : "
        f"les candidatures finançables viennent de trop peu de régions, aucune subvention "
        f"ne respecte donc cette règle",
        "max_region_share",
    )


def shares_conflict(rules) -> DomainError:
    underserved, region = rules.min_underserved_share, rules.max_region_share
    return DomainError(
        "allocation_equity_rules_conflict",
        f"لا يمكن الجمع بين الحصة الدنيا للمجالات الأقل تغطية ({_percent_ar(underserved)}) "
        f"والحصة القصوى لكل جهة ({_percent_ar(region)}): كل قاعدة ممكنة وحدها، لكن "
        f"المجالات الأقل تغطية تقع في جهات قليلة جدا فلا تحترمهما أي منحة معا",
        f"La part minimale des territoires mal desservis ({_percent_fr(underserved)}) et "
        f"la part maximale par région ({_percent_fr(region)}) ne peuvent être respectées "
        f"ensemble : chacune est possible seule, mais les territoires mal desservis sont "
        f"dans trop peu de régions pour qu'une subvention respecte les deux",
        "max_region_share",
    )
