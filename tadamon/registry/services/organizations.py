"""Creating, registering and editing organizations."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import translation

from tadamon.accounts import scope
from tadamon.errors import DomainError, PermissionDeniedError, ValidationFailed
from tadamon.history.chain import Change, record, writes_history
from tadamon.registry.models import Organization, Sector
from tadamon.registry.rules import organization_errors
from tadamon.registry.services.memberships import check_memberships_allow_form
from tadamon.registry.services.permissions import (
    require_change,
    require_not_merged,
    require_register_in,
)
from tadamon.registry.services.snapshots import (
    ORGANIZATION_FIELDS,
    changed_fields,
    organization_snapshot,
)
from tadamon.search.indexing import index_organizations
from tadamon.territory.models import Province

# Set only by the lifecycle service, never by an edit: the registration date
# is the date the registration took effect, and the number's year follows it.
LIFECYCLE_FIELDS = ("registry_id", "status", "registration_date")
REGISTRAR_FIELDS = tuple(f for f in ORGANIZATION_FIELDS if f not in LIFECYCLE_FIELDS)
# What a representative may change on its own organization's public profile.
PROFILE_FIELDS = ("acronym", "commune", "address", "activity", "phone", "email", "website")


def _resolve_references(fields: dict[str, Any]) -> dict[str, Any]:
    """Accept province/sector as objects or codes; return model field names with ids."""
    fields = dict(fields)
    if "province" in fields:
        province = fields.pop("province")
        fields["province_id"] = province.code if isinstance(province, Province) else province
    if "sector" in fields:
        sector = fields.pop("sector")
        fields["sector_id"] = sector.code if isinstance(sector, Sector) else (sector or None)
    for date_field in ("founding_date", "registration_date", "public_utility_date"):
        value = fields.get(date_field)
        if value is not None and not isinstance(value, dt.date):
            raise DomainError(
                "date_invalid",
                f"التاريخ «{value}» غير صالح (الصيغة المنتظرة: سنة-شهر-يوم)",
                f"Date « {value} » invalide (format attendu : AAAA-MM-JJ)",
                date_field,
            )
    for text_field in ("name_ar", "name_fr", "acronym", "external_id", "ice", "commune"):
        if isinstance(fields.get(text_field), str):
            fields[text_field] = fields[text_field].strip()
    return fields


def _province_or_error(code: str | None) -> Province:
    province = Province.objects.filter(code=code).first() if code else None
    if province is None:
        raise DomainError(
            "province_unknown",
            f"الإقليم أو العمالة «{code or ''}» غير موجود",
            f"Province ou préfecture « {code or ''} » inconnue",
            "province",
        )
    return province


def _check_sector(code: str | None) -> None:
    if code and not Sector.objects.filter(code=code).exists():
        raise DomainError(
            "sector_unknown",
            f"القطاع «{code}» غير موجود في لائحة القطاعات",
            f"Secteur « {code} » absent de la liste des secteurs",
            "sector",
        )


def _check_field_formats(organization: Organization) -> None:
    """Lengths and formats the model declares, reported in Arabic and French."""
    try:
        organization.full_clean(exclude=["province", "sector"], validate_constraints=False)
    except ValidationError:
        errors = []
        messages = {}
        for language in ("ar", "fr"):
            with translation.override(language):
                try:
                    organization.full_clean(
                        exclude=["province", "sector"], validate_constraints=False
                    )
                except ValidationError as failure:
                    messages[language] = failure.message_dict
        for field, texts in messages["ar"].items():
            french = messages["fr"].get(field, texts)
            errors.append(DomainError("invalid_value", texts[0], french[0], field))
        raise ValidationFailed(errors) from None


def _validate(fields: dict[str, Any]) -> None:
    errors = organization_errors(fields)
    if errors:
        raise ValidationFailed(errors)


def _labels(names, language: str) -> str:
    """The fields' names as the forms show them, in one language ("الحالة", not "status")."""
    labels = []
    with translation.override(language):
        for name in sorted(names):
            labels.append(_label(name))
    return "، ".join(labels) if language == "ar" else ", ".join(labels)


def _label(name: str) -> str:
    for candidate in (name, name.removesuffix("_id")):
        try:
            return str(Organization._meta.get_field(candidate).verbose_name)
        except FieldDoesNotExist:
            continue
    return name  # not a field of the model: its code is all there is


def check_new_organization(actor, fields: dict[str, Any]) -> Organization:
    """Check permission and every rule for a new application; return it unsaved.

    Forms call this to show errors next to their fields; create_organization
    calls it before writing, so both apply the same rules.
    """
    fields = _resolve_references(fields)
    unknown = set(fields) - set(REGISTRAR_FIELDS)
    if unknown:
        raise DomainError(
            "field_not_settable",
            f"لا يمكن تحديد هذه الحقول عند الإيداع: {_labels(unknown, 'ar')}",
            f"Ces champs ne peuvent pas être fixés au dépôt : {_labels(unknown, 'fr')}",
            sorted(unknown)[0],
        )
    province = _province_or_error(fields.get("province_id"))
    require_register_in(actor, province)
    _check_sector(fields.get("sector_id"))
    _validate(fields)
    organization = Organization(**fields, status="submitted")
    _check_field_formats(organization)
    return organization


@writes_history
def create_organization(actor, fields: dict[str, Any]) -> Organization:
    """Record an application: the organization is `submitted`, without a registry number."""
    organization = check_new_organization(actor, fields)
    organization.save()
    index_organizations([organization])
    record(
        actor,
        Change(
            "create",
            "organization",
            str(organization.pk),
            None,
            organization_snapshot(organization),
        ),
    )
    flag_lookalikes(actor, organization)
    return organization


def flag_lookalikes(actor, organization: Organization) -> list:
    """Put the new organization's likely duplicates before a registrar (identity flags)."""
    from tadamon.identity.services import flag_pair
    from tadamon.search.duplicates import likely_duplicates

    fields = {name: getattr(organization, name) for name in ORGANIZATION_FIELDS}
    fields["province_id"] = organization.province_id
    found = likely_duplicates(fields, exclude=organization.pk)
    for candidate in found:
        flag_pair(
            actor, candidate.organization, organization, candidate.score, candidate.reasons,
            "registration",
        )  # fmt: skip
    return found


@writes_history
def register_organization(
    actor,
    fields: dict[str, Any],
    reason: str = "",
    effective_on: dt.date | None = None,
    *,
    duplicates_reviewed: bool = False,
) -> Organization:
    """Create and register in one step: the registrar has the complete file in hand.

    If the organization looks like one already in the registry, nothing is
    written and the error names the look-alikes, unless the registrar says it
    checked them (`duplicates_reviewed`): the flags are then recorded as
    rejected by that registrar, with the history saying so."""
    from tadamon.identity.services import reject_flag
    from tadamon.registry.services.lifecycle import change_status

    organization = create_organization(actor, fields)
    flags = list(open_duplicate_flags(organization))
    if flags and not duplicates_reviewed:
        raise possible_duplicate_error(organization, flags)
    for flag in flags:
        reject_flag(
            actor,
            flag,
            "تحقق منه المسجل عند التسجيل / Vérifié par le registraire à l'enregistrement",
        )
    return change_status(
        actor,
        organization,
        "registered",
        reason or "تسجيل مباشر / Enregistrement direct",
        effective_on,
    )


def open_duplicate_flags(organization: Organization):
    from tadamon.identity.services import open_flags_for

    return open_flags_for(organization)


def possible_duplicate_error(organization: Organization, flags, describe=None) -> DomainError:
    """The refusal that names the look-alikes a registrar must decide on first."""
    others = [f.org_a if f.org_b_id == organization.pk else f.org_b for f in flags]
    names = [f"{o.registry_id or o.pk} «{o.name_ar or o.name_fr}»" for o in others]
    return DomainError(
        "possible_duplicate",
        "قد تكون هذه الهيئة مسجلة من قبل: "
        + "، ".join(names)
        + ". أكد التكرار (دمج) أو ارفضه قبل التسجيل.",
        "Cette organisation est peut-être déjà au registre : "
        + ", ".join(names)
        + ". Confirmez le doublon (fusion) ou écartez-le avant l'enregistrement.",
        "name_ar",
    )


def check_changes(actor, organization: Organization, changes: dict[str, Any]) -> Organization:
    """Check permission and every rule for an edit; return a changed copy, unsaved.

    Registrars of its region may change every field but the registry number and
    status (the lifecycle's); its representative only the public profile.
    """
    changes = _resolve_references(changes)
    require_not_merged(organization)
    if scope.can_change(actor, organization):
        allowed = REGISTRAR_FIELDS
    elif scope.is_representative_of(actor, organization):
        allowed = PROFILE_FIELDS
    else:
        require_change(actor, organization)  # raises with the standard message
        allowed = ()
    forbidden = set(changes) - set(allowed)
    if forbidden:
        raise PermissionDeniedError(
            f"لا يمكنك تعديل هذه الحقول: {', '.join(sorted(forbidden))}",
            f"Vous ne pouvez pas modifier ces champs : {', '.join(sorted(forbidden))}",
        )
    if "province_id" in changes and changes["province_id"] != organization.province_id:
        require_register_in(actor, _province_or_error(changes["province_id"]))
    if "sector_id" in changes:
        _check_sector(changes["sector_id"])
    if "legal_form" in changes and changes["legal_form"] != organization.legal_form:
        check_memberships_allow_form(organization, changes["legal_form"])
    changed = copy.copy(organization)
    for name, value in changes.items():
        setattr(changed, name, value)
    _validate({name: getattr(changed, name) for name in ORGANIZATION_FIELDS})
    _check_field_formats(changed)
    return changed


@writes_history
def update_organization(actor, organization: Organization, changes: dict[str, Any]) -> Organization:
    """Edit the record after check_changes; records only the fields that changed."""
    current = Organization.objects.select_for_update().get(pk=organization.pk)
    before = organization_snapshot(current)
    changed = check_changes(actor, current, changes)
    after = organization_snapshot(changed)
    if after == before:
        return current
    changed.save()
    diff = changed_fields(before, after)
    if {"name_ar", "name_fr", "province_id", "legal_form"} & diff.keys():
        index_organizations([changed])
    record(
        actor,
        Change("update", "organization", str(changed.pk), {k: before[k] for k in diff}, diff),
    )
    return changed
