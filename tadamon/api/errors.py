"""Every API failure as JSON: a code, the message in the page's language, Arabic and French.

400 a registry rule, 401 no or a bad token, 403 the role or scope, 404 unknown
or not visible, 405 the method, 409 a conflict, 422 malformed parameters, 429
the rate limit, 500 anything else (logged; never a stack trace).
"""

from __future__ import annotations

import logging
import math

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from tadamon.errors import DomainError, PermissionDeniedError, ValidationFailed

logger = logging.getLogger("tadamon.api")

# Domain codes that are not "a rule was broken" (400).
STATUS_OF_CODE = {
    "not_visible": 404,
    "organization_not_found": 404,
    "registry_id_format": 404,
    "registry_id_check": 404,
    "territory_not_found": 404,
    "indicator_not_found": 404,
    "declaration_not_found": 404,
    "organization_merged": 409,
    "declaration_exists": 409,
}

MESSAGES: dict[str, tuple[int, str, str]] = {
    "authentication_required": (
        401,
        "هذه العملية تتطلب مفتاحا: Authorization: Bearer <المفتاح>",
        "Cette opération demande un jeton : Authorization: Bearer <jeton>",
    ),
    "invalid_token": (
        401,
        "المفتاح غير صالح أو ملغى",
        "Jeton invalide ou révoqué",
    ),
    "invalid_body": (
        400,
        "تعذرت قراءة محتوى الطلب: المنتظر JSON صالح",
        "Corps de la requête illisible : du JSON valide est attendu",
    ),
    "not_found": (
        404,
        "لا يوجد شيء بهذا العنوان في الواجهة البرمجية",
        "Rien à cette adresse dans l'API",
    ),
    "method_not_allowed": (
        405,
        "هذه الطريقة غير مقبولة في هذا العنوان",
        "Méthode non admise à cette adresse",
    ),
    "rate_limited": (
        429,
        "طلبات كثيرة: أعد المحاولة بعد الثواني المذكورة في Retry-After",
        "Trop de requêtes : réessayez après le délai indiqué par Retry-After",
    ),
    "server_error": (
        500,
        "خطأ داخلي؛ تم تسجيله",
        "Erreur interne ; elle a été enregistrée",
    ),
}


class InvalidToken(AuthenticationError):
    """An Authorization header that names no active token: refused, never read as anonymous."""


def error_body(code: str, message_ar: str, message_fr: str, **extra) -> dict:
    arabic = (translation.get_language() or "ar").startswith("ar")
    return {
        "code": code,
        "field": extra.pop("field", None),
        "message": message_ar if arabic else message_fr,
        "message_ar": message_ar,
        "message_fr": message_fr,
        **extra,
    }


def error_response(code: str, **extra) -> JsonResponse:
    """A failure outside an operation (unknown address, method), as the operations answer."""
    status, message_ar, message_fr = MESSAGES[code]
    response = JsonResponse(
        error_body(code, message_ar, message_fr, **extra),
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )
    return response


def install(api: NinjaAPI) -> None:
    """Register the handlers; the most specific exception class wins."""

    def reply(request: HttpRequest, status: int, body: dict) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
        status = STATUS_OF_CODE.get(error.code, 400)
        if isinstance(error, PermissionDeniedError) and status == 400:
            status = 403
        extra = {}
        if isinstance(error, ValidationFailed) and len(error.errors) > 1:
            extra["errors"] = [e.as_dict() for e in error.errors]
        body = error_body(
            error.code, error.message_ar, error.message_fr, field=error.field, **extra
        )
        return reply(request, status, body)

    @api.exception_handler(ValidationError)
    def invalid_request(request: HttpRequest, error: ValidationError) -> HttpResponse:
        fields = ", ".join(".".join(str(p) for p in e.get("loc", ())[1:]) for e in error.errors)
        body = error_body(
            "invalid_request",
            f"معطى غير صالح: {fields}",
            f"paramètre invalide : {fields}",
            errors=error.errors,
        )
        return reply(request, 422, body)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
        _status, message_ar, message_fr = MESSAGES["not_found"]
        return reply(request, 404, error_body("not_found", message_ar, message_fr))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
        if isinstance(error, InvalidToken):
            code = "invalid_token"
        elif isinstance(error, AuthenticationError):
            code = "authentication_required"
        elif isinstance(error, Throttled):
            code = "rate_limited"
        elif error.status_code == 400:  # ninja could not parse the body
            code = "invalid_body"
        else:  # raised by no operation of ours; kept in the same shape
            body = error_body("http_error", str(error), str(error))
            return reply(request, error.status_code, body)
        status, message_ar, message_fr = MESSAGES[code]
        response = reply(request, status, error_body(code, message_ar, message_fr))
        if status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="tadamon"'
        if isinstance(error, Throttled):
            response["Retry-After"] = str(max(1, math.ceil(error.wait or 1)))
        return response

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, error: Exception) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path)
        _status, message_ar, message_fr = MESSAGES["server_error"]
        return reply(request, 500, error_body("server_error", message_ar, message_fr))
