"""Evaluations of applications on a call's weighted criteria, and evaluators' conflicts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Conflict(models.Model):
    """An evaluator's declared conflict of interest: with a region (all its bodies) or
    with one organization. The evaluator is never given their applications."""

    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conflicts"
    )
    region = models.ForeignKey(
        "territory.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "registry.Organization", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    reason = models.CharField(_("reason"), max_length=300)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("declared conflict of interest")
        verbose_name_plural = _("declared conflicts of interest")
        constraints = [
            models.CheckConstraint(
                name="conflict_names_region_or_organization",
                condition=models.Q(region__isnull=False) | models.Q(organization__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluator_id}: {self.region_id or self.organization_id}"


class Evaluation(models.Model):
    """One evaluator's scores (0 to 10 per criterion) and their weighted total (0 to 100)."""

    application = models.ForeignKey(
        "funding.Application", on_delete=models.PROTECT, related_name="evaluations"
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evaluations"
    )
    scores = models.JSONField(_("scores per criterion"))
    total = models.FloatField(_("weighted score out of 100"))
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "evaluator"], name="one_evaluation_per_evaluator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} by {self.evaluator_id}: {self.total:.1f}"
