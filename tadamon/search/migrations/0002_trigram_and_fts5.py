"""Substring indexes on the normalized names: pg_trgm on PostgreSQL, FTS5 on SQLite.

One results contract (tadamon.search.engine) over two engines: the embedded
SQLite database has no pg_trgm, PostgreSQL has no FTS5. Both answer "which
names contain this text" from an index.
"""

from django.db import migrations

POSTGRES_UP = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX search_name_ar_trgm ON search_searchentry USING gin (name_ar_norm gin_trgm_ops)",
    "CREATE INDEX search_name_fr_trgm ON search_searchentry USING gin (name_fr_norm gin_trgm_ops)",
)
POSTGRES_DOWN = ("DROP INDEX search_name_ar_trgm", "DROP INDEX search_name_fr_trgm")

SQLITE_UP = (
    "CREATE VIRTUAL TABLE search_names_fts USING fts5(name_ar_norm, name_fr_norm,"
    " content='search_searchentry', content_rowid='organization_id', tokenize='trigram')",
    "CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN"
    " INSERT INTO search_names_fts(rowid, name_ar_norm, name_fr_norm)"
    " VALUES (new.organization_id, new.name_ar_norm, new.name_fr_norm); END",
    "CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN"
    " INSERT INTO search_names_fts(search_names_fts, rowid, name_ar_norm, name_fr_norm)"
    " VALUES ('delete', old.organization_id, old.name_ar_norm, old.name_fr_norm); END",
    "CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchentry BEGIN"
    " INSERT INTO search_names_fts(search_names_fts, rowid, name_ar_norm, name_fr_norm)"
    " VALUES ('delete', old.organization_id, old.name_ar_norm, old.name_fr_norm);"
    " INSERT INTO search_names_fts(rowid, name_ar_norm, name_fr_norm)"
    " VALUES (new.organization_id, new.name_ar_norm, new.name_fr_norm); END",
)
SQLITE_DOWN = (
    "DROP TRIGGER search_fts_insert",
    "DROP TRIGGER search_fts_delete",
    "DROP TRIGGER search_fts_update",
    "DROP TABLE search_names_fts",
)


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        )
    ]
