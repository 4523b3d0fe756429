"""JSON-safe pictures of records, for the history's before and after."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from tadamon.registry.models import DECLARATION_FIGURES, Declaration, Membership, Organization

ORGANIZATION_FIELDS = (
    "registry_id",
    "external_id",
    "legal_form",
    "name_ar",
    "name_fr",
    "acronym",
    "province_id",
    "commune",
    "address",
    "founding_date",
    "registration_date",
    "sector_id",
    "activity",
    "status",
    "public_utility",
    "public_utility_date",
    "ice",
    "phone",
    "email",
    "website",
)


def json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def organization_snapshot(org: Organization) -> dict[str, Any]:
    return {name: json_value(getattr(org, name)) for name in ORGANIZATION_FIELDS}


def declaration_snapshot(declaration: Declaration) -> dict[str, Any]:
    snapshot = {"organization_id": declaration.organization_id, "year": declaration.year}
    for name in DECLARATION_FIGURES:
        snapshot[name] = json_value(getattr(declaration, name))
    return snapshot


def membership_snapshot(membership: Membership) -> dict[str, Any]:
    return {
        "member_id": membership.member_id,
        "union_id": membership.union_id,
        "started_on": json_value(membership.started_on),
        "ended_on": json_value(membership.ended_on),
    }


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in after.items() if before.get(k) != v}
