"""The write path of the demo registry: one service, one transaction, with its history.

`load_demo_registry(actor, dataset)` checks that the actor may load (the
system, i.e. the command line, or a national registrar), that the registry
is empty unless appending, and that every declaration keeps the rules; then
it gives out ids and registry numbers (after the counters already in the
database, which it moves on) and writes organizations, status changes,
memberships, declarations and the history entries with the database's bulk
path (tadamon.history.bulk). A failure anywhere leaves the database as it
was.

History: one "demo:register" entry per organization whose `after` is its
snapshot (the shape of services.snapshots.organization_snapshot, in its
final state; the dated path is in StatusChange), one "demo:declarations"
entry per organization with declarations (`after`: a table of its figures,
a row a year, see serialize.declaration_tables) and one "demo:membership"
entry per membership (membership_snapshot). One entry per declaration would
add 1.3 million hashed rows to a 500,000-organization load; one per
organization keeps every figure in the chain for a third of the entries.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from django.db import connection, transaction

from tadamon.accounts import scope
from tadamon.errors import DomainError, PermissionDeniedError, ValidationFailed
from tadamon.history.bulk import ChainAppender, SerializedChange
from tadamon.registry.demo import serialize
from tadamon.registry.demo.dataset import DemoDataset
from tadamon.registry.demo.figures import declaration_rule_violations
from tadamon.registry.demo.numbers import give_registry_numbers
from tadamon.registry.demo.tables import (
    large_page_cache,
    reserve_ids,
    sqlite_bulk_journal,
    write_registry,
)
from tadamon.registry.models import Organization, Sector
from tadamon.registry.rules import organization_errors
from tadamon.search.indexing import compute_index_rows_parallel, rebuild_index, replace_index
from tadamon.territory.models import Province

Progress = Callable[[str, int, int], None] | None
REASON = ""  # the action says it: demo:register, demo:declarations, demo:membership
# From this many organizations the history is prepared in a child process (fork):
# below it, starting the process costs more than it saves.
CHILD_PROCESS_FROM = 20_000


@dataclass
class LoadResult:
    ids: np.ndarray
    registry_ids: np.ndarray
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def require_loader(actor) -> None:
    if actor is None or scope.is_national_registrar(actor):
        return
    raise PermissionDeniedError(
        "تحميل بيانات العرض خاص بالنظام أو بالمسجل الوطني",
        "Seuls le système ou un registraire national peuvent charger les données de démonstration",
    )


def registry_not_empty() -> DomainError:
    return DomainError(
        "registry_not_empty",
        "السجل يحتوي على هيئات: لن تضاف بيانات العرض إلا مع الخيار --append",
        "Le registre contient déjà des organisations : les données de démonstration ne sont "
        "ajoutées qu'avec l'option --append",
    )


def check_dataset(dataset: DemoDataset) -> None:
    """The rules services apply, on every row at once (and on a sample through the rules)."""
    orgs = dataset.organizations
    founding_year = orgs.founding_date.astype("datetime64[Y]").astype(np.int64) + 1970
    founding_year = np.where(np.isnat(orgs.founding_date), 0, founding_year)
    bad = declaration_rule_violations(
        dataset.declarations, founding_year[dataset.declarations.organization], dataset.as_of.year
    )
    problems = []
    if bad.any():
        problems.append(f"{int(bad.sum())} declarations break the declaration rules")
    today = np.datetime64(dataset.as_of, "D")
    for name in ("founding_date", "registration_date", "public_utility_date"):
        if (getattr(orgs, name) > today).any():
            problems.append(f"{name} in the future")
    if ((orgs.name_ar == "") & (orgs.name_fr == "")).any():
        problems.append("an organization without a name")
    for row in np.linspace(0, len(orgs) - 1, min(len(orgs), 200)).astype(int).tolist():
        fields = _organization_fields(orgs, row)
        errors = organization_errors(fields, today=dataset.as_of)
        if errors:
            raise ValidationFailed(errors)
    if problems:
        raise DomainError(
            "demo_data_invalid",
            "بيانات العرض غير صالحة: " + "؛ ".join(problems),
            "Données de démonstration invalides : " + "; ".join(problems),
        )


def check_references(dataset: DemoDataset) -> None:
    """Every province and sector the organizations name is in the database."""
    orgs = dataset.organizations
    missing = set(orgs.province_code.tolist()) - set(
        Province.objects.values_list("code", flat=True)
    )
    missing |= set(orgs.sector.tolist()) - {""} - set(Sector.objects.values_list("code", flat=True))
    if missing:
        raise DomainError(
            "demo_reference_missing",
            f"أقاليم أو قطاعات غير موجودة في قاعدة البيانات: {', '.join(sorted(missing))}",
            "Provinces ou secteurs absents de la base (migrations à jour ?) : "
            + ", ".join(sorted(missing)),
        )


def _organization_fields(orgs, row: int) -> dict:
    def date(value):
        return None if np.isnat(value) else value.astype(object)

    return {
        "name_ar": str(orgs.name_ar[row]),
        "name_fr": str(orgs.name_fr[row]),
        "legal_form": str(orgs.legal_form[row]),
        "province_id": str(orgs.province_code[row]),
        "founding_date": date(orgs.founding_date[row]),
        "registration_date": date(orgs.registration_date[row]),
        "public_utility": bool(orgs.public_utility[row]),
        "public_utility_date": date(orgs.public_utility_date[row]),
        "ice": str(orgs.ice[row]),
        "email": str(orgs.email[row]),
        "website": str(orgs.website[row]),
    }


def load_demo_registry(
    actor, dataset: DemoDataset, *, append: bool = False, progress: Progress = None
) -> LoadResult:
    """Write the dataset, its registry numbers and its history in one transaction."""
    require_loader(actor)
    started = time.perf_counter()
    check_dataset(dataset)
    # Foreign keys are checked here once for the whole load (provinces and sectors
    # exist; every other reference is to a row of this load): SQLite's check of each
    # row cost 3 s on 500,000 organizations. Django's loaddata does the same.
    with (
        sqlite_bulk_journal(),
        connection.constraint_checks_disabled(),
        transaction.atomic(),
        large_page_cache(),
    ):
        if Organization.objects.exists() and not append:
            raise registry_not_empty()
        check_references(dataset)
        ids = reserve_ids(len(dataset.organizations))
        registry_ids = give_registry_numbers(dataset.organizations)
        history = ChainAppender(actor)
        history.start(
            lambda: _history_changes(dataset, ids, registry_ids),
            mode="auto" if len(dataset.organizations) >= CHILD_PROCESS_FROM else "inline",
        )
        try:
            counts = write_registry(dataset, ids, registry_ids, progress)
            entries = _history_size(dataset)
            counts["history"] = history.finish(_stage(progress, "history", entries))
        finally:
            history.cancel()
        # The search index is derived data, computed from the dataset on two cores
        # once the history's child is gone: a second child alongside it deadlocked
        # now and then when the load failed and both were stopped.
        indexed = _stage(progress, "search index", counts["organizations"])
        if append:
            counts["search index"] = rebuild_index(indexed)
        else:
            orgs = dataset.organizations
            rows = compute_index_rows_parallel(
                ids.tolist(), orgs.name_ar.tolist(), orgs.name_fr.tolist()
            )
            counts["search index"] = replace_index(
                rows, orgs.province_code, orgs.legal_form, indexed
            )
    return LoadResult(ids, registry_ids, counts, time.perf_counter() - started)


def _history_size(dataset) -> int:
    organization = dataset.declarations.organization
    declared = int((np.diff(organization) != 0).sum()) + 1 if len(organization) else 0
    return len(dataset.organizations) + declared + len(dataset.memberships)


def _history_changes(dataset, ids, registry_ids):
    """The history entries of the load, in order (ChainAppender runs this, maybe in a child)."""
    snapshots = serialize.organization_snapshots(dataset.organizations, registry_ids)
    declared, grouped = serialize.declaration_tables(dataset.declarations, ids)
    object_ids = ids.astype(str).tolist()
    declared_rows = iter(zip(declared.tolist(), grouped, strict=True))
    upcoming = next(declared_rows, None)
    for row, (object_id, snapshot) in enumerate(zip(object_ids, snapshots, strict=True)):
        yield SerializedChange("demo:register", "organization", object_id, None, snapshot, REASON)
        if upcoming is not None and upcoming[0] == row:
            yield SerializedChange(
                "demo:declarations", "organization", object_id, None, upcoming[1], REASON
            )
            upcoming = next(declared_rows, None)
    memberships = serialize.membership_snapshots(dataset.memberships, ids)
    member_ids = ids[dataset.memberships.member].astype(str).tolist()
    for member_id, snapshot in zip(member_ids, memberships, strict=True):
        yield SerializedChange("demo:membership", "organization", member_id, None, snapshot, REASON)


def _stage(progress: Progress, name: str, total: int):
    if progress is None:
        return None
    progress(name, 0, total)
    return lambda done: progress(name, done, total)
