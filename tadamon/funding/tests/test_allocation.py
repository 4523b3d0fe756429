"""Allocation with territorial equity: hand-built calls whose optimum is known by
hand, the rules' prices, the plain ranking, money in whole centimes within the
budget, bilingual refusals, and the optimum checked against every subset of
small random calls."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from tadamon.errors import DomainError, ValidationFailed
from tadamon.funding.allocation import (
    ONE_PER_ORGANIZATION,
    REGION_CAP,
    UNDERSERVED,
    Application,
    Rules,
    allocate,
    compare,
    rank_top_down,
    rules_broken,
)
from tadamon.funding.allocation import _rounded as _rounded

MAD = 100  # centimes


def application(name, score, requested_mad, *, body=None, region="01", underserved=False,
                minimum_mad=None):  # fmt: skip
    return Application(
        id=name,
        organization_key=body or f"هيئة {name}",
        region_code=region,
        province_code=f"{region}1",
        underserved=underserved,
        score=score,
        requested_centimes=requested_mad * MAD,
        minimum_centimes=None if minimum_mad is None else minimum_mad * MAD,
    )


def funded(allocation) -> dict[str, int]:
    return {g.application_id: g.amount_centimes for g in allocation.grants}


def price(report, rule) -> float:
    return next(p.price for p in report.rule_prices if p.rule == rule)


# ---------------------------------------------------------------- the optimum


def knapsack():
    return [
        application("جمعية الأمل", 60, 60),
        application("تعاونية النور", 50, 50),
        application("جمعية الواحة", 45, 50),
    ]


def test_the_optimum_beats_the_ranking_when_the_best_application_wastes_the_budget():
    rules = Rules(budget_centimes=100 * MAD)
    optimum = allocate(knapsack(), rules)
    assert funded(optimum) == {"تعاونية النور": 50 * MAD, "جمعية الواحة": 50 * MAD}
    assert optimum.total_score == pytest.approx(95)
    assert optimum.optimal and optimum.status == "Optimal" and optimum.mip_gap <= 1e-9


def test_the_ranking_funds_the_best_first_and_skips_what_no_longer_fits():
    ranking = rank_top_down(knapsack(), Rules(budget_centimes=100 * MAD))
    assert funded(ranking) == {"جمعية الأمل": 60 * MAD}
    assert ranking.total_score == pytest.approx(60) and not ranking.optimal


def underserved_call():
    return [
        application("جمعية الرباط", 90, 50, region="04"),
        application("تعاونية الدار البيضاء", 80, 50, region="06"),
        application("جمعية فكيك", 40, 50, region="02", underserved=True),
    ]


def test_the_underserved_minimum_brings_in_a_lower_scored_application():
    assert funded(allocate(underserved_call(), Rules(100 * MAD))) == {
        "جمعية الرباط": 50 * MAD,
        "تعاونية الدار البيضاء": 50 * MAD,
    }
    optimum = allocate(underserved_call(), Rules(100 * MAD, min_underserved_share=0.5))
    assert funded(optimum) == {"جمعية الرباط": 50 * MAD, "جمعية فكيك": 50 * MAD}
    assert optimum.underserved_share() == pytest.approx(0.5)


def region_call():
    return [
        application("جمعية أنفا", 90, 40, region="06"),
        application("تعاونية سيدي مومن", 85, 40, region="06"),
        application("جمعية شفشاون", 50, 40, region="01"),
        application("تعاونية جرادة", 30, 20, region="02"),
    ]


def test_the_region_cap_holds_a_region_to_its_share_of_what_is_granted():
    assert set(funded(allocate(region_call(), Rules(100 * MAD)))) == {
        "جمعية أنفا", "تعاونية سيدي مومن", "تعاونية جرادة",
    }  # fmt: skip
    optimum = allocate(region_call(), Rules(100 * MAD, max_region_share=0.5))
    assert set(funded(optimum)) == {"جمعية أنفا", "جمعية شفشاون", "تعاونية جرادة"}
    assert optimum.total_score == pytest.approx(170)
    assert optimum.region_centimes == {"01": 40 * MAD, "02": 20 * MAD, "06": 40 * MAD}


def same_body_call():
    return [
        application("مشروع الماء", 90, 50, body="جمعية تافيلالت"),
        application("مشروع المدرسة", 80, 50, body="جمعية تافيلالت"),
        application("مشروع الزيتون", 30, 50, body="تعاونية زاكورة"),
    ]


def test_a_body_gets_one_grant_only_when_the_call_says_so():
    optimum = allocate(same_body_call(), Rules(100 * MAD, one_grant_per_organization=True))
    assert set(funded(optimum)) == {"مشروع الماء", "مشروع الزيتون"}
    twice = allocate(same_body_call(), Rules(100 * MAD, one_grant_per_organization=False))
    assert set(funded(twice)) == {"مشروع الماء", "مشروع المدرسة"}
    ranking = rank_top_down(same_body_call(), Rules(100 * MAD, one_grant_per_organization=True))
    assert set(funded(ranking)) == {"مشروع الماء", "مشروع الزيتون"}


# ---------------------------------------------------------------- partial funding


def partial_call():
    return [
        application("جمعية الخير", 80, 60, minimum_mad=30),
        application("تعاونية البركة", 60, 60, minimum_mad=30),
    ]


def test_partial_funding_fills_the_budget_exactly():
    optimum = allocate(partial_call(), Rules(100 * MAD, partial_allowed=True))
    assert funded(optimum) == {"جمعية الخير": 60 * MAD, "تعاونية البركة": 40 * MAD}
    assert optimum.total_centimes == 100 * MAD
    assert optimum.total_score == pytest.approx(80 + 60 * 40 / 60)
    assert [g.fraction for g in optimum.grants] == pytest.approx([1, 2 / 3])


def test_without_partial_funding_an_application_is_funded_whole_or_not_at_all():
    optimum = allocate(partial_call(), Rules(100 * MAD, partial_allowed=False))
    assert funded(optimum) == {"جمعية الخير": 60 * MAD}
    assert optimum.grants[0].fraction == 1.0


def test_a_partial_grant_never_goes_below_the_applications_minimum():
    call = [
        application("جمعية الخير", 80, 60),
        application("تعاونية البركة", 60, 60, minimum_mad=50),
    ]
    optimum = allocate(call, Rules(100 * MAD, partial_allowed=True))
    assert funded(optimum) in ({"جمعية الخير": 60 * MAD}, {"تعاونية البركة": 60 * MAD})
    assert optimum.total_score == pytest.approx(80)


def test_a_fraction_of_a_centime_is_rounded_down():
    call = [
        application("جمعية المدينة", 100, 100, minimum_mad=1),
        application("تعاونية الجبل", 1, 10, minimum_mad=1, underserved=True, region="08"),
    ]
    rules = Rules(100 * MAD, partial_allowed=True, min_underserved_share=0.3)
    optimum = allocate(call, rules)
    # the underserved 10 MAD must be 30 % of the total: the city gets 23.333… MAD
    assert funded(optimum) == {"جمعية المدينة": 2333, "تعاونية الجبل": 10 * MAD}
    assert all(type(g.amount_centimes) is int for g in optimum.grants)
    assert optimum.underserved_share() >= 0.3


@pytest.mark.parametrize("seed", range(5))
def test_grants_are_whole_centimes_within_the_budget_and_the_minimums(seed):
    rng = random.Random(seed)
    call = [
        Application(
            id=f"طلب {i}", organization_key=f"هيئة {i % 25}",
            region_code=f"{rng.randint(1, 12):02d}", province_code="000",
            underserved=rng.random() < 0.3, score=rng.uniform(0, 100),
            requested_centimes=(requested := rng.randint(50_000, 2_000_000) * MAD
                                + rng.randint(0, 99)),
            minimum_centimes=int(requested * rng.uniform(0.3, 0.9)),
        )
        for i in range(60)
    ]  # fmt: skip
    budget = sum(a.requested_centimes for a in call) // 4 + rng.randint(0, 99)
    rules = Rules(budget, partial_allowed=True, min_underserved_share=0.3, max_region_share=0.2)
    optimum = allocate(call, rules)
    by_id = {a.id: a for a in call}
    assert optimum.optimal
    assert 0 < optimum.total_centimes <= budget
    assert optimum.total_centimes == sum(g.amount_centimes for g in optimum.grants)
    for grant in optimum.grants:
        assert type(grant.amount_centimes) is int
        assert by_id[grant.application_id].minimum_centimes <= grant.amount_centimes
        assert grant.amount_centimes <= by_id[grant.application_id].requested_centimes
    assert rules_broken(optimum, call, rules) == []


def test_grants_over_the_budget_are_cut_from_the_partial_grant_of_least_value_per_dirham():
    call = [
        application("جمعية الخير", 80, 60, minimum_mad=30),
        application("تعاونية البركة", 60, 60, minimum_mad=30),
    ]
    rules = Rules(100 * MAD, partial_allowed=True)
    # as if HiGHS had returned fractions 2 MAD over the budget, in either order
    grants = _rounded(call, np.array([1.0, 0.7]), rules)
    assert [g.amount_centimes for g in grants] == [60 * MAD, 40 * MAD]
    grants = _rounded(call, np.array([0.7, 1.0]), rules)
    assert [g.amount_centimes for g in grants] == [42 * MAD, 58 * MAD]


def test_a_whole_grant_is_dropped_only_when_no_partial_grant_can_absorb_the_excess():
    call = [application("جمعية الخير", 80, 60), application("تعاونية البركة", 30, 41)]
    grants = _rounded(call, np.array([1.0, 1.0]), Rules(100 * MAD))
    assert [g.application_id for g in grants] == ["جمعية الخير"]
    call = [application("جمعية الخير", 80, 60), application("تعاونية البركة", 30, 41,
            minimum_mad=20)]  # fmt: skip
    grants = _rounded(call, np.array([1.0, 1.0]), Rules(100 * MAD, partial_allowed=True))
    assert [g.amount_centimes for g in grants] == [60 * MAD, 40 * MAD]


def test_the_ranking_gives_what_is_left_to_the_first_that_does_not_fit_if_it_can_take_it():
    call = [
        application("جمعية الخير", 80, 60),
        application("تعاونية البركة", 60, 60, minimum_mad=40),
    ]
    ranking = rank_top_down(call, Rules(100 * MAD, partial_allowed=True))
    assert funded(ranking) == {"جمعية الخير": 60 * MAD, "تعاونية البركة": 40 * MAD}
    short = rank_top_down(call, Rules(90 * MAD, partial_allowed=True))
    assert funded(short) == {"جمعية الخير": 60 * MAD}


# ---------------------------------------------------------------- prices and comparison


def test_each_rule_is_priced_at_the_score_it_costs():
    report = compare(underserved_call(), Rules(100 * MAD, min_underserved_share=0.5))
    assert price(report, UNDERSERVED) == pytest.approx(170 - 130)
    assert price(report, ONE_PER_ORGANIZATION) == 0
    assert report.without_equity_rules.total_score == pytest.approx(170)
    assert report.ranking.total_score == pytest.approx(170)
    assert report.ranking_breaks == [UNDERSERVED]

    report = compare(region_call(), Rules(100 * MAD, max_region_share=0.5))
    assert price(report, REGION_CAP) == pytest.approx(205 - 170)
    assert report.ranking_breaks == [REGION_CAP]

    report = compare(same_body_call(), Rules(100 * MAD))
    assert price(report, ONE_PER_ORGANIZATION) == pytest.approx(170 - 120)
    assert report.ranking_breaks == []


def test_rules_the_call_does_not_set_have_no_price():
    report = compare(knapsack(), Rules(100 * MAD, one_grant_per_organization=False))
    assert report.rule_prices == []
    assert all(p.price >= 0 and p.exact for p in compare(region_call(), Rules(
        100 * MAD, min_underserved_share=0.0, max_region_share=0.5)).rule_prices)  # fmt: skip


# ---------------------------------------------------------------- refusals


def test_an_underserved_minimum_no_application_can_reach_is_refused_in_arabic_and_french():
    call = region_call()
    with pytest.raises(DomainError) as refused:
        allocate(call, Rules(100 * MAD, min_underserved_share=0.3))
    assert refused.value.code == "allocation_underserved_share_unreachable"
    assert refused.value.field == "min_underserved_share"
    assert "الأقل تغطية" in refused.value.message_ar and "30٪" in refused.value.message_ar
    assert "mal desservis" in refused.value.message_fr and "30 %" in refused.value.message_fr
    # an underserved application too large for the budget does not help
    too_large = [*call, application("جمعية طاطا", 70, 150, region="09", underserved=True)]
    with pytest.raises(DomainError, match="mal desservis"):
        allocate(too_large, Rules(100 * MAD, min_underserved_share=0.3))
    # one that fits does
    fits = [*call, application("جمعية طاطا", 70, 15, region="09", underserved=True)]
    assert "جمعية طاطا" in funded(allocate(fits, Rules(100 * MAD, min_underserved_share=0.3)))


def test_a_region_cap_that_one_region_alone_cannot_meet_is_refused():
    call = [application("جمعية أنفا", 90, 40, region="06"), application("جمعية عين الشق", 80, 40,
            region="06")]  # fmt: skip
    with pytest.raises(DomainError) as refused:
        allocate(call, Rules(100 * MAD, max_region_share=0.25))
    assert refused.value.code == "allocation_region_share_unreachable"
    assert "لكل جهة" in refused.value.message_ar and "25 %" in refused.value.message_fr


def test_shares_that_hold_alone_but_not_together_are_refused_as_a_conflict():
    call = [
        application("جمعية الراشيدية", 60, 30, region="08", underserved=True),
        application("جمعية الرباط", 90, 30, region="04"),
    ]
    rules = Rules(100 * MAD, min_underserved_share=0.6, max_region_share=0.5)
    with pytest.raises(DomainError) as refused:
        allocate(call, rules)
    assert refused.value.code == "allocation_equity_rules_conflict"
    assert "60 %" in refused.value.message_fr and "50٪" in refused.value.message_ar


def test_two_rules_that_each_block_the_call_are_both_reported():
    call = [application("جمعية أنفا", 90, 40, region="06")]
    with pytest.raises(ValidationFailed) as refused:
        allocate(call, Rules(100 * MAD, min_underserved_share=0.3, max_region_share=0.25))
    assert [e.code for e in refused.value.errors] == [
        "allocation_underserved_share_unreachable",
        "allocation_region_share_unreachable",
    ]


def test_a_call_where_nothing_fits_the_budget_funds_nothing_without_refusing():
    call = [application("جمعية الراشيدية", 60, 300, underserved=True)]
    allocation = allocate(call, Rules(100 * MAD, min_underserved_share=0.3))
    assert allocation.grants == [] and allocation.total_centimes == 0


def test_money_in_anything_but_whole_centimes_is_refused():
    call = [application("جمعية الأمل", 60, 60), application("جمعية الأمل", 50, 50)]
    floating = Application("جمعية النور", "هيئة", "01", "011", False, 50, 5000.5)
    with pytest.raises(ValidationFailed) as refused:
        allocate([*call, floating], Rules(100.0 * MAD, min_underserved_share=1.5))
    assert {e.code for e in refused.value.errors} == {
        "allocation_budget",
        "allocation_share",
        "allocation_duplicate_application",
        "allocation_requested_amount",
    }
    assert all(e.message_ar and e.message_fr for e in refused.value.errors)


# ---------------------------------------------------------------- against brute force


def brute_force(call: list[Application], rules: Rules) -> float | None:
    """The best score over every subset (whole grants), or None if only the empty one is allowed."""
    best = None
    for size in range(1, len(call) + 1):
        for chosen in itertools.combinations(call, size):
            total = sum(a.requested_centimes for a in chosen)
            if total > rules.budget_centimes:
                continue
            if rules.one_grant_per_organization and (
                len({a.organization_key for a in chosen}) < len(chosen)
            ):
                continue
            underserved = sum(a.requested_centimes for a in chosen if a.underserved)
            if rules.min_underserved_share and underserved < rules.min_underserved_share * total:
                continue
            regions = {a.region_code for a in chosen}
            if rules.max_region_share is not None and any(
                sum(a.requested_centimes for a in chosen if a.region_code == r)
                > rules.max_region_share * total
                for r in regions
            ):
                continue
            score = sum(a.score for a in chosen)
            best = score if best is None else max(best, score)
    return best


@pytest.mark.parametrize("seed", range(40))
def test_the_optimum_equals_the_best_of_every_subset(seed):
    rng = random.Random(seed)
    call = [
        Application(
            id=f"طلب {i}", organization_key=f"هيئة {rng.randint(1, 8)}",
            region_code=rng.choice(["01", "04", "06", "08"]), province_code="000",
            underserved=rng.random() < 0.3, score=round(rng.uniform(0, 100), 1),
            requested_centimes=rng.randint(50, 500) * 1000 * MAD,
        )
        for i in range(10)
    ]  # fmt: skip
    rules = Rules(
        budget_centimes=sum(a.requested_centimes for a in call) * rng.randint(20, 60) // 100,
        min_underserved_share=rng.choice([None, 0.2, 0.3, 0.5]),
        max_region_share=rng.choice([None, 0.3, 0.4, 0.6]),
        one_grant_per_organization=rng.random() < 0.7,
    )
    best = brute_force(call, rules)
    if best is None:
        with pytest.raises(DomainError):
            allocate(call, rules)
        return
    optimum = allocate(call, rules)
    assert optimum.optimal
    assert optimum.total_score == pytest.approx(best, abs=1e-6)
    assert rules_broken(optimum, call, rules) == []
    assert optimum.total_centimes <= rules.budget_centimes
