"""Recall of the search on the demo generator's ground truth.

Each near-duplicate of the demo is the same body written another way (the
other script, another transliteration, a slip, an abbreviation, a word more
or less). Its name is the query; its original is the right answer. The
duplicates themselves are taken out of the index first (`hide_duplicates`),
otherwise every query would find its own row.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from tadamon.registry.models import Organization
from tadamon.search.models import SearchEntry, SearchPosting


@dataclass
class Query:
    text: str
    expected: int
    kinds: str
    duplicate: int = 0  # the near-duplicate whose name the query is


def truth_rows(truth_csv: Path) -> list[dict]:
    with Path(truth_csv).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def truth_queries(truth_csv: Path) -> list[Query]:
    """One query per near-duplicate: its name in the script the original lacks, if any,
    otherwise alternately its French and its Arabic name."""
    rows = truth_rows(truth_csv)
    ids = {int(r["duplicate_id"]) for r in rows} | {int(r["original_id"]) for r in rows}
    names = {
        pk: (ar, fr)
        for pk, ar, fr in Organization.objects.filter(pk__in=ids).values_list(
            "pk", "name_ar", "name_fr"
        )
    }
    queries = []
    for n, row in enumerate(rows):
        duplicate, original = int(row["duplicate_id"]), int(row["original_id"])
        dup_ar, dup_fr = names[duplicate]
        orig_ar, orig_fr = names[original]
        if dup_fr and not orig_fr:
            text = dup_fr
        elif dup_ar and not orig_ar:
            text = dup_ar
        elif dup_ar and dup_fr:
            text = dup_fr if n % 2 == 0 else dup_ar
        else:
            text = dup_ar or dup_fr
        queries.append(Query(text, original, row["kinds"], duplicate))
    return queries


def hide_duplicates(truth_csv: Path) -> int:
    """Take the near-duplicates out of the index (the registry keeps them)."""
    rows = truth_rows(truth_csv)
    ids = [int(r["duplicate_id"]) for r in rows]
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        SearchPosting.objects.filter(organization_id__in=chunk).delete()
        SearchEntry.objects.filter(organization_id__in=chunk).delete()
    return len(ids)
