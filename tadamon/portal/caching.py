"""Caches of the public pages that are never stale.

Every write to the registry goes through a service that appends to the
history, and the history's chain head holds the number of its last entry:
that number is the registry's version. A cached answer is kept under the
version it was computed at, so the first request after any write computes
afresh — no time-to-live guesses, no invalidation to forget. Reading the
version costs one primary-key lookup of a one-row table.

Reference lists (regions, provinces, sectors) change only with a migration:
they are kept per process for a few minutes.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from tadamon.history.models import ChainHead

RELEASE_SUFFIXES = {".py", ".html", ".mo", ".js", ".css"}
REFERENCE_SECONDS = 300
ANSWER_SECONDS = 600  # an idle registry's answers expire anyway, to free the cache
_reference: dict[str, tuple[float, Any]] = {}


@functools.cache
def release() -> str:
    """A fingerprint of the code that draws the answers (sources, templates,
    catalogues, static files): kept answers of an earlier release are never
    served by a newer one sharing the cache (Redis across a deployment)."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha1()
    for path in sorted(package.rglob("*")):
        if path.suffix in RELEASE_SUFFIXES and path.is_file():
            stat = path.stat()
            digest.update(
                f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns};".encode()
            )
    return digest.hexdigest()[:12]


def _key(version: int, key: str) -> str:
    return f"tadamon:{release()}:{version}:{hashlib.sha1(key.encode()).hexdigest()}"


def registry_version() -> int:
    head = ChainHead.objects.filter(pk=1).values_list("last_seq", flat=True).first()
    return head or 0


def reference(name: str, load: Callable[[], Any]) -> Any:
    """`load()` once every few minutes per process (lists that only migrations change)."""
    now = time.monotonic()
    kept = _reference.get(name)
    if kept is None or now - kept[0] > REFERENCE_SECONDS:
        kept = _reference[name] = (now, load())
    return kept[1]


def versioned(key: str, compute: Callable[[], Any], version: int | None = None) -> Any:
    """compute(), kept until the registry changes."""
    version = registry_version() if version is None else version
    full_key = _key(version, key)
    found = cache.get(full_key)
    if found is None:
        found = compute()
        cache.set(full_key, found, ANSWER_SECONDS)
    return found


def visitors_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Keep a visitor's page (anonymous GET) until the registry changes.

    The key is the whole address, the page language and whether htmx asked
    (htmx gets the results alone). Signed-in users always get a fresh page:
    theirs may hold what only they may see.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        key = "|".join((
            "page", translation.get_language() or "", request.get_full_path(),
            "hx" if request.headers.get("HX-Request") else "",
        ))  # fmt: skip
        version = registry_version()
        full_key = _key(version, key)
        kept = cache.get(full_key)
        if kept is not None:
            status, content, headers = kept
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            headers = [
                (n, v) for n, v in response.items() if n in ("Content-Type", "Content-Language")
            ]
            cache.set(full_key, (response.status_code, response.content, headers), ANSWER_SECONDS)
        return response

    return wrapper
