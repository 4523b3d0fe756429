import datetime as dt

import pytest

from conftest import cooperative_fields
from tadamon.errors import DomainError, PermissionDeniedError, ValidationFailed
from tadamon.history.models import HistoryEntry
from tadamon.registry import services
from tadamon.registry.models import Declaration

FIGURES = {
    "members_total": 25,
    "members_women": 22,
    "members_youth": 6,
    "employees_permanent": 3,
    "employees_seasonal": 8,
    "employees_women": 9,
    "revenue_mad": "480000.50",
    "value_added_mad": "-12000",
    "subsidies_mad": 50000,
    "beneficiaries_total": 0,
    "beneficiaries_women": 0,
}


def test_a_representative_files_its_own_declaration(coop_hoceima, representative):
    declaration = services.file_declaration(representative, coop_hoceima, 2023, FIGURES)
    assert declaration.members_women == 22
    assert str(declaration.revenue_mad) == "480000.50"
    assert str(declaration.value_added_mad) == "-12000.00"  # value added may be negative
    entry = HistoryEntry.objects.filter(action="declaration:file").get()
    assert entry.actor == representative
    assert entry.after["revenue_mad"] == "480000.50"


def test_a_correction_replaces_the_figures_and_keeps_the_old_ones_in_history(
    coop_hoceima, representative
):
    services.file_declaration(representative, coop_hoceima, 2023, FIGURES)
    services.file_declaration(
        representative, coop_hoceima, 2023, {**FIGURES, "members_total": 30, "members_women": 26}
    )
    assert Declaration.objects.filter(organization=coop_hoceima, year=2023).count() == 1
    correction = HistoryEntry.objects.filter(action="declaration:correct").get()
    assert correction.before["members_total"] == 25
    assert correction.after["members_total"] == 30


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"members_women": 26}, "members_women_exceeds_total", "members_women"),
        ({"members_youth": 40}, "members_youth_exceeds_total", "members_youth"),
        ({"employees_women": 12}, "employees_women_exceeds_total", "employees_women"),
        (
            {"beneficiaries_total": 5, "beneficiaries_women": 6},
            "beneficiaries_women_exceeds_total",
            "beneficiaries_women",
        ),
        ({"revenue_mad": -1}, "negative_figure", "revenue_mad"),
    ],
)
def test_each_broken_rule_is_named(coop_hoceima, representative, changes, code, field):
    with pytest.raises(ValidationFailed) as failure:
        services.file_declaration(representative, coop_hoceima, 2023, {**FIGURES, **changes})
    error = failure.value.errors[0]
    assert (error.code, error.field) == (code, field)
    assert error.message_ar and error.message_fr
    assert not Declaration.objects.exists()


def test_women_employees_are_bounded_by_permanent_plus_seasonal(coop_hoceima, representative):
    services.file_declaration(
        representative, coop_hoceima, 2023, {**FIGURES, "employees_women": 11}
    )
    assert Declaration.objects.get().employees_women == 11


def test_it_refuses_a_future_year_and_a_year_before_founding(coop_hoceima, representative):
    with pytest.raises(ValidationFailed) as failure:
        services.file_declaration(representative, coop_hoceima, dt.date.today().year + 1, FIGURES)
    assert failure.value.errors[0].code == "declaration_year_in_future"
    with pytest.raises(ValidationFailed) as failure:
        services.file_declaration(representative, coop_hoceima, 2010, FIGURES)
    assert failure.value.errors[0].code == "declaration_before_founding"


def test_it_refuses_text_where_a_number_is_expected(coop_hoceima, representative):
    with pytest.raises(DomainError) as failure:
        services.file_declaration(
            representative, coop_hoceima, 2023, {**FIGURES, "members_total": "كثير"}
        )
    assert (failure.value.code, failure.value.field) == ("not_a_number", "members_total")


def test_a_submitted_organization_cannot_declare(registrar_tanger, province_hoceima):
    org = services.create_organization(registrar_tanger, cooperative_fields(province_hoceima))
    with pytest.raises(DomainError) as failure:
        services.file_declaration(registrar_tanger, org, 2023, FIGURES)
    assert failure.value.code == "declaration_not_registered"


def test_a_representative_cannot_declare_for_another_organization(association_casa, representative):
    with pytest.raises(PermissionDeniedError):
        services.file_declaration(representative, association_casa, 2023, FIGURES)


def test_the_registrar_of_its_region_may_declare_but_not_another(
    coop_hoceima, registrar_tanger, registrar_casa
):
    services.file_declaration(registrar_tanger, coop_hoceima, 2022, FIGURES)
    with pytest.raises(PermissionDeniedError):
        services.file_declaration(registrar_casa, coop_hoceima, 2023, FIGURES)
