"""Writes the bad-input corpus (files/) the way the broken files reach the registry.

    python tests/bad_input/make_corpus.py

The files are committed; this script says how each was made. The 10 MB cell
is not committed (too large for the repository): test_bad_input.py builds it
in a temporary folder with `huge_cell_csv`.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

FILES = Path(__file__).resolve().parent / "files"
HEADER = "external_id;legal_form;name_ar;name_fr;province_code;founding_date"
GOOD = "BAD-1;تعاونية;تعاونية تيغانيمين النسوية للأركان;Coopérative Tighanimine;051;01/06/2015"
DECLARATION_HEADER = "external_id;year;members_total;members_women;members_youth"


def lines(*rows: str) -> bytes:
    return ("\r\n".join(rows) + "\r\n").encode("utf-8")


def huge_cell_csv() -> bytes:
    return lines(HEADER, f"BAD-1;تعاونية;{'ت' * 5_000_000};Coop;051;01/06/2015")


def truncated_xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(HEADER.split(";"))
    workbook.active.append(GOOD.split(";"))
    out = io.BytesIO()
    workbook.save(out)
    data = out.getvalue()
    assert zipfile.is_zipfile(io.BytesIO(data))
    return data[: len(data) // 2]  # a download cut in the middle


CORPUS: dict[str, bytes] = {
    # UTF-8 lines and Windows-1256 lines pasted into one file
    "mixed_encoding.csv": lines(HEADER, GOOD).rstrip(b"\r\n")
    + b"\r\n"
    + "BAD-2;جمعية;جمعية الأمل;Association Al Amal;051;01/06/2015\r\n".encode("cp1256"),
    # UTF-16 saved without its byte-order mark ("Unicode text" cut by a tool)
    "utf16_without_bom.csv": (HEADER + "\r\n" + GOOD + "\r\n").encode("utf-16-le"),
    "missing_column.csv": lines(
        "external_id;legal_form;name_ar;founding_date",
        "BAD-1;تعاونية;تعاونية تيغانيمين;01/06/2015",
    ),
    "unknown_province.csv": lines(HEADER, GOOD.replace(";051;", ";أطلانتس;")),
    "impossible_date.csv": lines(HEADER, GOOD.replace("01/06/2015", "31/02/2020")),
    "duplicate_keys.csv": lines(HEADER, GOOD, GOOD.replace("تيغانيمين", "تيفاوت")),
    "formula_in_name.csv": lines(
        HEADER,
        GOOD.replace("Coopérative Tighanimine", '"=HYPERLINK(""http://evil.example"",""Coop"")"'),
    ),
    "empty.csv": b"",
    "header_only.csv": lines(HEADER),
    # a PNG image renamed .csv
    "binary.csv": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
    "truncated.xlsx": truncated_xlsx(),
    "negative_counts.csv": lines(DECLARATION_HEADER, "DECL-1;2023;-5;;"),
    "women_above_total.csv": lines(DECLARATION_HEADER, "DECL-1;2023;12;15;3"),
    "duplicate_declaration_years.csv": lines(
        DECLARATION_HEADER, "DECL-1;2023;12;5;3", "DECL-1;2023;14;5;3"
    ),
}


if __name__ == "__main__":
    FILES.mkdir(exist_ok=True)
    for name, data in CORPUS.items():
        (FILES / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")
