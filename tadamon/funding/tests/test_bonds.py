# ruff: noqa: F811 (fixtures imported from test_contracts, then named as arguments)
"""Social bonds: investors repaid capital and return only for verified, paid outcomes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Sum

from conftest import make_user
from tadamon.errors import DomainError, PermissionDeniedError
from tadamon.funding import ledger, services
from tadamon.funding.models import LedgerEntry
from tadamon.funding.tests.conftest import MAD, fund_fields
from tadamon.funding.tests.test_calls import TODAY
from tadamon.funding.tests.test_contracts import (  # noqa: F401 (fixtures)
    applied,
    award,
    evidence,
    media,
    verifier,
)
from tadamon.funding.vocabulary import AccountKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def bond(administrator, ministry, ministry_staff):
    """A social bond of two investors (a bank 600,000 MAD, a foundation 400,000) and the
    ministry as outcome payer (5 % return), repayments due a month ago and next year."""
    bank_staff, foundation_staff = make_user("bank_staff", "funder"), make_user("fd", "funder")
    bank = services.create_funder(administrator, {"code": "bank", "name_ar": "البنك",
                                                  "name_fr": "Banque"}, [bank_staff])  # fmt: skip
    foundation = services.create_funder(administrator, {
        "code": "foundation", "name_ar": "المؤسسة", "name_fr": "Fondation"},
        [foundation_staff])  # fmt: skip
    fund = services.create_fund(bank_staff, fund_fields("bond", "social_bond"),
                                [bank, foundation, ministry])  # fmt: skip
    services.contribute(bank_staff, fund, 600_000 * MAD)
    services.contribute(foundation_staff, fund, 400_000 * MAD)
    dates = [TODAY - dt.timedelta(days=30), TODAY + dt.timedelta(days=365)]
    services.set_bond_terms(bank_staff, fund, ministry, 0.05, dates)
    return fund, bank_staff, bank, foundation


def test_investors_are_repaid_for_verified_outcomes_only(
    bond,
    applied,
    verifier,
    representative,
    ministry_staff,
    ministry,
):
    fund, bank_staff, _bank, _foundation = bond
    assert services.repayment_due(fund) == 0
    with pytest.raises(DomainError) as caught:
        services.repay_investors(ministry_staff, fund)
    assert caught.value.code == "nothing_due"
    contract = award(bank_staff, applied(bank_staff, fund, "bond-call"), verifier, [ministry])
    women = contract.metrics.get(code="women_jobs")
    period = contract.periods.get(number=1)
    result = services.report_result(representative, women, period, 5, evidence())
    assert services.repayment_due(fund) == 0  # reported, not verified
    services.verify_result(verifier, result, "accept")
    services.request_result_payment(bank_staff, contract, period)  # 5 × 8,000 = 40,000 MAD
    # Paid after the last date reached: due at the next date, not now.
    assert services.repayment_due(fund) == 0
    assert services.repayment_due(fund, TODAY + dt.timedelta(days=365)) == 42_000 * MAD
    with pytest.raises(PermissionDeniedError):
        services.repay_investors(bank_staff, fund)  # an investor does not repay itself


def test_a_repayment_is_split_by_capital_and_never_twice(
    bond,
    applied,
    verifier,
    representative,
    ministry_staff,
    ministry,
    monkeypatch,
):
    fund, bank_staff, bank, foundation = bond
    contract = award(bank_staff, applied(bank_staff, fund, "bond-call-2"), verifier, [ministry])
    women = contract.metrics.get(code="women_jobs")
    period = contract.periods.get(number=1)
    services.verify_result(verifier, services.report_result(
        representative, women, period, 3, evidence()), "accept")  # fmt: skip
    services.request_result_payment(bank_staff, contract, period)  # 24,000 MAD
    from tadamon.funding.services import bonds

    later = TODAY + dt.timedelta(days=400)
    monkeypatch.setattr(bonds.timezone, "localdate", lambda: later)
    repayment = services.repay_investors(ministry_staff, fund)
    assert repayment.amount == 25_200 * MAD  # 24,000 + 5 %
    investor = {f.code: ledger.balance(ledger.account(fund, AccountKind.INVESTOR, funder=f))
                for f in (bank, foundation)}  # fmt: skip
    assert investor == {"bank": 15_120 * MAD, "foundation": 10_080 * MAD}  # 60 % / 40 %
    with pytest.raises(DomainError) as caught:
        services.repay_investors(ministry_staff, fund)
    assert caught.value.code == "nothing_due"
    assert LedgerEntry.objects.aggregate(total=Sum("amount"))["total"] == 0
    # The repayment is not a contribution: the fund's contributed total is unchanged.
    assert -ledger.fund_balances(fund)[AccountKind.SOURCE] == 1_000_000 * MAD


def test_bond_terms_are_checked(ministry_staff, budget_fund, ministry):
    with pytest.raises(DomainError) as caught:
        services.set_bond_terms(ministry_staff, budget_fund, ministry, 0.05, [TODAY])
    assert caught.value.code == "bond_fund_type"
