"""Substring lookup of normalized names: the one place that differs by database.

PostgreSQL answers LIKE '%text%' from the pg_trgm GIN indexes, SQLite from the
FTS5 trigram table (migration 0002). Both need three characters at least.
"""

from __future__ import annotations

from django.db import connection

SHORTEST = 3


def containing(normalized: str, limit: int) -> list[int]:
    """Ids of organizations whose normalized Arabic or French name contains the text."""
    if len(normalized) < SHORTEST:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            pattern = (
                "%" + normalized.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            )
            cursor.execute(
                "SELECT organization_id FROM search_searchentry"
                " WHERE name_fr_norm LIKE %s OR name_ar_norm LIKE %s LIMIT %s",
                [pattern, pattern, limit],
            )
        elif connection.vendor == "sqlite":
            phrase = '"' + normalized.replace('"', '""') + '"'
            cursor.execute(
                "SELECT rowid FROM search_names_fts WHERE search_names_fts MATCH %s LIMIT %s",
                [phrase, limit],
            )
        else:
            return []
        return [row[0] for row in cursor.fetchall()]
