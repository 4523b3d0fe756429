"""Yearly declarations: the registry's list, an organization's, and filing through the service."""

import pytest

from conftest import FIGURES_MINIMAL, cooperative_fields, register_reviewed
from tadamon.api.tests.conftest import CALLERS, Api
from tadamon.history.models import HistoryEntry
from tadamon.registry import services
from tadamon.registry.models import Declaration

FIGURES = {**FIGURES_MINIMAL, "revenue_mad": "125000.50", "employees_permanent": 2}
# For the cooperative of Al Hoceïma (region 01).
DECLARES = {"national_registrar", "registrar_tanger", "representative"}
STATUS_WHEN_REFUSED = {"anonymous": 401, "revoked": 401, "bad": 401}


@pytest.fixture
def declared(national_registrar, coop_hoceima, association_casa):
    services.file_declaration(national_registrar, coop_hoceima, 2022, FIGURES)
    services.file_declaration(national_registrar, coop_hoceima, 2023, FIGURES_MINIMAL)
    services.file_declaration(national_registrar, association_casa, 2023, {"members_total": 40})


def rows(response) -> list[tuple]:
    return [(item["registry_id"], item["year"]) for item in response.json()["items"]]


def test_the_registrys_declarations_are_public_by_record_then_year(
    declared, coop_hoceima, association_casa
):
    response = Api().get("/api/v1/declarations")
    assert response.status_code == 200
    assert rows(response) == [
        (coop_hoceima.registry_id, 2022),
        (coop_hoceima.registry_id, 2023),
        (association_casa.registry_id, 2023),
    ]
    first = response.json()["items"][0]
    assert first["revenue_mad"] == "125000.50" and first["members_women"] == 9
    assert first["merged_into"] is None


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"year": 2023}, [("coop", 2023), ("association", 2023)]),
        ({"region": "06"}, [("association", 2023)]),
        ({"province": "051", "year": 2022}, [("coop", 2022)]),
        ({"legal_form": "association"}, [("association", 2023)]),
        ({"year": 2019}, []),
    ],
)
def test_the_filters(declared, coop_hoceima, association_casa, params, expected):
    names = {"coop": coop_hoceima, "association": association_casa}
    response = Api().get("/api/v1/declarations", params)
    assert rows(response) == [(names[n].registry_id, year) for n, year in expected]


def test_a_merged_records_year_is_listed_once(
    declared, national_registrar, coop_hoceima, province_hoceima
):
    copy = register_reviewed(
        national_registrar,
        cooperative_fields(province_hoceima, name_ar="تعاونية تيغانيمين", name_fr="Tighanimin"),
    )
    services.file_declaration(national_registrar, copy, 2023, {"members_total": 99})
    services.file_declaration(national_registrar, copy, 2021, {"members_total": 10})
    services.merge_organizations(national_registrar, coop_hoceima, copy, reason="نفس الهيئة")
    listed = Api().get("/api/v1/declarations", {"province": "051"}).json()["items"]
    assert [(i["registry_id"], i["year"], i["merged_into"]) for i in listed] == [
        (coop_hoceima.registry_id, 2022, None),
        (coop_hoceima.registry_id, 2023, None),
        (copy.registry_id, 2021, coop_hoceima.registry_id),  # the survivor did not file 2021
    ]
    body = Api().get(f"/api/v1/organizations/{coop_hoceima.registry_id}/declarations").json()
    assert [(i["year"], i["registry_id"]) for i in body["items"]] == [
        (2021, copy.registry_id), (2022, coop_hoceima.registry_id),
        (2023, coop_hoceima.registry_id),
    ]  # fmt: skip
    assert body["items"][0]["merged_into"] == coop_hoceima.registry_id


def test_one_year_of_one_organization(declared, coop_hoceima):
    api = Api()
    found = api.get(f"/api/v1/organizations/{coop_hoceima.registry_id}/declarations/2022")
    assert found.status_code == 200 and found.json()["employees_permanent"] == 2
    missing = api.get(f"/api/v1/organizations/{coop_hoceima.registry_id}/declarations/2019")
    assert missing.status_code == 404 and missing.json()["code"] == "declaration_not_found"
    absurd = api.get(f"/api/v1/organizations/{coop_hoceima.registry_id}/declarations/99999")
    assert absurd.status_code == 422


def test_the_list_costs_the_same_queries_for_few_or_many(
    declared, national_registrar, province_hoceima, django_assert_num_queries
):
    api = Api()
    with django_assert_num_queries(2):  # COUNT, then the page with its records
        api.get("/api/v1/declarations")
    for n in range(5):
        body = register_reviewed(
            national_registrar,
            cooperative_fields(
                province_hoceima, name_ar=f"تعاونية النحل {n}", name_fr=f"Abeille {n}"
            ),
        )
        services.file_declaration(national_registrar, body, 2023, {"members_total": n + 1})
    with django_assert_num_queries(2):
        assert api.get("/api/v1/declarations").json()["count"] == 8


def url(organization, year=2024) -> str:
    return f"/api/v1/organizations/{organization.registry_id}/declarations/{year}"


@pytest.mark.parametrize("caller", CALLERS)
def test_filing_a_declaration(callers, caller, coop_hoceima):
    response = callers[caller].send("post", url(coop_hoceima), FIGURES)
    declaration = Declaration.objects.filter(organization=coop_hoceima, year=2024).first()
    if caller in DECLARES:
        assert response.status_code == 201, response.content
        assert response.json()["members_total"] == 12
        assert str(declaration.revenue_mad) == "125000.50"
        assert HistoryEntry.objects.filter(action="declaration:file").count() == 1
    else:
        assert response.status_code == STATUS_WHEN_REFUSED.get(caller, 403)
        assert declaration is None


@pytest.mark.parametrize("caller", CALLERS)
def test_correcting_a_declaration(callers, caller, coop_hoceima, national_registrar):
    services.file_declaration(national_registrar, coop_hoceima, 2024, FIGURES)
    response = callers[caller].send("put", url(coop_hoceima), {"members_total": 15})
    declaration = Declaration.objects.get(organization=coop_hoceima, year=2024)
    if caller in DECLARES:
        assert response.status_code == 200
        assert declaration.members_total == 15 and declaration.members_women is None
        entry = HistoryEntry.objects.get(action="declaration:correct")
        assert entry.before["members_total"] == 12 and entry.after["members_total"] == 15
    else:
        assert response.status_code == STATUS_WHEN_REFUSED.get(caller, 403)
        assert declaration.members_total == 12


def test_put_files_a_year_not_yet_declared(callers, association_casa):
    response = callers["representative_casa"].send("put", url(association_casa), FIGURES)
    assert response.status_code == 201
    assert Declaration.objects.filter(organization=association_casa, year=2024).exists()


def test_post_on_a_year_already_filed_is_a_conflict(callers, coop_hoceima, national_registrar):
    services.file_declaration(national_registrar, coop_hoceima, 2024, FIGURES)
    response = callers["representative"].send("post", url(coop_hoceima), {"members_total": 1})
    assert response.status_code == 409 and response.json()["code"] == "declaration_exists"
    assert Declaration.objects.get(organization=coop_hoceima, year=2024).members_total == 12


def test_broken_rules_are_named_in_both_languages(callers, coop_hoceima):
    response = callers["representative"].send(
        "post", url(coop_hoceima), {"members_total": 5, "members_women": 9, "members_youth": 8}
    )
    assert response.status_code == 400
    body = response.json()
    assert {e["code"] for e in body["errors"]} == {
        "members_women_exceeds_total", "members_youth_exceeds_total",
    }  # fmt: skip
    assert "عدد العضوات" in body["message_ar"] and "femmes" in body["message_fr"]


@pytest.mark.parametrize(
    "body",
    [{"members_totl": 3}, {"members_total": "beaucoup"}, {"revenue_mad": "NaN"},
     {"members_total": 1.5}],
)  # fmt: skip
def test_a_malformed_declaration_is_a_422(callers, coop_hoceima, body):
    response = callers["representative"].send("post", url(coop_hoceima), body)
    assert response.status_code == 422


def test_a_year_in_the_future_is_refused(callers, coop_hoceima):
    response = callers["representative"].send("post", url(coop_hoceima, 2100), FIGURES)
    assert response.status_code == 400
    assert response.json()["code"] == "declaration_year_in_future"


def test_figures_too_large_for_the_registry_are_refused(callers, coop_hoceima):
    response = callers["representative"].send(
        "post", url(coop_hoceima), {"members_total": 10**12, "revenue_mad": "9" * 20}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "figure_too_large"
