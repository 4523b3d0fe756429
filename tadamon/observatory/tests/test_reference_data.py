"""The official figures the observatory loaded are the ones published.

- The 2024 census: provinces add up to their region and regions to the nation
  (36,828,330), in the loaded figures and through the engine.
- HCP's regional accounts 2023: each region's GDP over the national 1479.76 bn MAD
  is its published share; Guelmim-Oued Noun, Laâyoune-Sakia El Hamra and
  Dakhla-Oued Ed-Dahab are published only together (10+11+12, 4.8 %), and no
  figure is invented for one of them alone.
- National GDP per year as national_accounts.csv gives it (2023 as the revised
  1479.76 bn its note gives, reference.py says why).
- The files in tadamon/observatory/data/ are the shared reference files they were
  copied from (the census file a filtered copy whose every row is the original's).
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from tadamon.observatory import engine
from tadamon.observatory.models import Indicator, ReferenceValue
from tadamon.observatory.reference import DATA_DIR, REGIONAL_ACCOUNTS_TOTAL_2023_BN
from tadamon.territory.models import Province, Region

NATIONAL_POPULATION_2024 = 36_828_330
NATIONAL_HOUSEHOLDS_2024 = 9_275_038
BILLION = 1e9
SOUTH = ("10", "11", "12")
SOUTH_GROUP = "10+11+12"
# The project's shared reference data; the observatory's data/ holds copies of some files.
SHARED = Path(os.environ.get("TADAMON_SHARED_REFERENCE", "/work/shared/data/reference"))


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def figures(code: str, year: int = 2024) -> dict[str, float]:
    return dict(
        ReferenceValue.objects.filter(code=code, year=year).values_list("territory_code", "value")
    )


def regions_and_provinces() -> dict[str, list[str]]:
    return {
        region: list(Province.objects.filter(region_id=region).values_list("code", flat=True))
        for region in Region.objects.values_list("code", flat=True)
    }


# ---------------------------------------------------------------- census population


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "national"),
    [
        ("population_legal", NATIONAL_POPULATION_2024),
        ("households_count", NATIONAL_HOUSEHOLDS_2024),
    ],
)
def test_census_provinces_add_up_to_their_region_and_regions_to_the_nation(code, national):
    loaded = figures(code)
    parts = regions_and_provinces()
    assert len(parts) == 12 and sum(len(p) for p in parts.values()) == 75
    for region, provinces in parts.items():
        assert sum(loaded[p] for p in provinces) == loaded[region], region
    assert loaded["MA"] == national
    assert sum(loaded[r] for r in parts) == national
    assert sum(loaded[p] for provinces in parts.values() for p in provinces) == national


@pytest.mark.django_db
def test_the_census_in_the_observatory_is_the_census_of_the_territories():
    loaded = figures("population_legal")
    for territory in (*Region.objects.all(), *Province.objects.all()):
        assert loaded[territory.code] == territory.population_2024, territory.code


@pytest.mark.django_db
def test_the_engines_population_adds_up_the_same_way():
    population = Indicator.objects.get(code="population")
    territories = engine.all_territories()
    values = {v.territory: v for v in engine.compute([population], territories, [2024])}
    assert len(values) == 1 + 12 + 75
    assert all(v.value is not None and v.note == "" for v in values.values())
    parts = regions_and_provinces()
    for region, provinces in parts.items():
        assert sum(values[p].value for p in provinces) == values[region].value, region
    assert values["MA"].value == NATIONAL_POPULATION_2024
    assert sum(values[r].value for r in parts) == NATIONAL_POPULATION_2024
    (south,) = engine.compute([population], [SOUTH_GROUP], [2024])
    assert south.value == sum(values[r].value for r in SOUTH)


# ---------------------------------------------------------------- regional accounts


def regional_shares() -> list[dict[str, str]]:
    return csv_rows(DATA_DIR / "regional_gdp_share.csv")


@pytest.mark.django_db
def test_each_regions_gdp_over_the_national_total_is_its_published_share():
    gdp = figures("gdp_mad", 2023)
    shares = figures("gdp_share_pct", 2023)
    rows = regional_shares()
    assert {row["region_code"] for row in rows} == {
        *(f"{r:02d}" for r in range(1, 10)),
        SOUTH_GROUP,
    }
    for row in rows:
        code, published = row["region_code"], float(row["gdp_share_pct"])
        assert row["year"] == "2023"
        assert shares[code] == published
        assert gdp[code] / (1479.76 * BILLION) * 100 == pytest.approx(published, abs=1e-9)
    assert sum(float(row["gdp_share_pct"]) for row in rows) == pytest.approx(100.0)
    # The regions' GDP adds up to the nation's 2023 GDP, the total the shares apply to.
    assert sum(gdp[row["region_code"]] for row in rows) == pytest.approx(gdp["MA"])
    assert gdp[SOUTH_GROUP] == pytest.approx(0.048 * 1479.76 * BILLION)


@pytest.mark.django_db
def test_no_figure_is_invented_for_a_southern_region_alone():
    invented = ReferenceValue.objects.filter(
        code__in=["gdp_mad", "gdp_share_pct"],
        territory_code__in=[*SOUTH, *engine.provinces_of(SOUTH_GROUP)],
    )
    assert not invented.exists()


@pytest.fixture
def gdp_indicator(db) -> Indicator:
    return Indicator.objects.create(
        code="gdp_check",
        name_ar="الناتج الداخلي الإجمالي",
        name_fr="PIB",
        definition_ar="للتحقق",
        definition_fr="Pour vérification",
        numerator="gdp",
        unit="mad",
    )


def test_the_engine_gives_the_group_and_says_why_a_southern_region_has_no_gdp(gdp_indicator):
    values = {
        v.territory: v
        for v in engine.compute([gdp_indicator], ["MA", "01", "06", *SOUTH, SOUTH_GROUP], [2023])
    }
    for region in SOUTH:
        assert values[region].value is None
        assert values[region].note == "published_for_group:10+11+12"
    assert values[SOUTH_GROUP].value == pytest.approx(0.048 * 1479.76 * BILLION)
    assert values["06"].value == pytest.approx(0.322 * 1479.76 * BILLION)
    assert values["01"].value == pytest.approx(0.106 * 1479.76 * BILLION)
    assert values["MA"].value == pytest.approx(1479.76 * BILLION)


def test_a_group_with_one_southern_region_has_no_gdp_either(gdp_indicator):
    (value,) = engine.compute([gdp_indicator], ["09+10"], [2023])
    assert value.value is None


# ---------------------------------------------------------------- national accounts


@pytest.mark.django_db
def test_national_gdp_per_year_is_the_national_accounts():
    loaded = dict(
        ReferenceValue.objects.filter(code="gdp_mad", territory_code="MA").values_list(
            "year", "value"
        )
    )
    rows = csv_rows(DATA_DIR / "national_accounts.csv")
    assert sorted(loaded) == [int(row["year"]) for row in rows] == [2021, 2022, 2023, 2024]
    for row in rows:
        year, published = int(row["year"]), float(row["gdp_current_bn_mad"])
        if year == 2023:
            # The revised figure of HCP's regional accounts, which the file's own note gives.
            assert "1479.76" in row["note"]
            assert loaded[year] == pytest.approx(1479.76 * BILLION)
        else:
            assert loaded[year] == pytest.approx(published * BILLION)
    assert REGIONAL_ACCOUNTS_TOTAL_2023_BN == 1479.76
    # HCP's +7.9 % for 2024 is measured from the revised 2023.
    assert loaded[2024] / loaded[2023] - 1 == pytest.approx(0.079, abs=0.0005)


# ---------------------------------------------------------------- copies of the shared files

needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason=f"the shared reference data is not at {SHARED}"
)
WHOLE_COPIES = [
    "census_indicators_2024_fields.csv",
    "national_accounts.csv",
    "regional_gdp_share.csv",
    "sse_facts.csv",
]
# The census rows with one breakdown the observatory keeps (data/SOURCES.md).
KEPT_BREAKDOWNS = {
    "population_legal",
    "population_municipal",
    "labour_unemployment_rate",
    "labour_activity_rate",
    "illiteracy_rate_10_plus",
}


@needs_shared
@pytest.mark.parametrize("name", WHOLE_COPIES)
def test_whole_copies_are_identical_to_the_shared_files(name):
    assert (DATA_DIR / name).read_bytes() == (SHARED / name).read_bytes()


def kept(indicator: str) -> bool:
    base, _sep, breakdown = indicator.partition("__")
    return not breakdown or (
        base in KEPT_BREAKDOWNS and breakdown in {"urban", "rural", "male", "female"}
    )


@needs_shared
def test_the_census_copy_keeps_rows_of_the_original_unchanged_and_in_order():
    original = (SHARED / "census_indicators_2024.csv").read_bytes().splitlines()
    copy = (DATA_DIR / "census_indicators_2024.csv").read_bytes().splitlines()
    assert copy[0] == original[0]
    # Every row of the copy is a row of the original, byte for byte, in the same order.
    rows = iter(original[1:])
    assert all(any(line == row for row in rows) for line in copy[1:])
    # And it is exactly the selection data/SOURCES.md describes.
    selected = [
        line
        for line, row in zip(
            original[1:], csv_rows(SHARED / "census_indicators_2024.csv"), strict=True
        )
        if kept(row["indicator"])
    ]
    assert copy[1:] == selected
    assert len(selected) == 18_380
