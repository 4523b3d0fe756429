"""Funders, funds with their earmarks, the double-entry ledger and quorum approvals.

Money is an integer number of centimes (BigIntegerField), never a float. Balances
are never stored: they are the sum of an account's entries. Entries are never
changed: a mistake is undone by a reversal transaction. Every row here is
written by tadamon.funding.services, which checks the rules and records history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tadamon.funding.vocabulary import (
    AccountKind,
    CostType,
    OperationKind,
    OperationState,
    SourceType,
    TransactionKind,
)


class Funder(models.Model):
    """A body that puts money in funds: a ministry, a region, INDH, an impact
    investor, a zakat committee, a waqf administration, a donor."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_fr = models.CharField(_("name in French"), max_length=200)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("staff"), related_name="funders", blank=True
    )

    class Meta:
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name_ar} — {self.name_fr}"


class Fund(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_fr = models.CharField(_("name in French"), max_length=200)
    source_type = models.CharField(_("source"), max_length=20, choices=SourceType.choices)
    currency = models.CharField(_("currency"), max_length=3, default="MAD")
    funders = models.ManyToManyField(Funder, verbose_name=_("funders"), related_name="funds")
    quorum = models.PositiveSmallIntegerField(
        _("approvals needed"),
        default=1,
        help_text=_("How many of the fund's funders approve each commitment and payment."),
    )
    # Earmarks: rules the services enforce, empty lists meaning "no restriction".
    zakat_categories = models.JSONField(
        _("eligible zakat categories"), default=list, blank=True,
        help_text=_("Zakat funds only: the categories of beneficiaries its scholars list."),
    )  # fmt: skip
    regions = models.JSONField(_("regions allowed"), default=list, blank=True)
    legal_forms = models.JSONField(_("legal forms allowed"), default=list, blank=True)
    sectors = models.JSONField(_("sectors allowed"), default=list, blank=True)
    themes = models.JSONField(_("themes allowed"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(name="fund_quorum_positive", condition=models.Q(quorum__gte=1)),
            models.CheckConstraint(name="fund_currency_mad", condition=models.Q(currency="MAD")),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.name_fr}"


class LedgerAccount(models.Model):
    """An account of the ledger. `key` names it uniquely (fund, kind and, where it
    applies, the organization or the funder), so that it is found or made once."""

    key = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=AccountKind.choices)
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="accounts")
    organization = models.ForeignKey(
        "registry.Organization", null=True, blank=True, on_delete=models.PROTECT,
        related_name="funding_accounts",
    )  # fmt: skip
    funder = models.ForeignKey(
        Funder, null=True, blank=True, on_delete=models.PROTECT, related_name="accounts"
    )

    class Meta:
        verbose_name = _("ledger account")
        verbose_name_plural = _("ledger accounts")

    def __str__(self) -> str:
        return self.key


class LedgerTransaction(models.Model):
    """One movement of money: entries that add up to zero."""

    kind = models.CharField(max_length=20, choices=TransactionKind.choices)
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="transactions")
    organization = models.ForeignKey(
        "registry.Organization", null=True, blank=True, on_delete=models.PROTECT,
        related_name="funding_transactions",
    )  # fmt: skip
    amount = models.BigIntegerField(_("amount (centimes)"))
    memo = models.CharField(max_length=300, blank=True)
    purpose = models.JSONField(default=dict, blank=True)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    operation = models.OneToOneField(
        "Operation", null=True, blank=True, on_delete=models.PROTECT, related_name="transaction"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("ledger transaction")
        verbose_name_plural = _("ledger transactions")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                name="transaction_amount_positive", condition=models.Q(amount__gt=0)
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class LedgerEntry(models.Model):
    """One side of a transaction: money in (positive) or out (negative) of an account."""

    transaction = models.ForeignKey(
        LedgerTransaction, on_delete=models.PROTECT, related_name="entries"
    )
    account = models.ForeignKey(LedgerAccount, on_delete=models.PROTECT, related_name="entries")
    amount = models.BigIntegerField(_("amount (centimes)"))

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [models.Index(fields=["account", "amount"], name="entry_account_amount")]
        constraints = [
            models.CheckConstraint(name="entry_amount_not_zero", condition=~models.Q(amount=0))
        ]

    def __str__(self) -> str:
        return f"{self.account_id}: {self.amount:+d}"


class Operation(models.Model):
    """A commitment or payment waiting for the approvals of the fund's quorum; it is
    posted to the ledger when the last approval needed arrives, after its rules are
    checked again against the books of that moment."""

    kind = models.CharField(max_length=20, choices=OperationKind.choices)
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="operations")
    organization = models.ForeignKey(
        "registry.Organization", on_delete=models.PROTECT, related_name="funding_operations"
    )
    amount = models.BigIntegerField(_("amount (centimes)"))
    cost_type = models.CharField(max_length=20, choices=CostType.choices, default=CostType.ACTIVITY)
    beneficiary_categories = models.JSONField(default=list, blank=True)
    theme = models.CharField(max_length=60, blank=True)
    memo = models.CharField(max_length=300, blank=True)
    contract = models.ForeignKey(
        "funding.OutcomeContract", null=True, blank=True, on_delete=models.PROTECT,
        related_name="payment_operations",
    )  # fmt: skip
    state = models.CharField(
        max_length=20, choices=OperationState.choices, default=OperationState.PENDING
    )
    refusal = models.CharField(max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("operation awaiting approval")
        verbose_name_plural = _("operations awaiting approval")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                name="operation_amount_positive", condition=models.Q(amount__gt=0)
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.state})"


class Approval(models.Model):
    """One funder's approval of an operation, given by one of its staff."""

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="approvals")
    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, related_name="approvals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["operation", "funder"], name="one_approval_per_funder")
        ]

    def __str__(self) -> str:
        return f"{self.funder_id} approves {self.operation_id}"
