"""Calls for proposals on a fund, their eligibility rules, and the applications to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CallState(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ApplicationState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Call(models.Model):
    """A call for proposals on one fund. Its eligibility rules are checked against the
    registry when an organization applies (tadamon.funding.eligibility); the rules a
    call always has (registered, no open duplicate flag) are not fields."""

    fund = models.ForeignKey("funding.Fund", on_delete=models.PROTECT, related_name="calls")
    code = models.SlugField(_("code"), max_length=40, unique=True)
    title_ar = models.CharField(_("title in Arabic"), max_length=200)
    title_fr = models.CharField(_("title in French"), max_length=200)
    description_ar = models.TextField(_("description in Arabic"), blank=True)
    description_fr = models.TextField(_("description in French"), blank=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    state = models.CharField(max_length=10, choices=CallState.choices, default=CallState.OPEN)
    budget = models.BigIntegerField(_("budget (centimes)"))
    # Eligibility: empty lists mean "any".
    legal_forms = models.JSONField(_("eligible legal forms"), default=list, blank=True)
    regions = models.JSONField(_("eligible regions"), default=list, blank=True)
    sectors = models.JSONField(_("eligible sectors"), default=list, blank=True)
    min_age_years = models.PositiveSmallIntegerField(_("minimum age (years)"), default=0)
    declaration_required = models.BooleanField(
        _("declaration of the last year required"), default=True
    )
    # What evaluation and allocation need.
    criteria = models.JSONField(
        _("criteria"), default=list, blank=True,
        help_text=_('[{"code": …, "name_ar": …, "name_fr": …, "weight": …}]'),
    )  # fmt: skip
    partial_funding = models.BooleanField(_("partial funding allowed"), default=False)
    min_underserved_share = models.FloatField(
        _("least share for underserved territories"), null=True, blank=True,
        help_text=_("Of the amount allocated, for the provinces the observatory finds "
                    "underserved (0 to 1)."),
    )  # fmt: skip
    max_region_share = models.FloatField(
        _("largest share of one region"), null=True, blank=True,
        help_text=_("Of the amount allocated (0 to 1)."),
    )  # fmt: skip
    evaluations_needed = models.PositiveSmallIntegerField(
        _("evaluations per application"), default=2
    )
    disagreement_threshold = models.FloatField(
        _("disagreement threshold (points out of 100)"), default=20.0,
        help_text=_("Scores further apart than this call for one more evaluation."),
    )  # fmt: skip
    evaluators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("evaluators"), related_name="calls_evaluated",
        blank=True,
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")
        ordering = ["-opens_on", "code"]
        constraints = [
            models.CheckConstraint(name="call_budget_positive", condition=models.Q(budget__gt=0)),
            models.CheckConstraint(
                name="call_closes_after_opening",
                condition=models.Q(closes_on__gte=models.F("opens_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.title_fr}"


class Application(models.Model):
    """An organization's proposal to a call: its budget lines and the outcomes it expects."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    organization = models.ForeignKey(
        "registry.Organization", on_delete=models.PROTECT, related_name="applications"
    )
    title = models.CharField(_("project title"), max_length=200)
    budget_lines = models.JSONField(
        _("budget lines"), help_text=_('[{"label": …, "amount": centimes}]')
    )
    requested = models.BigIntegerField(_("amount requested (centimes)"))
    minimum = models.BigIntegerField(
        _("smallest useful amount (centimes)"), null=True, blank=True,
        help_text=_("For calls that allow partial funding."),
    )  # fmt: skip
    outcomes = models.JSONField(
        _("expected outcomes"),
        help_text=_('[{"indicator": …, "unit": …, "baseline": …, "target": …}]'),
    )
    state = models.CharField(
        max_length=12, choices=ApplicationState.choices, default=ApplicationState.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "organization"], name="one_application_per_call"
            ),
            models.CheckConstraint(
                name="application_requested_positive", condition=models.Q(requested__gt=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call_id}/{self.organization_id}: {self.title}"


class AllocationRun(models.Model):
    """One computed allocation of a call: its rules, what each equity rule cost in
    score, the plain ranking's score, and the grants (AllocatedGrant)."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="allocations")
    computed_at = models.DateTimeField(auto_now_add=True)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rules = models.JSONField()
    underserved_provinces = models.JSONField(default=list)
    total_score = models.FloatField()
    total_amount = models.BigIntegerField()
    optimal = models.BooleanField()
    rule_prices = models.JSONField(default=list)
    ranking_score = models.FloatField()
    ranking_amount = models.BigIntegerField()
    ranking_breaks = models.JSONField(default=list)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"allocation {self.pk} of {self.call_id}"


class AllocatedGrant(models.Model):
    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="grants")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="+")
    amount = models.BigIntegerField(_("amount (centimes)"))
    fraction = models.FloatField()

    def __str__(self) -> str:
        return f"{self.application_id}: {self.amount}"
