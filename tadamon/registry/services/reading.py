"""What a user may read of an organization: public fields for all, private ones for few."""

from __future__ import annotations

from typing import Any

from tadamon.accounts import scope
from tadamon.errors import PermissionDeniedError
from tadamon.registry.models import Organization
from tadamon.registry.services.snapshots import ORGANIZATION_FIELDS, json_value

PRIVATE_FIELDS = ("phone", "email")
PUBLIC_FIELDS = tuple(f for f in ORGANIZATION_FIELDS if f not in PRIVATE_FIELDS)


def organization_fields_for(user, organization: Organization) -> dict[str, Any]:
    """The organization's fields this user may read; refuses one it may not see at all."""
    if not Organization.objects.visible_to(user).filter(pk=organization.pk).exists():
        raise PermissionDeniedError(
            "هذه الهيئة غير منشورة في السجل",
            "Cette organisation n'est pas publiée au registre",
            code="not_visible",
        )
    names = ORGANIZATION_FIELDS if scope.can_read_private(user, organization) else PUBLIC_FIELDS
    return {name: json_value(getattr(organization, name)) for name in names}
