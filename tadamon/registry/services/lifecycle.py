"""The legal life of an organization: submitted, registered, suspended, dissolved, struck off.

Allowed moves (anything else is refused with a message naming both statuses):
- submitted → registered (a registry number is given out) or struck_off (file refused);
- registered → suspended, dissolved or struck_off;
- suspended → registered (reinstated), dissolved or struck_off;
- dissolved → struck_off (struck from the register once liquidated);
- struck_off is final;
- merged is reached only by merge_organizations and left only by unmerge
  (services/merging.py): no lifecycle move leads to it or out of it.
"""

from __future__ import annotations

import datetime as dt

from tadamon.errors import DomainError
from tadamon.history.chain import Change, record, writes_history
from tadamon.registry.models import Organization, StatusChange
from tadamon.registry.numbering import next_number
from tadamon.registry.services.permissions import require_change
from tadamon.registry.services.snapshots import organization_snapshot
from tadamon.registry.vocabulary import STATUS_LABELS

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "submitted": ("registered", "struck_off"),
    "registered": ("suspended", "dissolved", "struck_off"),
    "suspended": ("registered", "dissolved", "struck_off"),
    "dissolved": ("struck_off",),
    "struck_off": (),
    "merged": (),
}


def allowed_transitions(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def _refuse(from_status: str, to_status: str) -> DomainError:
    from_ar, from_fr = STATUS_LABELS.get(from_status, (from_status, from_status))
    to_ar, to_fr = STATUS_LABELS.get(to_status, (to_status, to_status))
    return DomainError(
        "transition_forbidden",
        f"لا يمكن نقل هيئة من حالة «{from_ar}» إلى حالة «{to_ar}»",
        f"Une organisation ne peut pas passer de l'état « {from_fr} » à l'état « {to_fr} »",
        "status",
    )


@writes_history
def change_status(
    actor,
    organization: Organization,
    to_status: str,
    reason: str,
    effective_on: dt.date | None = None,
) -> Organization:
    """Move the organization to `to_status`, with the date it takes effect and the reason."""
    organization = (
        Organization.objects.select_for_update(of=("self",))
        .select_related("province")
        .get(pk=organization.pk)
    )
    require_change(actor, organization)
    from_status = organization.status
    if to_status not in allowed_transitions(from_status):
        raise _refuse(from_status, to_status)
    if from_status == "submitted" and to_status == "registered":
        from tadamon.registry.services.organizations import (
            open_duplicate_flags,
            possible_duplicate_error,
        )

        flags = list(open_duplicate_flags(organization))
        if flags:
            raise possible_duplicate_error(organization, flags)
    if not (reason or "").strip():
        raise DomainError(
            "reason_required",
            "يجب ذكر سبب تغيير الحالة",
            "Le motif du changement d'état est requis",
            "reason",
        )
    effective_on = effective_on or dt.date.today()
    if effective_on > dt.date.today():
        raise DomainError(
            "date_in_future",
            "لا يمكن أن يكون تاريخ سريان التغيير في المستقبل",
            "La date d'effet du changement ne peut pas être dans le futur",
            "effective_on",
        )
    if organization.founding_date and effective_on < organization.founding_date:
        raise DomainError(
            "effective_before_founding",
            "تاريخ سريان التغيير سابق لتاريخ تأسيس الهيئة",
            "La date d'effet précède la date de création de l'organisation",
            "effective_on",
        )
    last = organization.status_changes.order_by("-effective_on").first()
    if last is not None and effective_on < last.effective_on:
        raise DomainError(
            "effective_before_last_change",
            f"تاريخ السريان سابق لآخر تغيير للحالة ({last.effective_on})",
            f"La date d'effet précède le dernier changement d'état ({last.effective_on})",
            "effective_on",
        )
    before = organization_snapshot(organization)
    organization.status = to_status
    if to_status == "registered" and not organization.registry_id:
        organization.registry_id = next_number(organization.province.region_id, effective_on.year)
        organization.registration_date = effective_on
    organization.save(update_fields=["status", "registry_id", "registration_date", "updated_at"])
    StatusChange.objects.create(
        organization=organization,
        from_status=from_status,
        to_status=to_status,
        effective_on=effective_on,
        reason=reason.strip(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    after = organization_snapshot(organization)
    record(
        actor,
        Change(
            f"status:{to_status}",
            "organization",
            str(organization.pk),
            {k: before[k] for k in after if before[k] != after[k]},
            {
                **{k: after[k] for k in after if before[k] != after[k]},
                "effective_on": effective_on.isoformat(),
            },
            reason=reason.strip(),
        ),
    )
    return organization
