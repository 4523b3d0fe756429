"""The lexicon on real Moroccan SSE names, written the ways registers write them."""

import pytest

from tadamon.identity.lexicon import arabic_concepts, concepts_of, latin_concepts


def test_the_french_and_arabic_names_of_one_cooperative_share_their_concepts():
    french = latin_concepts("Coopérative Féminine Tighanimine d'Argan")
    arabic = arabic_concepts("تعاونية تيغانيمين النسوية للأركان")
    assert french.concepts == arabic.concepts == {"cooperative", "women", "argan"}
    assert french.rest == ("tighanimine",)
    assert arabic.rest == ("تيغانيمين",)


@pytest.mark.parametrize(
    ("french", "arabic", "shared"),
    [
        (
            "Association Hay Salam pour le Développement",
            "جمعية حي السلام للتنمية",
            {"association", "neighbourhood", "peace", "development"},
        ),
        (
            "Association des Œuvres Sociales",
            "جمعية الأعمال الاجتماعية",
            {"association", "social_works"},
        ),
        (
            "Coop. Al Amal pour l'apiculture",
            "تعاونية الأمل لتربية النحل",
            {"cooperative", "hope", "beekeeping"},
        ),
        (
            "Coopérative Agricole Tafraout",
            "التعاونية الفلاحية تافراوت",
            {"cooperative", "agricultural"},
        ),
        (
            "Union des Coopératives Femmes pour l'Argane",
            "اتحاد التعاونيات النسوية للأركان",
            {"union", "cooperative", "women", "argan"},
        ),
        (
            "Association Al Baraka de Broderie",
            "جمعية البركة للطرز",
            {"association", "blessing", "embroidery"},
        ),
    ],
)
def test_real_name_pairs_meet_on_concepts(french, arabic, shared):
    assert latin_concepts(french).concepts == shared
    assert arabic_concepts(arabic).concepts == shared


def test_concepts_tell_apart_two_bodies_of_one_place():
    womens = concepts_of("تعاونية تيغانيمين النسوية للأركان")
    farmers = concepts_of("Coopérative agricole Tighanimine")
    assert womens.concepts != farmers.concepts
    assert "agricultural" in farmers.concepts and "women" in womens.concepts


def test_a_multi_word_concept_is_read_as_one():
    assert latin_concepts("Coopérative des plantes aromatiques et médicinales").concepts == {
        "cooperative",
        "aromatic_plants",
    }
    assert arabic_concepts("تعاونية النباتات العطرية والطبية").concepts == {
        "cooperative",
        "aromatic_plants",
    }


def test_unknown_words_are_kept_for_transliteration():
    assert concepts_of("Amicale Oulad Teima").rest == ("oulad", "teima")
