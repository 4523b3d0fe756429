import pytest

from conftest import DAY, FIGURES_MINIMAL, cooperative_fields, register_reviewed
from tadamon.registry import services


def _url(org) -> str:
    return f"/organizations/{org.registry_id}/"


def test_it_shows_the_public_record_in_arabic_without_private_fields(client, coop_hoceima):
    page = client.get(_url(coop_hoceima))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'dir="rtl"' in html
    assert "تعاونية تيغانيمين للأركان" in html
    assert "Coopérative Tighanimine pour l&#x27;argane" in html
    assert coop_hoceima.phone not in html
    assert "contact@tighanimine.ma" not in html
    assert "الحسيمة" in html


def test_it_shows_the_status_history(client, coop_hoceima, national_registrar):
    services.change_status(national_registrar, coop_hoceima, "suspended", "عدم إيداع التقارير", DAY)
    html = client.get(_url(coop_hoceima)).content.decode()
    assert "عدم إيداع التقارير" in html
    assert 'id="status-history"' in html


def test_it_shows_the_yearly_figures_and_their_chart_data(client, coop_hoceima, national_registrar):
    services.file_declaration(national_registrar, coop_hoceima, 2023, FIGURES_MINIMAL)
    services.file_declaration(
        national_registrar, coop_hoceima, 2024, {**FIGURES_MINIMAL, "members_total": 15}
    )
    page = client.get(_url(coop_hoceima))
    assert [year for year, _ in page.context["figures"]] == [2024, 2023]
    chart = page.context["chart"]
    assert chart["years"] == ["2023", "2024"]
    assert chart["series"][0]["values"] == [12, 15]
    assert 'id="chart-data"' in page.content.decode()


def test_a_union_lists_its_members_and_a_member_its_union(
    client, national_registrar, province_hoceima, coop_hoceima
):
    union = register_reviewed(
        national_registrar,
        cooperative_fields(province_hoceima, legal_form="cooperative_union",
                           name_ar="اتحاد تعاونيات الريف", name_fr="Union des coopératives du Rif",
                           sector="argan"),
        "ملف كامل", DAY,
    )  # fmt: skip
    services.add_membership(national_registrar, coop_hoceima, union, DAY)
    assert "تعاونية تيغانيمين للأركان" in client.get(_url(union)).content.decode()
    assert "اتحاد تعاونيات الريف" in client.get(_url(coop_hoceima)).content.decode()


def test_a_merged_number_redirects_to_the_survivor(
    client, national_registrar, coop_hoceima, province_hoceima
):
    twin = register_reviewed(
        national_registrar,
        cooperative_fields(province_hoceima, name_fr="Coop Tighanimine"),
        "ملف",
        DAY,
    )
    services.merge_organizations(national_registrar, coop_hoceima, twin, reason="نفس الهيئة")
    response = client.get(_url(twin))
    assert response.status_code == 301
    assert response["Location"] == _url(coop_hoceima)


@pytest.mark.parametrize("number", ["01-2020-999999-0", "not-a-number", "<b>"])
def test_an_unknown_number_is_a_friendly_404(client, db, number):
    response = client.get(f"/organizations/{number}/")
    assert response.status_code == 404
    assert "Traceback" not in response.content.decode()


def test_a_struck_off_application_that_never_had_a_number_is_not_reachable(client, coop_hoceima):
    assert client.get("/organizations/None/").status_code == 404


def test_the_page_takes_a_constant_number_of_queries(
    client, coop_hoceima, national_registrar, django_assert_max_num_queries
):
    services.file_declaration(national_registrar, coop_hoceima, 2023, FIGURES_MINIMAL)
    with django_assert_max_num_queries(12):
        client.get(_url(coop_hoceima))
