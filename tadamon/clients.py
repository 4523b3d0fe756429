"""Who is calling: the client's address, for the API's rate limits and the login's lock."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The caller's address. Behind N trusted reverse proxies (TADAMON_API_PROXIES=N, the
    site's one setting for them) the N-th address from the right of X-Forwarded-For;
    otherwise the socket's, since a client could write any X-Forwarded-For it likes to
    get a fresh allowance."""
    proxies = getattr(settings, "TADAMON_API_PROXIES", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
        if addresses:
            return addresses[-min(proxies, len(addresses))]
    return request.META.get("REMOTE_ADDR", "") or "unknown"
