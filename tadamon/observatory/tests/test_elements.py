"""Data elements: what each name and selector of a formula resolves to, and every
refusal in Arabic and French."""

from __future__ import annotations

from collections import Counter

import pytest

from tadamon.errors import DomainError
from tadamon.observatory.elements import CUBE_COLUMNS, ELEMENTS, YEAR_OFFSETS, resolve
from tadamon.observatory.expressions import parse
from tadamon.observatory.models import ReferenceValue
from tadamon.registry.vocabulary import LegalForm

SECTORS = {"argan", "handicraft", "social_action"}
REGISTRY = [name for name, e in ELEMENTS.items() if e.origin != "reference"]
REFERENCE = [name for name, e in ELEMENTS.items() if e.origin == "reference"]
BREAKDOWNS = [
    (name, key, value)
    for name, element in ELEMENTS.items()
    for key, options in (*element.breakdowns.items(), *element.codes.items())
    for value in options
]
# Named by an element but not in the reference data yet (elements.py says so, and
# the indicators dividing by it have no value): nothing else may be missing.
NOT_LOADED = {"gva_mad"}


def resolved(text: str, sectors: set[str] | None = SECTORS):
    return resolve(parse(text), sectors)


def refusal(text: str, sectors: set[str] | None = SECTORS) -> DomainError:
    with pytest.raises(DomainError) as caught:
        resolved(text, sectors)
    return caught.value


# ---------------------------------------------------------------- what resolves


@pytest.mark.parametrize("name", ELEMENTS)
def test_every_element_resolves_without_selectors(name):
    found = resolved(name)
    element = ELEMENTS[name]
    assert found.element is element
    assert (found.year_offset, found.legal_form, found.sector) == (0, "", "")
    assert found.terms == element.terms and found.code == element.code
    assert found.from_cube == (name in REGISTRY)


@pytest.mark.parametrize("name", REGISTRY)
def test_registry_elements_read_cube_columns(name):
    element = ELEMENTS[name]
    columns = [column for _sign, column in element.terms]
    for options in element.breakdowns.values():
        columns += [column for terms in options.values() for _sign, column in terms]
    assert columns and set(columns) <= set(CUBE_COLUMNS)


@pytest.mark.parametrize(("name", "key", "value"), BREAKDOWNS)
def test_every_breakdown_value_resolves(name, key, value):
    element = ELEMENTS[name]
    found = resolved(f"{name}[{key}={value}]")
    if element.origin == "reference":
        assert found.code == element.codes[key][value] and found.terms == ()
    else:
        assert found.terms == element.breakdowns[key][value] and found.code == ""


def signed(terms) -> dict[str, int]:
    total: Counter = Counter()
    for sign, column in terms:
        total[column] += sign
    return {column: sign for column, sign in total.items() if sign}  # drop what cancels out


@pytest.mark.parametrize(
    ("name", "key"),
    [(name, key) for name in REGISTRY for key in ELEMENTS[name].breakdowns],
)
def test_the_values_of_a_breakdown_add_up_to_the_element(name, key):
    # men + women = members, youth + adults = members, permanent + seasonal = jobs...
    element = ELEMENTS[name]
    parts = [t for terms in element.breakdowns[key].values() for t in terms]
    assert signed(parts) == signed(element.terms)


@pytest.mark.django_db
def test_every_reference_code_an_element_names_is_loaded():
    loaded = set(ReferenceValue.objects.values_list("code", flat=True))
    named = {ELEMENTS[n].code for n in REFERENCE} | {
        code
        for n in REFERENCE
        for options in ELEMENTS[n].codes.values()
        for code in options.values()
    }
    assert named - loaded == NOT_LOADED


@pytest.mark.parametrize("offset", list(YEAR_OFFSETS))
@pytest.mark.parametrize("name", ["jobs", "population"])
def test_year_offsets_from_ten_years_back_to_this_year(name, offset):
    assert resolved(f"{name}[year={offset}]").year_offset == offset


@pytest.mark.parametrize("value", ["1", "-11", "2024", "last"])
def test_a_year_outside_the_offsets_is_refused(value):
    error = refusal(f"jobs[year={value}]")
    assert error.code == "formula_unknown_breakdown"
    assert f"«jobs[year={value}]»: القيم الممكنة لـ year هي -10 … 0" in error.message_ar
    assert f"« jobs[year={value}] » : les valeurs possibles de year sont -10 … 0" in (
        error.message_fr
    )


@pytest.mark.parametrize("form", LegalForm.values)
def test_every_legal_form_selects(form):
    found = resolved(f"organizations[legal_form={form}]")
    assert found.legal_form == form and found.sector == ""


@pytest.mark.django_db
def test_every_sector_of_the_registry_selects():
    from tadamon.registry.models import Sector

    codes = list(Sector.objects.values_list("code", flat=True))
    assert len(codes) > 10
    for code in codes:
        assert resolved(f"members[sector={code}]", sectors=None).sector == code


def test_selectors_combine_with_one_breakdown():
    found = resolved("members[legal_form=cooperative, sector=argan, year=-1, sex=female]")
    assert found.legal_form == "cooperative" and found.sector == "argan"
    assert found.year_offset == -1
    assert found.terms == ((1, "members_women"),)


# ---------------------------------------------------------------- census.<code>


def test_a_census_rate_is_a_carried_reference_figure_that_is_not_summed():
    found = resolved("census.illiteracy_rate_10_plus")
    assert not found.from_cube
    assert found.code == "illiteracy_rate_10_plus"
    assert found.element.carried and not found.element.additive
    assert found.element.unit == "percent" and found.element.source_key == "hcp-rgph-2024"


@pytest.mark.parametrize(
    ("code", "additive"),
    [
        ("households_count", True),
        ("population_legal__rural", True),
        ("economy_establishments_non_profit", True),
        ("households_distance_to_paved_road_km", False),
        ("amenities_electricity", False),
        ("labour_unemployment_rate__female", False),
    ],
)
def test_census_counts_are_summed_and_rates_and_distances_are_not(code, additive):
    assert resolved(f"census.{code}").element.additive is additive


def test_a_census_figure_takes_a_year_offset_but_no_registry_selector():
    assert resolved("census.amenities_electricity[year=-2]").year_offset == -2
    error = refusal("census.amenities_electricity[legal_form=cooperative]")
    assert error.code == "formula_unknown_breakdown"
    assert "(الممكن: year)" in error.message_ar and "(possibles : year)" in error.message_fr


def test_an_unknown_census_code_is_refused_in_arabic_and_french():
    error = refusal("census.poverty_rate")
    assert error.code == "formula_unknown_element" and error.field == "formula"
    assert error.message_ar == "رقم الإحصاء «poverty_rate» غير معروف"
    assert error.message_fr == "Indicateur du recensement « poverty_rate » inconnu"


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize("name", ["membres", "members_women", "census", "Population"])
def test_an_unknown_element_is_refused_in_arabic_and_french(name):
    error = refusal(name)
    assert error.code == "formula_unknown_element" and error.field == "formula"
    assert error.message_ar == f"عنصر البيانات «{name}» غير معروف"
    assert error.message_fr == f"Élément de données « {name} » inconnu"


def test_an_unknown_breakdown_lists_those_the_element_has():
    error = refusal("members[colour=red]")
    assert error.code == "formula_unknown_breakdown"
    assert error.message_ar == (
        "«members» لا يقبل التفصيل «colour» (الممكن: year، legal_form، sector، sex، age)"
    )
    assert error.message_fr == (
        "« members » n'a pas de ventilation « colour » "
        "(possibles : year, legal_form, sector, sex, age)"
    )


@pytest.mark.parametrize("key", ["legal_form", "sector", "age"])
def test_a_reference_figure_refuses_registry_breakdowns(key):
    error = refusal(f"population[{key}=x]")
    assert error.code == "formula_unknown_breakdown"
    assert "(الممكن: year، area، sex)" in error.message_ar
    assert "(possibles : year, area, sex)" in error.message_fr


def test_a_breakdown_that_does_not_fit_the_element_is_refused():
    # Jobs are broken down by sex and type, not by age; the census has no age here.
    assert refusal("jobs[age=youth]").code == "formula_unknown_breakdown"
    assert refusal("gdp[area=rural]").code == "formula_unknown_breakdown"


def test_an_unknown_breakdown_value_lists_the_possible_ones():
    error = refusal("members[sex=other]")
    assert error.code == "formula_unknown_breakdown"
    assert error.message_ar == "«members[sex=other]»: القيم الممكنة لـ sex هي female، male"
    assert error.message_fr == (
        "« members[sex=other] » : les valeurs possibles de sex sont female, male"
    )


def test_an_unknown_legal_form_lists_the_legal_forms():
    error = refusal("organizations[legal_form=bank]")
    assert error.code == "formula_unknown_breakdown"
    assert ", ".join(LegalForm.values) in error.message_fr
    assert "، ".join(LegalForm.values) in error.message_ar


def test_an_unknown_sector_lists_the_sectors():
    error = refusal("organizations[sector=banking]")
    assert error.code == "formula_unknown_breakdown"
    assert "argan, handicraft, social_action" in error.message_fr
    assert "argan، handicraft، social_action" in error.message_ar


@pytest.mark.django_db
def test_sectors_are_read_from_the_registry_when_not_given():
    assert refusal("organizations[sector=banking]", sectors=None).code == (
        "formula_unknown_breakdown"
    )


def test_two_breakdowns_of_one_element_are_not_combined():
    error = refusal("members[sex=female, age=youth]")
    assert error.code == "formula_breakdowns_not_combined"
    assert error.message_ar == "«members» لا يفصل حسب sex وage معا"
    assert error.message_fr == "« members » n'est pas ventilé par sex et age à la fois"
