"""The directory's list as CSV or XLSX, in the open data's one public layout.

The list is the directory's (its query, filters and the visitor's view of the
registry); the columns, the reading of public fields and the writers are the
open data's (tadamon/exports: `public.organization_columns`,
`public.organization_records`, `tables.csv_pieces`, `tables.write_table_xlsx`),
so a visitor gets the same file from the directory as from /open-data/, only
narrowed, and every cell goes through the same formula neutralization.

Streamed: a CSV of a whole region is written as it is read, with a byte-order
mark so that Excel shows Arabic. XLSX is built in openpyxl's write-only mode
(rows go to disk, not to memory) and is capped, since a spreadsheet of
hundreds of thousands of rows helps nobody: the open data files hold the whole
registry.
"""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import FileResponse, StreamingHttpResponse

from tadamon.exports import public
from tadamon.exports.tables import csv_pieces, write_table_xlsx
from tadamon.registry.models import Organization

CSV_AT_MOST = 1_000_000
XLSX_AT_MOST = 100_000
# Organizations whose public fields are read in one query: well under SQLite's
# oldest limit of 999 parameters for the `pk IN (...)` list.
BATCH = 900
SHEET = "organizations"


def organization_rows(organizations: Iterable[Organization]) -> Iterator[list[Any]]:
    """Each organization of the list, in its order, as an open-data row.

    The directory hands over model instances; their public fields are read
    again through the open data's query (public fields only, the union's
    number as parent), a batch at a time, so no writer here ever sees a phone.
    """
    listed = iter(organizations)
    while batch := [org.pk for org in itertools.islice(listed, BATCH)]:
        chosen = Organization.objects.filter(pk__in=batch)
        records = {r["id"]: r for r in public.organization_records(chosen, with_id=True)}
        for pk in batch:
            yield public.organization_row(records[pk])


def csv_response(organizations: Iterable[Organization], filename: str) -> StreamingHttpResponse:
    pieces = csv_pieces(public.organization_columns(), organization_rows(organizations))
    response = StreamingHttpResponse(pieces, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(organizations: Iterable[Organization], filename: str) -> FileResponse:
    # Not a context manager: the response streams it, then closes (and so deletes) it.
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    write_table_xlsx(handle, SHEET, public.organization_columns(), organization_rows(organizations))
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
