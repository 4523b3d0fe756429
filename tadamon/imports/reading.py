"""Reading an uploaded spreadsheet: CSV in any of the encodings and separators
Moroccan offices save, or XLSX; the rows as the spreadsheet user numbers them.

Detection, in order (docs/import.md):
- empty file; XLSX by its zip signature (whatever the file is called), the old
  binary .xls refused with advice; a NUL byte or many control characters: not
  a text file (a binary named .csv);
- encoding: a BOM (UTF-8, UTF-16) decides; otherwise strict UTF-8, and if that
  fails Windows-1256. Trying UTF-8 first is safe: Arabic or accented text in
  Windows-1256 is almost never valid UTF-8, while cp1256 decodes any byte and
  so cannot be the test. cp1256 also holds French accented letters at their
  Windows-1252 places, so a French Excel file decodes right too;
- separator: `;`, `,` or tab, whichever the header line holds most of outside
  quotes (csv.Sniffer guesses from letters and got Arabic headers wrong).
A cell longer than Excel's own limit (32,767 characters) stops the file.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

from tadamon.imports.problems import FileRejected

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_CELL = 32_767  # Excel's limit for one cell: anything longer is not a spreadsheet's cell
SEPARATORS = (";", ",", "\t")
ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # the binary .xls of Excel 97-2003
# The csv module stops at 128 KiB a field with a bare "field larger than field limit";
# reading up to the file limit lets the check below name the row and the column.
csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))
INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c"))


@dataclass
class Table:
    """The header (column names as written, trimmed) and the data rows with their numbers."""

    header: list[str]
    rows: list[tuple[int, list]] = field(default_factory=list)
    format: str = "csv"
    encoding: str = ""
    separator: str = ""


def read_table(data: bytes, filename: str = "") -> Table:
    if len(data) > MAX_FILE_BYTES:
        raise FileRejected(
            "file_too_large",
            f"الملف أكبر من {MAX_FILE_BYTES // 2**20} ميغابايت: قسمه إلى عدة ملفات",
            f"Le fichier dépasse {MAX_FILE_BYTES // 2**20} Mo : découpez-le en plusieurs fichiers",
        )
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise FileRejected("file_empty", "الملف فارغ", "Le fichier est vide")
    if data.startswith(ZIP_SIGNATURE) or filename.lower().endswith((".xlsx", ".xlsm")):
        return read_xlsx(data)
    if data.startswith(OLE_SIGNATURE):
        raise FileRejected(
            "xls_not_supported",
            "صيغة Excel القديمة (.xls) غير مقبولة: احفظ الملف بصيغة .xlsx أو CSV",
            "L'ancien format Excel (.xls) n'est pas accepté : enregistrez le fichier en .xlsx "
            "ou en CSV",
        )
    text, encoding = decode(data)
    separator = detect_separator(text)
    table = Table([], format="csv", encoding=encoding, separator=separator)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            if cells and len(max(cells, key=len)) > MAX_CELL:
                _check_sizes(number, cells, table.header)
            if number == 1:
                table.header = clean_header(cells)
            elif "".join(cells).strip():
                table.rows.append((number, cells))
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise _too_large(number + 1, "") from None
        raise FileRejected(
            "csv_malformed",
            f"تعذرت قراءة الملف بعد السطر {number}: {error}",
            f"Lecture impossible après la ligne {number} : {error}",
            number + 1,
        ) from None
    return table


def decode(data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        encoding, data = "utf-8-sig", data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = ""
    if not encoding and b"\x00" in data:
        raise _binary()
    candidates = [encoding] if encoding else ["utf-8", "cp1256"]
    for candidate in candidates:
        try:
            text = data.decode(candidate.replace("-sig", ""))
        except UnicodeDecodeError:
            if candidate == "utf-8":
                _refuse_mixed(data)
            continue
        controls = sum(1 for ch in text[:100_000] if ch < " " and ch not in "\t\r\n")
        if "\x00" in text or controls > max(10, len(text[:100_000]) // 100):
            raise _binary()
        return text, candidate
    raise _binary()


# Arabic letters in UTF-8: a lead byte D8-DB and a continuation byte.
UTF8_ARABIC = re.compile(rb"[\xd8-\xdb][\x80-\xbf]")


def _refuse_mixed(data: bytes) -> None:
    """Some lines are UTF-8 Arabic, others are not UTF-8: lines pasted from two files.

    A real Windows-1256 line with Arabic is practically never valid UTF-8, so
    one valid UTF-8 Arabic line next to an invalid one means two encodings.
    Read as cp1256, the UTF-8 lines would become plausible garbage (ع → ط¹):
    the file is refused, naming the first line in the other encoding."""
    utf8_arabic, first_other = False, None
    for number, line in enumerate(data.splitlines(), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            first_other = first_other or number
        else:
            utf8_arabic = utf8_arabic or bool(UTF8_ARABIC.search(line))
        if utf8_arabic and first_other:
            raise FileRejected(
                "encoding_mixed",
                f"الملف يخلط ترميزين (UTF-8 وWindows-1256)، أول سطر بترميز مختلف: {first_other}. "
                "احفظ الملف كله بترميز واحد",
                f"Le fichier mélange deux encodages (UTF-8 et Windows-1256), première ligne "
                f"dans l'autre encodage : {first_other}. Enregistrez tout le fichier dans un seul "
                "encodage",
                first_other,
            )


def _binary() -> FileRejected:
    return FileRejected(
        "file_binary",
        "هذا الملف ليس ملفا نصيا (CSV) ولا ملف Excel (.xlsx): احفظه بصيغة CSV أو .xlsx",
        "Ce fichier n'est ni un fichier texte (CSV) ni un classeur Excel (.xlsx) : "
        "enregistrez-le en CSV ou en .xlsx",
    )


def detect_separator(text: str) -> str:
    """The separator the header line holds most of, counted outside quotes (`,` if none)."""
    counts = dict.fromkeys(SEPARATORS, 0)
    quoted = False
    for ch in text[:65_536]:
        if ch == '"':
            quoted = not quoted
        elif not quoted:
            if ch in "\r\n":
                break
            if ch in counts:
                counts[ch] += 1
    best = max(SEPARATORS, key=lambda s: counts[s])
    return best if counts[best] else ","


def clean_header(cells: list) -> list[str]:
    return [str(c or "").translate(INVISIBLE).strip() for c in cells]


def _check_sizes(number: int, cells: list, header: list[str]) -> None:
    for position, cell in enumerate(cells):
        if isinstance(cell, str) and len(cell) > MAX_CELL:
            column = header[position] if position < len(header) else ""
            raise _too_large(number, column)


def _too_large(number: int, column: str) -> FileRejected:
    where_ar = f"السطر {number}" + (f"، العمود «{column}»" if column else "")
    where_fr = f"ligne {number}" + (f", colonne « {column} »" if column else "")
    return FileRejected(
        "cell_too_large",
        f"خلية في {where_ar} تتجاوز {MAX_CELL} حرفا (حد الخلية في Excel): الملف تالف أو ليس جدولا",
        f"Une cellule ({where_fr}) dépasse {MAX_CELL} caractères (la limite d'une cellule Excel) "
        ": fichier abîmé ou qui n'est pas un tableau",
        number,
    )


def read_xlsx(data: bytes) -> Table:
    """The first worksheet; formulas are read as formulas (=...), not as their last value."""
    from openpyxl import load_workbook

    table = Table([], format="xlsx")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            sheet = workbook.worksheets[0]
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_xlsx_value(v) for v in values]
                _check_sizes(number, cells, table.header)
                if number == 1:
                    table.header = clean_header(cells)
                elif any(c not in ("", None) and str(c).strip() for c in cells):
                    table.rows.append((number, cells))
        finally:
            workbook.close()
    except FileRejected:
        raise
    except (
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        OSError,
        EOFError,
        IndexError,
        TypeError,
        SyntaxError,
    ):
        raise FileRejected(
            "xlsx_unreadable",
            "تعذرت قراءة ملف Excel: الملف مبتور أو تالف. أعد حفظه من Excel ثم أرسله من جديد",
            "Classeur Excel illisible : le fichier est tronqué ou abîmé. Enregistrez-le à "
            "nouveau depuis Excel puis renvoyez-le",
        ) from None
    if not table.header:
        raise FileRejected("file_empty", "الملف فارغ", "Le fichier est vide")
    return table


def _xlsx_value(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    return value
