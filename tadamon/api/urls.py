"""The REST API (django-ninja): /api/v1/…, OpenAPI at /api/openapi.json, docs at /api/docs.

docs/api.md describes it for its users: endpoints, tokens, pages, ETags,
rate limits and error codes.
"""

from __future__ import annotations

from django.http import HttpRequest

from tadamon.api import errors
from tadamon.api.declarations import router as declarations_router
from tadamon.api.legal_life import router as legal_life_router
from tadamon.api.lookup import MovedTo, redirect_to_survivor
from tadamon.api.organizations import router as organizations_router
from tadamon.api.site import ReadableJSON, TadamonAPI
from tadamon.api.territories import router as territories_router
from tadamon.api.throttling import ClientRateThrottle
from tadamon.funding.api import router as funding_router
from tadamon.observatory.api import router as observatory_router

api = TadamonAPI(
    title="Tadamon API",
    version="1",
    description=(
        "The national registry of Morocco's social and solidarity economy. "
        "Public reads need no token; writes and private fields need "
        "`Authorization: Bearer <token>`. See docs/api.md."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    renderer=ReadableJSON(),
    throttle=[ClientRateThrottle()],
)
api.add_router("/v1/organizations", organizations_router)
api.add_router("/v1/organizations", legal_life_router)
api.add_router("/v1", declarations_router)
api.add_router("/v1/territories", territories_router)
api.add_router("/v1", observatory_router)
api.add_router("/v1", funding_router)
errors.install(api)


@api.exception_handler(MovedTo)
def moved(request: HttpRequest, moved_to: MovedTo):
    return redirect_to_survivor(request, moved_to)
