"""What the deduplication reads from each organization: keys across scripts, clean identifiers."""

import datetime as dt

from tadamon.identity.dedup import features, model
from tadamon.identity.dedup.evaluation import cluster_pairs, score_pairs

PLACES = features.province_places([("541", "تارودانت", "Taroudannt")])


def row(id, name_ar="", name_fr="", **extra):
    values = dict(
        id=id, legal_form="cooperative", name_ar=name_ar, name_fr=name_fr, province_code="541",
        region_code="09", commune="Taroudannt", address="", founding_date=dt.date(2015, 6, 1),
        ice="", phone="", external_id="",
    )  # fmt: skip
    values.update(extra)
    return features.SourceRow(**values)


def columns(*rows):
    return features.feature_table(rows, PLACES).to_pydict()


def test_arabic_and_french_names_of_one_body_share_their_core_and_key():
    table = columns(
        row(1, name_ar="تعاونية تيغانيمين النسوية للأركان"),
        row(2, name_fr="Coopérative Féminine Tighanimine d'Argan"),
    )
    assert table["cores"][0] == table["cores"][1] == ["tgnmn"]
    assert table["key_ar"][0] == table["key_fr"][1] == "tgnmn"
    assert set(table["concepts"][0]) == set(table["concepts"][1]) >= {"cooperative", "women"}
    assert table["name_main"][0] and table["name_main"][1]


def test_the_province_added_at_the_end_of_a_name_is_not_part_of_its_key():
    table = columns(
        row(1, name_ar="تعاونية تيغانيمين للأركان - تارودانت"),
        row(2, name_fr="Coopérative Tighanimine pour l'argane - Taroudannt"),
    )
    assert table["key_ar"][0] == table["key_fr"][1] == "tgnmn"


def test_phones_and_identifiers_are_compared_as_digits():
    table = columns(
        row(1, name_ar="تعاونية", phone="+212 6 61-23-45-67", ice=" 001525325000057 "),
        row(2, name_ar="تعاونية", phone="0661234567", ice=""),
    )
    assert table["phone"] == ["661234567", "661234567"]
    assert table["ice"] == ["001525325000057", None]


def test_an_address_without_a_number_is_a_place_not_an_address():
    table = columns(
        row(1, name_ar="تعاونية", address="مركز أولاد برحيل"),
        row(2, name_ar="تعاونية", address="12 زنقة الحرية"),
    )
    assert table["address_norm"][0] is None and table["address_norm"][1]


def test_blocking_and_comparisons_use_only_columns_of_the_table():
    names = set(features.SCHEMA.names) | {"name_here", "fr_here", "key_here", "key_block"}
    settings = model.settings(1e-6).create_settings_dict("duckdb")
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            column = level.get("tf_adjustment_column")
            assert column is None or column in names


def test_precision_and_recall_count_pairs_in_either_order():
    truth = {(1, 2): "typo", (3, 4): "other_script"}
    score = score_pairs([(2, 1), (5, 6)], truth)
    assert (score.precision, score.recall) == (0.5, 0.5)
    assert cluster_pairs({1: "a", 2: "a", 3: "a", 4: "b"}) == {(1, 2), (1, 3), (2, 3)}


def test_a_commune_named_like_its_province_has_a_key_in_both_scripts():
    assert features.commune_key("صفرو") == features.commune_key("Sefrou") == "sfr"
    assert features.commune_key("خريبكة") is not None


def test_a_name_that_is_only_a_place_reads_as_that_place():
    table = columns(
        row(1, name_ar="جمعية سيدي إفني للتنمية المحلية", name_fr="Association Sidi Ifni"),
        row(2, name_ar="جمعيه سيدي إفني"),
    )
    assert table["key_ar"][0] and table["key_ar"][0] == table["key_ar"][1] == table["key_fr"][0]


def test_the_numbers_of_a_name_are_kept_apart():
    table = columns(
        row(1, name_ar="جمعية حي بدر 2 للتنمية"),
        row(2, name_ar="جمعية حي بدر للتنمية"),
    )
    assert table["numbers"] == ["2", None]
