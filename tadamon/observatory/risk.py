"""The social-risk view: a composite vulnerability index of the 75 provinces and
prefectures, how stable its ranking is, and where high vulnerability meets little
SSE coverage (the underserved territories the funding capability targets).

Built the way the OECD/JRC Handbook on Constructing Composite Indicators (2008)
prescribes, step by step (docs/observatory-risk.md has the reasons):

1. framework: nine census 2024 indicators in five dimensions (INDICATORS), each
   with its direction; the reference data hold no poverty rate, so the
   deprivations HCP's multidimensional poverty counts (schooling, literacy,
   electricity, water, housing, cooking fuel) stand in for it;
2. missing data: none is imputed; `load_matrix` refuses an incomplete matrix
   and names the gaps (the one structural zero: a prefecture the census calls
   wholly urban has a rural share of 0);
3. multivariate check: `correlations`;
4. normalization: min-max, z-score or ranks;
5. weights: equal, or derived from a principal component analysis as the
   Handbook does (factors with eigenvalue > 1, varimax, squared loadings);
6. aggregation: arithmetic or geometric;
7. sensitivity: every normalization × weighting × aggregation, each with all
   indicators and with each one left out (`sensitivity`);
8. coverage: active organizations per 10,000 inhabitants from the engine
   (`risk_table`, `underserved`).

Pure numpy; the census part is memoized per content of the matrix, so a page
pays one query for the figures and one engine call for the coverage.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from dataclasses import dataclass

import numpy as np
from django.utils import translation

from tadamon.errors import DomainError
from tadamon.observatory import engine
from tadamon.observatory.models import Indicator, ReferenceValue
from tadamon.observatory.reference import CENSUS_YEAR
from tadamon.territory.models import Province

NORMALIZATIONS = ("minmax", "zscore", "rank")
WEIGHTINGS = ("equal", "pca")
AGGREGATIONS = ("arithmetic", "geometric")
RURAL_SHARE = "rural_share"
SOURCE_KEY = "hcp-rgph-2024"
COVERAGE_INDICATOR = "organizations_per_10k"
# How a share of variants reads: robust from 90 %, likely from 50 %, fragile below.
ROBUST, LIKELY = 0.9, 0.5
# |r| at or above this is reported as a pair that may count one phenomenon twice.
REDUNDANT_CORRELATION = 0.7

DIMENSIONS = {
    "employment": ("العمل", "Emploi"),
    "education": ("التعليم", "Éducation"),
    "living": ("ظروف العيش", "Conditions de vie"),
    "isolation": ("العزلة", "Isolement"),
    "health": ("الصحة", "Santé"),
}


def _pick(arabic: str, french: str) -> str:
    return arabic if (translation.get_language() or "ar").startswith("ar") else french


@dataclass(frozen=True)
class RiskIndicator:
    code: str  # the census figure's code, or RURAL_SHARE (derived)
    dimension: str
    direction: int  # +1: a higher value is more vulnerable; -1: less vulnerable
    name_ar: str
    name_fr: str

    @property
    def name(self) -> str:
        return _pick(self.name_ar, self.name_fr)

    @property
    def dimension_name(self) -> str:
        return _pick(*DIMENSIONS[self.dimension])


INDICATORS: tuple[RiskIndicator, ...] = (
    RiskIndicator("labour_unemployment_rate", "employment", 1, "معدل البطالة", "Taux de chômage"),
    RiskIndicator(
        "illiteracy_rate_10_plus",
        "education",
        1,
        "معدل الأمية (10 سنوات فأكثر)",
        "Taux d'analphabétisme (10 ans et plus)",
    ),
    RiskIndicator(
        "schooling_rate_6_to_11",
        "education",
        -1,
        "نسبة تمدرس الأطفال من 6 إلى 11 سنة",
        "Taux de scolarisation des 6-11 ans",
    ),
    RiskIndicator(
        "amenities_electricity",
        "living",
        -1,
        "الأسر المتوفرة على الكهرباء",
        "Ménages disposant de l'électricité",
    ),
    RiskIndicator(
        "amenities_running_water",
        "living",
        -1,
        "الأسر المتوفرة على الماء الجاري",
        "Ménages disposant de l'eau courante",
    ),
    RiskIndicator(
        "dwelling_type_basic_or_slum",
        "living",
        1,
        "الأسر القاطنة في مساكن بدائية أو صفيحية",
        "Ménages en maison sommaire ou bidonville",
    ),
    RiskIndicator(
        "cooking_fuel_firewood", "living", 1, "الطهي بحطب التدفئة", "Cuisson au bois de feu"
    ),
    RiskIndicator(
        RURAL_SHARE, "isolation", 1, "نسبة السكان القرويين", "Part de la population rurale"
    ),
    RiskIndicator(
        "disability_prevalence", "health", 1, "معدل انتشار الإعاقة", "Prévalence du handicap"
    ),
)


@dataclass(frozen=True)
class Choice:
    """One way of building the index: normalization, weighting, aggregation."""

    normalization: str = "minmax"
    weights: str = "equal"
    aggregation: str = "arithmetic"

    def __post_init__(self) -> None:
        for value, allowed, field in (
            (self.normalization, NORMALIZATIONS, "normalization"),
            (self.weights, WEIGHTINGS, "weights"),
            (self.aggregation, AGGREGATIONS, "aggregation"),
        ):
            if value not in allowed:
                raise DomainError(
                    "risk_choice_unknown",
                    f"الاختيار «{value}» غير معروف؛ الاختيارات الممكنة: {'، '.join(allowed)}",
                    f"Choix « {value} » inconnu ; choix possibles : {', '.join(allowed)}",
                    field,
                )


REFERENCE = Choice()


# ---------------------------------------------------------------- data


@dataclass(frozen=True)
class Matrix:
    """The indicators' values per province (rows) and indicator (columns), as published."""

    provinces: tuple[str, ...]
    indicators: tuple[RiskIndicator, ...]
    values: np.ndarray
    names: tuple[tuple[str, str, str], ...] = ()  # per province: Arabic, French, region

    @property
    def directions(self) -> np.ndarray:
        return np.array([i.direction for i in self.indicators], dtype=float)

    def without(self, code: str) -> Matrix:
        keep = [j for j, i in enumerate(self.indicators) if i.code != code]
        return Matrix(
            self.provinces,
            tuple(self.indicators[j] for j in keep),
            self.values[:, keep],
            self.names,
        )

    def fingerprint(self) -> str:
        digest = hashlib.sha1(np.ascontiguousarray(self.values).tobytes())
        digest.update("|".join((*self.provinces, *(i.code for i in self.indicators))).encode())
        return digest.hexdigest()


def _missing_error(gaps: list[tuple[str, str]]) -> DomainError:
    shown = ", ".join(f"{province}:{code}" for province, code in gaps[:8])
    more = f" (+{len(gaps) - 8})" if len(gaps) > 8 else ""
    return DomainError(
        "risk_data_missing",
        f"تعذر حساب مؤشر الهشاشة: أرقام الإحصاء العام 2024 ناقصة لبعض الأقاليم ({shown}{more})؛ "
        "لا يعوض أي رقم ناقص بتقدير",
        f"Indice de vulnérabilité impossible : chiffres du RGPH 2024 manquants pour des "
        f"provinces ({shown}{more}) ; aucune valeur manquante n'est estimée",
    )


def load_matrix() -> Matrix:
    """The census figures of every province for INDICATORS, or a DomainError naming the
    gaps. Rural share is rural over legal population; a prefecture without a rural
    figure counts 0 only when its urban population is its whole population."""
    provinces = list(
        Province.objects.order_by("code").values_list("code", "name_ar", "name_fr", "region_id")
    )
    wanted = {i.code for i in INDICATORS if i.code != RURAL_SHARE}
    wanted |= {"population_legal", "population_legal__rural", "population_legal__urban"}
    figures: dict[tuple[str, str], float] = {
        (territory, code): value
        for territory, code, value in ReferenceValue.objects.filter(
            year=CENSUS_YEAR, code__in=wanted, territory_code__in=[p[0] for p in provinces]
        ).values_list("territory_code", "code", "value")
    }
    rows, gaps = [], []
    for code, *_names in provinces:
        row = []
        for indicator in INDICATORS:
            value = (
                _rural_share(figures, code)
                if indicator.code == RURAL_SHARE
                else figures.get((code, indicator.code))
            )
            if value is None or not math.isfinite(value):
                gaps.append((code, indicator.code))
            row.append(value)
        rows.append(row)
    if gaps or not provinces:
        raise _missing_error(gaps or [("—", "population_legal")])
    return Matrix(
        tuple(p[0] for p in provinces),
        INDICATORS,
        np.array(rows, dtype=float),
        tuple((ar, fr, region) for _c, ar, fr, region in provinces),
    )


def _rural_share(figures: dict[tuple[str, str], float], code: str) -> float | None:
    total = figures.get((code, "population_legal"))
    if not total:
        return None
    rural = figures.get((code, "population_legal__rural"))
    if rural is None and figures.get((code, "population_legal__urban")) == total:
        rural = 0.0  # the census publishes no rural line for a wholly urban prefecture
    return None if rural is None else 100 * rural / total


# ---------------------------------------------------------------- the index


def average_ranks(values: np.ndarray) -> np.ndarray:
    """1 for the smallest value, n for the largest; tied values share their mean rank."""
    below = (values[None, :] < values[:, None]).sum(axis=1)
    equal = (values[None, :] == values[:, None]).sum(axis=1)
    return below + (equal + 1) / 2


def normalize(values: np.ndarray, directions: np.ndarray, method: str) -> np.ndarray:
    """Each column on a common scale where a higher number is more vulnerable.

    minmax: 0 (least vulnerable province) to 100 (most); zscore: distance from the
    mean in standard deviations (population sd); rank: 1 to n. A constant column
    discriminates nothing and normalizes to 0 (minmax, zscore) or the mean rank."""
    oriented = values * directions
    if method == "minmax":
        low, span = oriented.min(axis=0), np.ptp(oriented, axis=0)
        return np.where(span > 0, 100 * (oriented - low) / np.where(span > 0, span, 1), 0.0)
    if method == "zscore":
        sd = oriented.std(axis=0)
        return np.where(sd > 0, (oriented - oriented.mean(axis=0)) / np.where(sd > 0, sd, 1), 0.0)
    if method == "rank":
        return np.column_stack([average_ranks(column) for column in oriented.T])
    raise ValueError(method)


def varimax(loadings: np.ndarray, iterations: int = 100, tolerance: float = 1e-8) -> np.ndarray:
    """Kaiser's varimax rotation (without row normalization), as the Handbook applies."""
    rows, factors = loadings.shape
    if factors < 2:
        return loadings
    rotation = np.eye(factors)
    criterion = 0.0
    for _ in range(iterations):
        rotated = loadings @ rotation
        target = rotated**3 - rotated @ np.diag((rotated**2).sum(axis=0)) / rows
        u, s, vh = np.linalg.svd(loadings.T @ target)
        rotation = u @ vh
        previous, criterion = criterion, s.sum()
        if previous and criterion < previous * (1 + tolerance):
            break
    return loadings @ rotation


@dataclass(frozen=True)
class PrincipalComponents:
    eigenvalues: np.ndarray  # of the correlation matrix, largest first
    retained: int
    explained: float  # share of the total variance the retained factors explain
    weights: np.ndarray


def principal_components(values: np.ndarray, directions: np.ndarray) -> PrincipalComponents:
    """Handbook §6.1: keep the factors with eigenvalue > 1 that each explain more than
    10% of the variance (at least one), rotate them (varimax), give each indicator to
    the factor it loads most on, weight it by its squared loading scaled to the
    factor's variance, times the factor's share of the variance retained."""
    standard = normalize(values, directions, "zscore")
    correlation = np.corrcoef(standard, rowvar=False)
    if not np.isfinite(correlation).all():
        raise ValueError("a constant indicator has no correlation")
    eigenvalues, vectors = np.linalg.eigh(correlation)
    order = np.argsort(eigenvalues)[::-1]
    eigenvalues, vectors = eigenvalues[order], vectors[:, order]
    count = len(eigenvalues)
    retained = max(1, int(((eigenvalues > 1) & (eigenvalues / count > 0.10)).sum()))
    loadings = varimax(vectors[:, :retained] * np.sqrt(eigenvalues[:retained]))
    squared = loadings**2
    variance = squared.sum(axis=0)
    scaled = squared / variance
    factor = scaled.argmax(axis=1)
    raw = scaled[np.arange(count), factor] * variance[factor] / variance.sum()
    return PrincipalComponents(
        eigenvalues, retained, float(eigenvalues[:retained].sum() / count), raw / raw.sum()
    )


def weights_of(matrix: Matrix, method: str) -> np.ndarray:
    count = len(matrix.indicators)
    if method == "equal":
        return np.full(count, 1 / count)
    if method == "pca":
        return principal_components(matrix.values, matrix.directions).weights
    raise ValueError(method)


def aggregate(normalized: np.ndarray, weights: np.ndarray, method: str, normalization: str):
    """Weighted arithmetic mean, or weighted geometric mean of positive scores.

    The geometric mean needs every score above 0, so min-max scores are read as
    1 + score (1 to 101) and z-scores as 100 + 10 z (a T-like scale: |z| stays
    below √(n−1) < 10 for the 75 provinces); ranks are already 1 to n."""
    if method == "arithmetic":
        return normalized @ weights
    if method != "geometric":
        raise ValueError(method)
    shift = {"minmax": (1.0, 1.0), "zscore": (100.0, 10.0), "rank": (0.0, 1.0)}[normalization]
    positive = shift[0] + shift[1] * normalized
    if (positive <= 0).any():
        raise ValueError("the geometric mean needs positive scores")
    return np.exp(np.log(positive) @ weights)


def scores(matrix: Matrix, choice: Choice = REFERENCE) -> np.ndarray:
    """The index of every province under one choice (higher = more vulnerable)."""
    normalized = normalize(matrix.values, matrix.directions, choice.normalization)
    return aggregate(
        normalized, weights_of(matrix, choice.weights), choice.aggregation, choice.normalization
    )


def ranks_of(index: np.ndarray) -> np.ndarray:
    """1 for the most vulnerable; tied provinces share the best rank of their tie."""
    return (index[None, :] > index[:, None]).sum(axis=1) + 1


def spearman(first: np.ndarray, second: np.ndarray) -> float:
    """Spearman's rho: Pearson's correlation of the two average rankings."""
    return float(np.corrcoef(average_ranks(first), average_ranks(second))[0, 1])


@dataclass(frozen=True)
class ProvinceScore:
    code: str
    name_ar: str
    name_fr: str
    region: str
    index: float
    rank: int  # 1 = most vulnerable
    values: dict[str, float]  # each indicator as published (rural share in %)

    @property
    def name(self) -> str:
        return _pick(self.name_ar, self.name_fr)


def vulnerability_index(
    normalization: str = "minmax",
    weights: str = "equal",
    aggregation: str = "arithmetic",
    *,
    matrix: Matrix | None = None,
) -> list[ProvinceScore]:
    """Every province's index and rank under one choice, most vulnerable first."""
    matrix = matrix or load_matrix()
    index = scores(matrix, Choice(normalization, weights, aggregation))
    ranks = ranks_of(index)
    names = matrix.names or tuple(("", "", "") for _p in matrix.provinces)
    found = [
        ProvinceScore(
            code,
            names[i][0],
            names[i][1],
            names[i][2],
            float(index[i]),
            int(ranks[i]),
            {ind.code: float(matrix.values[i, j]) for j, ind in enumerate(matrix.indicators)},
        )
        for i, code in enumerate(matrix.provinces)
    ]
    return sorted(found, key=lambda s: (s.rank, s.code))


@dataclass(frozen=True)
class Correlations:
    codes: tuple[str, ...]
    matrix: np.ndarray  # Pearson's r between the indicators as published
    redundant: tuple[tuple[str, str, float], ...]  # pairs with |r| ≥ the threshold


def correlations(
    matrix: Matrix | None = None, threshold: float = REDUNDANT_CORRELATION
) -> Correlations:
    """The multivariate check: how far the indicators measure the same thing."""
    matrix = matrix or load_matrix()
    r = np.corrcoef(matrix.values, rowvar=False)
    codes = tuple(i.code for i in matrix.indicators)
    pairs = tuple(
        (codes[a], codes[b], float(r[a, b]))
        for a, b in itertools.combinations(range(len(codes)), 2)
        if abs(r[a, b]) >= threshold
    )
    return Correlations(codes, r, tuple(sorted(pairs, key=lambda p: -abs(p[2]))))


# ---------------------------------------------------------------- sensitivity


@dataclass(frozen=True)
class Variant:
    choice: Choice
    left_out: str  # the indicator left out, "" when all are in
    spearman: float  # of its ranking with the reference one


@dataclass(frozen=True)
class RankRange:
    reference: int
    median: float
    low: int  # best (smallest) rank over the variants
    high: int
    p05: int
    p95: int


@dataclass(frozen=True)
class Sensitivity:
    reference: Choice
    provinces: tuple[str, ...]
    variants: tuple[Variant, ...]
    ranks: np.ndarray  # variants × provinces, 1 = most vulnerable
    ranges: dict[str, RankRange]

    def summary(self) -> dict[str, float]:
        rho = np.array([v.spearman for v in self.variants])
        return {
            "variants": len(self.variants),
            "min": float(rho.min()),
            "median": float(np.median(rho)),
        }


_sensitivities: dict[tuple[str, Choice], Sensitivity] = {}


def variants_of(matrix: Matrix) -> list[tuple[Choice, str]]:
    """Every normalization × weighting × aggregation, with all indicators and with
    each one left out in turn."""
    left_out = ["", *(i.code for i in matrix.indicators)]
    return [
        (Choice(n, w, a), code)
        for code in left_out
        for n, w, a in itertools.product(NORMALIZATIONS, WEIGHTINGS, AGGREGATIONS)
    ]


def sensitivity(reference: Choice = REFERENCE, *, matrix: Matrix | None = None) -> Sensitivity:
    """The ranking under every variant, each province's rank range, and each
    variant's Spearman correlation with the reference ranking (memoized: the census
    does not change between two pages)."""
    matrix = matrix or load_matrix()
    key = (matrix.fingerprint(), reference)
    found = _sensitivities.get(key)
    if found is not None:
        return found
    reference_index = scores(matrix, reference)
    variants, rankings = [], []
    for choice, code in variants_of(matrix):
        index = scores(matrix.without(code) if code else matrix, choice)
        variants.append(Variant(choice, code, spearman(index, reference_index)))
        rankings.append(ranks_of(index))
    ranks = np.array(rankings)
    reference_ranks = ranks_of(reference_index)
    p05, p95 = np.percentile(ranks, [5, 95], axis=0, method="inverted_cdf")
    ranges = {
        code: RankRange(
            int(reference_ranks[i]),
            float(np.median(ranks[:, i])),
            int(ranks[:, i].min()),
            int(ranks[:, i].max()),
            int(p05[i]),
            int(p95[i]),
        )
        for i, code in enumerate(matrix.provinces)
    }
    found = Sensitivity(reference, matrix.provinces, tuple(variants), ranks, ranges)
    if len(_sensitivities) > 32:
        _sensitivities.clear()
    _sensitivities[key] = found
    return found


# ---------------------------------------------------------------- coverage


def _year_error(year: int | None, years: list[int]) -> DomainError:
    known = ", ".join(str(y) for y in years) or "—"
    return DomainError(
        "risk_year_unknown",
        f"لا توجد معطيات السجل لسنة {year} (السنوات المتوفرة: {known})",
        f"Pas de données du registre pour l'année {year} (années disponibles : {known})",
        "year",
    )


def coverage(year: int | None = None, provinces: tuple[str, ...] | None = None):
    """(year, province → active organizations per 10,000 inhabitants) from the engine;
    the year defaults to the last the registry covers."""
    years = engine.periods()
    year = years[-1] if year is None and years else year
    if year is None or year not in years:
        raise _year_error(year, years)
    provinces = provinces or tuple(sorted(engine.hierarchy()[1]))
    indicator = Indicator.objects.get(code=COVERAGE_INDICATOR)
    values = engine.compute([indicator], provinces, [year])
    return year, {v.territory: v.value for v in values}


# ---------------------------------------------------------------- underserved


@dataclass(frozen=True)
class Rule:
    """Underserved: among the `vulnerable_count` most vulnerable provinces (top share
    of the ranking) and the `uncovered_count` least covered ones (bottom share)."""

    vulnerable_share: float
    uncovered_share: float
    vulnerable_count: int
    uncovered_count: int
    coverage_cutoff: float | None  # the highest coverage still counted as low


@dataclass(frozen=True)
class TerritoryRisk:
    code: str
    name_ar: str
    name_fr: str
    region: str
    index: float
    rank: int
    ranks: RankRange
    coverage: float | None  # active organizations per 10,000 inhabitants
    coverage_rank: int | None  # 1 = least covered
    vulnerable: bool
    low_coverage: bool
    underserved: bool
    robustness: float  # share of the sensitivity variants in which it is underserved

    @property
    def name(self) -> str:
        return _pick(self.name_ar, self.name_fr)

    @property
    def robustness_class(self) -> str:
        """robust, likely, fragile, or "" when no variant finds it underserved."""
        if self.robustness >= ROBUST:
            return "robust"
        if self.robustness >= LIKELY:
            return "likely"
        return "fragile" if self.robustness > 0 else ""


@dataclass(frozen=True)
class RiskTable:
    year: int | None  # None when the coverage figures were given
    choice: Choice
    rule: Rule
    rows: list[TerritoryRisk]  # most vulnerable first
    weights: dict[str, float]
    sensitivity: Sensitivity
    matrix: Matrix


def _share_count(share: float, total: int, field: str) -> int:
    if not 0 < share <= 1:
        raise DomainError(
            "risk_share_invalid",
            f"الحصة {share} يجب أن تكون بين 0 (غير مشمول) و1",
            f"La part {share} doit être comprise entre 0 (exclu) et 1",
            field,
        )
    # round first: 1/3 × 75 is 25.000000000000004 in floating point, and means 25
    return max(1, math.ceil(round(share * total, 9)))


def risk_table(
    year: int | None = None,
    *,
    normalization: str = "minmax",
    weights: str = "equal",
    aggregation: str = "arithmetic",
    vulnerable_share: float = 1 / 3,
    uncovered_share: float = 1 / 3,
    matrix: Matrix | None = None,
    coverage_values: dict[str, float | None] | None = None,
) -> RiskTable:
    """Every province: index, rank and rank range, coverage, underserved flag and its
    robustness. `coverage_values` replaces the engine's figures (tests, what-ifs);
    a province without a coverage figure is never flagged."""
    choice = Choice(normalization, weights, aggregation)
    matrix = matrix or load_matrix()
    count = len(matrix.provinces)
    vulnerable_count = _share_count(vulnerable_share, count, "vulnerable_share")
    if coverage_values is None:
        year, coverage_values = coverage(year, matrix.provinces)
    known = np.array([coverage_values.get(p) is not None for p in matrix.provinces])
    cover = np.array([coverage_values.get(p) or 0.0 for p in matrix.provinces], dtype=float)
    uncovered_count = _share_count(uncovered_share, int(known.sum()) or 1, "uncovered_share")
    # 1 = least covered, among the provinces that have a figure
    below = ((cover[None, :] < cover[:, None]) & known[None, :]).sum(axis=1)
    cover_ranks = np.where(known, below + 1, 0)
    low = known & (cover_ranks <= uncovered_count)
    result = sensitivity(choice, matrix=matrix)
    robust = ((result.ranks <= vulnerable_count) & low[None, :]).mean(axis=0)
    index = scores(matrix, choice)
    ranks = ranks_of(index)
    names = matrix.names or tuple(("", "", "") for _p in matrix.provinces)
    rows = [
        TerritoryRisk(
            code,
            names[i][0],
            names[i][1],
            names[i][2],
            float(index[i]),
            int(ranks[i]),
            result.ranges[code],
            coverage_values.get(code),
            int(cover_ranks[i]) if known[i] else None,
            bool(ranks[i] <= vulnerable_count),
            bool(low[i]),
            bool(ranks[i] <= vulnerable_count and low[i]),
            float(robust[i]),
        )
        for i, code in enumerate(matrix.provinces)
    ]
    rule = Rule(
        vulnerable_share,
        uncovered_share,
        vulnerable_count,
        uncovered_count,
        float(cover[low].max()) if low.any() else None,
    )
    used = weights_of(matrix, choice.weights)
    return RiskTable(
        year,
        choice,
        rule,
        sorted(rows, key=lambda r: (r.rank, r.code)),
        {i.code: float(w) for i, w in zip(matrix.indicators, used, strict=True)},
        result,
        matrix,
    )


def underserved(
    year: int | None = None, *, min_robustness: float = 0.0, **options
) -> list[TerritoryRisk]:
    """The provinces underserved under the chosen index (`risk_table`'s options) and
    in at least `min_robustness` of the sensitivity variants, most robust first."""
    table = risk_table(year, **options)
    found = [r for r in table.rows if r.underserved and r.robustness >= min_robustness]
    return sorted(found, key=lambda r: (-r.robustness, r.rank, r.code))
