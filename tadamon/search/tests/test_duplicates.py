"""The duplicate check at registration: look-alikes are put before a registrar first."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import cooperative_fields
from tadamon.errors import DomainError
from tadamon.identity.models import DuplicateFlag
from tadamon.identity.services import confirm_flag, open_flags_for, reject_flag
from tadamon.registry import services
from tadamon.registry.models import Organization
from tadamon.search.duplicates import likely_duplicates

DAY = dt.date(2024, 3, 1)


def french_copy(province, **overrides):
    """coop_hoceima again, from a French-only file, as ODCO files often are."""
    fields = cooperative_fields(
        province, name_ar="", name_fr="Cooperative Tighanimin pour l'argan", phone=""
    )
    fields.update(overrides)
    return fields


def test_registering_a_lookalike_in_one_step_is_refused_and_names_it(
    coop_hoceima, national_registrar, province_hoceima
):
    count = Organization.objects.count()
    with pytest.raises(DomainError) as refused:
        services.register_organization(
            national_registrar, french_copy(province_hoceima), "ملف كامل", DAY
        )
    assert refused.value.code == "possible_duplicate"
    assert coop_hoceima.registry_id in refused.value.message_fr
    assert "تعاونية تيغانيمين للأركان" in refused.value.message_ar
    assert Organization.objects.count() == count  # nothing written
    assert not DuplicateFlag.objects.exists()


def test_an_application_is_flagged_and_waits_for_the_registrar(
    coop_hoceima, national_registrar, province_hoceima
):
    applied = services.create_organization(national_registrar, french_copy(province_hoceima))
    [flag] = open_flags_for(applied)
    assert flag.source == "registration"
    assert {flag.org_a_id, flag.org_b_id} == {coop_hoceima.pk, applied.pk}
    assert flag.reasons[0] == "same_name_across_scripts"  # another spelling, same key
    assert {"same_province", "same_legal_form"} <= set(flag.reasons)
    with pytest.raises(DomainError) as refused:
        services.change_status(national_registrar, applied, "registered", "ملف كامل", DAY)
    assert refused.value.code == "possible_duplicate"
    reject_flag(national_registrar, flag, "هيئتان مختلفتان: محضرا تأسيس مختلفان")
    registered = services.change_status(national_registrar, applied, "registered", "ملف", DAY)
    assert registered.status == "registered" and registered.registry_id


def test_a_confirmed_duplicate_application_is_refused(
    coop_hoceima, national_registrar, province_hoceima
):
    applied = services.create_organization(national_registrar, french_copy(province_hoceima))
    [flag] = open_flags_for(applied)
    confirm_flag(national_registrar, flag, coop_hoceima, "نفس التعاونية")
    applied.refresh_from_db()
    assert applied.status == "struck_off" and not applied.registry_id
    assert not open_flags_for(coop_hoceima).exists()


def test_distinct_bodies_of_one_place_are_not_flagged(
    coop_hoceima, national_registrar, province_hoceima
):
    association = services.create_organization(
        national_registrar,
        cooperative_fields(
            province_hoceima, legal_form="association", name_ar="جمعية الأمل للتنمية",
            name_fr="Association Al Amal pour le développement", sector="social_action",
            founding_date=dt.date(2001, 1, 1),
        ),
    )  # fmt: skip
    assert not open_flags_for(association).exists()


def test_the_same_ice_is_a_duplicate_even_in_another_region(
    coop_hoceima, national_registrar, province_casablanca
):
    coop_hoceima.ice = "001525796000087"
    services.update_organization(national_registrar, coop_hoceima, {"ice": "001525796000087"})
    fields = cooperative_fields(
        province_casablanca, name_ar="تعاونية النسيم", name_fr="", ice="001525796000087"
    )
    [found] = likely_duplicates({**fields, "province_id": "141"})
    assert found.organization == coop_hoceima and found.reasons[0] == "same_ice"


def test_a_lookalike_of_another_region_without_identifier_is_left_alone(
    coop_hoceima, national_registrar, province_casablanca
):
    elsewhere = services.create_organization(
        national_registrar,
        cooperative_fields(province_casablanca, name_ar="تعاونية تيغانيمين للأركان", name_fr=""),
    )
    assert not open_flags_for(elsewhere).exists()
