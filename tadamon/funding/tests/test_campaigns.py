"""Crowdfunding campaigns: pledges in escrow, success to the fund, all-or-nothing refunds."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Sum
from django.utils import timezone

from conftest import make_user
from tadamon.errors import DomainError, PermissionDeniedError, ValidationFailed
from tadamon.funding import ledger, services
from tadamon.funding.models import LedgerEntry
from tadamon.funding.tests.conftest import MAD, fund_fields
from tadamon.funding.vocabulary import AccountKind

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def platform_staff(db):
    return make_user("crowd_staff", "funder")


@pytest.fixture
def crowd_fund(administrator, platform_staff):
    platform = services.create_funder(administrator, {
        "code": "crowd", "name_ar": "منصة التمويل التشاركي", "name_fr": "Plateforme participative",
    }, [platform_staff])  # fmt: skip
    return services.create_fund(platform_staff, fund_fields("crowd", "crowdfunding"), [platform])


def campaign(staff, fund, organization, mode, goal=10_000 * MAD):
    return services.open_campaign(staff, fund, organization, {
        "title_ar": "معصرة أركان جديدة", "title_fr": "Nouvelle presse à argane",
        "goal": goal, "deadline": TODAY + dt.timedelta(days=20), "mode": mode,
    })  # fmt: skip


def escrow(item) -> int:
    return ledger.balance(ledger.account(item.fund, AccountKind.ESCROW, campaign=item))


def test_an_all_or_nothing_campaign_that_misses_its_goal_refunds_everyone(
    platform_staff, crowd_fund, coop_hoceima
):
    item = campaign(platform_staff, crowd_fund, coop_hoceima, "all_or_nothing")
    services.pledge(platform_staff, item, 3_000 * MAD, "فاطمة")
    services.pledge(platform_staff, item, 2_500 * MAD, "")
    assert escrow(item) == 5_500 * MAD
    with pytest.raises(DomainError) as caught:  # before its deadline, goal not reached
        services.close_campaign(platform_staff, item)
    assert caught.value.code == "campaign_still_running"
    item.deadline = TODAY - dt.timedelta(days=1)  # the deadline passes
    item.save(update_fields=["deadline"])
    services.close_campaign(platform_staff, item)
    item.refresh_from_db()
    assert item.state == "failed" and escrow(item) == 0
    assert all(p.refund is not None for p in item.pledges.all())
    assert ledger.fund_balances(crowd_fund)[AccountKind.AVAILABLE] == 0
    assert LedgerEntry.objects.aggregate(total=Sum("amount"))["total"] == 0


def test_a_campaign_that_reaches_its_goal_funds_the_organization(
    platform_staff, crowd_fund, coop_hoceima
):
    item = campaign(platform_staff, crowd_fund, coop_hoceima, "all_or_nothing")
    services.pledge(platform_staff, item, 6_000 * MAD, "Karim")
    services.pledge(platform_staff, item, 4_000 * MAD, "سعاد")
    services.close_campaign(platform_staff, item)  # early: the goal is reached
    item.refresh_from_db()
    assert item.state == "succeeded" and escrow(item) == 0
    committed = ledger.account(crowd_fund, AccountKind.COMMITTED, organization=coop_hoceima)
    assert ledger.balance(committed) == 10_000 * MAD
    with pytest.raises(DomainError) as caught:
        services.pledge(platform_staff, item, 100 * MAD)
    assert caught.value.code == "campaign_closed"


def test_keep_what_you_raise_keeps_a_partial_sum(platform_staff, crowd_fund, coop_hoceima):
    item = campaign(platform_staff, crowd_fund, coop_hoceima, "keep")
    services.pledge(platform_staff, item, 1_200 * MAD, "Anonyme")
    item.deadline = TODAY - dt.timedelta(days=1)
    item.save(update_fields=["deadline"])
    services.close_campaign(platform_staff, item)
    item.refresh_from_db()
    assert item.state == "succeeded"
    committed = ledger.account(crowd_fund, AccountKind.COMMITTED, organization=coop_hoceima)
    assert ledger.balance(committed) == 1_200 * MAD


def test_campaign_rules_and_roles(platform_staff, crowd_fund, budget_fund, ministry_staff,
                                  coop_hoceima, representative):  # fmt: skip
    with pytest.raises(ValidationFailed) as caught:
        services.open_campaign(ministry_staff, budget_fund, coop_hoceima, {
            "title_ar": "", "title_fr": "x", "goal": 0,
            "deadline": TODAY - dt.timedelta(days=1), "mode": "lottery"})  # fmt: skip
    assert {e.code for e in caught.value.errors} == {
        "campaign_fund_type", "required", "amount_invalid", "deadline_invalid",
        "mode_unknown"}  # fmt: skip
    item = campaign(platform_staff, crowd_fund, coop_hoceima, "keep")
    for actor in (ministry_staff, representative):
        with pytest.raises(PermissionDeniedError):
            services.pledge(actor, item, 10 * MAD)
