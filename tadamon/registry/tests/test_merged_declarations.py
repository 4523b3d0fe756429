"""Which declaration counts for a body and a year when its records were merged: one rule,
applied to one body (`declarations_by_year`) or to many at once
(`declarations_from_absorbed`, what the open-data aggregate reads)."""

import pytest

from conftest import DAY, cooperative_fields, register_reviewed
from tadamon.registry import services
from tadamon.registry.models import Organization
from tadamon.registry.services.merging import (
    declarations_by_year,
    declarations_from_absorbed,
    merge_organizations,
    unmerge,
)

REASON = "تسجيل مكرر لنفس التعاونية"


def record(actor, province, name):
    return register_reviewed(
        actor, cooperative_fields(province, name_ar=name, name_fr=""), "ملف", DAY
    )


@pytest.fixture
def chain(national_registrar, province_hoceima):
    """Third merged into second, second into first; each filed in the order written here."""
    actor = national_registrar
    first = record(actor, province_hoceima, "تعاونية الواحة")
    second = record(actor, province_hoceima, "تعاونية الواحة 2")
    third = record(actor, province_hoceima, "تعاونية الواحة 3")
    filed = {
        "first 2022": services.file_declaration(actor, first, 2022, {"members_total": 10}),
        "second 2022": services.file_declaration(actor, second, 2022, {"members_total": 99}),
        "third 2021": services.file_declaration(actor, third, 2021, {"members_total": 7}),
        "second 2021": services.file_declaration(actor, second, 2021, {"members_total": 21}),
        "second 2023": services.file_declaration(actor, second, 2023, {"members_total": 77}),
        "third 2023": services.file_declaration(actor, third, 2023, {"members_total": 30}),
        "third 2024": services.file_declaration(actor, third, 2024, {"members_total": 40}),
    }
    merge_organizations(actor, second, third, reason=REASON)
    merge = merge_organizations(actor, first, second, reason=REASON)
    return first, filed, merge


def test_the_survivors_own_year_else_the_last_filed_through_the_whole_chain(chain):
    first, filed, _merge = chain
    assert declarations_by_year(first) == {
        2021: filed["second 2021"],  # filed after the third's 2021
        2022: filed["first 2022"],  # its own, though a merged record filed it too
        2023: filed["third 2023"],  # filed after the second's 2023, deeper in the chain
        2024: filed["third 2024"],
    }


def test_many_survivors_at_once_give_what_each_gives_alone(
    chain, coop_hoceima, national_registrar, province_hoceima
):
    first, _filed, _merge = chain
    duplicate = record(national_registrar, province_hoceima, "تعاونية تيغانيمين مكررة")
    services.file_declaration(national_registrar, duplicate, 2024, {"members_total": 5})
    merge_organizations(national_registrar, coop_hoceima, duplicate, reason=REASON)
    together = declarations_from_absorbed(
        Organization.objects.exclude(status="merged").values("pk")
    )
    alone = {
        **declarations_from_absorbed([first.pk]),
        **declarations_from_absorbed([coop_hoceima.pk]),
    }
    assert together == alone
    assert {key[0] for key in together} == {first.pk, coop_hoceima.pk}
    assert all(declaration.body_id == key[0] for key, declaration in together.items())


def test_an_unmerged_records_declarations_count_for_it_alone_again(chain, national_registrar):
    first, filed, merge = chain
    unmerge(national_registrar, merge, reason="دمج خاطئ")
    assert declarations_by_year(first) == {2022: filed["first 2022"]}
    second = merge.absorbed
    assert declarations_by_year(second)[2023] == filed["second 2023"]  # its own again
    assert declarations_by_year(second)[2024] == filed["third 2024"]  # from the third, still


def test_without_merges_it_costs_one_query(coop_hoceima, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert declarations_from_absorbed([coop_hoceima.pk]) == {}
