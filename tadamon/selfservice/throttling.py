"""Brute-force protection for the portal's login: failures counted per address and per username.

After FAILURES_ALLOWED failed attempts within WINDOW_SECONDS from one address,
or against one username from anywhere, further attempts are refused without
checking the password, until the count expires (WINDOW_SECONDS after the first
failure it holds). Failures against a username that does not exist count the
same way, so a lock never tells whether an account exists.

Counts live in Django's cache, as the portal's caches do (tadamon.portal.caching):
one `incr` each, atomic in the local-memory cache (per process) and in Redis
(shared by every worker when production sets TADAMON_REDIS_URL).
"""

from __future__ import annotations

import hashlib
import ipaddress

from django.core.cache import cache
from django.http import HttpRequest

from tadamon.clients import client_address
from tadamon.errors import DomainError

FAILURES_ALLOWED = 10
WINDOW_SECONDS = 15 * 60


def _address_key(request: HttpRequest) -> str:
    address = client_address(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        parsed = None
    if parsed is not None and parsed.version == 6 and parsed.ipv4_mapped is None:
        # One IPv6 subscriber holds a whole /64: counting per address would give it
        # billions of fresh allowances.
        address = str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return "tadamon:login-failures:address:" + hashlib.sha256(address.encode()).hexdigest()


def _username_key(username: str) -> str:
    # Case-folded: usernames are unique without regard to case, and "Rep" must not
    # get a fresh allowance after "rep". Hashed: the cache never holds what was typed.
    folded = username.strip().casefold()
    return "tadamon:login-failures:username:" + hashlib.sha256(folded.encode()).hexdigest()


def _keys(request: HttpRequest, username: str) -> list[str]:
    keys = [_address_key(request)]
    if username.strip():
        keys.append(_username_key(username))
    return keys


def is_locked(request: HttpRequest, username: str) -> bool:
    """Too many recent failures from this address or against this username?"""
    counts = cache.get_many(_keys(request, username))
    return any(count >= FAILURES_ALLOWED for count in counts.values())


def record_failure(request: HttpRequest, username: str) -> None:
    for key in _keys(request, username):
        # The count's life starts at its first failure and is not extended by later ones.
        cache.add(key, 0, timeout=WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=WINDOW_SECONDS)


def forget_username(username: str) -> None:
    """A successful login clears the username's count (not the address's: one valid
    account must not let an address go on guessing others' passwords)."""
    cache.delete(_username_key(username))


def locked_error() -> DomainError:
    minutes = WINDOW_SECONDS // 60
    return DomainError(
        "login_locked",
        f"محاولات دخول فاشلة كثيرة. انتظر {minutes} دقيقة ثم أعد المحاولة.",
        f"Trop de tentatives de connexion échouées. Attendez {minutes} minutes, puis réessayez.",
    )
