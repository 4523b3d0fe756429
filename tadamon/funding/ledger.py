"""The double-entry ledger: accounts found or made once, balances summed from entries,
transactions posted whole or not at all.

Called only by tadamon.funding.services, inside a transaction that holds the
history lock (writes_history): every poster queues on it, so a balance read
here cannot change before the entries that depend on it are committed. That is
what keeps concurrent payments from one fund from overdrawing it
(tests/test_ledger_concurrency.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Sum

from tadamon.errors import DomainError
from tadamon.funding.models import Fund, Funder, LedgerAccount, LedgerEntry, LedgerTransaction
from tadamon.funding.vocabulary import EXTERNAL_ACCOUNTS, AccountKind
from tadamon.history.chain import Change, record

ACCOUNT_NAMES = {
    AccountKind.SOURCE: ("مصدر التمويل", "source"),
    AccountKind.EARNINGS: ("عائدات الوقف", "revenus du waqf"),
    AccountKind.AVAILABLE: ("الرصيد المتاح للصندوق", "solde disponible du fonds"),
    AccountKind.ENDOWMENT: ("أصل الوقف", "capital du waqf"),
    AccountKind.COMMITTED: ("المبلغ الملتزم به للهيئة", "engagement envers l'organisation"),
    AccountKind.ORGANIZATION: ("المبلغ المدفوع للهيئة", "montant versé à l'organisation"),
    AccountKind.ESCROW: ("وعود الحملة المحجوزة", "promesses de la campagne en attente"),
    AccountKind.INVESTOR: ("ما رُد للمستثمر", "remboursé à l'investisseur"),
    AccountKind.OUTCOME_PAYER: (
        "ما أداه الدافع مقابل النتائج",
        "versé par le payeur aux résultats",
    ),
}


def account(
    fund: Fund, kind: str, *, organization=None, funder: Funder | None = None, campaign=None
) -> LedgerAccount:
    """The fund's account of this kind (for this organization, funder or campaign), made on
    first use."""
    key = f"{fund.pk}:{kind}"
    if campaign is not None:
        key += f":c{campaign.pk}"
    if organization is not None:
        key += f":o{organization.pk}"
    if funder is not None:
        key += f":f{funder.pk}"
    found, _created = LedgerAccount.objects.get_or_create(
        key=key,
        defaults={"kind": kind, "fund": fund, "organization": organization, "funder": funder},
    )
    return found


def balance(of: LedgerAccount) -> int:
    """Centimes on the account: the sum of its entries."""
    return of.entries.aggregate(total=Sum("amount"))["total"] or 0


def fund_balances(fund: Fund) -> dict[str, int]:
    """Each kind of account of the fund, summed over its accounts."""
    rows = (
        LedgerEntry.objects.filter(account__fund=fund)
        .values_list("account__kind")
        .annotate(total=Sum("amount"))
    )
    totals = {kind: 0 for kind in AccountKind.values}
    totals.update(dict(rows))
    return totals


def _insufficient(of: LedgerAccount, held: int, needed: int) -> DomainError:
    name_ar, name_fr = ACCOUNT_NAMES[AccountKind(of.kind)]
    return DomainError(
        "insufficient_funds",
        f"الرصيد غير كاف: {name_ar} {format_mad(held)} درهم، والمطلوب {format_mad(needed)} درهم",
        f"Solde insuffisant : {name_fr} {format_mad(held)} MAD, il faut {format_mad(needed)} MAD",
        "amount",
    )


def format_mad(centimes: int) -> str:
    """12345678 → "123 456,78" (French grouping; the pages localize on their own)."""
    sign = "-" if centimes < 0 else ""
    whole, cents = divmod(abs(centimes), 100)
    return f"{sign}{whole:,}".replace(",", "\u202f") + f",{cents:02d}"


def post(
    actor,
    kind: str,
    fund: Fund,
    moves: Sequence[tuple[LedgerAccount, int]],
    *,
    organization=None,
    memo: str = "",
    purpose: dict[str, Any] | None = None,
    operation=None,
    reverses: LedgerTransaction | None = None,
) -> LedgerTransaction:
    """Post one balanced transaction and record it in the history.

    Refused (DomainError, nothing written) when the moves do not add up to zero,
    hold a zero, or would take an account inside the platform below zero.
    """
    if not moves or any(amount == 0 for _account, amount in moves):
        raise ValueError("a transaction moves a non-zero amount on each account")
    if sum(amount for _account, amount in moves) != 0:
        raise ValueError("the entries of a transaction add up to zero")
    for target, amount in moves:
        if amount < 0 and target.kind not in EXTERNAL_ACCOUNTS:
            held = balance(target)
            if held + amount < 0:
                raise _insufficient(target, held, -amount)
    moved = sum(amount for _account, amount in moves if amount > 0)
    transaction = LedgerTransaction.objects.create(
        kind=kind,
        fund=fund,
        organization=organization,
        amount=moved,
        memo=memo,
        purpose=purpose or {},
        operation=operation,
        reverses=reverses,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    LedgerEntry.objects.bulk_create(
        LedgerEntry(transaction=transaction, account=target, amount=amount)
        for target, amount in moves
    )
    record(
        actor,
        Change(
            action=f"funding:{kind}",
            object_type="ledger_transaction",
            object_id=str(transaction.pk),
            after=snapshot(transaction, moves),
            reason=memo,
        ),
    )
    return transaction


def snapshot(transaction: LedgerTransaction, moves) -> dict[str, Any]:
    return {
        "kind": transaction.kind,
        "fund": transaction.fund.code,
        "organization": transaction.organization_id,
        "amount": transaction.amount,
        "purpose": transaction.purpose,
        "operation": transaction.operation_id,
        "reverses": transaction.reverses_id,
        "entries": [[target.key, amount] for target, amount in moves],
    }


def transfer(
    actor, kind: str, fund: Fund, source: LedgerAccount, target: LedgerAccount, amount: int,
    **details,
) -> LedgerTransaction:  # fmt: skip
    """`amount` centimes from one account to another."""
    return post(actor, kind, fund, [(source, -amount), (target, amount)], **details)
