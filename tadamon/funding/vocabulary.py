"""The funding capability's closed lists: sources of money, zakat categories, ledger kinds."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceType(models.TextChoices):
    STATE_BUDGET = "state_budget", _("State budget")
    REGION = "region", _("Region")
    INDH = "indh", _("INDH")
    IMPACT_FUND = "impact_fund", _("Impact fund")
    SOCIAL_BOND = "social_bond", _("Social bond")
    CROWDFUNDING = "crowdfunding", _("Crowdfunding")
    ZAKAT = "zakat", _("Zakat")
    WAQF = "waqf", _("Waqf")
    PRIVATE_DONOR = "private_donor", _("Private donor")


class ZakatCategory(models.TextChoices):
    """The eight categories of Qur'an 9:60 (al-asnaf al-thamaniya). A zakat fund
    records which of them its scholars hold eligible for its money."""

    POOR = "poor", _("The poor (al-fuqara)")
    NEEDY = "needy", _("The needy (al-masakin)")
    COLLECTORS = "collectors", _("Those who administer zakat (al-amilina alayha)")
    RECONCILED = "reconciled", _("Those whose hearts are to be reconciled")
    CAPTIVES = "captives", _("Freeing captives (fi al-riqab)")
    DEBTORS = "debtors", _("Those in debt (al-gharimin)")
    CAUSE_OF_GOD = "cause_of_god", _("In the cause of God (fi sabil Allah)")
    WAYFARERS = "wayfarers", _("The wayfarer (ibn al-sabil)")


ZAKAT_CATEGORY_AR = {
    "poor": "الفقراء",
    "needy": "المساكين",
    "collectors": "العاملون عليها",
    "reconciled": "المؤلفة قلوبهم",
    "captives": "في الرقاب",
    "debtors": "الغارمون",
    "cause_of_god": "في سبيل الله",
    "wayfarers": "ابن السبيل",
}


class CostType(models.TextChoices):
    """What a commitment pays for: the activity itself or the body's overheads
    (rent, salaries of administration, running costs)."""

    ACTIVITY = "activity", _("Activity")
    OVERHEADS = "overheads", _("Overheads")


class AccountKind(models.TextChoices):
    """The ledger's accounts. Money inside the platform sits on a fund (available or,
    for a waqf, its endowment), on a commitment to an organization, or with the
    organization once paid; `source` and `earnings` are the outside world (their
    balances are the mirror of what came in, negative by construction)."""

    SOURCE = "source", _("Source (contributions)")
    EARNINGS = "earnings", _("Earnings of an endowment")
    AVAILABLE = "available", _("Available on the fund")
    ENDOWMENT = "endowment", _("Endowment (waqf)")
    COMMITTED = "committed", _("Committed to an organization")
    ORGANIZATION = "organization", _("Paid to an organization")
    ESCROW = "escrow", _("Pledges held until a campaign closes")
    INVESTOR = "investor", _("Repaid to a social bond's investor")
    OUTCOME_PAYER = "outcome_payer", _("Paid by a social bond's outcome payer")


EXTERNAL_ACCOUNTS = (
    AccountKind.SOURCE,
    AccountKind.EARNINGS,
    AccountKind.INVESTOR,
    AccountKind.OUTCOME_PAYER,
)


class TransactionKind(models.TextChoices):
    CONTRIBUTION = "contribution", _("Contribution")
    PLEDGE = "pledge", _("Pledge to a campaign")
    CAMPAIGN_CLOSE = "campaign_close", _("Campaign's pledges to the fund")
    INCOME = "income", _("Income of an endowment")
    COMMITMENT = "commitment", _("Commitment")
    RELEASE = "release", _("Release of a commitment")
    PAYMENT = "payment", _("Payment")
    REFUND = "refund", _("Refund to a contributor")
    RETURN = "return", _("Return of unspent funds")
    REVERSAL = "reversal", _("Reversal")
    BOND_REPAYMENT = "bond_repayment", _("Repayment of a social bond's investors")


class OperationKind(models.TextChoices):
    """Operations that a fund's quorum of funders approves before they are posted."""

    COMMITMENT = "commitment", _("Commitment")
    PAYMENT = "payment", _("Payment")


class OperationState(models.TextChoices):
    PENDING = "pending", _("Waiting for approvals")
    EXECUTED = "executed", _("Executed")
    REFUSED = "refused", _("Refused")
