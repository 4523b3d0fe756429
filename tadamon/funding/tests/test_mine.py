# ruff: noqa: F811 (fixtures imported from test_contracts, then named as arguments)
"""The organization's funding page: eligibility per open call, its contract, reporting."""

from __future__ import annotations

import html

import pytest

from tadamon.funding import services
from tadamon.funding.models import Result
from tadamon.funding.tests.conftest import MAD
from tadamon.funding.tests.test_calls import call_fields
from tadamon.funding.tests.test_contracts import (  # noqa: F401 (fixtures)
    applied,
    award,
    evidence,
    media,
    verifier,
)

pytestmark = pytest.mark.django_db


def test_the_representative_sees_its_funding_and_reports_a_result(
    client, ministry_staff, ministry, budget_fund, applied, verifier, representative
):
    services.contribute(ministry_staff, budget_fund, 1_000_000 * MAD)
    contract = award(ministry_staff, applied(ministry_staff, budget_fund, "mine"), verifier,
                     [ministry])  # fmt: skip
    services.open_call(ministry_staff, budget_fund, call_fields(
        "strict-mine", legal_forms=["association"]))  # fmt: skip
    client.force_login(representative)
    page = html.unescape(client.get("/funding/mine/?lang=fr", follow=True).content.decode())
    assert "Emploi stable d'une femme" in page and "call_legal_form" in page
    metric = contract.metrics.get(code="women_jobs")
    period = contract.periods.get(number=1)
    url = f"/funding/mine/contracts/{contract.pk}/metrics/{metric.pk}/periods/{period.pk}/"
    answer = client.post(url, {"value": "4,0", "note": "عقود", "evidence": evidence()},
                         follow=True)  # fmt: skip
    assert answer.status_code == 200
    result = Result.objects.get()
    assert result.reported_value == 4.0 and result.reported_by == representative
    wrong = client.post(url, {"value": "كثير"}, follow=True)
    text = html.unescape(wrong.content.decode())
    assert "must be a number" in text or "doit être un nombre" in text
    assert Result.objects.get().reported_value == 4.0


def test_no_one_else_reaches_the_page(client, analyst):
    assert client.get("/funding/mine/").status_code == 302  # to the log-in page
    client.force_login(analyst)
    assert client.get("/funding/mine/").status_code == 403
