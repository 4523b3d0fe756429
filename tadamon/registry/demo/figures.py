"""Yearly declarations of the demo organizations: plausible, correlated, incomplete.

Each organization gets its own base figures (members, women's and youth
shares, jobs, revenue per member, subsidies) from its legal form and sector,
and a growth path (a random walk with its own drift), so that one body's
years are related and not drawn independently. Not every year is declared:
some organizations are dormant, the others file most years, and the last
year is still coming in. Every figure keeps the rules of
tadamon.registry.rules.declaration_errors (no negative count, no part above
its whole); `declaration_rule_violations` checks all rows at once.

Basis (docs/demo-data.md): ODCO counts 788,969 members for 65,315
cooperatives (about 12 each) of whom 34% are women; argan cooperatives are
almost all women's; the revenue scale is an assumption.
"""

from __future__ import annotations

import numpy as np

from tadamon.registry.demo.dataset import Declarations, Duplicates, Memberships, Organizations
from tadamon.registry.demo.names import categories
from tadamon.registry.models import DECLARATION_FIGURES

# Median members of a cooperative by sector (others: 8); at least five (law 112-12).
# ODCO: 788,969 members in 65,315 cooperatives, about 12 on average.
COOPERATIVE_MEMBERS = {
    "housing": 30, "livestock": 14, "argan": 15, "fishing": 16, "agriculture": 10,
    "handicraft": 8, "transport": 7,
}  # fmt: skip
# (median members, lognormal sigma, minimum) of the other legal forms.
MEMBERS = {
    "association": (25, 0.8, 3), "amicale": (120, 0.9, 10), "foundation": (9, 0.4, 3),
    "social_enterprise": (4, 0.5, 1), "mutual": (15000, 1.2, 500),
    "cooperative_union": (6, 0.5, 2), "federation": (10, 0.6, 3),
}  # fmt: skip
WOMEN_SHARE = {
    "argan": 0.92, "handicraft": 0.65, "aromatic_plants": 0.45, "food_processing": 0.55,
    "education": 0.6, "social_action": 0.55, "health": 0.5, "agriculture": 0.15,
    "livestock": 0.12, "beekeeping": 0.15, "fishing": 0.03, "transport": 0.05,
    "housing": 0.25, "culture_sport": 0.3, "mining": 0.05,
}  # fmt: skip
YOUTH_SHARE = {
    "cooperative": 0.08, "association": 0.35, "amicale": 0.15, "mutual": 0.15,
    "foundation": 0.2, "social_enterprise": 0.45,
}  # fmt: skip
# Revenue per member of a cooperative, MAD a year (an assumption; others: 12,000).
REVENUE_PER_MEMBER = {
    "agriculture": 20_000, "livestock": 35_000, "beekeeping": 8_000, "argan": 15_000,
    "aromatic_plants": 12_000, "food_processing": 15_000, "fishing": 50_000,
    "handicraft": 7_000, "housing": 15_000, "transport": 40_000, "trade": 20_000,
    "education": 5_000, "local_development": 6_000,
}  # fmt: skip
# (median revenue MAD, sigma) of the forms whose revenue does not follow members.
REVENUE = {
    "association": (25_000, 1.4), "amicale": (60_000, 1.0), "foundation": (1_500_000, 1.2),
    "social_enterprise": (400_000, 1.0), "cooperative_union": (600_000, 1.0),
    "federation": (150_000, 1.0),
}  # fmt: skip
# (share receiving subsidies, median amount MAD).
SUBSIDIES = {
    "cooperative": (0.25, 40_000), "cooperative_union": (0.4, 150_000),
    "association": (0.45, 20_000), "foundation": (0.5, 200_000),
    "social_enterprise": (0.2, 80_000), "amicale": (0.1, 10_000), "federation": (0.5, 60_000),
}  # fmt: skip
SEASONAL_SECTORS = ("agriculture", "argan", "aromatic_plants", "livestock", "food_processing",
                    "fishing", "forestry")  # fmt: skip


def _by(keys: tuple[np.ndarray, list[str]], table: dict, default) -> np.ndarray:
    codes, labels = keys
    return np.array([table.get(label, default) for label in labels], dtype=float)[codes]


def _lognormal(rng, median: np.ndarray, sigma) -> np.ndarray:
    return median * np.exp(rng.normal(0.0, 1.0, len(median)) * sigma)


def _beta(rng, mean: np.ndarray, concentration: float = 6.0) -> np.ndarray:
    mean = np.clip(mean, 0.02, 0.98)
    return rng.beta(mean * concentration, (1 - mean) * concentration)


def _base(rng, orgs: Organizations, memberships: Memberships) -> dict[str, np.ndarray]:
    """Per organization: the figures of its first declared year and its shares."""
    n, form, sector = len(orgs), orgs.legal_form, categories(orgs.sector)
    coop = form == "cooperative"
    median = np.where(coop, _by(sector, COOPERATIVE_MEMBERS, 8), 0.0)
    sigma = np.full(n, 0.6)
    minimum = np.where(coop, 5, 1)
    for name, (med, sig, low) in MEMBERS.items():
        rows = form == name
        median[rows], sigma[rows], minimum[rows] = med, sig, low
    members = np.maximum(np.round(_lognormal(rng, median, sigma)), minimum)
    open_links = np.isnat(memberships.ended_on)
    counted = np.bincount(memberships.union[open_links], minlength=n)
    networks = np.isin(form, ("cooperative_union", "federation")) & (counted > 0)
    members = np.where(networks, counted, members)
    women = np.where(coop, _by(sector, WOMEN_SHARE, 0.3), _by(sector, WOMEN_SHARE, 0.4))
    women = _beta(rng, women)
    women = np.where(orgs.women_only, 1.0, women)
    youth = _beta(rng, _by(categories(form), YOUTH_SHARE, 0.1), 4.0)
    permanent = np.where(
        rng.random(n) < np.where(coop, 0.45, 0.7), 0.0, _lognormal(rng, np.full(n, 2.0), 0.8)
    )
    permanent = np.where(form == "mutual", _lognormal(rng, np.full(n, 60.0), 1.0), permanent)
    permanent = np.where(
        form == "social_enterprise", _lognormal(rng, np.full(n, 5.0), 0.7), permanent
    )
    seasonal_share = _by(sector, dict.fromkeys(SEASONAL_SECTORS, 0.5), 0.15)
    seasonal = np.where(rng.random(n) < seasonal_share, _lognormal(rng, np.full(n, 5.0), 0.8), 0.0)
    revenue = np.where(
        coop | (form == "mutual"),
        members * np.where(coop, _by(sector, REVENUE_PER_MEMBER, 12_000), 1_500.0),
        0.0,
    )
    revenue = _lognormal(rng, revenue, np.where(coop, 0.9, 0.3))
    for name, (med, sig) in REVENUE.items():
        rows = form == name
        revenue[rows] = _lognormal(rng, np.full(rows.sum(), float(med)), sig)
    inactive = rng.random(n) < np.where(coop, 0.15, 0.08)
    revenue[inactive] = 0.0
    subsidised = np.zeros(n, dtype=bool)
    subsidy = np.zeros(n)
    for name, (share, med) in SUBSIDIES.items():
        rows = np.flatnonzero(form == name)
        subsidised[rows] = rng.random(len(rows)) < share
        subsidy[rows] = _lognormal(rng, np.full(len(rows), float(med)), 1.0)
    serves = ~np.isin(form, ("cooperative", "cooperative_union"))
    beneficiaries = np.where(form == "mutual", members * 3, _lognormal(rng, np.full(n, 150.0), 1.2))
    beneficiaries = np.where(form == "amicale", members * 2, beneficiaries)
    return {
        "members": members, "women": women, "youth": youth, "permanent": permanent,
        "seasonal": seasonal, "revenue": revenue, "subsidised": subsidised, "subsidy": subsidy,
        "serves": serves, "beneficiaries": beneficiaries,
        "beneficiary_women": _beta(rng, _by(sector, {"social_action": 0.6}, 0.5)),
        "employee_women": np.clip(0.5 * women + 0.25, 0.0, 1.0),
        "dormant": rng.random(n) < 0.15,
    }  # fmt: skip


def _filed(rng, orgs: Organizations, duplicates: Duplicates, years: np.ndarray) -> np.ndarray:
    """Which (organization, year) cells hold a declaration."""
    n = len(orgs)
    founded = orgs.founding_date.astype("datetime64[Y]").astype(np.int64) + 1970
    registered = np.where(
        np.isnat(orgs.registration_date),
        9999,
        orgs.registration_date.astype("datetime64[Y]").astype(np.int64) + 1970,
    )
    left = np.where(
        np.isnat(orgs.left_on), 9999, orgs.left_on.astype("datetime64[Y]").astype(np.int64) + 1970
    )
    start = np.maximum(founded, registered)[:, None]
    eligible = (years[None, :] >= start) & (years[None, :] < left[:, None])
    propensity = rng.beta(8.0, 1.6, n)
    propensity = np.where(orgs.status == "suspended", propensity * 0.5, propensity)
    is_duplicate = np.zeros(n, dtype=bool)
    is_duplicate[duplicates.duplicate] = True
    propensity = np.where(is_duplicate, propensity * 0.3, propensity)
    lateness = np.ones(len(years))
    lateness[-1:] = 0.85  # last year's declarations are still coming in
    draw = rng.random((n, len(years)))
    return eligible & (draw < propensity[:, None] * lateness[None, :])


def generate_declarations(
    rng: np.random.Generator,
    orgs: Organizations,
    memberships: Memberships,
    duplicates: Duplicates,
    years: list[int],
) -> Declarations:
    year_array = np.array(years, dtype=np.int64)
    base = _base(rng, orgs, memberships)
    filed = _filed(rng, orgs, duplicates, year_array)
    dormant = base["dormant"][:, None]
    filed &= ~dormant | (rng.random(filed.shape) < 0.1)
    n, span = filed.shape
    drift = rng.normal(0.03, 0.05, n)[:, None]
    walk = np.cumsum(drift + rng.normal(0.0, 0.08, (n, span)), axis=1)
    org, column = np.nonzero(filed)
    growth = walk[org, column]
    return _figures(rng, base, org, year_array[column], growth)


def _figures(rng, base, org, year, growth) -> Declarations:
    m = len(org)
    members = np.maximum(np.round(base["members"][org] * np.exp(0.5 * growth)), 1).astype(np.int64)
    women = np.minimum(np.round(members * base["women"][org]), members).astype(np.int64)
    youth = np.minimum(np.round(members * base["youth"][org]), members).astype(np.int64)
    permanent = np.round(base["permanent"][org] * np.exp(growth)).astype(np.int64)
    seasonal = np.round(base["seasonal"][org] * np.exp(growth + rng.normal(0, 0.2, m))).astype(
        np.int64
    )
    revenue = np.round(base["revenue"][org] * np.exp(growth + rng.normal(0, 0.15, m))).astype(
        np.int64
    )
    ratio = np.where(rng.random(m) < 0.04, -0.3 * rng.random(m), rng.beta(2.0, 3.0, m))
    value_added = np.round(revenue * ratio).astype(np.int64)
    gets = base["subsidised"][org] & (rng.random(m) < 0.6)
    subsidies = np.where(gets, np.round(base["subsidy"][org] * np.exp(rng.normal(0, 0.3, m))), 0)
    serves = base["serves"][org]
    beneficiaries = np.round(base["beneficiaries"][org] * np.exp(growth)).astype(np.int64)
    beneficiary_women = np.round(beneficiaries * base["beneficiary_women"][org]).astype(np.int64)
    values = {
        "members_total": members, "members_women": women, "members_youth": youth,
        "employees_permanent": permanent, "employees_seasonal": seasonal,
        "revenue_mad": revenue, "value_added_mad": value_added,
        "subsidies_mad": subsidies.astype(np.int64),
        "beneficiaries_total": beneficiaries, "beneficiaries_women": beneficiary_women,
    }  # fmt: skip
    missing = {name: rng.random(m) < rate for name, rate in MISSING_RATES.items()}
    missing["members_women"] |= missing["members_total"]
    missing["members_youth"] |= missing["members_total"]
    missing["subsidies_mad"] |= ~gets & (rng.random(m) < 0.3)
    missing["beneficiaries_total"] |= ~serves
    missing["beneficiaries_women"] |= missing["beneficiaries_total"]
    missing["value_added_mad"] |= (base["serves"][org]) & (rng.random(m) < 0.4)
    jobs = np.where(missing["employees_permanent"], 0, permanent) + np.where(
        missing["employees_seasonal"], 0, seasonal
    )
    values["employees_women"] = np.minimum(
        np.round(jobs * base["employee_women"][org]), jobs
    ).astype(np.int64)
    missing["employees_women"] |= missing["employees_permanent"] & missing["employees_seasonal"]
    return Declarations(
        organization=org.astype(np.int64), year=year, values=values, missing=missing
    )


MISSING_RATES = {name: 0.0 for name in DECLARATION_FIGURES} | {
    "members_total": 0.03, "members_youth": 0.08, "employees_permanent": 0.03,
    "employees_seasonal": 0.06, "employees_women": 0.10, "revenue_mad": 0.05,
    "value_added_mad": 0.12, "subsidies_mad": 0.0, "beneficiaries_total": 0.05,
}  # fmt: skip


def declaration_rule_violations(declarations: Declarations, founding_year: np.ndarray,
                                today_year: int) -> np.ndarray:  # fmt: skip
    """Rows breaking a rule of tadamon.registry.rules.declaration_errors, checked all at once."""
    values, missing = declarations.values, declarations.missing
    bad = (declarations.year > today_year) | (declarations.year < founding_year)
    for name in ("members_total", "members_women", "members_youth", "employees_permanent",
                 "employees_seasonal", "employees_women", "revenue_mad", "subsidies_mad",
                 "beneficiaries_total", "beneficiaries_women"):  # fmt: skip
        bad |= ~missing[name] & (values[name] < 0)
    bounds = (
        ("members_women", ("members_total",)),
        ("members_youth", ("members_total",)),
        ("employees_women", ("employees_permanent", "employees_seasonal")),
        ("beneficiaries_women", ("beneficiaries_total",)),
    )
    for part, wholes in bounds:
        present = np.zeros(len(declarations), dtype=bool)
        whole = np.zeros(len(declarations), dtype=np.int64)
        for name in wholes:
            present |= ~missing[name]
            whole += np.where(missing[name], 0, values[name])
        bad |= ~missing[part] & present & (values[part] > whole)
    return bad
