"""The rejected rows as a CSV the registrar opens in Excel, fixes and imports again.

The original columns as they were, then the problems of the row in Arabic and
in French, then its row number in the uploaded file. The extra columns are
unknown to the import, which ignores them (with a warning), so the fixed file
goes back in as it is. UTF-8 with a BOM (Excel then reads Arabic right) and
the uploaded file's separator; every cell neutralized (tadamon.exports).
"""

from __future__ import annotations

import io

from tadamon.exports.cells import write_csv
from tadamon.imports.parsing import text

EXTRA_COLUMNS = ("errors_ar", "errors_fr", "row_in_file")


def rejected_csv(result) -> str:
    handle = io.StringIO()
    handle.write("\ufeff")
    width = len(result.header)
    rows = []
    for number, cells, problems in result.rejected_rows:
        original = [text(c) for c in cells][:width] + [""] * max(0, width - len(cells))
        rows.append(
            [
                *original,
                " | ".join(_where(p) + p.message_ar for p in problems),
                " | ".join(_where(p) + p.message_fr for p in problems),
                number,
            ]
        )
    write_csv(handle, [*result.header, *EXTRA_COLUMNS], rows, delimiter=result.separator or ",")
    return handle.getvalue()


def _where(problem) -> str:
    return f"[{problem.column}] " if problem.column else ""
