"""GET /api/v1/organizations/{registry_id}: the fields each caller may read, 301 and 404."""

import pytest
from django.test import Client

from conftest import cooperative_fields, register_reviewed
from tadamon.api.tests.conftest import CALLERS, Api
from tadamon.registry import services

# Who reads the phone and e-mail of the cooperative of Al Hoceïma (region 01).
READS_PRIVATE = {"national_registrar", "registrar_tanger", "representative"}


@pytest.mark.parametrize("caller", CALLERS)
def test_each_caller_reads_the_fields_its_role_allows(callers, caller, coop_hoceima):
    response = callers[caller].get(f"/api/v1/organizations/{coop_hoceima.registry_id}")
    if caller in ("revoked", "bad"):
        assert response.status_code == 401
        assert response.json()["code"] == "invalid_token"
        return
    assert response.status_code == 200
    body = response.json()
    assert body["name_ar"] == "تعاونية تيغانيمين للأركان"
    assert body["province_code"] == "051" and body["region_code"] == "01"
    if caller in READS_PRIVATE:
        assert body["phone"] == coop_hoceima.phone and body["email"] == "contact@tighanimine.ma"
    else:
        assert "phone" not in body and "email" not in body


def test_a_logged_in_browser_reads_with_its_own_rules(client, registrar_tanger, coop_hoceima):
    path = f"/api/v1/organizations/{coop_hoceima.registry_id}"
    assert "phone" not in client.get(path).json()
    client.force_login(registrar_tanger)
    assert client.get(path).json()["phone"] == coop_hoceima.phone


def test_an_unknown_or_malformed_number_is_not_found(coop_hoceima):
    for number in ("01-2020-000099-3", "not-a-number", "01-2020-000001-9"):
        response = Api().get(f"/api/v1/organizations/{number}")
        assert response.status_code == 404
        assert response.json()["code"] == "organization_not_found"
        assert response.json()["message_fr"]


@pytest.fixture
def merged_copy(national_registrar, coop_hoceima, province_hoceima):
    copy = register_reviewed(
        national_registrar,
        cooperative_fields(
            province_hoceima, name_ar="تعاونية تيغانيمين", name_fr="Coop Tighanimin"
        ),
    )
    services.merge_organizations(national_registrar, coop_hoceima, copy, reason="نفس الهيئة")
    return copy


@pytest.mark.parametrize("tail", ["", "/history", "/members", "/unions", "/declarations"])
def test_a_merged_number_leads_to_the_same_address_under_its_survivor(
    merged_copy, coop_hoceima, tail
):
    response = Api().get(f"/api/v1/organizations/{merged_copy.registry_id}{tail}", {"limit": 5})
    assert response.status_code == 301
    assert response["Location"] == (
        f"/api/v1/organizations/{coop_hoceima.registry_id}{tail}?limit=5"
    )
    assert Client().get(response["Location"]).status_code == 200


def test_the_number_may_be_typed_without_dashes(coop_hoceima):
    compact = coop_hoceima.registry_id.replace("-", "")
    response = Api().get(f"/api/v1/organizations/{compact}")
    assert response.status_code == 200
    assert response.json()["registry_id"] == coop_hoceima.registry_id
