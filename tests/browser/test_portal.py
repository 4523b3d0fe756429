"""The public portal as a visitor uses it: Arabic first, French on demand, a search
across scripts, an organization's page, the map; and axe-core on each page."""

import datetime as dt

import pytest

from conftest import FIGURES_MINIMAL, cooperative_fields, register_reviewed
from tadamon.registry import services
from tadamon.territory.models import Province
from tests.browser.axe import serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


@pytest.fixture
def recorded_in_french(registrar):
    """A cooperative the registry holds only under its French name, with figures."""
    fields = cooperative_fields(
        Province.objects.get(code="541"),
        name_ar="",
        name_fr="Coopérative féminine Tighanimine d'argane",
        commune="Tafraout",
    )
    org = register_reviewed(registrar, fields, "ملف كامل", dt.date(2023, 3, 1))
    services.file_declaration(registrar, org, 2023, FIGURES_MINIMAL)
    services.file_declaration(registrar, org, 2024, {**FIGURES_MINIMAL, "members_total": 20})
    neighbour = cooperative_fields(
        Province.objects.get(code="541"), name_ar="جمعية تافراوت للتنمية", legal_form="association"
    )
    register_reviewed(registrar, neighbour, "ملف كامل", dt.date(2023, 3, 1))
    return org


def _no_blocking_violation(page, what: str) -> None:
    violations = serious_violations(page)
    assert not violations, f"{what}: " + " | ".join(violations)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_visitor_finds_a_french_record_by_its_arabic_name(
    viewport, page, phone_page, live_server, recorded_in_french, screenshot
):
    page = phone_page if viewport == "phone" else page
    page.goto(live_server.url + "/")
    assert page.get_attribute("html", "lang") == "ar"
    assert page.get_attribute("html", "dir") == "rtl"
    _no_blocking_violation(page, "home ar")
    screenshot(page, f"portal-home-ar-{viewport}")

    page.click("a[lang=fr]")
    page.wait_for_selector("html[lang=fr]")
    assert page.get_attribute("html", "dir") == "ltr"
    screenshot(page, f"portal-home-fr-{viewport}")
    page.click("a[lang=ar]")
    page.wait_for_selector("html[lang=ar][dir=rtl]")

    page.click(".portal-nav a[href='/organizations/']")
    page.wait_for_selector("#q")
    page.fill("#q", "تعاونية تيغانيمين النسوية")  # typed: htmx asks as the visitor types
    first = page.locator(".directory-results li").first
    first.wait_for()
    page.wait_for_function(
        "() => document.querySelector('.directory-results li h2')"
        ".textContent.includes('Tighanimine')"
    )
    assert "q=" in page.url  # the search is in the address, so it can be shared
    _no_blocking_violation(page, "directory ar")
    screenshot(page, f"portal-directory-search-ar-{viewport}")

    first.locator("h2 a").click()
    page.wait_for_selector("#organization-name")
    assert page.inner_text("#organization-name") == "Coopérative féminine Tighanimine d'argane"
    page.wait_for_selector("#figures-chart svg")  # the chart drew
    page.wait_for_selector("#location-map svg")
    assert "20" in page.inner_text("#figures-table")
    _no_blocking_violation(page, "organization ar")
    screenshot(page, f"portal-organization-ar-{viewport}")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], "the page scrolls sideways"


def test_the_map_in_french_leads_to_the_directory(
    page, live_server, recorded_in_french, screenshot
):
    page.goto(live_server.url + "/map/?lang=fr")
    page.wait_for_selector("#territory-map svg path")
    assert page.get_attribute("html", "lang") == "fr"
    _no_blocking_violation(page, "map fr")
    screenshot(page, "portal-map-fr")
    page.click("#map-table tr[data-code='09'] td:nth-child(2) a")
    page.wait_for_selector(".directory-results")
    assert "region=09" in page.url
    assert page.locator(".directory-results li").count() == 2
    _no_blocking_violation(page, "directory fr")
    screenshot(page, "portal-directory-fr")
    page.goto(live_server.url + "/territories/541/")
    assert page.inner_text("#territory-total") == "2"
    _no_blocking_violation(page, "territory fr")
    screenshot(page, "portal-territory-fr")
