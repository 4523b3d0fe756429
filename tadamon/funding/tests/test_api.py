# ruff: noqa: F811 (fixtures imported from test_contracts, then named as arguments)
"""The funding API: public reads, and applying, evaluating and verifying with a token."""

from __future__ import annotations

import pytest

from conftest import make_user
from tadamon.accounts.tokens import create_token_from_console
from tadamon.funding import services
from tadamon.funding.models import Application, Evaluation, LedgerTransaction
from tadamon.funding.tests.conftest import MAD
from tadamon.funding.tests.test_calls import TODAY, application_fields, call_fields
from tadamon.funding.tests.test_contracts import (  # noqa: F401 (fixtures)
    applied,
    award,
    evidence,
    media,
    verifier,
)
from tadamon.registry import services as registry

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token_from_console(user, 'tests').key}"}


@pytest.fixture
def call(ministry_staff, budget_fund):
    return services.open_call(ministry_staff, budget_fund, call_fields("api-call"))


def test_funds_and_calls_are_public(client, ministry_staff, budget_fund, call):
    services.contribute(ministry_staff, budget_fund, 5_000 * MAD)
    funds = client.get("/api/v1/funding/funds").json()
    assert funds == [{"code": "budget", "name_ar": "صندوق budget", "name_fr": "Fonds budget",
                      "source_type": "state_budget", "quorum": 1, "funders": ["mtaess"],
                      "contributed": 500_000, "available": 500_000, "endowment": 0,
                      "committed": 0, "paid": 0}]  # fmt: skip
    calls = client.get("/api/v1/funding/calls").json()
    assert [c["code"] for c in calls] == ["api-call"]
    assert calls[0]["title_ar"] == "طلب عروض دعم التعاونيات النسائية"


def test_a_representative_applies_with_a_token(
    client, call, coop_hoceima, representative, national_registrar, analyst
):
    registry.file_declaration(national_registrar, coop_hoceima, TODAY.year - 1,
                              {"members_total": 12})  # fmt: skip
    body = {"registry_id": coop_hoceima.registry_id, **application_fields()}
    url = "/api/v1/funding/calls/api-call/applications"
    assert client.post(url, body, content_type="application/json").status_code == 401
    refused = client.post(url, body, content_type="application/json", **bearer(analyst))
    assert refused.status_code == 403 and refused.json()["message_ar"]
    created = client.post(url, body, content_type="application/json", **bearer(representative))
    assert created.status_code == 201, created.json()
    assert created.json()["requested"] == 150_000 * MAD
    again = client.post(url, body, content_type="application/json", **bearer(representative))
    assert again.status_code == 400 and again.json()["code"] == "already_applied"
    bad = client.post(url, {**body, "budget_lines": []}, content_type="application/json",
                      **bearer(representative))  # fmt: skip
    assert bad.status_code == 400
    assert Application.objects.count() == 1


def test_an_evaluator_scores_from_the_queue(client, ministry_staff, call, coop_hoceima,
                                             representative, national_registrar):  # fmt: skip
    registry.file_declaration(national_registrar, coop_hoceima, TODAY.year - 1,
                              {"members_total": 12})  # fmt: skip
    application = services.apply(representative, call, coop_hoceima, application_fields())
    amina = make_user("amina_eval", "evaluator")
    services.assign_evaluators(ministry_staff, call, [amina])
    queue = client.get("/api/v1/funding/evaluations/queue", **bearer(amina)).json()
    assert [a["id"] for a in queue] == [application.pk]
    assert client.get("/api/v1/funding/evaluations/queue").status_code == 403
    url = f"/api/v1/funding/applications/{application.pk}/evaluations"
    scored = client.post(url, {"scores": {"impact": 8}}, content_type="application/json",
                         **bearer(amina))  # fmt: skip
    assert scored.status_code == 201 and scored.json()["total"] == 80
    assert Evaluation.objects.count() == 1


def test_a_verifier_decides_and_the_payment_is_traced(
    client,
    ministry_staff,
    ministry,
    budget_fund,
    applied,
    verifier,
    representative,
):
    services.contribute(ministry_staff, budget_fund, 1_000_000 * MAD)
    contract = award(ministry_staff, applied(ministry_staff, budget_fund, "api-trace"), verifier,
                     [ministry])  # fmt: skip
    metric = contract.metrics.get(code="women_jobs")
    result = services.report_result(representative, metric, contract.periods.get(number=1), 4,
                                    evidence())  # fmt: skip
    queue = client.get("/api/v1/funding/results/queue", **bearer(verifier)).json()
    assert [r["id"] for r in queue] == [result.pk]
    url = f"/api/v1/funding/results/{result.pk}/verification"
    no_reason = client.post(url, {"decision": "adjust", "value": 3},
                            content_type="application/json", **bearer(verifier))  # fmt: skip
    assert no_reason.status_code == 400 and no_reason.json()["code"] == "reason_required"
    done = client.post(url, {"decision": "adjust", "value": 3, "reason": "عقد غير موقع"},
                       content_type="application/json", **bearer(verifier))  # fmt: skip
    assert done.status_code == 200 and done.json()["verified_value"] == 3
    services.request_result_payment(ministry_staff, contract, contract.periods.get(number=1))
    payment = LedgerTransaction.objects.get(kind="payment")
    traced = client.get(f"/api/v1/funding/payments/{payment.pk}").json()
    assert traced["amount"] == 24_000 * MAD and traced["call"] == "api-trace"
    assert traced["results"] == [{"metric": "women_jobs", "period": 1, "verified_value": 3.0,
                                  "amount": 24_000 * MAD}]  # fmt: skip
    assert client.get("/api/v1/funding/payments/999999").status_code == 404
