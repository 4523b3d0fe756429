"""Possible duplicates: raise them, confirm them (merge) or reject them.

Every function takes the acting user (None: the system, e.g. `tadamon dedup`),
checks scope (`accounts.scope`), writes in one transaction and records the
history. One flag per pair, ever: a second run updates an open flag's score
and reasons; a pair a registrar decided is never raised again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from tadamon.accounts import scope
from tadamon.errors import DomainError, PermissionDeniedError
from tadamon.history.chain import Change, append, record, writes_history
from tadamon.identity.models import DedupRun, DuplicateFlag, FlagSource, FlagStatus
from tadamon.registry.models import Organization

# Reasons as the comparisons give them; their labels are in identity.reasons.
MERGED = "merged"


def flag_snapshot(flag: DuplicateFlag) -> dict:
    return {
        "org_a_id": flag.org_a_id,
        "org_b_id": flag.org_b_id,
        "score": round(flag.score, 6),
        "reasons": list(flag.reasons),
        "source": flag.source,
        "status": flag.status,
        "run_id": flag.run_id,
        "cluster": flag.cluster,
    }


def _ordered(a_id: int, b_id: int) -> tuple[int, int]:
    if a_id == b_id:
        raise DomainError(
            "duplicate_of_itself",
            "لا يمكن أن تكون الهيئة مكررة لنفسها",
            "Une organisation ne peut pas être le doublon d'elle-même",
            "org_b",
        )
    return (a_id, b_id) if a_id < b_id else (b_id, a_id)


def _require_flag(actor) -> None:
    if not scope.can_flag_duplicate(actor):
        raise PermissionDeniedError(
            "لا تملك صلاحية الإشارة إلى هيئتين مكررتين",
            "Vous n'avez pas le droit de signaler un doublon possible",
        )


def _require_decide(actor, flag: DuplicateFlag) -> None:
    if not scope.can_decide_duplicate(actor, flag.org_a, flag.org_b):
        raise PermissionDeniedError(
            "لا تملك صلاحية البت في هذا التكرار المحتمل: البت للمسجلين، "
            "والمسجل الجهوي لا يبت إلا في هيئتين من جهته",
            "Vous n'avez pas le droit de trancher ce doublon possible : c'est aux registraires "
            "de le faire, et un registraire régional ne tranche que pour deux organisations de "
            "sa région",
        )


def _reason(reason: str, message_ar: str, message_fr: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason_required", message_ar, message_fr, "reason")
    return reason


def _rescored(flag: DuplicateFlag, score: float, reasons, cluster: str) -> bool:
    """Did the pair's score, reasons or cluster change? An unchanged pair is left as it is
    (a second run over the same registry writes nothing)."""
    return (
        abs(flag.score - score) > 1e-6 or list(flag.reasons) != list(reasons)
        or flag.cluster != cluster
    )  # fmt: skip


@dataclass
class FlagOutcome:
    flag: DuplicateFlag | None
    created: bool = False
    updated: bool = False
    skipped: bool = False  # the pair was decided already


@writes_history
def flag_pair(
    actor,
    a: Organization,
    b: Organization,
    score: float,
    reasons: Iterable[str],
    source: str,
    *,
    run: DedupRun | None = None,
    cluster: str = "",
) -> FlagOutcome:
    """Put the pair forward for review (or refresh its open flag); a decided pair stays decided."""
    _require_flag(actor)
    if source not in FlagSource.values:
        raise DomainError("unknown_flag_source", "مصدر غير معروف", "Source inconnue", "source")
    a_id, b_id = _ordered(a.pk, b.pk)
    existing = (
        DuplicateFlag.objects.select_for_update().filter(org_a_id=a_id, org_b_id=b_id).first()
    )
    reasons = list(reasons)
    if existing is not None and existing.status != FlagStatus.OPEN:
        return FlagOutcome(existing, skipped=True)
    if existing is not None:
        if not _rescored(existing, score, reasons, cluster):
            return FlagOutcome(existing)
        before = flag_snapshot(existing)
        existing.score, existing.reasons, existing.run, existing.cluster = (
            score,
            reasons,
            run,
            cluster,
        )
        existing.save(update_fields=["score", "reasons", "run", "cluster"])
        after = flag_snapshot(existing)
        record(
            actor, Change("duplicate:rescore", "duplicate_flag", str(existing.pk), before, after)
        )
        return FlagOutcome(existing, updated=True)
    flag = DuplicateFlag.objects.create(
        org_a_id=a_id, org_b_id=b_id, score=score, reasons=reasons, source=source, run=run,
        cluster=cluster,
    )  # fmt: skip
    record(
        actor, Change("duplicate:flag", "duplicate_flag", str(flag.pk), None, flag_snapshot(flag))
    )
    return FlagOutcome(flag, created=True)


@dataclass
class BatchOutcome:
    raised: int = 0
    updated: int = 0
    skipped: int = 0


@writes_history
def raise_batch_flags(actor, run: DedupRun, pairs: Iterable) -> BatchOutcome:
    """The batch run's pairs as flags, in bulk: new ones created, open ones refreshed.

    `pairs`: objects with id_l, id_r, probability, reasons and cluster
    (dedup.pipeline.ScoredPair). One history entry per new or changed flag.
    """
    _require_flag(actor)
    wanted: dict[tuple[int, int], object] = {}
    for pair in pairs:
        key = _ordered(pair.id_l, pair.id_r)
        if key not in wanted or pair.probability > wanted[key].probability:
            wanted[key] = pair
    existing = {
        (f.org_a_id, f.org_b_id): f
        for f in DuplicateFlag.objects.select_for_update().filter(
            org_a_id__in={a for a, _b in wanted}
        )
    }
    outcome = BatchOutcome()
    new, changed, changes = [], [], []
    for key, pair in wanted.items():
        cluster = "" if pair.cluster is None else str(pair.cluster)
        flag = existing.get(key)
        if flag is None:
            new.append(
                DuplicateFlag(
                    org_a_id=key[0],
                    org_b_id=key[1],
                    score=pair.probability,
                    reasons=list(pair.reasons),
                    source=FlagSource.BATCH,
                    run=run,
                    cluster=cluster,
                )
            )
        elif flag.status != FlagStatus.OPEN:
            outcome.skipped += 1
        elif _rescored(flag, pair.probability, pair.reasons, cluster):
            before = flag_snapshot(flag)
            flag.score, flag.reasons, flag.run, flag.cluster = (
                pair.probability,
                list(pair.reasons),
                run,
                cluster,
            )
            after = flag_snapshot(flag)
            changed.append(flag)
            changes.append(
                Change("duplicate:rescore", "duplicate_flag", str(flag.pk), before, after)
            )
    created = DuplicateFlag.objects.bulk_create(new, batch_size=2000)
    changes += [
        Change("duplicate:flag", "duplicate_flag", str(f.pk), None, flag_snapshot(f))
        for f in created
    ]
    DuplicateFlag.objects.bulk_update(changed, ["score", "reasons", "run", "cluster"], 2000)
    append(actor, changes)
    outcome.raised, outcome.updated = len(created), len(changed)
    return outcome


def _locked_open_flag(flag: DuplicateFlag) -> DuplicateFlag:
    flag = (
        DuplicateFlag.objects.select_for_update(of=("self",))
        .select_related("org_a__province", "org_b__province")
        .get(pk=flag.pk)
    )
    if flag.status != FlagStatus.OPEN:
        raise DomainError(
            "flag_already_decided",
            "سبق البت في هذا التكرار المحتمل",
            "Ce doublon possible a déjà été tranché",
        )
    return flag


def _decide(actor, flag: DuplicateFlag, status: str, reason: str, action: str) -> None:
    before = flag_snapshot(flag)
    flag.status = status
    flag.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    flag.decided_at = timezone.now()
    flag.decision_reason = reason
    flag.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    record(
        actor,
        Change(action, "duplicate_flag", str(flag.pk), before, flag_snapshot(flag), reason),
    )


@writes_history
def confirm_flag(actor, flag: DuplicateFlag, survivor: Organization, reason: str):
    """One body after all: merge the other organization into `survivor` and close the flag.

    Returns the Merge, or None when the other one was a pending application, which
    is refused (struck off) instead: only numbered records are merged.
    """
    from tadamon.registry.services.lifecycle import change_status
    from tadamon.registry.services.merging import merge_organizations

    reason = _reason(
        reason,
        "يجب ذكر سبب تأكيد التكرار",
        "Le motif de la confirmation du doublon est requis",
    )
    flag = _locked_open_flag(flag)
    _require_decide(actor, flag)
    if survivor.pk not in (flag.org_a_id, flag.org_b_id):
        raise DomainError(
            "survivor_not_in_pair",
            "يجب أن تكون الهيئة الباقية إحدى هيئتي التكرار",
            "L'organisation qui subsiste doit être l'une des deux du doublon",
            "survivor",
        )
    absorbed = flag.org_b if survivor.pk == flag.org_a_id else flag.org_a
    if absorbed.status == "submitted" and not absorbed.registry_id:
        # A second application of a registered body is not merged but refused
        # (merge_organizations only merges numbered records): struck off.
        change_status(actor, absorbed, "struck_off", reason)
        merge = None
    else:
        merge = merge_organizations(actor, survivor, absorbed, reason=reason)
    _decide(actor, flag, FlagStatus.CONFIRMED, reason, "duplicate:confirm")
    return merge


@writes_history
def reject_flag(actor, flag: DuplicateFlag, reason: str) -> DuplicateFlag:
    """Two bodies: close the flag; the pair will not be raised again."""
    reason = _reason(reason, "يجب ذكر سبب رفض التكرار", "Le motif du rejet du doublon est requis")
    flag = _locked_open_flag(flag)
    _require_decide(actor, flag)
    _decide(actor, flag, FlagStatus.REJECTED, reason, "duplicate:reject")
    return flag


def open_flags_for(organization: Organization):
    """Open flags that involve the organization (funding eligibility, registration)."""
    return (
        DuplicateFlag.objects.open()
        .involving(organization)
        .exclude(Q(org_a__status=MERGED) | Q(org_b__status=MERGED))
        .select_related("org_a", "org_b")
    )
