"""One batch deduplication of the registry: read, score, write the review flags, record the run."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from tadamon.identity.dedup import features, pipeline
from tadamon.identity.models import DedupRun

# Where precision reached 0.95 on the development data (500,000 demo organizations,
# seed 2: 0.965, recall 0.817; at 0.5, 0.941 / 0.827). docs/identity.md.
DEFAULT_THRESHOLD = 0.6


@dataclass
class RunReport:
    run: DedupRun
    result: pipeline.DedupResult


def run_dedup(
    actor,
    threshold: float = DEFAULT_THRESHOLD,
    *,
    seed: int = 1,
    progress: Callable[[str], None] | None = None,
) -> RunReport:
    """Score every live organization and raise (or refresh) a flag per pair above `threshold`.

    Reading and scoring happen outside any transaction (minutes at national
    scale); the flags and the run record are written in one transaction by
    `services.raise_batch_flags`.
    """
    from tadamon.identity import services

    started = time.perf_counter()
    table = features.feature_table(features.rows_from_registry())
    extraction = round(time.perf_counter() - started, 2)
    if progress:
        progress("extract")
    if table.num_rows < 2:
        result = pipeline.DedupResult([], 0, 0, {})
    else:
        result = pipeline.score(table, threshold=threshold, seed=seed, progress=progress)
    result.timings = {"extract": extraction, **result.timings}
    run = DedupRun.objects.create(
        threshold=threshold,
        organizations=table.num_rows,
        pairs_compared=max(result.compared, 0),
        pairs_found=len(result.pairs),
        clusters=result.clusters,
    )
    writing = time.perf_counter()
    outcome = services.raise_batch_flags(actor, run, result.pairs)
    result.timings["write"] = round(time.perf_counter() - writing, 2)
    if progress:
        progress("write")
    run.flags_raised, run.flags_updated, run.pairs_skipped = (
        outcome.raised,
        outcome.updated,
        outcome.skipped,
    )
    run.timings = result.timings
    run.finished_at = timezone.now()
    run.save()
    return RunReport(run, result)
