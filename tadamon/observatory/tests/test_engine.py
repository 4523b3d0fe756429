"""The indicator engine on hand-built registries aggregated to known results.

Organizations are registered, moved through their dated legal life, declare and
merge through the registry's services (which accept a date in the past), so
the cube is built from what the registry really holds. Today the cube runs
from the first declared year to the last complete year (at least 2025).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import defaultdict

import pytest

from conftest import register_reviewed
from tadamon.errors import DomainError
from tadamon.observatory import cube, engine
from tadamon.observatory.elements import CUBE_COLUMNS
from tadamon.observatory.models import Cell, CubeState, Indicator, ReferenceValue
from tadamon.registry import services
from tadamon.registry.services.merging import merge_organizations, unmerge

pytestmark = pytest.mark.django_db

WORDS = itertools.cycle(
    [
        ("الأمل", "Al Amal"),
        ("النور", "Nour"),
        ("الفتح", "Al Fath"),
        ("الوحدة", "Al Wahda"),
        ("البركة", "Baraka"),
        ("الصفاء", "Safae"),
        ("الوفاء", "Al Wafae"),
        ("الأطلس", "Atlas"),
        ("الزيتون", "Zitoune"),
        ("الواحة", "Al Waha"),
        ("الريف", "Rif"),
        ("الساحل", "Sahel"),
    ]
)
SERIAL = itertools.count(1)
FORM_NAMES = {"cooperative": ("تعاونية", "Coopérative"), "association": ("جمعية", "Association")}


def body(actor, province: str, on: dt.date, *, form="cooperative", sector="argan"):
    """A body registered on `on` in `province`, with its own Arabic and French name."""
    word_ar, word_fr = next(WORDS)
    number = next(SERIAL)
    prefix_ar, prefix_fr = FORM_NAMES[form]
    return register_reviewed(
        actor,
        {
            "legal_form": form,
            "name_ar": f"{prefix_ar} {word_ar} {number}",
            "name_fr": f"{prefix_fr} {word_fr} {number}",
            "province": province,
            "founding_date": dt.date(2015, 1, 1),
            "sector": sector,
            "phone": f"+212 661 {number:06d}",
        },
        "ملف كامل",
        on,
    )


def declare(actor, organization, year: int, **figures):
    return services.file_declaration(actor, organization, year, figures)


def indicator(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


def custom(code: str, numerator: str, denominator: str = "", factor: float = 1) -> Indicator:
    return Indicator.objects.create(
        code=code,
        name_ar="مؤشر تجريبي",
        name_fr="Indicateur d'essai",
        definition_ar="للاختبار",
        definition_fr="Pour l'essai",
        numerator=numerator,
        denominator=denominator,
        factor=factor,
    )


def computed(codes, territories, years, **filters) -> dict:
    indicators = [indicator(c) if isinstance(c, str) else c for c in codes]
    values = engine.compute(indicators, territories, years, **filters)
    return {(v.indicator, v.territory, v.year): v for v in values}


def one(code, territory: str, year: int, **filters) -> engine.Value:
    (value,) = computed([code], [territory], [year], **filters).values()
    return value


def population(code: str) -> float:
    return ReferenceValue.objects.get(code="population_legal", territory_code=code).value


def on(year: int, month: int = 1, day: int = 1) -> dt.date:
    return dt.date(year, month, day)


# ---------------------------------------------------------------- the legal life


@pytest.fixture
def lives(national_registrar):
    """Bodies of Al Hoceïma (051) with dated legal lives; the cube covers 2023–2025."""
    actor = national_registrar
    always = body(actor, "051", on(2020, 3, 15))
    suspended = body(actor, "051", on(2022, 5, 1))
    services.change_status(actor, suspended, "suspended", "تعليق مؤقت", on(2023, 6, 1))
    services.change_status(actor, suspended, "registered", "رفع التعليق", on(2024, 2, 1))
    dissolved = body(actor, "051", on(2021, 1, 1))
    # Dissolved on 31 December: no longer on the register at the end of that year.
    services.change_status(actor, dissolved, "dissolved", "حل الجمعية العامة", on(2023, 12, 31))
    services.change_status(actor, dissolved, "struck_off", "تمت التصفية", on(2024, 6, 1))
    struck = body(actor, "051", on(2023, 3, 1))
    services.change_status(actor, struck, "struck_off", "شطب", on(2024, 12, 31))
    body(actor, "051", on(2024, 1, 1))  # registered on the first day of 2024
    same_day = body(actor, "051", on(2022, 1, 1))
    # Suspended and reinstated the same day: the later change stands.
    services.change_status(actor, same_day, "suspended", "تعليق", on(2023, 5, 5))
    services.change_status(actor, same_day, "registered", "خطأ في التعليق", on(2023, 5, 5))
    services.create_organization(  # an application never registered
        actor,
        {
            "legal_form": "cooperative",
            "name_ar": "تعاونية الطلب المعلق",
            "name_fr": "Coopérative demande en attente",
            "province": "051",
        },
    )
    refused = services.create_organization(
        actor,
        {
            "legal_form": "cooperative",
            "name_ar": "تعاونية الملف المرفوض",
            "name_fr": "Coopérative dossier refusé",
            "province": "051",
        },
    )
    services.change_status(actor, refused, "struck_off", "ملف ناقص", on(2023, 2, 1))
    declare(actor, always, 2023, members_total=12)
    return always


EXPECTED_COUNTS = {2023: (4, 3), 2024: (4, 4), 2025: (4, 4)}  # (on the register, active)


@pytest.mark.parametrize("territory", ["051", "01", "MA"])
def test_bodies_count_at_year_end_from_their_dated_status_changes(lives, territory):
    values = computed(["organizations", "organizations_active"], [territory], [2023, 2024, 2025])
    for year, (registered, active) in EXPECTED_COUNTS.items():
        assert values["organizations", territory, year].value == registered, year
        assert values["organizations_active", territory, year].value == active, year


def test_no_count_before_the_first_year_the_registry_covers(lives):
    value = one("organizations", "051", 2022)
    assert value.value is None and value.numerator is None
    assert value.note == "no_registry_data"


def test_another_province_counts_none_of_them(lives):
    assert one("organizations", "151", 2024).value == 0


def test_growth_compares_with_the_year_before(lives):
    # Active bodies: 3 at the end of 2023, 4 at the end of 2024.
    growth = one("organizations_growth", "051", 2024)
    assert growth.numerator == 1 and growth.denominator == 3
    assert growth.value == pytest.approx(100 / 3)
    first = one("organizations_growth", "051", 2023)
    assert first.value is None and first.note == "no_registry_data"


def test_declarations_completeness_is_declarations_over_bodies_on_the_register(lives):
    value = one("declarations_completeness", "051", 2023)
    assert (value.numerator, value.denominator) == (1, 4)
    assert value.value == pytest.approx(25.0)


# ---------------------------------------------------------------- merged records


@pytest.fixture
def merged(national_registrar):
    """A survivor in Al Hoceïma (051) and its duplicate record in Chefchaouen (151)."""
    actor = national_registrar
    survivor = body(actor, "051", on(2020, 1, 1))
    duplicate = body(actor, "151", on(2020, 1, 1))
    declare(actor, duplicate, 2023, members_total=10, members_women=4)
    declare(actor, duplicate, 2024, members_total=20, members_women=20)
    declare(actor, survivor, 2024, members_total=50, members_women=5)
    declare(actor, survivor, 2025, members_total=7, members_women=1)
    merge = merge_organizations(actor, survivor, duplicate, reason="تسجيل مكرر لنفس التعاونية")
    return survivor, duplicate, merge


def test_a_merged_record_is_never_counted(merged):
    values = computed(["organizations", "organizations_active"], ["051", "151", "MA"], [2023, 2025])
    for year in (2023, 2025):
        assert values["organizations", "051", year].value == 1
        assert values["organizations", "151", year].value == 0
        assert values["organizations", "MA", year].value == 1
        assert values["organizations_active", "MA", year].value == 1


def test_a_merged_records_declaration_counts_for_its_survivor_only_in_years_it_did_not_file(
    merged,
):
    values = computed(["members", "members_women_share"], ["051", "151", "01"], [2023, 2024, 2025])
    # 2023: only the duplicate filed, counted for the survivor in the survivor's province.
    assert values["members", "051", 2023].value == 10
    assert values["members", "151", 2023].value == 0
    # 2024: both filed; the survivor's own declaration, never both.
    assert values["members", "051", 2024].value == 50
    assert values["members", "01", 2024].value == 50
    assert values["members_women_share", "01", 2024].value == pytest.approx(10.0)
    assert values["members", "051", 2025].value == 7
    assert values["members", "151", 2024].value == 0


def test_an_unmerged_record_counts_on_its_own_again(merged, national_registrar):
    _survivor, _duplicate, merge = merged
    assert one("members", "051", 2023).value == 10  # builds the cube
    unmerge(national_registrar, merge, reason="دمج خاطئ")
    values = computed(["members", "organizations"], ["051", "151"], [2023, 2024])
    assert values["members", "051", 2023].value == 0
    assert values["members", "151", 2023].value == 10
    assert values["members", "151", 2024].value == 20
    assert values["organizations", "151", 2024].value == 1


# ---------------------------------------------------------------- sums and shares


@pytest.fixture
def spread(national_registrar):
    """One body in each of six provinces of five regions, members and women in 2024."""
    actor = national_registrar
    figures = {
        "051": (10, 9),  # region 01: 90 %
        "151": (90, 9),  # region 01: 10 %
        "141": (100, 50),  # region 06
        "071": (20, 10),  # region 10
        "121": (30, 3),  # region 11
        "066": (50, 5),  # region 12
    }
    for province, (members, women) in figures.items():
        organization = body(actor, province, on(2020, 6, 1))
        declare(actor, organization, 2024, members_total=members, members_women=women)
    return figures


def test_a_regions_share_sums_numerators_and_denominators(spread):
    values = computed(["members_women_share"], ["051", "151", "01"], [2024])
    assert values["members_women_share", "051", 2024].value == pytest.approx(90.0)
    assert values["members_women_share", "151", 2024].value == pytest.approx(10.0)
    region = values["members_women_share", "01", 2024]
    assert (region.numerator, region.denominator) == (18, 100)
    # 18 %, where the mean of its provinces' shares would be 50 %.
    assert region.value == pytest.approx(18.0)


def test_the_nations_share_sums_every_province(spread):
    nation = one("members_women_share", "MA", 2024)
    assert (nation.numerator, nation.denominator) == (86, 300)
    assert nation.value == pytest.approx(8600 / 300)
    assert one("members", "MA", 2024).value == 300


def test_the_southern_group_sums_its_three_regions(spread):
    values = computed(["members_women_share", "members"], ["10", "11", "12", "10+11+12"], [2024])
    group = values["members_women_share", "10+11+12", 2024]
    assert (group.numerator, group.denominator) == (18, 100)
    assert group.value == pytest.approx(18.0)
    assert values["members", "10+11+12", 2024].value == sum(
        values["members", r, 2024].value for r in ("10", "11", "12")
    )


def test_a_rate_per_inhabitant_divides_by_the_territorys_own_population(spread):
    values = computed(["members_per_10k"], ["051", "01", "10+11+12"], [2024])
    province = values["members_per_10k", "051", 2024]
    assert province.denominator == population("051")
    assert province.value == pytest.approx(10 / population("051") * 10_000)
    region = values["members_per_10k", "01", 2024]
    assert region.denominator == population("01")
    assert region.value == pytest.approx(100 / population("01") * 10_000)
    group = values["members_per_10k", "10+11+12", 2024]
    assert group.denominator == sum(population(r) for r in ("10", "11", "12"))
    assert group.value == pytest.approx(100 / group.denominator * 10_000)


def test_a_group_of_provinces_is_the_sum_of_its_provinces(spread):
    assert one("members", "051+141", 2024).value == 110
    assert one("members_women_share", "051+141", 2024).value == pytest.approx(59 / 110 * 100)


def test_a_group_whose_members_overlap_is_refused(spread):
    # Region 01 already holds Al Hoceïma (051): summing both would count it twice.
    with pytest.raises(DomainError) as caught:
        engine.compute([indicator("members")], ["01+051"], [2024])
    assert caught.value.code == "territory_unknown"
    assert caught.value.message_ar and caught.value.message_fr


def test_jobs_are_permanent_and_seasonal_with_their_women(national_registrar):
    actor = national_registrar
    first = body(actor, "081", on(2020, 1, 1))
    second = body(actor, "081", on(2020, 1, 1))
    declare(actor, first, 2024, employees_permanent=4, employees_seasonal=6, employees_women=5)
    declare(actor, second, 2024, employees_permanent=10)
    assert one("jobs", "081", 2024).value == 20
    share = one("jobs_women_share", "05", 2024)
    assert (share.numerator, share.denominator) == (5, 20)


# ---------------------------------------------------------------- panel sums


@pytest.fixture
def panel(national_registrar):
    """Bodies of Azilal (081) declaring jobs in some years and not others."""
    actor = national_registrar
    both = body(actor, "081", on(2020, 1, 1))
    declare(actor, both, 2023, employees_permanent=5)
    declare(actor, both, 2024, employees_permanent=6, employees_seasonal=2)
    declare(actor, both, 2025, employees_permanent=8)
    newcomer = body(actor, "081", on(2020, 1, 1))
    declare(actor, newcomer, 2024, employees_permanent=10)
    leaver = body(actor, "081", on(2020, 1, 1))
    declare(actor, leaver, 2023, employees_permanent=4)
    no_jobs_first = body(actor, "081", on(2020, 1, 1))
    declare(actor, no_jobs_first, 2023, members_total=9)  # jobs not given
    declare(actor, no_jobs_first, 2024, employees_permanent=3)
    gap = body(actor, "081", on(2020, 1, 1))
    declare(actor, gap, 2023, employees_seasonal=2)
    declare(actor, gap, 2025, employees_seasonal=9)  # skipped 2024
    return both


def test_jobs_created_counts_only_bodies_declaring_jobs_both_years(panel):
    values = computed(["jobs", "jobs_created", "jobs_growth"], ["081", "05", "MA"], [2024, 2025])
    assert values["jobs", "081", 2024].value == 8 + 10 + 3
    # Only the body that declared jobs in 2023 and 2024: 8 − 5. Not 21 − 11 (all bodies).
    created = values["jobs_created", "081", 2024]
    assert created.value == 3 and created.numerator == 3
    growth = values["jobs_growth", "081", 2024]
    assert (growth.numerator, growth.denominator) == (3, 5)
    assert growth.value == pytest.approx(60.0)
    # 2025: 8 − 8 for the same body; the one that skipped 2024 is no panel.
    assert values["jobs", "081", 2025].value == 17
    assert values["jobs_created", "081", 2025].value == 0
    assert values["jobs_created", "MA", 2024].value == 3


def test_jobs_created_has_no_value_in_the_registrys_first_year(panel):
    value = one("jobs_created", "081", 2023)
    assert value.value is None and value.note == "no_registry_data"


def test_year_offsets_read_the_years_before(panel):
    change = custom("jobs_change", "jobs - jobs[year=-1]")
    two_back = custom("jobs_two_back", "jobs[year=-2]")
    values = computed([change, two_back], ["081"], [2024, 2025])
    assert values["jobs_change", "081", 2024].value == 21 - (5 + 4 + 2)
    assert values["jobs_change", "081", 2025].value == 17 - 21
    assert values["jobs_two_back", "081", 2025].value == 11
    assert values["jobs_two_back", "081", 2024].note == "no_registry_data"


def test_a_census_figure_stands_for_the_years_around_the_census(panel):
    earlier = custom("population_before", "population[year=-1]")
    values = computed([earlier, "population"], ["081"], [2023, 2025])
    for year in (2023, 2025):
        assert values["population", "081", year].value == population("081")
        assert values["population_before", "081", year].value == population("081")


# ---------------------------------------------------------------- legal forms and sectors


@pytest.fixture
def forms(national_registrar):
    actor = national_registrar
    argan = body(actor, "051", on(2020, 1, 1), sector="argan")
    crafts = body(actor, "051", on(2020, 1, 1), sector="handicraft")
    association = body(actor, "051", on(2020, 1, 1), form="association", sector="social_action")
    declare(actor, argan, 2024, members_total=10, members_women=10)
    declare(actor, crafts, 2024, members_total=20, members_women=5)
    declare(actor, association, 2024, members_total=40, members_women=8)


@pytest.mark.parametrize(
    ("filters", "members", "organizations"),
    [
        ({}, 70, 3),
        ({"legal_form": "cooperative"}, 30, 2),
        ({"legal_form": "association"}, 40, 1),
        ({"legal_form": "mutual"}, 0, 0),
        ({"sector": "argan"}, 10, 1),
        ({"sector": "social_action"}, 40, 1),
        ({"legal_form": "association", "sector": "argan"}, 0, 0),
        ({"legal_form": "cooperative", "sector": "handicraft"}, 20, 1),
    ],
)
def test_filters_keep_one_legal_form_or_sector(forms, filters, members, organizations):
    for territory in ("051", "01", "MA"):
        values = computed(["members", "organizations"], [territory], [2024], **filters)
        assert values["members", territory, 2024].value == members
        assert values["organizations", territory, 2024].value == organizations


@pytest.mark.parametrize(
    ("group_by", "parts"),
    [
        ("legal_form", {"cooperative": 30, "association": 40, "mutual": 0}),
        ("sector", {"argan": 10, "handicraft": 20, "social_action": 40}),
    ],
)
def test_a_breakdown_read_once_gives_each_part_what_its_filter_gives(forms, group_by, parts):
    codes = ["members", "members_women_share", "organizations"]
    computation = engine.Computation([indicator(c) for c in codes], [2024], group_by=[group_by])
    keyword = "form" if group_by == "legal_form" else "sector"
    for part, members in parts.items():
        for territory in ("051", "MA"):
            assert computation.value("members", territory, 2024, **{keyword: part}).value == (
                members
            )
            for code in codes:
                alone = one(code, territory, 2024, **{group_by: part})
                together = computation.value(code, territory, 2024, **{keyword: part})
                assert (together.value, together.numerator, together.denominator) == (
                    alone.value,
                    alone.numerator,
                    alone.denominator,
                ), (code, part)
    assert computation.value("members", "MA", 2024).value == 70


def test_a_filter_applies_to_registry_figures_not_to_population(forms):
    value = one("organizations_per_10k", "051", 2024, legal_form="cooperative")
    assert value.numerator == 2 and value.denominator == population("051")


def test_selectors_pick_a_legal_form_or_sector_inside_a_formula(forms):
    cooperatives = custom("cooperative_share", "members[legal_form=cooperative]", "members", 100)
    crafts = custom("crafts_women", "members[sector=handicraft, sex=female]")
    values = computed([cooperatives, crafts], ["051", "MA"], [2024])
    share = values["cooperative_share", "MA", 2024]
    assert (share.numerator, share.denominator) == (30, 70)
    assert values["crafts_women", "051", 2024].value == 5


def test_a_selector_outside_the_filter_selects_nothing(forms):
    cooperatives = custom("cooperative_share", "members[legal_form=cooperative]", "members", 100)
    value = one(cooperatives, "051", 2024, legal_form="association")
    assert (value.numerator, value.denominator) == (0, 40)
    value = one(cooperatives, "051", 2024, legal_form="cooperative")
    assert (value.numerator, value.denominator) == (30, 30)


# ---------------------------------------------------------------- disparity


@pytest.fixture
def dakhla(national_registrar):
    """Region 12 has two provinces: one body in Aousserd (066), three in Oued Ed-Dahab (391)."""
    actor = national_registrar
    first = body(actor, "066", on(2020, 1, 1))
    for _ in range(3):
        body(actor, "391", on(2020, 1, 1))
    declare(actor, first, 2024, members_total=5)  # the cube then covers 2024


def test_coefficient_of_variation_on_two_provinces(dakhla):
    rates = [1 / population("066") * 10_000, 3 / population("391") * 10_000]
    # Two values: the population standard deviation is half their distance, the mean
    # half their sum (a sample deviation would be √2 larger).
    expected = abs(rates[0] - rates[1]) / (rates[0] + rates[1])
    for territory in ("12", "066+391"):
        value = one("organizations_per_10k_cv", territory, 2024)
        assert value.value == pytest.approx(expected), territory
        assert value.note == ""


def test_theil_index_on_two_provinces(dakhla):
    people = population("066") + population("391")
    shares = [(1 / 4, population("066") / people), (3 / 4, population("391") / people)]
    expected = sum(s * math.log(s / p) for s, p in shares)
    value = one("organizations_per_10k_theil", "12", 2024)
    assert value.value == pytest.approx(expected)
    assert value.value > 0


def test_theil_with_one_province_holding_every_body(national_registrar):
    lone = body(national_registrar, "391", on(2020, 1, 1))
    declare(national_registrar, lone, 2024, members_total=5)
    people = population("066") + population("391")
    value = one("organizations_per_10k_theil", "12", 2024)
    # The empty province adds nothing (0 · log 0 = 0) but its population counts.
    assert value.value == pytest.approx(math.log(people / population("391")))
    assert one("organizations_per_10k_cv", "12", 2024).value == pytest.approx(1.0)


def test_disparity_needs_several_provinces(dakhla):
    value = one("organizations_per_10k_cv", "066", 2024)
    assert value.value is None and value.note == "needs_several_provinces"


# ---------------------------------------------------------------- notes


@pytest.fixture
def registry_2023(national_registrar):
    organization = body(national_registrar, "051", on(2020, 1, 1))
    declare(national_registrar, organization, 2023, members_total=10, value_added_mad=1000)
    return organization


def test_no_registry_data_outside_the_years_covered(registry_2023):
    for year in (2019, 2022):
        value = one("members", "MA", year)
        assert value.value is None and value.note == "no_registry_data"


def test_a_figure_not_published_for_a_territory_or_year(registry_2023):
    # Regional accounts stop at regions: a province has no GDP, and nobody invents one.
    province = one("sse_gdp_share", "051", 2023)
    assert province.value is None and province.note == "not_published"
    assert province.numerator == 1000 and province.denominator is None
    # National accounts stop at 2024.
    assert one("sse_gdp_share", "MA", 2025).note == "not_published"
    # The economy's gross value added is not loaded.
    assert one("sse_value_added_share", "MA", 2023).note == "not_published"


@pytest.mark.parametrize("region", ["10", "11", "12"])
def test_a_southern_region_alone_has_no_gdp_share_only_its_group(registry_2023, region):
    alone = one("sse_gdp_share", region, 2023)
    assert alone.value is None and alone.denominator is None
    assert alone.note == "published_for_group:10+11+12"
    group = one("sse_gdp_share", "10+11+12", 2023)
    assert group.denominator == pytest.approx(0.048 * 1479.76e9)
    assert group.value == 0 and group.note == ""


@pytest.mark.parametrize("group", ["12+11+10", "11+10+12"])
def test_the_southern_group_is_found_whatever_the_order_of_its_regions(registry_2023, group):
    value = one("sse_gdp_share", group, 2023)
    assert value.denominator == pytest.approx(0.048 * 1479.76e9)
    assert value.note == ""


def test_the_nations_gdp_share(registry_2023):
    value = one("sse_gdp_share", "MA", 2023)
    assert value.denominator == pytest.approx(1479.76e9)
    assert value.value == pytest.approx(1000 / 1479.76e9 * 100)


def test_a_zero_denominator_is_said(registry_2023):
    value = one("members_women_share", "151", 2023)
    assert value.value is None and value.denominator == 0
    assert value.note == "denominator_zero"


def test_a_rate_is_not_summed_from_its_parts(registry_2023):
    # The census publishes each territory's unemployment rate; a group has none.
    assert (
        one("unemployment_rate", "01", 2024).value
        == ReferenceValue.objects.get(code="labour_unemployment_rate", territory_code="01").value
    )
    grouped = one("unemployment_rate", "01+02", 2024)
    assert grouped.value is None and grouped.note == "not_published"


# ---------------------------------------------------------------- freshness


def cells() -> dict:
    """The cube summed per cell (a cell may be written as several rows)."""
    totals: dict = defaultdict(lambda: [0.0] * len(CUBE_COLUMNS))
    rows = Cell.objects.values_list("province_id", "legal_form", "sector_id", "year", *CUBE_COLUMNS)
    for row in rows:
        total = totals[row[:4]]
        for i, value in enumerate(row[4:]):
            total[i] += value
    return {key: total for key, total in totals.items() if any(total)}


@pytest.fixture
def built(national_registrar):
    """Two bodies of Al Hoceïma that declared 2023 and 2025, and a built cube."""
    actor = national_registrar
    first = body(actor, "051", on(2020, 1, 1))
    second = body(actor, "051", on(2020, 1, 1), form="association", sector="social_action")
    declare(actor, first, 2023, members_total=10, employees_permanent=2)
    declare(actor, second, 2025, members_total=30)
    assert one("members", "051", 2023).value == 10
    state = CubeState.objects.get()
    return first, second, state.rebuilt_at


def assert_incremental(rebuilt_at) -> None:
    """The change was taken in by the provinces it touched, not by a rebuild."""
    assert CubeState.objects.get().rebuilt_at == rebuilt_at


def test_a_filed_declaration_shows_at_once(built, national_registrar):
    first, _second, rebuilt_at = built
    declare(national_registrar, first, 2024, members_total=15, members_women=6)
    assert one("members", "051", 2024).value == 15
    assert one("members_women_share", "MA", 2024).value == pytest.approx(40.0)
    assert_incremental(rebuilt_at)


def test_a_corrected_declaration_replaces_the_old_figures(built, national_registrar):
    first, _second, rebuilt_at = built
    declare(national_registrar, first, 2023, members_total=25, employees_permanent=2)
    assert one("members", "01", 2023).value == 25
    assert_incremental(rebuilt_at)


def test_a_status_change_shows_at_once(built, national_registrar):
    first, _second, rebuilt_at = built
    services.change_status(national_registrar, first, "suspended", "تعليق", on(2025, 3, 1))
    values = computed(["organizations", "organizations_active"], ["051"], [2024, 2025])
    assert values["organizations_active", "051", 2024].value == 2
    assert values["organizations_active", "051", 2025].value == 1
    assert values["organizations", "051", 2025].value == 2
    assert_incremental(rebuilt_at)


def test_a_body_that_moves_takes_its_figures_along(built, national_registrar):
    first, _second, rebuilt_at = built
    services.update_organization(national_registrar, first, {"province": "141"})
    values = computed(["organizations", "members"], ["051", "141", "01", "06"], [2023])
    assert values["organizations", "051", 2023].value == 1
    assert values["organizations", "141", 2023].value == 1
    assert values["members", "051", 2023].value == 0
    assert values["members", "06", 2023].value == 10
    assert_incremental(rebuilt_at)


def test_a_merge_shows_at_once(built, national_registrar):
    first, _second, rebuilt_at = built
    duplicate = body(national_registrar, "151", on(2020, 1, 1))
    declare(national_registrar, duplicate, 2024, members_total=8)
    assert one("members", "151", 2024).value == 8
    merge_organizations(national_registrar, first, duplicate, reason="تسجيل مكرر")
    values = computed(["members", "organizations"], ["051", "151"], [2024])
    assert values["members", "051", 2024].value == 8
    assert values["members", "151", 2024].value == 0
    assert values["organizations", "151", 2024].value == 0
    assert_incremental(rebuilt_at)


def test_a_declaration_for_an_earlier_year_extends_the_years_covered(built, national_registrar):
    first, _second, _rebuilt_at = built
    assert one("members", "051", 2021).note == "no_registry_data"
    declare(national_registrar, first, 2021, members_total=6)
    assert engine.periods() == [2021, 2022, 2023, 2024, 2025]
    values = computed(["members", "organizations"], ["051"], [2021, 2022, 2023])
    assert values["members", "051", 2021].value == 6
    assert values["members", "051", 2022].value == 0
    assert values["members", "051", 2023].value == 10
    assert values["organizations", "051", 2021].value == 2


def test_rebuilding_from_scratch_gives_the_cells_of_the_incremental_path(built, national_registrar):
    first, second, rebuilt_at = built
    actor = national_registrar
    duplicate = body(actor, "151", on(2020, 1, 1))
    declare(actor, duplicate, 2024, members_total=8, employees_seasonal=3)
    declare(actor, first, 2024, members_total=12, employees_permanent=4)
    declare(actor, first, 2025, members_total=14, employees_permanent=5)
    declare(actor, first, 2023, members_total=11, employees_permanent=2)
    services.change_status(actor, second, "suspended", "تعليق", on(2024, 5, 1))
    services.update_organization(actor, first, {"province": "141", "sector": "handicraft"})
    merge_organizations(actor, first, duplicate, reason="تسجيل مكرر")
    other = body(actor, "066", on(2021, 1, 1))
    declare(actor, other, 2025, members_total=3)
    engine.compute([indicator("members")], ["MA"], [2025])
    assert_incremental(rebuilt_at)
    incremental = cells()
    cube.rebuild()
    assert cells() == incremental
    assert incremental[("141", "cooperative", "handicraft", 2024)][CUBE_COLUMNS.index("members")]


def test_completeness_counts_only_declarations_of_bodies_on_the_register(national_registrar):
    actor = national_registrar
    body(actor, "051", on(2020))  # on the register, never declares
    leaving = body(actor, "051", on(2020))
    declare(actor, leaving, 2024, members_total=10)
    services.change_status(actor, leaving, "dissolved", "حل الجمعية العامة", on(2024, 6, 1))
    late = body(actor, "051", on(2025, 3, 1))
    declare(actor, late, 2024, members_total=7)  # its 2024, before it was registered
    value = one("declarations_completeness", "051", 2024)
    assert value.denominator == 1
    assert value.numerator == 0 and value.value == 0
    assert one("members", "051", 2024).value == 17  # their figures still count
