"""API tokens: created and revoked by administrators, each change in the history.

A token acts as its user, with that user's role and scope exactly as in the
back office. The key is 256 random bits; only its SHA-256 digest is stored (a
slow password hash buys nothing against a key that cannot be guessed, and the
API looks a key up on every request). The key is returned once, by
create_token, and never again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.utils import timezone

from tadamon.accounts import scope
from tadamon.accounts.models import ApiToken, User
from tadamon.errors import DomainError, PermissionDeniedError
from tadamon.history.chain import Change, record, writes_history

KEY_PREFIX = "tdm_"
# last_used_at is written at most this often per token: a write per request
# would serialize every API call on one row.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    """A new token and its key: the only time the key is known."""

    token: ApiToken
    key: str


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def token_snapshot(token: ApiToken) -> dict:
    """What the history keeps of a token: never its key nor its digest."""
    return {
        "name": token.name,
        "user_id": token.user_id,
        "prefix": token.prefix,
        "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
    }


def _require_administrator(actor) -> None:
    if not (scope.is_administrator(actor) or getattr(actor, "is_superuser", False)):
        raise PermissionDeniedError(
            "مفاتيح الواجهة البرمجية من اختصاص المدير فقط",
            "Seul un administrateur gère les jetons de l'API",
        )


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise DomainError(
            "token_name_invalid",
            "يجب تسمية المفتاح (100 حرف على الأكثر)",
            "Le jeton doit porter un nom (100 caractères au plus)",
            "name",
        )
    return name


@writes_history
def create_token(actor, user: User, name: str) -> IssuedToken:
    """Issue a token for `user` (administrators only); the key is in the result, once."""
    _require_administrator(actor)
    return _create(actor, user, name)


@writes_history
def create_token_from_console(user: User, name: str) -> IssuedToken:
    """The same for `tadamon token create`, run by whoever holds the server's shell."""
    return _create(None, user, name)


def _create(actor, user: User, name: str) -> IssuedToken:
    name = _check_name(name)
    if not user.is_active:
        raise DomainError(
            "user_inactive",
            "لا يمكن إصدار مفتاح لحساب معطل",
            "Impossible d'émettre un jeton pour un compte désactivé",
            "user",
        )
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=key[: len(KEY_PREFIX) + 6], key_digest=key_digest(key)
    )
    record(actor, Change("token:create", "api_token", str(token.pk), None, token_snapshot(token)))
    return IssuedToken(token, key)


@writes_history
def revoke_token(actor, token: ApiToken, reason: str = "") -> ApiToken:
    """Revoke a token (administrators, or its own user); it stops working at once."""
    if not (token.user_id == getattr(actor, "pk", None) and scope.role_of(actor)):
        _require_administrator(actor)
    return _revoke(actor, token, reason)


@writes_history
def revoke_token_from_console(token: ApiToken, reason: str = "") -> ApiToken:
    return _revoke(None, token, reason)


def _revoke(actor, token: ApiToken, reason: str) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked:
        raise DomainError(
            "token_already_revoked",
            "هذا المفتاح ملغى من قبل",
            "Ce jeton est déjà révoqué",
            "token",
        )
    before = token_snapshot(token)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(
        actor,
        Change("token:revoke", "api_token", str(token.pk), before, token_snapshot(token), reason),
    )
    return token


def user_for_key(key: str) -> User | None:
    """The active user a key acts as, or None for an unknown, revoked or orphaned key.

    One query; last_used_at is refreshed at most once a minute. That is usage
    bookkeeping, not a change of the registry, so it is not in the history.
    """
    if not key or len(key) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_digest=key_digest(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    user = token.user
    user.api_token_id = token.pk  # the rate limit counts per token
    return user
