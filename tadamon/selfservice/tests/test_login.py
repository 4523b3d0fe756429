"""Logging in and out of the portal, and the links the header shows each role."""

import pytest
from django.urls import reverse

# Declared, not only reached through getfixturevalue: pytest-django orders tests by the
# database they declare, and an undeclared one could run after a flush of the territories.
pytestmark = pytest.mark.django_db

LOGIN = reverse("selfservice:login")
LOGOUT = reverse("selfservice:logout")
PASSWORD = "pass-Tadamon-2026"  # conftest.make_user's


def test_the_login_page_is_in_arabic_first(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert 'name="username"' in page


def test_a_representative_lands_on_its_organization(client, representative):
    response = client.post(LOGIN, {"username": representative.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("selfservice:dashboard")


@pytest.mark.parametrize("who", ["national_registrar", "registrar_casa", "analyst"])
def test_back_office_roles_land_in_the_back_office(client, request, who):
    user = request.getfixturevalue(who)
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert response["Location"] == reverse("admin:index")


def test_the_page_asked_for_comes_first(client, representative):
    target = reverse("selfservice:declaration", args=[2024])
    response = client.post(
        LOGIN, {"username": representative.username, "password": PASSWORD, "next": target}
    )
    assert response["Location"] == target


def test_another_sites_address_is_not_followed(client, representative):
    response = client.post(
        LOGIN,
        {"username": representative.username, "password": PASSWORD, "next": "//evil.example/"},
    )
    assert response["Location"] == reverse("selfservice:dashboard")


def test_a_wrong_password_is_said_and_the_username_kept(client, representative):
    response = client.post(LOGIN, {"username": representative.username, "password": "خطأ"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="alert"' in page
    assert f'value="{representative.username}"' in page
    assert "_auth_user_id" not in client.session


def test_logging_out_takes_a_post(client, representative):
    client.force_login(representative)
    assert client.get(LOGOUT).status_code == 200  # a page with the button, still logged in
    assert "_auth_user_id" in client.session
    response = client.post(LOGOUT)
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("who", "login", "mine", "logout"),
    [
        ("anonymous", True, False, False),
        ("representative", False, True, True),
        ("national_registrar", False, False, True),
        ("analyst", False, False, True),
    ],
)
def test_the_header_offers_what_each_role_can_use(client, request, who, login, mine, logout):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    page = client.get(LOGIN if who == "anonymous" else LOGOUT).content.decode()
    assert ('id="nav-login"' in page) is login
    assert ('id="nav-my-organization"' in page) is mine
    assert ('id="nav-logout"' in page) is logout
