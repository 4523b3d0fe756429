"""`tadamon demo` builds the whole funding chain that `make run` shows (issue 7, item 10)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import Sum

from tadamon.funding import services
from tadamon.funding.models import (
    AllocationRun,
    Campaign,
    Evaluation,
    Fund,
    LedgerEntry,
    LedgerTransaction,
    OutcomeContract,
)
from tadamon.funding.vocabulary import SourceType
from tadamon.history.chain import verify_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    """The demo registry of `make run` (3,000 bodies) and its funding (about 10 s)."""
    out = io.StringIO()
    call_command("demo", orgs=3000, years=3, seed=1, stdout=out)
    return out.getvalue()


def test_the_demo_funding_chain(demo):
    """One load, three checks: the funds and books; a dirham of zakat and one of a social
    bond traced to verified results; disputes and the allocation's rule prices."""
    _funds_and_books(demo)
    _zakat_and_bond_dirhams()
    _evaluations_and_allocation()


def _funds_and_books(demo):
    assert "9 funds" in demo
    assert set(Fund.objects.values_list("source_type", flat=True)) == set(SourceType.values)
    assert LedgerEntry.objects.aggregate(total=Sum("amount"))["total"] == 0
    assert verify_chain().ok


def _zakat_and_bond_dirhams():
    for fund_code, funder in (("zakat-2026", "zakat-committee"),
                              ("social-bond-women", "bond-bank")):  # fmt: skip
        payment = LedgerTransaction.objects.filter(kind="payment", fund__code=fund_code).first()
        assert payment is not None, fund_code
        traced = services.trace(payment)
        assert traced.contract is not None and traced.call_code
        assert traced.results and all(r["verified_by"] == "verifier_salma" for r in traced.results)
        assert funder in {s["funder"] for s in traced.sources}
    repayment = LedgerTransaction.objects.get(kind="bond_repayment")
    assert repayment.fund.code == "social-bond-women" and repayment.amount > 0
    campaign = Campaign.objects.get()
    assert campaign.state == "succeeded" and campaign.pledges.count() == 5
    zakat = OutcomeContract.objects.filter(fund__code="zakat-2026").first()
    assert zakat.commitment.transaction.purpose["beneficiary_categories"] == ["poor", "needy"]


def _evaluations_and_allocation():
    third_opinions = [
        a
        for a in {e.application for e in Evaluation.objects.select_related("application")}
        if a.evaluations.count() == 3
    ]
    assert third_opinions
    bond = AllocationRun.objects.get(call__code="bond-2026-women-jobs")
    assert {p["rule"] for p in bond.rule_prices} == {
        "min_underserved_share", "max_region_share", "one_grant_per_organization"}  # fmt: skip
    assert bond.optimal and bond.total_amount <= bond.call.budget
