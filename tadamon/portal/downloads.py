"""The directory's list as CSV or XLSX: the public fields, cells safe to open.

Streamed: a CSV of a whole region is written as it is read. XLSX is built in
openpyxl's write-only mode (rows go to disk, not to memory) and is capped,
since a spreadsheet of hundreds of thousands of rows helps nobody: the open
data files hold the whole registry.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator

from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook

from tadamon.exports.cells import neutralize, xlsx_rows
from tadamon.registry.models import Organization
from tadamon.registry.vocabulary import LEGAL_FORM_LABELS, STATUS_LABELS

CSV_AT_MOST = 1_000_000
XLSX_AT_MOST = 100_000

# The public fields of the directory, in the open-data column names.
COLUMNS = (
    "registry_id", "name_ar", "name_fr", "acronym", "legal_form", "legal_form_ar",
    "legal_form_fr", "province_code", "province_ar", "province_fr", "region_code",
    "commune", "sector_code", "founding_date", "registration_date", "status",
    "status_ar", "status_fr", "public_utility", "public_utility_date", "website",
)  # fmt: skip


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def organization_row(org: Organization) -> list:
    form_ar, form_fr = LEGAL_FORM_LABELS.get(org.legal_form, ("", ""))
    status_ar, status_fr = STATUS_LABELS.get(org.status, ("", ""))
    province = org.province
    return [
        org.registry_id or "", org.name_ar, org.name_fr, org.acronym, org.legal_form, form_ar,
        form_fr, org.province_id or "", province.name_ar if province else "",
        province.name_fr if province else "", province.region_id if province else "",
        org.commune, org.sector_id or "", _date(org.founding_date),
        _date(org.registration_date), org.status, status_ar, status_fr,
        "true" if org.public_utility else "false", _date(org.public_utility_date), org.website,
    ]  # fmt: skip


class _Line:
    """A file-like object that hands back what the csv writer wrote to it."""

    def write(self, text: str) -> str:
        return text


def _csv_lines(organizations: Iterable[Organization]) -> Iterator[str]:
    import csv

    writer = csv.writer(_Line(), lineterminator="\r\n")
    # A byte-order mark: Excel reads a CSV without one in the machine's code page,
    # and Arabic names come out as mojibake.
    yield "\ufeff" + writer.writerow(COLUMNS)
    for org in organizations:
        yield writer.writerow([neutralize(v) for v in organization_row(org)])


def csv_response(organizations: Iterable[Organization], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_csv_lines(organizations), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(organizations: Iterable[Organization], filename: str) -> FileResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("organizations")
    for row in xlsx_rows([COLUMNS]):
        sheet.append(row)
    for row in xlsx_rows(organization_row(org) for org in organizations):
        sheet.append(row)
    # Not a context manager: the response streams it, then closes (and so deletes) it.
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
