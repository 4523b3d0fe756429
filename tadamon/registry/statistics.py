"""Fresh planner statistics after a bulk load.

PostgreSQL's autovacuum analyzes a table some time after it changed; right
after half a million rows arrive in one transaction the planner still has
none, and chose plans that read a whole table (a directory page took 1.9 s
instead of 8 ms at 500,000 bodies until `ANALYZE`). Bulk loads call this
after their commit.
"""

from __future__ import annotations

from django.db import connection

from tadamon.history.models import HistoryEntry
from tadamon.registry.models import Declaration, Membership, Organization, StatusChange


def analyze_tables(tables: list[str]) -> None:
    """ANALYZE these tables (PostgreSQL in one statement, SQLite one by one)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {', '.join(tables)}")
        elif connection.vendor == "sqlite":
            for table in tables:
                cursor.execute(f"ANALYZE {table}")


def analyze_registry() -> None:
    if connection.in_atomic_block:
        return  # ANALYZE inside a transaction would see the rows, but hold locks longer
    analyze_tables(
        [m._meta.db_table for m in (Organization, Declaration, StatusChange, Membership,
                                    HistoryEntry)]
    )  # fmt: skip
