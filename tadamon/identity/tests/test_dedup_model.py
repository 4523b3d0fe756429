"""The name comparison's conditions, evaluated in DuckDB on two organizations' features."""

import datetime as dt

import duckdb

from tadamon.identity.dedup import features, model, pipeline

PLACES = features.province_places([("541", "تارودانت", "Taroudannt")])


def pair(first: dict, second: dict):
    """A function that evaluates an SQL condition of `model` on the two organizations."""
    rows = [
        features.SourceRow(
            id=i,
            legal_form="association",
            province_code="541",
            region_code="09",
            commune="Taroudannt",
            address="",
            founding_date=dt.date(2015, 6, 1),
            ice="",
            phone="",
            external_id="",
            **{"name_ar": "", "name_fr": "", **names},
        )
        for i, names in enumerate((first, second), start=1)
    ]
    con = duckdb.connect()
    con.register("t", features.feature_table(rows, PLACES))
    columns = features.SCHEMA.names
    select = ", ".join(f"{side}.{c} AS {c}_{side}" for side in ("l", "r") for c in columns)
    con.execute(
        f"CREATE TABLE p AS SELECT {select} FROM t l, t r WHERE l.unique_id = 1 AND r.unique_id = 2"
    )

    def holds(condition: str) -> bool:
        return bool(con.execute(f"SELECT {condition} FROM p").fetchone()[0])

    return holds


def test_two_bodies_told_apart_by_a_number_do_not_share_a_key():
    holds = pair({"name_ar": "جمعية حي بدر للتنمية"}, {"name_ar": "جمعية حي بدر 2 للتنمية"})
    assert holds(model.WORDS_ALIKE) and not holds(model.NUMBERS_AGREE)
    same = pair(
        {"name_ar": "جمعية حي بدر 2 للتنمية"},
        {"name_fr": "Association Hay Badr 2 pour le développement"},
    )
    assert same(model.NUMBERS_AGREE)


def test_a_word_dropped_leaves_concepts_compatible_but_not_the_same():
    holds = pair(
        {"name_ar": "جمعية حي الكرامة للتنمية المستدامة"}, {"name_ar": "جمعية حي الكرامة للتنمية"}
    )
    assert holds(model.CONCEPTS_COMPATIBLE) and not holds(model.SAME_CONCEPTS)
    other = pair({"name_ar": "جمعية حي الكرامة للتنمية"}, {"name_ar": "جمعية حي الكرامة للمسرح"})
    assert not other(model.CONCEPTS_COMPATIBLE)


def test_a_short_key_counts_only_when_the_vowels_agree_too():
    # أسايس and أوزيوة both read "s": the consonants alone cannot tell them apart.
    holds = pair({"name_ar": "تعاونية أسايس للخضر"}, {"name_ar": "تعاونية أوزيوة للخضر"})
    assert not holds(model.KEY_TELLS)
    same = pair({"name_ar": "تعاونية أسايس للخضر"}, {"name_fr": "Coopérative Assaisse des légumes"})
    assert same(model.KEY_TELLS)


def test_most_words_alike_when_the_first_word_is_misspelt():
    holds = pair(
        {"name_fr": "Coopérative Ifrane Anti-Atlas Ben Guerir du miel"},
        {"name_fr": "Coopérative Irfane Anti-Atlas Ben Guerir du miel"},
    )
    assert holds(model.MOST_WORDS_ALIKE)


def scored(a: int, b: int, probability: float) -> pipeline.ScoredPair:
    return pipeline.ScoredPair(a, b, probability, 0.0, [])


def test_a_copy_alike_to_two_bodies_is_not_more_likely_than_not_either():
    pairs = [scored(1, 2, 0.8), scored(1, 3, 0.8), scored(4, 5, 0.8)]
    pipeline.exclusive_probabilities(pairs)
    assert pairs[0].probability == pairs[1].probability < 0.5
    assert pairs[2].probability == 0.8


def test_a_body_filed_three_times_keeps_its_three_pairs():
    pairs = [scored(1, 2, 0.9), scored(1, 3, 0.9), scored(2, 3, 0.9)]
    pipeline.exclusive_probabilities(pairs)
    # Each rival is the same body as the other side nine times in ten: it weighs little.
    assert all(0.8 < p.probability < 0.9 for p in pairs)
    assert pipeline.assign_clusters(pairs) == 1 and {p.cluster for p in pairs} == {1}
