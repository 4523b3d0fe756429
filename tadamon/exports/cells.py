"""Cells that are safe to open in a spreadsheet: every CSV and XLSX the platform writes.

A text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is
run as a formula by Excel and LibreOffice (CSV injection, OWASP): a name such
as `=HYPERLINK("http://…","click")` becomes a live link, and worse. Such a
cell is written with a leading apostrophe, which spreadsheets show as text
and do not display. Numbers stay numbers: a numeric value (int, Decimal,
float) is never touched, and neither is a text that is only a negative
number ("-5", "-1 234,50"): a spreadsheet reads it as that number, runs
nothing, and a negative value added must stay negative for whoever sums
the column. Everything else that starts with one of those characters is
neutralized, including a phone number "+212 6…" (shown as text, unchanged)
and a "+3" (no export of ours writes a plus sign before a number).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import IO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^-(\d[\d \u00a0\u202f]*)([.,]\d+)?$")


def neutralize(value):
    """The value as it may be written to a spreadsheet cell without being run."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if PLAIN_NUMBER.match(value):
        return value
    return "'" + value


def write_csv(handle: IO[str], header: Iterable[str], rows: Iterable[Iterable], delimiter=","):
    """CSV with every cell neutralized (the header too: column names can come from a file)."""
    writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([neutralize(h) for h in header])
    for row in rows:
        writer.writerow([neutralize(v) for v in row])


def xlsx_rows(rows: Iterable[Iterable]):
    """Rows for openpyxl's append(): a text starting with '=' would become a formula there."""
    for row in rows:
        yield [neutralize(v) for v in row]
