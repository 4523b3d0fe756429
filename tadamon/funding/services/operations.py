"""Commitments and payments (approved by the fund's quorum), releases, returns, reversals.

A commitment or a payment is first an Operation. Each of the fund's funders
approves it once, through one of its staff; the requester's own funder approves
by asking. When the approvals reach the fund's quorum, the operation's rules
are checked again against the books of that moment and it is posted; if they
fail, the approval is refused with the rule and nothing changes.
"""

from __future__ import annotations

from tadamon.accounts import scope
from tadamon.errors import DomainError, ValidationFailed
from tadamon.funding import ledger
from tadamon.funding.access import require_fund_staff
from tadamon.funding.earmarks import commitment_errors
from tadamon.funding.models import Approval, Fund, LedgerTransaction, Operation
from tadamon.funding.services.funds import check_amount, locked_fund
from tadamon.funding.vocabulary import (
    AccountKind,
    CostType,
    OperationKind,
    OperationState,
    SourceType,
    TransactionKind,
)
from tadamon.history.chain import Change, record, writes_history
from tadamon.registry.models import Organization


def _operation_snapshot(operation: Operation) -> dict:
    return {
        "kind": operation.kind,
        "fund": operation.fund.code,
        "organization": operation.organization_id,
        "amount": operation.amount,
        "cost_type": operation.cost_type,
        "beneficiary_categories": operation.beneficiary_categories,
        "theme": operation.theme,
        "state": operation.state,
        "approvals": sorted(operation.approvals.values_list("funder__code", flat=True)),
    }


def _check_rules(operation: Operation) -> None:
    if operation.kind == OperationKind.COMMITMENT:
        errors = commitment_errors(
            operation.fund, operation.organization,
            cost_type=operation.cost_type,
            beneficiary_categories=operation.beneficiary_categories,
            theme=operation.theme,
        )  # fmt: skip
        if errors:
            raise ValidationFailed(errors)


@writes_history
def request_operation(
    actor,
    kind: str,
    fund: Fund,
    organization,
    amount: int,
    *,
    cost_type: str = CostType.ACTIVITY,
    beneficiary_categories: list[str] | None = None,
    theme: str = "",
    memo: str = "",
    contract=None,
) -> Operation:
    """Ask for a commitment or a payment; posted at once when the quorum is one."""
    fund = locked_fund(fund)
    staff = require_fund_staff(actor, fund)
    check_amount(amount)
    # The registry as it stands, not the caller's copy (its status may have changed).
    organization = Organization.objects.select_related("province").get(pk=organization.pk)
    if kind not in OperationKind.values:
        raise DomainError("operation_unknown", "عملية غير معروفة", "Opération inconnue", "kind")
    if cost_type not in CostType.values:
        raise DomainError("cost_type_unknown", "نوع تكلفة غير معروف", "Type de coût inconnu",
                          "cost_type")  # fmt: skip
    operation = Operation(
        kind=kind, fund=fund, organization=organization, amount=amount, cost_type=cost_type,
        beneficiary_categories=list(beneficiary_categories or []), theme=theme, memo=memo,
        requested_by=actor,
        contract=contract,
    )  # fmt: skip
    _check_rules(operation)  # refuse early what could never be posted
    operation.save()
    Approval.objects.create(operation=operation, funder=staff[0], user=actor)
    record(actor, Change("funding:request", "operation", str(operation.pk), None,
                         _operation_snapshot(operation), memo))  # fmt: skip
    _execute_if_approved(actor, operation)
    return operation


@writes_history
def approve(actor, operation: Operation) -> Operation:
    """One more funder's approval; the operation is posted when the quorum is reached."""
    operation = Operation.objects.select_for_update().get(pk=operation.pk)
    fund = locked_fund(operation.fund)
    staff = require_fund_staff(actor, fund)
    if operation.state != OperationState.PENDING:
        raise DomainError(
            "operation_not_pending", "هذه العملية لم تعد تنتظر الموافقة",
            "Cette opération n'attend plus d'approbation", None,
        )  # fmt: skip
    approved = set(operation.approvals.values_list("funder_id", flat=True))
    funder = next((f for f in staff if f.pk not in approved), None)
    if funder is None:
        raise DomainError(
            "already_approved", "سبق أن وافقت جهتك على هذه العملية",
            "Votre bailleur a déjà approuvé cette opération", None,
        )  # fmt: skip
    before = _operation_snapshot(operation)
    Approval.objects.create(operation=operation, funder=funder, user=actor)
    record(actor, Change("funding:approve", "operation", str(operation.pk), before,
                         _operation_snapshot(operation)))  # fmt: skip
    _execute_if_approved(actor, operation)
    return operation


def _execute_if_approved(actor, operation: Operation) -> None:
    if operation.approvals.count() < operation.fund.quorum:
        return
    _check_rules(operation)
    fund, organization = operation.fund, operation.organization
    committed = ledger.account(fund, AccountKind.COMMITTED, organization=organization)
    details = {"organization": organization, "memo": operation.memo, "operation": operation,
               "purpose": {"cost_type": operation.cost_type, "theme": operation.theme,
                           "beneficiary_categories": operation.beneficiary_categories}}  # fmt: skip
    try:
        if operation.kind == OperationKind.COMMITMENT:
            available = ledger.account(fund, AccountKind.AVAILABLE)
            ledger.transfer(actor, TransactionKind.COMMITMENT, fund, available, committed,
                            operation.amount, **details)  # fmt: skip
        else:
            paid = ledger.account(fund, AccountKind.ORGANIZATION, organization=organization)
            ledger.transfer(actor, TransactionKind.PAYMENT, fund, committed, paid,
                            operation.amount, **details)  # fmt: skip
    except DomainError as error:
        raise _named(error, operation) from None
    before = _operation_snapshot(operation)
    operation.state = OperationState.EXECUTED
    operation.save(update_fields=["state"])
    _activate_contract(actor, operation)
    record(actor, Change("funding:execute", "operation", str(operation.pk), before,
                         _operation_snapshot(operation)))  # fmt: skip


def _activate_contract(actor, operation: Operation) -> None:
    """An outcome contract starts when the commitment of its cap is posted."""
    from tadamon.funding.models.contracts import ContractState, OutcomeContract

    waiting = OutcomeContract.objects.filter(
        commitment=operation, state=ContractState.AWAITING_COMMITMENT
    ).first()
    if waiting is None:
        return
    waiting.state = ContractState.ACTIVE
    waiting.save(update_fields=["state"])
    record(actor, Change("funding:activate_contract", "outcome_contract", str(waiting.pk),
                         {"state": ContractState.AWAITING_COMMITMENT},
                         {"state": ContractState.ACTIVE}))  # fmt: skip


def _named(error: DomainError, operation: Operation) -> DomainError:
    """The balance refusal said in the words of the rule behind it."""
    if error.code != "insufficient_funds":
        return error
    if operation.kind == OperationKind.PAYMENT:
        return DomainError(
            "payment_above_commitment",
            f"الدفع يتجاوز المبلغ الملتزم به للهيئة ({error.message_ar})",
            f"Le paiement dépasse l'engagement envers l'organisation ({error.message_fr})",
            "amount",
        )
    if operation.fund.source_type == SourceType.WAQF:
        return DomainError(
            "waqf_income_only",
            f"صندوق الوقف لا ينفق إلا من عائداته، وأصله محبوس ({error.message_ar})",
            f"Un waqf ne dépense que ses revenus, son capital est préservé ({error.message_fr})",
            "amount",
        )
    return error


@writes_history
def release(actor, fund: Fund, organization, amount: int, *, memo: str = ""):
    """Part of a commitment given back to the fund (a project that costs less, a cancellation)."""
    fund = locked_fund(fund)
    require_fund_staff(actor, fund)
    check_amount(amount)
    return ledger.transfer(
        actor, TransactionKind.RELEASE, fund,
        ledger.account(fund, AccountKind.COMMITTED, organization=organization),
        ledger.account(fund, AccountKind.AVAILABLE), amount,
        organization=organization, memo=memo,
    )  # fmt: skip


@writes_history
def return_unspent(actor, fund: Fund, organization, amount: int, *, memo: str = ""):
    """Money an organization was paid and did not spend, back to the fund."""
    fund = locked_fund(fund)
    if not scope.is_representative_of(actor, organization):
        require_fund_staff(actor, fund)
    check_amount(amount)
    return ledger.transfer(
        actor, TransactionKind.RETURN, fund,
        ledger.account(fund, AccountKind.ORGANIZATION, organization=organization),
        ledger.account(fund, AccountKind.AVAILABLE), amount,
        organization=organization, memo=memo,
    )  # fmt: skip


@writes_history
def reverse(actor, transaction: LedgerTransaction, reason: str) -> LedgerTransaction:
    """Undo a transaction by its mirror image; the original stays as it was."""
    transaction = LedgerTransaction.objects.select_for_update().get(pk=transaction.pk)
    fund = locked_fund(transaction.fund)
    require_fund_staff(actor, fund)
    if not reason.strip():
        raise DomainError("reason_required", "سبب الإلغاء إلزامي",
                          "Le motif de l'annulation est obligatoire", "reason")  # fmt: skip
    if transaction.kind == TransactionKind.REVERSAL:
        raise DomainError(
            "reversal_of_reversal", "لا يلغى إلغاء؛ سجل العملية من جديد",
            "Une annulation ne s'annule pas ; enregistrez l'opération à nouveau", None,
        )  # fmt: skip
    if LedgerTransaction.objects.filter(reverses=transaction).exists():
        raise DomainError("already_reversed", "سبق إلغاء هذه العملية",
                          "Cette opération est déjà annulée", None)  # fmt: skip
    moves = [
        (entry.account, -entry.amount) for entry in transaction.entries.select_related("account")
    ]
    return ledger.post(
        actor, TransactionKind.REVERSAL, fund, moves, organization=transaction.organization,
        memo=reason, reverses=transaction,
    )  # fmt: skip
