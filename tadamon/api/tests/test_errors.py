"""Every failure under /api/ is JSON with a code and Arabic and French messages; never a trace."""

import pytest
from django.core.cache import cache
from django.test import Client

from tadamon.api import territories
from tadamon.api.tests.conftest import Api, key_for

KEYS = {"code", "field", "message", "message_ar", "message_fr"}


def assert_json_error(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) >= KEYS and body["code"] == code
    assert body["message_ar"] and body["message_fr"] and body["message"] == body["message_ar"]
    assert "Traceback" not in response.content.decode() and "<html" not in response.content.decode()
    return body


def test_400_a_broken_rule(callers, coop_hoceima):
    response = callers["representative"].send(
        "post", f"/api/v1/organizations/{coop_hoceima.registry_id}/declarations/2024",
        {"members_total": 2, "members_women": 3},
    )  # fmt: skip
    body = assert_json_error(response, 400, "members_women_exceeds_total")
    assert body["field"] == "members_women"


def test_401_no_token_for_a_write(coop_hoceima):
    response = Api().send("patch", f"/api/v1/organizations/{coop_hoceima.registry_id}", {})
    assert_json_error(response, 401, "authentication_required")


def test_401_a_bad_token(db):
    assert_json_error(Api("tdm_nope").get("/api/v1/territories"), 401, "invalid_token")


def test_403_a_role_that_may_not(coop_hoceima, analyst):
    response = Api(key_for(analyst)).send(
        "patch", f"/api/v1/organizations/{coop_hoceima.registry_id}", {"acronym": "م"}
    )
    assert_json_error(response, 403, "permission_denied")


@pytest.mark.parametrize(
    "path", ["/api/v1/nothing", "/api/v2/organizations", "/api/v1/organizations/1/2/3/4"]
)
def test_404_an_unknown_address(db, path):
    assert_json_error(Client().get(path), 404, "not_found")
    assert_json_error(Client().post(path), 404, "not_found")


@pytest.mark.parametrize(
    ("method", "path"),
    [("post", "/api/v1/organizations"), ("delete", "/api/v1/territories/MA"),
     ("put", "/api/v1/declarations"), ("delete", "/api/v1/organizations/01-2020-000001-0/history")],
)  # fmt: skip
def test_405_a_method_the_address_does_not_take(db, method, path):
    response = getattr(Client(), method)(path)
    assert_json_error(response, 405, "method_not_allowed")
    assert response["Allow"]


def test_422_a_malformed_parameter(db):
    body = assert_json_error(
        Client().get("/api/v1/organizations", {"limit": "many"}), 422, "invalid_request"
    )
    assert "limit" in body["message_fr"] and body["errors"][0]["loc"] == ["query", "limit"]


def test_400_a_body_that_is_not_json(callers, coop_hoceima):
    response = callers["representative"].client.patch(
        f"/api/v1/organizations/{coop_hoceima.registry_id}", "{not json",
        content_type="application/json", headers=callers["representative"].headers,
    )  # fmt: skip
    assert_json_error(response, 400, "invalid_body")


def test_429_too_many_requests(settings, db, monkeypatch):
    from tadamon.api import throttling

    monkeypatch.setattr(throttling.time, "time", lambda: 1_800_000_000.0)
    settings.TADAMON_API_RATES = {"anonymous": "1/min", "token": None}
    cache.clear()
    Client().get("/api/v1/territories")
    response = Client().get("/api/v1/territories")
    assert_json_error(response, 429, "rate_limited")
    assert int(response["Retry-After"]) >= 1
    cache.clear()


@pytest.mark.parametrize("debug", [False, True])
def test_500_an_unexpected_failure_is_logged_not_shown(db, monkeypatch, settings, caplog, debug):
    settings.DEBUG = debug

    def broken():
        raise RuntimeError("secret internals")

    monkeypatch.setattr(territories, "_counts", broken)
    response = Client().get("/api/v1/territories")
    assert_json_error(response, 500, "server_error")
    assert "secret internals" not in response.content.decode()
    assert "secret internals" in caplog.text


def test_500_a_failure_outside_the_operations(db, monkeypatch, caplog):
    from tadamon.api import throttling

    def broken(self, request):
        raise RuntimeError("cache down")

    monkeypatch.setattr(throttling.ClientRateThrottle, "allow_request", broken)
    response = Client().get("/api/v1/territories")
    assert_json_error(response, 500, "server_error")
    assert "cache down" in caplog.text


def test_the_message_follows_the_chosen_language(db):
    client = Client()
    client.cookies["tadamon_lang"] = "fr"
    body = client.get("/api/v1/nothing").json()
    assert body["message"] == body["message_fr"] == "Rien à cette adresse dans l'API"
