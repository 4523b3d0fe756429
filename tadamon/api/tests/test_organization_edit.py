"""PATCH /api/v1/organizations/{registry_id}: every caller, through the organizations service."""

import pytest

from tadamon.api.tests.conftest import CALLERS, Api, key_for
from tadamon.history.models import HistoryEntry
from tadamon.registry.models import Organization

# On the cooperative of Al Hoceïma (region 01).
EDITS_EVERY_FIELD = {"national_registrar", "registrar_tanger"}
EDITS_PROFILE = EDITS_EVERY_FIELD | {"representative"}
STATUS_WHEN_REFUSED = {"anonymous": 401, "revoked": 401, "bad": 401}


def path(organization) -> str:
    return f"/api/v1/organizations/{organization.registry_id}"


@pytest.mark.parametrize("caller", CALLERS)
def test_the_public_profile(callers, caller, coop_hoceima):
    response = callers[caller].send(
        "patch", path(coop_hoceima), {"acronym": "تغم", "address": "دوار تيغانيمين، الحسيمة"}
    )
    coop_hoceima.refresh_from_db()
    if caller in EDITS_PROFILE:
        assert response.status_code == 200, response.content
        assert response.json()["acronym"] == "تغم"
        assert response.json()["phone"] == coop_hoceima.phone  # who may edit may read it
        assert coop_hoceima.address == "دوار تيغانيمين، الحسيمة"
        entry = HistoryEntry.objects.get(action="update", object_id=str(coop_hoceima.pk))
        assert entry.after == {"acronym": "تغم", "address": "دوار تيغانيمين، الحسيمة"}
    else:
        assert response.status_code == STATUS_WHEN_REFUSED.get(caller, 403)
        assert response.json()["code"] in ("permission_denied", "invalid_token",
                                           "authentication_required")  # fmt: skip
        assert coop_hoceima.acronym == ""
        assert not HistoryEntry.objects.filter(action="update").exists()


@pytest.mark.parametrize("caller", ["national_registrar", "registrar_tanger", "representative"])
def test_the_registry_fields(callers, caller, coop_hoceima):
    response = callers[caller].send(
        "patch", path(coop_hoceima), {"name_ar": "تعاونية تيغانيمين النسوية", "sector": None}
    )
    coop_hoceima.refresh_from_db()
    if caller in EDITS_EVERY_FIELD:
        assert response.status_code == 200
        assert coop_hoceima.name_ar == "تعاونية تيغانيمين النسوية"
        assert coop_hoceima.sector_id is None and response.json()["sector"] is None
    else:  # a representative changes the public profile only
        assert response.status_code == 403
        assert coop_hoceima.name_ar == "تعاونية تيغانيمين للأركان"


def test_a_regional_registrar_cannot_move_a_body_out_of_its_region(callers, coop_hoceima):
    response = callers["registrar_tanger"].send(
        "patch", path(coop_hoceima), {"province_code": "141"}
    )
    assert response.status_code == 403
    coop_hoceima.refresh_from_db()
    assert coop_hoceima.province_id == "051"


def test_a_rule_broken_is_a_400_naming_the_field(callers, coop_hoceima):
    response = callers["representative"].send("patch", path(coop_hoceima), {"email": "ليس بريدا"})
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "email" and body["message_ar"] and body["message_fr"]


@pytest.mark.parametrize(
    "body",
    [{"acronym": None}, {"name_ar": "a\x00b"}, {"status": "dissolved"}, {"province_code": "51"},
     {"public_utility": "perhaps"}, {"founding_date": "hier"}],
)  # fmt: skip
def test_a_malformed_change_is_a_422(callers, coop_hoceima, body):
    response = callers["national_registrar"].send("patch", path(coop_hoceima), body)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request"


def test_a_logged_in_browser_cannot_write_without_a_token(client, national_registrar, coop_hoceima):
    client.force_login(national_registrar)
    response = client.patch(path(coop_hoceima), {"acronym": "X"}, content_type="application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_required"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_merged_record_is_not_written_to(national_registrar, coop_hoceima, province_hoceima):
    from conftest import cooperative_fields, register_reviewed
    from tadamon.registry import services

    copy = register_reviewed(
        national_registrar,
        cooperative_fields(province_hoceima, name_ar="تعاونية تيغانيمين", name_fr="Tighanimin"),
    )
    services.merge_organizations(national_registrar, coop_hoceima, copy, reason="نفس الهيئة")
    response = Api(key_for(national_registrar)).send("patch", path(copy), {"acronym": "X"})
    assert response.status_code == 409
    assert response.json()["code"] == "organization_merged"
    assert Organization.objects.get(pk=copy.pk).acronym == ""
