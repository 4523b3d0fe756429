"""Territory reports: a region's (or the nation's, or a province's) key figures, tables,
charts and map for a year, in Arabic or French, as PDF or HTML.

    document = reports.make("06", 2025, "ar", "pdf")
    document.content, document.filename, document.content_type

`figures` gathers the numbers, `svg` and `maps` draw, `render` writes the HTML
document, `pdf` turns it into a PDF offline. The command `tadamon report` and
the download view (tadamon.observatory.report_views) both call `make`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation

from tadamon.errors import DomainError
from tadamon.observatory.reports import figures, render

LANGUAGES = ("ar", "fr")
FORMATS = ("pdf", "html")
CONTENT_TYPES = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}


@dataclass
class Document:
    content: bytes
    filename: str
    content_type: str


def filename(code: str, year: int, language: str, fmt: str) -> str:
    """`tadamon-report-06-2025-ar.pdf`; a group's `+` becomes `-`."""
    return f"tadamon-report-{code.replace('+', '-')}-{year}-{language}.{fmt}"


def check_choice(language: str, fmt: str) -> None:
    if language not in LANGUAGES:
        raise DomainError(
            "report_language",
            f"لغة التقرير «{language}» غير متاحة: ar أو fr",
            f"Langue du rapport « {language} » non disponible : ar ou fr",
            "lang",
        )
    if fmt not in FORMATS:
        raise DomainError(
            "report_format",
            f"صيغة التقرير «{fmt}» غير متاحة: pdf أو html",
            f"Format du rapport « {fmt} » non disponible : pdf ou html",
            "format",
        )


def make(code: str, year: int, language: str, fmt: str) -> Document:
    """The report of a territory and year (DomainError for an unknown territory, a year
    without registry data, another language or format)."""
    check_choice(language, fmt)
    with translation.override(language):
        report = figures.gather(code, year, language)
        html = render.render_html(report, embed_fonts=fmt == "html")
    if fmt == "html":
        content = html.encode("utf-8")
    else:
        # Imported here: WeasyPrint loads Pango and its fonts (about half a second),
        # which only a PDF needs.
        from tadamon.observatory.reports.pdf import write_pdf

        content = write_pdf(html)
    return Document(content, filename(code, year, language, fmt), CONTENT_TYPES[fmt])
