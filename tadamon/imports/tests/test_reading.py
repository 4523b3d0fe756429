import datetime as dt
from decimal import Decimal

import pytest

from tadamon.errors import DomainError
from tadamon.imports import parsing
from tadamon.imports.problems import FileRejected
from tadamon.imports.reading import decode, detect_separator, read_table
from tadamon.imports.tests.helpers import csv_bytes, org_row, xlsx_bytes

ARABIC = "تعاونية تيغانيمين النسوية للأركان"


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp1256", "cp1256"), ("utf-16", "utf-16")],
)
def test_it_detects_the_encoding(encoding, expected):
    data = csv_bytes([org_row(name_ar=ARABIC)], encoding=encoding)
    table = read_table(data, "f.csv")
    assert table.encoding == expected
    assert ARABIC in table.rows[0][1]
    assert table.header[0] == "registry_id"  # no BOM left in the first column name


def test_a_french_windows_file_decodes_through_cp1256():
    text, encoding = decode("name_fr\nCoopérative Âït Baâmrane\n".encode("cp1252"))
    assert encoding == "cp1256"
    assert "Coopérative" in text


@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_it_detects_the_separator(separator):
    data = csv_bytes([org_row(name_fr="Coop, Argan; Miel")], delimiter=separator)
    table = read_table(data, "f.csv")
    assert table.separator == separator
    assert "Coop, Argan; Miel" in table.rows[0][1]


def test_separators_inside_quotes_do_not_count():
    assert detect_separator('"a,b,c,d";"e"\n1;2\n') == ";"


def test_rows_are_numbered_as_the_spreadsheet_shows_them():
    data = "name_ar;legal_form\nأ;جمعية\n;\nب;جمعية\n".encode()
    table = read_table(data, "f.csv")
    assert [number for number, _ in table.rows] == [2, 4]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("١٢٣", 123), ("۱۲۳", 123), ("1 234", 1234), ("1\u202f234", 1234), ("12", 12),
        (" ٧ ", 7), (12.0, 12),
    ],
)  # fmt: skip
def test_integers_in_any_digits(cell, expected):
    assert parsing.integer("members_total", cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1 234,50", "1234.50"), ("1234,5", "1234.5"), ("1.234,50", "1234.50"),
        ("1,234.50", "1234.50"), ("١٢٣٤٫٥", "1234.5"), ("-3 000,25", "-3000.25"),
    ],
)  # fmt: skip
def test_decimal_commas(cell, expected):
    assert Decimal(parsing.number_text("revenue_mad", cell)) == Decimal(expected)


def test_a_count_with_decimals_is_refused():
    with pytest.raises(DomainError) as failure:
        parsing.integer("members_total", "12,5")
    assert failure.value.code == "not_a_whole_number"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("05/03/2020", dt.date(2020, 3, 5)), ("5/3/2020", dt.date(2020, 3, 5)),
        ("05-03-2020", dt.date(2020, 3, 5)), ("2020-03-05", dt.date(2020, 3, 5)),
        ("٠٥/٠٣/٢٠٢٠", dt.date(2020, 3, 5)), (dt.datetime(2020, 3, 5), dt.date(2020, 3, 5)),
    ],
)  # fmt: skip
def test_dates(cell, expected):
    assert parsing.date("founding_date", cell) == expected


def test_an_impossible_date_is_named():
    with pytest.raises(DomainError) as failure:
        parsing.date("founding_date", "31/02/2020")
    assert failure.value.code == "date_impossible"
    assert "31/02/2020" in failure.value.message_ar


def test_xlsx_cells_keep_their_types():
    data = xlsx_bytes(
        [{"name_ar": ARABIC, "founding_date": dt.datetime(2015, 6, 1), "members": 12}]
    )
    table = read_table(data, "f.xlsx")
    assert table.format == "xlsx"
    number, cells = table.rows[0]
    assert number == 2
    assert cells == [ARABIC, dt.date(2015, 6, 1), 12]


def test_an_xlsx_named_csv_is_read_as_xlsx():
    table = read_table(xlsx_bytes([{"name_ar": ARABIC}]), "odco.csv")
    assert table.format == "xlsx"


def test_the_old_xls_format_is_refused_with_advice():
    with pytest.raises(FileRejected) as failure:
        read_table(b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "old.xls")
    assert failure.value.code == "xls_not_supported"
