"""Tables written as CSV or XLSX, every cell neutralized against formulas (cells.py).

CSV: UTF-8 with a byte-order mark for the downloads people open in Excel,
which reads a CSV without one in the machine's legacy code page and shows
Arabic as garbage; a Data Package's CSVs go without one (the Data Package
default encoding is plain UTF-8, and they are read by programs). Comma
separator, CRLF line ends, ISO dates, `true`/`false`, blank for no value.

XLSX: openpyxl's write-only workbook, which streams rows to disk instead of
keeping every cell in memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from tadamon.exports.cells import neutralize, write_csv, xlsx_rows

BOM = "\ufeff"
# Excel's limit for one cell; longer text is cut rather than making the file unreadable.
XLSX_CELL_LIMIT = 32_767
STREAM_EVERY = 500  # rows per piece of a streamed response


def csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def write_table_csv(
    path: Path, header: Iterable[str], rows: Iterable[Iterable[Any]], *, bom: bool = True
) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        if bom:
            handle.write(BOM)
        write_csv(handle, header, ([csv_value(v) for v in row] for row in rows))


def csv_pieces(
    header: Iterable[str], rows: Iterable[Iterable[Any]], *, bom: bool = True
) -> Iterator[str]:
    """The same bytes as write_table_csv, in pieces for a streamed HTTP response.

    write_csv writes a whole table to one handle; a response needs pieces as
    the rows come, so this drives a writer of the same dialect (comma, CRLF)
    with the same neutralize() on every cell. A test holds both outputs equal.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=",", lineterminator="\r\n")
    if bom:
        buffer.write(BOM)
    writer.writerow([neutralize(h) for h in header])
    for number, row in enumerate(rows, 1):
        writer.writerow([neutralize(csv_value(v)) for v in row])
        if number % STREAM_EVERY == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)[:XLSX_CELL_LIMIT]
    return value


def write_table_xlsx(
    path: Path | IO[bytes], sheet: str, header: Iterable[str], rows: Iterable[Iterable[Any]]
) -> None:
    """The table as a one-sheet workbook, into a file or an open binary handle."""
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet[:31])  # Excel's limit on a sheet name
    for row in xlsx_rows(itertools.chain([list(header)], rows)):
        worksheet.append([_xlsx_value(v) for v in row])
    workbook.save(path)


def counted(rows: Iterable[Any], tick: Callable[[int], None] | None, every: int = 1000):
    """The rows unchanged, calling tick(done) every so often (for a progress bar)."""
    done = 0
    for row in rows:
        yield row
        done += 1
        if tick and done % every == 0:
            tick(done)
    if tick:
        tick(done)
