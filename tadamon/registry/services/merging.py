"""Merging two records of one body, and undoing it.

A merge keeps both records: the absorbed one takes the status `merged` and a
`merged_into` pointer, and its registry number leads to the survivor from then
on. Nothing is deleted or rewritten that unmerge could not put back:

- declarations stay on the record that filed them; readers take the survivor's
  for a year it filed and the absorbed one's otherwise (`declarations_by_year`),
  so a year both filed loses neither;
- open memberships move to the survivor (the absorbed one's membership in a
  union, and, for a union, its members), because a merged record is frozen and
  could no longer end them; ended ones stay where they are, as history;
- survivor fields that are blank take the absorbed one's value (its name in the
  other script, its ICE, its phone...), and the Merge row remembers which.

unmerge undoes exactly that, from what the Merge row recorded. Rules and their
reasons are in docs/registry.md (Merge).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from tadamon.accounts import scope
from tadamon.errors import DomainError, PermissionDeniedError
from tadamon.history.chain import Change, append, writes_history
from tadamon.registry.models import Declaration, Membership, Merge, Organization
from tadamon.registry.numbering import normalize_number
from tadamon.registry.services.snapshots import json_value, membership_snapshot
from tadamon.registry.vocabulary import LEGAL_FORM_LABELS, STATUS_LABELS
from tadamon.search.indexing import index_organizations

# Survivor fields a merge may fill from the absorbed record when they are blank.
# Not external_id (the source system's number of the other record: the import
# matches on it), nor dates or legal facts, which have rules across fields.
FILLABLE_FIELDS = (
    "name_ar",
    "name_fr",
    "acronym",
    "ice",
    "commune",
    "address",
    "sector_id",
    "activity",
    "phone",
    "email",
    "website",
)
# A survivor must be on the register and alive: its number is where the other one leads.
SURVIVOR_STATUSES = ("registered", "suspended")
# Merges followed before a chain is taken as broken; real chains are a few links long.
MAX_CHAIN = 100


def _blank(value) -> bool:
    return value is None or value == ""


def _name(org: Organization) -> tuple[str, str]:
    number = org.registry_id or "—"
    return (
        f"{org.name_ar or org.name_fr} ({number})",
        f"{org.name_fr or org.name_ar} ({number})",
    )


def _reason(reason: str, what_ar: str, what_fr: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason_required", what_ar, what_fr, "reason")
    return reason


def _lock(*organizations: Organization) -> list[Organization]:
    """Lock the rows in primary-key order (one order for every writer), return them as given."""
    rows = (
        Organization.objects.select_for_update(of=("self",))
        .select_related("province")
        .filter(pk__in=[o.pk for o in organizations])
        .order_by("pk")
    )
    by_pk = {row.pk: row for row in rows}
    return [by_pk[o.pk] for o in organizations]


def _require_merge_permission(actor, *organizations: Organization) -> None:
    if not scope.can_merge(actor, *organizations):
        raise PermissionDeniedError(
            "لا تملك صلاحية دمج هاتين الهيئتين: الدمج للمسجلين فقط، "
            "والمسجل الجهوي لا يدمج إلا هيئتين من جهته",
            "Vous n'avez pas le droit de fusionner ces organisations : la fusion est réservée "
            "aux registraires, et un registraire régional ne fusionne que deux organisations "
            "de sa région",
        )


def _check_merge(survivor: Organization, absorbed: Organization) -> None:
    if absorbed.status == "merged":
        ar, fr = _name(absorbed.merged_into)
        raise DomainError(
            "already_merged",
            f"هذه الهيئة مدمجة من قبل في {ar}",
            f"Cette organisation est déjà fusionnée dans {fr}",
            "absorbed",
        )
    if survivor.status == "merged":
        ar, fr = _name(surviving_organization(survivor))
        raise DomainError(
            "survivor_merged",
            f"الهيئة المختارة للبقاء مدمجة بدورها؛ يمكن الدمج في {ar}",
            f"L'organisation choisie pour subsister est elle-même fusionnée ; fusionnez plutôt "
            f"dans {fr}",
            "survivor",
        )
    if not absorbed.registry_id:
        raise DomainError(
            "merge_not_registered",
            "لا تدمج إلا هيئة لها رقم في السجل؛ الطلب المكرر يرفض (يشطب عليه)",
            "Seule une organisation immatriculée peut être fusionnée ; une demande en double "
            "se refuse (radiation)",
            "absorbed",
        )
    if survivor.status not in SURVIVOR_STATUSES:
        label_ar, label_fr = STATUS_LABELS[survivor.status]
        raise DomainError(
            "survivor_not_active",
            f"لا يمكن الدمج في هيئة حالتها «{label_ar}»: يجب أن تكون مسجلة أو موقوفة",
            f"Impossible de fusionner dans une organisation à l'état « {label_fr} » : elle doit "
            "être enregistrée ou suspendue",
            "survivor",
        )
    if survivor.legal_form != absorbed.legal_form:
        s_ar, s_fr = LEGAL_FORM_LABELS[survivor.legal_form]
        a_ar, a_fr = LEGAL_FORM_LABELS[absorbed.legal_form]
        raise DomainError(
            "merge_legal_forms_differ",
            f"لا يمكن دمج {a_ar} في {s_ar}: إذا كان الشكل القانوني المسجل خطأ فيصحح أولا",
            f"Impossible de fusionner une {a_fr.lower()} dans une {s_fr.lower()} : si la forme "
            "juridique enregistrée est une erreur, corrigez-la d'abord",
            "survivor",
        )


def _open_membership(org: Organization) -> Membership | None:
    return (
        Membership.objects.select_for_update()
        .select_related("union")
        .filter(member=org, ended_on__isnull=True)
        .first()
    )


def _memberships_to_move(survivor: Organization, absorbed: Organization) -> list[Membership]:
    """The open memberships that follow the body to its survivor.

    Its own membership in a union moves unless the survivor already has one: in
    the same union it is the same fact twice and stays on the merged record; in
    another union the registry would hold one body in two unions, so the merge
    is refused until a registrar ends the wrong one. Its members, if it is a
    union, all move: the survivor has the same legal form, and unions sit above
    their members' forms, so no cycle can appear.
    """
    moving: list[Membership] = []
    absorbed_open = _open_membership(absorbed)
    survivor_open = _open_membership(survivor)
    if absorbed_open is not None:
        if survivor_open is None:
            moving.append(absorbed_open)
        elif survivor_open.union_id != absorbed_open.union_id:
            s_ar, s_fr = _name(survivor_open.union)
            a_ar, a_fr = _name(absorbed_open.union)
            raise DomainError(
                "merge_membership_conflict",
                f"الهيئتان عضوان في اتحادين مختلفين ({s_ar} و{a_ar}): "
                "تنهى العضوية الخاطئة قبل الدمج",
                f"Les deux organisations sont membres d'unions différentes ({s_fr} et {a_fr}) : "
                "terminez l'adhésion erronée avant la fusion",
                "survivor",
            )
    moving += list(
        Membership.objects.select_for_update()
        .filter(union=absorbed, ended_on__isnull=True)
        .order_by("pk")
    )
    return moving


def _move(membership: Membership, side: str, to: Organization, reason: str) -> Change:
    before = membership_snapshot(membership)
    setattr(membership, side, to)
    membership.save(update_fields=[side])
    return Change(
        "membership:move",
        "organization",
        str(membership.member_id),
        before,
        membership_snapshot(membership),
        reason=reason,
    )


@writes_history
def merge_organizations(
    actor, survivor: Organization, absorbed: Organization, *, reason: str
) -> Merge:
    """Merge `absorbed` into `survivor`: one body, two records; the survivor's number stays."""
    if survivor.pk == absorbed.pk:
        raise DomainError(
            "merge_into_itself",
            "لا يمكن دمج هيئة في نفسها",
            "Une organisation ne peut pas être fusionnée avec elle-même",
            "survivor",
        )
    survivor, absorbed = _lock(survivor, absorbed)
    _require_merge_permission(actor, survivor, absorbed)
    reason = _reason(reason, "يجب ذكر سبب الدمج", "Le motif de la fusion est requis")
    _check_merge(survivor, absorbed)
    moving = _memberships_to_move(survivor, absorbed)

    filled = {
        name: json_value(getattr(absorbed, name))
        for name in FILLABLE_FIELDS
        if _blank(getattr(survivor, name)) and not _blank(getattr(absorbed, name))
    }
    filled_before = {name: json_value(getattr(survivor, name)) for name in filled}
    for name in filled:
        setattr(survivor, name, getattr(absorbed, name))
    survivor.save(update_fields=[*filled, "updated_at"])

    absorbed_status = absorbed.status
    absorbed.status = "merged"
    absorbed.merged_into = survivor
    absorbed.save(update_fields=["status", "merged_into", "updated_at"])

    moved = []
    changes = []
    for membership in moving:
        side = "member" if membership.member_id == absorbed.pk else "union"
        moved.append({"id": membership.pk, "side": side})
        changes.append(_move(membership, side, survivor, reason))

    # The survivor may have taken a name in the other script; the absorbed one leaves search.
    index_organizations([survivor, absorbed])
    merge = Merge.objects.create(
        survivor=survivor,
        absorbed=absorbed,
        absorbed_status=absorbed_status,
        survivor_filled=filled,
        moved_memberships=moved,
        reason=reason,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    append(
        actor,
        [
            Change(
                "merge",
                "organization",
                str(absorbed.pk),
                {"status": absorbed_status, "merged_into": None},
                {"status": "merged", "merged_into": survivor.registry_id, "merge_id": merge.pk},
                reason=reason,
            ),
            Change(
                "merge",
                "organization",
                str(survivor.pk),
                {**filled_before, "absorbed": None},
                {**filled, "absorbed": absorbed.registry_id, "merge_id": merge.pk},
                reason=reason,
            ),
            *changes,
        ],
    )
    return merge


def _check_unmerge(merge: Merge, survivor: Organization, absorbed: Organization) -> None:
    if merge.undone_at is not None:
        raise DomainError(
            "merge_already_undone",
            "هذا الدمج ألغي من قبل",
            "Cette fusion a déjà été annulée",
            "merge",
        )
    if survivor.status == "merged":
        ar, fr = _name(survivor.merged_into)
        raise DomainError(
            "survivor_merged_since",
            f"الهيئة الباقية أدمجت بعد ذلك في {ar}: يلغى ذلك الدمج أولا",
            f"L'organisation qui subsistait a depuis été fusionnée dans {fr} : annulez d'abord "
            "cette fusion-là",
            "merge",
        )


@writes_history
def unmerge(actor, merge: Merge, *, reason: str) -> None:
    """Undo a merge: both records as they were before it, the number its own again.

    Survivor fields the merge filled go back to blank unless edited since (the
    edit is kept). Memberships it moved go back, with any end date set since.
    """
    merge = Merge.objects.select_for_update().get(pk=merge.pk)
    survivor, absorbed = _lock(merge.survivor, merge.absorbed)
    _require_merge_permission(actor, survivor, absorbed)
    reason = _reason(reason, "يجب ذكر سبب إلغاء الدمج", "Le motif de l'annulation est requis")
    _check_unmerge(merge, survivor, absorbed)

    cleared = {
        name: value
        for name, value in merge.survivor_filled.items()
        if json_value(getattr(survivor, name)) == value
    }
    for name in cleared:
        setattr(survivor, name, None if name == "sector_id" else "")
    survivor.save(update_fields=[*cleared, "updated_at"])

    absorbed.status = merge.absorbed_status
    absorbed.merged_into = None
    absorbed.save(update_fields=["status", "merged_into", "updated_at"])

    changes = []
    sides = {entry["id"]: entry["side"] for entry in merge.moved_memberships}
    for membership in Membership.objects.select_for_update().filter(pk__in=sides).order_by("pk"):
        changes.append(_move(membership, sides[membership.pk], absorbed, reason))

    index_organizations([survivor, absorbed])
    merge.undone_at = timezone.now()
    merge.undone_by = actor if getattr(actor, "is_authenticated", False) else None
    merge.undo_reason = reason
    merge.save(update_fields=["undone_at", "undone_by", "undo_reason"])
    kept = sorted(set(merge.survivor_filled) - set(cleared))
    append(
        actor,
        [
            Change(
                "unmerge",
                "organization",
                str(absorbed.pk),
                {"status": "merged", "merged_into": survivor.registry_id, "merge_id": merge.pk},
                {"status": absorbed.status, "merged_into": None},
                reason=reason,
            ),
            Change(
                "unmerge",
                "organization",
                str(survivor.pk),
                {**cleared, "absorbed": absorbed.registry_id, "merge_id": merge.pk},
                {
                    **{name: None for name in cleared},
                    "absorbed": None,
                    **({"kept_since_edited": kept} if kept else {}),
                },
                reason=reason,
            ),
            *changes,
        ],
    )


def surviving_organization(organization: Organization) -> Organization:
    """The live record a merged one leads to (itself when it is not merged)."""
    current = organization
    for _ in range(MAX_CHAIN):
        if current.merged_into_id is None:
            return current
        current = Organization.objects.select_related("province").get(pk=current.merged_into_id)
    raise RuntimeError(f"merge chain from organization {organization.pk} does not end")


def resolve_registry_id(registry_id: str) -> tuple[Organization, bool]:
    """The organization a registry number designates now, and whether it was redirected."""
    try:
        number = normalize_number(registry_id)
    except DomainError:
        number = None
    organization = (
        Organization.objects.select_related("province").filter(registry_id=number).first()
        if number
        else None
    )
    if organization is None:
        raise DomainError(
            "organization_not_found",
            f"لا توجد في السجل هيئة بالرقم «{registry_id}»",
            f"Aucune organisation ne porte le numéro « {registry_id} » au registre",
            "registry_id",
        )
    survivor = surviving_organization(organization)
    return survivor, survivor.pk != organization.pk


def merges_of(organization: Organization):
    """Every merge this record took part in, either side, newest first."""
    return Merge.objects.filter(Q(survivor=organization) | Q(absorbed=organization)).select_related(
        "survivor", "absorbed", "actor", "undone_by"
    )


def absorbed_organizations(survivor: Organization) -> list[Organization]:
    """The records merged into this one, directly or through a chain, nearest first."""
    found: list[Organization] = []
    frontier = [survivor.pk]
    while frontier and len(found) < 10_000:
        level = list(Organization.objects.filter(merged_into_id__in=frontier).order_by("pk"))
        found += level
        frontier = [org.pk for org in level]
    return found


def _chain(depth: int) -> str:
    """The lookup from a record to the one `depth` merges up its chain."""
    return "__".join(["merged_into"] * depth)


def declarations_from_absorbed(
    survivors: QuerySet | Sequence[int],
) -> dict[tuple[int, int], Declaration]:
    """For each survivor and each year it did not file, the absorbed record's declaration
    that counts for the body: among the records merged into it (directly or through a
    chain), the one filed last. Keyed by (survivor pk, year); each declaration carries
    the survivor's pk as `body_id`.

    `survivors`: a queryset of organizations (`.values("pk")`) or primary keys. Set-based:
    two queries per level of merge chain, whatever the number of survivors and merges,
    so that a whole registry's bodies (the open-data aggregate) cost what one does.
    """
    own_years = Declaration.objects.filter(
        organization_id=OuterRef("body_id"), year=OuterRef("year")
    )
    chosen: dict[tuple[int, int], Declaration] = {}
    for depth in range(1, MAX_CHAIN + 1):
        up = _chain(depth)
        if not Organization.objects.filter(**{f"{up}__in": survivors}).exists():
            return chosen
        absorbed = (
            Declaration.objects.filter(**{f"organization__{up}__in": survivors})
            .annotate(body_id=F(f"organization__{up}"))
            .filter(~Exists(own_years))
            .order_by()
        )
        for declaration in absorbed.iterator(chunk_size=2000):
            key = (declaration.body_id, declaration.year)
            kept = chosen.get(key)
            if kept is None or (kept.filed_at, kept.pk) < (declaration.filed_at, declaration.pk):
                chosen[key] = declaration
    raise RuntimeError("a merge chain does not end")


def declarations_by_year(organization: Organization) -> dict[int, Declaration]:
    """The body's declaration for each year: its own, else one filed under a merged record.

    When several merged records filed the same year and the survivor did not,
    the one filed last is taken (`declarations_from_absorbed`, the one
    definition of the rule, which the open-data aggregate applies to every
    body at once). Counts and indicators should read this, not the merged
    records' declarations directly.
    """
    chosen = {year: d for (_body, year), d in declarations_from_absorbed([organization.pk]).items()}
    chosen.update(
        {declaration.year: declaration for declaration in organization.declarations.all()}
    )
    return dict(sorted(chosen.items()))
