"""Users and their role in the registry.

A user holds exactly one role; a regional registrar is tied to a region and a
representative to one organization. The rules that follow from a role live
in `tadamon.accounts.scope`, so every interface asks the same questions.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    NATIONAL_REGISTRAR = "national_registrar", _("National registrar")
    REGIONAL_REGISTRAR = "regional_registrar", _("Regional registrar")
    REPRESENTATIVE = "representative", _("Organization representative")
    ANALYST = "analyst", _("Analyst")
    ADMINISTRATOR = "administrator", _("Administrator")
    FUNDER = "funder", _("Funder / programme manager")
    EVALUATOR = "evaluator", _("Evaluator")
    VERIFIER = "verifier", _("Verifier")


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)
    region = models.ForeignKey(
        "territory.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Only for regional registrars: the region they may change."),
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="representatives",
        help_text=_("Only for representatives: the organization they speak for."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="regional_registrar_has_region",
                violation_error_message=_(
                    "A regional registrar needs a region. — يجب ربط المسجل الجهوي بجهة."
                ),
                condition=~models.Q(role="regional_registrar") | models.Q(region__isnull=False),
            ),
            models.CheckConstraint(
                name="representative_has_organization",
                violation_error_message=_(
                    "A representative needs an organization. — يجب ربط ممثل الهيئة بهيئته."
                ),
                condition=~models.Q(role="representative") | models.Q(organization__isnull=False),
            ),
        ]


class InvitationState(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")


class InvitationQuerySet(models.QuerySet):
    def pending(self, now: dt.datetime | None = None) -> InvitationQuerySet:
        """Those that can still open an account: neither used, revoked nor expired."""
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now or timezone.now()
        )


class Invitation(models.Model):
    """A registrar's invitation to represent one organization (tadamon.accounts.invitations).

    Only the SHA-256 of the token is kept: the link is shown to the registrar
    once and e-mailed, so a copy of the database gives nobody an account. An
    invitation is pending until it is accepted, revoked or past its expiry.
    """

    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mail"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    invited_by = models.ForeignKey(
        User, verbose_name=_("invited by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                name="invitation_accepted_by_someone",
                condition=models.Q(accepted_at__isnull=True, accepted_by__isnull=True)
                | models.Q(accepted_at__isnull=False, accepted_by__isnull=False),
            ),
            models.CheckConstraint(
                name="invitation_revoked_by_someone",
                condition=models.Q(revoked_at__isnull=True, revoked_by__isnull=True)
                | models.Q(revoked_at__isnull=False, revoked_by__isnull=False),
            ),
            # A used invitation opened an account: revoking it would undo nothing.
            models.CheckConstraint(
                name="invitation_not_accepted_and_revoked",
                condition=models.Q(accepted_at__isnull=True) | models.Q(revoked_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization_id}"

    def state(self, now: dt.datetime | None = None) -> str:
        """accepted, revoked, expired or pending (it can still open an account)."""
        if self.accepted_at is not None:
            return InvitationState.ACCEPTED
        if self.revoked_at is not None:
            return InvitationState.REVOKED
        if self.expires_at <= (now or timezone.now()):
            return InvitationState.EXPIRED
        return InvitationState.PENDING


class ApiToken(models.Model):
    """A key for the REST API, acting as its user with that user's role (tadamon.accounts.tokens).

    Only a SHA-256 digest of the key is kept: the key itself is shown once, when
    it is created. A revoked token stays, so the history keeps what it named.
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for."))
    # The first characters of the key, to recognise it in lists; not enough to use it.
    prefix = models.CharField(_("prefix"), max_length=16, editable=False)
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… {self.name} ({self.user_id})"

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None
