"""Funders and funds, and the money that enters or leaves the platform.

Every function checks who acts and the rules, writes in one transaction that
holds the history lock, and records history.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError

from tadamon.accounts import scope
from tadamon.errors import DomainError, PermissionDeniedError, ValidationFailed
from tadamon.funding import ledger
from tadamon.funding.access import require_administrator, require_fund_staff
from tadamon.funding.models import Fund, Funder
from tadamon.funding.vocabulary import AccountKind, SourceType, TransactionKind, ZakatCategory
from tadamon.history.chain import Change, record, writes_history

FUND_FIELDS = (
    "code", "name_ar", "name_fr", "source_type", "quorum",
    "zakat_categories", "regions", "legal_forms", "sectors", "themes",
)  # fmt: skip


def check_amount(amount) -> int:
    """A positive whole number of centimes, or a DomainError."""
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise DomainError(
            "amount_invalid",
            "المبلغ يجب أن يكون عددا صحيحا موجبا من السنتيمات",
            "Le montant doit être un nombre entier positif de centimes",
            "amount",
        )
    return amount


@writes_history
def create_funder(actor, fields: dict[str, Any], members=()) -> Funder:
    require_administrator(actor)
    missing = [n for n in ("code", "name_ar", "name_fr") if not str(fields.get(n) or "").strip()]
    if missing:
        raise ValidationFailed([
            DomainError("required", f"الحقل {n} إلزامي", f"Le champ {n} est obligatoire", n)
            for n in missing
        ])  # fmt: skip
    if Funder.objects.filter(code=fields["code"]).exists():
        raise DomainError("code_taken", "هذا الرمز مستعمل", "Ce code est déjà pris", "code")
    funder = Funder.objects.create(
        code=fields["code"], name_ar=fields["name_ar"], name_fr=fields["name_fr"]
    )
    funder.members.set(members)
    after = {"code": funder.code, "name_ar": funder.name_ar, "name_fr": funder.name_fr,
             "members": sorted(m.get_username() for m in members)}  # fmt: skip
    record(actor, Change("funding:create_funder", "funder", str(funder.pk), None, after))
    return funder


def _fund_errors(fields: dict[str, Any], funders: list[Funder]) -> list[DomainError]:
    errors = [
        DomainError("required", f"الحقل {n} إلزامي", f"Le champ {n} est obligatoire", n)
        for n in ("code", "name_ar", "name_fr", "source_type")
        if not str(fields.get(n) or "").strip()
    ]
    source = fields.get("source_type")
    if source and source not in SourceType.values:
        errors.append(DomainError(
            "source_type_unknown", f"نوع مصدر غير معروف: {source}",
            f"Type de source inconnu : {source}", "source_type",
        ))  # fmt: skip
    if not funders:
        errors.append(DomainError(
            "funders_required", "للصندوق جهة ممولة واحدة على الأقل",
            "Un fonds a au moins un bailleur", "funders",
        ))  # fmt: skip
    quorum = fields.get("quorum", 1)
    if not isinstance(quorum, int) or not 1 <= quorum <= max(len(funders), 1):
        errors.append(DomainError(
            "quorum_invalid",
            f"النصاب بين 1 وعدد الجهات الممولة ({len(funders)})",
            f"Le quorum est entre 1 et le nombre de bailleurs ({len(funders)})",
            "quorum",
        ))  # fmt: skip
    categories = fields.get("zakat_categories") or []
    unknown = [c for c in categories if c not in ZakatCategory.values]
    if unknown:
        errors.append(DomainError(
            "zakat_category_unknown", f"فئات زكاة غير معروفة: {', '.join(unknown)}",
            f"Catégories de zakat inconnues : {', '.join(unknown)}", "zakat_categories",
        ))  # fmt: skip
    if source == SourceType.ZAKAT and not categories:
        errors.append(DomainError(
            "zakat_categories_required",
            "صندوق الزكاة يحدد فئات المستحقين التي أقرها علماؤه",
            "Un fonds de zakat indique les catégories d'ayants droit retenues par ses savants",
            "zakat_categories",
        ))  # fmt: skip
    if source != SourceType.ZAKAT and categories:
        errors.append(DomainError(
            "zakat_categories_not_zakat", "فئات الزكاة لا تخص إلا صناديق الزكاة",
            "Les catégories de zakat ne concernent que les fonds de zakat", "zakat_categories",
        ))  # fmt: skip
    return errors


@writes_history
def create_fund(actor, fields: dict[str, Any], funders: list[Funder]) -> Fund:
    """A new fund. Its funders' staff, or the administrator, create it."""
    funders = list(funders)
    if not scope.is_administrator(actor) and not any(
        f.members.filter(pk=getattr(actor, "pk", None)).exists() for f in funders
    ):
        raise PermissionDeniedError(
            "ينشئ الصندوقَ موظفو إحدى جهاته الممولة أو المسؤول عن المنصة",
            "Un fonds est créé par le personnel de l'un de ses bailleurs ou l'administrateur",
        )
    errors = _fund_errors(fields, funders)
    if errors:
        raise ValidationFailed(errors)
    values = {name: fields[name] for name in FUND_FIELDS if name in fields}
    try:
        fund = Fund.objects.create(**values)
    except IntegrityError:
        raise DomainError(
            "code_taken", "رمز الصندوق مستعمل", "Ce code de fonds est déjà pris", "code"
        ) from None
    fund.funders.set(funders)
    after = {name: getattr(fund, name) for name in FUND_FIELDS}
    after["funders"] = sorted(f.code for f in funders)
    record(actor, Change("funding:create_fund", "fund", str(fund.pk), None, after))
    return fund


def locked_fund(fund: Fund) -> Fund:
    """The fund's row, locked until commit (after the history lock: one lock order)."""
    return Fund.objects.select_for_update().get(pk=fund.pk)


@writes_history
def contribute(actor, fund: Fund, amount: int, *, funder: Funder | None = None, memo: str = ""):
    """Money put in the fund by one of its funders (or, for crowdfunding and zakat,
    collected by them). A waqf's contributions are its endowment, never spent."""
    fund = locked_fund(fund)
    staff = require_fund_staff(actor, fund)
    check_amount(amount)
    funder = funder or staff[0]
    if not fund.funders.filter(pk=funder.pk).exists():
        raise DomainError(
            "funder_not_of_fund", "هذه الجهة ليست من ممولي الصندوق",
            "Ce bailleur ne finance pas ce fonds", "funder",
        )  # fmt: skip
    target = AccountKind.ENDOWMENT if fund.source_type == SourceType.WAQF else AccountKind.AVAILABLE
    return ledger.transfer(
        actor, TransactionKind.CONTRIBUTION, fund,
        ledger.account(fund, AccountKind.SOURCE, funder=funder), ledger.account(fund, target),
        amount, memo=memo,
    )  # fmt: skip


@writes_history
def record_income(actor, fund: Fund, amount: int, *, memo: str = ""):
    """What a waqf's endowment earned (rent, returns): the only money it may spend."""
    fund = locked_fund(fund)
    require_fund_staff(actor, fund)
    check_amount(amount)
    if fund.source_type != SourceType.WAQF:
        raise DomainError(
            "income_waqf_only", "تسجيل العائدات خاص بصناديق الوقف",
            "Seuls les fonds waqf enregistrent des revenus de leur capital", "fund",
        )  # fmt: skip
    return ledger.transfer(
        actor, TransactionKind.INCOME, fund, ledger.account(fund, AccountKind.EARNINGS),
        ledger.account(fund, AccountKind.AVAILABLE), amount, memo=memo,
    )  # fmt: skip


@writes_history
def refund(actor, fund: Fund, funder: Funder, amount: int, *, memo: str = ""):
    """Money given back to a contributor from what the fund has not committed."""
    fund = locked_fund(fund)
    require_fund_staff(actor, fund)
    check_amount(amount)
    if fund.source_type == SourceType.WAQF:
        raise DomainError(
            "waqf_endowment_preserved",
            "أصل الوقف محبوس لا يُرد ولا يُنفق",
            "Le capital d'un waqf est inaliénable : il n'est ni rendu ni dépensé",
            "fund",
        )  # fmt: skip
    return ledger.transfer(
        actor, TransactionKind.REFUND, fund, ledger.account(fund, AccountKind.AVAILABLE),
        ledger.account(fund, AccountKind.SOURCE, funder=funder), amount, memo=memo,
    )  # fmt: skip
