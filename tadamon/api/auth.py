"""Who is calling: a token (`Authorization: Bearer <key>`), a browser session, or nobody.

The caller (`request.auth`) is a user with its role, and every operation asks
the registry's own questions of it (visible_to, editable_by, the services),
exactly as the back office does. Reads take a token, a logged-in session or
nobody; writes take a token only, so a browser's cookies can never write
through the API (no CSRF hole) and every write names a token's user.

An Authorization header that is present but wrong is refused (401) even on a
public read: a client whose token was revoked must learn it, not quietly get
the public view.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.security import HttpBearer

from tadamon.accounts.tokens import user_for_key
from tadamon.api.errors import InvalidToken


class BearerToken(HttpBearer):
    """An API token, issued by an administrator (back office or `tadamon token create`)."""

    openapi_description = "Authorization: Bearer <key>; the key is shown once, at creation."

    def __call__(self, request: HttpRequest):
        header = request.headers.get("Authorization")
        if not header:
            return None
        scheme, _, key = header.strip().partition(" ")
        if scheme.lower() != "bearer":
            raise InvalidToken()
        return self.authenticate(request, key.strip())

    def authenticate(self, request: HttpRequest, token: str):
        user = user_for_key(token)
        if user is None:
            raise InvalidToken()
        return user


def session_or_anonymous(request: HttpRequest):
    """Without a token: the logged-in browser user (reads only), else an anonymous visitor."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_active:
        return user
    return AnonymousUser()


bearer_token = BearerToken()
# Reads: a token if one is sent, else the session or nobody (GET operations are
# documented with optional security; see TadamonAPI.get_openapi_schema).
READ = [bearer_token, session_or_anonymous]
WRITE = [bearer_token]
