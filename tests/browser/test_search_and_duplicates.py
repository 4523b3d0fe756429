"""Finding a body from the other script, and deciding a look-alike, in a real browser."""

import datetime as dt

import pytest

from conftest import cooperative_fields, register_reviewed
from tadamon.identity.models import DuplicateFlag
from tadamon.registry.models import Organization
from tadamon.territory.models import Province
from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


@pytest.fixture
def womens_cooperative(registrar):
    fields = cooperative_fields(
        Province.objects.get(code="051"), name_ar="تعاونية تيغانيمين النسوية للأركان", name_fr=""
    )
    return register_reviewed(registrar, fields, "ملف كامل", dt.date(2024, 3, 1))


def test_a_french_search_finds_the_arabic_record_then_a_lookalike_is_decided(
    page, live_server, registrar, womens_cooperative, screenshot
):
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/registry/organization/")
    page.fill("#searchbar", "Cooperative feminine Tiganimin argan")
    page.press("#searchbar", "Enter")
    page.wait_for_selector("#result_list")
    first_row = page.inner_text("#result_list tbody tr:first-child")
    assert "تعاونية تيغانيمين النسوية للأركان" in first_row
    screenshot(page, "admin-search-cross-script-ar")

    # The same body filed again from a French-only file: flagged on saving.
    page.goto(f"{live_server.url}/admin/registry/organization/add/")
    page.select_option("#id_legal_form", "cooperative")
    page.fill("#id_name_fr", "Coopérative féminine Tighanimine d'argane")
    page.select_option("#id_province", "051")
    page.select_option("#id_sector", "argan")
    page.fill("#id_founding_date", "2015-06-01")
    page.click("input[name=_save]")
    warning = page.wait_for_selector(".messagelist .warning")
    assert "تعاونية تيغانيمين النسوية للأركان" in warning.inner_text()
    screenshot(page, "admin-lookalike-warning-ar")
    page.click(".messagelist .warning a")
    page.wait_for_selector("[name='reject-reason']")
    screenshot(page, "admin-duplicate-review-ar")
    page.fill("[name='reject-reason']", "هيئتان مختلفتان: محضرا تأسيس مختلفان")
    page.click("input[name=reject]")
    page.wait_for_selector(".messagelist .success")
    flag = DuplicateFlag.objects.get()
    assert flag.status == "rejected"
    applied = Organization.objects.get(name_fr="Coopérative féminine Tighanimine d'argane")
    assert applied.status == "submitted"
