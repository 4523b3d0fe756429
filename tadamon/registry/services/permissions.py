"""The permission checks services make before they write, with bilingual refusals."""

from __future__ import annotations

from tadamon.accounts import scope
from tadamon.errors import DomainError, PermissionDeniedError


def require_change(user, organization) -> None:
    if not scope.can_change(user, organization):
        raise PermissionDeniedError(
            "لا تملك صلاحية تعديل هذه الهيئة: هي خارج نطاق جهتك أو دورك",
            "Vous n'avez pas le droit de modifier cette organisation : elle est hors de votre "
            "région ou de votre rôle",
        )


def require_register_in(user, province) -> None:
    if not scope.can_register_in(user, province):
        raise PermissionDeniedError(
            f"لا تملك صلاحية تسجيل هيئة في {province.name_ar}",
            f"Vous n'avez pas le droit d'enregistrer une organisation dans la province "
            f"{province.name_fr}",
        )


def require_edit_profile(user, organization) -> None:
    if not scope.can_edit_profile(user, organization):
        raise PermissionDeniedError(
            "لا تملك صلاحية تعديل ملف هذه الهيئة أو التصريح باسمها",
            "Vous n'avez pas le droit de modifier le profil de cette organisation ni de "
            "déclarer pour elle",
        )


def require_not_merged(organization) -> None:
    """A merged record is frozen: changes go to its survivor, and unmerge can restore it
    exactly because nothing wrote to it in between."""
    if organization.status != "merged":
        return
    survivor = organization.merged_into
    raise DomainError(
        "organization_merged",
        f"هذه الهيئة مدمجة في «{survivor}»: تجرى التعديلات على الهيئة الباقية",
        f"Cette organisation a été fusionnée dans « {survivor} » : les modifications se font "
        "sur l'organisation qui subsiste",
        "organization",
    )
