"""Evaluation: conflicts kept out, disagreement calls a third opinion, the ranking (item 4)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from conftest import cooperative_fields, make_user, register_reviewed
from tadamon.errors import DomainError, PermissionDeniedError, ValidationFailed
from tadamon.funding import services
from tadamon.funding.services.evaluation import status, weighted_total
from tadamon.funding.tests.test_calls import TODAY, application_fields, call_fields
from tadamon.registry import services as registry
from tadamon.territory.models import Province, Region

pytestmark = pytest.mark.django_db

CRITERIA = [
    {"code": "impact", "name_ar": "الأثر الاجتماعي", "name_fr": "Impact social", "weight": 3},
    {"code": "women", "name_ar": "إشراك النساء", "name_fr": "Place des femmes", "weight": 1},
]


@pytest.fixture
def call(ministry_staff, budget_fund):
    return services.open_call(ministry_staff, budget_fund,
                              call_fields(criteria=CRITERIA, evaluations_needed=2,
                                          disagreement_threshold=20))  # fmt: skip


def applicant(national_registrar, province_code: str, n: int, call):
    """A registered body of that province that filed last year and applied."""
    body = register_reviewed(national_registrar, cooperative_fields(
        Province.objects.get(code=province_code),
        name_ar=f"تعاونية الواحة {n}", name_fr=f"Coopérative Al Waha {n}"))  # fmt: skip
    registry.file_declaration(national_registrar, body, TODAY.year - 1, {"members_total": 9})
    representative = make_user(f"rep_{n}", "representative", organization=body)
    return services.apply(representative, call, body,
                          application_fields(title=f"مشروع {n}"))  # fmt: skip


@pytest.fixture
def applications(national_registrar, call):
    """Two in Al Hoceïma (region 01), two in Casablanca (region 06)."""
    return [applicant(national_registrar, code, n, call)
            for n, code in enumerate(["051", "051", "141", "141"])]  # fmt: skip


@pytest.fixture
def evaluators(ministry_staff, call):
    people = [make_user(name, "evaluator") for name in ("amina", "youssef", "karim")]
    services.assign_evaluators(ministry_staff, call, people)
    return people


def test_the_weighted_total_is_out_of_100(call):
    assert weighted_total(call, {"impact": 10, "women": 10}) == 100
    assert weighted_total(call, {"impact": 8, "women": 4}) == pytest.approx(70.0)


def test_a_declared_conflict_keeps_the_evaluator_away(evaluators, applications):
    amina, youssef, _karim = evaluators
    services.declare_conflict(amina, region=Region.objects.get(code="01"),
                              reason="عضو سابق في مكتب جمعية بالجهة")  # fmt: skip
    services.declare_conflict(youssef, organization=applications[2].organization,
                              reason="قريب رئيسة التعاونية")  # fmt: skip
    assert [a.pk for a in services.queue(amina)] == [applications[2].pk, applications[3].pk]
    assert applications[2].pk not in [a.pk for a in services.queue(youssef)]
    with pytest.raises(PermissionDeniedError) as caught:
        services.evaluate(amina, applications[0], {"impact": 9, "women": 9})
    assert caught.value.code == "evaluation_conflict"
    assert "تضارب" in caught.value.message_ar and "conflit" in caught.value.message_fr
    with pytest.raises(PermissionDeniedError):
        services.evaluate(youssef, applications[2], {"impact": 9, "women": 9})


def test_disagreement_calls_for_a_third_evaluation_and_the_ranking_follows(
    evaluators, applications, call
):
    amina, youssef, karim = evaluators
    first, second, third, fourth = applications
    for application, (a, b) in zip(applications, [(80, 85), (90, 40), (60, 62), (70, 71)],
                                   strict=True):  # fmt: skip
        services.evaluate(amina, application, {"impact": a / 10, "women": a / 10})
        services.evaluate(youssef, application, {"impact": b / 10, "women": b / 10})
    disputed = status(second)
    assert disputed.disputed and disputed.required == 3 and not disputed.complete
    assert [a.pk for a in services.queue(karim)] == [second.pk]  # only the disputed one
    with pytest.raises(DomainError) as caught:
        services.evaluate(karim, first, {"impact": 5, "women": 5})
    assert caught.value.code == "evaluation_not_needed"
    order = [r.application.pk for r in services.ranking(call)]
    assert order == [first.pk, fourth.pk, third.pk, second.pk]  # the disputed one waits
    services.evaluate(karim, second, {"impact": 9.5, "women": 9.5})
    ranked = services.ranking(call)
    assert [r.application.pk for r in ranked] == [first.pk, second.pk, fourth.pk, third.pk]
    assert ranked[1].status.mean == pytest.approx((90 + 40 + 95) / 3)


def test_scores_are_checked_per_criterion(evaluators, applications):
    amina = evaluators[0]
    with pytest.raises(ValidationFailed) as caught:
        services.evaluate(amina, applications[0], {"impact": 11, "style": 3})
    fields = {(e.code, e.field) for e in caught.value.errors}
    assert fields == {("score_invalid", "scores.impact"), ("score_invalid", "scores.women"),
                      ("criterion_unknown", "scores")}  # fmt: skip
    assert "الأثر الاجتماعي" in caught.value.errors[0].message_ar
    services.evaluate(amina, applications[0], {"impact": 7, "women": 6})
    with pytest.raises(DomainError) as caught:
        services.evaluate(amina, applications[0], {"impact": 7, "women": 6})
    assert caught.value.code == "already_evaluated"


@pytest.mark.parametrize("role", ["funder", "representative", "analyst", "national_registrar",
                                  "verifier", "administrator", "anonymous"])  # fmt: skip
def test_only_the_calls_evaluators_score(role, applications, evaluators):
    if role == "anonymous":
        actor = AnonymousUser()
    else:
        extra = {"organization": applications[0].organization} if role == "representative" else {}
        actor = make_user(f"x_{role}", role, **extra)
    with pytest.raises(PermissionDeniedError):
        services.evaluate(actor, applications[0], {"impact": 10, "women": 10})
    outsider = make_user("not_on_panel", "evaluator")
    with pytest.raises(PermissionDeniedError):
        services.evaluate(outsider, applications[0], {"impact": 10, "women": 10})


def test_only_evaluators_sit_on_a_panel(ministry_staff, call, analyst):
    with pytest.raises(DomainError) as caught:
        services.assign_evaluators(ministry_staff, call, [analyst])
    assert caught.value.code == "not_an_evaluator"
