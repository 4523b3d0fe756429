"""The issue's day: a Windows-1256 file uploaded, its errors read, fixed, imported, found."""

import pytest

from tadamon.imports.tests.helpers import csv_bytes, org_row
from tadamon.registry.models import Organization
from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


@pytest.fixture(autouse=True)
def imports_in_the_request(settings):
    # The page polls a background thread in production; here the run finishes in the
    # request, so the test reads its result without waiting on a second connection.
    settings.TADAMON_IMPORTS_IN_BACKGROUND = False


def windows_file(tmp_path, province: str):
    rows = [
        org_row("ODCO-1", name_ar="تعاونية أمود النسوية للأركان", name_fr=""),
        org_row("ODCO-2", name_ar="تعاونية تافراوت للعسل", name_fr="", province_code=province,
                sector="تربية النحل"),
    ]  # fmt: skip
    path = tmp_path / "odco-tiznit.csv"
    path.write_bytes(csv_bytes(rows, delimiter=";", encoding="cp1256"))
    return path


def upload(page, live_server, path):
    page.goto(f"{live_server.url}/admin/imports/importrun/add/")
    page.select_option("#id_kind", "organizations")
    page.set_input_files("#id_file", str(path))
    page.click("input[type=submit]")
    page.wait_for_selector("#import-summary")


def test_upload_read_the_errors_fix_import_and_find_across_scripts(
    page, live_server, registrar, tmp_path, screenshot
):
    log_in(page, live_server)

    upload(page, live_server, windows_file(tmp_path, province="أطلانتس"))
    assert page.is_visible("#import-not-written")
    assert "أطلانتس" in page.inner_text("#import-problems")
    assert not Organization.objects.exists()
    screenshot(page, "admin-import-errors-ar")

    upload(page, live_server, windows_file(tmp_path, province="تيزنيت"))
    assert page.is_visible("#import-written")
    assert Organization.objects.count() == 2
    screenshot(page, "admin-import-written-ar")

    page.goto(f"{live_server.url}/admin/registry/organization/")
    page.fill("#searchbar", "Cooperative Tafraut miel")
    page.press("#searchbar", "Enter")
    page.wait_for_selector("#result_list")
    assert "تعاونية تافراوت للعسل" in page.inner_text("#result_list tbody tr:first-child")
