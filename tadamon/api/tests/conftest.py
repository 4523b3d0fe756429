"""The API's cast: the project's users (conftest.py at the root), each with a token.

Rate limits are off for every API test but those that set them
(test_rate_limits.py), so no test slows or fails for another's requests.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tadamon.accounts.models import User
from tadamon.accounts.tokens import create_token_from_console, revoke_token_from_console

# Every caller the role tests go through; "revoked" and "bad" send a token that is not valid.
CALLERS = [
    "national_registrar",
    "registrar_tanger",
    "registrar_casa",
    "representative",
    "representative_casa",
    "analyst",
    "administrator",
    "anonymous",
    "revoked",
    "bad",
]


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    settings.TADAMON_API_RATES = {"anonymous": None, "token": None}


@pytest.fixture
def representative_casa(association_casa):
    return User.objects.create_user(
        username="rep_hay_salam",
        password="pass-Tadamon-2026",
        role="representative",
        organization=association_casa,
    )


def key_for(user: User, name: str = "اختبار") -> str:
    return create_token_from_console(user, name).key


class Api:
    """Django's test client speaking JSON, with or without a token."""

    def __init__(self, key: str | None = None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {key}"} if key else {}

    def get(self, path: str, params: dict | None = None, *, environ=None, **headers):
        """Headers by name (If-None-Match=...); environ for the WSGI keys (REMOTE_ADDR)."""
        return self.client.get(
            path, params or {}, headers={**self.headers, **headers}, **(environ or {})
        )

    def send(self, method: str, path: str, body: dict | None = None, **headers):
        return getattr(self.client, method)(
            path, body or {}, content_type="application/json", headers={**self.headers, **headers}
        )


@pytest.fixture
def callers(request, coop_hoceima, association_casa) -> dict[str, Api]:
    """One API client per caller of CALLERS, each with its own token (none for anonymous)."""
    clients: dict[str, Api] = {}
    for name in CALLERS:
        if name == "anonymous":
            clients[name] = Api()
        elif name == "bad":
            clients[name] = Api("tdm_" + "x" * 43)
        elif name == "revoked":
            issued = create_token_from_console(
                request.getfixturevalue("national_registrar"), "قديم"
            )
            revoke_token_from_console(issued.token)
            clients[name] = Api(issued.key)
        else:
            clients[name] = Api(key_for(request.getfixturevalue(name)))
    return clients
