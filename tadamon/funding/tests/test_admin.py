"""The back office shows funds and the ledger, read-only, to funders and administrators."""

from __future__ import annotations

import pytest

from conftest import make_user
from tadamon.funding import services
from tadamon.funding.tests.conftest import MAD

pytestmark = pytest.mark.django_db


@pytest.fixture
def books(ministry_staff, budget_fund, coop_hoceima):
    services.contribute(ministry_staff, budget_fund, 12_345 * MAD)
    services.request_operation(ministry_staff, "commitment", budget_fund, coop_hoceima, 345 * MAD)
    return budget_fund


@pytest.mark.parametrize("role, status", [
    ("funder", 200), ("administrator", 200), ("analyst", 403), ("national_registrar", 403),
])  # fmt: skip
def test_who_reads_the_funds(client, books, role, status):
    client.force_login(make_user(f"reader_{role}", role))
    page = client.get("/admin/funding/fund/")
    assert page.status_code == status
    if status == 200:
        text = page.content.decode()
        assert "12\u202f000,00" in text and "345,00" in text  # available and committed
        assert client.get("/admin/funding/ledgertransaction/").status_code == 200
        assert client.get("/admin/funding/fund/add/").status_code == 403
