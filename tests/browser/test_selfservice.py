"""A representative files its yearly declaration from a desktop and from a phone.

One mistake (more women members than members) is flagged while it is typed,
then fixed and saved; Arabic and French; axe-core finds nothing serious.
"""

import datetime as dt

import pytest

from tadamon.registry.models import Declaration
from tests.browser.axe import serious_violations
from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

YEAR = dt.date.today().year - 1


def fits_the_screen(page) -> bool:
    """No horizontal scrolling: the page is no wider than the window."""
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def log_in_as_representative(page, live_server, language: str) -> None:
    page.goto(f"{live_server.url}/login/?lang={language}")
    page.wait_for_selector(f"html[lang={language}]")
    assert fits_the_screen(page)
    page.fill("#id_username", "rep_tighanimine")
    page.fill("#id_password", "pass-Tadamon-2026")
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#organization-header")


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_representative_files_a_declaration_with_one_mistake_then_fixed(
    request, live_server, representative, coop_hoceima, screenshot, language, device
):
    page = request.getfixturevalue("page" if device == "desktop" else "phone_page")
    log_in_as_representative(page, live_server, language)
    assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
    assert fits_the_screen(page)
    screenshot(page, f"selfservice-dashboard-{language}-{device}")

    page.click("#declare-last-year")
    page.wait_for_selector("#declaration-form")
    assert f"/my/declarations/{YEAR}/" in page.url
    page.locator("#id_members_total").press_sequentially("40")
    page.locator("#id_members_women").press_sequentially("45")
    page.locator("#id_revenue_mad").press_sequentially("350000")
    # Flagged as typed: the server's check answers beside the field, before any submit.
    error = page.locator("#error-members_women")
    error.get_by_text("45").wait_for()
    expected = "يتجاوز عدد الأعضاء (40)" if language == "ar" else "dépasse nombre de membres (40)"
    assert expected in error.inner_text()
    assert page.get_attribute("#id_members_women", "aria-invalid") == "true"
    assert page.locator("#error-members_total").inner_text().strip() == ""
    assert fits_the_screen(page)
    screenshot(page, f"selfservice-declaration-mistake-{language}-{device}")
    assert serious_violations(page) == []
    assert not Declaration.objects.exists()

    page.locator("#id_members_women").fill("38")
    page.wait_for_function(
        "document.querySelector('#error-members_women').textContent.trim() === ''"
    )
    assert page.get_attribute("#id_members_women", "aria-invalid") is None
    page.click("#save-declaration")
    page.wait_for_selector(".selfservice-messages .alert-success")
    assert page.url.endswith("/my/")
    declaration = Declaration.objects.get(organization=coop_hoceima, year=YEAR)
    assert (declaration.members_total, declaration.members_women) == (40, 38)
    assert str(declaration.revenue_mad) == "350000.00"
    assert fits_the_screen(page)
    screenshot(page, f"selfservice-declaration-saved-{language}-{device}")


def test_a_mistake_sent_without_the_live_check_comes_back_with_everything_typed(
    phone_page, live_server, representative, screenshot
):
    """With JavaScript off (an old phone), the server says the same after submitting."""
    page = phone_page
    page.context.route("**/*.js", lambda route: route.abort())
    log_in_as_representative(page, live_server, "ar")
    page.goto(f"{live_server.url}/my/declarations/{YEAR}/")
    page.fill("#id_members_total", "40")
    page.fill("#id_members_women", "45")
    page.fill("#id_beneficiaries_total", "120")
    page.click("#save-declaration")
    page.wait_for_selector("#error-members_women p")
    assert page.input_value("#id_members_women") == "45"
    assert page.input_value("#id_beneficiaries_total") == "120"
    assert fits_the_screen(page)
    screenshot(page, "selfservice-declaration-no-js-ar-phone")
    assert not Declaration.objects.exists()


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_profile_and_login_pages_fit_a_phone_and_pass_axe(
    phone_page, live_server, representative, screenshot, language
):
    page = phone_page
    page.goto(f"{live_server.url}/login/?lang={language}")
    assert serious_violations(page) == []
    log_in_as_representative(page, live_server, language)
    assert serious_violations(page) == []
    page.click("#edit-profile")
    page.wait_for_selector("#profile-form")
    assert fits_the_screen(page)
    assert serious_violations(page) == []
    screenshot(page, f"selfservice-profile-{language}-phone")


def test_a_registrar_invites_and_the_invitee_opens_its_account(
    browser, page, live_server, registrar, coop_hoceima, screenshot
):
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/registry/organization/{coop_hoceima.pk}/change/")
    page.click("#invite-representative")
    page.fill("#id_email", "fatima.zahra@example.ma")
    page.click("#invite-form input[type=submit]")
    link = page.input_value("#invitation-link input")
    assert "/invitation/" in link
    screenshot(page, "selfservice-invite-ar")

    invitee = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    phone = invitee.new_page()
    try:
        phone.goto(link)
        assert fits_the_screen(phone)
        assert serious_violations(phone) == []
        phone.fill("#id_username", "fatima_tighanimine")
        phone.fill("#id_password", "argane-Rif-2026")
        screenshot(phone, "selfservice-invitation-ar-phone")
        phone.click("#invitation-form button[type=submit]")
        phone.wait_for_selector("#organization-header")
        assert "تعاونية تيغانيمين للأركان" in phone.inner_text("#organization-header")
        # The link is spent: opening it again says so.
        phone.goto(link)
        assert phone.get_attribute("#invitation-invalid", "data-code") == "invitation_used"
    finally:
        invitee.close()
