"""The weights that pick a query's candidates from the index (pure: no database)."""

from tadamon.search.scoring import QueryTerms, idf

TOTAL = 500_000


def query_terms(matches: dict, terms: dict) -> QueryTerms:
    return QueryTerms(words=(("smn",),), soft=(), matches=matches, terms=terms, total=TOTAL)


def test_a_slip_of_a_common_word_weighs_no_more_than_the_word_as_typed():
    # "smn" (Yasmina) is carried by 11,000 bodies; "lsmn", one slip away, by two.
    terms = {1: ("smn", 11_000), 2: ("lsmn", 2), 3: ("smn=association", 9_800),
             4: ("lsmn=association", 2)}  # fmt: skip
    matches = {"smn": {1: 1.0, 2: 0.8, 3: 1.0, 4: 0.8}}
    weights = query_terms(matches, terms).term_weights()
    assert weights[1][0] == idf(11_000, TOTAL)
    assert weights[2][0] == 0.8 * idf(11_000, TOTAL) < weights[1][0]
    # A pair is capped by the same pair as typed.
    assert weights[4][0] == 0.8 * idf(9_800, TOTAL) < weights[3][0]


def test_a_slip_keeps_its_own_rarity_when_the_word_as_typed_is_not_indexed():
    terms = {2: ("lsmn", 2)}
    weights = query_terms({"smn": {2: 0.8}}, terms).term_weights()
    assert weights[2][0] == 0.8 * idf(2, TOTAL)


def test_two_spellings_of_one_word_count_once_and_each_concept_apart():
    # Fath read as "ft" and "fth": a body holding both counts the word once.
    terms = {1: ("ft", 9_900), 2: ("fth", 11_300), 3: ("ft=association", 8_500),
             4: ("fth=association", 9_400), 5: ("ft=women", 300)}  # fmt: skip
    matches = {"ft": {1: 1.0, 3: 1.0, 5: 1.0}, "fth": {2: 1.0, 4: 1.0}}
    weights = QueryTerms(
        words=(("ft", "fth"),), soft=(), matches=matches, terms=terms, total=TOTAL
    ).term_weights()
    group = {term_id: weights[term_id][1] for term_id in terms}
    assert group[1] == group[2]  # the word, either reading
    assert group[3] == group[4]  # the word with "association", either reading
    assert len({group[1], group[3], group[5]}) == 3


def test_typed_terms_are_told_from_their_neighbours():
    terms = {1: ("smn", 11_000), 2: ("lsmn", 2), 3: ("smn=association", 9_800)}
    query = query_terms({"smn": {1: 1.0, 2: 0.8, 3: 1.0}}, terms)
    assert query.is_typed(1) and query.is_typed(3)
    assert not query.is_typed(2)
