"""Inviting a person to represent an organization, and the account the invitation opens.

A registrar who may change the organization (national, or regional for its
region) invites an e-mail address; the invitee follows the link, chooses a
username and password, and gets a representative account tied to that
organization. The token is random and long, so a SHA-256 of it is enough to
find the invitation without keeping the token itself. A registrar who may
invite may also revoke a pending invitation. Accepting one invitation leaves
the organization's other pending ones alone: several representatives may be
wanted, and the invite page lists them for the registrar to revoke.

The history can never be erased, so it keeps a SHA-256 of the invitee's
e-mail, never the address: the address stays on the invitation row, which
can be cleaned.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import smtplib

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import EmailValidator
from django.utils import timezone, translation

from tadamon.accounts import scope
from tadamon.accounts.models import Invitation, Role, User
from tadamon.accounts.services import save_account_record
from tadamon.errors import DomainError, PermissionDeniedError, ValidationFailed
from tadamon.history.chain import Change, record, writes_history
from tadamon.registry.models import Organization
from tadamon.registry.services.permissions import require_not_merged

# Long enough for a cooperative's president who reads e-mail at the weekly souk.
VALID_FOR = dt.timedelta(days=14)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def email_hash(email: str) -> str:
    """What the history keeps of an address: enough to tell whether two entries name the
    same person (given the address), not enough to read it."""
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()


def require_may_invite(actor, organization: Organization) -> None:
    if not scope.can_change(actor, organization):
        raise PermissionDeniedError(
            "دعوة ممثل لهيئة من اختصاص مسجل جهتها أو المسجل الوطني فقط",
            "Seul le registraire de sa région ou le registraire national peut inviter un "
            "représentant de cette organisation",
        )


def _check_email(email: str) -> str:
    email = (email or "").strip()
    try:
        EmailValidator()(email)
    except ValidationError:
        raise DomainError(
            "email_invalid",
            f"البريد الإلكتروني «{email}» غير صالح",
            f"Adresse e-mail « {email} » invalide",
            "email",
        ) from None
    return email


@writes_history
def invite_representative(
    actor, organization: Organization, email: str, *, now: dt.datetime | None = None
) -> tuple[Invitation, str]:
    """Record an invitation; returns it with the token, which is never stored nor shown again."""
    organization = Organization.objects.select_related("province").get(pk=organization.pk)
    require_may_invite(actor, organization)
    require_not_merged(organization)
    email = _check_email(email)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organization=organization,
        email=email,
        token_hash=token_hash(token),
        expires_at=(now or timezone.now()) + VALID_FOR,
        invited_by=actor,
    )
    record(
        actor,
        Change(
            "invitation:create",
            "invitation",
            str(invitation.pk),
            None,
            {
                "invitation_id": invitation.pk,
                "organization_id": organization.pk,
                "email_sha256": email_hash(email),
                "expires_at": invitation.expires_at.isoformat(),
            },
        ),
    )
    return invitation, token


def find_invitation(
    token: str, *, now: dt.datetime | None = None, lock: bool = False
) -> Invitation:
    """The invitation the token opens, or an error saying why it opens nothing."""
    invitations = Invitation.objects.select_related("organization")
    if lock:
        invitations = invitations.select_for_update(of=("self",))
    invitation = invitations.filter(token_hash=token_hash(token or "")).first()
    if invitation is None:
        raise DomainError(
            "invitation_unknown",
            "رابط الدعوة هذا غير معروف. تأكد من نسخه كاملا أو اطلب دعوة جديدة من المسجل.",
            "Ce lien d'invitation est inconnu. Vérifiez qu'il est complet ou demandez une "
            "nouvelle invitation au registraire.",
        )
    if invitation.accepted_at is not None:
        raise DomainError(
            "invitation_used",
            "استعملت هذه الدعوة من قبل. سجل الدخول بالحساب الذي أنشأته بها.",
            "Cette invitation a déjà été utilisée. Connectez-vous avec le compte créé grâce "
            "à elle.",
        )
    if invitation.revoked_at is not None:
        raise DomainError(
            "invitation_revoked",
            "ألغى المسجل هذه الدعوة. إن كنت ما زلت تمثل الهيئة فاطلب دعوة جديدة من المسجل.",
            "Le registraire a annulé cette invitation. Si vous représentez toujours "
            "l'organisation, demandez-lui une nouvelle invitation.",
        )
    if invitation.expires_at <= (now or timezone.now()):
        raise DomainError(
            "invitation_expired",
            "انتهت صلاحية هذه الدعوة. اطلب دعوة جديدة من المسجل.",
            "Cette invitation a expiré. Demandez une nouvelle invitation au registraire.",
        )
    return invitation


@writes_history
def revoke_invitation(
    actor, invitation: Invitation, reason: str, *, now: dt.datetime | None = None
) -> Invitation:
    """Stop a pending invitation from opening an account; whoever may invite may revoke."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organization__province")
        .get(pk=invitation.pk)
    )
    require_may_invite(actor, invitation.organization)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            "reason_required",
            "يجب ذكر سبب إلغاء الدعوة",
            "Le motif de l'annulation de l'invitation est requis",
            "reason",
        )
    if invitation.accepted_at is not None:
        raise DomainError(
            "invitation_used",
            "استعملت هذه الدعوة وفتحت حسابا؛ إلغاؤها لا يغلقه. يغلق المدير الحساب إن لزم.",
            "Cette invitation a déjà ouvert un compte ; l'annuler ne le fermerait pas. "
            "Un administrateur peut désactiver le compte si nécessaire.",
        )
    if invitation.revoked_at is not None:
        raise DomainError(
            "invitation_revoked",
            "ألغيت هذه الدعوة من قبل",
            "Cette invitation a déjà été annulée",
        )
    invitation.revoked_at = now or timezone.now()
    invitation.revoked_by = actor
    invitation.save(update_fields=["revoked_at", "revoked_by"])
    record(
        actor,
        Change(
            "invitation:revoke",
            "invitation",
            str(invitation.pk),
            {"revoked_at": None},
            {"revoked_at": invitation.revoked_at.isoformat(), "revoked_by": actor.username},
            reason=reason,
        ),
    )
    return invitation


def _both_languages(check) -> list[str] | None:
    """Django's own messages (password rules) in Arabic and French, or None if all is well."""
    messages = []
    for language in ("ar", "fr"):
        with translation.override(language):
            try:
                check()
            except ValidationError as failure:
                messages.append(" ".join(failure.messages))
    return messages or None


def _account_errors(user: User, password: str) -> list[DomainError]:
    errors = []
    username = user.username
    if not username:
        errors.append(
            DomainError(
                "username_required",
                "اختر اسم مستخدم",
                "Choisissez un nom d'utilisateur",
                "username",
            )
        )
    else:
        invalid = _both_languages(lambda: User.username_validator(username))
        if invalid or len(username) > 150:
            errors.append(
                DomainError(
                    "username_invalid",
                    "اسم المستخدم: حروف وأرقام والرموز @ . + - _ فقط، 150 حرفا على الأكثر",
                    "Nom d'utilisateur : lettres, chiffres et @ . + - _ seulement, "
                    "150 caractères au plus",
                    "username",
                )
            )
        elif User.objects.filter(username__iexact=username).exists():
            errors.append(
                DomainError(
                    "username_taken",
                    f"اسم المستخدم «{username}» مستعمل، اختر غيره",
                    f"Le nom d'utilisateur « {username} » est déjà pris, choisissez-en un autre",
                    "username",
                )
            )
    weak = _both_languages(lambda: validate_password(password or "", user))
    if weak:
        errors.append(DomainError("password_weak", weak[0], weak[1], "password"))
    return errors


@writes_history
def accept_invitation(
    token: str, username: str, password: str, *, now: dt.datetime | None = None
) -> User:
    """Open the representative account the invitation promises; the invitation is then used."""
    invitation = find_invitation(token, now=now, lock=True)
    organization = invitation.organization
    require_not_merged(organization)
    user = User(
        username=(username or "").strip(),
        email=invitation.email,
        role=Role.REPRESENTATIVE,
        organization=organization,
    )
    errors = _account_errors(user, password)
    if errors:
        raise ValidationFailed(errors)
    # The invitee acts for itself: the account is both the actor and the object.
    save_account_record(user, user, password)
    invitation.accepted_at = now or timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    record(
        user,
        Change(
            "invitation:accept",
            "invitation",
            str(invitation.pk),
            {"accepted_at": None},
            {"accepted_at": invitation.accepted_at.isoformat(), "accepted_by": user.username},
        ),
    )
    return user


def send_invitation(invitation: Invitation, link: str) -> bool:
    """E-mail the link to the invitee (after the invitation is committed); False if it failed."""
    organization = invitation.organization
    subject = "تضامن: دعوة لتمثيل هيئتكم — Tadamon : invitation à représenter votre organisation"
    body = (
        f"دعيتم لتمثيل «{organization.name_ar or organization.name_fr}» في السجل الوطني "
        f"لهيئات الاقتصاد الاجتماعي والتضامني. افتحوا هذا الرابط لإنشاء حسابكم:\n{link}\n"
        f"ينتهي أجل الرابط في {invitation.expires_at:%Y-%m-%d}.\n\n"
        f"Vous êtes invité(e) à représenter « {organization.name_fr or organization.name_ar} » "
        "au registre national de l'économie sociale et solidaire. Ouvrez ce lien pour créer "
        f"votre compte :\n{link}\nLe lien expire le {invitation.expires_at:%Y-%m-%d}.\n"
    )
    try:
        send_mail(subject, body, None, [invitation.email])
    except (OSError, smtplib.SMTPException):
        return False  # the registrar still has the link on screen and can pass it on
    return True
