"""Duplicate flags: pairs of organizations that look like one body, for a registrar to decide.

Flags are raised by the batch deduplication (`tadamon dedup`), by the check at
registration and by import; a registrar confirms one (the pair is merged) or
rejects it (the pair is never raised again). Writes go through
`identity.services`, which checks scope and records the history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class DedupRun(models.Model):
    """One run of the batch deduplication: what it looked at, found and wrote, and how long."""

    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    threshold = models.FloatField(_("threshold"))
    organizations = models.PositiveIntegerField(_("organizations compared"), default=0)
    pairs_compared = models.BigIntegerField(_("pairs compared"), default=0)
    pairs_found = models.PositiveIntegerField(_("pairs above the threshold"), default=0)
    clusters = models.PositiveIntegerField(_("clusters"), default=0)
    flags_raised = models.PositiveIntegerField(_("new flags"), default=0)
    flags_updated = models.PositiveIntegerField(_("open flags updated"), default=0)
    pairs_skipped = models.PositiveIntegerField(_("pairs already decided"), default=0)
    timings = models.JSONField(_("timings (s)"), default=dict)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("deduplication run")
        verbose_name_plural = _("deduplication runs")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} ({self.pairs_found})"


class FlagSource(models.TextChoices):
    BATCH = "batch", _("batch deduplication")
    REGISTRATION = "registration", _("registration check")
    IMPORT = "import", _("import")


class FlagStatus(models.TextChoices):
    OPEN = "open", _("open")
    CONFIRMED = "confirmed", _("confirmed (merged)")
    REJECTED = "rejected", _("rejected (two bodies)")


class DuplicateFlagQuerySet(models.QuerySet):
    def open(self) -> DuplicateFlagQuerySet:
        return self.filter(status=FlagStatus.OPEN)

    def involving(self, organization) -> DuplicateFlagQuerySet:
        return self.filter(Q(org_a=organization) | Q(org_b=organization))

    def reviewable_by(self, user) -> DuplicateFlagQuerySet:
        """The flags a registrar decides: a regional one only when both are in its region."""
        from tadamon.accounts import scope

        if scope.is_national_registrar(user):
            return self.all()
        if scope.role_of(user) == "regional_registrar":
            return self.filter(
                org_a__province__region_id=user.region_id,
                org_b__province__region_id=user.region_id,
            )
        return self.none()


class DuplicateFlag(models.Model):
    """Two organizations that may be one body. One row per pair, ever (org_a.id < org_b.id)."""

    org_a = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    org_b = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("possible duplicate"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    score = models.FloatField(_("score"), help_text=_("Match probability, 0 to 1."))
    # Codes of the comparisons that agreed ("same_name_across_scripts", "same_ice", ...),
    # shown in the page's language by identity.reasons.
    reasons = models.JSONField(_("reasons"), default=list)
    source = models.CharField(_("source"), max_length=16, choices=FlagSource.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=FlagStatus.choices, default=FlagStatus.OPEN
    )
    run = models.ForeignKey(
        DedupRun,
        verbose_name=_("run"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="flags",
    )
    cluster = models.CharField(_("cluster"), max_length=32, blank=True)
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    objects = DuplicateFlagQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "id"]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            models.UniqueConstraint(fields=["org_a", "org_b"], name="one_flag_per_pair"),
            models.CheckConstraint(name="flag_pair_in_order", condition=Q(org_a__lt=F("org_b"))),
            models.CheckConstraint(
                name="decided_flag_has_decision",
                condition=Q(status=FlagStatus.OPEN) | Q(decided_at__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["status", "-score"])]

    def __str__(self) -> str:
        return f"{self.org_a_id} ~ {self.org_b_id} ({self.score:.2f})"


# What each reason code means, in the page's language (codes come from
# dedup.pipeline.REASONS and from the registration check).
REASON_LABELS = {
    "same_name": _("same name"),
    "same_name_across_scripts": _("same name across scripts"),
    "same_key_other_words": _("same name, other words"),
    "similar_name": _("similar name"),
    "similar_name_other_words": _("similar name, other words"),
    "same_commune": _("same commune"),
    "same_province": _("same province"),
    "same_region": _("same region"),
    "same_legal_form": _("same legal form"),
    "same_founding_date": _("same founding date"),
    "close_founding_date": _("founding dates within a year"),
    "same_ice": _("same ICE"),
    "same_phone": _("same phone"),
    "same_address": _("same address"),
}


def reason_label(code: str) -> str:
    return str(REASON_LABELS.get(code, code))
