import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from tadamon.exports.cells import neutralize, write_csv, xlsx_rows


@pytest.mark.parametrize(
    "cell",
    ['=HYPERLINK("http://x.example","انقر")', "+212 600 000 001", "-2+3", "@SUM(A1)",
     "\t=1+1", "\r=1", "=1+1", "+3.5"],
)  # fmt: skip
def test_cells_a_spreadsheet_would_run_are_neutralized(cell):
    assert neutralize(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-5", "-1 234,50", -5, Decimal("-3000.00"), 2.5, None,
                                  "تعاونية الأمل", "Coopérative", ""])  # fmt: skip
def test_numbers_and_plain_text_stay_as_they_are(cell):
    assert neutralize(cell) == cell


def test_csv_cells_are_neutralized():
    handle = io.StringIO()
    write_csv(handle, ["name_ar", "=x"], [["=HYPERLINK(1)", -5]], delimiter=";")
    assert handle.getvalue() == "name_ar;'=x\r\n'=HYPERLINK(1);-5\r\n"


def test_xlsx_cells_stay_text():
    workbook = Workbook()
    for row in xlsx_rows([["=HYPERLINK(1)", -5]]):
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    cell = load_workbook(io.BytesIO(out.getvalue())).active["A1"]
    assert cell.data_type == "s" and cell.value == "'=HYPERLINK(1)"
