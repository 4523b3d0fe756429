"""Finding the organization a registry number in an address names, as the caller may see it.

Reads follow merges: a merged body's number answers 301 to the same address
under its survivor's number. Writes do not: they reach the record the number
names, and the service refuses a merged one (409, naming the survivor), so a
client never writes somewhere it did not address.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.utils.http import urlencode

from tadamon.errors import PermissionDeniedError
from tadamon.registry.models import Organization
from tadamon.registry.numbering import normalize_number
from tadamon.registry.services.merging import resolve_registry_id


class MovedTo(Exception):  # an answer (301), not a failure
    """The number was merged away; the same address under the survivor's number answers."""

    def __init__(self, registry_id: str):
        self.registry_id = registry_id
        super().__init__(registry_id)


def not_visible() -> PermissionDeniedError:
    return PermissionDeniedError(
        "هذه الهيئة غير منشورة في السجل",
        "Cette organisation n'est pas publiée au registre",
        code="not_visible",
    )


def _visible(user, organization: Organization) -> bool:
    return Organization.objects.visible_to(user).filter(pk=organization.pk).exists()


def organization_to_read(user, registry_id: str) -> Organization:
    organization, redirected = resolve_registry_id(registry_id)
    if redirected:
        raise MovedTo(organization.registry_id)
    if not _visible(user, organization):
        raise not_visible()
    return organization


def organization_to_write(user, registry_id: str) -> Organization:
    organization, redirected = resolve_registry_id(registry_id)
    if redirected:  # the record the number names, which the service will refuse (merged)
        organization = Organization.objects.select_related("province", "merged_into").get(
            registry_id=normalize_number(registry_id)
        )
    if not _visible(user, organization):
        raise not_visible()
    return organization


def redirect_to_survivor(request: HttpRequest, moved: MovedTo) -> HttpResponsePermanentRedirect:
    """The address asked for, with the survivor's number in place of the merged one."""
    parts = request.path.split("/")
    at = parts.index("organizations") + 1
    parts[at] = moved.registry_id
    address = "/".join(parts)
    if request.GET:
        address += "?" + urlencode(request.GET, doseq=True)
    return HttpResponsePermanentRedirect(address)
