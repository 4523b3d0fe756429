# ruff: noqa: F811 (fixtures imported from test_contracts, then named as arguments)
"""The public funding pages: the dashboard with its Sankey data, and a payment traced back."""

from __future__ import annotations

import html
import json

import pytest

from tadamon.funding import services
from tadamon.funding.models import LedgerTransaction
from tadamon.funding.tests.conftest import MAD
from tadamon.funding.tests.test_contracts import (  # noqa: F401 (fixtures)
    applied,
    award,
    evidence,
    media,
    verifier,
)
from tadamon.territory.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(ministry_staff, ministry, budget_fund, applied, verifier, representative):
    services.contribute(ministry_staff, budget_fund, 1_000_000 * MAD)
    contract = award(ministry_staff, applied(ministry_staff, budget_fund, "pages"), verifier,
                     [ministry])  # fmt: skip
    women = contract.metrics.get(code="women_jobs")
    period = contract.periods.get(number=1)
    services.verify_result(verifier, services.report_result(
        representative, women, period, 3, evidence()), "accept")  # fmt: skip
    services.request_result_payment(ministry_staff, contract, period)
    return LedgerTransaction.objects.get(kind="payment")


def test_the_dashboard_in_arabic_and_french(client, paid):
    page = client.get("/funding/?lang=ar", follow=True)
    text = page.content.decode()
    assert page.status_code == 200 and 'dir="rtl"' in text
    assert "صندوق budget" in text and "منصب شغل قار لامرأة" in text
    assert "24,000\u00a0درهم" in text  # paid: 3 jobs × 8,000 MAD
    sankey = json.loads(text.split('id="funding-sankey-data" type="application/json">')[1]
                        .split("</script>")[0])  # fmt: skip
    names = {n["name"] for n in sankey["nodes"]}
    assert Region.objects.get(code="01").name_ar in names  # Al Hoceïma's region
    assert sum(link["value"] for link in sankey["links"]
               if link["target"] == "منصب شغل قار لامرأة لمدة ستة أشهر") == 24_000  # fmt: skip
    page = client.get("/funding/?lang=fr", follow=True)
    text = page.content.decode()
    assert 'dir="ltr"' in text and "Fonds budget" in text and "24\u202f000\u00a0MAD" in text


def test_a_payment_traced_back_to_its_source(client, paid):
    page = client.get(f"/funding/payments/{paid.pk}/?lang=fr", follow=True)
    text = html.unescape(page.content.decode())
    for piece in ("Emploi stable d'une femme", "8\u202f000\u00a0MAD", "Coopérative Tighanimine",
                  "Ministère du Tourisme", "Appel à projets coopératives féminines"):  # fmt: skip
        assert piece in text, piece
    assert "salma_verifier" not in text  # no personal account names on a public page
    assert client.get("/funding/payments/999999/").status_code == 404
