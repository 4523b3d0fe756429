import datetime as dt

import pytest

from conftest import DAY, cooperative_fields, register_reviewed
from tadamon.errors import DomainError, PermissionDeniedError
from tadamon.registry import services
from tadamon.registry.models import Membership


@pytest.fixture
def union_hoceima(national_registrar, province_hoceima):
    return register_reviewed(
        national_registrar,
        cooperative_fields(
            province_hoceima,
            legal_form="cooperative_union",
            name_ar="اتحاد تعاونيات الريف",
            name_fr="Union des coopératives du Rif",
        ),
        "ملف كامل",
        DAY,
    )


@pytest.fixture
def federation(national_registrar, province_hoceima):
    return register_reviewed(
        national_registrar,
        cooperative_fields(
            province_hoceima,
            legal_form="federation",
            name_ar="الجامعة الوطنية لتعاونيات الأركان",
            name_fr="Fédération nationale des coopératives d'argane",
        ),
        "ملف كامل",
        DAY,
    )


def test_a_cooperative_joins_a_union_and_leaves_it(coop_hoceima, union_hoceima, registrar_tanger):
    membership = services.add_membership(
        registrar_tanger, coop_hoceima, union_hoceima, dt.date(2021, 1, 1)
    )
    services.end_membership(registrar_tanger, membership, dt.date(2023, 12, 31))
    membership.refresh_from_db()
    assert membership.ended_on == dt.date(2023, 12, 31)
    # once the first membership has ended, it may join again
    services.add_membership(registrar_tanger, coop_hoceima, union_hoceima, dt.date(2024, 2, 1))
    assert Membership.objects.filter(member=coop_hoceima).count() == 2


def test_a_union_admits_only_cooperatives(association_casa, union_hoceima, national_registrar):
    with pytest.raises(DomainError) as failure:
        services.add_membership(national_registrar, association_casa, union_hoceima, DAY)
    assert failure.value.code == "member_form_not_allowed"
    assert "تعاونية" in failure.value.message_ar


def test_a_federation_admits_unions_and_associations_but_not_cooperatives(
    union_hoceima, association_casa, coop_hoceima, federation, national_registrar
):
    services.add_membership(national_registrar, union_hoceima, federation, DAY)
    services.add_membership(national_registrar, association_casa, federation, DAY)
    with pytest.raises(DomainError):
        services.add_membership(national_registrar, coop_hoceima, federation, DAY)


def test_only_unions_and_federations_have_members(
    coop_hoceima, association_casa, national_registrar
):
    with pytest.raises(DomainError) as failure:
        services.add_membership(national_registrar, association_casa, coop_hoceima, DAY)
    assert failure.value.code == "not_a_union"


def test_one_open_membership_at_a_time(
    coop_hoceima, union_hoceima, national_registrar, province_hoceima
):
    other_union = register_reviewed(
        national_registrar,
        cooperative_fields(
            province_hoceima, legal_form="cooperative_union", name_ar="اتحاد تعاونيات الحسيمة"
        ),
        "ملف",
        DAY,
    )
    services.add_membership(national_registrar, coop_hoceima, union_hoceima, DAY)
    with pytest.raises(DomainError) as failure:
        services.add_membership(national_registrar, coop_hoceima, other_union, DAY)
    assert failure.value.code == "membership_already_open"


def test_no_cycles_even_through_other_organizations(
    union_hoceima, federation, national_registrar, monkeypatch
):
    # The legal-form rules already forbid cycles; widen them to prove the cycle check holds alone.
    from tadamon.registry import vocabulary

    monkeypatch.setitem(
        vocabulary.ALLOWED_MEMBER_FORMS, "cooperative_union", ("cooperative", "federation")
    )
    services.add_membership(national_registrar, union_hoceima, federation, DAY)
    with pytest.raises(DomainError) as failure:
        services.add_membership(national_registrar, federation, union_hoceima, DAY)
    assert failure.value.code == "membership_cycle"


def test_an_end_before_the_start_is_refused(coop_hoceima, union_hoceima, national_registrar):
    membership = services.add_membership(national_registrar, coop_hoceima, union_hoceima, DAY)
    with pytest.raises(DomainError) as failure:
        services.end_membership(national_registrar, membership, DAY - dt.timedelta(days=1))
    assert failure.value.code == "membership_ends_before_start"


def test_another_regions_registrar_cannot_add_a_membership(
    coop_hoceima, union_hoceima, registrar_casa
):
    with pytest.raises(PermissionDeniedError):
        services.add_membership(registrar_casa, coop_hoceima, union_hoceima, DAY)
