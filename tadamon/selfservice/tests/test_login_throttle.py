"""Brute-force protection on the portal's login: per address, per username, and silent
about which accounts exist. The cache is emptied before each test (conftest.empty_cache)."""

import html
import re
import time

import pytest
from django.urls import reverse

from tadamon.accounts.models import User
from tadamon.selfservice import throttling
from tadamon.selfservice.tests.conftest import as_language

pytestmark = pytest.mark.django_db

LOGIN = reverse("selfservice:login")
PASSWORD = "pass-Tadamon-2026"  # conftest.make_user's
LIMIT = throttling.FAILURES_ALLOWED
ARABIC = "محاولات دخول فاشلة كثيرة"
FRENCH = "Trop de tentatives de connexion échouées"


def attempt(client, username: str, password: str, address: str = "192.0.2.10", **extra):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def fail(client, username: str, times: int = LIMIT, address: str = "192.0.2.10") -> None:
    for _ in range(times):
        response = attempt(client, username, "كلمة-خاطئة", address)
        assert response.status_code == 200  # an ordinary failure, not yet a lock


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("who", ["representative", "national_registrar", "registrar_casa"])
def test_the_right_password_does_not_open_a_locked_account(client, request, who):
    user = request.getfixturevalue(who)
    fail(client, user.username)
    response = attempt(client, user.username, PASSWORD)
    assert response.status_code == 429
    assert response["Retry-After"] == str(throttling.WINDOW_SECONDS)
    assert not logged_in(client)
    user.refresh_from_db()
    assert user.last_login is None


def test_one_failure_short_of_the_limit_still_lets_the_owner_in(client, representative):
    fail(client, representative.username, LIMIT - 1)
    response = attempt(client, representative.username, PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_lock_is_explained_in_the_page_language(client, representative, language):
    fail(client, representative.username)
    as_language(client, language)
    response = attempt(client, representative.username, PASSWORD)
    page = html.unescape(response.content.decode())
    assert f'<html lang="{language}"' in page
    assert 'id="login-locked"' in page and 'role="alert"' in page
    assert (ARABIC if language == "ar" else FRENCH) in page
    assert 'name="username"' in page  # the form stays, to try again later


def test_a_username_is_locked_whatever_address_the_guesses_come_from(
    client, representative, analyst
):
    for n in range(LIMIT):
        fail(client, representative.username, 1, address=f"198.51.100.{n + 1}")
    assert attempt(client, representative.username, PASSWORD, "203.0.113.5").status_code == 429
    # Another account from that address is not held back.
    assert attempt(client, analyst.username, PASSWORD, "203.0.113.5").status_code == 302


def test_an_address_is_locked_whatever_usernames_it_tries(client, representative, analyst):
    for n in range(LIMIT):
        fail(client, f"guess{n}", 1, address="192.0.2.66")
    assert attempt(client, representative.username, PASSWORD, "192.0.2.66").status_code == 429
    assert not logged_in(client)
    assert attempt(client, analyst.username, PASSWORD, "192.0.2.67").status_code == 302


def test_a_usernames_case_does_not_buy_more_guesses(client, representative):
    for n in range(LIMIT):
        name = representative.username.upper() if n % 2 else representative.username
        fail(client, name, 1, address=f"198.51.100.{n + 1}")
    assert attempt(client, representative.username, PASSWORD, "203.0.113.5").status_code == 429


def test_a_forged_forwarded_for_does_not_buy_more_guesses(client, representative):
    for n in range(LIMIT):
        attempt(client, f"guess{n}", "كلمة-خاطئة", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    response = attempt(
        client, representative.username, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99"
    )
    assert response.status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_address_counts(client, settings, analyst):
    settings.TADAMON_API_PROXIES = 1
    for n in range(LIMIT):
        attempt(client, f"guess{n}", "كلمة-خاطئة", HTTP_X_FORWARDED_FOR="198.51.100.1")
    # Same proxy (REMOTE_ADDR), another client behind it: not locked.
    assert (
        attempt(client, analyst.username, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code
        == 302
    )
    client.logout()
    response = attempt(client, analyst.username, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert response.status_code == 429


def test_one_ipv6_subscriber_counts_as_one_address(client, analyst):
    for n in range(LIMIT):
        fail(client, f"guess{n}", 1, address=f"2001:db8:1:2::{n + 1:x}")
    assert attempt(client, analyst.username, PASSWORD, "2001:db8:1:2::ff").status_code == 429
    assert attempt(client, analyst.username, PASSWORD, "2001:db8:1:3::1").status_code == 302


def test_a_lock_says_nothing_about_whether_the_account_exists(client, representative):
    fail(client, representative.username, address="192.0.2.1")
    fail(client, "nobody_here", address="192.0.2.2")
    known = attempt(client, representative.username, PASSWORD, "192.0.2.1")
    unknown = attempt(client, "nobody_here", PASSWORD, "192.0.2.2")
    assert known.status_code == unknown.status_code == 429

    def without_variable_parts(response) -> str:
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        return page.replace(representative.username, "NAME").replace("nobody_here", "NAME")

    assert without_variable_parts(known) == without_variable_parts(unknown)
    assert not User.objects.filter(username="nobody_here").exists()


def test_a_locked_attempt_does_not_prolong_the_lock(client, representative, monkeypatch):
    fail(client, representative.username)
    started = time.time()
    monkeypatch.setattr(time, "time", lambda: started + throttling.WINDOW_SECONDS - 60)
    assert attempt(client, representative.username, "كلمة-خاطئة").status_code == 429
    monkeypatch.setattr(time, "time", lambda: started + throttling.WINDOW_SECONDS + 1)
    assert attempt(client, representative.username, PASSWORD, "192.0.2.99").status_code == 302


def test_the_lock_ends_with_its_window(client, representative, monkeypatch):
    fail(client, representative.username)
    assert attempt(client, representative.username, PASSWORD).status_code == 429
    started = time.time()
    monkeypatch.setattr(time, "time", lambda: started + throttling.WINDOW_SECONDS + 1)
    assert attempt(client, representative.username, PASSWORD).status_code == 302
    assert logged_in(client)


def test_logging_in_clears_the_usernames_count_not_the_addresses(client, representative):
    fail(client, representative.username, LIMIT - 1, address="192.0.2.1")
    assert attempt(client, representative.username, PASSWORD, "192.0.2.1").status_code == 302
    client.logout()
    # The username starts afresh: nine more failures elsewhere still leave the owner in.
    fail(client, representative.username, LIMIT - 1, address="192.0.2.2")
    assert attempt(client, representative.username, PASSWORD, "192.0.2.2").status_code == 302
    client.logout()
    # The first address kept its count: one more failure there locks it.
    fail(client, "someone_else", 1, address="192.0.2.1")
    assert attempt(client, representative.username, PASSWORD, "192.0.2.1").status_code == 429


def test_an_empty_form_is_not_a_guess(client, representative):
    for _ in range(LIMIT + 2):
        client.post(LOGIN, {"username": representative.username, "password": ""})
        client.post(LOGIN, {"username": "", "password": "x"})
    assert attempt(client, representative.username, PASSWORD, "127.0.0.1").status_code == 302


def test_the_back_office_login_shares_the_lock(client, national_registrar):
    admin_login = "/admin/login/"
    for _ in range(LIMIT):
        response = client.post(
            admin_login,
            {"username": "national", "password": "كلمة-خاطئة"},
            REMOTE_ADDR="192.0.2.20",
        )
        assert response.status_code == 200
    locked = client.post(
        admin_login, {"username": "national", "password": PASSWORD}, REMOTE_ADDR="192.0.2.21"
    )
    assert locked.status_code == 429 and not logged_in(client)
    # The portal's door is locked too for that account.
    assert attempt(client, "national", PASSWORD, "192.0.2.22").status_code == 429


def test_the_back_office_login_still_lets_a_registrar_in(client, national_registrar):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "national", "password": PASSWORD}
    )
    assert response.status_code == 302 and logged_in(client)
