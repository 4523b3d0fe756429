"""/open-data/: the page in Arabic and French, and every download generated on request."""

import csv
import io
import json
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tadamon.exports import cache
from tadamon.exports.catalogue import DOWNLOADS
from tadamon.exports.tests.conftest import FORMULA_NAME
from tadamon.exports.tests.validators import murmurations_validator
from tadamon.registry import services


@pytest.fixture(autouse=True)
def cache_in_tmp(settings, tmp_path):
    settings.TADAMON_OPEN_DATA_DIR = tmp_path / "open-data-cache"
    return settings.TADAMON_OPEN_DATA_DIR


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return b"".join(response) if hasattr(response, "file_to_stream") else response.content


def download(client, name):
    response = client.get(reverse("exports:download", args=[name]))
    assert response.status_code == 200, name
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    return response, body(response)


def test_the_page_is_arabic_first_and_lists_every_download(client, open_registry):
    response = client.get(reverse("exports:open_data"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    for file in DOWNLOADS:
        assert reverse("exports:download", args=[file.name]) in html
    assert "CC-BY-4.0" in html and "creativecommons.org/licenses/by/4.0" in html
    assert ">5<" in html  # organizations on the register, merged and submitted ones left out


def test_the_page_in_french(client, open_registry):
    client.cookies["tadamon_lang"] = "fr"
    html = client.get(reverse("exports:open_data")).content.decode()
    assert '<html lang="fr" dir="ltr">' in html


def test_the_organizations_csv_is_streamed_with_a_bom_and_neutralized(client, open_registry):
    response, data = download(client, "organizations.csv")
    assert response.streaming and response["Content-Type"] == "text/csv; charset=utf-8"
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 5
    assert {r["name_fr"] for r in rows} >= {"'" + FORMULA_NAME}
    assert all(r["phone"] == "" for r in rows) and b"+212" not in data


def test_the_aggregate_csv(client, open_registry):
    _response, data = download(client, "declarations-by-province.csv")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [(r["province_code"], r["year"]) for r in rows] == [
        ("051", "2022"), ("051", "2023"), ("051", "2024"), ("141", "2023")]  # fmt: skip


def test_the_jsonld_is_streamed(client, open_registry):
    response, data = download(client, "organizations.jsonld")
    assert response.streaming and response["Content-Type"] == "application/ld+json"
    document = json.loads(data)
    assert len(document["@graph"]) == 5
    assert document["@graph"][0]["@id"].startswith("http://testserver/organizations/")


def test_the_workbooks(client, open_registry):
    _response, data = download(client, "organizations.xlsx")
    sheet = load_workbook(io.BytesIO(data)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "تعاونية تيغانيمين للأركان" in values and "'" + FORMULA_NAME in values
    _response, data = download(client, "declarations-by-province.xlsx")
    assert load_workbook(io.BytesIO(data)).active.max_row == 5


def test_the_zips(client, open_registry):
    _response, data = download(client, "tadamon-datapackage.zip")
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert sorted(names) == ["datapackage.json", "declarations-by-province.csv",
                             "organizations.csv"]  # fmt: skip
    _response, data = download(client, "murmurations.zip")
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert len(archive.namelist()) == 5
    for name in archive.namelist():
        profile = json.loads(archive.read(name))
        assert list(murmurations_validator().iter_errors(profile)) == []


def test_an_unknown_file_is_404(client, open_registry):
    for name in ("secret.csv", "..%2Fsettings.py", "datapackage.json"):
        assert client.get(f"/open-data/{name}").status_code == 404


def test_cached_files_are_reused_until_the_registry_changes(
    client, open_registry, national_registrar, cache_in_tmp
):
    download(client, "organizations.xlsx")
    first = list(cache_in_tmp.glob("*/organizations.xlsx"))
    assert len(first) == 1
    stamp = first[0].stat().st_mtime_ns
    download(client, "organizations.xlsx")
    assert first[0].stat().st_mtime_ns == stamp  # served from the cache
    services.update_organization(national_registrar, open_registry.association,
                                 {"name_fr": "Association Hay Salam (nouveau nom)"})  # fmt: skip
    _response, data = download(client, "organizations.xlsx")
    values = [c.value for row in load_workbook(io.BytesIO(data)).active.iter_rows() for c in row]
    assert "Association Hay Salam (nouveau nom)" in values
    assert not first[0].exists()  # the old version's folder was removed
    assert len(list(cache_in_tmp.glob("*/organizations.xlsx"))) == 1
    assert not list(cache_in_tmp.glob(cache.TEMPORARY_PREFIX + "*"))
