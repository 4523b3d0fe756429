"""A realistic synthetic national registry, deterministic from its seed.

`generate_dataset(orgs, years, seed)` draws every column with numpy
(numpy.random.default_rng streams spawned from the seed, one per concern, so
that changing how one column is drawn does not reshuffle the others) and
returns a DemoDataset; nothing here touches the database. Same seed, same
reference date: same dataset.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from tadamon.registry.demo import identifiers, mixes
from tadamon.registry.demo.dataset import DemoDataset, Organizations, registration_order_key
from tadamon.registry.demo.duplicates import add_duplicates
from tadamon.registry.demo.figures import generate_declarations
from tadamon.registry.demo.names import build_name_parts, text
from tadamon.registry.demo.places import Geography, load_geography
from tadamon.registry.demo.structure import generate_memberships, generate_status_changes
from tadamon.registry.sectors import SECTORS_CSV

NAT = np.datetime64("NaT", "D")
STREAMS = ("forms", "names", "dates", "status", "ids", "links", "duplicates", "order", "figures")


def sector_codes() -> list[str]:
    with SECTORS_CSV.open(encoding="utf-8") as handle:
        return ["", *(line.split(",", 1)[0] for line in list(handle)[1:] if line.strip())]


def year_start(years: np.ndarray) -> np.ndarray:
    return (years.astype(np.int64) - 1970).astype("datetime64[Y]").astype("datetime64[D]")


def generate_dataset(
    orgs: int,
    years: int,
    seed: int,
    duplicate_rate: float = 0.03,
    as_of: dt.date | None = None,
) -> DemoDataset:
    as_of = as_of or dt.date.today()
    streams = dict(
        zip(
            STREAMS,
            (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(len(STREAMS))),
            strict=True,
        )
    )
    geo = load_geography()
    duplicate_count = round(orgs * duplicate_rate) if orgs > 1 else 0
    base = _base_organizations(streams, geo, orgs - duplicate_count, as_of)
    organizations, parts, of_unions = base
    memberships = generate_memberships(streams["links"], organizations, of_unions, as_of)
    organizations, memberships, duplicates = add_duplicates(
        streams["duplicates"], geo, organizations, parts, memberships, duplicate_count, as_of
    )
    _rank_registry_numbers(organizations)
    status_changes = generate_status_changes(streams["status"], organizations, as_of)
    declaration_years = list(range(as_of.year - years, as_of.year))
    declarations = generate_declarations(
        streams["figures"], organizations, memberships, duplicates, declaration_years
    )
    return DemoDataset(
        seed=seed,
        as_of=as_of,
        years=declaration_years,
        organizations=organizations,
        status_changes=status_changes,
        memberships=memberships,
        declarations=declarations,
        duplicates=duplicates,
    )


def _base_organizations(streams, geo: Geography, n: int, as_of: dt.date):
    rng = streams["forms"]
    counts = mixes.form_counts(n)
    legal_form = rng.permutation(np.repeat(text(list(counts)), list(counts.values())))
    status = _statuses(streams["status"], legal_form)
    founding, registration, left_on = _dates(streams["dates"], legal_form, status, as_of)
    # Rows (and so ids) in the order organizations reached the registry. Sorting
    # now, while the columns are few and numeric, is what keeps 500,000 rows
    # fast: reordering numpy text columns afterwards took two seconds.
    order = np.lexsort((streams["order"].random(n), registration_order_key(registration)))
    legal_form, status = legal_form[order], status[order]
    founding, registration, left_on = founding[order], registration[order], left_on[order]
    province = np.zeros(n, dtype=np.int64)
    sector_index = np.zeros(n, dtype=np.int64)
    codes = sector_codes()
    for form in counts:
        rows = np.flatnonzero(legal_form == form)
        province[rows] = rng.choice(
            geo.province_count, size=len(rows), p=mixes.province_weights(geo, form)
        )
        sector_index[rows] = _draw_sectors(
            rng, mixes.sector_matrix(geo, form, codes), province[rows]
        )
    village_named = np.isin(legal_form, ("cooperative", "cooperative_union"))
    commune = np.zeros(n, dtype=np.int64)
    for named_after_villages, exponent in ((True, 0.6), (False, 1.0)):
        rows = np.flatnonzero(village_named == named_after_villages)
        commune[rows] = geo.sample_communes(rng, province[rows], exponent)
    federation_of_unions = (legal_form == "federation") & (rng.random(n) < 0.3)
    parts = build_name_parts(
        streams["names"], geo, legal_form, (sector_index, codes), province, commune,
        federation_of_unions,
    )  # fmt: skip
    name_ar, name_fr = parts.compose()
    organizations = _assemble(
        streams, geo, legal_form, province, commune, (sector_index, codes), parts, name_ar,
        name_fr, status,
    )  # fmt: skip
    organizations.founding_date = founding
    organizations.registration_date = registration
    organizations.left_on = left_on
    _public_utility(streams["dates"], organizations, as_of)
    return organizations, parts, federation_of_unions


def _draw_sectors(rng, probabilities: np.ndarray, province: np.ndarray) -> np.ndarray:
    """A sector per row from its province's row of `probabilities`, in one searchsorted.

    Row p's cumulative probabilities are shifted to [p, p + 1], so that all
    provinces share one sorted array; comparing every draw with its province's
    row instead took 0.5 s on 500,000 organizations."""
    count = probabilities.shape[1]
    cumulative = np.cumsum(probabilities, axis=1)
    cumulative[:, -1] = 1.0
    shifted = (cumulative + np.arange(len(probabilities))[:, None]).ravel()
    chosen = np.searchsorted(shifted, province + rng.random(len(province)), side="right")
    return np.minimum(chosen - province * count, count - 1)


def _statuses(rng: np.random.Generator, legal_form: np.ndarray) -> np.ndarray:
    names = list(mixes.STATUS_SHARES)
    status = text(names)[
        rng.choice(len(names), len(legal_form), p=list(mixes.STATUS_SHARES.values()))
    ]
    networks = np.isin(legal_form, ("cooperative_union", "federation", "mutual"))
    return np.where(networks & (status == "submitted"), "registered", status)


def _dates(rng: np.random.Generator, legal_form: np.ndarray, status: np.ndarray, as_of: dt.date):
    n = len(legal_form)
    today = np.datetime64(as_of, "D")
    elapsed = (today - np.datetime64(f"{as_of.year}-01-01", "D")).astype(int) + 1
    founding = np.full(n, NAT)
    all_years = np.arange(1950, as_of.year + 1)
    for form in np.unique(legal_form).tolist():
        rows = np.flatnonzero(legal_form == form)
        weight = mixes.founding_year_weights(form, all_years)
        weight[-1] *= elapsed / 365.0
        year = rng.choice(all_years, size=len(rows), p=weight / weight.sum())
        length = np.where(year == as_of.year, elapsed, 365)
        founding[rows] = year_start(year) + (rng.random(len(rows)) * length).astype(np.int64)
    submitted = status == "submitted"
    founding[submitted] = today - rng.integers(5, 300, submitted.sum())
    delay = np.where(
        legal_form == "association",
        rng.integers(0, 60, n),
        np.where(legal_form == "cooperative", rng.integers(15, 200, n), rng.integers(10, 120, n)),
    )
    registration = np.minimum(founding + delay, today)
    registration[submitted] = NAT
    left = np.isin(status, ("suspended", "dissolved", "struck_off"))
    span = (today - registration).astype(np.int64)
    earliest = np.minimum(span, 365)
    offset = earliest + (rng.random(n) ** 0.7 * np.maximum(span - earliest, 0)).astype(np.int64)
    left_on = np.where(left, registration + offset, NAT)
    return founding, registration, left_on


def _assemble(
    streams, geo, legal_form, province, commune, sectors, parts, name_ar, name_fr, status
):
    rng = streams["ids"]
    n = len(legal_form)
    both = rng.random(n)
    association_like = np.isin(legal_form, ("association", "amicale"))
    only_ar = np.where(association_like, both < 0.12, both < 0.04)
    only_fr = ~only_ar & np.where(legal_form == "social_enterprise", both > 0.80, both > 0.97)
    name_ar = np.where(only_fr, "", name_ar)
    name_fr = np.where(only_ar, "", name_fr)
    in_french = name_fr != ""
    province_code = text(geo.province_codes)[province]
    commune_ar = text(geo.commune_name_ar)[commune]
    commune_fr = text(geo.commune_name_fr)[commune]
    urban = rng.random(n) > geo.rural_share[province]
    return Organizations(
        external_id=identifiers.external_ids(legal_form, province_code, 1),
        legal_form=legal_form,
        name_ar=name_ar,
        name_fr=name_fr,
        acronym=identifiers.acronyms(rng, legal_form, name_fr),
        province_code=province_code,
        region_code=text(geo.province_region)[province],
        commune=np.where(in_french, commune_fr, commune_ar),
        address=identifiers.addresses(rng, urban, commune_ar, commune_fr, in_french),
        founding_date=np.full(n, NAT),
        registration_date=np.full(n, NAT),
        sector=text(sectors[1])[sectors[0]],
        activity=identifiers.activities(rng, sectors, in_french),
        women_only=parts.women_fr == "féminine",
        status=status,
        public_utility=np.zeros(n, dtype=bool),
        public_utility_date=np.full(n, NAT),
        ice=identifiers.assign_ice(rng, legal_form),
        phone=identifiers.phones(rng, n),
        email=identifiers.emails(rng, parts.core_fr),
        website=identifiers.websites(rng, parts.core_fr),
        left_on=np.full(n, NAT),
        registry_year=np.zeros(n, dtype=np.int64),
        registry_rank=np.zeros(n, dtype=np.int64),
    )


def _public_utility(rng: np.random.Generator, orgs: Organizations, as_of: dt.date) -> None:
    """A few associations (about 0.3%) and foundations (10%) recognised of public utility."""
    today = np.datetime64(as_of, "D")
    old_enough = orgs.registration_date <= today - 5 * 365
    eligible = (orgs.status == "registered") & old_enough
    share = np.where(orgs.legal_form == "foundation", 0.10, 0.0)
    share = np.where(orgs.legal_form == "association", 0.003, share)
    chosen = eligible & (rng.random(len(orgs)) < share)
    association = np.flatnonzero(eligible & (orgs.legal_form == "association"))
    if len(association) >= 3 and chosen[association].sum() < 3:
        chosen[rng.choice(association, 3, replace=False)] = True
    rows = np.flatnonzero(chosen)
    span = (today - 30 - orgs.registration_date[rows]).astype(np.int64)
    after = (np.minimum(span, 365 * (3 + rng.random(len(rows)) * 17))).astype(np.int64)
    orgs.public_utility[rows] = True
    orgs.public_utility_date[rows] = orgs.registration_date[rows] + np.maximum(after, 0)


def _rank_registry_numbers(orgs: Organizations) -> None:
    """Sequence of each registered organization within its region and year of registration."""
    numbered = ~np.isnat(orgs.registration_date)
    year = np.where(numbered, orgs.registration_date.astype("datetime64[Y]").astype(int) + 1970, 0)
    region = orgs.region_code.astype(np.int64)
    group = region * 10_000 + year
    order = np.argsort(group, kind="stable")
    sorted_group = group[order]
    starts = np.flatnonzero(np.r_[True, sorted_group[1:] != sorted_group[:-1]])
    first_of_group = np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    rank = np.empty(len(orgs), dtype=np.int64)
    rank[order] = np.arange(len(order)) - first_of_group + 1
    orgs.registry_year = year
    orgs.registry_rank = np.where(numbered, rank, 0)
