"""What an import reports: problems of one cell or row, and problems of the whole file.

Every problem carries the row as the spreadsheet user sees it (the header is
row 1), the column, the value and the reason in Arabic and French, so the
console, the page and the rejected-rows CSV all say the same thing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from tadamon.errors import DomainError

ERROR, WARNING = "error", "warning"


@dataclass
class ImportProblem:
    row: int | None  # None: the whole file
    column: str
    value: str
    code: str
    message_ar: str
    message_fr: str
    severity: str = ERROR

    @classmethod
    def from_error(cls, row: int | None, column: str, value, error: DomainError, **kw):
        return cls(row, column, _shown(value), error.code, error.message_ar, error.message_fr, **kw)

    def message(self, language: str) -> str:
        return self.message_fr if language.startswith(("fr", "en")) else self.message_ar

    def as_dict(self) -> dict:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "code": self.code,
            "message_ar": self.message_ar,
            "message_fr": self.message_fr,
            "severity": self.severity,
        }


def flag_repeats(groups: Iterable[list], problem: Callable[[object, str], ImportProblem]) -> None:
    """Every row of a group of two or more (the same key in one file) gets a problem;
    `problem(row, numbers)` words it, `numbers` being the group's row numbers."""
    for same in groups:
        if len(same) < 2:
            continue
        numbers = ", ".join(str(r.number) for r in same)
        for row in same:
            row.problems.append(problem(row, numbers))


def _shown(value) -> str:
    """The value as reported: a long one is cut (a 10 MB cell is not repeated in the report)."""
    text = "" if value is None else str(value)
    return text if len(text) <= 80 else text[:77] + "…"


class FileRejected(DomainError):
    """The file as a whole cannot be read (encoding, format, header): nothing is imported."""

    def __init__(self, code: str, message_ar: str, message_fr: str, row: int | None = None):
        super().__init__(code, message_ar, message_fr)
        self.row = row

    def as_problem(self) -> ImportProblem:
        return ImportProblem(self.row, "", "", self.code, self.message_ar, self.message_fr)
