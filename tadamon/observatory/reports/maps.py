"""A choropleth of a territory's parts as SVG, from the boundaries the pages use.

Drawn here for the same reason as the charts (WeasyPrint runs no JavaScript).
The projection is equirectangular, longitudes shrunk by the cosine of the
middle latitude: over one region or the whole country (21°–36° N) that keeps
shapes recognisable, and it needs no projection library. Points closer than
half a unit to the last one kept are dropped, which keeps the whole country
under a few thousand points per map.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from tadamon.observatory.reports import svg
from tadamon.observatory.reports.svg import HIGHLIGHT

BOUNDARIES = Path(__file__).resolve().parents[2] / "territory" / "static" / "territory"
# Five classes from the dashboards' map colours (light to the observatory's green).
CLASS_COLORS = ("#e3f0e8", "#b4d8c3", "#7fbf9f", "#3f9371", "#0f6b4f")
NO_VALUE = "#f3f4f4"
MIN_STEP = 0.5


@functools.cache
def _features(level: str) -> dict[str, dict]:
    """Code → GeoJSON feature of every region (level "region") or province."""
    name = "regions.geojson" if level == "region" else "provinces.geojson"
    with (BOUNDARIES / name).open(encoding="utf-8") as handle:
        collection = json.load(handle)
    return {f["properties"]["code"]: f for f in collection["features"]}


def _rings(feature: dict) -> list[list[list[float]]]:
    geometry = feature["geometry"]
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    return [ring for polygon in polygons for ring in polygon]


@dataclass
class LegendClass:
    color: str
    low: float
    high: float


@dataclass
class Map:
    svg: str
    legend: list[LegendClass]
    has_missing: bool


def classes(values: Sequence[float]) -> list[LegendClass]:
    """Equal intervals between the lowest and the highest value (at most five): read
    off a printed page more easily than a continuous ramp."""
    if not values:
        return []
    low, high = min(values), max(values)
    if math.isclose(low, high):
        return [LegendClass(CLASS_COLORS[2], low, high)]
    step = (high - low) / len(CLASS_COLORS)
    return [
        LegendClass(
            color, low + step * i, high if i == len(CLASS_COLORS) - 1 else low + step * (i + 1)
        )
        for i, color in enumerate(CLASS_COLORS)
    ]


def _color(value: float | None, legend: list[LegendClass]) -> str:
    if value is None or not legend:
        return NO_VALUE
    for item in legend:
        if value <= item.high + 1e-12:
            return item.color
    return legend[-1].color


def choropleth(
    level: str,
    values: dict[str, float | None],
    *,
    label: str,
    highlight: str = "",
    width: float = 320,
    max_height: float = 300,
    title_of: Callable[[str], str] | None = None,
) -> Map:
    """The territories `values` names (regions or provinces), each filled by its class;
    `highlight` outlines one of them (the province a report is about)."""
    features = _features(level)
    chosen = [features[code] for code in values if code in features]
    rings_by_code = {f["properties"]["code"]: _rings(f) for f in chosen}
    points = [p for rings in rings_by_code.values() for ring in rings for p in ring]
    if not points:
        return Map("", [], bool(values))
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    shrink = math.cos(math.radians((south + north) / 2))
    span_x = (east - west) * shrink or 1e-6
    span_y = (north - south) or 1e-6
    margin = 4
    scale = min((width - 2 * margin) / span_x, (max_height - 2 * margin) / span_y)
    height = span_y * scale + 2 * margin
    offset_x = (width - span_x * scale) / 2

    def project(lon: float, lat: float) -> tuple[float, float]:
        return offset_x + (lon - west) * shrink * scale, margin + (north - lat) * scale

    legend = classes([v for v in values.values() if v is not None])
    body = []
    # The highlighted territory last, so its outline is not covered by a neighbour's.
    order = sorted(rings_by_code, key=lambda code: code == highlight)
    for code in order:
        path = " ".join(_ring_path(ring, project) for ring in rings_by_code[code])
        outline = (
            f'stroke="{HIGHLIGHT}" stroke-width="2.2"'
            if code == highlight
            else 'stroke="#ffffff" stroke-width="0.7"'
        )
        title = f"<title>{escape(title_of(code))}</title>" if title_of else ""
        body.append(
            f'<path d="{path}" fill="{_color(values.get(code), legend)}" {outline} '
            f'stroke-linejoin="round" data-code="{code}">{title}</path>'
        )
    drawn = svg.document(width, round(height), body, label)
    return Map(drawn, legend, any(v is None for v in values.values()))


def _ring_path(ring: list[list[float]], project) -> str:
    kept: list[tuple[float, float]] = []
    for lon, lat in ring:
        x, y = project(lon, lat)
        if kept and abs(x - kept[-1][0]) < MIN_STEP and abs(y - kept[-1][1]) < MIN_STEP:
            continue
        kept.append((x, y))
    if len(kept) < 3:
        return ""
    return "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in kept) + " Z"
