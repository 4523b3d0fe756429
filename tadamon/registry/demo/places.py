"""The territory the demo registry is spread over: provinces, their census figures, communes.

Read from the project's own copies of HCP's RGPH 2024 files
(tadamon/territory/data/: provinces, regions, communes; see
/work/shared/data/reference/SOURCES.md for their origin) and from
data/province_basis.csv next to this module, which holds two census
indicators per province taken from the same source (rural population, and
non-profit establishments working in premises of their own).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from tadamon.territory.reference import read_rows

BASIS_CSV = Path(__file__).resolve().parent / "data" / "province_basis.csv"


@dataclass(frozen=True)
class Geography:
    province_codes: list[str]
    province_region: list[str]
    province_name_ar: list[str]
    province_name_fr: list[str]
    population: np.ndarray
    rural_share: np.ndarray
    non_profit_per_capita: np.ndarray
    region_codes: list[str]
    region_name_ar: dict[str, str]
    region_name_fr: dict[str, str]
    commune_province: np.ndarray  # province index of each commune, communes sorted by it
    commune_name_ar: list[str]
    commune_name_fr: list[str]
    commune_population: np.ndarray
    commune_start: np.ndarray  # first commune of each province
    commune_stop: np.ndarray

    @property
    def province_count(self) -> int:
        return len(self.province_codes)

    def province_index(self, code: str) -> int:
        return self.province_codes.index(code)

    def region_index_of_provinces(self) -> np.ndarray:
        return np.array([self.region_codes.index(r) for r in self.province_region])

    def sample_communes(
        self, rng: np.random.Generator, province: np.ndarray, exponent: float = 1.0
    ) -> np.ndarray:
        """One commune per organization, inside its province, weighted by population**exponent.

        An exponent below one favours small (rural) communes: cooperatives are
        named after villages more than after the big cities.
        """
        weight = self.commune_population.astype(float) ** exponent
        cumulative = np.cumsum(weight)
        before = np.concatenate(([0.0], cumulative))[self.commune_start]
        total = cumulative[self.commune_stop - 1] - before
        target = before[province] + rng.random(len(province)) * total[province]
        chosen = np.searchsorted(cumulative, target, side="right")
        return np.clip(chosen, self.commune_start[province], self.commune_stop[province] - 1)


@lru_cache(maxsize=1)
def load_geography() -> Geography:
    provinces = read_rows("provinces.csv")
    regions = read_rows("regions.csv")
    communes = read_rows("communes.csv")
    with BASIS_CSV.open(encoding="utf-8", newline="") as handle:
        basis = {row["province_code"]: row for row in csv.DictReader(handle)}
    codes = [p["code"] for p in provinces]
    population = np.array([int(p["population_2024"]) for p in provinces], dtype=np.int64)
    rural = np.array([int(basis[c]["population_rural_2024"]) for c in codes], dtype=float)
    non_profit = np.array(
        [int(basis[c]["establishments_non_profit_2024"]) for c in codes], dtype=float
    )
    position = {code: i for i, code in enumerate(codes)}
    communes.sort(key=lambda c: (position[c["province_code"]], c["code"]))
    commune_province = np.array([position[c["province_code"]] for c in communes])
    counts = np.bincount(commune_province, minlength=len(codes))
    stop = np.cumsum(counts)
    return Geography(
        province_codes=codes,
        province_region=[p["region_code"] for p in provinces],
        province_name_ar=[p["name_ar"] for p in provinces],
        province_name_fr=[p["name_fr"] for p in provinces],
        population=population,
        rural_share=rural / population,
        non_profit_per_capita=non_profit / population,
        region_codes=[r["code"] for r in regions],
        region_name_ar={r["code"]: r["name_ar"] for r in regions},
        region_name_fr={r["code"]: r["name_fr"] for r in regions},
        commune_province=commune_province,
        commune_name_ar=[c["name_ar"] for c in communes],
        commune_name_fr=[c["name_fr"] for c in communes],
        commune_population=np.array([int(c["population_2024"]) for c in communes]),
        commune_start=stop - counts,
        commune_stop=stop,
    )
