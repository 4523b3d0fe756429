"""Where each national target stands: the actual path, the path required, the growth
required, the year the target is reached at the current trend, on or off track.

Method (shown on the targets page, docs/observatory.md):
- actual path: the target's indicator for the nation, each year the observatory
  has it;
- required growth: the constant yearly rate that takes the latest actual value
  to the target value in the target year, (target / latest)^(1 / years left) − 1;
  the required path grows at that rate;
- stated path: when the commitment states a starting point (≈ 2 % of GDP in
  2018), the straight line from it to the target, the pace the commitment
  implied when it was made;
- current trend: the constant yearly rate between the first and the latest
  actual values (compound annual growth); the target is reached when the
  latest value grown at that rate meets it;
- on track when that year is no later than the target year; off track
  otherwise, or when the trend is flat or falling; not assessable with fewer
  than two positive actual values or when the indicator has no value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from tadamon.observatory import engine
from tadamon.observatory.models import Target
from tadamon.territory.models import NATION_CODE

HORIZON = 2100  # beyond this year, "reached" is not a forecast anyone should read


@dataclass
class TargetStatus:
    target: Target
    actual: list[tuple[int, float]] = field(default_factory=list)
    required_path: list[tuple[int, float]] = field(default_factory=list)
    stated_path: list[tuple[int, float]] = field(default_factory=list)
    required_growth: float | None = None
    trend_growth: float | None = None
    year_reached: int | None = None
    status: str = "not_assessable"  # on_track, off_track, not_assessable
    reason: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def latest(self) -> tuple[int, float] | None:
        return self.actual[-1] if self.actual else None


def _stated_path(target: Target) -> list[tuple[int, float]]:
    if target.baseline_value is None or target.baseline_year is None:
        return []
    span = target.target_year - target.baseline_year
    step = (target.target_value - target.baseline_value) / span if span else 0
    return [
        (year, target.baseline_value + step * (year - target.baseline_year))
        for year in range(target.baseline_year, target.target_year + 1)
    ]


def assess(
    target: Target, years: list[int] | None = None, computation: engine.Computation | None = None
) -> TargetStatus:
    """Where the target stands; `computation` (holding its indicator) spares a fetch."""
    years = years if years is not None else engine.periods()
    if computation is None and years:
        computation = engine.Computation([target.indicator], years)
    values = computation.values([target.indicator.code], [NATION_CODE], years) if years else []
    status = TargetStatus(target, stated_path=_stated_path(target))
    status.actual = [(v.year, v.value) for v in values if v.value is not None]
    status.notes = sorted({v.note for v in values if v.note})
    if not status.actual:
        status.reason = "no_actual_value"
        return status
    last_year, last = status.actual[-1]
    left = target.target_year - last_year
    if last >= target.target_value:
        status.status, status.year_reached, status.reason = "on_track", last_year, "reached"
        return status
    if last > 0 and left > 0:
        status.required_growth = (target.target_value / last) ** (1 / left) - 1
        status.required_path = [
            (year, last * (1 + status.required_growth) ** (year - last_year))
            for year in range(last_year, target.target_year + 1)
        ]
    positive = [(y, v) for y, v in status.actual if v > 0]
    if len(positive) < 2 or last <= 0:
        status.reason = "too_few_positive_values"
        return status
    (first_year, first), (latest_year, latest) = positive[0], positive[-1]
    status.trend_growth = (latest / first) ** (1 / (latest_year - first_year)) - 1
    if status.trend_growth <= 0:
        status.status, status.reason = "off_track", "trend_not_rising"
        return status
    years_needed = math.log(target.target_value / latest) / math.log(1 + status.trend_growth)
    reached = latest_year + math.ceil(years_needed)
    status.year_reached = reached if reached <= HORIZON else None
    if status.year_reached is None:
        status.reason = "beyond_horizon"
    status.status = "on_track" if reached <= target.target_year else "off_track"
    return status


def assess_all() -> list[TargetStatus]:
    years = engine.periods()
    targets = list(Target.objects.select_related("indicator"))
    indicators = list({t.indicator.code: t.indicator for t in targets}.values())
    computation = engine.Computation(indicators, years) if years and targets else None
    return [assess(t, years, computation) for t in targets]
