"""The postings' covering index keyed by (term, province) on PostgreSQL.

A search filtered by province (or region) then reads only that province's
postings of each term, not the whole country's: the filtered search can take
terms ten or a hundred times more common within the same time.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX search_posting_term_province ON search_searchposting"
    " (term_id, province, organization_id) INCLUDE (size, legal_form)"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_posting_covering")
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX search_posting_term_province")
        schema_editor.execute(
            "CREATE INDEX search_posting_covering ON search_searchposting"
            " (term_id, organization_id) INCLUDE (size, province, legal_form)"
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0003_posting_covering_index")]

    operations = [migrations.RunPython(create, drop)]
