"""The sector list (tadamon/registry/data/sectors.csv; basis in docs/sectors.md)."""

import csv
from pathlib import Path

SECTORS_CSV = Path(__file__).resolve().parent / "data" / "sectors.csv"


def load_sectors(sector_model) -> int:
    with SECTORS_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            sector_model.objects.update_or_create(
                code=row["code"],
                defaults={k: row[k] for k in ("label_ar", "label_fr", "label_en")},
            )
    return sector_model.objects.count()
