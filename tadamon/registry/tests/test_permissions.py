"""Every role on every operation: who may read, register, change, declare."""

import pytest

from conftest import DAY, FIGURES_MINIMAL, cooperative_fields, register_reviewed
from tadamon.errors import PermissionDeniedError
from tadamon.registry import services
from tadamon.registry.models import Organization

ROLES = [
    "national_registrar",
    "registrar_tanger",
    "registrar_casa",
    "representative",
    "analyst",
    "administrator",
    "anonymous",
]


@pytest.fixture
def cast(request, coop_hoceima):
    return {name: request.getfixturevalue(name) for name in ROLES}


# Who may do what to the cooperative of Al Hoceïma (region 01).
REGISTER_IN_HOCEIMA = {"national_registrar", "registrar_tanger"}
CHANGE_STATUS = {"national_registrar", "registrar_tanger"}
EDIT_ALL_FIELDS = {"national_registrar", "registrar_tanger"}
EDIT_PROFILE = {"national_registrar", "registrar_tanger", "representative"}
DECLARE = {"national_registrar", "registrar_tanger", "representative"}
READ_PRIVATE = {"national_registrar", "registrar_tanger", "representative"}


@pytest.mark.parametrize("role", ROLES)
def test_register(cast, role, province_hoceima):
    fields = cooperative_fields(province_hoceima, name_ar="تعاونية النجاح")
    if role in REGISTER_IN_HOCEIMA:
        assert register_reviewed(cast[role], fields, "ملف").registry_id
    else:
        with pytest.raises(PermissionDeniedError):
            register_reviewed(cast[role], fields, "ملف")


@pytest.mark.parametrize("role", ROLES)
def test_change_status(cast, role, coop_hoceima):
    if role in CHANGE_STATUS:
        services.change_status(cast[role], coop_hoceima, "suspended", "سبب", DAY)
    else:
        with pytest.raises(PermissionDeniedError):
            services.change_status(cast[role], coop_hoceima, "suspended", "سبب", DAY)
        coop_hoceima.refresh_from_db()
        assert coop_hoceima.status == "registered"


@pytest.mark.parametrize("role", ROLES)
def test_edit_a_registry_field(cast, role, coop_hoceima):
    if role in EDIT_ALL_FIELDS:
        services.update_organization(cast[role], coop_hoceima, {"name_ar": "تعاونية تغانيمين"})
    else:
        with pytest.raises(PermissionDeniedError):
            services.update_organization(cast[role], coop_hoceima, {"name_ar": "اسم آخر"})
        coop_hoceima.refresh_from_db()
        assert coop_hoceima.name_ar == "تعاونية تيغانيمين للأركان"


@pytest.mark.parametrize("role", ROLES)
def test_edit_the_public_profile(cast, role, coop_hoceima):
    change = {"activity": "إنتاج زيت الأركان وتسويقه"}
    if role in EDIT_PROFILE:
        services.update_organization(cast[role], coop_hoceima, change)
    else:
        with pytest.raises(PermissionDeniedError):
            services.update_organization(cast[role], coop_hoceima, change)


@pytest.mark.parametrize("role", ROLES)
def test_file_a_declaration(cast, role, coop_hoceima):
    if role in DECLARE:
        services.file_declaration(cast[role], coop_hoceima, 2022, FIGURES_MINIMAL)
    else:
        with pytest.raises(PermissionDeniedError):
            services.file_declaration(cast[role], coop_hoceima, 2022, FIGURES_MINIMAL)


@pytest.mark.parametrize("role", ROLES)
def test_read_private_fields(cast, role, coop_hoceima):
    fields = services.organization_fields_for(cast[role], coop_hoceima)
    assert fields["name_ar"] == "تعاونية تيغانيمين للأركان"
    if role in READ_PRIVATE:
        assert fields["phone"] == coop_hoceima.phone
    else:
        assert "phone" not in fields
        assert "email" not in fields


def test_a_representative_cannot_read_another_organizations_private_fields(
    association_casa, representative
):
    fields = services.organization_fields_for(representative, association_casa)
    assert "phone" not in fields
    assert fields["name_ar"] == "جمعية حي السلام للتنمية"


@pytest.mark.parametrize("role", ROLES)
def test_a_submitted_application_is_not_public(cast, role, national_registrar, province_hoceima):
    org = services.create_organization(
        national_registrar, cooperative_fields(province_hoceima, name_ar="تعاونية قيد الإيداع")
    )
    sees_it = role in {"national_registrar", "registrar_tanger", "registrar_casa", "analyst"}
    assert Organization.objects.visible_to(cast[role]).filter(pk=org.pk).exists() == sees_it
    if not sees_it:
        with pytest.raises(PermissionDeniedError):
            services.organization_fields_for(cast[role], org)


@pytest.mark.parametrize("role", ROLES)
def test_editable_by_is_scoped_to_the_region(cast, role, coop_hoceima, association_casa):
    editable = set(Organization.objects.editable_by(cast[role]).values_list("pk", flat=True))
    expected = {
        "national_registrar": {coop_hoceima.pk, association_casa.pk},
        "registrar_tanger": {coop_hoceima.pk},
        "registrar_casa": {association_casa.pk},
    }.get(role, set())
    assert editable == expected


def test_an_inactive_registrar_loses_every_right(coop_hoceima, registrar_tanger):
    registrar_tanger.is_active = False
    registrar_tanger.save()
    with pytest.raises(PermissionDeniedError):
        services.change_status(registrar_tanger, coop_hoceima, "suspended", "سبب", DAY)
