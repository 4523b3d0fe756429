from django.db.models import Sum

from tadamon.territory.models import Province, Region
from tadamon.territory.reference import load_territories

NATIONAL_POPULATION_2024 = 36_828_330  # HCP, RGPH 2024 legal population
NATIONAL_HOUSEHOLDS_2024 = 9_275_038


def test_the_twelve_regions_and_seventy_five_provinces_are_loaded(db):
    assert list(Region.objects.values_list("code", flat=True)) == [f"{n:02d}" for n in range(1, 13)]
    assert Province.objects.count() == 75
    assert Province.objects.get(code="051").name_fr == "Al Hoceima"
    assert Province.objects.get(code="141").region_id == "06"
    assert Province.objects.get(code="541").name_ar == "تارودانت"


def test_census_figures_add_up_to_the_nation(db):
    totals = Region.objects.aggregate(p=Sum("population_2024"), h=Sum("households_2024"))
    assert totals == {"p": NATIONAL_POPULATION_2024, "h": NATIONAL_HOUSEHOLDS_2024}
    for region in Region.objects.all():
        provinces = region.provinces.aggregate(p=Sum("population_2024"))["p"]
        assert provinces == region.population_2024, region.code


def test_loading_again_changes_nothing(db):
    assert load_territories(Region, Province) == (12, 75)
    assert Region.objects.count() == 12
