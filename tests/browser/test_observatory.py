"""The observatory as a visitor uses it: the national dashboard in Arabic with its map
and charts, a click on a region of the map opens that region's dashboard, a chart's
data downloads as CSV, the definition is one click away; French; a phone screen."""

import datetime as dt
from pathlib import Path

import pytest

from conftest import cooperative_fields, register_reviewed
from tadamon.registry import services
from tadamon.territory.models import Province
from tests.browser.axe import serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


@pytest.fixture
def declared(registrar):
    """A cooperative in Al Hoceïma (region 01) and one in Taroudant (09), two years each."""
    bodies = [
        ("051", "تعاونية إمزورن للعسل", "Coopérative Imzouren du miel"),
        ("541", "تعاونية تيغانيمين للأركان", "Coopérative Tighanimine d'argane"),
    ]
    for code, name_ar, name_fr in bodies:
        fields = cooperative_fields(
            Province.objects.get(code=code), name_ar=name_ar, name_fr=name_fr
        )
        org = register_reviewed(registrar, fields, "ملف كامل", dt.date(2022, 3, 1))
        for year, members in ((2023, 12), (2024, 15)):
            services.file_declaration(
                registrar, org, year, {"members_total": members, "members_women": 9}
            )


def _charts_drawn(page) -> None:
    page.wait_for_selector("#chart-map svg path")
    page.wait_for_selector("#chart-trend svg")
    page.wait_for_selector("#chart-legal_forms svg")


def test_the_national_dashboard_leads_to_a_region(page, live_server, declared, screenshot):
    page.goto(live_server.url + "/observatory/?year=2024")
    assert page.get_attribute("html", "dir") == "rtl"
    _charts_drawn(page)
    members = page.locator('[data-indicator="members"] .fs-5').inner_text()
    assert members.strip() == "30"
    violations = serious_violations(page)
    assert not violations, " | ".join(violations)
    screenshot(page, "observatory-national-ar")

    # A chart's figures as CSV, in the page's language, Excel-ready.
    with page.expect_download() as download:
        page.click("#card-trend .chart-download")
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("\ufeff") and "2024" in text and "30" in text

    # Click Tanger-Tétouan-Al Hoceïma on the map (a point near Chefchaouen).
    page.locator("#chart-map").scroll_into_view_if_needed()
    box = page.locator("#chart-map").bounding_box()
    x, y = page.evaluate(
        """() => echarts.getInstanceByDom(document.getElementById('chart-map'))
                   .convertToPixel({seriesIndex: 0}, [-5.3, 35.1])"""
    )
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_url("**/observatory/01/**")
    _charts_drawn(page)
    assert "الحسيمة" in page.locator("#parts-table").inner_text()
    screenshot(page, "observatory-region-01-ar")

    page.click('[data-indicator="members_women_share"] a')
    page.wait_for_url("**/observatory/indicators/members_women_share/")
    assert "members[sex=female]" in page.locator("#formula").inner_text()


def test_french_and_a_phone(page, phone_page, live_server, declared, screenshot):
    page.goto(live_server.url + "/observatory/09/?lang=fr&year=2024")
    page.wait_for_selector("html[lang=fr][dir=ltr]")
    _charts_drawn(page)
    assert "Souss-Massa" in page.locator("h1").inner_text()
    screenshot(page, "observatory-region-09-fr")

    phone_page.goto(live_server.url + "/observatory/?year=2024")
    _charts_drawn(phone_page)
    overflow = phone_page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1
    screenshot(phone_page, "observatory-national-ar-phone")
