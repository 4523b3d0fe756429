"""Who may move a fund's money: checked on the server by every service."""

from __future__ import annotations

from tadamon.accounts import scope
from tadamon.errors import PermissionDeniedError
from tadamon.funding.models import Fund, Funder


def staff_funders(user, fund: Fund) -> list[Funder]:
    """The fund's funders the user works for (none unless the role is funder)."""
    if not scope.is_funder(user):
        return []
    return list(fund.funders.filter(members=user))


def require_fund_staff(user, fund: Fund) -> list[Funder]:
    funders = staff_funders(user, fund)
    if not funders:
        raise PermissionDeniedError(
            f"لا يتصرف في أموال الصندوق «{fund.name_ar}» إلا موظفو الجهات الممولة له",
            f"Seul le personnel des bailleurs du fonds « {fund.name_fr} » en gère l'argent",
        )
    return funders


def require_administrator(user) -> None:
    if not scope.is_administrator(user):
        raise PermissionDeniedError(
            "تسجيل الجهات الممولة من اختصاص المسؤول عن المنصة",
            "Seul l'administrateur enregistre les bailleurs de fonds",
        )
