"""Train, predict and cluster: the Splink run shared by `tadamon dedup` and the bench.

Training is deterministic: u from a seeded random sample of pairs, the prior
from near-certain rules (same ICE or phone, or same founding date in one
province and legal form, with the same name key), and m learnt from the pairs
that share an ICE or a phone, blended with the values fixed in `model.py`
(why: docs/identity.md). Each pair's probability is then lowered by its
organizations' other candidates (a file copies at most one body), and the pairs
above the threshold are clustered by connected components; each scored pair
keeps its cluster and the reasons (the comparisons that agreed) a registrar sees
in the review queue.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa
from splink import DuckDBAPI, Linker, block_on

from tadamon.identity.dedup import model

COMPARISONS = (
    "name",
    "territory",
    "legal_form",
    "founding_date",
    "ice",
    "phone",
    "address_norm",
)
# The reasons a pair is put forward with, from the level each comparison reached
# (gamma: -1 null, then the levels from the most alike down, 0 = else).
REASONS: dict[str, dict[int, str]] = {
    "name": {
        9: "same_name",
        8: "same_name",
        7: "same_name",
        6: "same_name_across_scripts",
        5: "same_name_across_scripts",
        4: "same_key_other_words",
        3: "similar_name",
        2: "similar_name_other_words",
        1: "similar_name",
    },
    "territory": {4: "same_commune", 3: "same_province", 2: "same_province", 1: "same_region"},
    "legal_form": {1: "same_legal_form"},
    "founding_date": {5: "same_founding_date", 4: "close_founding_date", 3: "close_founding_date"},
    "ice": {1: "same_ice"},
    "phone": {1: "same_phone"},
    "address_norm": {1: "same_address"},
}


@dataclass
class ScoredPair:
    id_l: int
    id_r: int
    probability: float
    weight: float
    reasons: list[str]
    cluster: int | None = None


# Pairs down to this probability are scored to find each organization's rivals
# (exclusive_probabilities), whatever the threshold.
RIVALS_FROM = 0.05


def exclusive_probabilities(pairs: list[ScoredPair]) -> None:
    """Each pair's probability given that a file copies at most one other body.

    Splink scores each pair on its own. When the copy "Derb Sultan" (its founding date
    left out) scores alike against three bodies "Derb Sultan …" of one quarter, at most
    one of them is its original: with odds o for the pair and r for the organization's
    other candidates, the pair's probability is o / (1 + o + r), the lower of its two
    sides. Candidates that also pair with each other are one body filed three times, not
    rivals, as much as they are one body. Measured when this was added, on 50,000 demo
    organizations (seeds 2 and 3, threshold 0.5): precision 0.924 -> 0.966 and 0.843 ->
    0.938, recall 0.871 -> 0.861 and 0.863 -> 0.846.
    """
    partners: dict[int, dict[int, float]] = {}
    for pair in pairs:
        partners.setdefault(pair.id_l, {})[pair.id_r] = pair.probability
        partners.setdefault(pair.id_r, {})[pair.id_l] = pair.probability
    exclusive = []
    for pair in pairs:
        odds = _odds(pair.probability)
        lowest = pair.probability
        for one, other in ((pair.id_l, pair.id_r), (pair.id_r, pair.id_l)):
            # A rival counts as much as it is not the same body as `other`.
            rivals = sum(
                _odds(probability) * (1 - partners[other].get(rival, 0.0))
                for rival, probability in partners[one].items()
                if rival != other
            )
            lowest = min(lowest, odds / (1 + odds + rivals))
        exclusive.append(lowest)
    for pair, probability in zip(pairs, exclusive, strict=True):
        pair.probability = probability


def _odds(probability: float) -> float:
    return probability / (1 - probability) if probability < 1 else 1e15


def assign_clusters(pairs: list[ScoredPair]) -> int:
    """Connected components of the pairs; each pair gets its cluster (the smallest id in
    it). Returns the number of clusters."""
    parent: dict[int, int] = {}

    def root(org: int) -> int:
        parent.setdefault(org, org)
        while parent[org] != org:
            parent[org] = parent[parent[org]]
            org = parent[org]
        return org

    for pair in pairs:
        a, b = root(pair.id_l), root(pair.id_r)
        if a != b:
            parent[max(a, b)] = min(a, b)
    for pair in pairs:
        pair.cluster = root(pair.id_l)
    return len({pair.cluster for pair in pairs})


@dataclass
class DedupResult:
    pairs: list[ScoredPair]
    compared: int  # pairs the blocking rules let through
    clusters: int  # clusters of two or more organizations at the threshold
    timings: dict[str, float] = field(default_factory=dict)


def _reasons(row: dict) -> list[str]:
    reasons = []
    for name in COMPARISONS:
        label = REASONS[name].get(row[f"gamma_{name}"])
        if label:
            reasons.append(label)
    return reasons


class _Clock:
    def __init__(self, timings: dict[str, float], progress: Callable[[str], None] | None):
        self.timings, self.progress, self.start = timings, progress, time.perf_counter()

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.timings[step] = round(now - self.start, 2)
        self.start = now
        if self.progress:
            self.progress(step)


def train(linker: Linker, con: duckdb.DuckDBPyConnection, seed: int, rows: int) -> None:
    """u from a seeded random sample; the prior from near-certain rules; m from the pairs
    that share an identifier."""
    linker.training.estimate_probability_two_random_records_match(
        [
            block_on("ice", "name_key"),
            block_on("phone", "name_key"),
            block_on("province_code", "legal_form", "founding_date", "name_key"),
        ],
        recall=0.7,
    )
    # 3 million sampled pairs at national scale (u of rare levels such as a shared
    # phone need them); a small registry has fewer pairs than that in all.
    max_pairs = 3e6 if rows >= 100_000 else 2e5
    linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=seed)
    learn_m_from_shared_identifiers(linker, con)


# How many labelled pairs the fixed m values (model.py) count for: with fewer labels
# than this the code's values weigh more than the data's.
PRIOR_PAIRS = 200


def learn_m_from_shared_identifiers(linker: Linker, con: duckdb.DuckDBPyConnection) -> int:
    """m from the pairs that share an ICE or a phone, taken as duplicates; returns their count.

    One ICE is one enterprise and a phone is rarely shared by two bodies: such pairs
    are duplicates nearly always (98% of them in the demo registries), and how their
    names, places and dates differ is how a second file differs from the first.
    Expectation maximisation cannot be used instead (docs/identity.md). Each learnt
    m is blended with the fixed one (as if PRIOR_PAIRS pairs had shown it), so a
    level the labels never reach keeps a small m rather than none.
    """
    con.execute(
        """CREATE OR REPLACE TABLE shared_identifier_pairs AS
           SELECT l.unique_id AS unique_id_l, r.unique_id AS unique_id_r
           FROM organizations l JOIN organizations r
             ON l.ice = r.ice AND l.unique_id < r.unique_id
           UNION
           SELECT l.unique_id, r.unique_id
           FROM organizations l JOIN organizations r
             ON l.phone = r.phone AND l.unique_id < r.unique_id"""
    )
    labelled = con.execute("SELECT count(*) FROM shared_identifier_pairs").fetchall()[0][0]
    if labelled == 0:
        return 0
    fixed = _m_values(linker)
    linker.training.estimate_m_from_pairwise_labels("shared_identifier_pairs")
    weight = labelled / (labelled + PRIOR_PAIRS)
    for comparison in linker._settings_obj.comparisons:
        levels = [
            lv for lv in comparison._comparison_levels_excluding_null if not lv._fix_m_probability
        ]
        blended = [
            weight * _learnt(level)
            + (1 - weight) * fixed[(comparison.output_column_name, level.label_for_charts)]
            for level in levels
        ]
        total = sum(blended) + sum(
            lv.m_probability
            for lv in comparison._comparison_levels_excluding_null
            if lv._fix_m_probability
        )
        for level, m in zip(levels, blended, strict=True):
            level.m_probability = m / total
    return labelled


def _m_values(linker: Linker) -> dict[tuple[str, str], float]:
    return {
        (comparison.output_column_name, level.label_for_charts): level.m_probability
        for comparison in linker._settings_obj.comparisons
        for level in comparison._comparison_levels_excluding_null
    }


def _learnt(level) -> float:
    m = level.m_probability
    return m if isinstance(m, float) else 0.0


def score(
    table: pa.Table,
    threshold: float = 0.9,
    seed: int = 1,
    progress: Callable[[str], None] | None = None,
    settings_factory=model.settings,
    with_reasons: bool = True,
) -> DedupResult:
    """Scored pairs at or above `threshold` match probability, with their clusters."""
    timings: dict[str, float] = {}
    clock = _Clock(timings, progress)
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    db_api = DuckDBAPI(con)
    con.register("source_rows", table)
    # Names and keys scoped to their province, for the term-frequency adjustments: what
    # makes a shared name weak evidence is how many bodies of the province bear it
    # (twenty "Coopérative agricole Fask" in Fask), not how common it is nationwide.
    # key_block: how many of one form share the key in the province (blocking caps it).
    # block_cores: the cores that at most CORE_BLOCK bodies of one form share in the
    # commune (model.blocking_rules).
    con.execute(
        f"""CREATE TABLE organizations AS
           WITH core_blocks AS (
             SELECT unique_id, core, count(*) OVER (
                 PARTITION BY province_code, commune_key, legal_form, core) AS bodies
             FROM (SELECT unique_id, province_code, commune_key, legal_form,
                          unnest(cores) AS core FROM source_rows)),
           small AS (
             SELECT unique_id, list(core ORDER BY core) AS block_cores FROM core_blocks
             WHERE bodies <= {model.CORE_BLOCK} GROUP BY unique_id)
           SELECT source_rows.*, small.block_cores,
             province_code || ':' || name_main AS name_here,
             province_code || ':' || norm_fr AS fr_here,
             province_code || ':' || name_key AS key_here,
             count(*) OVER (PARTITION BY province_code, legal_form, name_key) AS key_block
           FROM source_rows LEFT JOIN small USING (unique_id)"""
    )
    con.unregister("source_rows")
    organizations = db_api.register("organizations", table_name="organizations_input")
    linker = Linker(organizations, settings_factory(1e-6), log_level=logging.WARNING)
    train(linker, con, seed, table.num_rows)
    clock.lap("train")
    # Blocked pairs first, to count them; predict() takes them from Splink's cache.
    blocked = linker.inference.compute_blocked_pairs_for_predict()
    compared = con.execute(f"SELECT count(*) FROM {blocked.physical_name}").fetchall()[0][0]
    predictions = linker.inference.predict(threshold_match_probability=min(threshold, RIVALS_FROM))
    clock.lap("predict")
    gammas = ", ".join(f"gamma_{name}" for name in COMPARISONS) if with_reasons else ""
    rows = con.execute(
        f"SELECT unique_id_l, unique_id_r, match_probability, match_weight"
        f"{', ' + gammas if gammas else ''} FROM {predictions.physical_name}"
        " ORDER BY match_weight DESC"
    ).fetchall()
    con.close()
    columns = ["id_l", "id_r", "probability", "weight"] + [f"gamma_{n}" for n in COMPARISONS]
    pairs = []
    for values in rows:
        row = dict(zip(columns, values, strict=False))
        pairs.append(
            ScoredPair(
                int(row["id_l"]), int(row["id_r"]), float(row["probability"]),
                float(row["weight"]), _reasons(row) if with_reasons else [],
            )
        )  # fmt: skip
    clock.lap("collect")
    exclusive_probabilities(pairs)
    pairs = [pair for pair in pairs if pair.probability >= threshold]
    cluster_sizes = assign_clusters(pairs)
    clock.lap("cluster")
    return DedupResult(pairs, compared, cluster_sizes, timings)
