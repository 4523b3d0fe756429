"""Per-client rate limits: per token, else per address; 429 with Retry-After and a JSON body."""

import pytest
from django.core.cache import cache

from tadamon.api import throttling
from tadamon.api.tests.conftest import Api, key_for

URL = "/api/v1/territories/MA"


class Clock:
    """The limiter's clock, stopped: a test never straddles the end of a window."""

    def __init__(self):
        self.now = 1_800_000_000.0 + 12.5

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    stopped = Clock()
    monkeypatch.setattr(throttling.time, "time", stopped)
    return stopped


@pytest.fixture
def small_limits(settings, db, clock):
    settings.TADAMON_API_RATES = {"anonymous": "3/min", "token": "5/min"}
    cache.clear()
    yield
    cache.clear()


def spend(api: Api, times: int, environ=None) -> list[int]:
    return [api.get(URL, environ=environ).status_code for _ in range(times)]


def test_an_address_past_its_allowance_gets_429_with_retry_after(small_limits):
    assert spend(Api(), 3) == [200, 200, 200]
    refused = Api().get(URL)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "48"  # 12.5 s into the minute
    body = refused.json()
    assert body["code"] == "rate_limited"
    assert "Retry-After" in body["message_fr"] and body["message_ar"]


def test_each_token_has_its_own_allowance(small_limits, analyst, national_registrar):
    spend(Api(), 3)
    first, second = Api(key_for(analyst)), Api(key_for(national_registrar))
    assert spend(first, 5) == [200] * 5
    assert first.get(URL).status_code == 429
    assert second.get(URL).status_code == 200


def test_each_address_has_its_own_allowance(small_limits):
    spend(Api(), 3, environ={"REMOTE_ADDR": "192.0.2.1"})
    assert Api().get(URL, environ={"REMOTE_ADDR": "192.0.2.1"}).status_code == 429
    assert Api().get(URL, environ={"REMOTE_ADDR": "192.0.2.2"}).status_code == 200


def test_a_forwarded_address_counts_only_behind_a_trusted_proxy(small_limits, settings):
    spend(Api(), 3)
    forged = Api().get(URL, **{"X-Forwarded-For": "198.51.100.7"})
    assert forged.status_code == 429  # a client cannot buy a fresh allowance with a header
    settings.TADAMON_API_PROXIES = 1
    assert Api().get(URL, **{"X-Forwarded-For": "198.51.100.7"}).status_code == 200


def test_the_allowance_comes_back_in_the_next_window(small_limits, clock):
    spend(Api(), 3)
    assert Api().get(URL).status_code == 429
    clock.now += 47
    assert Api().get(URL).status_code == 429
    clock.now += 1
    assert Api().get(URL).status_code == 200


def test_no_limit_when_the_setting_says_none(settings, db):
    settings.TADAMON_API_RATES = {"anonymous": None, "token": "1/min"}
    cache.clear()
    assert set(spend(Api(), 10)) == {200}


def test_rates_are_read_as_written():
    assert throttling.parse_rate("120/min") == (120, 60)
    assert throttling.parse_rate("10/s") == (10, 1)
    assert throttling.parse_rate("5000/day") == (5000, 86400)
    assert throttling.parse_rate(None) is None
