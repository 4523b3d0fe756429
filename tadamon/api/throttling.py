"""Per-client rate limits: per token, else per address, in fixed windows kept in Django's cache.

Limits come from settings.TADAMON_API_RATES ({"token": "1200/min", "anonymous":
"120/min"}; None for a kind means no limit) and are read on each request, so
tests and deployments change them without code. The count is one `incr` on the
cache: atomic in the local-memory cache (one per process: with several workers
each counts apart) and in Redis, which production points CACHES at to share
one count between workers and machines.
"""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from tadamon.clients import client_address

PERIODS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60,
           "h": 3600, "hour": 3600, "d": 86400, "day": 86400}  # fmt: skip


def parse_rate(rate: str | None) -> tuple[int, int] | None:
    """ "120/min" -> (120, 60); None -> None (no limit)."""
    if not rate:
        return None
    count, _, period = rate.partition("/")
    return int(count), PERIODS[period.strip().lower()]


class ClientRateThrottle(BaseThrottle):
    """One allowance per token (its user's requests with that token), else per address."""

    def __init__(self) -> None:
        self._local = threading.local()  # one instance serves every thread

    def allow_request(self, request: HttpRequest) -> bool:
        token_id = getattr(getattr(request, "auth", None), "api_token_id", None)
        rates = getattr(settings, "TADAMON_API_RATES", None) or {}
        limit = parse_rate(rates.get("token" if token_id else "anonymous"))
        if limit is None:
            return True
        allowed, period = limit
        now = time.time()
        window = int(now // period)
        who = f"token:{token_id}" if token_id else f"address:{client_address(request)}"
        key = f"tadamon:api-rate:{who}:{period}:{window}"
        cache.add(key, 0, timeout=period + 1)
        try:
            used = cache.incr(key)
        except ValueError:  # the window's key expired between add and incr
            cache.set(key, 1, timeout=period + 1)
            used = 1
        self._local.wait = (window + 1) * period - now
        return used <= allowed

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)
