"""A report's figures as an HTML document: numbers written in the report's language,
charts and map drawn, fonts named for WeasyPrint or embedded for a browser.

The template only lays out: every number arrives here formatted, each one a
left-to-right span inside the page so that an Arabic line keeps `12,345` and
`10+11+12` readable, with its unit (درهم, MAD) outside the span, where the
line's own direction places it.
"""

from __future__ import annotations

import base64
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from tadamon.observatory.models import Indicator, Unit
from tadamon.observatory.notes import explain
from tadamon.observatory.reports import maps, svg
from tadamon.observatory.reports.figures import COMPARED, Report
from tadamon.observatory.templatetags.observatory_format import format_number

# Amiri (OFL 1.1, @fontsource/amiri 5.3.0, fonts/OFL.txt), not the Noto Naskh Arabic the
# pages use: Noto Naskh draws ب ت ث ن ي ق ف in initial and medial forms as one shared
# dotless body plus dot marks, and a PDF maps each glyph to one character, so the
# text of a Noto Naskh PDF read back (copy, search, screen readers, pdftotext) came
# out wrong: "تقرير" as "ت ت ر ير", 3 words in 17 right. Amiri's glyphs are whole
# letters: 16 in 17 (the last only split at a lam-alef ligature). Measured with
# WeasyPrint 70 and pdftotext on the same sentence.
FONT_DIR = Path(__file__).resolve().parent / "fonts"
# Two families, not one split by unicode-range as fonts.css does for browsers:
# WeasyPrint 70 mixed up the glyphs of same-family faces split by unicode-range
# (Arabic came out as Latin letters), and named families render correctly.
FONT_FILES = {
    ("Report Arabic", 400): "amiri-arabic-400-normal.woff2",
    ("Report Arabic", 700): "amiri-arabic-700-normal.woff2",
    ("Report Latin", 400): "amiri-latin-400-normal.woff2",
    ("Report Latin", 700): "amiri-latin-700-normal.woff2",
}


# The Arabic subset also holds "(" but not ")": used for Arabic text, an opening
# parenthesis came out unmirrored, ")…(". Limited to the Arabic blocks, it leaves
# punctuation and digits to the Latin file, which holds both parentheses.
ARABIC_RANGE = "U+0600-06FF, U+0750-077F, U+0870-08FF, U+FB50-FDFF, U+FE70-FEFF"


@dataclass
class FontFace:
    family: str
    weight: int
    url: str
    unicode_range: str = ""


@functools.cache
def _embedded(filename: str) -> str:
    data = base64.b64encode((FONT_DIR / filename).read_bytes()).decode("ascii")
    return f"data:font/woff2;base64,{data}"


def font_faces(embed: bool) -> list[FontFace]:
    """file:// URLs for WeasyPrint (its fetcher reads them from disk), or the fonts
    inlined as data: URLs so that a downloaded HTML report shows Arabic offline."""
    return [
        FontFace(
            family,
            weight,
            _embedded(name) if embed else (FONT_DIR / name).as_uri(),
            ARABIC_RANGE if family == "Report Arabic" else "",
        )
        for (family, weight), name in FONT_FILES.items()
    ]


NO_VALUE = mark_safe('<span class="num none">—</span>')


def unit_text(indicator: Indicator) -> str:
    if indicator.unit == Unit.PERCENT:
        return "%"
    if indicator.unit == Unit.MAD:
        return _("MAD")
    return ""


def amount(
    value: float | None, indicator: Indicator, *, with_unit: bool = True, exact: bool = False
) -> SafeString:
    """`<span dir="ltr">12.4 %</span>`, `<span dir="ltr">3,120</span> درهم`, or a dash;
    `exact` writes a stated figure (a target of 8 %) without the indicator's decimals."""
    if value is None:
        return NO_VALUE
    decimals = 0 if exact and float(value).is_integer() else indicator.decimals
    text = format_number(value, decimals)
    unit = unit_text(indicator) if with_unit else ""
    if unit == "%":
        return format_html('<span class="num" dir="ltr">{}\u00a0%</span>', text)
    if unit:
        return format_html('<span class="num" dir="ltr">{}</span>\u00a0{}', text, unit)
    return format_html('<span class="num" dir="ltr">{}</span>', text)


def percent(value: float | None, decimals: int = 1) -> SafeString:
    if value is None:
        return NO_VALUE
    return format_html(
        '<span class="num" dir="ltr">{}\u00a0%</span>', format_number(value, decimals)
    )


def plain(indicator: Indicator) -> Callable[[float | None], str]:
    """Numbers for chart labels: the indicator's decimals, no unit (the caption has it)."""

    def text(value: float | None) -> str:
        return "—" if value is None else format_number(value, indicator.decimals)

    return text


def _trend_charts(report: Report, rtl: bool) -> list[dict]:
    years = [str(y) for y in report.years]
    charts = []
    for code, color in zip(("organizations_active", "members", "jobs"), svg.PALETTE, strict=False):
        indicator = report.indicators[code]
        values = [v.value for v in report.trends[code]]
        charts.append(
            {
                "indicator": indicator,
                "svg": svg.columns(
                    years,
                    values,
                    [plain(indicator)(v) for v in values],
                    label=indicator.name,
                    rtl=rtl,
                    color=color,
                ),
            }
        )
    return charts


def _shares_chart(report: Report, rtl: bool) -> dict:
    women = report.indicators["members_women_share"]
    youth = report.indicators["members_youth_share"]
    series = [
        svg.Series(women.name, [v.value for v in report.trends[women.code]], svg.PALETTE[3]),
        svg.Series(youth.name, [v.value for v in report.trends[youth.code]], svg.PALETTE[2]),
    ]
    legend = [
        {"name": f"{women.name} — {report.place.name}", "color": svg.PALETTE[3], "dashed": False},
        {"name": f"{youth.name} — {report.place.name}", "color": svg.PALETTE[2], "dashed": False},
    ]
    if report.place.code != "MA":
        series += [
            svg.Series(
                "", [v.value for v in report.nation_trends[women.code]], svg.PALETTE[3], True
            ),
            svg.Series(
                "", [v.value for v in report.nation_trends[youth.code]], svg.PALETTE[2], True
            ),
        ]
        legend += [
            {"name": f"{women.name} — {_('Morocco')}", "color": svg.PALETTE[3], "dashed": True},
            {"name": f"{youth.name} — {_('Morocco')}", "color": svg.PALETTE[2], "dashed": True},
        ]
    # Built here, not in the template: {% translate %} looks a "%" up as "%%", and this
    # msgid (shared with the dashboards) has a single one.
    title = _("Women's and youth shares (%)")
    return {
        "title": title,
        "svg": svg.lines(
            [str(y) for y in report.years],
            series,
            label=title,
            tick_label=lambda v: format_number(v, 0),
            rtl=rtl,
            width=300,
            height=140,
        ),
        "legend": legend,
    }


def _comparison(report: Report, rtl: bool) -> dict | None:
    if not report.part_rows:
        return None
    compared = report.indicators[COMPARED]
    position = [c.code for c in report.part_columns].index(COMPARED)
    rows = sorted(
        report.part_rows,
        key=lambda r: -(r.cells[position].value if r.cells[position].value is not None else -1),
    )
    label = plain(compared)
    total = report.compared_total.value if report.compared_total else None
    cells = svg.bar_cells(
        [
            svg.Bar(r.cells[position].value, label(r.cells[position].value), r.highlight)
            for r in rows
        ],
        rtl=rtl,
        width=200,
        reference=total,
    )
    bar_rows = [{"row": r, "svg": cell} for r, cell in zip(rows, cells, strict=True)]
    names = {r.place.code: r.place.name for r in report.part_rows}
    highlight = next((r.place.code for r in report.part_rows if r.highlight), "")
    drawn = maps.choropleth(
        report.parts_level,
        {r.place.code: r.cells[position].value for r in report.part_rows},
        label=compared.name,
        highlight=highlight,
        width=210,
        max_height=250,
        title_of=names.get,
    )
    return {
        "indicator": compared,
        "bars": bar_rows,
        "map": drawn,
        "legend": [
            {"color": c.color, "low": label(c.low), "high": label(c.high)} for c in drawn.legend
        ],
        "total": amount(total, compared),
        "whole": report.whole_name,
    }


def context(report: Report, *, embed_fonts: bool) -> dict:
    rtl = report.language == "ar"
    key_figures = [
        {
            "figure": f,
            "value": amount(f.value.value, f.indicator),
            "nation": amount(f.nation.value, f.indicator) if f.nation else None,
            "group": amount(f.group.value, f.indicator) if f.group else None,
            "earlier": f.shown_year != report.year,
        }
        for f in report.key_figures
    ]
    part_rows = [
        {
            "row": r,
            "cells": [
                amount(v.value, c, with_unit=False)
                for v, c in zip(r.cells, report.part_columns, strict=True)
            ],
        }
        for r in report.part_rows
    ]
    forms = [
        {
            "row": f,
            "count": amount(f.count, report.indicators["organizations_active"]),
            "share": percent(f.share),
            "nation_share": percent(f.nation_share),
        }
        for f in report.legal_forms
    ]
    targets = [
        {
            "status": s,
            "target": amount(s.target.target_value, s.target.indicator, exact=True),
            "latest": amount(s.latest[1], s.target.indicator) if s.latest else None,
            "reason": explain(s.reason) if s.reason else "",
        }
        for s in report.targets
    ]
    return {
        "report": report,
        "place": report.place,
        "year": report.year,
        "lang": report.language,
        "dir": "rtl" if rtl else "ltr",
        "fonts": font_faces(embed_fonts),
        "key_figures": key_figures,
        "part_rows": part_rows,
        "comparison": _comparison(report, rtl),
        "forms": forms,
        "trend_charts": _trend_charts(report, rtl),
        "shares_chart": _shares_chart(report, rtl),
        "targets": targets,
        "generated_at": report.generated_at.strftime("%Y-%m-%d %H:%M"),
    }


def render_html(report: Report, *, embed_fonts: bool) -> str:
    """The report as one HTML document (call inside the report's language)."""
    return render_to_string(
        "observatory/report/report.html", context(report, embed_fonts=embed_fonts)
    )
