"""The registrar's invitation page in the back office, role by role."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tadamon.accounts.invitations import find_invitation
from tadamon.accounts.models import Invitation
from tadamon.selfservice.tests.conftest import INVITEE


def invite_url(organization) -> str:
    return reverse("selfservice:invite", args=[organization.pk])


def test_a_registrar_invites_and_sees_the_link_once(client, registrar_tanger, coop_hoceima):
    client.force_login(registrar_tanger)
    response = client.post(invite_url(coop_hoceima), {"email": INVITEE})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    token = re.search(r"/invitation/([\w-]+)/", page).group(1)
    assert find_invitation(token).organization == coop_hoceima
    (message,) = mail.outbox
    assert f"/invitation/{token}/" in message.body
    # Back on the page, the invitation is listed but its link is gone for good.
    again = client.get(invite_url(coop_hoceima)).content.decode()
    assert INVITEE in again
    assert token not in again


def test_the_page_says_what_is_wrong_with_the_address(client, registrar_tanger, coop_hoceima):
    client.force_login(registrar_tanger)
    response = client.post(invite_url(coop_hoceima), {"email": "ليس-بريدا"})
    assert response.status_code == 200
    assert "البريد الإلكتروني «ليس-بريدا» غير صالح" in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("who", ["registrar_casa", "analyst", "administrator", "representative"])
def test_others_are_refused(client, request, who, coop_hoceima):
    client.force_login(request.getfixturevalue(who))
    assert client.get(invite_url(coop_hoceima)).status_code == 403
    assert client.post(invite_url(coop_hoceima), {"email": INVITEE}).status_code == 403
    assert not Invitation.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client, coop_hoceima):
    response = client.post(invite_url(coop_hoceima), {"email": INVITEE})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not Invitation.objects.exists()


def test_an_unknown_organization_is_not_found(client, national_registrar):
    client.force_login(national_registrar)
    assert client.get(reverse("selfservice:invite", args=[987654])).status_code == 404


@pytest.mark.parametrize(
    ("who", "shown"),
    [
        ("national_registrar", True),
        ("registrar_tanger", True),
        ("registrar_casa", False),
        ("analyst", False),
    ],
)
def test_the_organization_page_offers_the_invitation_to_who_may_invite(
    client, request, who, shown, coop_hoceima
):
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("admin:registry_organization_change", args=[coop_hoceima.pk]))
    assert page.status_code == 200
    assert (invite_url(coop_hoceima) in page.content.decode()) is shown
