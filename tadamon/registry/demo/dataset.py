"""The demo registry as columns: what the generator makes and the loader writes.

Organizations are rows 0..n-1 in the order they will get their ids; every
other table points at them by row. Dates are numpy datetime64[D] (NaT when
absent), texts numpy StringDType ("" when absent), figures int64 with a mask
of the missing ones. Registry numbers are not here: they depend on the
counters already in the database, so the loader gives them out from
`registry_year` and `registry_rank`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

import numpy as np

from tadamon.registry.models import DECLARATION_FIGURES


@dataclass
class Organizations:
    external_id: np.ndarray
    legal_form: np.ndarray
    name_ar: np.ndarray
    name_fr: np.ndarray
    acronym: np.ndarray
    province_code: np.ndarray
    region_code: np.ndarray
    commune: np.ndarray
    address: np.ndarray
    founding_date: np.ndarray
    registration_date: np.ndarray
    sector: np.ndarray
    activity: np.ndarray
    status: np.ndarray
    public_utility: np.ndarray
    public_utility_date: np.ndarray
    ice: np.ndarray
    phone: np.ndarray
    email: np.ndarray
    website: np.ndarray
    women_only: np.ndarray  # a women's cooperative (its figures follow)
    left_on: np.ndarray  # when it stopped being active (suspended, dissolved, struck off)
    registry_year: np.ndarray  # 0 for a submitted file
    registry_rank: np.ndarray  # 1, 2, ... within (region, registry_year)

    def __len__(self) -> int:
        return len(self.legal_form)

    def take(self, rows: np.ndarray) -> Organizations:
        return Organizations(**{f.name: getattr(self, f.name)[rows] for f in fields(self)})

    def insert(self, positions: np.ndarray, other: Organizations) -> Organizations:
        """`other`'s rows inserted before the rows at `positions` (sorted), as numpy.insert does."""
        return Organizations(
            **{
                f.name: np.insert(getattr(self, f.name), positions, getattr(other, f.name))
                for f in fields(self)
            }
        )


def registration_order_key(registration_date: np.ndarray) -> np.ndarray:
    """Organizations come in the order of their registration; files not yet registered last."""
    return np.where(np.isnat(registration_date), np.datetime64("9999-12-31"), registration_date)


@dataclass
class StatusChanges:
    organization: np.ndarray
    from_status: np.ndarray
    to_status: np.ndarray
    effective_on: np.ndarray
    reason: np.ndarray

    def __len__(self) -> int:
        return len(self.organization)


@dataclass
class Memberships:
    member: np.ndarray
    union: np.ndarray
    started_on: np.ndarray
    ended_on: np.ndarray

    def __len__(self) -> int:
        return len(self.member)


@dataclass
class Declarations:
    organization: np.ndarray
    year: np.ndarray
    values: dict[str, np.ndarray]  # figure -> int64 (whole dirhams for money)
    missing: dict[str, np.ndarray]  # figure -> bool

    def __len__(self) -> int:
        return len(self.organization)

    def figures(self, row: int) -> dict[str, int | None]:
        return {
            name: None if self.missing[name][row] else int(self.values[name][row])
            for name in DECLARATION_FIGURES
        }


@dataclass
class Duplicates:
    duplicate: np.ndarray
    original: np.ndarray
    kinds: list[str]

    def __len__(self) -> int:
        return len(self.duplicate)


@dataclass
class DemoDataset:
    seed: int
    as_of: dt.date
    years: list[int]
    organizations: Organizations
    status_changes: StatusChanges
    memberships: Memberships
    declarations: Declarations
    duplicates: Duplicates

    def summary(self) -> dict[str, int]:
        return {
            "organizations": len(self.organizations),
            "declarations": len(self.declarations),
            "status_changes": len(self.status_changes),
            "memberships": len(self.memberships),
            "duplicates": len(self.duplicates),
        }
