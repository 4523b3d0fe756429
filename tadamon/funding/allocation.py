"""Allocation with territorial equity: which applications a call funds, and how much.

Given the evaluated applications, the fund's budget and the call's equity rules,
`allocate` finds the grants with the greatest total score as a mixed-integer
program solved by HiGHS (`allocation_highs`). `compare` adds what the
programme manager weighs it against: the price of each equity rule (the score
the call gives up for it) and the plain top-down ranking. The model, its
choices and how to read the prices are in docs/funding-allocation.md.

Pure: plain dataclasses in and out, money in integer centimes, no database, so
the funding services can call it with whatever they read.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass, replace

import numpy as np

from tadamon.errors import DomainError, ValidationFailed
from tadamon.funding import allocation_errors, allocation_highs

UNDERSERVED = "min_underserved_share"
REGION_CAP = "max_region_share"
ONE_PER_ORGANIZATION = "one_grant_per_organization"
EQUITY_RULES = (UNDERSERVED, REGION_CAP, ONE_PER_ORGANIZATION)
TIME_LIMIT_SECONDS = 60.0


@dataclass(frozen=True)
class Application:
    id: str
    organization_key: str  # the body after deduplication: its applications share it
    region_code: str  # "01" … "12"
    province_code: str
    underserved: bool  # in an underserved territory of the observatory's social-risk view
    score: float  # the evaluation's result
    requested_centimes: int
    minimum_centimes: int | None = None  # the least it can work with; None: all or nothing


@dataclass(frozen=True)
class Rules:
    budget_centimes: int
    partial_allowed: bool = False
    min_underserved_share: float | None = None  # of the total allocated
    max_region_share: float | None = None  # of the total allocated, for each region
    one_grant_per_organization: bool = True


@dataclass(frozen=True)
class Grant:
    application_id: str
    amount_centimes: int
    fraction: float  # amount / requested: 1.0 for a whole grant


@dataclass(frozen=True)
class Allocation:
    grants: list[Grant]
    total_score: float  # Σ score × fraction
    total_centimes: int
    underserved_centimes: int
    region_centimes: dict[str, int]
    status: str  # HiGHS's model status, or what else produced it
    optimal: bool  # proven optimal (relative gap ≤ allocation_highs.MIP_REL_GAP)
    mip_gap: float | None  # None for the ranking, which is not a solve
    seconds: float

    def underserved_share(self) -> float:
        return self.underserved_centimes / self.total_centimes if self.total_centimes else 0.0

    def largest_region_share(self) -> float:
        if not self.total_centimes:
            return 0.0
        return max(self.region_centimes.values()) / self.total_centimes


@dataclass(frozen=True)
class RulePrice:
    rule: str  # a Rules field: UNDERSERVED, REGION_CAP or ONE_PER_ORGANIZATION
    price: float  # score without the rule − score with every rule, ≥ 0
    without_rule: Allocation  # the optimum with this rule alone dropped
    exact: bool  # both solves proven optimal


@dataclass(frozen=True)
class AllocationReport:
    allocation: Allocation  # every rule
    rule_prices: list[RulePrice]  # the rules the call sets, each dropped alone
    without_equity_rules: Allocation  # the budget alone (and partial funding)
    ranking: Allocation  # the plain top-down ranking
    ranking_breaks: list[str]  # the equity rules the ranking does not meet


def allocate(
    applications: list[Application],
    rules: Rules,
    *,
    time_limit_seconds: float = TIME_LIMIT_SECONDS,
) -> Allocation:
    """The grants with the greatest total score under the budget and the equity rules.

    Raises a DomainError naming the rule when the rules leave nothing fundable
    although some application would fit the budget.
    """
    _check(applications, rules)
    allocation = _optimum(applications, rules, time_limit_seconds)
    if not allocation.grants and _shares_set(rules) and _something_fits(applications, rules):
        raise _unreachable(applications, rules, time_limit_seconds)
    return allocation


def compare(
    applications: list[Application],
    rules: Rules,
    *,
    time_limit_seconds: float = TIME_LIMIT_SECONDS,
) -> AllocationReport:
    """The allocation, what each equity rule costs in score, and the plain ranking."""
    allocation = allocate(applications, rules, time_limit_seconds=time_limit_seconds)
    prices = []
    for rule in _rules_set(rules):
        without = _optimum(applications, _dropped(rules, rule), time_limit_seconds)
        prices.append(RulePrice(
            rule=rule,
            price=_difference(without.total_score, allocation.total_score),
            without_rule=without,
            exact=allocation.optimal and without.optimal,
        ))  # fmt: skip
    plain = replace(rules, min_underserved_share=None, max_region_share=None,
                    one_grant_per_organization=False)  # fmt: skip
    ranking = rank_top_down(applications, rules)
    return AllocationReport(
        allocation=allocation,
        rule_prices=prices,
        without_equity_rules=_optimum(applications, plain, time_limit_seconds),
        ranking=ranking,
        ranking_breaks=rules_broken(ranking, applications, rules),
    )


def rank_top_down(applications: list[Application], rules: Rules) -> Allocation:
    """Fund by score, best first, while the budget lasts; one grant per body if the call says so.

    An application that does not fit is skipped. When partial funding is
    allowed, the first one that does not fit whole gets what is left if that
    reaches its minimum. The equity shares are not looked at: this is the
    ranking a committee would read down, the baseline the optimum is weighed
    against. Ties go to the smaller id.
    """
    _check(applications, rules)
    started = time.perf_counter()
    left = rules.budget_centimes
    funded_bodies: set[str] = set()
    grants = []
    for application in sorted(applications, key=lambda a: (-a.score, a.id)):
        if rules.one_grant_per_organization and application.organization_key in funded_bodies:
            continue
        amount = application.requested_centimes
        if amount > left:
            if not (_partial(application, rules) and application.minimum_centimes <= left):
                continue
            amount = left
        grants.append(Grant(application.id, amount, amount / application.requested_centimes))
        funded_bodies.add(application.organization_key)
        left -= amount
    return _allocation(grants, applications, status="top-down ranking", optimal=False,
                       mip_gap=None, seconds=time.perf_counter() - started)  # fmt: skip


def rules_broken(
    allocation: Allocation, applications: list[Application], rules: Rules
) -> list[str]:
    """The equity rules an allocation does not meet.

    Shares are held to a centime per grant: rounding each partial grant down
    to the centime may move a share by that much after the solve.
    """
    broken = []
    total = allocation.total_centimes
    slack = len(allocation.grants)
    if rules.min_underserved_share and (
        allocation.underserved_centimes < rules.min_underserved_share * total - slack
    ):
        broken.append(UNDERSERVED)
    if rules.max_region_share is not None and any(
        amount > rules.max_region_share * total + slack
        for amount in allocation.region_centimes.values()
    ):
        broken.append(REGION_CAP)
    if rules.one_grant_per_organization:
        body = {a.id: a.organization_key for a in applications}
        bodies = [body[g.application_id] for g in allocation.grants]
        if len(set(bodies)) < len(bodies):
            broken.append(ONE_PER_ORGANIZATION)
    return broken


# ---------------------------------------------------------------- the optimum


def _optimum(applications: list[Application], rules: Rules, time_limit: float) -> Allocation:
    candidates = [a for a in applications if _least(a, rules) <= rules.budget_centimes]
    if not candidates:
        return _allocation([], applications, status="nothing fits the budget", optimal=True,
                           mip_gap=0.0, seconds=0.0)  # fmt: skip
    solution = allocation_highs.solve(_program(candidates, rules), time_limit_seconds=time_limit)
    if not solution.has_solution:
        raise DomainError(
            "allocation_not_solved",
            f"لم تجد أداة الحل أي توزيع في المهلة المحددة ({time_limit:g} ثانية): "
            f"{solution.status}",
            f"Le solveur n'a trouvé aucune allocation dans le temps imparti "
            f"({time_limit:g} s) : {solution.status}",
        )
    grants = _rounded(candidates, solution.fraction, rules)
    complete = len(grants) == int(np.count_nonzero(solution.fraction))
    return _allocation(
        grants,
        applications,
        status=solution.status if complete else f"{solution.status}, a grant dropped to fit",
        optimal=solution.optimal and complete,
        mip_gap=solution.mip_gap,
        seconds=solution.seconds,
    )


def _program(candidates: list[Application], rules: Rules) -> allocation_highs.Program:
    regions = sorted({a.region_code for a in candidates})
    bodies: dict[str, list[int]] = defaultdict(list)
    for index, application in enumerate(candidates):
        bodies[application.organization_key].append(index)
    groups = [np.array(g) for g in bodies.values() if len(g) > 1]
    requested = np.array([a.requested_centimes for a in candidates], dtype=float)
    least = np.array([_least(a, rules) for a in candidates], dtype=float)
    return allocation_highs.Program(
        share=requested / rules.budget_centimes,
        score=np.array([a.score for a in candidates], dtype=float),
        partial=np.array([_partial(a, rules) for a in candidates], dtype=bool),
        minimum_fraction=least / requested,
        underserved=np.array([a.underserved for a in candidates], dtype=bool),
        region=np.array([regions.index(a.region_code) for a in candidates], dtype=int),
        groups=groups if rules.one_grant_per_organization else [],
        min_underserved_share=rules.min_underserved_share,
        max_region_share=rules.max_region_share,
    )


def _rounded(candidates: list[Application], fraction: np.ndarray, rules: Rules) -> list[Grant]:
    """Grants in whole centimes, rounded down, and never over the budget.

    HiGHS computes in floating point, so a fraction may land a hair under what
    it means: one within HiGHS's integrality tolerance (1e-6) of 1 is read as
    1, a product within a hundredth of a centime of the next centime as that
    centime. A partial grant stays within [minimum, requested].
    If the rounded grants still exceed the budget (HiGHS holds rows to a
    relative 1e-9, a few centimes on a large fund), the excess comes off the
    partial grants with the lowest score per dirham first, and only if they
    cannot absorb it is a whole grant dropped.
    """
    grants: dict[int, int] = {}
    least = {}
    for index in np.flatnonzero(fraction):
        application = candidates[index]
        requested = application.requested_centimes
        least[index] = _least(application, rules)
        share = 1.0 if fraction[index] > 1 - 1e-6 else float(fraction[index])
        amount = math.floor(requested * share + 0.01)
        grants[index] = min(requested, max(amount, least[index]))
    excess = sum(grants.values()) - rules.budget_centimes
    by_value = sorted(grants, key=lambda i: candidates[i].score / candidates[i].requested_centimes)
    for index in by_value:
        if excess <= 0:
            break
        cut = min(excess, grants[index] - least[index])
        grants[index] -= cut
        excess -= cut
    for index in by_value:
        if excess <= 0:
            break
        excess -= grants.pop(index)
    return [
        Grant(candidates[i].id, amount, amount / candidates[i].requested_centimes)
        for i, amount in sorted(grants.items())
    ]


def _allocation(grants, applications, *, status, optimal, mip_gap, seconds) -> Allocation:
    by_id = {a.id: a for a in applications}
    regions: dict[str, int] = defaultdict(int)
    underserved = 0
    score = 0.0
    for grant in grants:
        application = by_id[grant.application_id]
        regions[application.region_code] += grant.amount_centimes
        underserved += grant.amount_centimes if application.underserved else 0
        score += application.score * grant.fraction
    return Allocation(
        grants=grants,
        total_score=score,
        total_centimes=sum(g.amount_centimes for g in grants),
        underserved_centimes=underserved,
        region_centimes=dict(sorted(regions.items())),
        status=status,
        optimal=optimal,
        mip_gap=mip_gap,
        seconds=seconds,
    )


def _partial(application: Application, rules: Rules) -> bool:
    return (
        rules.partial_allowed
        and application.minimum_centimes is not None
        and application.minimum_centimes < application.requested_centimes
    )


def _least(application: Application, rules: Rules) -> int:
    """The smallest grant the application can receive under the call."""
    if _partial(application, rules):
        return application.minimum_centimes
    return application.requested_centimes


def _something_fits(applications: list[Application], rules: Rules) -> bool:
    return any(a.score > 0 and _least(a, rules) <= rules.budget_centimes for a in applications)


def _shares_set(rules: Rules) -> bool:
    return bool(rules.min_underserved_share) or (
        rules.max_region_share is not None and rules.max_region_share < 1
    )


def _rules_set(rules: Rules) -> list[str]:
    return [
        rule
        for rule, active in (
            (UNDERSERVED, bool(rules.min_underserved_share)),
            (REGION_CAP, rules.max_region_share is not None and rules.max_region_share < 1),
            (ONE_PER_ORGANIZATION, rules.one_grant_per_organization),
        )
        if active
    ]


def _dropped(rules: Rules, rule: str) -> Rules:
    return replace(rules, **{rule: False if rule == ONE_PER_ORGANIZATION else None})


def _difference(without: float, with_all: float) -> float:
    """without − with; a negative difference within floating-point noise is 0."""
    difference = without - with_all
    return 0.0 if -1e-9 * max(1.0, abs(with_all)) <= difference < 0 else difference


# ---------------------------------------------------------------- refusals


def _check(applications: list[Application], rules: Rules) -> None:
    errors = allocation_errors.input_errors(applications, rules)
    if errors:
        raise ValidationFailed(errors)


def _unreachable(applications: list[Application], rules: Rules, time_limit: float) -> DomainError:
    """Which share rule leaves nothing to fund: each is dropped alone and the call re-solved.

    One per organization never can (a single grant meets it), so only the two
    shares are tried. If dropping either one opens the call, they conflict; if
    neither does, each blocks it on its own and both are reported.
    """
    opens = {
        rule: bool(_optimum(applications, _dropped(rules, rule), time_limit).grants)
        for rule in _rules_set(rules)
        if rule != ONE_PER_ORGANIZATION
    }
    blocking = {
        UNDERSERVED: allocation_errors.underserved_unreachable,
        REGION_CAP: allocation_errors.region_cap_unreachable,
    }
    if len(opens) == 2 and all(opens.values()):
        return allocation_errors.shares_conflict(rules)
    if any(opens.values()):
        return blocking[next(rule for rule, opened in opens.items() if opened)](rules)
    return ValidationFailed([blocking[rule](rules) for rule in opens])
