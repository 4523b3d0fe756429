"""Filing and correcting the yearly declaration.

One declaration per organization and year. Filing again for the same year is a
correction: the figures are replaced, and the replaced ones stay in the history.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from tadamon.errors import DomainError, ValidationFailed
from tadamon.history.chain import Change, record, writes_history
from tadamon.registry.models import DECLARATION_FIGURES, Declaration, Organization
from tadamon.registry.rules import FIELD_LABELS, declaration_errors
from tadamon.registry.services.permissions import require_edit_profile, require_not_merged
from tadamon.registry.services.snapshots import declaration_snapshot

MONEY_FIGURES = ("revenue_mad", "value_added_mad", "subsidies_mad")


def clean_figures(figures: dict[str, Any]) -> dict[str, Any]:
    """The figures as the columns hold them (empty means not known), or a bilingual error
    naming the first unreadable field. Also used to check a declaration as it is typed."""
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
        cleaned[name] = None if value in (None, "") else _figure(name, value)
    return cleaned


# What the columns hold: amounts up to 10^14 dirhams (16 digits, 2 decimals),
# counts up to PostgreSQL's integer.
MAX_AMOUNT = Decimal("99999999999999.99")
MAX_COUNT = 2_147_483_647


def _not_a_number(name: str, value: Any) -> DomainError:
    ar, fr = FIELD_LABELS.get(name, (name, name))
    return DomainError(
        "not_a_number",
        f"{ar}: القيمة «{value}» ليست عددا صالحا",
        f"{fr} : la valeur « {value} » n'est pas un nombre valide",
        name,
    )


def _figure(name: str, value: Any) -> Decimal | int:
    """One figure as the column holds it, or a bilingual error naming the field."""
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise _not_a_number(name, value) from None
    if not number.is_finite():
        raise _not_a_number(name, value)
    ar, fr = FIELD_LABELS.get(name, (name, name))
    if name in MONEY_FIGURES:
        if abs(number) > MAX_AMOUNT:
            raise DomainError(
                "figure_too_large",
                f"{ar}: المبلغ {value} يتجاوز الحد المقبول",
                f"{fr} : le montant {value} dépasse la limite admise",
                name,
            )
        return number.quantize(Decimal("0.01"))
    if number != number.to_integral_value():
        raise DomainError(
            "not_a_whole_number",
            f"{ar}: يجب أن يكون عددا صحيحا، لا {value}",
            f"{fr} : un nombre entier est attendu, pas {value}",
            name,
        )
    if abs(number) > MAX_COUNT:
        raise DomainError(
            "figure_too_large",
            f"{ar}: العدد {value} يتجاوز الحد المقبول",
            f"{fr} : le nombre {value} dépasse la limite admise",
            name,
        )
    return int(number)


@writes_history
def file_declaration(
    actor, organization: Organization, year: int, figures: dict[str, Any]
) -> Declaration:
    """File (or correct) the organization's declaration for `year`."""
    organization = Organization.objects.select_related("province").get(pk=organization.pk)
    require_edit_profile(actor, organization)
    require_not_merged(organization)
    if organization.status == "submitted":
        raise DomainError(
            "declaration_not_registered",
            "لا يمكن التصريح لهيئة لم تسجل بعد",
            "Une organisation pas encore enregistrée ne peut pas déposer de déclaration",
            "organization",
        )
    if not isinstance(year, int) or not 1900 <= year <= 2200:
        raise DomainError(
            "year_invalid",
            f"السنة «{year}» غير صالحة",
            f"Année « {year} » invalide",
            "year",
        )
    cleaned = clean_figures(figures)
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
