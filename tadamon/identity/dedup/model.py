"""The Splink model: blocking rules, comparisons, and the baseline on raw names.

Why these choices (measured on the demo registry, docs/benchmarks.md):

- Blocking keeps recall across scripts: a pair is compared when the two share
  the *core* of their names (first transliterated word: the same skeleton from
  Arabic and from French) in one commune and legal form, the same name key in
  one province, the same whole name in one region (a body registered again in
  the next province), the same founding date in one region and legal form, or
  the same ICE or phone.
- Names are compared on their cross-script keys, not on the raw strings: the
  same normalized name, the same key (term-frequency adjusted: "Hay Salam" is
  common, "Tighanimine" is not), the same key across scripts, keys alike
  (Jaro-Winkler), most transliterated words shared. Concepts (coopérative /
  تعاونية, argan, women) are compared apart: they are what tells two bodies of
  one village apart.
- Identifiers and dates carry the weight that names cannot: the registry holds
  many distinct bodies of one name in one city ("Association Hay Riad pour le
  développement durable" several times in Casablanca).
- m probabilities are not learnt by expectation maximisation: EM on blocks of
  one name learns the homonymous bodies as if they were duplicates (measured:
  precision 0.12 at 0.9 on 50,000 organizations). The values here say how a
  body's second file differs from its first; pipeline.train blends them with
  what the pairs sharing an ICE or a phone show. u values are learnt from the
  data (random sampling), which is where the registry's own homonyms show.
"""

from __future__ import annotations

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

KEY_PAIRS = (("key_ar", "key_ar"), ("key_fr", "key_fr"), ("key_ar", "key_fr"), ("key_fr", "key_ar"))


def _any_key_pair(template: str) -> str:
    return "(" + " OR ".join(template.format(a=a, b=b) for a, b in KEY_PAIRS) + ")"


def _best_key_similarity() -> str:
    terms = ", ".join(f"coalesce(jaro_winkler_similarity({a}_l, {b}_r), 0)" for a, b in KEY_PAIRS)
    return f"greatest({terms})"


SHARED_WORDS = (
    "len(list_intersect(skeletons_l, skeletons_r)) * 1.0"
    " / least(len(skeletons_l), len(skeletons_r))"
)
CONCEPT_OVERLAP = (
    "len(list_intersect(concepts_l, concepts_r)) * 1.0 / greatest(len(concepts_l), len(concepts_r))"
)


def _levels(*pairs) -> list:
    """Levels with their fixed m probability (None: the null level, no m)."""
    return [level if m is None else level.configure(m_probability=m) for level, m in pairs]


def _least_edits() -> str:
    terms = ", ".join(f"coalesce(damerau_levenshtein({a}_l, {b}_r), 99)" for a, b in KEY_PAIRS)
    return f"least({terms})"


def _alike(x: str, y: str) -> str:
    """Two skeleton words alike: equal, or one slip apart when both have four letters."""
    return (
        f"({x} = {y} OR (length({x}) >= 4 AND length({y}) >= 4"
        f" AND damerau_levenshtein({x}, {y}) <= 1))"
    )


def _matched(side: str, other: str) -> str:
    inner = f"len(list_filter({other}, lambda y: {_alike('x', 'y')})) > 0"
    return f"len(list_filter({side}, lambda x: {inner}))"


# The core words (first transliterated word of each name) alike, and at least half
# of the shorter name's words found in the other: a dropped or an added word, a
# typo in a word, an unknown word where the other file has a lexicon word.
WORDS_ALIKE = (
    f"{_matched('cores_l', 'cores_r')} > 0 AND greatest("
    f"{_matched('skeletons_l', 'skeletons_r')} / len(skeletons_l), "
    f"{_matched('skeletons_r', 'skeletons_l')} / len(skeletons_r)) >= 0.5"
)


SAME_CONCEPTS = "coalesce(concepts_l, []) = coalesce(concepts_r, [])"


def _lettered(side: str) -> str:
    """The words of a name that are not numbers: "Tanger 9" shares a place and a number
    with every ninth body of the city."""
    return f"list_filter({side}, lambda w: NOT regexp_full_match(w, '[0-9]+'))"


# Two words or more alike, numbers aside, and three quarters of the shorter name's.
MOST_WORDS_ALIKE = (
    f"{_matched(_lettered('skeletons_l'), 'skeletons_r')} >= 2 AND greatest("
    f"{_matched('skeletons_l', 'skeletons_r')} / len(skeletons_l), "
    f"{_matched('skeletons_r', 'skeletons_l')} / len(skeletons_r)) >= 0.75"
)


def _adjusted(level, column: str):
    """A level adjusted for how common the value of `column` is (term frequency), on a
    condition that is not an exact match of that column."""
    return level.configure(
        tf_adjustment_column=column, tf_adjustment_weight=1.0, disable_tf_exact_match_detection=True
    )


# The concepts of one name within the other's (a word dropped or added), or the
# same: compatible. Neither within the other ("… du tourisme" / "… de développement"):
# two bodies of one place, most likely.
CONCEPTS_COMPATIBLE = (
    "(concepts_l IS NULL OR concepts_r IS NULL"
    " OR list_has_all(concepts_l, concepts_r) OR list_has_all(concepts_r, concepts_l))"
)


VOCAL_PAIRS = (
    ("vocal_ar", "vocal_ar"),
    ("vocal_fr", "vocal_fr"),
    ("vocal_ar", "vocal_fr"),
    ("vocal_fr", "vocal_ar"),
)

# A key of three consonants or fewer ("s", "tng") is shared by names that have
# nothing else in common (Assaisse and Ouzioua both read "s"): such a key counts as
# the same name only when the vowels agree too.
KEY_TELLS = (
    "(length(replace(name_key_l, ' ', '')) >= 4 OR greatest("
    + ", ".join(f"coalesce(jaro_winkler_similarity({a}_l, {b}_r), 0)" for a, b in VOCAL_PAIRS)
    + ") >= 0.8)"
)


# The numbers in two names the same (or none in either): registers make a second body's
# name unique with a number ("Hay Badr 2"), so "Hay Badr" and "Hay Badr 2" are two bodies.
NUMBERS_AGREE = "coalesce(numbers_l, '') = coalesce(numbers_r, '')"


def name_comparison() -> cl.CustomComparison:
    """Names and their concepts in one comparison: one depends on the other too much
    for Splink's independence assumption (two equal names have equal concepts)."""
    same_key = "(" + _any_key_pair("{a}_l = {b}_r") + f" AND {NUMBERS_AGREE})"
    words_alike = f"({WORDS_ALIKE} AND {NUMBERS_AGREE})"
    return cl.CustomComparison(
        output_column_name="name",
        comparison_levels=_levels(
            (cll.NullLevel("name_main"), None),
            # The whole name, normalized, in the main script; adjusted for how many bodies
            # of each one's province bear it (pipeline.score). Not "in one province": the
            # territory comparison weighs the place, and a name level that required it
            # would count a body registered again in the next province against it twice.
            (
                _adjusted(cll.CustomLevel("name_main_l = name_main_r", "same name"), "name_here"),
                0.3,
            ),
            # The French name alike when one side also has an Arabic one (one script
            # shown in one file, both in the other), adjusted the same way.
            (
                _adjusted(cll.CustomLevel("norm_fr_l = norm_fr_r", "same French name"), "fr_here"),
                0.1,
            ),
            (cll.CustomLevel("norm_ar_l = norm_ar_r", "same Arabic name"), 0.05),
            (
                # Adjusted for how many bodies of the province bear the key: "s" (Assaisse,
                # Ouzioua) or "tng" (Tanger) is shared by many, "mdr kbr" by few.
                _adjusted(
                    cll.CustomLevel(
                        f"{same_key} AND {SAME_CONCEPTS} AND {KEY_TELLS}", "same key and concepts"
                    ),
                    "key_here",
                ),
                0.2,
            ),
            (
                _adjusted(
                    cll.CustomLevel(
                        f"{same_key} AND {CONCEPTS_COMPATIBLE} AND {KEY_TELLS}",
                        "same key, concepts one within the other",
                    ),
                    "key_here",
                ),
                0.1,
            ),
            (cll.CustomLevel(same_key, "same key, other concepts"), 0.02),
            # Not Jaro-Winkler on the keys: on keys of a few consonants it rates
            # "mdn rts" and "smn rts" (Médina, Yasmina) above 0.9.
            (
                cll.CustomLevel(
                    f"{words_alike} AND {CONCEPTS_COMPATIBLE}", "words alike, concepts compatible"
                ),
                0.2,
            ),
            (cll.CustomLevel(words_alike, "words alike, other concepts"), 0.02),
            # Most words alike but not the first: a misspelt or unread first word
            # ("Irfane Anti-Atlas Ben Guerir", "Asoc. El Karama Ternata").
            (
                cll.CustomLevel(
                    f"{MOST_WORDS_ALIKE} AND {NUMBERS_AGREE} AND {CONCEPTS_COMPATIBLE}",
                    "most words alike, concepts compatible",
                ),
                0.02,
            ),
            (cll.ElseLevel(), 0.06),
        ),
    )


def territory_comparison() -> cl.CustomComparison:
    """Province and commune as one comparison: the commune lies in the province, so
    counting both as independent evidence would count the place twice."""
    return cl.CustomComparison(
        output_column_name="territory",
        comparison_levels=_levels(
            (cll.NullLevel("province_code"), None),
            (
                cll.CustomLevel(
                    "province_code_l = province_code_r AND commune_key_l = commune_key_r",
                    "same commune",
                ),
                0.7,
            ),
            (
                cll.CustomLevel(
                    "province_code_l = province_code_r"
                    " AND jaro_winkler_similarity(commune_key_l, commune_key_r) >= 0.88",
                    "commune alike",
                ),
                0.15,
            ),
            (cll.ExactMatchLevel("province_code"), 0.09),
            (cll.ExactMatchLevel("region_code"), 0.05),
            (cll.ElseLevel(), 0.001),
        ),
    )


def exact(column: str, m_same: float, *, fixed: bool = False) -> cl.CustomComparison:
    """`fixed`: keep m as given when the rest is learnt from labelled pairs (pipeline.train):
    the pairs that share an ICE or a phone are the labels, so they cannot say how often
    a duplicate keeps its ICE or phone."""
    levels = _levels(
        (cll.NullLevel(column), None),
        (cll.ExactMatchLevel(column), m_same),
        (cll.ElseLevel(), 1 - m_same),
    )
    if fixed:
        levels = [levels[0]] + [level.configure(fix_m_probability=True) for level in levels[1:]]
    return cl.CustomComparison(output_column_name=column, comparison_levels=levels)


def _days_apart(days: int) -> str:
    return f"abs(date_diff('day', founding_date_l, founding_date_r)) <= {days}"


def founding_comparison() -> cl.CustomComparison:
    """Founding dates: the same, a few weeks apart (a typed day or month), within a year
    (the date of the assembly against that of the receipt), within two, or one left out.

    A date left out on one side is a level of its own, not "no evidence": a second file
    of a body is often filed in haste, and how often that happens to a duplicate (m,
    learnt from the labelled pairs, pipeline.train) against two random bodies (u) is
    what the level weighs. Both left out is no evidence.
    """
    return cl.CustomComparison(
        output_column_name="founding_date",
        comparison_levels=_levels(
            (
                cll.CustomLevel(
                    "founding_date_l IS NULL AND founding_date_r IS NULL", "both left out"
                ).configure(is_null_level=True),
                None,
            ),
            # Adjusted: thousands of bodies were founded in the last two years.
            (cll.ExactMatchLevel("founding_date", term_frequency_adjustments=True), 0.7),
            (cll.CustomLevel(_days_apart(31), "within a month"), 0.03),
            (cll.CustomLevel(_days_apart(366), "within a year"), 0.12),
            (cll.CustomLevel(_days_apart(731), "within two years"), 0.05),
            (
                cll.CustomLevel(
                    "founding_date_l IS NULL OR founding_date_r IS NULL", "one left out"
                ),
                0.05,
            ),
            (cll.ElseLevel(), 0.05),
        ),
    )


CORE_BLOCK = 40


def blocking_rules() -> list:
    """Candidate pairs. Measured on 50,000 demo organizations (seed 2): these keep 95% of
    the true pairs for 315,000 comparisons; a shared core in one province without the
    commune keeps 96.4% for 1.18 million, which grows to about 120 million at 500,000
    organizations (the blocks of common names grow with the square of their size)."""
    return [
        # The same core in one commune and form, in blocks of at most CORE_BLOCK bodies
        # (pipeline.score: block_cores): in a city the blocks of a common core ("slm",
        # Salam) grow with the square of the city.
        block_on(
            "province_code",
            "legal_form",
            "commune_key",
            "block_cores",
            arrays_to_explode=["block_cores"],
        ),
        # Same key in one province, in blocks of at most 40 bodies: a pair in a larger
        # block (forty "Association Hay Salam" in Casablanca) has nothing in its name to
        # go on, and is compared only if the rules below find something else.
        "l.province_code = r.province_code AND l.legal_form = r.legal_form"
        " AND l.name_key = r.name_key AND l.key_block <= 40",
        block_on("province_code", "legal_form", "address_norm"),
        block_on("region_code", "legal_form", "name_main"),
        block_on("region_code", "legal_form", "founding_date"),
        block_on("ice"),
        block_on("phone"),
    ]


def comparisons() -> list:
    return [
        name_comparison(),
        territory_comparison(),
        exact("legal_form", 0.99),
        founding_comparison(),
        # One enterprise, one ICE: two ICEs are strong evidence of two bodies.
        exact("ice", 0.95, fixed=True),
        # Phones change between two files of one body more often than not.
        exact("phone", 0.4, fixed=True),
        # Only addresses with a street number: "Centre X" is a place, not an address.
        exact("address_norm", 0.9),
    ]


def settings(prior: float) -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        probability_two_random_records_match=prior,
        blocking_rules_to_generate_predictions=blocking_rules(),
        comparisons=comparisons(),
        # The gamma (level) columns give the reasons shown to the registrar;
        # Splink keeps them only with the matching columns.
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=True,
    )


def baseline_settings(prior: float) -> SettingsCreator:
    """Splink out of the box on the names as they are written: the yardstick.

    Same blocking idea (the same words after the legal form in one province and
    legal form, the same founding date in one region, the same identifiers) but
    on the names as written, Splink's default name comparisons, and training as
    Splink's tutorials do it (u by random sampling, m by EM).
    """
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        probability_two_random_records_match=prior,
        blocking_rules_to_generate_predictions=[
            block_on("province_code", "legal_form", "word_ar"),
            block_on("province_code", "legal_form", "word_fr"),
            block_on("region_code", "legal_form", "founding_date"),
            block_on("ice"),
            block_on("phone"),
        ],
        comparisons=[
            cl.NameComparison("name_ar"),
            cl.NameComparison("name_fr"),
            cl.ExactMatch("province_code"),
            cl.ExactMatch("legal_form"),
            cl.JaroWinklerAtThresholds("commune"),
            cl.ExactMatch("founding_date"),
            cl.ExactMatch("ice"),
            cl.ExactMatch("phone"),
        ],
        retain_matching_columns=False,
    )
