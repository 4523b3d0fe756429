"""Train, predict and cluster: the Splink run shared by `tadamon dedup` and the bench.

Training is deterministic: u from a seeded random sample of pairs, the prior
from near-certain rules (same ICE or phone, or same founding date in one
province and legal form, with the same name key), and m fixed in `model.py`
(why: docs/identity.md). Predictions above the threshold are clustered by
connected components; each scored pair keeps its cluster and the reasons
(the comparisons that agreed) a registrar sees in the review queue.
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
        7: "same_name",
        6: "same_name",
        5: "same_name",
        4: "same_name_across_scripts",
        3: "same_key_other_words",
        2: "similar_name",
        1: "similar_name_other_words",
    },
    "territory": {4: "same_commune", 3: "same_province", 2: "same_province", 1: "same_region"},
    "legal_form": {1: "same_legal_form"},
    "founding_date": {2: "same_founding_date", 1: "close_founding_date"},
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


def train(linker: Linker, seed: int, rows: int) -> None:
    """u from a seeded random sample; the prior from near-certain rules (model.py: m is fixed)."""
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
    con.execute(
        """CREATE TABLE organizations AS SELECT *,
             province_code || ':' || name_main AS name_here,
             province_code || ':' || norm_fr AS fr_here,
             province_code || ':' || name_key AS key_here,
             count(*) OVER (PARTITION BY province_code, legal_form, name_key) AS key_block
           FROM source_rows"""
    )
    con.unregister("source_rows")
    organizations = db_api.register("organizations", table_name="organizations_input")
    linker = Linker(organizations, settings_factory(1e-6), log_level=logging.WARNING)
    train(linker, seed, table.num_rows)
    clock.lap("train")
    # Blocked pairs first, to count them; predict() takes them from Splink's cache.
    blocked = linker.inference.compute_blocked_pairs_for_predict()
    compared = con.execute(f"SELECT count(*) FROM {blocked.physical_name}").fetchall()[0][0]
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    clock.lap("predict")
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold
    )
    cluster_of = dict(
        con.execute(f"SELECT unique_id, cluster_id FROM {clusters.physical_name}").fetchall()
    )
    cluster_sizes = con.execute(
        f"SELECT count(*) FROM (SELECT cluster_id FROM {clusters.physical_name}"
        " GROUP BY cluster_id HAVING count(*) > 1)"
    ).fetchall()[0][0]
    clock.lap("cluster")
    gammas = ", ".join(f"gamma_{name}" for name in COMPARISONS) if with_reasons else ""
    rows = con.execute(
        f"SELECT unique_id_l, unique_id_r, match_probability, match_weight"
        f"{', ' + gammas if gammas else ''} FROM {predictions.physical_name}"
        " ORDER BY match_weight DESC"
    ).fetchall()
    columns = ["id_l", "id_r", "probability", "weight"] + [f"gamma_{n}" for n in COMPARISONS]
    pairs = []
    for values in rows:
        row = dict(zip(columns, values, strict=False))
        pairs.append(
            ScoredPair(
                int(row["id_l"]), int(row["id_r"]), float(row["probability"]),
                float(row["weight"]), _reasons(row) if with_reasons else [],
                cluster_of.get(row["id_l"]),
            )
        )  # fmt: skip
    clock.lap("collect")
    con.close()
    return DedupResult(pairs, compared, cluster_sizes, timings)
