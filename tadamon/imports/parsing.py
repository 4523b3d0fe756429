"""Cell values as the registry holds them: numbers, dates, yes/no and coded lists.

Spreadsheets from Moroccan offices write numbers with Arabic-Indic (٠١٢) or
Eastern Arabic-Indic (۰۱۲) digits, thousands separated by spaces, dots or
the Arabic ٬, decimals after a comma; dates as dd/mm/yyyy, d/m/yyyy,
dd-mm-yyyy, dd.mm.yyyy or ISO yyyy-mm-dd (XLSX: real date cells); legal
forms, provinces, sectors and statuses by code or by Arabic or French label.
Each parser returns the value or raises a DomainError naming the field.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from tadamon.errors import DomainError
from tadamon.identity.normalize import normalize_arabic, normalize_digits, normalize_latin
from tadamon.registry.rules import FIELD_LABELS

DATE_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00)?)?$")
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
FORMULA_START = "="


def label(field: str) -> tuple[str, str]:
    return FIELD_LABELS.get(field, (field, field))


def text(value) -> str:
    """A cell as text, trimmed; numbers from XLSX without a trailing '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def check_not_formula(column: str, value: str) -> None:
    """Refuse a cell a spreadsheet would run: =HYPERLINK(...) in a name is an attack, not a name.

    Only `=` is refused on import: `+212 ...` is a phone number and `-` a dash
    or a negative value added; exports neutralize all of them (tadamon.exports)."""
    if value.startswith(FORMULA_START):
        raise DomainError(
            "formula_in_cell",
            f"العمود «{column}»: الخلية تبدأ بـ«=» وسيشغلها برنامج الجداول كصيغة؛ "
            "اكتب القيمة نفسها بدل الصيغة",
            f"Colonne « {column} » : la cellule commence par « = » et un tableur l'exécuterait "
            "comme une formule ; écrivez la valeur elle-même",
            column,
        )


def number_text(field: str, value) -> str | None:
    """A number cell as plain decimal text ('1234.50'), or None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise _not_a_number(field, value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    raw = str(value)
    cleaned = SPACES.sub("", normalize_digits(raw)).replace("\u066c", "").replace("\u066b", ",")
    if not cleaned:
        return None
    if "," in cleaned and "." in cleaned:
        # The last of the two is the decimal mark: 1.234,50 or 1,234.50.
        thousands = "." if cleaned.rfind(",") > cleaned.rfind(".") else ","
        cleaned = cleaned.replace(thousands, "")
    cleaned = cleaned.replace(",", ".")
    if cleaned.count(".") > 1 and "," not in raw:
        cleaned = cleaned.replace(".", "")  # 1.234.567: dots as thousands separators
    if not NUMBER.match(cleaned):
        raise _not_a_number(field, raw)
    return cleaned


def _not_a_number(field: str, value) -> DomainError:
    ar, fr = label(field)
    return DomainError(
        "not_a_number",
        f"{ar}: القيمة «{value}» ليست عددا صالحا",
        f"{fr} : la valeur « {value} » n'est pas un nombre valide",
        field,
    )


def integer(field: str, value) -> int | None:
    number = number_text(field, value)
    if number is None:
        return None
    try:
        parsed = Decimal(number)
    except InvalidOperation:
        raise _not_a_number(field, value) from None
    if parsed != parsed.to_integral_value():
        ar, fr = label(field)
        raise DomainError(
            "not_a_whole_number",
            f"{ar}: يجب أن يكون عددا صحيحا، لا {value}",
            f"{fr} : un nombre entier est attendu, pas {value}",
            field,
        )
    return int(parsed)


def date(field: str, value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = str(value).strip()
    if not raw:
        return None
    if not raw.isascii():
        raw = normalize_digits(raw)
    match = DATE_DMY.match(raw)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = DATE_ISO.match(raw)
        if not match:
            ar, fr = label(field)
            raise DomainError(
                "date_format",
                f"{ar}: «{value}» ليس تاريخا (الصيغ المقبولة: يوم/شهر/سنة أو سنة-شهر-يوم)",
                f"{fr} : « {value} » n'est pas une date (formats admis : JJ/MM/AAAA ou AAAA-MM-JJ)",
                field,
            )
        year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        ar, fr = label(field)
        raise DomainError(
            "date_impossible",
            f"{ar}: التاريخ «{value}» غير موجود في التقويم",
            f"{fr} : la date « {value} » n'existe pas",
            field,
        ) from None


TRUE_WORDS = {"1", "true", "vrai", "oui", "yes", "y", "x", "نعم", "صحيح"}
FALSE_WORDS = {"", "0", "false", "faux", "non", "no", "n", "لا", "خطأ"}


def boolean(field: str, value) -> bool:
    if isinstance(value, bool):
        return value
    word = normalize_digits(text(value)).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    ar, fr = label(field)
    raise DomainError(
        "boolean_invalid",
        f"{ar}: «{value}» ليست نعم أو لا",
        f"{fr} : « {value} » n'est ni oui ni non",
        field,
    )


def label_key(value: str) -> str:
    """One key for a code or a label in either script: case, accents, hamza forms, spaces."""
    value = normalize_digits(value or "").strip()
    if any("\u0600" <= ch <= "\u06ff" for ch in value):
        return normalize_arabic(value)
    return normalize_latin(value.replace("_", " "), keep_stopwords=True)


class Vocabulary:
    """Codes reachable by code or by any of their labels; ambiguous labels are dropped."""

    def __init__(self, entries: dict[str, tuple[str, ...]]):
        keys: dict[str, set[str]] = {}
        for code, labels in entries.items():
            for text_ in (code, *labels):
                for key in {label_key(text_), normalize_latin(text_ or "")} - {""}:
                    keys.setdefault(key, set()).add(code)
        self.codes = {key: next(iter(codes)) for key, codes in keys.items() if len(codes) == 1}

    def code(self, value: str) -> str | None:
        key = label_key(value)
        return self.codes.get(key) or self.codes.get(normalize_latin(value or ""))
