"""Crowdfunding campaigns for one project: pledges towards a goal by a deadline, kept in
escrow on the ledger until the campaign closes; all-or-nothing campaigns refund every
pledge when they miss their goal, keep-what-you-raise campaigns keep what came in."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignMode(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", _("All or nothing")
    KEEP_WHAT_YOU_RAISE = "keep", _("Keep what you raise")


class CampaignState(models.TextChoices):
    OPEN = "open", _("Open")
    SUCCEEDED = "succeeded", _("Succeeded: the money goes to the fund")
    FAILED = "failed", _("Failed: pledges refunded")


class Campaign(models.Model):
    fund = models.ForeignKey("funding.Fund", on_delete=models.PROTECT, related_name="campaigns")
    organization = models.ForeignKey(
        "registry.Organization", on_delete=models.PROTECT, related_name="campaigns"
    )
    title_ar = models.CharField(_("title in Arabic"), max_length=200)
    title_fr = models.CharField(_("title in French"), max_length=200)
    goal = models.BigIntegerField(_("goal (centimes)"))
    deadline = models.DateField(_("deadline"))
    mode = models.CharField(max_length=20, choices=CampaignMode.choices)
    state = models.CharField(max_length=12, choices=CampaignState.choices, default="open")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(name="campaign_goal_positive", condition=models.Q(goal__gt=0))
        ]

    def __str__(self) -> str:
        return self.title_fr


class Pledge(models.Model):
    """One donor's pledge; the donor is named as they wish to appear (or anonymous)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="pledges")
    donor = models.CharField(_("donor"), max_length=120, blank=True)
    amount = models.BigIntegerField(_("amount (centimes)"))
    transaction = models.OneToOneField(
        "funding.LedgerTransaction", on_delete=models.PROTECT, related_name="pledge"
    )
    refund = models.OneToOneField(
        "funding.LedgerTransaction", null=True, blank=True, on_delete=models.PROTECT,
        related_name="refunded_pledge",
    )  # fmt: skip
    pledged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(name="pledge_amount_positive", condition=models.Q(amount__gt=0))
        ]

    def __str__(self) -> str:
        return f"{self.donor or '—'}: {self.amount}"
