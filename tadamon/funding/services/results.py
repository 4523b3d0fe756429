"""Results: reported by the organization with evidence, verified by a verifier (neither
the funder nor the organization), paid from the prices and caps through the fund's
quorum, and traceable from a payment back to its source.

What is paid: each verified unit of a metric over a period at the metric's price,
rounded down to the centime; never more than the metric's cap nor the contract's
cap over all payments asked so far (pending ones included, so that two requests
cannot both claim the same room under a cap); a result is paid once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.db.models import Sum
from django.utils import timezone

from tadamon.accounts import scope
from tadamon.errors import DomainError, PermissionDeniedError
from tadamon.funding.access import require_fund_staff
from tadamon.funding.models import (
    LedgerTransaction,
    OutcomeContract,
    OutcomeMetric,
    ReportingPeriod,
    Result,
    ResultPayment,
)
from tadamon.funding.models.contracts import VERIFIED_STATES, ContractState, ResultState
from tadamon.funding.services.operations import request_operation
from tadamon.funding.vocabulary import OperationState, TransactionKind
from tadamon.history.chain import Change, record, writes_history

CLAIMING = (OperationState.PENDING, OperationState.EXECUTED)


def _result_snapshot(result: Result) -> dict[str, Any]:
    return {
        "metric": result.metric.code, "period": result.period.number,
        "reported_value": result.reported_value, "evidence": result.evidence.name,
        "state": result.state, "verified_value": result.verified_value,
        "reason": result.verification_reason,
    }  # fmt: skip


@writes_history
def report_result(actor, metric: OutcomeMetric, period: ReportingPeriod, value, evidence,
                  note: str = "") -> Result:  # fmt: skip
    """The organization's value for a metric over a period (a correction until verified)."""
    contract = OutcomeContract.objects.select_for_update().get(pk=metric.contract_id)
    if not scope.is_representative_of(actor, contract.organization):
        raise PermissionDeniedError(
            "يقدم النتائجَ ممثل الهيئة المتعاقدة",
            "Seul le représentant de l'organisation déclare ses résultats",
        )
    if period.contract_id != contract.pk:
        raise DomainError("period_of_other_contract", "الفترة لا تخص هذا العقد",
                          "La période n'est pas de ce contrat", "period")  # fmt: skip
    if contract.state != ContractState.ACTIVE:
        raise DomainError("contract_not_active", "العقد غير ساري المفعول",
                          "Le contrat n'est pas en vigueur", "contract")  # fmt: skip
    if period.starts_on > timezone.localdate():
        raise DomainError("period_not_started", "لم تبدأ هذه الفترة بعد",
                          "Cette période n'a pas commencé", "period")  # fmt: skip
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise DomainError("value_invalid", "القيمة رقم موجب أو صفر",
                          "La valeur est un nombre positif ou nul", "value")  # fmt: skip
    if not evidence:
        raise DomainError("evidence_required", "أرفق وثيقة إثبات",
                          "Joignez une pièce justificative", "evidence")  # fmt: skip
    result = Result.objects.select_for_update().filter(metric=metric, period=period).first()
    before = None
    if result is not None:
        if result.state in VERIFIED_STATES:
            raise DomainError("result_verified", "تم التحقق من هذه النتيجة؛ لا تعدل",
                              "Ce résultat est vérifié : il ne change plus", "value")  # fmt: skip
        before = _result_snapshot(result)
    else:
        result = Result(metric=metric, period=period)
    result.reported_value, result.note, result.reported_by = value, note, actor
    result.state, result.verified_value, result.verification_reason = ResultState.REPORTED, None, ""
    result.evidence.save(evidence.name, evidence, save=False)
    result.save()
    record(actor, Change("funding:report_result", "result", str(result.pk), before,
                         _result_snapshot(result), note))  # fmt: skip
    return result


@writes_history
def verify_result(actor, result: Result, decision: str, *, value=None, reason: str = "") -> Result:
    """Accept the reported value, adjust it (with a reason) or reject it (with a reason)."""
    result = Result.objects.select_for_update().select_related("metric__contract").get(pk=result.pk)
    contract = result.metric.contract
    if scope.role_of(actor) != "verifier" or not contract.verifiers.filter(pk=actor.pk).exists():
        raise PermissionDeniedError(
            "يتحقق من النتائج المتحققون المعينون للعقد فقط",
            "Seuls les vérificateurs du contrat vérifient ses résultats",
        )
    if result.state != ResultState.REPORTED:
        raise DomainError("result_not_awaiting", "هذه النتيجة لا تنتظر التحقق",
                          "Ce résultat n'attend pas de vérification", None)  # fmt: skip
    if decision not in ("accept", "adjust", "reject"):
        raise DomainError("decision_unknown", "قرار غير معروف", "Décision inconnue", "decision")
    if decision != "accept" and not reason.strip():
        raise DomainError("reason_required", "التعديل والرفض يستلزمان سببا",
                          "Un ajustement ou un rejet demande un motif", "reason")  # fmt: skip
    if decision == "adjust" and (isinstance(value, bool) or not isinstance(value, int | float)
                                 or value < 0):  # fmt: skip
        raise DomainError("value_invalid", "القيمة المعدلة رقم موجب أو صفر",
                          "La valeur ajustée est un nombre positif ou nul", "value")  # fmt: skip
    before = _result_snapshot(result)
    result.state = {"accept": ResultState.ACCEPTED, "adjust": ResultState.ADJUSTED,
                    "reject": ResultState.REJECTED}[decision]  # fmt: skip
    result.verified_value = {"accept": result.reported_value, "adjust": value,
                             "reject": None}[decision]  # fmt: skip
    result.verification_reason, result.verified_by = reason, actor
    result.verified_at = timezone.now()
    result.save()
    record(actor, Change("funding:verify_result", "result", str(result.pk), before,
                         _result_snapshot(result), reason))  # fmt: skip
    return result


def _claimed(**filters) -> int:
    lines = ResultPayment.objects.filter(operation__state__in=CLAIMING, **filters)
    return lines.aggregate(total=Sum("amount"))["total"] or 0


def payable(contract: OutcomeContract, period: ReportingPeriod) -> list[tuple[Result, int]]:
    """What the verified, unpaid results of the period earn, within the caps."""
    room = contract.payment_cap - _claimed(result__metric__contract=contract)
    lines = []
    results = (
        Result.objects.filter(period=period, state__in=VERIFIED_STATES)
        .select_related("metric").order_by("metric__code")
    )  # fmt: skip
    for result in results:
        if _claimed(result=result):
            continue
        metric = result.metric
        earned = math.floor(result.verified_value * metric.price)
        if metric.cap is not None:
            earned = min(earned, metric.cap - _claimed(result__metric=metric))
        earned = min(earned, room)
        if earned > 0:
            lines.append((result, earned))
            room -= earned
    return lines


@writes_history
def request_result_payment(actor, contract: OutcomeContract, period: ReportingPeriod):
    """A payment of the period's verified results, through the fund's quorum."""
    contract = OutcomeContract.objects.select_for_update().get(pk=contract.pk)
    require_fund_staff(actor, contract.fund)
    if contract.state != ContractState.ACTIVE:
        raise DomainError("contract_not_active", "العقد غير ساري المفعول",
                          "Le contrat n'est pas en vigueur", "contract")  # fmt: skip
    lines = payable(contract, period)
    if not lines:
        raise DomainError(
            "nothing_to_pay", "لا نتيجة متحقق منها غير مؤداة في هذه الفترة",
            "Aucun résultat vérifié et non payé sur cette période", "period",
        )  # fmt: skip
    total = sum(amount for _result, amount in lines)
    operation = request_operation(
        actor, "payment", contract.fund, contract.organization, total, contract=contract,
        memo=f"أداء مقابل النتائج — paiement aux résultats, période {period.number}",
    )  # fmt: skip
    ResultPayment.objects.bulk_create(
        ResultPayment(operation=operation, result=result, amount=amount) for result, amount in lines
    )
    record(actor, Change("funding:request_result_payment", "operation", str(operation.pk), None, {
        "contract": contract.pk, "period": period.number,
        "lines": [[r.metric.code, r.verified_value, a] for r, a in lines],
    }))  # fmt: skip
    return operation


@dataclass(frozen=True)
class Trace:
    """A payment traced back: what it paid for and where its money came from."""

    transaction: LedgerTransaction
    results: list[dict[str, Any]]
    contract: OutcomeContract | None
    call_code: str | None
    fund_code: str
    sources: list[dict[str, Any]]


def trace(transaction: LedgerTransaction) -> Trace:
    operation = transaction.operation
    contract = operation.contract if operation else None
    results = []
    if operation is not None:
        for line in operation.result_payments.select_related("result__metric", "result__period"):
            result = line.result
            results.append({"metric": result.metric.code, "period": result.period.number,
                            "verified_value": result.verified_value, "amount": line.amount,
                            "verified_by": result.verified_by.get_username()})  # fmt: skip
    contributions = (
        LedgerTransaction.objects.filter(fund=transaction.fund, kind=TransactionKind.CONTRIBUTION,
                                         reversed_by__isnull=True)
        .values("entries__account__funder__code").annotate(total=Sum("amount"))
    )  # fmt: skip
    sources = [{"funder": c["entries__account__funder__code"], "contributed": c["total"]}
               for c in contributions if c["entries__account__funder__code"]]  # fmt: skip
    return Trace(
        transaction=transaction, results=results, contract=contract,
        call_code=contract.application.call.code if contract else None,
        fund_code=transaction.fund.code, sources=sources,
    )  # fmt: skip
