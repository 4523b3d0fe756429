"""What each role may do, asked the same way by services, pages, API and admin.

Roles (DESIGN.md): the public reads public fields of organizations that are on
the register; a representative reads and edits its own organization; a
regional registrar registers and changes organizations of its region; a
national registrar does so nationwide; an analyst reads everything but private
fields; an administrator manages users and roles only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tadamon.accounts.models import Role

if TYPE_CHECKING:
    from tadamon.registry.models import Organization
    from tadamon.territory.models import Province


def role_of(user) -> str | None:
    """The user's role, or None for an anonymous visitor or a user without one."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return user.role or None


def is_national_registrar(user) -> bool:
    return role_of(user) == Role.NATIONAL_REGISTRAR


def is_registrar(user) -> bool:
    return role_of(user) in (Role.NATIONAL_REGISTRAR, Role.REGIONAL_REGISTRAR)


def is_analyst(user) -> bool:
    return role_of(user) == Role.ANALYST


def is_funder(user) -> bool:
    return role_of(user) == Role.FUNDER


def is_administrator(user) -> bool:
    return role_of(user) == Role.ADMINISTRATOR


def can_register_in(user, province: Province) -> bool:
    """May the user register (or move) an organization into this province?"""
    role = role_of(user)
    if role == Role.NATIONAL_REGISTRAR:
        return True
    return role == Role.REGIONAL_REGISTRAR and province.region_id == user.region_id


def can_change(user, organization: Organization) -> bool:
    """May the user change the organization's record (registrar of its region)?"""
    return can_register_in(user, organization.province)


def is_representative_of(user, organization: Organization) -> bool:
    return (
        role_of(user) == Role.REPRESENTATIVE
        and organization.pk is not None
        and user.organization_id == organization.pk
    )


def can_edit_profile(user, organization: Organization) -> bool:
    """Public profile and yearly declaration: the registrar of its region or its representative."""
    return can_change(user, organization) or is_representative_of(user, organization)


def can_read_private(user, organization: Organization) -> bool:
    """Private fields (phone, e-mail, officers' IDs) never go past these roles."""
    return can_change(user, organization) or is_representative_of(user, organization)


def can_read_unpublished(user, organization: Organization) -> bool:
    """A submitted application is not public: registrars, analysts and its representative."""
    return is_registrar(user) or is_analyst(user) or is_representative_of(user, organization)


def can_merge(user, *organizations: Organization) -> bool:
    """May the user merge (or unmerge) these organizations? Registrars only; a regional
    registrar only when every one of them is in its region."""
    return is_registrar(user) and all(can_change(user, org) for org in organizations)


def can_decide_duplicate(user, *organizations: Organization) -> bool:
    """May the user confirm or reject a possible duplicate? The same people who may merge
    the pair: registrars, regional ones only when both organizations are in their region."""
    return can_merge(user, *organizations)


def can_flag_duplicate(user) -> bool:
    """May the user put a pair forward for review? The system (batch run, import from the
    command line) and registrars; deciding is another matter (can_decide_duplicate)."""
    return user is None or not getattr(user, "is_authenticated", False) or is_registrar(user)
