"""Writing the demo registry's own tables fast, on SQLite and PostgreSQL.

Ids and the bulk path (tadamon.history.bulk.write_rows: executemany on
SQLite, COPY on PostgreSQL), and two SQLite measures for the length of one
large load: a page cache that holds the indexes, and the rollback journal
instead of WAL. Table and column names come from the models' _meta.
"""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
from django.db import OperationalError, connection
from django.utils import timezone

from tadamon.history.bulk import write_rows
from tadamon.registry.demo.names import TEXT
from tadamon.registry.models import (
    DECLARATION_FIGURES,
    Declaration,
    Membership,
    Organization,
    StatusChange,
)

ORGANIZATION_TEXTS = (
    "external_id", "legal_form", "name_ar", "name_fr", "acronym", "commune", "address",
    "activity", "status", "public_utility", "ice", "phone", "email", "website",
)  # fmt: skip
ORGANIZATION_DATES = ("founding_date", "registration_date", "public_utility_date")


@contextmanager
def sqlite_bulk_journal():
    """A large load into SQLite goes through the rollback journal, then WAL is back.

    In WAL mode every page is written twice, to the WAL at commit and to the
    database at the checkpoint: committing 500,000 organizations took 10 s.
    With the rollback journal, new pages go to the database once (the journal
    keeps only the old content of pages that existed) and the commit took 3 s,
    with the same atomicity: a crash leaves a hot journal that the next
    connection rolls back, and every new connection sets WAL again
    (settings' init_command). The switch needs the database to itself; when
    another connection holds it, or when called inside a transaction (tests),
    the load simply stays in WAL. synchronous=FULL meanwhile, so that a power
    cut cannot corrupt the database in this mode either.
    """
    switched, synchronous = False, None
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        connection.ensure_connection()
        try:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA journal_mode")
                if cursor.fetchone()[0].lower() == "wal":
                    cursor.execute("PRAGMA synchronous")
                    synchronous = cursor.fetchone()[0]
                    cursor.execute("PRAGMA journal_mode = DELETE")
                    switched = cursor.fetchone()[0].lower() == "delete"
                    if switched:
                        cursor.execute("PRAGMA synchronous = FULL")
        except OperationalError:  # "database is locked": another connection has it open
            switched = False
    try:
        yield
    finally:
        if switched:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute(f"PRAGMA synchronous = {int(synchronous)}")


@contextmanager
def large_page_cache(kibibytes: int = 4_194_304):
    """SQLite keeps 2 MB of pages by default; the random keys of some indexes (entry
    hashes) then send every insert to the operating system for a page: 500,000
    organizations spent 39 s in system time. A cache of up to 4 GiB (it grows only as
    pages are used: 1.3 GB for 500,000) for this connection, for the load only, keeps
    the indexes in memory."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{int(kibibytes)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def reserve_ids(count: int) -> np.ndarray:
    """Ids for the new organizations, after every id ever given (the transaction holds the lock)."""
    table = Organization._meta.db_table
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {quote(table)} IN SHARE ROW EXCLUSIVE MODE")
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = cursor.fetchone()[0]
            cursor.execute("SELECT nextval(%s)", [sequence])
            first = cursor.fetchone()[0]
            cursor.execute("SELECT setval(%s, %s)", [sequence, first + max(count, 1) - 1])
            return np.arange(first, first + count, dtype=np.int64)
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {quote(table)}")
        highest = cursor.fetchone()[0]
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            highest = max(highest, row[0] if row else 0)
    return np.arange(highest + 1, highest + 1 + count, dtype=np.int64)


def _values(array: np.ndarray, null: np.ndarray | None = None) -> list:
    """A numpy column as the Python values the database driver takes (None for null)."""
    if array.dtype.kind == "M":
        null = np.isnat(array)
        array = np.where(null, "", array.astype(TEXT))
    values = array.tolist()
    if null is not None:
        for row in np.flatnonzero(null).tolist():
            values[row] = None
    return values


def write_registry(dataset, ids, registry_ids, progress) -> dict[str, int]:
    """Organizations, status changes, memberships and declarations; the rows written of each."""
    orgs, n = dataset.organizations, len(dataset.organizations)
    now = timezone.now()
    now = connection.ops.adapt_datetimefield_value(now) if connection.vendor == "sqlite" else now
    organization = {
        "id": ids.tolist(),
        "registry_id": _values(registry_ids, registry_ids == ""),
        "sector": _values(orgs.sector, orgs.sector == ""),
        "province": orgs.province_code.tolist(),
        **{name: _values(getattr(orgs, name)) for name in ORGANIZATION_TEXTS},
        **{name: _values(getattr(orgs, name)) for name in ORGANIZATION_DATES},
        "created_at": [now] * n,
        "updated_at": [now] * n,
    }
    counts = {"organizations": _write(Organization, organization, progress, "organizations")}
    changes = dataset.status_changes
    status_change = {
        "organization": ids[changes.organization].tolist(),
        "from_status": changes.from_status.tolist(),
        "to_status": changes.to_status.tolist(),
        "effective_on": _values(changes.effective_on),
        "reason": changes.reason.tolist(),
        "actor": [None] * len(changes),
        "recorded_at": [now] * len(changes),
    }
    counts["status_changes"] = _write(StatusChange, status_change, progress, "status changes")
    links = dataset.memberships
    membership = {
        "member": ids[links.member].tolist(),
        "union": ids[links.union].tolist(),
        "started_on": _values(links.started_on),
        "ended_on": _values(links.ended_on),
    }
    counts["memberships"] = _write(Membership, membership, progress, "memberships")
    declarations = dataset.declarations
    declaration = {
        "organization": ids[declarations.organization].tolist(),
        "year": declarations.year.tolist(),
        **{
            name: _values(declarations.values[name], declarations.missing[name])
            for name in DECLARATION_FIGURES
        },
        "filed_at": [now] * len(declarations),
    }
    counts["declarations"] = _write(Declaration, declaration, progress, "declarations")
    return counts


def _write(model, columns: dict[str, list], progress, stage: str) -> int:
    rows = zip(*columns.values(), strict=True)
    size = len(next(iter(columns.values())))
    report = None
    if progress is not None:
        progress(stage, 0, size)
        report = lambda done: progress(stage, done, size)  # noqa: E731
    return write_rows(model, tuple(columns), rows, report, count=size)
