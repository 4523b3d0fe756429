"""The social-risk view: the index's steps on small hand-built matrices with known
results, the census matrix and its checks, the sensitivity analysis, underserved
territories on hand-built coverage, and the page in Arabic and French with its CSV."""

from __future__ import annotations

import csv
import io
import itertools

import numpy as np
import pytest
from django.test import Client

from tadamon.errors import DomainError
from tadamon.observatory import risk
from tadamon.observatory.models import ReferenceValue
from tadamon.territory.models import Province

ALL_CHOICES = [
    risk.Choice(n, w, a)
    for n in risk.NORMALIZATIONS
    for w in risk.WEIGHTINGS
    for a in risk.AGGREGATIONS
]


def indicator(code: str, direction: int = 1) -> risk.RiskIndicator:
    return risk.RiskIndicator(code, "living", direction, f"مؤشر {code}", f"Indicateur {code}")


def hand_matrix(values, directions) -> risk.Matrix:
    values = np.array(values, dtype=float)
    codes = [f"i{j}" for j in range(values.shape[1])]
    return risk.Matrix(
        tuple(f"{i + 1:03d}" for i in range(values.shape[0])),
        tuple(indicator(c, d) for c, d in zip(codes, directions, strict=True)),
        values,
    )


# Three provinces, two indicators: the first counts against (unemployment-like),
# the second for (electricity-like).
SMALL = [[1.0, 10.0], [2.0, 20.0], [3.0, 40.0]]
DIRECTIONS = np.array([1.0, -1.0])


# ---------------------------------------------------------------- normalization


def test_min_max_puts_the_least_vulnerable_at_0_and_the_most_at_100():
    scaled = risk.normalize(np.array(SMALL), DIRECTIONS, "minmax")
    assert scaled[:, 0] == pytest.approx([0, 50, 100])
    # more electricity is less vulnerable: 10 % is the worst (100), 40 % the best (0)
    assert scaled[:, 1] == pytest.approx([100, 200 / 3, 0])


def test_z_scores_use_the_population_standard_deviation_and_the_direction():
    scaled = risk.normalize(np.array(SMALL), DIRECTIONS, "zscore")
    sd = np.sqrt(2 / 3)
    assert scaled[:, 0] == pytest.approx([-1 / sd, 0, 1 / sd])
    sd_second = np.std([10, 20, 40])
    assert scaled[:, 1] == pytest.approx(
        [-(10 - 70 / 3) / sd_second, -(20 - 70 / 3) / sd_second, -(40 - 70 / 3) / sd_second]
    )


def test_ranks_count_up_to_the_most_vulnerable_and_ties_share_their_mean_rank():
    scaled = risk.normalize(np.array([[5.0, 1.0], [5.0, 2.0], [1.0, 3.0]]), DIRECTIONS, "rank")
    assert scaled[:, 0] == pytest.approx([2.5, 2.5, 1])
    assert scaled[:, 1] == pytest.approx([3, 2, 1])


def test_a_constant_indicator_discriminates_nothing():
    scaled = risk.normalize(np.array([[1.0, 7.0], [2.0, 7.0]]), DIRECTIONS, "minmax")
    assert scaled[:, 1] == pytest.approx([0, 0])


# ---------------------------------------------------------------- aggregation


def test_arithmetic_aggregation_is_the_weighted_mean():
    scaled = risk.normalize(np.array(SMALL), DIRECTIONS, "minmax")
    index = risk.aggregate(scaled, np.array([0.25, 0.75]), "arithmetic", "minmax")
    assert index == pytest.approx([75, 0.25 * 50 + 0.75 * 200 / 3, 25])


def test_geometric_aggregation_of_min_max_scores_reads_them_from_1_to_101():
    scaled = risk.normalize(np.array(SMALL), DIRECTIONS, "minmax")
    index = risk.aggregate(scaled, np.array([0.5, 0.5]), "geometric", "minmax")
    assert index == pytest.approx([np.sqrt(1 * 101), np.sqrt(51 * (1 + 200 / 3)), np.sqrt(101)])
    # an imbalance is penalized: same arithmetic mean (50) for the first and second,
    # the balanced second province scores higher once aggregated geometrically
    assert index[1] > index[0]


def test_geometric_aggregation_of_z_scores_reads_them_as_100_plus_10_z():
    scaled = np.array([[-1.0, 1.0], [0.0, 0.0]])
    index = risk.aggregate(scaled, np.array([0.5, 0.5]), "geometric", "zscore")
    assert index == pytest.approx([np.sqrt(90 * 110), 100])


def test_the_geometric_mean_refuses_scores_it_cannot_take_the_log_of():
    with pytest.raises(ValueError):
        risk.aggregate(np.array([[-11.0]]), np.array([1.0]), "geometric", "zscore")


def test_an_unknown_choice_is_refused_in_arabic_and_french():
    with pytest.raises(DomainError) as error:
        risk.Choice(normalization="softmax")
    assert error.value.code == "risk_choice_unknown" and error.value.field == "normalization"
    assert "softmax" in error.value.message_ar and "softmax" in error.value.message_fr


# ---------------------------------------------------------------- weights


def test_equal_weights_sum_to_one():
    assert risk.weights_of(hand_matrix(SMALL, [1, -1]), "equal") == pytest.approx([0.5, 0.5])


def test_pca_weights_give_less_to_an_indicator_that_shares_less_with_its_factor():
    rng = np.random.default_rng(2024)
    x, y = rng.normal(size=60), rng.normal(size=60)
    columns = [
        x + 0.1 * rng.normal(size=60),
        x + 0.1 * rng.normal(size=60),
        x + 1.0 * rng.normal(size=60),  # tied to x far more loosely
        y + 0.1 * rng.normal(size=60),
        -(y + 0.1 * rng.normal(size=60)),  # the same factor, the other direction
    ]
    matrix = hand_matrix(np.column_stack(columns), [1, 1, 1, 1, -1])
    found = risk.principal_components(matrix.values, matrix.directions)
    assert found.retained == 2
    assert found.weights.sum() == pytest.approx(1)
    assert (found.weights > 0).all()
    # its squared correlation with x is about 0.5, the twins' about 0.99
    assert found.weights[2] < 0.75 * min(found.weights[0], found.weights[1])
    assert found.weights[3] == pytest.approx(found.weights[4], rel=0.05)


def test_varimax_turns_the_factors_without_changing_what_each_indicator_shares():
    loadings = np.array([[0.8, 0.3], [0.7, 0.4], [0.2, 0.9], [0.3, 0.7]])
    rotated = risk.varimax(loadings)
    assert (rotated**2).sum(axis=1) == pytest.approx((loadings**2).sum(axis=1))
    # varimax pushes each loading towards 0 or ±1: its criterion grows
    assert np.var(rotated**2, axis=0).sum() > np.var(loadings**2, axis=0).sum()


# ---------------------------------------------------------------- directions and ranks

# Province 004 is the worst on every indicator: highest where higher is worse,
# lowest where higher is better.
WORST_EVERYWHERE = [
    [10.0, 95.0, 2.0, 30.0],
    [14.0, 90.0, 9.0, 10.0],
    [12.0, 99.0, 5.0, 20.0],
    [20.0, 70.0, 12.0, 45.0],
    [11.0, 80.0, 1.0, 25.0],
]
WORST_DIRECTIONS = [1, -1, 1, 1]


@pytest.mark.parametrize("choice", ALL_CHOICES, ids=lambda c: "-".join(vars(c).values()))
def test_a_province_worst_on_every_indicator_ranks_first_whatever_the_choice(choice):
    matrix = hand_matrix(WORST_EVERYWHERE, WORST_DIRECTIONS)
    ranking = risk.vulnerability_index(
        choice.normalization, choice.weights, choice.aggregation, matrix=matrix
    )
    assert ranking[0].code == "004" and ranking[0].rank == 1
    assert [s.rank for s in ranking] == sorted(s.rank for s in ranking)


def test_the_direction_decides_which_end_is_vulnerable():
    more_is_worse = risk.vulnerability_index(matrix=hand_matrix([[1.0], [2.0]], [1]))
    more_is_better = risk.vulnerability_index(matrix=hand_matrix([[1.0], [2.0]], [-1]))
    assert [s.code for s in more_is_worse] == ["002", "001"]
    assert [s.code for s in more_is_better] == ["001", "002"]


def test_tied_provinces_share_the_better_rank():
    assert list(risk.ranks_of(np.array([5.0, 9.0, 5.0, 1.0]))) == [2, 1, 2, 4]


def test_spearman_is_one_for_the_same_order_and_minus_one_for_the_reverse():
    assert risk.spearman(np.array([1.0, 2, 3, 4]), np.array([10.0, 20, 35, 90])) == pytest.approx(1)
    assert risk.spearman(np.array([1.0, 2, 3, 4]), np.array([4.0, 3, 2, 1])) == pytest.approx(-1)


# ---------------------------------------------------------------- sensitivity

# Min-max scores: i0 = [100, 0, 10, 5], i1 = i2 = [0, 100, 80, 20]. With all three
# the means are 33.3, 66.7, 56.7, 15 (ranks 3, 1, 2, 4); without i0 they are
# 0, 100, 80, 20 (ranks 4, 1, 2, 3): 001 and 004 change places.
DECIDING = [[100.0, 0.0, 0.0], [0.0, 50.0, 50.0], [10.0, 40.0, 40.0], [5.0, 10.0, 10.0]]


def test_sensitivity_covers_every_choice_with_each_indicator_left_out():
    matrix = hand_matrix(DECIDING, [1, 1, 1])
    result = risk.sensitivity(matrix=matrix)
    assert len(result.variants) == 12 * (1 + 3)
    assert result.ranks.shape == (48, 4)
    assert {v.left_out for v in result.variants} == {"", "i0", "i1", "i2"}
    reference = next(v for v in result.variants if v.choice == risk.REFERENCE and not v.left_out)
    assert reference.spearman == pytest.approx(1)
    for code, ranks in result.ranges.items():
        assert ranks.low <= ranks.p05 <= ranks.median <= ranks.p95 <= ranks.high
        assert ranks.low <= ranks.reference <= ranks.high, code


def test_leaving_an_indicator_out_changes_the_ranking():
    result = risk.sensitivity(matrix=hand_matrix(DECIDING, [1, 1, 1]))
    row = {(v.choice, v.left_out): i for i, v in enumerate(result.variants)}
    assert list(result.ranks[row[(risk.REFERENCE, "")]]) == [3, 1, 2, 4]
    assert list(result.ranks[row[(risk.REFERENCE, "i0")]]) == [4, 1, 2, 3]
    # ranks d = (1, 0, 0, −1): rho = 1 − 6 × 2 / (4 × 15) = 0.8
    assert result.variants[row[(risk.REFERENCE, "i0")]].spearman == pytest.approx(0.8)
    # 004 is last in the reference ranking and climbs in other variants
    assert result.ranges["004"].low < result.ranges["004"].reference == 4


# ---------------------------------------------------------------- underserved


def test_the_share_of_provinces_is_counted_without_floating_point_surprises():
    assert risk._share_count(1 / 3, 75, "vulnerable_share") == 25
    assert risk._share_count(0.1, 75, "vulnerable_share") == 8
    for wrong in (0, -0.2, 1.5):
        with pytest.raises(DomainError) as error:
            risk._share_count(wrong, 75, "vulnerable_share")
        assert error.value.code == "risk_share_invalid"


def test_underserved_needs_high_vulnerability_and_low_coverage():
    matrix = hand_matrix(WORST_EVERYWHERE, WORST_DIRECTIONS)
    reference = {s.code: s.rank for s in risk.vulnerability_index(matrix=matrix)}
    second = next(code for code, rank in reference.items() if rank == 2)
    coverage = {"001": 9.0, "002": 8.0, "003": 7.0, "004": 0.5, "005": 1.0}
    coverage[second] = 50.0  # vulnerable, but well covered
    table = risk.risk_table(
        matrix=matrix, coverage_values=coverage, vulnerable_share=0.4, uncovered_share=0.4
    )
    rows = {r.code: r for r in table.rows}
    assert table.rule.vulnerable_count == 2 and table.rule.uncovered_count == 2
    assert rows["004"].underserved and rows["004"].robustness == pytest.approx(1)
    assert rows["004"].robustness_class == "robust"
    assert rows[second].vulnerable and not rows[second].low_coverage
    assert not rows[second].underserved and rows[second].robustness == 0
    assert rows["005"].low_coverage and rows["005"].coverage_rank == 2
    assert table.rule.coverage_cutoff == 1.0
    listed = risk.underserved(
        matrix=matrix, coverage_values=coverage, vulnerable_share=0.4, uncovered_share=0.4
    )
    assert [r.code for r in listed] == [r.code for r in table.rows if r.underserved]
    assert "004" in [r.code for r in listed]


def test_a_province_without_a_coverage_figure_is_never_flagged():
    matrix = hand_matrix(WORST_EVERYWHERE, WORST_DIRECTIONS)
    coverage = {"001": 9.0, "002": 8.0, "003": 7.0, "004": None, "005": 1.0}
    rows = {
        r.code: r
        for r in risk.risk_table(
            matrix=matrix, coverage_values=coverage, vulnerable_share=0.4, uncovered_share=0.5
        ).rows
    }
    assert rows["004"].coverage is None and rows["004"].coverage_rank is None
    assert not rows["004"].underserved and rows["004"].robustness == 0
    assert rows["005"].coverage_rank == 1


def test_robustness_is_the_share_of_variants_that_keep_a_province_underserved():
    matrix = hand_matrix(DECIDING, [1, 1, 1])
    coverage = {"001": 0.1, "002": 5.0, "003": 0.2, "004": 6.0}
    table = risk.risk_table(
        matrix=matrix, coverage_values=coverage, vulnerable_share=0.25, uncovered_share=0.5
    )
    rows = {r.code: r for r in table.rows}
    ranks = table.sensitivity.ranks
    for code in ("001", "003"):
        column = ranks[:, table.sensitivity.provinces.index(code)]
        assert rows[code].robustness == pytest.approx((column == 1).mean())
        assert 0 < rows[code].robustness < 1
    # 002 is the most vulnerable under the reference choice, but well covered
    assert rows["002"].rank == 1 and rows["002"].robustness == 0
    assert not any(r.underserved for r in table.rows)


# ---------------------------------------------------------------- the census


@pytest.mark.django_db
def test_the_census_matrix_is_complete_for_the_75_provinces():
    matrix = risk.load_matrix()
    assert len(matrix.provinces) == 75 and matrix.values.shape == (75, len(risk.INDICATORS))
    assert np.isfinite(matrix.values).all()
    rural = [i.code for i in matrix.indicators].index(risk.RURAL_SHARE)
    figures = {
        code: ReferenceValue.objects.get(territory_code="051", code=code).value
        for code in ("population_legal", "population_legal__rural")
    }
    hoceima = matrix.provinces.index("051")
    expected = 100 * figures["population_legal__rural"] / figures["population_legal"]
    assert matrix.values[hoceima, rural] == pytest.approx(expected)
    # Casablanca is wholly urban: the census has no rural line, the share is 0
    assert matrix.values[matrix.provinces.index("141"), rural] == 0
    assert matrix.names[hoceima][0] == "الحسيمة"


@pytest.mark.django_db
def test_a_missing_census_figure_is_refused_and_named():
    ReferenceValue.objects.filter(territory_code="051", code="illiteracy_rate_10_plus").delete()
    with pytest.raises(DomainError) as error:
        risk.load_matrix()
    assert error.value.code == "risk_data_missing"
    assert "051:illiteracy_rate_10_plus" in error.value.message_ar
    assert "051:illiteracy_rate_10_plus" in error.value.message_fr


@pytest.mark.django_db
def test_a_rural_share_is_not_guessed_for_a_province_that_is_not_wholly_urban():
    ReferenceValue.objects.filter(territory_code="051", code="population_legal__rural").delete()
    with pytest.raises(DomainError) as error:
        risk.load_matrix()
    assert "051:rural_share" in error.value.message_fr


@pytest.mark.django_db
def test_the_census_ranking_its_correlations_and_its_stability():
    ranking = risk.vulnerability_index()
    assert [s.rank for s in ranking] == list(range(1, 76))
    assert all(a.index >= b.index for a, b in itertools.pairwise(ranking))
    correlations = risk.correlations()
    assert np.allclose(correlations.matrix, correlations.matrix.T)
    assert np.allclose(np.diag(correlations.matrix), 1)
    pairs = {(a, b) for a, b, _r in correlations.redundant}
    assert ("illiteracy_rate_10_plus", "rural_share") in pairs
    result = risk.sensitivity()
    assert len(result.variants) == 12 * (1 + len(risk.INDICATORS))
    left_out = [v for v in result.variants if v.left_out and v.choice == risk.REFERENCE]
    assert min(v.spearman for v in left_out) < 1  # each indicator matters somewhere
    assert all(v.spearman > 0.5 for v in result.variants)
    matrix = risk.load_matrix()
    pca = risk.principal_components(matrix.values, matrix.directions)
    assert pca.retained == int((pca.eigenvalues > 1).sum())
    assert pca.weights.sum() == pytest.approx(1)


@pytest.mark.django_db
def test_coverage_is_the_engines_active_organizations_per_10k(coop_hoceima):
    year, values = risk.coverage()
    population = ReferenceValue.objects.get(territory_code="051", code="population_legal").value
    assert values["051"] == pytest.approx(10000 / population)
    assert values["141"] == 0 and len(values) == 75
    with pytest.raises(DomainError) as error:
        risk.coverage(1990)
    assert error.value.code == "risk_year_unknown" and str(year) in error.value.message_fr


# ---------------------------------------------------------------- the page


@pytest.fixture
def page_client(coop_hoceima, association_casa):
    return Client()


@pytest.mark.django_db
def test_the_page_in_arabic_right_to_left(page_client):
    answer = page_client.get("/observatory/risk/")
    html = answer.content.decode()
    assert answer.status_code == 200
    assert 'lang="ar"' in html and 'dir="rtl"' in html
    assert "معدل البطالة" in html and "الحسيمة" in html and "العمل" in html
    assert 'id="risk-map"' in html and 'id="risk-scatter"' in html and 'id="risk-data"' in html
    assert html.count("<tr data-code=") == 75
    assert 'value="minmax" selected' in html
    assert "RGPH 2024" in html and "CC BY 4.0" in html
    assert 'href="/observatory/risk/method/"' in html


@pytest.mark.django_db
def test_the_page_in_french_with_other_choices(page_client):
    page_client.cookies["tadamon_lang"] = "fr"
    answer = page_client.get(
        "/observatory/risk/?normalization=rank&weights=pca&aggregation=geometric"
    )
    html = answer.content.decode()
    assert answer.status_code == 200
    assert 'lang="fr"' in html and 'dir="ltr"' in html
    assert "Taux de chômage" in html and "Al Hoceima" in html
    for chosen in ('value="rank" selected', 'value="pca" selected', 'value="geometric" selected'):
        assert chosen in html
    unknown = page_client.get("/observatory/risk/?normalization=%3Cscript%3E&year=1990")
    assert unknown.status_code == 200 and 'value="minmax" selected' in unknown.content.decode()


@pytest.mark.django_db
def test_the_table_downloads_as_csv_with_formulas_neutralized(page_client):
    Province.objects.filter(code="051").update(name_ar='=HYPERLINK("http://x","الحسيمة")')
    answer = page_client.get("/observatory/risk/?format=csv&weights=pca")
    text = answer.content.decode("utf-8")
    assert answer["Content-Type"].startswith("text/csv")
    assert "pca" in answer["Content-Disposition"]
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == risk_views_header()
    assert len(rows) == 76
    hoceima = next(r for r in rows if r[0] == "051")
    assert hoceima[1].startswith("'=HYPERLINK")
    assert [int(r[4]) for r in rows[1:]] == sorted(int(r[4]) for r in rows[1:])


def risk_views_header() -> list[str]:
    from tadamon.observatory.risk_views import CSV_HEADER

    return CSV_HEADER


@pytest.mark.django_db
def test_incomplete_census_figures_give_a_clear_message_not_a_trace(page_client):
    ReferenceValue.objects.filter(territory_code="141", code="disability_prevalence").delete()
    answer = page_client.get("/observatory/risk/")
    html = answer.content.decode()
    assert answer.status_code == 503
    assert 'id="risk-error"' in html and "141:disability_prevalence" in html
    assert "Traceback" not in html and "risk-data" not in html


@pytest.mark.django_db
def test_the_method_link_serves_the_documentation():
    answer = Client().get("/observatory/risk/method/")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/plain")
    text = answer.content.decode()
    assert "OECD/JRC Handbook" in text and "poverty" in text
