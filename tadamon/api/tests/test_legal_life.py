"""An organization's status changes, its members and its unions through the API."""

import datetime as dt

import pytest

from conftest import DAY, cooperative_fields, register_reviewed
from tadamon.api.tests.conftest import Api, key_for
from tadamon.registry import services


def test_the_history_of_status_changes_oldest_first(coop_hoceima, registrar_tanger):
    services.change_status(
        registrar_tanger, coop_hoceima, "suspended", "عدم إيداع التصريح", dt.date(2023, 1, 10)
    )
    services.change_status(registrar_tanger, coop_hoceima, "registered", "تسوية الوضعية")
    response = Api().get(f"/api/v1/organizations/{coop_hoceima.registry_id}/history")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [(i["from_status"], i["to_status"]) for i in items] == [
        ("submitted", "registered"), ("registered", "suspended"), ("suspended", "registered"),
    ]  # fmt: skip
    assert items[0]["effective_on"] == DAY.isoformat()
    assert items[1]["reason"] == "عدم إيداع التصريح"
    assert items[1]["effective_on"] == "2023-01-10"
    assert "actor" not in items[1]


def test_the_history_pages(coop_hoceima, registrar_tanger):
    services.change_status(registrar_tanger, coop_hoceima, "suspended", "سبب")
    body = (
        Api().get(f"/api/v1/organizations/{coop_hoceima.registry_id}/history", {"limit": 1}).json()
    )
    assert body["count"] == 2 and len(body["items"]) == 1 and body["next"]


@pytest.fixture
def union(national_registrar, province_hoceima):
    return register_reviewed(
        national_registrar,
        cooperative_fields(
            province_hoceima,
            legal_form="cooperative_union",
            name_ar="اتحاد تعاونيات الريف",
            name_fr="Union des coopératives du Rif",
        ),
    )


@pytest.fixture
def members(union, coop_hoceima, national_registrar, province_hoceima):
    """The Al Hoceïma cooperative (left in 2022, back in 2023) and a second one."""
    first = services.add_membership(national_registrar, coop_hoceima, union, dt.date(2020, 6, 1))
    services.end_membership(national_registrar, first, dt.date(2022, 12, 31))
    services.add_membership(national_registrar, coop_hoceima, union, dt.date(2023, 3, 1))
    second = register_reviewed(
        national_registrar,
        cooperative_fields(province_hoceima, name_ar="تعاونية النور", name_fr="Coopérative Nour"),
    )
    services.add_membership(national_registrar, second, union, dt.date(2021, 1, 1))
    return second


def test_a_unions_members_with_their_dates(union, members, coop_hoceima):
    response = Api().get(f"/api/v1/organizations/{union.registry_id}/members")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [(i["name_ar"], i["started_on"], i["ended_on"]) for i in items] == [
        ("تعاونية تيغانيمين للأركان", "2020-06-01", "2022-12-31"),
        ("تعاونية النور", "2021-01-01", None),
        ("تعاونية تيغانيمين للأركان", "2023-03-01", None),
    ]
    assert items[0]["registry_id"] == coop_hoceima.registry_id


def test_the_unions_a_body_belongs_to(union, members, coop_hoceima):
    items = Api().get(f"/api/v1/organizations/{coop_hoceima.registry_id}/unions").json()["items"]
    assert [(i["registry_id"], i["started_on"]) for i in items] == [
        (union.registry_id, "2020-06-01"), (union.registry_id, "2023-03-01"),
    ]  # fmt: skip
    assert items[0]["name_ar"] == "اتحاد تعاونيات الريف"
    assert items[0]["legal_form"] == "cooperative_union"


def test_a_body_that_is_no_union_has_no_members(coop_hoceima):
    body = Api().get(f"/api/v1/organizations/{coop_hoceima.registry_id}/members").json()
    assert body["items"] == [] and body["count"] == 0


def test_members_cost_two_queries_however_many(
    union, members, national_registrar, province_hoceima, django_assert_num_queries
):
    api = Api()
    path = f"/api/v1/organizations/{union.registry_id}/members"
    # the union by number, its visibility, COUNT, the page with its members
    with django_assert_num_queries(4):
        assert api.get(path).json()["count"] == 3
    for n in range(4):
        extra = register_reviewed(
            national_registrar,
            cooperative_fields(
                province_hoceima, name_ar=f"تعاونية الزيتون {n}", name_fr=f"Olive {n}"
            ),
            "ملف كامل",
            DAY,
        )
        services.add_membership(national_registrar, extra, union, DAY)
    with django_assert_num_queries(4):
        assert api.get(path).json()["count"] == 7


def test_an_application_among_the_members_is_shown_only_to_who_may_see_it(
    union, national_registrar, province_hoceima
):
    application = services.create_organization(
        national_registrar,
        cooperative_fields(province_hoceima, name_ar="تعاونية الفجر", name_fr="Coopérative Fajr"),
    )
    services.add_membership(national_registrar, application, union, DAY)
    path = f"/api/v1/organizations/{union.registry_id}/members"
    assert Api().get(path).json()["count"] == 0
    seen = Api(key_for(national_registrar)).get(path).json()["items"]
    assert [(i["name_ar"], i["registry_id"]) for i in seen] == [("تعاونية الفجر", None)]
