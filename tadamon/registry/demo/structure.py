"""Unions, federations and the legal life of the demo organizations.

Memberships follow the rules of tadamon.registry.services.memberships: a
cooperative union's members are cooperatives (of its province, else of its
region), a federation's members are unions or associations of its region;
each member has at most one membership, so at most one open one; members
are never unions of themselves and federations are never members, so there
is no cycle. Status changes follow the transitions of
tadamon.registry.services.lifecycle, each dated.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from tadamon.registry.demo import mixes
from tadamon.registry.demo import vocabulary as vocab
from tadamon.registry.demo.dataset import Memberships, Organizations, StatusChanges
from tadamon.registry.demo.names import categories, text

NAT = np.datetime64("NaT", "D")
ACTIVE = ("registered", "suspended")


def _pools(candidates: np.ndarray, key: np.ndarray, rng) -> dict:
    """The candidates in a random order, grouped by key (province or region)."""
    shuffled = rng.permutation(candidates)
    if len(shuffled) == 0:
        return {}
    codes, labels = categories(key[shuffled])
    order = np.argsort(codes, kind="stable")
    bounds = np.cumsum(np.bincount(codes, minlength=len(labels)))[:-1]
    groups = np.split(shuffled[order], bounds)
    return {label: group.tolist() for label, group in zip(labels, groups, strict=True)}


def _take(pools_near: dict, near, pools_far: dict, far, count: int, taken: set) -> list[int]:
    chosen: list[int] = []
    for pool in (pools_near.get(near, []), pools_far.get(far, [])):
        while pool and len(chosen) < count:
            row = pool.pop()
            if row not in taken:
                taken.add(row)
                chosen.append(row)
    return chosen


def generate_memberships(
    rng: np.random.Generator, orgs: Organizations, of_unions: np.ndarray, as_of: dt.date
) -> Memberships:
    """Members for each active union and federation; `of_unions` marks federations of unions."""
    active = np.isin(orgs.status, ACTIVE)
    province, region = orgs.province_code.tolist(), orgs.region_code.tolist()
    province_of, region_of = orgs.province_code, orgs.region_code
    taken: set[int] = set()
    members: list[int] = []
    unions: list[int] = []
    cooperatives = np.flatnonzero(active & (orgs.legal_form == "cooperative"))
    near = _pools(cooperatives, province_of, rng)
    far = _pools(cooperatives, region_of, rng)
    for union in np.flatnonzero(active & (orgs.legal_form == "cooperative_union")).tolist():
        count = 3 + int(rng.poisson(6))
        chosen = _take(near, province[union], far, region[union], count, taken)
        members += chosen
        unions += [union] * len(chosen)
    federations = np.flatnonzero(active & (orgs.legal_form == "federation"))
    union_rows = np.flatnonzero(active & (orgs.legal_form == "cooperative_union"))
    union_pool = _pools(union_rows, region_of, rng)
    associations = np.flatnonzero(active & (orgs.legal_form == "association"))
    association_near = _pools(associations, province_of, rng)
    association_far = _pools(associations, region_of, rng)
    for federation, unions_only in zip(
        federations.tolist(), of_unions[federations].tolist(), strict=True
    ):
        if unions_only:
            chosen = _take(union_pool, region[federation], {}, None, 2 + int(rng.poisson(3)), taken)
        else:
            count = 5 + int(rng.poisson(10))
            chosen = _take(
                association_near, province[federation], association_far, region[federation],
                count, taken,
            )  # fmt: skip
        members += chosen
        unions += [federation] * len(chosen)
    return _dated_memberships(rng, orgs, np.array(members, dtype=np.int64),
                              np.array(unions, dtype=np.int64), as_of)  # fmt: skip


def _dated_memberships(rng, orgs, member, union, as_of) -> Memberships:
    today = np.datetime64(as_of, "D")
    earliest = np.maximum(orgs.registration_date[member], orgs.registration_date[union])
    span = np.maximum((today - earliest).astype(np.int64), 0)
    started = earliest + (rng.random(len(member)) * np.minimum(span, 3 * 365)).astype(np.int64)
    ends = rng.random(len(member)) < 0.08
    remaining = (today - started).astype(np.int64)
    ended = np.where(ends, started + (rng.random(len(member)) * remaining).astype(np.int64), NAT)
    return Memberships(member=member, union=union, started_on=started, ended_on=ended)


def generate_status_changes(
    rng: np.random.Generator, orgs: Organizations, as_of: dt.date
) -> StatusChanges:
    """The dated path of each organization from its file to its present status."""
    today = np.datetime64(as_of, "D")
    n = len(orgs)
    status = orgs.status
    reg = orgs.registration_date
    events: list[tuple[np.ndarray, str, str, np.ndarray, str, int]] = []
    numbered = np.flatnonzero(status != "submitted")
    events.append((numbered, "submitted", "registered", reg[numbered], "registered", 0))
    for to_status in ("suspended", "dissolved"):
        rows = np.flatnonzero(status == to_status)
        events.append((rows, "registered", to_status, orgs.left_on[rows], to_status, 1))
    struck = np.flatnonzero(status == "struck_off")
    via_dissolution = rng.random(len(struck)) < 0.5
    first = struck[via_dissolution]
    span = (today - orgs.left_on[first]).astype(np.int64)
    second = orgs.left_on[first] + (rng.random(len(first)) * span).astype(np.int64)
    events.append((first, "registered", "dissolved", orgs.left_on[first], "dissolved", 1))
    events.append((first, "dissolved", "struck_off", second, "struck_off", 2))
    direct = struck[~via_dissolution]
    events.append((direct, "registered", "struck_off", orgs.left_on[direct], "struck_off", 1))
    span_all = np.maximum((today - reg).astype(np.int64), 0)
    back = np.flatnonzero((status == "registered") & (rng.random(n) < mixes.REINSTATED_SHARE))
    back = back[span_all[back] > 60]
    suspended_on = reg[back] + (rng.random(len(back)) * (span_all[back] - 30)).astype(np.int64)
    gap = (today - suspended_on).astype(np.int64)
    reinstated_on = suspended_on + 1 + (rng.random(len(back)) * (gap - 1)).astype(np.int64)
    events.append((back, "registered", "suspended", suspended_on, "suspended", 1))
    events.append((back, "suspended", "registered", reinstated_on, "reinstated", 2))
    organization = np.concatenate([e[0] for e in events])
    step = np.concatenate([np.full(len(e[0]), e[5]) for e in events])
    order = np.lexsort((step, organization))
    reasons = {key: text([value])[0] for key, value in vocab.STATUS_REASONS.items()}

    def column(index: int) -> np.ndarray:
        return np.concatenate([text([e[index]] * len(e[0])) for e in events])[order]

    return StatusChanges(
        organization=organization[order],
        from_status=column(1),
        to_status=column(2),
        effective_on=np.concatenate([e[3] for e in events])[order],
        reason=np.concatenate([np.full(len(e[0]), reasons[e[4]], dtype=object) for e in events])[
            order
        ].astype(text([""]).dtype),
    )
