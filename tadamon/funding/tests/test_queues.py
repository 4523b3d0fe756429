# ruff: noqa: F811 (fixtures imported from test_contracts, then named as arguments)
"""The evaluator's and the verifier's queue pages and their forms."""

from __future__ import annotations

import html

import pytest

from conftest import make_user
from tadamon.funding import services
from tadamon.funding.models import Evaluation, Result
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


def test_an_evaluator_scores_from_the_page(client, ministry_staff, budget_fund, coop_hoceima,
                                           representative, national_registrar):  # fmt: skip
    registry.file_declaration(national_registrar, coop_hoceima, TODAY.year - 1,
                              {"members_total": 12})  # fmt: skip
    call = services.open_call(ministry_staff, budget_fund, call_fields("queue-call"))
    application = services.apply(representative, call, coop_hoceima, application_fields())
    amina = make_user("amina_page", "evaluator")
    services.assign_evaluators(ministry_staff, call, [amina])
    client.force_login(amina)
    page = html.unescape(client.get("/funding/evaluate/?lang=ar", follow=True).content.decode())
    assert "وحدة تثمين زيت الأركان" in page and 'name="score-impact"' in page
    url = f"/funding/evaluate/{application.pk}/"
    client.post(url, {"score-impact": "11"}, follow=True)  # out of range: refused
    assert not Evaluation.objects.exists()
    client.post(url, {"score-impact": "7,5", "comment": "مشروع واعد"}, follow=True)
    assert Evaluation.objects.get().total == 75


def test_a_verifier_decides_from_the_page_and_reads_the_evidence(
    client, ministry_staff, ministry, budget_fund, applied, verifier, representative
):
    services.contribute(ministry_staff, budget_fund, 1_000_000 * MAD)
    contract = award(ministry_staff, applied(ministry_staff, budget_fund, "verify-page"),
                     verifier, [ministry])  # fmt: skip
    result = services.report_result(representative, contract.metrics.get(code="women_jobs"),
                                    contract.periods.get(number=1), 6, evidence())  # fmt: skip
    client.force_login(verifier)
    page = client.get("/funding/verify/", follow=True).content.decode()
    assert f'id="result-{result.pk}"' in page
    assert client.get(f"/funding/evidence/{result.pk}/").status_code == 200
    url = f"/funding/verify/{result.pk}/"
    client.post(url, {"decision": "adjust", "value": "5"}, follow=True)  # no reason: refused
    assert Result.objects.get().state == "reported"
    client.post(url, {"decision": "adjust", "value": "5", "reason": "عقد غير موقع"}, follow=True)
    assert Result.objects.get().verified_value == 5
    client.force_login(make_user("other_verifier", "verifier"))
    assert client.get(f"/funding/evidence/{result.pk}/").status_code == 404


@pytest.mark.parametrize("role", ["funder", "representative", "analyst", "national_registrar"])
def test_the_queues_are_for_their_roles(client, role, coop_hoceima):
    extra = {"organization": coop_hoceima} if role == "representative" else {}
    client.force_login(make_user(f"q_{role}", role, **extra))
    assert client.get("/funding/evaluate/").status_code == 403
    assert client.get("/funding/verify/").status_code == 403
    client.logout()
    assert client.get("/funding/verify/").status_code == 302
