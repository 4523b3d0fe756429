"""The invitation service: who may invite, what is kept, and the account it opens."""

import datetime as dt
import json
import smtplib

import pytest
from django.core import mail
from django.utils import timezone

from tadamon.accounts import invitations
from tadamon.accounts.invitations import (
    accept_invitation,
    find_invitation,
    invite_representative,
    send_invitation,
    token_hash,
)
from tadamon.accounts.models import Invitation, User
from tadamon.errors import DomainError, PermissionDeniedError, ValidationFailed
from tadamon.history.chain import verify_chain
from tadamon.history.models import HistoryEntry
from tadamon.selfservice.tests.conftest import INVITEE


@pytest.mark.parametrize("who", ["national_registrar", "registrar_tanger"])
def test_a_registrar_of_the_organizations_region_invites(request, who, coop_hoceima):
    actor = request.getfixturevalue(who)
    invitation, _token = invite_representative(actor, coop_hoceima, f"  {INVITEE} ")
    invitation.refresh_from_db()
    assert invitation.email == INVITEE
    assert invitation.invited_by == actor
    assert invitation.accepted_at is None
    assert invitation.expires_at - timezone.now() > dt.timedelta(days=13)
    entry = HistoryEntry.objects.get(action="invitation:create")
    assert entry.actor == actor
    assert entry.after["organization_id"] == coop_hoceima.pk


def test_only_a_fingerprint_of_the_token_is_kept(invitation):
    stored, token = invitation
    stored.refresh_from_db()
    assert len(token) >= 40
    assert stored.token_hash == token_hash(token)
    assert token not in stored.token_hash
    assert all(token not in json.dumps(e.after) for e in HistoryEntry.objects.all())


@pytest.mark.parametrize(
    "who", ["registrar_casa", "analyst", "administrator", "representative", "anonymous"]
)
def test_others_may_not_invite(request, who, coop_hoceima):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDeniedError):
        invite_representative(actor, coop_hoceima, INVITEE)
    assert not Invitation.objects.exists()


def test_a_malformed_address_is_refused(registrar_tanger, coop_hoceima):
    with pytest.raises(DomainError) as failure:
        invite_representative(registrar_tanger, coop_hoceima, "فاطمة@")
    assert failure.value.code == "email_invalid"
    assert failure.value.field == "email"
    assert not Invitation.objects.exists()


def test_accepting_opens_a_representative_account_for_that_organization(invitation):
    stored, token = invitation
    user = accept_invitation(token, "fatima_tighanimine", "argane-Rif-2026")
    user.refresh_from_db()
    assert user.role == "representative"
    assert user.organization_id == stored.organization_id
    assert user.email == INVITEE
    assert not user.is_staff
    assert user.check_password("argane-Rif-2026")
    stored.refresh_from_db()
    assert stored.accepted_by == user
    assert stored.accepted_at is not None
    actions = list(
        HistoryEntry.objects.filter(actor=user).order_by("seq").values_list("action", flat=True)
    )
    assert actions == ["account:save", "invitation:accept"]
    assert verify_chain().ok


def test_an_invitation_opens_one_account_only(invitation):
    _stored, token = invitation
    accept_invitation(token, "fatima_tighanimine", "argane-Rif-2026")
    with pytest.raises(DomainError) as failure:
        accept_invitation(token, "another_person", "argane-Rif-2026")
    assert failure.value.code == "invitation_used"
    assert not User.objects.filter(username="another_person").exists()


def test_an_expired_invitation_opens_nothing(invitation):
    _stored, token = invitation
    later = timezone.now() + invitations.VALID_FOR + dt.timedelta(minutes=1)
    with pytest.raises(DomainError) as failure:
        accept_invitation(token, "fatima_tighanimine", "argane-Rif-2026", now=later)
    assert failure.value.code == "invitation_expired"
    assert not User.objects.filter(username="fatima_tighanimine").exists()
    # The day before, it still opens.
    assert find_invitation(token, now=later - dt.timedelta(days=1))


def test_an_unknown_token_opens_nothing(invitation):
    _stored, token = invitation
    for wrong in (token[:-1], "", "x" * 43):
        with pytest.raises(DomainError) as failure:
            find_invitation(wrong)
        assert failure.value.code == "invitation_unknown"
        assert failure.value.message_ar and failure.value.message_fr


def test_a_taken_username_and_a_weak_password_are_both_reported(invitation, representative):
    _stored, token = invitation
    with pytest.raises(ValidationFailed) as failure:
        accept_invitation(token, representative.username.upper(), "123")
    by_field = {error.field: error for error in failure.value.errors}
    assert by_field["username"].code == "username_taken"
    assert by_field["password"].code == "password_weak"
    assert by_field["password"].message_ar != by_field["password"].message_fr
    assert not find_invitation(token).accepted_at  # still usable


@pytest.mark.parametrize("username", ["", "فاطمة الزهراء", "a" * 151])
def test_a_username_must_be_usable_to_log_in(invitation, username):
    _stored, token = invitation
    with pytest.raises(ValidationFailed) as failure:
        accept_invitation(token, username, "argane-Rif-2026")
    assert failure.value.errors[0].field == "username"


def test_the_invitation_is_sent_with_its_link(invitation):
    stored, token = invitation
    link = f"https://tadamon.example/invitation/{token}/"
    assert send_invitation(stored, link)
    (message,) = mail.outbox
    assert message.to == [INVITEE]
    assert link in message.body
    assert "تعاونية تيغانيمين للأركان" in message.body


def test_a_mail_server_failure_is_reported_not_raised(invitation, monkeypatch):
    stored, token = invitation

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr(invitations, "send_mail", refuse)
    assert send_invitation(stored, f"https://tadamon.example/invitation/{token}/") is False
