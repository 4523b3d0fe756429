"""The invitation service: who may invite, what is kept, and the account it opens."""

import datetime as dt
import hashlib
import io
import json
import smtplib

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from tadamon.accounts import invitations
from tadamon.accounts.invitations import (
    accept_invitation,
    email_hash,
    find_invitation,
    invite_representative,
    revoke_invitation,
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
    assert entry.after["invitation_id"] == invitation.pk


def test_the_history_keeps_a_fingerprint_of_the_address_not_the_address(
    registrar_tanger, coop_hoceima
):
    invitation, _token = invite_representative(
        registrar_tanger, coop_hoceima, "Fatima.Zahra@Example.MA"
    )
    entry = HistoryEntry.objects.get(action="invitation:create")
    assert entry.object_id == str(invitation.pk)
    assert entry.after["email_sha256"] == hashlib.sha256(INVITEE.encode()).hexdigest()
    assert entry.after["email_sha256"] == email_hash(INVITEE)
    recorded = json.dumps([entry.before, entry.after, entry.reason]).lower()
    assert "fatima" not in recorded and "example.ma" not in recorded
    # The address stays on the invitation itself, where it can be cleaned.
    invitation.refresh_from_db()
    assert invitation.email == "Fatima.Zahra@Example.MA"
    assert verify_chain().ok
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "History chain intact" in out.getvalue()


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


# Revoking ---------------------------------------------------------------------------------

REASON = "أرسلت إلى عنوان خاطئ"


@pytest.mark.parametrize("who", ["national_registrar", "registrar_tanger"])
def test_a_registrar_of_the_organizations_region_revokes(request, who, invitation):
    actor = request.getfixturevalue(who)
    stored, token = invitation
    revoke_invitation(actor, stored, f"  {REASON} ")
    stored.refresh_from_db()
    assert stored.revoked_by == actor
    assert stored.revoked_at is not None
    assert stored.state() == "revoked"
    entry = HistoryEntry.objects.get(action="invitation:revoke")
    assert entry.actor == actor
    assert entry.object_id == str(stored.pk)
    assert entry.reason == REASON
    assert entry.after["revoked_by"] == actor.username
    assert verify_chain().ok
    with pytest.raises(DomainError) as failure:
        find_invitation(token)
    assert failure.value.code == "invitation_revoked"


@pytest.mark.parametrize(
    "who", ["registrar_casa", "analyst", "administrator", "representative", "anonymous"]
)
def test_others_may_not_revoke(request, who, invitation):
    actor = request.getfixturevalue(who)
    stored, token = invitation
    with pytest.raises(PermissionDeniedError):
        revoke_invitation(actor, stored, REASON)
    stored.refresh_from_db()
    assert stored.revoked_at is None
    assert not HistoryEntry.objects.filter(action="invitation:revoke").exists()
    assert find_invitation(token) == stored


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_revoking_needs_a_reason(registrar_tanger, invitation, reason):
    stored, _token = invitation
    with pytest.raises(DomainError) as failure:
        revoke_invitation(registrar_tanger, stored, reason)
    assert failure.value.code == "reason_required"
    assert failure.value.field == "reason"
    stored.refresh_from_db()
    assert stored.revoked_at is None


def test_a_used_invitation_cannot_be_revoked(registrar_tanger, invitation):
    stored, token = invitation
    user = accept_invitation(token, "fatima_tighanimine", "argane-Rif-2026")
    with pytest.raises(DomainError) as failure:
        revoke_invitation(registrar_tanger, stored, REASON)
    assert failure.value.code == "invitation_used"
    user.refresh_from_db()
    assert user.is_active


def test_an_invitation_is_revoked_once(registrar_tanger, national_registrar, invitation):
    stored, _token = invitation
    revoke_invitation(registrar_tanger, stored, REASON)
    with pytest.raises(DomainError) as failure:
        revoke_invitation(national_registrar, stored, "مرة ثانية")
    assert failure.value.code == "invitation_revoked"
    stored.refresh_from_db()
    assert stored.revoked_by == registrar_tanger
    assert HistoryEntry.objects.filter(action="invitation:revoke").count() == 1


def test_a_revoked_invitation_opens_nothing(registrar_tanger, invitation):
    stored, token = invitation
    revoke_invitation(registrar_tanger, stored, REASON)
    with pytest.raises(DomainError) as failure:
        accept_invitation(token, "fatima_tighanimine", "argane-Rif-2026")
    assert failure.value.code == "invitation_revoked"
    assert failure.value.message_ar and failure.value.message_fr
    assert not User.objects.filter(username="fatima_tighanimine").exists()


def test_the_revocation_and_its_history_are_one_transaction(
    registrar_tanger, invitation, monkeypatch
):
    stored, token = invitation

    def history_fails(*args, **kwargs):
        raise RuntimeError("history unavailable")

    monkeypatch.setattr(invitations, "record", history_fails)
    with pytest.raises(RuntimeError):
        revoke_invitation(registrar_tanger, stored, REASON)
    stored.refresh_from_db()
    assert stored.revoked_at is None
    assert find_invitation(token) == stored


def test_accepting_one_invitation_leaves_the_others_pending(
    registrar_tanger, coop_hoceima, invitation
):
    _first, first_token = invitation
    second, second_token = invite_representative(
        registrar_tanger, coop_hoceima, "khadija@example.ma"
    )
    accept_invitation(first_token, "fatima_tighanimine", "argane-Rif-2026")
    assert list(Invitation.objects.pending()) == [second]
    accept_invitation(second_token, "khadija_tighanimine", "argane-Rif-2027")
    assert coop_hoceima.representatives.count() == 2


def test_pending_means_neither_used_revoked_nor_expired(registrar_tanger, coop_hoceima):
    made = {
        name: invite_representative(registrar_tanger, coop_hoceima, f"{name}@example.ma")
        for name in ("pending", "accepted", "revoked", "expired")
    }
    accept_invitation(made["accepted"][1], "amina_rif", "argane-Rif-2026")
    revoke_invitation(registrar_tanger, made["revoked"][0], REASON)
    expired = made["expired"][0]
    expired.expires_at = timezone.now() - dt.timedelta(seconds=1)
    expired.save(update_fields=["expires_at"])
    assert list(Invitation.objects.pending()) == [made["pending"][0]]
    for name, (stored, _token) in made.items():
        stored.refresh_from_db()
        assert stored.state() == name


def test_the_database_refuses_a_revocation_that_breaks_the_rules(
    registrar_tanger, coop_hoceima, invitation
):
    stored, token = invitation
    accept_invitation(token, "fatima_tighanimine", "argane-Rif-2026")
    with pytest.raises(IntegrityError), transaction.atomic():  # used and revoked
        Invitation.objects.filter(pk=stored.pk).update(
            revoked_at=timezone.now(), revoked_by=registrar_tanger
        )
    pending, _token = invite_representative(registrar_tanger, coop_hoceima, "khadija@example.ma")
    with pytest.raises(IntegrityError), transaction.atomic():  # revoked by nobody
        Invitation.objects.filter(pk=pending.pk).update(revoked_at=timezone.now())
    Invitation.objects.filter(pk=pending.pk).update(
        revoked_at=timezone.now(), revoked_by=registrar_tanger
    )
    assert Invitation.objects.get(pk=pending.pk).state() == "revoked"
