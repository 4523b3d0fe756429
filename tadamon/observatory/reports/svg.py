"""Small SVG charts for the reports: columns across years, lines, horizontal bars.

Why drawn here: WeasyPrint runs no JavaScript, so the dashboards' ECharts
cannot draw into a PDF; the charts a report needs are a few rectangles,
polylines and numbers, less code than a plotting library and its fonts
(matplotlib's output would still carry its own text, and shapes no Arabic).

SVG text carries numbers and years only, formatted by the caller (the report's
language decides digit grouping): WeasyPrint 70 lays SVG text out letter by
letter, so Arabic words inside an SVG come out unjoined and reversed; names
and captions are HTML around the drawings. With `rtl` the charts are mirrored
as the dashboards' are: time runs right to left, bars grow leftwards.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

PALETTE = ("#0f6b4f", "#f0b429", "#3b82c4", "#b5446e", "#6b7f74")
INK = "#1f2933"
MUTED = "#6b7f74"
GRID = "#d9e2dc"
HIGHLIGHT = "#f0b429"
FONT = "'Report Latin', sans-serif"  # numbers only: see bar_cells


def document(width: float, height: float, body: list[str], label: str) -> str:
    """An <svg> element; `label` is what a screen reader says for it."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}" height="{height:g}" '
        f'viewBox="0 0 {width:g} {height:g}" font-family="{FONT}" fill="{INK}" direction="ltr" '
        f'role="img" aria-label="{escape(label)}">' + "".join(body) + "</svg>"
    )


def _text(
    x: float, y: float, text: str, *, size: float = 8, anchor: str = "middle", **extra
) -> str:
    attributes = "".join(f' {k.replace("_", "-")}="{escape(str(v))}"' for k, v in extra.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" text-anchor="{anchor}"{attributes}>'
        f"{escape(text)}</text>"
    )


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values covering low…high (1, 2, 2.5 or 5 times a power of ten apart)."""
    if high <= low:
        high = low + (abs(low) or 1)
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


def columns(
    categories: Sequence[str],
    values: Sequence[float | None],
    value_labels: Sequence[str],
    *,
    label: str,
    rtl: bool = False,
    width: float = 170,
    height: float = 110,
    color: str = PALETTE[0],
) -> str:
    """One column per category (years), its value written above it; a missing value
    leaves an empty slot with an em dash."""
    top, bottom, side = 14, 16, 6
    plot_height = height - top - bottom
    slot = (width - 2 * side) / max(len(categories), 1)
    highest = max((v for v in values if v is not None and v > 0), default=1.0)
    body = [
        f'<line x1="{side}" y1="{height - bottom}" x2="{width - side}" y2="{height - bottom}" '
        f'stroke="{MUTED}" stroke-width="0.6"/>'
    ]
    for i, (category, value, text) in enumerate(zip(categories, values, value_labels, strict=True)):
        position = len(categories) - 1 - i if rtl else i
        centre = side + slot * (position + 0.5)
        body.append(_text(centre, height - 4, category, size=7.5, fill=MUTED))
        if value is None:
            body.append(_text(centre, height - bottom - 3, "—", size=8, fill=MUTED))
            continue
        bar = max(value, 0) / highest * plot_height
        body.append(
            f'<rect x="{centre - slot * 0.3:.1f}" y="{height - bottom - bar:.1f}" '
            f'width="{slot * 0.6:.1f}" height="{bar:.1f}" fill="{color}"/>'
        )
        body.append(_text(centre, height - bottom - bar - 3, text, size=7.5))
    return document(width, height, body, label)


@dataclass
class Series:
    name: str
    values: list[float | None]
    color: str = PALETTE[0]
    dashed: bool = False


def lines(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    label: str,
    tick_label: Callable[[float], str],
    rtl: bool = False,
    width: float = 250,
    height: float = 130,
) -> str:
    """Series across categories (years) on one value axis with round ticks; the
    legend is the caller's (HTML shapes and orders it better than SVG)."""
    present = [v for s in series for v in s.values if v is not None]
    if not present:
        return document(width, height, [_text(width / 2, height / 2, "—", size=10)], label)
    low = min(0.0, min(present))
    ticks = nice_ticks(low, max(present))
    low, high = ticks[0], ticks[-1]
    top, bottom, axis = 8, 16, 34
    plot_start = 8 if rtl else axis
    plot_end = width - (axis if rtl else 8)
    plot_height = height - top - bottom
    slot = (plot_end - plot_start) / max(len(categories), 1)

    def x_of(i: int) -> float:
        position = len(categories) - 1 - i if rtl else i
        return plot_start + slot * (position + 0.5)

    def y_of(v: float) -> float:
        return top + plot_height * (1 - (v - low) / ((high - low) or 1))

    body = []
    for tick in ticks:
        y = y_of(tick)
        body.append(
            f'<line x1="{plot_start:.1f}" y1="{y:.1f}" x2="{plot_end:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="0.6"/>'
        )
        x, anchor = (plot_end + 3, "start") if rtl else (plot_start - 3, "end")
        body.append(_text(x, y + 2.5, tick_label(tick), size=7, anchor=anchor, fill=MUTED))
    for i, category in enumerate(categories):
        body.append(_text(x_of(i), height - 4, category, size=7.5, fill=MUTED))
    for s in series:
        points = [(x_of(i), y_of(v)) for i, v in enumerate(s.values) if v is not None]
        dash = ' stroke-dasharray="4 3"' if s.dashed else ""
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            body.append(
                f'<polyline points="{path}" fill="none" stroke="{s.color}" '
                f'stroke-width="1.6"{dash}/>'
            )
        body.extend(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2" fill="{s.color}"/>' for x, y in points
        )
    return document(width, height, body, label)


@dataclass
class Bar:
    value: float | None
    value_label: str
    highlight: bool = False


def bar_cells(
    rows: Sequence[Bar],
    *,
    rtl: bool = False,
    width: float = 200,
    height: float = 12,
    reference: float | None = None,
) -> list[str]:
    """One small SVG per row of a horizontal bar chart, its value at the bar's end, for
    a table whose other cell holds the row's name: WeasyPrint draws SVG text letter
    by letter, which cannot shape Arabic, so names stay in HTML. `reference` draws
    the same dashed mark in every row, which reads as one line down the chart."""
    value_width = 34
    plot = width - value_width
    highest = max([r.value for r in rows if r.value is not None] + [reference or 0, 1e-9])

    def span(value: float) -> tuple[float, float]:
        length = max(value, 0) / highest * plot
        return (width - length, length) if rtl else (0.0, length)

    cells = []
    for row in rows:
        body = []
        x, length = span(row.value or 0)
        if row.value is not None and length > 0:
            color = HIGHLIGHT if row.highlight else PALETTE[0]
            body.append(
                f'<rect x="{x:.1f}" y="1.5" width="{length:.1f}" height="{height - 3:.1f}" '
                f'fill="{color}"/>'
            )
        value_x, anchor = (x - 2.5, "end") if rtl else (x + length + 2.5, "start")
        body.append(_text(value_x, height / 2 + 2.6, row.value_label, size=7.5, anchor=anchor))
        if reference is not None:
            at = span(reference)[0] if rtl else span(reference)[1]
            body.append(
                f'<line x1="{at:.1f}" y1="0" x2="{at:.1f}" y2="{height:g}" stroke="{INK}" '
                'stroke-width="0.8" stroke-dasharray="2 1.5"/>'
            )
        cells.append(document(width, height, body, row.value_label))
    return cells
