"""Social bonds: investors' capital pre-finances the outcome contracts of a social-bond
fund; an outcome payer repays the investors their capital and a return, only for the
outcomes verified and paid, on the dates of the bond's schedule."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class BondTerms(models.Model):
    fund = models.OneToOneField("funding.Fund", on_delete=models.PROTECT, related_name="bond")
    outcome_payer = models.ForeignKey(
        "funding.Funder", on_delete=models.PROTECT, related_name="bonds_paid"
    )
    return_rate = models.FloatField(
        _("return on outcomes paid"),
        help_text=_("Share added to the capital repaid for verified outcomes (0.05: 5 %)."),
    )
    schedule = models.JSONField(_("repayment dates"), help_text=_("ISO dates, in order."))

    class Meta:
        verbose_name = _("social bond terms")
        verbose_name_plural = _("social bond terms")
        constraints = [
            models.CheckConstraint(
                name="bond_return_between_0_and_1",
                condition=models.Q(return_rate__gte=0) & models.Q(return_rate__lte=1),
            )
        ]

    def __str__(self) -> str:
        return f"bond terms of {self.fund_id}"
