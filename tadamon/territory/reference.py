"""Loads the regions and provinces shipped in tadamon/territory/data/.

Idempotent: a second load updates names and figures in place and adds nothing.
Used by the territory data migration, so every database (and every test
database) starts with the 12 regions and 75 provinces and prefectures.
"""

from __future__ import annotations

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_rows(filename: str) -> list[dict[str, str]]:
    with (DATA_DIR / filename).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_territories(region_model, province_model) -> tuple[int, int]:
    """Create or update every region and province; returns their counts."""
    for row in read_rows("regions.csv"):
        region_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_ar": row["name_ar"],
                "name_fr": row["name_fr"],
                "population_2024": int(row["population_2024"]),
                "households_2024": int(row["households_2024"]),
            },
        )
    for row in read_rows("provinces.csv"):
        province_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "region_id": row["region_code"],
                "name_ar": row["name_ar"],
                "name_fr": row["name_fr"],
                "population_2024": int(row["population_2024"]),
                "households_2024": int(row["households_2024"]),
            },
        )
    return region_model.objects.count(), province_model.objects.count()
