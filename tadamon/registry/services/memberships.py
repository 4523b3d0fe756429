"""Membership of organizations in cooperative unions and federations.

A cooperative union's members are cooperatives; a federation's members are
cooperative unions or associations. Memberships carry start and end dates,
an organization has at most one open membership, and no organization may end
up (directly or through others) a member of itself.
"""

from __future__ import annotations

import copy
import datetime as dt

from tadamon.errors import DomainError
from tadamon.history.chain import Change, record, writes_history
from tadamon.registry.models import Membership, Organization
from tadamon.registry.services.permissions import require_change, require_not_merged
from tadamon.registry.services.snapshots import membership_snapshot
from tadamon.registry.vocabulary import ALLOWED_MEMBER_FORMS, LEGAL_FORM_LABELS


def _forms_text(forms: tuple[str, ...], language: int) -> str:
    return (
        "، ".join(LEGAL_FORM_LABELS[f][0] for f in forms)
        if language == 0
        else ", ".join(LEGAL_FORM_LABELS[f][1] for f in forms)
    )


def _check_forms(member: Organization, union: Organization) -> None:
    allowed = ALLOWED_MEMBER_FORMS.get(union.legal_form)
    union_ar, union_fr = LEGAL_FORM_LABELS[union.legal_form]
    if allowed is None:
        raise DomainError(
            "not_a_union",
            f"لا يمكن الانخراط في «{union.name}»: شكلها القانوني ({union_ar}) ليس اتحادا ولا جامعة",
            f"Impossible d'adhérer à « {union.name} » : sa forme juridique ({union_fr}) n'est ni "
            "une union ni une fédération",
            "union",
        )
    if member.legal_form not in allowed:
        member_ar, member_fr = LEGAL_FORM_LABELS[member.legal_form]
        raise DomainError(
            "member_form_not_allowed",
            f"لا يقبل {union_ar} في عضويته {member_ar}؛ "
            f"الأعضاء المقبولون: {_forms_text(allowed, 0)}",
            f"Une {union_fr.lower()} n'admet pas une {member_fr.lower()} ; membres admis : "
            f"{_forms_text(allowed, 1)}",
            "member",
        )


def check_memberships_allow_form(organization: Organization, new_form: str) -> None:
    """A legal-form change may not break the open memberships it is part of."""
    changed = copy.copy(organization)
    changed.legal_form = new_form
    open_ones = Membership.objects.filter(ended_on__isnull=True).select_related("member", "union")
    for membership in open_ones.filter(member=organization):
        _check_forms(changed, membership.union)
    for membership in open_ones.filter(union=organization):
        _check_forms(membership.member, changed)


def _check_no_cycle(member: Organization, union: Organization) -> None:
    """Walk up from the union through open memberships; meeting the member is a cycle."""
    seen = {union.pk}
    current = union.pk
    while True:
        parent = (
            Membership.objects.filter(member_id=current, ended_on__isnull=True)
            .values_list("union_id", flat=True)
            .first()
        )
        if parent is None:
            return
        if parent == member.pk or parent in seen:
            raise DomainError(
                "membership_cycle",
                "هذا الانخراط يجعل الهيئة عضوا في نفسها عبر هيئات أخرى",
                "Cette adhésion rendrait l'organisation membre d'elle-même par d'autres",
                "union",
            )
        seen.add(parent)
        current = parent


@writes_history
def add_membership(
    actor, member: Organization, union: Organization, started_on: dt.date
) -> Membership:
    require_change(actor, member)
    require_not_merged(member)
    if member.pk == union.pk:
        raise DomainError(
            "membership_of_itself",
            "لا يمكن لهيئة أن تكون عضوا في نفسها",
            "Une organisation ne peut pas être membre d'elle-même",
            "union",
        )
    _check_forms(member, union)
    if union.status != "registered":
        raise DomainError(
            "union_not_registered",
            "لا يمكن الانخراط إلا في اتحاد أو جامعة مسجلة",
            "On ne peut adhérer qu'à une union ou fédération enregistrée",
            "union",
        )
    for party in (member, union):
        if party.founding_date and started_on < party.founding_date:
            raise DomainError(
                "membership_before_founding",
                f"تاريخ بداية العضوية سابق لتأسيس «{party.name_ar or party.name_fr}»",
                f"L'adhésion commence avant la création de « {party.name_fr or party.name_ar} »",
                "started_on",
            )
    if started_on > dt.date.today():
        raise DomainError(
            "date_in_future",
            "تاريخ بداية العضوية في المستقبل",
            "La date de début d'adhésion est dans le futur",
            "started_on",
        )
    if Membership.objects.filter(member=member, ended_on__isnull=True).exists():
        raise DomainError(
            "membership_already_open",
            "هذه الهيئة عضو حاليا في اتحاد أو جامعة: يجب إنهاء العضوية الحالية أولا",
            "Cette organisation est déjà membre d'une union ou fédération : terminez d'abord "
            "l'adhésion en cours",
            "union",
        )
    last_ended = (
        Membership.objects.filter(member=member, ended_on__isnull=False)
        .order_by("-ended_on")
        .values_list("ended_on", flat=True)
        .first()
    )
    if last_ended is not None and started_on < last_ended:
        raise DomainError(
            "membership_overlaps",
            f"تبدأ هذه العضوية قبل نهاية العضوية السابقة ({last_ended})",
            f"Cette adhésion commence avant la fin de la précédente ({last_ended})",
            "started_on",
        )
    _check_no_cycle(member, union)
    membership = Membership.objects.create(member=member, union=union, started_on=started_on)
    record(
        actor,
        Change(
            "membership:add",
            "organization",
            str(member.pk),
            None,
            membership_snapshot(membership),
        ),
    )
    return membership


@writes_history
def end_membership(actor, membership: Membership, ended_on: dt.date) -> Membership:
    membership = (
        Membership.objects.select_for_update().select_related("member").get(pk=membership.pk)
    )
    require_change(actor, membership.member)
    require_not_merged(membership.member)
    if membership.ended_on is not None:
        raise DomainError(
            "membership_already_ended",
            "هذه العضوية منتهية من قبل",
            "Cette adhésion est déjà terminée",
            "ended_on",
        )
    if ended_on > dt.date.today():
        raise DomainError(
            "date_in_future",
            "لا يمكن أن يكون تاريخ نهاية العضوية في المستقبل",
            "La fin de l'adhésion ne peut pas être dans le futur",
            "ended_on",
        )
    if ended_on < membership.started_on:
        raise DomainError(
            "membership_ends_before_start",
            "تاريخ نهاية العضوية سابق لتاريخ بدايتها",
            "La fin de l'adhésion précède son début",
            "ended_on",
        )
    before = membership_snapshot(membership)
    membership.ended_on = ended_on
    membership.save(update_fields=["ended_on"])
    record(
        actor,
        Change(
            "membership:end",
            "organization",
            str(membership.member_id),
            before,
            membership_snapshot(membership),
        ),
    )
    return membership
