"""GET /api/v1/organizations: the list in a stable order, its filters, pages and search."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import DAY, cooperative_fields, register_reviewed
from tadamon.api.tests.conftest import Api, key_for
from tadamon.registry import services

URL = "/api/v1/organizations"


@pytest.fixture
def registry(national_registrar, coop_hoceima, association_casa, province_hoceima):
    """Two more registered bodies (one of public utility), an application, a merged copy."""
    recognised = register_reviewed(
        national_registrar,
        cooperative_fields(
            province_hoceima,
            legal_form="association",
            name_ar="جمعية الأمل للتنمية القروية",
            name_fr="Association Al Amal pour le développement rural",
            sector="social_action",
            public_utility=True,
            public_utility_date=dt.date(2019, 5, 2),
        ),
    )
    oasis = register_reviewed(
        national_registrar,
        cooperative_fields(
            province_hoceima, name_ar="تعاونية الواحة للتمور", name_fr="Coopérative Al Waha"
        ),
    )
    application = services.create_organization(
        national_registrar,
        cooperative_fields(
            province_hoceima, name_ar="تعاونية الفجر", name_fr="Coopérative Al Fajr"
        ),
    )
    copy = register_reviewed(
        national_registrar,
        cooperative_fields(province_hoceima, name_ar="تعاونية الواحة", name_fr="Coop Al Waha"),
    )
    services.merge_organizations(national_registrar, oasis, copy, reason="نفس الهيئة")
    return {
        "coop": coop_hoceima, "association": association_casa, "recognised": recognised,
        "oasis": oasis, "application": application, "copy": copy,
    }  # fmt: skip


def numbers(response) -> list:
    return [item["registry_id"] for item in response.json()["items"]]


def in_recorded_order(registry, names) -> list:
    return [o.registry_id for o in sorted((registry[n] for n in names), key=lambda o: o.pk)]


def test_the_public_list_is_every_published_body_in_recorded_order(registry):
    response = Api().get(URL)
    assert response.status_code == 200
    expected = in_recorded_order(registry, ("coop", "association", "recognised", "oasis"))
    assert numbers(response) == expected
    body = response.json()
    assert body["count"] == 4 and body["next"] is None and body["previous"] is None
    item = body["items"][0]
    assert item["name_ar"] == "تعاونية تيغانيمين للأركان"
    assert item["region_code"] == "01" and item["match"] is None and item["score"] is None


def test_a_registrar_also_sees_applications_without_a_number(registry, national_registrar):
    response = Api(key_for(national_registrar)).get(URL)
    assert None in numbers(response) and response.json()["count"] == 5
    assert "تعاونية الفجر" in [i["name_ar"] for i in response.json()["items"]]


def test_merged_records_are_never_listed(registry, national_registrar):
    listed = numbers(Api(key_for(national_registrar)).get(URL))
    assert registry["copy"].registry_id not in listed
    assert Api().get(URL, {"status": "merged"}).status_code == 422


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "06"}, ["association"]),
        ({"province": "051"}, ["coop", "recognised", "oasis"]),
        ({"legal_form": "association"}, ["association", "recognised"]),
        ({"sector": "social_action"}, ["association", "recognised"]),
        ({"public_utility": "true"}, ["recognised"]),
        ({"public_utility": "false", "region": "01"}, ["coop", "oasis"]),
        ({"status": "registered", "legal_form": "cooperative"}, ["coop", "oasis"]),
        ({"region": "09"}, []),
    ],
)
def test_the_filters(registry, params, expected):
    response = Api().get(URL, params)
    assert response.status_code == 200
    assert numbers(response) == in_recorded_order(registry, expected)


@pytest.mark.parametrize(
    "params",
    [{"region": "1"}, {"province": "51"}, {"legal_form": "company"}, {"limit": 0},
     {"limit": 101}, {"offset": -1}, {"public_utility": "maybe"}, {"q": "x" * 201}],
)  # fmt: skip
def test_bad_filters_are_refused_in_json(registry, params):
    response = Api().get(URL, params)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request"


def test_pages_link_to_each_other_and_cover_the_list_once(registry):
    api = Api()
    first = api.get(URL, {"limit": 3}).json()
    assert first["count"] == 4 and len(first["items"]) == 3 and first["previous"] is None
    assert first["next"].endswith("limit=3&offset=3")
    second = api.get(first["next"]).json()
    assert len(second["items"]) == 1 and second["next"] is None
    assert second["previous"].endswith("limit=3&offset=0")
    walked = [i["registry_id"] for i in first["items"] + second["items"]]
    assert walked == numbers(api.get(URL))


def test_a_page_past_the_end_is_empty(registry):
    body = Api().get(URL, {"offset": 50}).json()
    assert body["items"] == [] and body["count"] == 4 and body["next"] is None
    assert body["previous"].endswith("offset=30")


def test_a_search_finds_an_arabic_name_written_in_latin_letters(registry):
    response = Api().get(URL, {"q": "Cooperative Tighanimine"})
    assert response.status_code == 200
    first = response.json()["items"][0]
    assert first["registry_id"] == registry["coop"].registry_id
    assert first["name_ar"] == "تعاونية تيغانيمين للأركان"
    assert first["match"] in ("exact", "prefix", "fuzzy") and first["score"] > 0


def test_a_search_takes_the_public_utility_filter(registry):
    both = numbers(Api().get(URL, {"q": "جمعية"}))
    assert registry["recognised"].registry_id in both
    recognised = numbers(Api().get(URL, {"q": "جمعية", "public_utility": "true"}))
    assert recognised == [registry["recognised"].registry_id]
    others = numbers(Api().get(URL, {"q": "جمعية", "public_utility": "false"}))
    assert registry["recognised"].registry_id not in others
    assert registry["association"].registry_id in others


def test_a_search_is_paged_in_a_stable_order(registry):
    api = Api()
    whole = numbers(api.get(URL, {"q": "تعاونية"}))
    assert len(whole) >= 2
    paged = numbers(api.get(URL, {"q": "تعاونية", "limit": 1})) + numbers(
        api.get(URL, {"q": "تعاونية", "limit": 1, "offset": 1})
    )
    assert paged == whole[:2]


def _many(national_registrar, province, count: int) -> None:
    for n in range(count):
        register_reviewed(
            national_registrar,
            cooperative_fields(
                province, name_ar=f"تعاونية رقم {n} للنحل", name_fr=f"Coopérative apicole {n}"
            ),
            "ملف كامل",
            DAY,
        )


def test_the_list_costs_two_queries_whatever_its_length(
    coop_hoceima, national_registrar, province_hoceima, django_assert_num_queries
):
    api = Api()
    # The registry's version (a visitor's answer is kept under it), COUNT, the page
    # with its provinces.
    with django_assert_num_queries(3):
        assert len(api.get(URL).json()["items"]) == 1
    _many(national_registrar, province_hoceima, 6)
    with django_assert_num_queries(3):
        assert len(api.get(URL).json()["items"]) == 7


def test_with_a_token_the_list_costs_one_query_more(
    coop_hoceima, national_registrar, django_assert_num_queries
):
    api = Api(key_for(national_registrar))
    api.get(URL)  # the token's first use records when it was used
    with django_assert_num_queries(3):  # the token, COUNT, the page
        api.get(URL)


def test_a_search_costs_the_same_queries_for_one_result_or_many(
    coop_hoceima, national_registrar, province_hoceima
):
    api = Api()
    # The engine's counts, kept for a minute (another address: the answer itself is
    # kept for visitors, and both measured requests must compute theirs).
    api.get(URL, {"q": "تعاونية", "limit": 19})
    with CaptureQueriesContext(connection) as few:
        assert api.get(URL, {"q": "تعاونية"}).json()["count"] == 1
    _many(national_registrar, province_hoceima, 6)
    with CaptureQueriesContext(connection) as many:
        assert api.get(URL, {"q": "تعاونية"}).json()["count"] == 7
    assert len(many) == len(few)


def test_a_visitors_list_is_kept_until_the_registry_changes(
    client, coop_hoceima, national_registrar, province_hoceima, django_assert_max_num_queries
):
    first = client.get("/api/v1/organizations", {"q": "تعاونية"}).json()
    with django_assert_max_num_queries(1):  # the registry's version only
        again = client.get("/api/v1/organizations", {"q": "تعاونية"}).json()
    assert again == first
    register_reviewed(
        national_registrar,
        cooperative_fields(province_hoceima, name_ar="تعاونية النور للعسل", name_fr=""),
    )
    names = [
        i["name_ar"] for i in client.get("/api/v1/organizations", {"q": "تعاونية"}).json()["items"]
    ]
    assert "تعاونية النور للعسل" in names
