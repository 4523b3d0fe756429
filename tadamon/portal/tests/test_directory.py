import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from conftest import DAY, cooperative_fields, register_reviewed
from tadamon.exports.public import organization_columns
from tadamon.portal import directory, downloads
from tadamon.registry import services

URL = "/organizations/"


@pytest.fixture
def french_only(national_registrar, province_hoceima):
    """A cooperative recorded only in French: an Arabic query must still find it."""
    return register_reviewed(
        national_registrar,
        cooperative_fields(
            province_hoceima,
            name_ar="",
            name_fr="Coopérative Agricole Tafraout",
            sector="agriculture",
        ),
        "ملف كامل",
        DAY,
    )


def _ids(page) -> list[str]:
    return [org.registry_id for org in page.context["page"].organizations]


def test_the_directory_lists_the_register_in_arabic_right_to_left(
    client, coop_hoceima, association_casa
):
    page = client.get(URL)
    html = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert set(_ids(page)) == {coop_hoceima.registry_id, association_casa.registry_id}
    assert "تعاونية تيغانيمين للأركان" in html


def test_it_never_lists_an_application_still_under_review(
    client, coop_hoceima, national_registrar, province_hoceima
):
    pending = services.create_organization(
        national_registrar, cooperative_fields(province_hoceima, name_ar="تعاونية الأمل للعسل")
    )
    assert pending.status == "submitted"
    for params in ("", "?q=تعاونية الأمل", "?status=submitted"):
        page = client.get(URL + params)
        assert "تعاونية الأمل للعسل" not in page.content.decode(), params


def test_an_arabic_query_finds_a_body_recorded_only_in_french(client, french_only, coop_hoceima):
    page = client.get(URL, {"q": "تعاونية تافراوت"})
    assert _ids(page)[0] == french_only.registry_id
    assert "Coopérative Agricole Tafraout" in page.content.decode()


def test_a_french_query_finds_a_body_recorded_in_arabic(client, coop_hoceima, association_casa):
    page = client.get(URL, {"q": "Cooperative Tighanimine"})
    assert _ids(page)[0] == coop_hoceima.registry_id


def test_filters_narrow_the_list(client, coop_hoceima, association_casa, french_only):
    assert set(_ids(client.get(URL, {"region": "06"}))) == {association_casa.registry_id}
    assert set(_ids(client.get(URL, {"province": "051"}))) == {
        coop_hoceima.registry_id,
        french_only.registry_id,
    }
    assert set(_ids(client.get(URL, {"legal_form": "association"}))) == {
        association_casa.registry_id
    }
    assert set(_ids(client.get(URL, {"sector": "agriculture"}))) == {french_only.registry_id}
    assert _ids(client.get(URL, {"q": "تعاونية", "region": "06"})) == []


def test_status_and_public_utility_filters(
    client, coop_hoceima, association_casa, national_registrar
):
    services.update_organization(
        national_registrar, association_casa, {"public_utility": True, "public_utility_date": DAY}
    )
    services.change_status(
        national_registrar, coop_hoceima, "dissolved", "حل بقرار الجمع العام", DAY
    )
    assert _ids(client.get(URL, {"public_utility": "1"})) == [association_casa.registry_id]
    assert _ids(client.get(URL, {"status": "dissolved"})) == [coop_hoceima.registry_id]
    searched = client.get(URL, {"q": "جمعية حي السلام", "public_utility": "1"})
    assert _ids(searched) == [association_casa.registry_id]
    assert _ids(client.get(URL, {"q": "تعاونية تيغانيمين", "public_utility": "1"})) == []


def test_unknown_filter_values_are_dropped_not_an_error(client, coop_hoceima):
    page = client.get(
        URL, {"region": "99", "legal_form": "<script>", "page": "abc", "status": "merged"}
    )
    assert page.status_code == 200
    assert _ids(page) == [coop_hoceima.registry_id]
    assert "&lt;script&gt;" not in page.content.decode()


def test_htmx_gets_only_the_results(client, coop_hoceima):
    page = client.get(URL, {"q": "تيغانيمين"}, HTTP_HX_REQUEST="true")
    html = page.content.decode()
    assert "<html" not in html
    assert coop_hoceima.registry_id in html


def test_pages_keep_the_filters(client, coop_hoceima, association_casa, french_only, monkeypatch):
    monkeypatch.setattr(directory, "PAGE_SIZE", 2)
    first = client.get(URL, {"legal_form": "cooperative"})
    assert first.context["page"].pages == 1
    first = client.get(URL)
    assert first.context["page"].count == 3
    assert first.context["page"].pages == 2
    assert first.context["next_params"] == "page=2"
    second = client.get(URL + "?" + first.context["next_params"])
    seen = _ids(first) + _ids(second)
    assert sorted(seen) == sorted({coop_hoceima.registry_id, association_casa.registry_id,
                                   french_only.registry_id})  # fmt: skip
    beyond = client.get(URL, {"page": "40"})
    assert beyond.status_code == 200
    assert beyond.context["page"].page == 2 and _ids(beyond) == _ids(second)
    searched_beyond = client.get(URL, {"q": "تعاونية", "page": "9"})
    assert searched_beyond.context["page"].page == 1
    assert _ids(searched_beyond) == _ids(client.get(URL, {"q": "تعاونية"}))


def test_the_directory_takes_a_constant_number_of_queries(
    client, coop_hoceima, association_casa, french_only, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        client.get(URL)


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def _records(rows) -> list[dict]:
    """Rows under their header (the open data's organizations layout)."""
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_the_list_downloads_as_csv_with_public_fields_only(client, coop_hoceima, association_casa):
    response = client.get(URL, {"region": "01", "format": "csv"})
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    assert rows[0] == list(organization_columns())  # the one public layout of open data
    records = _records(rows)
    assert [r["registry_id"] for r in records] == [coop_hoceima.registry_id]
    assert records[0]["name_ar"] == "تعاونية تيغانيمين للأركان"
    assert records[0]["province_code"] == "051"
    assert all(r["phone"] == "" and r["email"] == "" for r in records)
    body = "\n".join(",".join(r) for r in rows)
    assert coop_hoceima.phone and coop_hoceima.phone not in body
    assert coop_hoceima.email and coop_hoceima.email not in body
    assert "contact@tighanimine.ma" not in body


def test_the_directorys_rows_are_the_open_datas_rows(client, coop_hoceima, association_casa):
    directory_rows = _csv(client.get(URL, {"format": "csv"}))
    open_data = client.get(reverse("exports:download", args=["organizations.csv"]))
    open_rows = _csv(open_data)
    assert directory_rows[0] == open_rows[0]
    assert sorted(directory_rows[1:]) == sorted(open_rows[1:])


def test_a_formula_in_a_name_is_neutralized_in_both_downloads(
    client, national_registrar, province_hoceima
):
    register_reviewed(
        national_registrar,
        cooperative_fields(province_hoceima, name_fr='=HYPERLINK("http://x.example","clic")'),
        "ملف كامل",
        DAY,
    )
    records = _records(_csv(client.get(URL, {"format": "csv"})))
    assert records[0]["name_fr"] == '\'=HYPERLINK("http://x.example","clic")'
    assert records[0]["name_ar"] == "تعاونية تيغانيمين للأركان"
    response = client.get(URL, {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0] == list(organization_columns())
    record = dict(zip(cells[0], cells[1], strict=True))
    assert record["name_fr"] == '\'=HYPERLINK("http://x.example","clic")'
    assert record["name_ar"] == "تعاونية تيغانيمين للأركان"
    assert record["phone"] is None and record["email"] is None


def test_a_search_downloads_what_it_found(client, coop_hoceima, association_casa):
    rows = _csv(client.get(URL, {"q": "Association Hay Salam", "format": "csv"}))
    assert [r[0] for r in rows[1:]] == [association_casa.registry_id]


def test_too_long_a_list_for_xlsx_gets_a_clear_page(
    client, coop_hoceima, association_casa, monkeypatch
):
    monkeypatch.setattr(downloads, "XLSX_AT_MOST", 1)
    response = client.get(URL, {"format": "xlsx"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "format=csv" in html
    assert 'dir="rtl"' in html


def test_the_directory_speaks_french_when_chosen(client, coop_hoceima):
    client.get(reverse("home") + "?lang=fr")
    html = client.get(URL).content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert "Coopérative Tighanimine pour l&#x27;argane" in html
    assert "Annuaire" in html


def test_a_visitors_page_is_kept_until_the_registry_changes(
    client, coop_hoceima, national_registrar, province_hoceima, django_assert_max_num_queries
):
    first = client.get(URL, {"region": "01"}).content.decode()
    with django_assert_max_num_queries(1):  # the registry's version, nothing else
        again = client.get(URL, {"region": "01"}).content.decode()
    assert again == first
    register_reviewed(
        national_registrar,
        cooperative_fields(province_hoceima, name_ar="تعاونية النور للعسل", name_fr=""),
        "ملف كامل",
        DAY,
    )
    after = client.get(URL, {"region": "01"}).content.decode()
    assert "تعاونية النور للعسل" in after


def test_a_signed_in_users_page_is_never_taken_from_the_visitors_cache(
    client, coop_hoceima, national_registrar, province_hoceima
):
    pending = services.create_organization(
        national_registrar, cooperative_fields(province_hoceima, name_ar="تعاونية الأمل للعسل")
    )
    assert "تعاونية الأمل للعسل" not in client.get(URL, {"status": "submitted"}).content.decode()
    client.force_login(national_registrar)
    page = client.get(URL, {"q": "تعاونية الأمل للعسل"})
    assert pending in page.context["page"].organizations


def test_each_language_has_its_own_kept_page(client, coop_hoceima):
    assert '<html lang="ar"' in client.get(URL).content.decode()
    client.cookies["tadamon_lang"] = "fr"
    assert '<html lang="fr"' in client.get(URL).content.decode()


def test_a_refused_application_never_reaches_the_public(
    client, coop_hoceima, national_registrar, province_hoceima
):
    refused = services.create_organization(
        national_registrar, cooperative_fields(province_hoceima, name_ar="تعاونية الرفض للعسل")
    )
    services.change_status(national_registrar, refused, "struck_off", "ملف ناقص", DAY)
    assert refused.registry_id is None
    for params in ({}, {"status": "struck_off"}, {"format": "csv"}):
        response = client.get(URL, params)
        body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode()
        assert "تعاونية الرفض للعسل" not in body, params
        assert "/organizations/None/" not in body


def test_a_new_release_never_serves_an_earlier_releases_kept_page(
    client, coop_hoceima, monkeypatch
):
    from tadamon.portal import caching

    client.get(URL)
    monkeypatch.setattr(caching, "release", lambda: "another-release")
    with CaptureQueriesContext(connection) as queries:
        client.get(URL)
    assert len(queries) > 1  # computed afresh, not read from the earlier release's cache
