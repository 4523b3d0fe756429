"""ETags on every GET, computed from the body: If-None-Match answers 304 until it changes."""

import pytest

from tadamon.api.conditional import body_etag
from tadamon.api.tests.conftest import Api, key_for
from tadamon.registry import services

READS = [
    "/api/v1/organizations",
    "/api/v1/organizations?q=تعاونية",
    "/api/v1/organizations/{number}",
    "/api/v1/organizations/{number}/history",
    "/api/v1/organizations/{number}/declarations",
    "/api/v1/organizations/{number}/members",
    "/api/v1/organizations/{number}/unions",
    "/api/v1/declarations",
    "/api/v1/territories",
    "/api/v1/territories/01",
]


@pytest.mark.parametrize("address", READS)
def test_every_read_has_an_etag_and_answers_304_when_unchanged(coop_hoceima, address):
    api = Api()
    path = address.format(number=coop_hoceima.registry_id)
    first = api.get(path)
    assert first.status_code == 200
    assert first["ETag"] == body_etag(first.content)
    assert "Authorization" in first["Vary"] and first["Cache-Control"] == "no-cache"
    again = api.get(path, **{"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]


def test_a_change_gives_a_new_etag(coop_hoceima, registrar_tanger):
    api = Api()
    path = f"/api/v1/organizations/{coop_hoceima.registry_id}"
    etag = api.get(path)["ETag"]
    services.update_organization(registrar_tanger, coop_hoceima, {"acronym": "تغم"})
    changed = api.get(path, **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed.json()["acronym"] == "تغم"
    assert changed["ETag"] != etag


def test_weak_and_listed_etags_match_and_others_do_not(coop_hoceima):
    api = Api()
    path = f"/api/v1/organizations/{coop_hoceima.registry_id}"
    etag = api.get(path)["ETag"]
    assert api.get(path, **{"If-None-Match": f'"other", W/{etag}'}).status_code == 304
    assert api.get(path, **{"If-None-Match": "*"}).status_code == 304
    assert api.get(path, **{"If-None-Match": '"other"'}).status_code == 200


def test_each_caller_has_its_own_etag(coop_hoceima, registrar_tanger):
    path = f"/api/v1/organizations/{coop_hoceima.registry_id}"
    public = Api().get(path)["ETag"]
    private = Api(key_for(registrar_tanger)).get(path)
    assert private["ETag"] != public  # the registrar's body holds the phone
    assert Api(key_for(registrar_tanger)).get(path, **{"If-None-Match": public}).status_code == 200


def test_writes_and_failures_carry_no_etag(callers, coop_hoceima):
    write = callers["representative"].send(
        "patch", f"/api/v1/organizations/{coop_hoceima.registry_id}", {"acronym": "ت"}
    )
    assert write.status_code == 200 and "ETag" not in write
    missing = Api().get("/api/v1/organizations/01-2020-000099-3")
    assert missing.status_code == 404 and "ETag" not in missing
