"""The REST API (django-ninja): /api/v1/…, OpenAPI at /api/openapi.json, docs at /api/docs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError

from tadamon.api.organizations import router as organizations_router
from tadamon.errors import DomainError, PermissionDeniedError

api = NinjaAPI(
    title="Tadamon API",
    version="1",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
api.add_router("/v1/organizations", organizations_router)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
    status = 403 if isinstance(error, PermissionDeniedError) else 400
    body = {"message": error.message(), **error.as_dict()}
    return api.create_response(request, body, status=status)


@api.exception_handler(ValidationError)
def invalid_request(request: HttpRequest, error: ValidationError) -> HttpResponse:
    fields = ", ".join(".".join(str(p) for p in e.get("loc", ())[1:]) for e in error.errors)
    return api.create_response(
        request,
        {"code": "invalid_request",
         "message": f"paramètre invalide : {fields}",
         "message_ar": f"معطى غير صالح: {fields}",
         "message_fr": f"paramètre invalide : {fields}",
         "errors": error.errors},
        status=422,
    )  # fmt: skip


@api.exception_handler(Exception)
def unexpected(request: HttpRequest, error: Exception) -> HttpResponse:
    """Never a stack trace: the error is logged, the client gets a code and a message."""
    import logging

    logging.getLogger("tadamon.api").exception("API error")
    return api.create_response(
        request,
        {"code": "server_error",
         "message": "erreur interne ; elle a été enregistrée",
         "message_ar": "خطأ داخلي؛ تم تسجيله",
         "message_fr": "erreur interne ; elle a été enregistrée"},
        status=500,
    )  # fmt: skip
