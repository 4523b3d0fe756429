"""Murmurations profiles: valid against the schema (local $refs), and their stable URL."""

import json

import pytest
from django.urls import reverse

from tadamon.exports.tests.conftest import BASE_URL
from tadamon.exports.tests.validators import murmurations_validator
from tadamon.registry.models import Organization


def errors_of(profile):
    return [e.message for e in murmurations_validator().iter_errors(profile)]


def test_every_exported_profile_validates(exported, open_registry):
    profiles = sorted((exported / "murmurations").glob("*.json"))
    assert len(profiles) == 5
    for path in profiles:
        profile = json.loads(path.read_text(encoding="utf-8"))
        assert errors_of(profile) == [], path.name
        assert profile["unique_id"] == path.stem


def test_the_validator_resolves_refs_and_can_fail():
    assert errors_of({"linked_schemas": ["organizations_schema-v1.0.0"], "name": "x"}) == []
    bad = {"linked_schemas": ["organizations_schema-v1.0.0"], "name": "x",
           "primary_url": "ftp://x", "status": "dormant"}  # fmt: skip
    assert len(errors_of(bad)) == 2  # both checks come from ../fields/*.json


def test_a_profile_says_what_the_registry_says(exported, open_registry):
    coop = json.loads((exported / "murmurations" / f"{open_registry.coop.registry_id}.json")
                      .read_text(encoding="utf-8"))  # fmt: skip
    assert coop["name"] == "تعاونية تيغانيمين للأركان"
    assert coop["status"] == "active" and coop["country_iso_3166"] == "MA"
    assert coop["primary_url"] == f"{BASE_URL}/organizations/{open_registry.coop.registry_id}/"
    assert "تعاونية" in coop["tags"] and "Argane" in coop["tags"]
    assert coop["relationships"][0]["object_url"].endswith(f"/{open_registry.union.registry_id}/")
    assert coop["starts_at"] == 1433116800  # 2015-06-01 00:00 UTC
    assert "telephone" not in coop and "contact_details" not in coop
    dissolved = json.loads((exported / "murmurations" /
                            f"{open_registry.dissolved.registry_id}.json").read_text())  # fmt: skip
    assert dissolved["status"] == "completed" and dissolved["ends_at"] == 1714608000


# --- the stable URL --------------------------------------------------------------------------


def url(number):
    return reverse("exports:murmurations", args=[number])


def test_the_url_serves_a_valid_profile(client, open_registry):
    number = open_registry.coop.registry_id
    assert url(number) == f"/organizations/{number}/murmurations.json"
    response = client.get(url(number))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    profile = response.json()
    assert errors_of(profile) == []
    assert profile["name"] == "تعاونية تيغانيمين للأركان"
    assert profile["primary_url"] == f"http://testserver/organizations/{number}/"
    assert "+212" not in response.content.decode()


@pytest.mark.parametrize("user", ["national_registrar", "analyst", "representative", None])
def test_the_profile_is_the_public_one_whoever_asks(client, open_registry, request, user):
    if user:
        client.force_login(request.getfixturevalue(user))
    response = client.get(url(open_registry.coop.registry_id))
    assert response.status_code == 200
    body = response.content.decode()
    assert "+212" not in body and "contact@tighanimine.ma" not in body
    assert "telephone" not in response.json()


def test_a_merged_number_answers_301_to_the_survivor(client, open_registry):
    response = client.get(url(open_registry.merged.registry_id))
    assert response.status_code == 301
    assert response["Location"] == url(open_registry.coop.registry_id)


def test_a_number_written_another_way_answers_301_to_its_canonical_form(client, open_registry):
    number = open_registry.coop.registry_id
    response = client.get(url(number.replace("-", "")))
    assert response.status_code == 301 and response["Location"] == url(number)


def test_an_unknown_number_is_404_in_json_in_both_languages(client, open_registry):
    response = client.get(url("01-2020-999999-9"))
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "organization_not_found"
    assert "لا توجد" in body["message_ar"] and "Aucune" in body["message_fr"]
    assert client.get(url("not-a-number")).status_code == 404


def test_an_unpublished_organization_is_404(client, open_registry):
    """A submitted record with a number (an import, a data repair) is still not public."""
    Organization.objects.filter(pk=open_registry.submitted.pk).update(
        registry_id="01-2026-000099-7"
    )
    response = client.get(url("01-2026-000099-7"))
    assert response.status_code == 404
    assert response.json()["code"] == "organization_not_found"
    assert "الوردة" not in response.content.decode()
