"""A call's allocation from its evaluated applications and the observatory's underserved
provinces (issue 7, item 5, through the services)."""

from __future__ import annotations

import pytest

from tadamon.errors import DomainError, PermissionDeniedError
from tadamon.funding import services
from tadamon.funding.models import AllocationRun
from tadamon.funding.services import allocating
from tadamon.funding.tests.conftest import MAD
from tadamon.funding.tests.test_calls import call_fields
from tadamon.funding.tests.test_evaluation import CRITERIA, applicant
from tadamon.history.models import HistoryEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluated(ministry_staff, budget_fund, national_registrar, monkeypatch):
    """Four applications of 150,000 MAD each, fully evaluated: two in Casablanca scored
    higher, two in Al Hoceïma (underserved here); the budget pays for two."""
    monkeypatch.setattr(allocating, "underserved_provinces", lambda *_a, **_k: {"051"})
    call = services.open_call(ministry_staff, budget_fund, call_fields(
        "equity", criteria=CRITERIA, budget=300_000 * MAD, evaluations_needed=1,
        min_underserved_share=0.5,
    ))  # fmt: skip
    applications = [applicant(national_registrar, code, n, call)
                    for n, code in enumerate(["141", "141", "051", "051"])]  # fmt: skip
    from conftest import make_user

    evaluator = make_user("hind_evaluator", "evaluator")
    services.assign_evaluators(ministry_staff, call, [evaluator])
    for application, score in zip(applications, [9, 8.5, 7, 6], strict=True):
        services.evaluate(evaluator, application, {"impact": score, "women": score})
    return call, applications


def test_the_underserved_minimum_changes_who_is_funded_and_its_price_is_shown(
    ministry_staff, evaluated
):
    call, (casa_1, _casa_2, hoceima_1, _hoceima_2) = evaluated
    run, report = services.allocate_call(ministry_staff, call)
    funded = set(run.grants.values_list("application_id", flat=True))
    assert funded == {casa_1.pk, hoceima_1.pk}  # half to the underserved province
    assert run.total_amount == 300_000 * MAD and run.optimal
    assert run.total_score == pytest.approx(90 + 70)
    assert run.ranking_score == pytest.approx(90 + 85)  # the plain ranking: both Casablanca
    assert run.ranking_breaks == ["min_underserved_share"]
    prices = {p["rule"]: p["price"] for p in run.rule_prices}
    assert prices["min_underserved_share"] == pytest.approx(15)
    assert run.underserved_provinces == ["051"]
    assert HistoryEntry.objects.filter(action="funding:allocate").count() == 1
    assert report.allocation.total_centimes == run.total_amount


def test_only_the_funds_staff_allocate(evaluated, analyst, region_staff):
    call, _applications = evaluated
    for actor in (analyst, region_staff):
        with pytest.raises(PermissionDeniedError):
            services.allocate_call(actor, call)
    assert not AllocationRun.objects.exists()


def test_a_call_without_complete_evaluations_has_nothing_to_allocate(
    ministry_staff, budget_fund, monkeypatch
):
    monkeypatch.setattr(allocating, "underserved_provinces", lambda *_a, **_k: set())
    call = services.open_call(ministry_staff, budget_fund, call_fields("empty"))
    with pytest.raises(DomainError) as caught:
        services.allocate_call(ministry_staff, call)
    assert caught.value.code == "nothing_to_allocate"
