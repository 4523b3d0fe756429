"""/api/v1/organizations: the registry's search through the API."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema

from tadamon.api.schemas import OrganizationItem, OrganizationPage
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


@router.get("", response=OrganizationPage, summary="Search organizations")
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
    return {
        "items": [
            OrganizationItem(
                registry_id=hit.organization.registry_id,
                name_ar=hit.organization.name_ar,
                name_fr=hit.organization.name_fr,
                legal_form=hit.organization.legal_form,
                province_code=hit.organization.province_id,
                status=hit.organization.status,
                match=hit.tier_name,
                score=hit.score,
            )
            for hit in results.hits
        ],
        "count": results.count,
    }
