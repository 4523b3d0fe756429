"""Files for the import tests, built the way Moroccan offices save them."""

from __future__ import annotations

import csv
import io

ORG_HEADER = [
    "registry_id", "external_id", "legal_form", "name_ar", "name_fr", "province_code",
    "founding_date", "registration_date", "sector", "status",
]  # fmt: skip


def org_row(external_id="ODCO-1", **overrides) -> dict:
    row = {
        "registry_id": "",
        "external_id": external_id,
        "legal_form": "تعاونية",
        "name_ar": "تعاونية تيغانيمين النسوية للأركان",
        "name_fr": "Coopérative Féminine Tighanimine d'Argan",
        "province_code": "51",
        "founding_date": "01/06/2015",
        "registration_date": "20/07/2015",
        "sector": "الأركان",
        "status": "registered",
    }
    row.update(overrides)
    return row


def csv_bytes(rows, header=None, delimiter=";", encoding="utf-8") -> bytes:
    header = header or list(rows[0]) if rows else (header or ORG_HEADER)
    handle = io.StringIO()
    writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(c, "") for c in header])
    return handle.getvalue().encode(encoding)


def xlsx_bytes(rows, header=None) -> bytes:
    from openpyxl import Workbook

    header = header or list(rows[0])
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(c) for c in header])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
