"""CSV and XLSX: formulas neutralized, Arabic readable in Excel, streaming = file."""

import csv
import datetime as dt
from decimal import Decimal

from openpyxl import load_workbook

from tadamon.exports.tables import BOM, csv_pieces, write_table_csv, write_table_xlsx
from tadamon.exports.tests.conftest import FORMULA_NAME

ROWS = [
    ["تعاونية الأمل", FORMULA_NAME, "+212 600 000 001", -5, Decimal("-200.25"), True,
     dt.date(2020, 3, 15), None],
    ["جمعية النور", "@SUM(A1)", "-3", 0, Decimal("10.50"), False, None, "\t=1+1"],
]  # fmt: skip
HEADER = ["name_ar", "name_fr", "phone", "n", "value", "flag", "day", "note"]


def test_csv_cells_are_neutralized_and_values_kept(tmp_path):
    path = tmp_path / "t.csv"
    write_table_csv(path, HEADER, ROWS)
    raw = path.read_bytes()
    assert raw.startswith(BOM.encode("utf-8"))  # Excel then reads the Arabic as UTF-8
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == HEADER
    assert rows[1] == ["تعاونية الأمل", "'" + FORMULA_NAME, "'+212 600 000 001", "-5", "-200.25",
                       "true", "2020-03-15", ""]  # fmt: skip
    assert rows[2][1] == "'@SUM(A1)" and rows[2][2] == "-3" and rows[2][7] == "'\t=1+1"


def test_a_data_package_csv_has_no_bom(tmp_path):
    path = tmp_path / "t.csv"
    write_table_csv(path, HEADER, ROWS, bom=False)
    assert path.read_bytes().startswith(b"name_ar,")


def test_streamed_csv_is_byte_for_byte_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr("tadamon.exports.tables.STREAM_EVERY", 1)  # several pieces
    path = tmp_path / "t.csv"
    write_table_csv(path, HEADER, ROWS)
    pieces = list(csv_pieces(HEADER, ROWS))
    assert len(pieces) >= 3
    assert "".join(pieces).encode("utf-8") == path.read_bytes()


def test_xlsx_cells_are_neutralized_and_numbers_stay_numbers(tmp_path):
    path = tmp_path / "t.xlsx"
    write_table_xlsx(path, "organizations", HEADER, [*ROWS, ["a\x01b", "x" * 40_000]])
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert rows[1][0] == "تعاونية الأمل"
    assert rows[1][1] == "'" + FORMULA_NAME
    assert rows[1][2] == "'+212 600 000 001"
    assert rows[1][3] == -5 and rows[1][4] == -200.25 and rows[1][5] is True
    assert rows[1][6] == dt.datetime(2020, 3, 15)
    assert rows[2][1] == "'@SUM(A1)"
    assert rows[3][0] == "ab" and len(rows[3][1]) == 32_767  # what Excel can open
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"  # not one formula


def test_exported_files_neutralize_a_formula_name(exported, open_registry):
    text = (exported / "organizations.csv").read_text(encoding="utf-8-sig")
    assert "'" + FORMULA_NAME.replace('"', '""') in text
    assert "'@SUM(A1) محو الأمية" in text
    sheet = load_workbook(exported / "organizations.xlsx").active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "'" + FORMULA_NAME in values and FORMULA_NAME not in values
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
