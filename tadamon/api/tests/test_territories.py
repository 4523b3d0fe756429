"""/api/v1/territories: codes, names, 2024 population and registered organizations."""

import pytest

from tadamon.api.tests.conftest import Api
from tadamon.registry import services


def test_regions_then_provinces_by_code(coop_hoceima, association_casa):
    body = Api().get("/api/v1/territories", {"limit": 100}).json()
    assert body["count"] == 12 + 75
    codes = [item["code"] for item in body["items"]]
    assert codes[:12] == [f"{n:02d}" for n in range(1, 13)]
    assert codes[12:] == sorted(codes[12:]) and all(len(c) == 3 for c in codes[12:])
    tanger = body["items"][0]
    assert tanger["name_ar"] == "طنجة-تطوان-الحسيمة" and tanger["level"] == "region"
    assert tanger["population_2024"] == 4030222 and tanger["organizations_registered"] == 1
    hoceima = next(item for item in body["items"] if item["code"] == "051")
    assert hoceima["region_code"] == "01" and hoceima["organizations_registered"] == 1


def test_the_provinces_of_one_region(coop_hoceima):
    body = Api().get("/api/v1/territories", {"region": "01", "level": "province"}).json()
    assert body["count"] == 8
    assert {item["region_code"] for item in body["items"]} == {"01"}


def test_only_registered_bodies_are_counted(coop_hoceima, association_casa, national_registrar):
    services.change_status(national_registrar, association_casa, "dissolved", "حل إرادي")
    body = Api().get("/api/v1/territories/06").json()
    assert body["organizations_registered"] == 0


def test_a_region_with_its_provinces(coop_hoceima):
    response = Api().get("/api/v1/territories/01")
    assert response.status_code == 200
    body = response.json()
    assert body["level"] == "region" and len(body["parts"]) == 8
    assert sum(p["population_2024"] for p in body["parts"]) == body["population_2024"]


def test_the_nation_adds_up_to_the_census(coop_hoceima, association_casa):
    body = Api().get("/api/v1/territories/MA").json()
    assert body["population_2024"] == 36_828_330
    assert body["organizations_registered"] == 2 and len(body["parts"]) == 12


def test_a_province(coop_hoceima):
    body = Api().get("/api/v1/territories/051").json()
    assert body["name_fr"] == "Al Hoceima" and body["parts"] == []
    assert body["organizations_registered"] == 1


@pytest.mark.parametrize("code", ["99", "999", "0511", "X", "%00%00", "%D8%B9"])
def test_an_unknown_code_is_not_found(db, code):
    response = Api().get(f"/api/v1/territories/{code}")
    assert response.status_code == 404
    assert response.json()["code"] == "territory_not_found"


def test_the_list_costs_three_queries(db, django_assert_num_queries):
    with django_assert_num_queries(3):  # counts, regions, provinces
        Api().get("/api/v1/territories")
