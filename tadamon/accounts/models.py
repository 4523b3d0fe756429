"""Users and their role in the registry.

A user holds exactly one role; a regional registrar is tied to a region and a
representative to one organization. The rules that follow from a role live
in `tadamon.accounts.scope`, so every interface asks the same questions.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    NATIONAL_REGISTRAR = "national_registrar", _("National registrar")
    REGIONAL_REGISTRAR = "regional_registrar", _("Regional registrar")
    REPRESENTATIVE = "representative", _("Organization representative")
    ANALYST = "analyst", _("Analyst")
    ADMINISTRATOR = "administrator", _("Administrator")


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
