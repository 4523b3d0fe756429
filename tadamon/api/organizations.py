"""/api/v1/organizations: the registry's search through the API."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.urls import reverse
from ninja import Query, Router, Schema, Status

from tadamon.api.schemas import ErrorOut, OrganizationPage
from tadamon.errors import DomainError
from tadamon.registry.services.merging import resolve_registry_id
from tadamon.registry.services.reading import organization_fields_for
from tadamon.search.engine import Filters, search

router = Router(tags=["organizations"])
MAX_LIMIT = 100


class SearchParams(Schema):
    q: str = ""
    region: str = ""
    province: str = ""
    legal_form: str = ""
    status: str = ""
    sector: str = ""
    limit: int = 20
    offset: int = 0


@router.get("", response=OrganizationPage, summary="Search organizations", url_name="organizations")
def list_organizations(request: HttpRequest, params: Query[SearchParams]) -> dict:
    """Cross-script, typo-tolerant search: exact names first, then prefixes, then fuzzy."""
    filters = Filters(
        region=params.region,
        province=params.province,
        legal_form=params.legal_form,
        status=params.status,
        sector=params.sector,
    )
    limit = min(max(params.limit, 1), MAX_LIMIT)
    results = search(
        params.q, user=request.user, filters=filters, limit=limit, offset=max(params.offset, 0)
    )
    return results.as_dict()


@router.get(
    "/{registry_id}",
    summary="One organization by registry number",
    response={200: dict, 301: None, 404: ErrorOut},
    url_name="organization_detail",
)
def organization_detail(request: HttpRequest, registry_id: str):
    """The fields the caller may read. A merged body's number answers 301 to its survivor."""
    try:
        organization, redirected = resolve_registry_id(registry_id)
    except DomainError as error:
        return Status(404, {"message": error.message(), **error.as_dict()})
    if redirected:
        return HttpResponsePermanentRedirect(
            reverse("api:organization_detail", args=[organization.registry_id])
        )
    try:
        return Status(200, organization_fields_for(request.user, organization))
    except DomainError as error:  # not published: not found for this caller
        return Status(404, {"message": error.message(), **error.as_dict()})
