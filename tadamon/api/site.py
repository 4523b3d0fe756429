"""The API object: django-ninja's NinjaAPI with what every Tadamon operation shares.

- every GET answer carries an ETag from its body, and If-None-Match gives 304;
- Arabic stays readable in the JSON (no \\u escapes);
- an address under /api/ that is no operation, or a method an address does
  not take, answers in the same JSON error shape (not Django's HTML page);
- the OpenAPI document says what the shared machinery adds: reads take a token
  optionally, GETs take If-None-Match and return an ETag, 429 carries Retry-After.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, re_path
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from tadamon.api.conditional import conditional
from tadamon.api.errors import error_response

logger = logging.getLogger("tadamon.api")


class ReadableJSON(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


def _json_failures(view):
    """Around every URL of the API: a 405 or an escaped exception in the shared JSON shape."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except Exception:  # an operation's own errors never get here: ninja handles them
            logger.exception("API failure outside an operation on %s", request.path)
            return error_response("server_error")
        if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
            failure = error_response("method_not_allowed")
            failure["Allow"] = response.get("Allow", "")
            return failure
        return response

    return wrapped


def _unknown_address(request: HttpRequest, rest: str = "") -> HttpResponse:
    return error_response("not_found")


class TadamonAPI(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        return conditional(request, response)

    def _get_urls(self):
        urls = super()._get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern):
                pattern.callback = _json_failures(pattern.callback)
        urls.append(re_path(r"^(?P<rest>.*)$", _unknown_address, name="unknown-address"))
        return urls

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                _document_shared_behaviour(method, operation)
        return schema


IF_NONE_MATCH = {
    "in": "header",
    "name": "If-None-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": "An ETag from an earlier answer: 304 without a body if nothing changed",
}


def _response(responses: dict, status: int) -> dict | None:
    return responses.get(status) or responses.get(str(status))


def _document_shared_behaviour(method: str, operation: dict) -> None:
    responses = operation.get("responses", {})
    if method == "get":
        if operation.get("security"):  # a token is optional: without one, the public view
            operation["security"] = [{}, *operation["security"]]
        operation.setdefault("parameters", []).append(IF_NONE_MATCH)
        ok = _response(responses, 200)
        if ok is not None:
            ok["headers"] = {
                "ETag": {"schema": {"type": "string"}, "description": "Hash of this body"}
            }
    limited = _response(responses, 429)
    if limited is not None:
        limited["headers"] = {
            "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait"}
        }
