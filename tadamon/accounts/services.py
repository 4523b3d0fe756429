"""Managing users and roles: only administrators, and every change enters the history."""

from __future__ import annotations

from tadamon.accounts import scope
from tadamon.accounts.models import User
from tadamon.errors import DomainError, PermissionDeniedError
from tadamon.history.chain import Change, record, writes_history

ACCOUNT_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "role",
    "region_id",
    "organization_id",
    "is_active",
    "is_staff",
)


def account_snapshot(user: User) -> dict:
    return {name: getattr(user, name) for name in ACCOUNT_FIELDS}


def require_administrator(actor) -> None:
    if not (scope.is_administrator(actor) or getattr(actor, "is_superuser", False)):
        raise PermissionDeniedError(
            "إدارة المستخدمين والأدوار من اختصاص المدير فقط",
            "Seul un administrateur gère les utilisateurs et les rôles",
        )


def check_role_fields(user: User) -> None:
    if user.role == "regional_registrar" and user.region_id is None:
        raise DomainError(
            "region_required",
            "يجب ربط المسجل الجهوي بجهة",
            "Un registraire régional doit être rattaché à une région",
            "region",
        )
    if user.role == "representative" and user.organization_id is None:
        raise DomainError(
            "organization_required",
            "يجب ربط ممثل الهيئة بهيئته",
            "Un représentant doit être rattaché à son organisation",
            "organization",
        )


@writes_history
def save_account(actor, user: User, password: str | None = None) -> User:
    """Create or change an account (administrators only); records it in the history."""
    require_administrator(actor)
    return save_account_record(actor, user, password)


@writes_history
def save_account_from_console(user: User, password: str | None = None) -> User:
    """The same for set-up commands run by whoever holds the server's shell ("system")."""
    return save_account_record(None, user, password)


def save_account_record(actor, user: User, password: str | None) -> User:
    """Save the account and record the change; who may do it is the caller's to check
    (an administrator in save_account, a valid invitation in accept_invitation)."""
    check_role_fields(user)
    # Registrars and analysts work in the back office; representatives do not.
    user.is_staff = (
        user.role
        in (
            "national_registrar",
            "regional_registrar",
            "analyst",
            "administrator",
            "funder",
        )
        or user.is_superuser
    )
    before = account_snapshot(User.objects.get(pk=user.pk)) if user.pk else None
    if password:
        user.set_password(password)
    user.save()
    after = account_snapshot(user)
    if before != after:
        record(actor, Change("account:save", "user", str(user.pk), before, after))
    return user
