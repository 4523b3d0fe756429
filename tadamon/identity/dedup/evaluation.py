"""Precision and recall of predicted duplicate pairs against the demo generator's truth.

The truth lists each near-duplicate with the original it copies: one pair each.
A predicted pair counts as right when it is one of those pairs (in either
order). Two distinct bodies that the generator happened to give the same name
in the same place are *not* in the truth: a pair of them counts as wrong, even
when no reader could tell them apart (`homonym_pairs` counts them).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


def read_truth(path: Path) -> dict[tuple[int, int], str]:
    """{(smaller id, larger id): kinds} from `tadamon demo --truth FILE`."""
    with Path(path).open(encoding="utf-8") as handle:
        return {
            _pair(int(row["duplicate_id"]), int(row["original_id"])): row["kinds"]
            for row in csv.DictReader(handle)
        }


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


@dataclass
class Score:
    predicted: int
    true: int
    right: int

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.true if self.true else 1.0

    def as_dict(self) -> dict:
        return {
            "predicted": self.predicted,
            "true": self.true,
            "right": self.right,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
        }


def score_pairs(predicted: Iterable[tuple[int, int]], truth: dict[tuple[int, int], str]) -> Score:
    pairs = {_pair(a, b) for a, b in predicted}
    return Score(len(pairs), len(truth), len(pairs & truth.keys()))


def cluster_pairs(cluster_of: dict[int, object]) -> set[tuple[int, int]]:
    """Every pair of organizations put in one cluster (clusters here are small)."""
    members: dict[object, list[int]] = {}
    for org_id, cluster in cluster_of.items():
        members.setdefault(cluster, []).append(org_id)
    pairs = set()
    for ids in members.values():
        ids.sort()
        pairs.update((a, b) for i, a in enumerate(ids) for b in ids[i + 1 :])
    return pairs


def missed_by_kind(
    predicted: Iterable[tuple[int, int]], truth: dict[tuple[int, int], str]
) -> dict[str, tuple[int, int]]:
    """{kind: (found, in truth)} for each way the generator changed a duplicate."""
    found = {_pair(a, b) for a, b in predicted}
    counts: dict[str, list[int]] = {}
    for pair, kinds in truth.items():
        for kind in kinds.split("|") if kinds else ["unchanged"]:
            entry = counts.setdefault(kind, [0, 0])
            entry[1] += 1
            entry[0] += pair in found
    return {kind: (a, b) for kind, (a, b) in sorted(counts.items())}
