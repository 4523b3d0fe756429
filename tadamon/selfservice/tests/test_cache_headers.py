"""No self-service answer may be kept by a browser or a proxy: they show private fields,
an invitation link or an invitee's address."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

MY_PAGES = [
    ("get", reverse("selfservice:dashboard")),
    ("get", reverse("selfservice:profile")),
    ("post", reverse("selfservice:profile")),
    ("get", reverse("selfservice:declaration", args=[2024])),
    ("post", reverse("selfservice:declaration", args=[2024])),
    ("post", reverse("selfservice:declaration_check", args=[2024])),
]


def assert_never_cached(response) -> None:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    assert {"no-store", "no-cache", "private"} <= directives, response.get("Cache-Control")


@pytest.mark.parametrize(("method", "url"), MY_PAGES)
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("representative", {200, 302}),
        ("national_registrar", {403}),
        ("registrar_tanger", {403}),
        ("analyst", {403}),
        ("administrator", {403}),
        ("anonymous", {302}),
    ],
)
def test_a_representatives_pages_are_never_cached(client, request, method, url, who, status):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    else:
        request.getfixturevalue("coop_hoceima")
    response = getattr(client, method)(url, {"members_total": "12"} if method == "post" else {})
    assert response.status_code in status
    assert_never_cached(response)


def test_the_dashboard_that_shows_private_fields_is_never_cached(client, representative):
    client.force_login(representative)
    response = client.get(reverse("selfservice:dashboard"))
    assert "+212 600" in response.content.decode()  # the private phone is on the page
    assert_never_cached(response)


@pytest.mark.parametrize("who", ["anonymous", "representative"])
def test_logging_in_and_out_is_never_cached(client, request, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    assert_never_cached(client.get(reverse("selfservice:login")))
    assert_never_cached(client.get(reverse("selfservice:logout")))


@pytest.mark.parametrize("who", ["registrar_tanger", "registrar_casa", "analyst", "anonymous"])
def test_the_invite_and_revoke_pages_are_never_cached(client, request, who, invitation):
    stored, _token = invitation
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    assert_never_cached(client.get(reverse("selfservice:invite", args=[stored.organization_id])))
    revoke = reverse("selfservice:revoke_invitation", args=[stored.pk])
    assert_never_cached(client.post(revoke, {"reason": "أرسلت إلى عنوان خاطئ"}))


def test_the_invitees_page_is_never_cached_alive_or_dead(client, invitation):
    _stored, token = invitation
    assert_never_cached(client.get(reverse("selfservice:invitation", args=[token])))
    assert_never_cached(client.get(reverse("selfservice:invitation", args=[token[::-1]])))
