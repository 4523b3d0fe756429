"""Crowdfunding campaigns: opening one for an organization's project, recording pledges
(held in escrow on the ledger), and closing it — the money to the fund and committed to
the organization, or every pledge refunded when an all-or-nothing campaign missed its
goal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Sum
from django.utils import timezone

from tadamon.errors import DomainError, ValidationFailed
from tadamon.funding import ledger
from tadamon.funding.access import require_fund_staff
from tadamon.funding.models import Campaign, Fund, Pledge
from tadamon.funding.models.campaigns import CampaignMode, CampaignState
from tadamon.funding.services.funds import check_amount, locked_fund
from tadamon.funding.services.operations import request_operation
from tadamon.funding.vocabulary import AccountKind, SourceType, TransactionKind
from tadamon.history.chain import Change, record, writes_history
from tadamon.registry.models import Organization


def _error(code: str, ar: str, fr: str, field: str | None) -> DomainError:
    return DomainError(code, ar, fr, field)


@writes_history
def open_campaign(actor, fund: Fund, organization: Organization, fields: dict[str, Any]):
    fund = locked_fund(fund)
    require_fund_staff(actor, fund)
    organization = Organization.objects.get(pk=organization.pk)
    errors = []
    if fund.source_type != SourceType.CROWDFUNDING:
        errors.append(_error("campaign_fund_type", "الحملات خاصة بصناديق التمويل التشاركي",
                             "Les campagnes relèvent des fonds de financement participatif",
                             "fund"))  # fmt: skip
    if organization.status != "registered":
        errors.append(_error("organization_not_registered", "الحملة لهيئة مسجلة ونشيطة فقط",
                             "Une campagne est pour une organisation enregistrée et active",
                             "organization"))  # fmt: skip
    for name in ("title_ar", "title_fr"):
        if not str(fields.get(name) or "").strip():
            errors.append(_error("required", f"الحقل {name} إلزامي",
                                 f"Le champ {name} est obligatoire", name))  # fmt: skip
    goal, deadline, mode = fields.get("goal"), fields.get("deadline"), fields.get("mode")
    if isinstance(goal, bool) or not isinstance(goal, int) or goal <= 0:
        errors.append(_error("amount_invalid", "الهدف عدد صحيح موجب من السنتيمات",
                             "L'objectif est un nombre entier positif de centimes",
                             "goal"))  # fmt: skip
    if not isinstance(deadline, dt.date) or deadline < timezone.localdate():
        errors.append(_error("deadline_invalid", "الأجل تاريخ لم يمض بعد",
                             "L'échéance est une date à venir", "deadline"))  # fmt: skip
    if mode not in CampaignMode.values:
        errors.append(_error("mode_unknown", "اختر: الكل أو لا شيء، أو الاحتفاظ بما جُمع",
                             "Choisissez : tout ou rien, ou garder ce qui est collecté",
                             "mode"))  # fmt: skip
    if errors:
        raise ValidationFailed(errors)
    campaign = Campaign.objects.create(
        fund=fund, organization=organization, title_ar=fields["title_ar"],
        title_fr=fields["title_fr"], goal=goal, deadline=deadline, mode=mode, created_by=actor,
    )  # fmt: skip
    record(actor, Change("funding:open_campaign", "campaign", str(campaign.pk), None, {
        "fund": fund.code, "organization": organization.pk, "title_ar": campaign.title_ar,
        "goal": goal, "deadline": str(deadline), "mode": mode,
    }))  # fmt: skip
    return campaign


def raised(campaign: Campaign) -> int:
    return campaign.pledges.aggregate(total=Sum("amount"))["total"] or 0


@writes_history
def pledge(actor, campaign: Campaign, amount: int, donor: str = "") -> Pledge:
    """A pledge collected by the fund's platform, held in escrow until the campaign closes."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    staff = require_fund_staff(actor, campaign.fund)
    check_amount(amount)
    if campaign.state != CampaignState.OPEN or campaign.deadline < timezone.localdate():
        raise _error("campaign_closed", "انتهت الحملة", "La campagne est close", "campaign")
    fund = campaign.fund
    transaction = ledger.transfer(
        actor, TransactionKind.PLEDGE, fund,
        ledger.account(fund, AccountKind.SOURCE, funder=staff[0]),
        ledger.account(fund, AccountKind.ESCROW, campaign=campaign), amount,
        organization=campaign.organization, memo=donor[:300],
    )  # fmt: skip
    return Pledge.objects.create(campaign=campaign, donor=donor[:120], amount=amount,
                                 transaction=transaction)  # fmt: skip


@writes_history
def close_campaign(actor, campaign: Campaign) -> Campaign:
    """After the deadline (or once the goal is reached): success sends the pledges to the
    fund and asks to commit them to the organization; an all-or-nothing campaign that
    missed its goal refunds every pledge."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    staff = require_fund_staff(actor, campaign.fund)
    if campaign.state != CampaignState.OPEN:
        raise _error("campaign_closed", "سبق إغلاق الحملة", "La campagne est déjà close", None)
    total = raised(campaign)
    if campaign.deadline >= timezone.localdate() and total < campaign.goal:
        raise _error("campaign_still_running",
                     "لا تغلق الحملة قبل أجلها ما لم تبلغ هدفها",
                     "Une campagne ne se clôt avant son échéance que si l'objectif est atteint",
                     None)  # fmt: skip
    fund = campaign.fund
    escrow = ledger.account(fund, AccountKind.ESCROW, campaign=campaign)
    succeeded = total > 0 and (
        total >= campaign.goal or campaign.mode == CampaignMode.KEEP_WHAT_YOU_RAISE
    )
    if succeeded:
        ledger.transfer(actor, TransactionKind.CAMPAIGN_CLOSE, fund, escrow,
                        ledger.account(fund, AccountKind.AVAILABLE), total,
                        organization=campaign.organization, memo=campaign.title_fr)  # fmt: skip
        request_operation(actor, "commitment", fund, campaign.organization, total,
                          memo=f"حملة — campagne: {campaign.title_fr}"[:300])  # fmt: skip
    else:
        for item in campaign.pledges.select_related("transaction").filter(refund__isnull=True):
            source = item.transaction.entries.get(amount__lt=0).account
            item.refund = ledger.transfer(
                actor, TransactionKind.REFUND, fund, escrow, source, item.amount,
                organization=campaign.organization, memo=item.donor,
            )  # fmt: skip
            item.save(update_fields=["refund"])
    before = {"state": campaign.state}
    campaign.state = CampaignState.SUCCEEDED if succeeded else CampaignState.FAILED
    campaign.save(update_fields=["state"])
    record(actor, Change("funding:close_campaign", "campaign", str(campaign.pk), before,
                         {"state": campaign.state, "raised": total, "goal": campaign.goal,
                          "by": staff[0].code}))  # fmt: skip
    return campaign
