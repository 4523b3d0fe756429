"""Benchmark of the allocation with territorial equity (issue 7): 5,000 applications.

    python bench/bench_allocation.py              # 5,000 applications, 5 runs
    python bench/bench_allocation.py -a 1000 -n 3 # a quicker one
    python bench/bench_allocation.py --underserved 0.4 --region 0.18  # tighter rules

The call is generated (seeded): applications spread over the 75 provinces by
2024 census population (tadamon/territory/data/provinces.csv), whole provinces
marked underserved, drawn at random, until they hold about 30 % of them;
scores 0–100 (normal, mean 62, σ 16; +6 in Casablanca-Settat and +4 in
Rabat-Salé-Kénitra, −8 in underserved territories); requests 50,000–2,000,000
MAD (log-uniform, whole thousands of dirhams), each with a minimum of 50–90 %
of it; about 5 % of the bodies apply twice. The budget is 20 % of everything
requested; the rules: at least 30 % to underserved territories, at most 25 %
per region, one grant per body, partial funding allowed.

Timed, run by run in turn: the optimum (`allocate`, model building and HiGHS
together) and, as the baseline, the plain top-down ranking (`rank_top_down`)
on the same call; the ratio is optimum / ranking. Then once: the same call
without partial funding, the rule prices (`compare`), and the score of each.
Results and the exact command are in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "bench"))

from bench_demo import machine  # noqa: E402

from tadamon.funding import allocation  # noqa: E402
from tadamon.funding.allocation import Application, Rules  # noqa: E402
from tadamon.territory.reference import read_rows  # noqa: E402

MAD = 100  # centimes
TARGET_SECONDS = 5.0
# Bodies of the two largest cities write stronger applications, those of
# underserved territories weaker ones: so the region cap and the underserved
# minimum bind, as they would in a real call (evaluation scores follow capacity).
SCORE_SHIFT = {"06": 6, "04": 4}


def generate(
    count: int, seed: int, underserved_share: float = 0.30, region_share: float = 0.25
) -> tuple[list[Application], Rules]:
    rng = random.Random(seed)
    provinces = read_rows("provinces.csv")
    weights = [int(p["population_2024"]) for p in provinces]
    underserved: set[str] = set()
    held = 0
    for province in rng.sample(provinces, len(provinces)):
        if held >= 0.3 * sum(weights):
            break
        underserved.add(province["code"])
        held += int(province["population_2024"])
    applications = []
    body = 0
    while len(applications) < count:
        body += 1
        province = rng.choices(provinces, weights)[0]
        for _ in range(2 if rng.random() < 0.05 else 1):
            requested = round(10 ** rng.uniform(4.699, 6.301), -3)  # 50,000–2,000,000 MAD
            applications.append(Application(
                id=f"طلب-{len(applications) + 1:05d}",
                organization_key=f"هيئة-{body:05d}",
                region_code=province["region_code"],
                province_code=province["code"],
                underserved=province["code"] in underserved,
                score=round(min(100.0, max(0.0, rng.gauss(
                    62 + SCORE_SHIFT.get(province["region_code"], 0)
                    - (8 if province["code"] in underserved else 0), 16))), 2),
                requested_centimes=int(requested) * MAD,
                minimum_centimes=int(requested * rng.uniform(0.5, 0.9)) * MAD,
            ))  # fmt: skip
    applications = applications[:count]
    budget = sum(a.requested_centimes for a in applications) // 5
    rules = Rules(budget_centimes=budget, partial_allowed=True,
                  min_underserved_share=underserved_share, max_region_share=region_share,
                  one_grant_per_organization=True)  # fmt: skip
    return applications, rules


def rank_by_value(applications: list[Application], rules: Rules) -> allocation.Allocation:
    """The knapsack's textbook heuristic, for scale: the top-down ranking by score per dirham."""
    value = {a.id: a.score / a.requested_centimes for a in applications}
    reordered = [replace(a, score=value[a.id]) for a in applications]
    ranking = allocation.rank_top_down(reordered, rules)
    score = {a.id: a.score for a in applications}
    total = sum(score[g.application_id] * g.fraction for g in ranking.grants)
    return replace(ranking, total_score=total, status="ranking by score per dirham")


def _timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


def _spread(seconds: list[float]) -> str:
    return (f"median {statistics.median(seconds):.3f} s "
            f"(min {min(seconds):.3f}, max {max(seconds):.3f}, n={len(seconds)})")  # fmt: skip


def _describe(name: str, result: allocation.Allocation, rules: Rules) -> str:
    gap = "" if result.mip_gap is None else f", gap {result.mip_gap:.2g}"
    return (
        f"{name:<34} score {result.total_score:10.2f}  grants {len(result.grants):5d}  "
        f"spent {result.total_centimes / rules.budget_centimes:6.2%}  "
        f"underserved {result.underserved_share():6.2%}  "
        f"largest region {result.largest_region_share():6.2%}  "
        f"[{result.status}{gap}]"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-a", "--applications", type=int, default=5000)
    parser.add_argument("-n", "--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--underserved", type=float, default=0.30, help="minimum share")
    parser.add_argument("--region", type=float, default=0.25, help="maximum share per region")
    options = parser.parse_args()

    applications, rules = generate(
        options.applications, options.seed, options.underserved, options.region
    )
    print(f"{len(applications)} applications, "
          f"{len({a.organization_key for a in applications})} bodies, "
          f"{sum(a.underserved for a in applications) / len(applications):.1%} underserved, "
          f"budget {rules.budget_centimes / MAD:,.0f} MAD "
          f"(20 % of {sum(a.requested_centimes for a in applications) / MAD:,.0f})")  # fmt: skip

    optimum_seconds, ranking_seconds = [], []
    for _ in range(options.runs):
        seconds, optimum = _timed(allocation.allocate, applications, rules)
        optimum_seconds.append(seconds)
        seconds, ranking = _timed(allocation.rank_top_down, applications, rules)
        ranking_seconds.append(seconds)
    median = statistics.median(optimum_seconds)
    ratio = median / statistics.median(ranking_seconds)
    met = "✓" if median <= TARGET_SECONDS and optimum.optimal else "✗"
    print(
        f"optimum (allocate)      {_spread(optimum_seconds)}; HiGHS alone {optimum.seconds:.3f} s"
    )
    print(f"ranking (rank_top_down) {_spread(ranking_seconds)}")
    print(f"optimum / ranking: {ratio:,.0f} ×; target ≤ {TARGET_SECONDS:g} s and optimal: {met} "
          f"(status {optimum.status}, gap {optimum.mip_gap:.2g})")  # fmt: skip

    whole = replace(rules, partial_allowed=False)
    whole_seconds = []
    for _ in range(options.runs):
        seconds, whole_optimum = _timed(allocation.allocate, applications, whole)
        whole_seconds.append(seconds)
    print(f"without partial funding {_spread(whole_seconds)}")

    seconds, report = _timed(allocation.compare, applications, rules)
    same_rules = replace(rules, min_underserved_share=None, max_region_share=None)
    ranking_rules = allocation.allocate(applications, same_rules)
    print(f"compare (optimum, {len(report.rule_prices)} rule prices, no rules, ranking): "
          f"{seconds:.2f} s")  # fmt: skip
    print()
    print(_describe("optimum, every rule", optimum, rules))
    print(_describe("optimum, every rule, whole grants", whole_optimum, rules))
    print(_describe("optimum, budget and one per body", ranking_rules, rules))
    print(_describe("optimum, budget alone", report.without_equity_rules, rules)
          + f" in {report.without_equity_rules.seconds:.2f} s")  # fmt: skip
    print(_describe("top-down ranking", ranking, rules))
    print(_describe("ranking by score per dirham", rank_by_value(applications, rules), rules))
    print(f"ranking breaks: {', '.join(report.ranking_breaks) or 'nothing'}")
    for price in report.rule_prices:
        exact = "" if price.exact else " (not proven: a solve stopped short)"
        print(f"price of {price.rule:<28} {price.price:9.2f} points "
              f"({price.price / optimum.total_score:.2%}){exact}; "
              f"solved without it in {price.without_rule.seconds:.2f} s")  # fmt: skip
    print(f"optimum − ranking, same rules (budget, one per body): "
          f"{ranking_rules.total_score - ranking.total_score:.2f} points "
          f"({ranking_rules.total_score / ranking.total_score - 1:.2%})")  # fmt: skip
    print(f"optimum with every rule − ranking: {optimum.total_score - ranking.total_score:.2f} "
          f"points ({optimum.total_score / ranking.total_score - 1:.2%})")  # fmt: skip
    print(f"machine: {machine()}")


if __name__ == "__main__":
    main()
