import datetime as dt

import pytest

from conftest import cooperative_fields
from tadamon.errors import DomainError, PermissionDeniedError, ValidationFailed
from tadamon.history.models import HistoryEntry
from tadamon.registry import services
from tadamon.registry.models import Organization

VALID_ICE = "001561191000066"  # passes stdnum.ma.ice (ISO 7064 MOD 97-10)


def test_a_registrar_registers_an_arabic_only_organization(registrar_tanger, province_hoceima):
    org = services.register_organization(
        registrar_tanger,
        cooperative_fields(province_hoceima, name_fr="", ice=VALID_ICE),
        "ملف كامل",
    )
    assert org.name_ar == "تعاونية تيغانيمين للأركان"
    assert org.ice == VALID_ICE
    entry = HistoryEntry.objects.filter(object_id=str(org.pk), action="create").get()
    assert entry.after["name_ar"] == "تعاونية تيغانيمين للأركان"
    assert entry.actor == registrar_tanger


def test_it_requires_a_name_in_at_least_one_script(registrar_tanger, province_hoceima):
    with pytest.raises(ValidationFailed) as failure:
        services.create_organization(
            registrar_tanger, cooperative_fields(province_hoceima, name_ar=" ", name_fr="")
        )
    assert failure.value.errors[0].code == "name_required"
    assert Organization.objects.count() == 0


def test_a_field_an_application_may_not_set_is_named_as_the_forms_name_it(
    registrar_tanger, province_hoceima
):
    fields = cooperative_fields(province_hoceima, status="registered", registry_id="X")
    with pytest.raises(DomainError) as failure:
        services.create_organization(registrar_tanger, fields)
    error = failure.value
    assert error.code == "field_not_settable"
    assert "الحالة" in error.message_ar and "رقم السجل" in error.message_ar
    assert "statut" in error.message_fr and "numéro de registre" in error.message_fr
    assert "status" not in error.message_ar + error.message_fr
    assert Organization.objects.count() == 0


def test_it_rejects_an_ice_with_wrong_control_digits(registrar_tanger, province_hoceima):
    with pytest.raises(ValidationFailed) as failure:
        services.create_organization(
            registrar_tanger, cooperative_fields(province_hoceima, ice="001561191000065")
        )
    error = failure.value.errors[0]
    assert (error.code, error.field) == ("ice_invalid", "ice")
    assert "001561191000065" in error.message_ar


def test_it_reports_every_broken_rule_at_once(registrar_tanger, province_hoceima):
    future = dt.date.today() + dt.timedelta(days=30)
    with pytest.raises(ValidationFailed) as failure:
        services.create_organization(
            registrar_tanger,
            cooperative_fields(
                province_hoceima,
                founding_date=future,
                public_utility_date=dt.date(2020, 1, 1),
                email="not-an-email",
            ),
        )
    fields = {e.field for e in failure.value.errors}
    assert {"founding_date", "public_utility_date", "email"} <= fields


def test_public_utility_needs_its_date(registrar_tanger, province_hoceima):
    with pytest.raises(ValidationFailed) as failure:
        services.create_organization(
            registrar_tanger, cooperative_fields(province_hoceima, public_utility=True)
        )
    assert failure.value.errors[0].code == "public_utility_date_required"


def test_it_rejects_an_unknown_sector_and_province(registrar_tanger, province_hoceima):
    with pytest.raises(DomainError) as failure:
        services.create_organization(
            registrar_tanger, cooperative_fields(province_hoceima, sector="astrology")
        )
    assert failure.value.code == "sector_unknown"
    with pytest.raises(DomainError) as failure:
        services.create_organization(registrar_tanger, cooperative_fields("999"))
    assert failure.value.code == "province_unknown"


def test_an_edit_records_only_what_changed(coop_hoceima, registrar_tanger):
    services.update_organization(
        registrar_tanger,
        coop_hoceima,
        {"public_utility": True, "public_utility_date": dt.date(2021, 5, 5)},
    )
    entry = HistoryEntry.objects.filter(object_id=str(coop_hoceima.pk), action="update").get()
    assert entry.before == {"public_utility": False, "public_utility_date": None}
    assert entry.after == {"public_utility": True, "public_utility_date": "2021-05-05"}


def test_an_edit_that_changes_nothing_records_nothing(coop_hoceima, registrar_tanger):
    count = HistoryEntry.objects.count()
    services.update_organization(registrar_tanger, coop_hoceima, {"name_ar": coop_hoceima.name_ar})
    assert HistoryEntry.objects.count() == count


def test_the_registry_number_and_status_cannot_be_edited(coop_hoceima, national_registrar):
    with pytest.raises(PermissionDeniedError):
        services.update_organization(national_registrar, coop_hoceima, {"status": "dissolved"})
    with pytest.raises(PermissionDeniedError):
        services.update_organization(national_registrar, coop_hoceima, {"registry_id": "x"})


def test_a_regional_registrar_cannot_move_an_organization_out_of_its_region(
    coop_hoceima, registrar_tanger, province_casablanca
):
    with pytest.raises(PermissionDeniedError):
        services.update_organization(
            registrar_tanger, coop_hoceima, {"province": province_casablanca}
        )
    coop_hoceima.refresh_from_db()
    assert coop_hoceima.province_id == "051"


def test_a_too_long_name_is_reported_in_both_languages(registrar_tanger, province_hoceima):
    with pytest.raises(ValidationFailed) as failure:
        services.create_organization(
            registrar_tanger, cooperative_fields(province_hoceima, acronym="ت" * 40)
        )
    error = failure.value.errors[0]
    assert error.field == "acronym"
    assert error.message_ar != error.message_fr
