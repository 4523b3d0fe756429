"""The registrar's invitation page in the back office, role by role."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tadamon.accounts.invitations import (
    accept_invitation,
    find_invitation,
    invite_representative,
    revoke_invitation,
)
from tadamon.accounts.models import Invitation
from tadamon.errors import DomainError
from tadamon.history.models import HistoryEntry
from tadamon.selfservice.tests.conftest import INVITEE

REASON = "أرسلت إلى عنوان خاطئ"


def invite_url(organization) -> str:
    return reverse("selfservice:invite", args=[organization.pk])


def test_a_registrar_invites_and_sees_the_link_once(client, registrar_tanger, coop_hoceima):
    client.force_login(registrar_tanger)
    response = client.post(invite_url(coop_hoceima), {"email": INVITEE})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
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


def revoke_url(invitation) -> str:
    return reverse("selfservice:revoke_invitation", args=[invitation.pk])


def pending_section(page: str) -> str:
    found = re.search(r'<table id="pending-invitations".*?</table>', page, re.S)
    return found.group(0) if found else ""


def test_pending_invitations_are_listed_each_with_a_revoke_button(
    client, registrar_tanger, coop_hoceima, invitation
):
    stored, _token = invitation
    used, used_token = invite_representative(registrar_tanger, coop_hoceima, "amina@example.ma")
    accept_invitation(used_token, "amina_rif", "argane-Rif-2026")
    gone, _ = invite_representative(registrar_tanger, coop_hoceima, "old@example.ma")
    revoke_invitation(registrar_tanger, gone, REASON)
    late, _ = invite_representative(registrar_tanger, coop_hoceima, "late@example.ma")
    Invitation.objects.filter(pk=late.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    client.force_login(registrar_tanger)
    page = client.get(invite_url(coop_hoceima)).content.decode()
    pending = pending_section(page)
    assert INVITEE in pending and f'action="{revoke_url(stored)}"' in pending
    for other in (used, gone, late):
        assert other.email not in pending
        assert revoke_url(other) not in page
    # Accepting one invitation cancelled nothing; the page says an account already exists.
    assert 'id="already-represented"' in page
    states = re.findall(r'<tr data-state="(\w+)">', page)
    assert sorted(states) == ["accepted", "expired", "pending", "revoked"]


def test_without_pending_invitations_there_is_nothing_to_revoke(
    client, registrar_tanger, coop_hoceima
):
    client.force_login(registrar_tanger)
    page = client.get(invite_url(coop_hoceima)).content.decode()
    assert not pending_section(page)
    assert 'class="revoke-form"' not in page
    assert 'id="already-represented"' not in page


@pytest.mark.parametrize("who", ["national_registrar", "registrar_tanger"])
def test_a_registrar_of_the_region_revokes_from_the_page(client, request, who, invitation):
    actor = request.getfixturevalue(who)
    stored, token = invitation
    client.force_login(actor)
    response = client.post(revoke_url(stored), {"reason": REASON})
    assert response.status_code == 302
    assert response["Location"] == invite_url(stored.organization)
    assert "no-store" in response["Cache-Control"]
    stored.refresh_from_db()
    assert stored.revoked_by == actor
    assert HistoryEntry.objects.get(action="invitation:revoke").reason == REASON
    with pytest.raises(DomainError):
        find_invitation(token)
    page = client.get(response["Location"]).content.decode()
    assert 'class="success"' in page  # the admin's message list
    assert not pending_section(page)


def test_revoking_without_a_reason_says_so_and_revokes_nothing(
    client, registrar_tanger, invitation
):
    stored, _token = invitation
    client.force_login(registrar_tanger)
    response = client.post(revoke_url(stored), {"reason": " "}, follow=True)
    assert response.status_code == 200
    assert "يجب ذكر سبب إلغاء الدعوة" in response.content.decode()
    stored.refresh_from_db()
    assert stored.revoked_at is None


def test_revoking_a_used_invitation_says_so(client, registrar_tanger, invitation):
    stored, token = invitation
    accept_invitation(token, "fatima_tighanimine", "argane-Rif-2026")
    client.force_login(registrar_tanger)
    response = client.post(revoke_url(stored), {"reason": REASON}, follow=True)
    assert "استعملت هذه الدعوة وفتحت حسابا" in response.content.decode()
    stored.refresh_from_db()
    assert stored.revoked_at is None


@pytest.mark.parametrize("who", ["registrar_casa", "analyst", "administrator", "representative"])
def test_others_may_not_revoke(client, request, who, invitation):
    stored, token = invitation
    client.force_login(request.getfixturevalue(who))
    assert client.post(revoke_url(stored), {"reason": REASON}).status_code == 403
    stored.refresh_from_db()
    assert stored.revoked_at is None
    assert find_invitation(token) == stored


def test_an_anonymous_visitor_may_not_revoke(client, invitation):
    stored, _token = invitation
    response = client.post(revoke_url(stored), {"reason": REASON})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    stored.refresh_from_db()
    assert stored.revoked_at is None


def test_revoking_takes_a_post(client, registrar_tanger, invitation):
    stored, _token = invitation
    client.force_login(registrar_tanger)
    assert client.get(revoke_url(stored)).status_code == 405
    stored.refresh_from_db()
    assert stored.revoked_at is None


def test_an_unknown_invitation_is_not_found(client, national_registrar):
    client.force_login(national_registrar)
    response = client.post(
        reverse("selfservice:revoke_invitation", args=[987654]), {"reason": REASON}
    )
    assert response.status_code == 404
