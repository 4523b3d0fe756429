"""A covering index of the postings on PostgreSQL.

Picking candidates reads postings by term: with the columns it needs in the
index, PostgreSQL answers from the index alone (after VACUUM) instead of
visiting table pages scattered over the whole table. SQLite keeps the unique
(term, organization) index.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX search_posting_covering ON search_searchposting"
    " (term_id, organization_id) INCLUDE (size, province, legal_form)"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX search_posting_covering")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_trigram_and_fts5")]

    operations = [migrations.RunPython(create, drop)]
