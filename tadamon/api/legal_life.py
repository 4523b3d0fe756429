"""An organization's legal life: its status changes, its members and the unions it joined.

Public for every organization the caller may see; the other party of a
membership is listed only if the caller may see it too. Who recorded a change
is the history's business (back office), not the API's.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from tadamon.api import auth
from tadamon.api.lookup import organization_to_read
from tadamon.api.pagination import PageParams, page_of_queryset
from tadamon.api.schemas import NUMBERED_READ_FAILURES, MembershipPage, StatusChangePage
from tadamon.registry.models import Membership, Organization, StatusChange

router = Router(tags=["organizations"], auth=auth.READ)


def _status_change(change: StatusChange) -> dict[str, Any]:
    return {
        "from_status": change.from_status or None,
        "to_status": change.to_status,
        "effective_on": change.effective_on,
        "reason": change.reason,
        "recorded_at": change.recorded_at,
    }


@router.get(
    "/{registry_id}/history",
    response={200: StatusChangePage, **NUMBERED_READ_FAILURES},
    summary="An organization's status changes",
)
def status_history(request: HttpRequest, registry_id: str, pages: Query[PageParams]):
    """Each change of status — from, to, the date it took effect, the reason — oldest first."""
    organization = organization_to_read(request.auth, registry_id)
    changes = StatusChange.objects.filter(organization=organization).order_by("recorded_at", "id")
    return page_of_queryset(request, pages, changes, _status_change)


def _membership(other: Organization, membership: Membership) -> dict[str, Any]:
    return {
        "registry_id": other.registry_id,
        "name_ar": other.name_ar,
        "name_fr": other.name_fr,
        "legal_form": other.legal_form,
        "status": other.status,
        "started_on": membership.started_on,
        "ended_on": membership.ended_on,
    }


def _memberships(request: HttpRequest, registry_id: str, pages: PageParams, side: str) -> dict:
    """side: "member" lists the union's members, "union" the unions the body joined."""
    organization = organization_to_read(request.auth, registry_id)
    own_side = "union" if side == "member" else "member"
    visible = Organization.objects.visible_to(request.auth)
    memberships = (
        Membership.objects.filter(**{own_side: organization, f"{side}__in": visible})
        .select_related(side)
        .order_by("started_on", "id")
    )
    return page_of_queryset(request, pages, memberships, lambda m: _membership(getattr(m, side), m))


@router.get(
    "/{registry_id}/members",
    response={200: MembershipPage, **NUMBERED_READ_FAILURES},
    summary="The members of a union or federation",
)
def members(request: HttpRequest, registry_id: str, pages: Query[PageParams]):
    """Its member bodies, past and present, with the dates of each membership, oldest first.
    Empty for a body that is not a union or federation."""
    return _memberships(request, registry_id, pages, "member")


@router.get(
    "/{registry_id}/unions",
    response={200: MembershipPage, **NUMBERED_READ_FAILURES},
    summary="The unions and federations an organization belongs or belonged to",
)
def unions(request: HttpRequest, registry_id: str, pages: Query[PageParams]):
    """The unions or federations it joined, with the dates of each membership, oldest first."""
    return _memberships(request, registry_id, pages, "union")
