"""Absolute addresses that exports give organizations (JSON-LD @id, Murmurations URLs).

Open data is read away from the site, so its links must be absolute. A page
builds them from the request; the console from `--base-url`, else the
TADAMON_PUBLIC_URL environment variable, else the local address of `make run`.
"""

from __future__ import annotations

import os
from functools import cache
from urllib.parse import quote, urlsplit

from django.urls import NoReverseMatch, reverse

from tadamon.errors import DomainError

LOCAL_URL = "http://127.0.0.1:8000"
# The portal's organization page (issue 5): the organization's identity on the web.
ORGANIZATION_PAGE = "/organizations/{registry_id}/"
PLACEHOLDER = "00-0000-000000-0"


def default_base_url() -> str:
    return os.environ.get("TADAMON_PUBLIC_URL", "").strip() or LOCAL_URL


def checked_base_url(base_url: str) -> str:
    """The site's address without a trailing slash; refuses one that is not http(s)."""
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise DomainError(
            "bad_base_url",
            f"عنوان الموقع «{base_url}» غير صالح: يجب أن يبدأ بـ https:// أو http://",
            f"Adresse du site « {base_url} » invalide : elle doit commencer par https:// ou http://",
            "base_url",
        )
    return base_url.strip().rstrip("/")


@cache
def _page_path() -> str:
    """The portal's route, reversed once (not once per organization of a large export)."""
    try:
        return reverse("organization", args=[PLACEHOLDER]).replace(PLACEHOLDER, "{registry_id}")
    except NoReverseMatch:  # the portal's page is not routed: keep its documented address
        return ORGANIZATION_PAGE


def organization_url(base_url: str, registry_id: str) -> str:
    return base_url + _page_path().format(registry_id=quote(registry_id))
