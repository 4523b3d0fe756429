"""A registrar's day in the back office, in a real browser, in Arabic and in French."""

import pytest

from tadamon.history.chain import verify_chain
from tadamon.registry.models import Declaration, Organization
from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_home_page_in_arabic_then_french(page, live_server, screenshot):
    page.goto(live_server.url + "/")
    assert page.get_attribute("html", "lang") == "ar"
    assert page.get_attribute("html", "dir") == "rtl"
    # The shipped Arabic font is loaded, not a fallback that shows boxes.
    page.wait_for_function("document.fonts.check('16px \"Noto Naskh Arabic\"', 'تضامن')")
    assert page.evaluate("document.fonts.check('16px \"Noto Naskh Arabic\"', 'تضامن')")
    screenshot(page, "home-ar")
    page.click("a[lang=fr]")
    page.wait_for_selector("html[lang=fr]")
    assert page.get_attribute("html", "dir") == "ltr"
    screenshot(page, "home-fr")


def test_home_page_fits_a_phone(phone_page, live_server, screenshot):
    phone_page.goto(live_server.url + "/")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    screenshot(phone_page, "home-ar-phone")


def test_register_move_declare_and_read_history(page, live_server, registrar, screenshot):
    log_in(page, live_server)
    assert page.get_attribute("html", "dir") == "rtl"
    page.goto(f"{live_server.url}/admin/registry/organization/add/")
    page.select_option("#id_legal_form", "cooperative")
    page.fill("#id_name_ar", "تعاونية تيغانيمين للأركان")
    page.fill("#id_name_fr", "Coopérative Tighanimine")
    page.select_option("#id_province", "001")
    page.select_option("#id_sector", "argan")
    page.fill("#id_founding_date", "2012-05-01")
    screenshot(page, "admin-add-ar")
    page.click("input[name=_continue]")
    page.wait_for_selector(".lifecycle-action")
    org = Organization.objects.get()
    assert org.status == "submitted"

    page.click(".lifecycle-action[data-to=registered]")
    page.fill("#id_reason", "الملف كامل ومطابق للقانون 112.12")
    screenshot(page, "admin-status-ar")
    page.click("#status-form input[type=submit]")
    page.wait_for_selector(".lifecycle-action[data-to=suspended]")
    org.refresh_from_db()
    assert org.status == "registered"
    assert org.registry_id.startswith("09-")  # Agadir-Ida-Ou-Tanane is in Souss-Massa

    page.fill("#id_declarations-0-year", "2024")
    page.fill("#id_declarations-0-members_total", "40")
    page.fill("#id_declarations-0-members_women", "38")
    page.fill("#id_declarations-0-members_youth", "9")
    page.fill("#id_declarations-0-revenue_mad", "350000")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    assert Declaration.objects.get(organization=org).members_women == 38
    screenshot(page, "admin-change-ar")

    page.goto(f"{live_server.url}/admin/registry/organization/{org.pk}/history/")
    rows = page.locator("#registry-history > tbody > tr")
    assert rows.count() == 3  # create, status:registered, declaration:file
    screenshot(page, "admin-history-ar")
    assert verify_chain().ok

    page.goto(f"{live_server.url}/admin/registry/organization/{org.pk}/change/?lang=fr")
    assert page.get_attribute("html", "lang") == "fr"
    assert page.get_attribute("html", "dir") == "ltr"
    screenshot(page, "admin-change-fr")
