"""ETags computed from the body of every successful GET, and 304 for a matching If-None-Match.

The body depends on the caller (private fields, unpublished records), so the
response varies on Authorization and Cookie; `no-cache` lets a client or cache
keep it but asks it to revalidate, which a 304 makes cheap.
"""

from __future__ import annotations

import hashlib

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags

VARY = ("Authorization", "Cookie")


def body_etag(content: bytes) -> str:
    return f'"{hashlib.sha256(content).hexdigest()[:32]}"'


def _matches(header: str, etag: str) -> bool:
    """Weak comparison (RFC 9110 13.1.2): W/ is ignored, * matches any current body."""
    wanted = parse_etags(header)
    return "*" in wanted or any(tag.removeprefix("W/") == etag for tag in wanted)


def conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, VARY)
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return response
    etag = body_etag(response.content)
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    header = request.headers.get("If-None-Match")
    if header and _matches(header, etag):
        not_modified = HttpResponseNotModified()
        for name in ("ETag", "Cache-Control", "Vary"):
            not_modified[name] = response[name]
        return not_modified
    return response
