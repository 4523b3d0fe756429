"""Filing and correcting the yearly declaration.

One declaration per organization and year. Filing again for the same year is a
correction: the figures are replaced, and the replaced ones stay in the history.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from tadamon.errors import DomainError, ValidationFailed
from tadamon.history.chain import Change, record
from tadamon.registry.models import DECLARATION_FIGURES, Declaration, Organization
from tadamon.registry.rules import declaration_errors
from tadamon.registry.services.permissions import require_edit_profile
from tadamon.registry.services.snapshots import declaration_snapshot

MONEY_FIGURES = ("revenue_mad", "value_added_mad", "subsidies_mad")


def _clean_figures(figures: dict[str, Any]) -> dict[str, Any]:
    unknown = set(figures) - set(DECLARATION_FIGURES)
    if unknown:
        name = sorted(unknown)[0]
        raise DomainError(
            "declaration_field_unknown",
            f"الحقل «{name}» غير موجود في التصريح السنوي",
            f"Le champ « {name} » n'existe pas dans la déclaration annuelle",
            name,
        )
    cleaned: dict[str, Any] = {}
    for name in DECLARATION_FIGURES:
        value = figures.get(name)
        if value in (None, ""):
            cleaned[name] = None
            continue
        try:
            if name in MONEY_FIGURES:
                cleaned[name] = Decimal(str(value)).quantize(Decimal("0.01"))
            else:
                cleaned[name] = int(value)
        except (InvalidOperation, TypeError, ValueError):
            raise DomainError(
                "not_a_number",
                f"القيمة «{value}» في الحقل {name} ليست عددا",
                f"La valeur « {value} » du champ {name} n'est pas un nombre",
                name,
            ) from None
    return cleaned


@transaction.atomic
def file_declaration(
    actor, organization: Organization, year: int, figures: dict[str, Any]
) -> Declaration:
    """File (or correct) the organization's declaration for `year`."""
    organization = Organization.objects.select_related("province").get(pk=organization.pk)
    require_edit_profile(actor, organization)
    if organization.status == "submitted":
        raise DomainError(
            "declaration_not_registered",
            "لا يمكن التصريح لهيئة لم تسجل بعد",
            "Une organisation pas encore enregistrée ne peut pas déposer de déclaration",
            "organization",
        )
    cleaned = _clean_figures(figures)
    errors = declaration_errors(int(year), cleaned, organization.founding_date)
    if errors:
        raise ValidationFailed(errors)
    existing = (
        Declaration.objects.select_for_update().filter(organization=organization, year=year).first()
    )
    before = declaration_snapshot(existing) if existing else None
    declaration = existing or Declaration(organization=organization, year=year)
    for name, value in cleaned.items():
        setattr(declaration, name, value)
    after = declaration_snapshot(declaration)
    if before == after:
        return declaration
    declaration.save()
    record(
        actor,
        Change(
            "declaration:correct" if existing else "declaration:file",
            "organization",
            str(organization.pk),
            before,
            after,
        ),
    )
    return declaration
