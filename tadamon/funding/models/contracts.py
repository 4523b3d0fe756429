"""Outcome contracts (the concepts of the INDIGO data standard): for a funded application,
outcome metrics with their price, caps, reporting periods, the results reported by
the organization, their verification, and what each payment paid for."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ContractState(models.TextChoices):
    AWAITING_COMMITMENT = "awaiting_commitment", _("Awaiting the commitment's approvals")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class ResultState(models.TextChoices):
    REPORTED = "reported", _("Reported, awaiting verification")
    ACCEPTED = "accepted", _("Accepted")
    ADJUSTED = "adjusted", _("Adjusted by the verifier")
    REJECTED = "rejected", _("Rejected")


VERIFIED_STATES = (ResultState.ACCEPTED, ResultState.ADJUSTED)


class OutcomeContract(models.Model):
    application = models.OneToOneField(
        "funding.Application", on_delete=models.PROTECT, related_name="contract"
    )
    fund = models.ForeignKey("funding.Fund", on_delete=models.PROTECT, related_name="contracts")
    organization = models.ForeignKey(
        "registry.Organization", on_delete=models.PROTECT, related_name="outcome_contracts"
    )
    payment_cap = models.BigIntegerField(_("payment cap (centimes)"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    outcome_payers = models.ManyToManyField(
        "funding.Funder", verbose_name=_("outcome payers"), related_name="contracts_paid"
    )
    verifiers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("verifiers"), related_name="contracts_verified"
    )
    commitment = models.OneToOneField(
        "funding.Operation", on_delete=models.PROTECT, related_name="commitment_of"
    )
    state = models.CharField(
        max_length=24, choices=ContractState.choices, default=ContractState.AWAITING_COMMITMENT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("outcome contract")
        verbose_name_plural = _("outcome contracts")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                name="contract_cap_positive", condition=models.Q(payment_cap__gt=0)
            )
        ]

    def __str__(self) -> str:
        return f"contract {self.pk} ({self.organization_id})"


class OutcomeMetric(models.Model):
    """What the contract pays for: each verified unit of this outcome at its price."""

    contract = models.ForeignKey(OutcomeContract, on_delete=models.PROTECT, related_name="metrics")
    code = models.SlugField(max_length=40)
    definition_ar = models.CharField(_("definition in Arabic"), max_length=300)
    definition_fr = models.CharField(_("definition in French"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60)
    baseline = models.FloatField(_("baseline"))
    target = models.FloatField(_("target"))
    price = models.BigIntegerField(_("price per unit of outcome (centimes)"))
    cap = models.BigIntegerField(_("cap on this metric (centimes)"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "code"], name="one_metric_code_per_contract"
            ),
            models.CheckConstraint(name="metric_price_positive", condition=models.Q(price__gt=0)),
        ]

    def __str__(self) -> str:
        return self.code


class ReportingPeriod(models.Model):
    contract = models.ForeignKey(OutcomeContract, on_delete=models.PROTECT, related_name="periods")
    number = models.PositiveSmallIntegerField()
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "number"], name="one_period_number_per_contract"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.starts_on} – {self.ends_on}"


class Result(models.Model):
    """The value of one metric over one period, as reported, then as verified."""

    metric = models.ForeignKey(OutcomeMetric, on_delete=models.PROTECT, related_name="results")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="results")
    reported_value = models.FloatField(_("value reported"))
    evidence = models.FileField(_("evidence"), upload_to="funding/evidence/%Y/")
    note = models.TextField(_("note"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now=True)
    state = models.CharField(
        max_length=12, choices=ResultState.choices, default=ResultState.REPORTED
    )
    verified_value = models.FloatField(_("value verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verification_reason = models.CharField(max_length=300, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "period"], name="one_result_per_metric_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.metric_id}/{self.period_id}: {self.state}"


class ResultPayment(models.Model):
    """The part of a payment operation that pays for one verified result."""

    operation = models.ForeignKey(
        "funding.Operation", on_delete=models.PROTECT, related_name="result_payments"
    )
    result = models.ForeignKey(Result, on_delete=models.PROTECT, related_name="payments")
    amount = models.BigIntegerField(_("amount (centimes)"))

    def __str__(self) -> str:
        return f"{self.result_id}: {self.amount}"
