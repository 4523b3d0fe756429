"""Social bonds: the terms (outcome payer, return, repayment dates) and the repayment of
the investors for verified outcomes.

The investors' capital is their contribution to the social-bond fund; it
pre-finances the fund's outcome contracts, which pay organizations for verified
results as every contract does. On each date of the schedule, the outcome payer
repays the investors what those verified outcomes were paid, plus the agreed
return on it, minus what was repaid before — never for an outcome not verified
and paid. Repayments are split among investors in proportion to their capital
(rounded down to the centime; the remainder goes to the largest investor, so
the total is exact).
"""

from __future__ import annotations

import datetime as dt
import math

from django.db.models import Sum
from django.utils import timezone

from tadamon.errors import DomainError, PermissionDeniedError
from tadamon.funding import ledger
from tadamon.funding.access import require_fund_staff
from tadamon.funding.models import BondTerms, Fund, Funder, LedgerTransaction, ResultPayment
from tadamon.funding.services.funds import locked_fund
from tadamon.funding.vocabulary import AccountKind, SourceType, TransactionKind
from tadamon.history.chain import Change, record, writes_history


@writes_history
def set_bond_terms(actor, fund: Fund, outcome_payer: Funder, return_rate: float,
                   schedule: list[dt.date]) -> BondTerms:  # fmt: skip
    fund = locked_fund(fund)
    require_fund_staff(actor, fund)
    problems = []
    if fund.source_type != SourceType.SOCIAL_BOND:
        problems.append(("bond_fund_type", "الشروط خاصة بصناديق السندات الاجتماعية",
                         "Ces conditions relèvent des fonds d'obligations sociales"))  # fmt: skip
    if not fund.funders.filter(pk=outcome_payer.pk).exists():
        problems.append(("outcome_payer_not_of_fund", "الدافع مقابل النتائج من ممولي الصندوق",
                         "Le payeur aux résultats est un bailleur du fonds"))  # fmt: skip
    if isinstance(return_rate, bool) or not isinstance(return_rate, int | float) \
            or not 0 <= return_rate <= 1:  # fmt: skip
        problems.append(("return_invalid", "العائد نسبة بين 0 و1",
                         "Le rendement est une part entre 0 et 1"))  # fmt: skip
    if not schedule or list(schedule) != sorted(set(schedule)):
        problems.append(("schedule_invalid", "تواريخ السداد مرتبة وغير مكررة",
                         "Les dates de remboursement sont ordonnées et distinctes"))  # fmt: skip
    if problems:
        code, ar, fr = problems[0]
        raise DomainError(code, ar, fr, None)
    terms, _created = BondTerms.objects.update_or_create(fund=fund, defaults={
        "outcome_payer": outcome_payer, "return_rate": return_rate,
        "schedule": [d.isoformat() for d in schedule],
    })  # fmt: skip
    record(actor, Change("funding:bond_terms", "bond_terms", str(terms.pk), None, {
        "fund": fund.code, "outcome_payer": outcome_payer.code, "return_rate": return_rate,
        "schedule": terms.schedule,
    }))  # fmt: skip
    return terms


def investors_capital(fund: Fund, payer: Funder) -> dict[Funder, int]:
    """Capital per investor: what each funder other than the outcome payer contributed."""
    capital = {}
    for funder in fund.funders.exclude(pk=payer.pk).order_by("code"):
        source = ledger.account(fund, AccountKind.SOURCE, funder=funder)
        if (held := -ledger.balance(source)) > 0:
            capital[funder] = held
    return capital


def repayment_due(fund: Fund, on: dt.date | None = None) -> int:
    """What the outcome payer owes the investors on this date (0 before the first date)."""
    terms = BondTerms.objects.get(fund=fund)
    on = on or timezone.localdate()
    reached = [dt.date.fromisoformat(d) for d in terms.schedule if dt.date.fromisoformat(d) <= on]
    if not reached:
        return 0
    cutoff = dt.datetime.combine(reached[-1], dt.time.max, tzinfo=dt.UTC)
    paid = ResultPayment.objects.filter(
        operation__state="executed", operation__fund=fund,
        operation__transaction__recorded_at__lte=cutoff,
    ).aggregate(total=Sum("amount"))["total"] or 0  # fmt: skip
    repaid = (
        LedgerTransaction.objects.filter(
            fund=fund, kind=TransactionKind.BOND_REPAYMENT, reversed_by__isnull=True
        ).aggregate(total=Sum("amount"))["total"]
        or 0
    )
    return max(math.floor(paid * (1 + terms.return_rate)) - repaid, 0)


@writes_history
def repay_investors(actor, fund: Fund) -> LedgerTransaction:
    """The outcome payer's repayment due today, split among the investors."""
    fund = locked_fund(fund)
    terms = BondTerms.objects.filter(fund=fund).select_related("outcome_payer").first()
    if terms is None:
        raise DomainError(
            "bond_terms_missing", "لا شروط سندات لهذا الصندوق",
            "Ce fonds n'a pas de conditions d'obligation sociale", "fund",
        )  # fmt: skip
    payer = terms.outcome_payer
    if not payer.members.filter(pk=getattr(actor, "pk", None)).exists():
        raise PermissionDeniedError(
            "يسدد موظفو الجهة الدافعة مقابل النتائج فقط",
            "Seul le personnel du payeur aux résultats rembourse",
        )
    due = repayment_due(fund)
    if due <= 0:
        raise DomainError("nothing_due",
                          "لا شيء مستحق اليوم: لا نتائج مؤداة قبل تاريخ سداد حل أجله",
                          "Rien n'est dû aujourd'hui : aucun résultat payé avant une date "
                          "de remboursement échue", None)  # fmt: skip
    capital = investors_capital(fund, payer)
    if not capital:
        raise DomainError("no_investors", "لا مستثمرين في هذا الصندوق",
                          "Ce fonds n'a pas d'investisseurs", None)  # fmt: skip
    total_capital = sum(capital.values())
    shares = {f: due * c // total_capital for f, c in capital.items()}
    largest = max(capital, key=lambda f: (capital[f], f.code))
    shares[largest] += due - sum(shares.values())
    moves = [(ledger.account(fund, AccountKind.OUTCOME_PAYER, funder=payer), -due)]
    moves += [(ledger.account(fund, AccountKind.INVESTOR, funder=f), amount)
              for f, amount in shares.items() if amount > 0]  # fmt: skip
    memo = "سداد المستثمرين — remboursement des investisseurs"
    return ledger.post(actor, TransactionKind.BOND_REPAYMENT, fund, moves, memo=memo)
