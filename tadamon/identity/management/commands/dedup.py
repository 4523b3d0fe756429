"""`tadamon dedup`: the batch deduplication of the whole registry.

    tadamon dedup [--threshold 0.6] [--limit-review 20] [--json]

Reads every organization that is not merged, scores the pairs with Splink
(tadamon.identity.dedup), raises an open review flag per pair at or above the
threshold (refreshing the open ones, never re-raising a decided pair) and
prints a summary: the run's counts and timings and the first pairs to review.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from tadamon.errors import DomainError
from tadamon.history.chain import current_request_id, new_request_id
from tadamon.identity.dedup.run import DEFAULT_THRESHOLD, run_dedup
from tadamon.identity.models import DuplicateFlag, FlagStatus, reason_label


def probability(text: str) -> float:
    value = float(text)
    if not 0 < value < 1:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = "Find possible duplicates in the whole registry (كشف الهيئات المكررة)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--threshold", type=probability, default=DEFAULT_THRESHOLD,
            help=f"match probability from which a pair is flagged ({DEFAULT_THRESHOLD})",
        )  # fmt: skip
        parser.add_argument(
            "--limit-review", type=int, default=20, help="pairs to list at the end (20)"
        )
        parser.add_argument("--seed", type=int, default=1, help="seed of the training sample (1)")
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help="print the summary as JSON"
        )

    def handle(self, *args, threshold, limit_review, seed, as_json=False, **options):
        console = Console(stderr=True, quiet=as_json)
        token = current_request_id.set(new_request_id())
        try:
            with console.status("dedup…") as status:
                report = run_dedup(
                    None, threshold, seed=seed,
                    progress=lambda step: status.update(f"dedup: {step} ✓"),
                )  # fmt: skip
        except DomainError as error:
            raise CommandError(error.bilingual()) from error
        finally:
            current_request_id.reset(token)
        run = report.run
        flags = list(
            DuplicateFlag.objects.filter(run=run, status=FlagStatus.OPEN)
            .select_related("org_a", "org_b")
            .order_by("-score", "id")[: max(limit_review, 0)]
        )
        if as_json:
            self.stdout.write(self._as_json(run, flags))
        else:
            self._print(run, flags)

    def _summary(self, run) -> dict:
        return {
            "run": run.pk,
            "threshold": run.threshold,
            "organizations": run.organizations,
            "pairs_compared": run.pairs_compared,
            "pairs_found": run.pairs_found,
            "clusters": run.clusters,
            "flags_raised": run.flags_raised,
            "flags_updated": run.flags_updated,
            "pairs_skipped": run.pairs_skipped,
            "timings": run.timings,
        }

    def _as_json(self, run, flags) -> str:
        summary = self._summary(run)
        summary["review"] = [
            {
                "flag": f.pk,
                "score": round(f.score, 4),
                "a": {
                    "id": f.org_a_id,
                    "registry_id": f.org_a.registry_id,
                    "name_ar": f.org_a.name_ar,
                    "name_fr": f.org_a.name_fr,
                },
                "b": {
                    "id": f.org_b_id,
                    "registry_id": f.org_b.registry_id,
                    "name_ar": f.org_b.name_ar,
                    "name_fr": f.org_b.name_fr,
                },
                "reasons": f.reasons,
            }
            for f in flags
        ]
        return json.dumps(summary, ensure_ascii=False, indent=2)

    def _print(self, run, flags) -> None:
        console = Console()
        summary = self._summary(run)
        timings = summary.pop("timings")
        for key, value in summary.items():
            console.print(f"{key}: {value}")
        console.print("timings (s): " + ", ".join(f"{k} {v}" for k, v in timings.items()))
        if not flags:
            return
        table = Table("score", "A", "B", "reasons")
        for f in flags:
            table.add_row(
                f"{f.score:.2f}",
                f"{f.org_a.registry_id or f.org_a_id} {f.org_a.name_ar or f.org_a.name_fr}",
                f"{f.org_b.registry_id or f.org_b_id} {f.org_b.name_ar or f.org_b.name_fr}",
                ", ".join(reason_label(code) for code in f.reasons),
            )
        console.print(table)
