"""The ledger, the earmarks and the quorum, through the services (issue 7, items 1 and 2)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Sum

from conftest import make_user
from tadamon.errors import DomainError, PermissionDeniedError, ValidationFailed
from tadamon.funding import ledger, services
from tadamon.funding.models import LedgerEntry, LedgerTransaction, Operation
from tadamon.funding.tests.conftest import MAD, fund_fields
from tadamon.funding.vocabulary import AccountKind, OperationState
from tadamon.history.chain import verify_chain
from tadamon.history.models import HistoryEntry

pytestmark = pytest.mark.django_db


def available(fund) -> int:
    return ledger.balance(ledger.account(fund, AccountKind.AVAILABLE))


def committed(fund, organization) -> int:
    return ledger.balance(ledger.account(fund, AccountKind.COMMITTED, organization=organization))


def paid(fund, organization) -> int:
    return ledger.balance(ledger.account(fund, AccountKind.ORGANIZATION, organization=organization))


def books_balance() -> int:
    return LedgerEntry.objects.aggregate(total=Sum("amount"))["total"] or 0


def commit(actor, fund, organization, amount, **purpose):
    return services.request_operation(actor, "commitment", fund, organization, amount, **purpose)


def refused(code: str, call, *args, **kwargs) -> DomainError:
    """The call is refused with this rule, and nothing is written."""
    before = (LedgerTransaction.objects.count(), Operation.objects.count(),
              HistoryEntry.objects.count())  # fmt: skip
    with pytest.raises(DomainError) as caught:
        call(*args, **kwargs)
    error = caught.value
    codes = [e.code for e in error.errors] if isinstance(error, ValidationFailed) else [error.code]
    assert code in codes, codes
    assert (LedgerTransaction.objects.count(), Operation.objects.count(),
            HistoryEntry.objects.count()) == before  # fmt: skip
    return error


def test_money_flows_from_contribution_to_payment(ministry_staff, budget_fund, coop_hoceima):
    services.contribute(ministry_staff, budget_fund, 1_000_000 * MAD, memo="ميزانية 2026")
    assert available(budget_fund) == 1_000_000 * MAD
    operation = commit(ministry_staff, budget_fund, coop_hoceima, 250_000 * MAD)
    assert operation.state == OperationState.EXECUTED
    assert available(budget_fund) == 750_000 * MAD
    assert committed(budget_fund, coop_hoceima) == 250_000 * MAD
    services.request_operation(ministry_staff, "payment", budget_fund, coop_hoceima, 100_000 * MAD)
    assert committed(budget_fund, coop_hoceima) == 150_000 * MAD
    assert paid(budget_fund, coop_hoceima) == 100_000 * MAD
    services.return_unspent(ministry_staff, budget_fund, coop_hoceima, 20_000 * MAD)
    services.release(ministry_staff, budget_fund, coop_hoceima, 150_000 * MAD)
    assert available(budget_fund) == 920_000 * MAD
    assert books_balance() == 0
    kinds = list(LedgerTransaction.objects.values_list("kind", flat=True))
    assert kinds == ["contribution", "commitment", "payment", "return", "release"]
    actions = set(HistoryEntry.objects.values_list("action", flat=True))
    assert {"funding:contribution", "funding:commitment", "funding:payment",
            "funding:return", "funding:release", "funding:execute"} <= actions  # fmt: skip
    assert verify_chain().ok


def test_balances_never_go_below_zero(ministry_staff, budget_fund, coop_hoceima):
    services.contribute(ministry_staff, budget_fund, 1_000 * MAD)
    error = refused(
        "insufficient_funds", commit, ministry_staff, budget_fund, coop_hoceima, 1_500 * MAD
    )
    assert "1\u202f000,00" in error.message_ar and "1\u202f500,00" in error.message_fr
    commit(ministry_staff, budget_fund, coop_hoceima, 600 * MAD)
    refused("payment_above_commitment", services.request_operation, ministry_staff, "payment",
            budget_fund, coop_hoceima, 601 * MAD)  # fmt: skip
    refused("insufficient_funds", services.release, ministry_staff, budget_fund, coop_hoceima,
            700 * MAD)  # fmt: skip
    assert available(budget_fund) == 400 * MAD and committed(budget_fund, coop_hoceima) == 600 * MAD


@pytest.mark.parametrize("amount", [0, -5, 12.5, "100", True])
def test_amounts_are_positive_whole_centimes(ministry_staff, budget_fund, amount):
    refused("amount_invalid", services.contribute, ministry_staff, budget_fund, amount)


def test_zakat_goes_only_to_activities_for_its_eligible_categories(
    committee_staff, zakat_fund, coop_hoceima
):
    services.contribute(committee_staff, zakat_fund, 50_000 * MAD)
    error = refused("zakat_overheads", commit, committee_staff, zakat_fund, coop_hoceima,
                    1_000 * MAD, cost_type="overheads",
                    beneficiary_categories=["poor"])  # fmt: skip
    assert "المصاريف العامة" in error.message_ar and "frais de structure" in error.message_fr
    error = refused("zakat_category_not_eligible", commit, committee_staff, zakat_fund,
                    coop_hoceima, 1_000 * MAD,
                    beneficiary_categories=["poor", "debtors"])  # fmt: skip
    assert "الغارمون" in error.message_ar and "gharimin" in error.message_fr
    assert "الفقراء" not in error.message_ar  # only the category outside the fund's list
    refused("zakat_categories_required", commit, committee_staff, zakat_fund, coop_hoceima,
            1_000 * MAD)  # fmt: skip
    operation = commit(committee_staff, zakat_fund, coop_hoceima, 1_000 * MAD,
                       beneficiary_categories=["poor", "needy"], memo="سلال غذائية")  # fmt: skip
    assert operation.state == OperationState.EXECUTED
    purpose = LedgerTransaction.objects.get(kind="commitment").purpose
    assert purpose == {"cost_type": "activity", "theme": "",
                       "beneficiary_categories": ["poor", "needy"]}  # fmt: skip


def test_a_waqf_spends_only_its_income(ministry_staff, ministry, waqf_fund, coop_hoceima):
    services.contribute(ministry_staff, waqf_fund, 2_000_000 * MAD, memo="حبس عقار")
    assert ledger.balance(ledger.account(waqf_fund, AccountKind.ENDOWMENT)) == 2_000_000 * MAD
    assert available(waqf_fund) == 0
    error = refused("waqf_income_only", commit, ministry_staff, waqf_fund, coop_hoceima, 1 * MAD)
    assert "عائداته" in error.message_ar and "revenus" in error.message_fr
    services.record_income(ministry_staff, waqf_fund, 80_000 * MAD, memo="كراء 2026")
    commit(ministry_staff, waqf_fund, coop_hoceima, 60_000 * MAD)
    refused("waqf_income_only", commit, ministry_staff, waqf_fund, coop_hoceima, 20_001 * MAD)
    refused("waqf_endowment_preserved", services.refund, ministry_staff, waqf_fund, ministry,
            1 * MAD)  # fmt: skip
    assert ledger.balance(ledger.account(waqf_fund, AccountKind.ENDOWMENT)) == 2_000_000 * MAD


def test_income_is_for_waqf_funds_only(ministry_staff, budget_fund):
    refused("income_waqf_only", services.record_income, ministry_staff, budget_fund, 10 * MAD)


def test_a_donors_restrictions_are_checked_at_commitment(
    ministry_staff, ministry, coop_hoceima, association_casa
):
    fund = services.create_fund(
        ministry_staff,
        fund_fields("casa-women", "private_donor", regions=["06"], legal_forms=["association"],
                    sectors=["social_action"], themes=["women"]),
        [ministry],
    )  # fmt: skip
    services.contribute(ministry_staff, fund, 10_000 * MAD)
    error = refused("earmark_region", commit, ministry_staff, fund, coop_hoceima, 10 * MAD,
                    theme="women")  # fmt: skip
    codes = {e.code for e in error.errors}
    assert codes == {"earmark_region", "earmark_legal_form", "earmark_sector"}
    assert "06" in error.errors[0].message_ar and "01" in error.errors[0].message_fr
    refused("earmark_theme", commit, ministry_staff, fund, association_casa, 10 * MAD,
            theme="youth")  # fmt: skip
    commit(ministry_staff, fund, association_casa, 10 * MAD, theme="women")
    assert committed(fund, association_casa) == 10 * MAD


def test_no_commitment_to_a_body_off_the_register(
    ministry_staff, budget_fund, coop_hoceima, national_registrar
):
    from tadamon.registry import services as registry

    services.contribute(ministry_staff, budget_fund, 100 * MAD)
    registry.change_status(national_registrar, coop_hoceima, "suspended", "تعليق مؤقت")
    refused("organization_not_registered", commit, ministry_staff, budget_fund, coop_hoceima,
            10 * MAD)  # fmt: skip


def test_a_shared_fund_needs_its_quorum(
    ministry_staff, region_staff, committee_staff, shared_fund, coop_hoceima
):
    services.contribute(ministry_staff, shared_fund, 5_000 * MAD)
    operation = commit(ministry_staff, shared_fund, coop_hoceima, 3_000 * MAD)
    assert operation.state == OperationState.PENDING
    assert committed(shared_fund, coop_hoceima) == 0
    refused("already_approved", services.approve, ministry_staff, operation)
    services.approve(region_staff, operation)
    operation.refresh_from_db()
    assert operation.state == OperationState.EXECUTED
    assert committed(shared_fund, coop_hoceima) == 3_000 * MAD
    assert operation.transaction.kind == "commitment"
    refused("operation_not_pending", services.approve, committee_staff, operation)


def test_the_rules_are_checked_again_when_the_quorum_is_reached(
    ministry_staff, region_staff, shared_fund, coop_hoceima
):
    services.contribute(ministry_staff, shared_fund, 5_000 * MAD)
    first = commit(ministry_staff, shared_fund, coop_hoceima, 4_000 * MAD)
    second = commit(ministry_staff, shared_fund, coop_hoceima, 4_000 * MAD)
    services.approve(region_staff, first)
    refused("insufficient_funds", services.approve, region_staff, second)
    second.refresh_from_db()
    assert second.state == OperationState.PENDING
    assert second.approvals.count() == 1  # the refused approval left nothing behind


def test_a_reversal_mirrors_a_transaction_once(ministry_staff, budget_fund, coop_hoceima):
    contribution = services.contribute(ministry_staff, budget_fund, 1_000 * MAD)
    commit(ministry_staff, budget_fund, coop_hoceima, 800 * MAD)
    # Undoing the contribution would overdraw the fund: the money is committed.
    refused("insufficient_funds", services.reverse, ministry_staff, contribution, "خطأ في المبلغ")
    services.release(ministry_staff, budget_fund, coop_hoceima, 800 * MAD)
    reversal = services.reverse(ministry_staff, contribution, "خطأ في المبلغ")
    assert reversal.reverses == contribution and reversal.amount == 1_000 * MAD
    assert available(budget_fund) == 0 and books_balance() == 0
    assert contribution.entries.count() == 2  # the original is untouched
    refused("already_reversed", services.reverse, ministry_staff, contribution, "مرة أخرى")
    refused("reversal_of_reversal", services.reverse, ministry_staff, reversal, "إلغاء الإلغاء")
    refused("reason_required", services.reverse, ministry_staff,
            services.contribute(ministry_staff, budget_fund, 5 * MAD), " ")  # fmt: skip


ROLES = ["national_registrar", "regional_registrar", "representative", "analyst",
         "administrator", "evaluator", "verifier", "funder"]  # fmt: skip


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_only_the_funds_own_staff_move_its_money(role, budget_fund, coop_hoceima, region_tanger):
    """Every role but the fund's funders' staff is refused; a funder role of another
    funder too."""
    if role == "anonymous":
        actor = AnonymousUser()
    else:
        extra = {"region": region_tanger} if role == "regional_registrar" else {}
        if role == "representative":
            extra = {"organization": coop_hoceima}
        actor = make_user(f"user_{role}", role, **extra)
    for call, args in [
        (services.contribute, (budget_fund, 10 * MAD)),
        (commit, (budget_fund, coop_hoceima, 10 * MAD)),
        (services.release, (budget_fund, coop_hoceima, 10 * MAD)),
    ]:
        with pytest.raises(PermissionDeniedError):
            call(actor, *args)
    assert LedgerTransaction.objects.count() == 0


def test_a_representative_returns_unspent_money_of_its_own_body_only(
    ministry_staff, budget_fund, coop_hoceima, association_casa, representative
):
    services.contribute(ministry_staff, budget_fund, 1_000 * MAD)
    for body in (coop_hoceima, association_casa):
        commit(ministry_staff, budget_fund, body, 400 * MAD)
        services.request_operation(ministry_staff, "payment", budget_fund, body, 400 * MAD)
    services.return_unspent(representative, budget_fund, coop_hoceima, 150 * MAD)
    assert paid(budget_fund, coop_hoceima) == 250 * MAD
    with pytest.raises(PermissionDeniedError):
        services.return_unspent(representative, budget_fund, association_casa, 150 * MAD)


def test_fund_rules_at_creation(ministry_staff, ministry, region_funder, administrator):
    with pytest.raises(ValidationFailed) as caught:
        services.create_fund(
            ministry_staff,
            fund_fields("bad", "zakat", quorum=3, zakat_categories=["poor", "pets"]),
            [ministry, region_funder],
        )
    codes = {e.code for e in caught.value.errors}
    assert codes == {"quorum_invalid", "zakat_category_unknown"}
    with pytest.raises(ValidationFailed) as caught:
        services.create_fund(ministry_staff, fund_fields("z", "zakat"), [ministry])
    assert caught.value.code == "zakat_categories_required"
    with pytest.raises(ValidationFailed):
        services.create_fund(ministry_staff, fund_fields("t", "tontine"), [ministry])
    stranger = make_user("other_funder", "funder")
    with pytest.raises(PermissionDeniedError):
        services.create_fund(stranger, fund_fields("x", "state_budget"), [ministry])
    fund = services.create_fund(administrator, fund_fields("ok", "region"), [region_funder])
    assert fund.quorum == 1 and fund.currency == "MAD"
    with pytest.raises(DomainError) as caught:
        services.create_fund(administrator, fund_fields("ok", "region"), [region_funder])
    assert caught.value.code == "code_taken"
    with pytest.raises(PermissionDeniedError):
        services.create_funder(ministry_staff, {"code": "x", "name_ar": "س", "name_fr": "x"})
