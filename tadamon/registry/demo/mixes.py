"""How the demo registry is mixed: legal forms, where they are, sectors, ages, statuses.

The basis of every number is in docs/demo-data.md; in short:
- legal forms: ODCO's 65,315 cooperatives against 236,000-268,000 declared
  associations and 63 mutuals (shared/data/reference/sse_facts.csv), so about
  one organization in five is a cooperative and three in four an association;
  the shares of unions, federations, amicales, foundations and social
  enterprises have no official count and are assumptions;
- where: population (RGPH 2024), tilted for associations by the census count
  of non-profit establishments per inhabitant, and for cooperatives by the
  rural share and by a regional factor that follows ODCO's statements that
  the south, Souss-Massa, Drâa-Tafilalet and the Oriental create the most
  cooperatives per inhabitant;
- sectors: ODCO's mix (agriculture about two thirds, handicraft next, then
  housing, food, argan, fishing ...), with argan in the argan forest's
  provinces, fishing on the coasts, roses and herbs in the oases, housing in
  the cities.
"""

from __future__ import annotations

import numpy as np

from tadamon.registry.demo.places import Geography

# Shares of the organizations that are not near-duplicates; associations take
# what the others leave.
FORM_SHARES: dict[str, float] = {
    "cooperative": 0.205,
    "cooperative_union": 0.0025,
    "federation": 0.0012,
    "mutual": 0.0002,
    "amicale": 0.020,
    "foundation": 0.005,
    "social_enterprise": 0.006,
}
# So that even a few hundred organizations show every legal form.
FORM_MINIMUMS: dict[str, int] = {
    "cooperative_union": 3,
    "federation": 2,
    "mutual": 1,
    "amicale": 3,
    "foundation": 2,
    "social_enterprise": 2,
}
FORMS = ("association", *FORM_SHARES)


def form_counts(total: int) -> dict[str, int]:
    """How many organizations of each legal form, deterministic for the total."""
    counts = {form: round(share * total) for form, share in FORM_SHARES.items()}
    if total >= 200:
        for form, minimum in FORM_MINIMUMS.items():
            counts[form] = max(counts[form], minimum)
    counts["association"] = total - sum(counts.values())
    return counts


# Cooperatives per inhabitant, relative, by region (ODCO: the southern regions
# and the rural east and south-east create the most per inhabitant; Casablanca
# the fewest). An assumption calibrated on those statements, not a count.
REGION_COOPERATIVE_FACTOR: dict[str, float] = {
    "01": 0.8, "02": 1.3, "03": 1.0, "04": 0.8, "05": 1.0, "06": 0.6,
    "07": 1.0, "08": 1.5, "09": 1.4, "10": 2.6, "11": 2.6, "12": 2.6,
}  # fmt: skip


def province_weights(geo: Geography, form: str) -> np.ndarray:
    """Relative number of organizations of `form` in each province."""
    population = geo.population.astype(float)
    urban = 1.0 - geo.rural_share
    if form in ("cooperative", "cooperative_union"):
        factor = np.array([REGION_COOPERATIVE_FACTOR[r] for r in geo.province_region])
        weight = population * factor * (0.5 + geo.rural_share)
    elif form in ("association", "federation"):
        national = (geo.non_profit_per_capita * population).sum() / population.sum()
        weight = population * (0.5 + 0.5 * geo.non_profit_per_capita / national)
    elif form == "mutual":
        weight = population * urban**2
        weight[geo.province_codes.index("421")] *= 8  # Rabat: the seat of the mutuals
    else:  # amicales, foundations, social enterprises: mostly in cities
        weight = population * (0.3 + urban)
    return weight / weight.sum()


# --- sectors -----------------------------------------------------------------

SECTOR_BASE: dict[str, dict[str, float]] = {
    "cooperative": {
        "agriculture": 33, "livestock": 14, "beekeeping": 8, "argan": 0.6,
        "aromatic_plants": 2.5, "food_processing": 4, "fishing": 1.5, "forestry": 0.6,
        "handicraft": 15, "housing": 6, "consumption": 0.8, "trade": 1, "transport": 2,
        "tourism": 0.8, "services": 2, "digital": 0.5, "mining": 0.4,
        "water_environment": 0.5, "education": 0.8, "local_development": 0.5, "other": 1.5,
    },
    "association": {
        "local_development": 24, "social_action": 18, "culture_sport": 18, "education": 12,
        "health": 4, "water_environment": 5, "agriculture": 3, "livestock": 0.5,
        "handicraft": 1.5, "tourism": 1, "digital": 1, "services": 2, "microfinance": 0.3,
        "housing": 1, "other": 5, "": 4,
    },
    "amicale": {
        "housing": 35, "social_action": 35, "culture_sport": 15, "education": 10, "other": 5,
    },
    "mutual": {"insurance_mutual": 85, "health": 15},
    "foundation": {
        "education": 30, "social_action": 25, "health": 20, "culture_sport": 15,
        "local_development": 10,
    },
    "social_enterprise": {
        "services": 20, "digital": 15, "handicraft": 15, "food_processing": 10, "tourism": 10,
        "water_environment": 10, "trade": 10, "education": 10,
    },
    "federation": {
        "local_development": 40, "social_action": 20, "agriculture": 15, "argan": 10,
        "culture_sport": 10, "other": 5,
    },
}  # fmt: skip
SECTOR_BASE["cooperative_union"] = {
    **SECTOR_BASE["cooperative"],
    "housing": 1.0,
    "argan": 1.5,
}

ARGAN_PROVINCES = ("001", "163", "273", "541", "581", "551", "211", "161", "473", "261")
COASTAL_PROVINCES = (
    "511", "573", "571", "051", "331", "381", "167", "113", "281", "441", "421", "501",
    "371", "141", "181", "467", "431", "211", "001", "163", "581", "473", "261", "521",
    "537", "321", "121", "391", "066", "111", "227", "151",
)  # fmt: skip
FISHING_PORTS = ("121", "391", "521", "537", "321", "066")  # the Atlantic south lives on it
OASES_AND_MOUNTAINS = ("577", "401", "363", "201", "587", "251", "531", "131", "561", "151")
CRAFT_CITIES = ("231", "351", "431", "291", "061", "571", "401", "577", "587", "211")
MOUNTAINS = ("081", "041", "151", "531", "301", "271", "451", "363")
FORESTS = ("271", "301", "081", "151", "291", "281")
MINES = ("275", "311", "577")
TOURISM = ("401", "201", "587", "041", "151", "271", "211", "577")
PASTORAL = ("275", "251", "533", "265", "363", "131", "301", "221", "071")

# (sector, provinces, multiplier) applied on top of the base mix.
SECTOR_TILTS: tuple[tuple[str, tuple[str, ...], float], ...] = (
    ("argan", ARGAN_PROVINCES, 60.0),
    ("aromatic_plants", OASES_AND_MOUNTAINS, 4.0),
    ("handicraft", CRAFT_CITIES, 2.5),
    ("beekeeping", MOUNTAINS, 2.0),
    ("forestry", FORESTS, 3.0),
    ("mining", MINES, 4.0),
    ("tourism", TOURISM, 3.0),
    ("livestock", PASTORAL, 2.0),
    ("fishing", FISHING_PORTS, 8.0),
)


def sector_matrix(geo: Geography, form: str, sector_codes: list[str]) -> np.ndarray:
    """Probability of each sector (columns, "" = none) in each province (rows) for `form`."""
    base = SECTOR_BASE[form]
    matrix = np.tile([base.get(code, 0.0) for code in sector_codes], (geo.province_count, 1))
    column = {code: i for i, code in enumerate(sector_codes)}
    for sector, provinces, multiplier in SECTOR_TILTS:
        rows = [geo.province_codes.index(p) for p in provinces]
        matrix[rows, column[sector]] *= multiplier
    inland = [i for i, code in enumerate(geo.province_codes) if code not in COASTAL_PROVINCES]
    matrix[inland, column["fishing"]] = 0.0
    urban = geo.rural_share < 0.15
    matrix[urban, column["housing"]] *= 3.0
    rural = geo.rural_share > 0.5
    matrix[rural, column["water_environment"]] *= 2.5
    matrix[rural, column["local_development"]] *= 1.5
    return matrix / matrix.sum(axis=1, keepdims=True)


# --- ages and statuses -------------------------------------------------------


def founding_year_weights(form: str, years: np.ndarray) -> np.ndarray:
    """Relative number of organizations of `form` founded each year (still on the register).

    Cooperatives: a few hundred a year before 2006, 1,572 approved in 2012,
    about 5,000 in 2023 (ODCO). Associations: the 1958 dahir, a jump with the
    INDH in 2005 and steady creation since. Social enterprises are recent.
    """
    y = years.astype(float)
    if form in ("cooperative", "cooperative_union"):
        weight = _ramp(y, [1960, 1999, 2006, 2012, 2018, 2023], [20, 150, 500, 1600, 3500, 5000])
        if form == "cooperative_union":
            weight = np.where(y < 2000, 0.0, weight)
    elif form == "social_enterprise":
        weight = _ramp(y, [2005, 2012, 2020, 2024], [0, 20, 100, 150])
    elif form == "mutual":
        weight = _ramp(y, [1950, 1990, 2024], [5, 5, 2])
    else:
        weight = _ramp(y, [1958, 1990, 2004, 2006, 2011, 2024], [20, 150, 2500, 7000, 9000, 9500])
    return np.maximum(weight, 0.0)


def _ramp(years: np.ndarray, at: list[int], weight: list[int]) -> np.ndarray:
    """Piecewise linear through (at, weight), nothing before the first year, flat after the last."""
    return np.where(years < at[0], 0.0, np.interp(years, at, weight))


# Shares of statuses among organizations that are not near-duplicates (an
# assumption: ODCO counts about one cooperative in seven inactive, but those
# stay registered until a registrar acts).
STATUS_SHARES: dict[str, float] = {
    "registered": 0.86,
    "suspended": 0.03,
    "dissolved": 0.045,
    "struck_off": 0.045,
    "submitted": 0.02,
}
REINSTATED_SHARE = 0.02  # registered ones that went through a suspension and back
