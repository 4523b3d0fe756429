"""`tadamon demo`: a realistic synthetic national registry, the same for the same seed.

    tadamon demo --orgs 500000 --years 5 --seed 1 --truth var/duplicates.csv

Generates organizations, status changes, memberships, declarations and a
known share of near-duplicates (tadamon.registry.demo), then writes them in
one transaction with their history. Refuses a registry that already holds
organizations unless --append is given. What the data look like and why:
docs/demo-data.md.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from tadamon.errors import DomainError
from tadamon.history.chain import current_request_id, new_request_id
from tadamon.registry.demo.duplicates import write_truth
from tadamon.registry.demo.generator import generate_dataset
from tadamon.registry.demo.loader import load_demo_registry, registry_not_empty
from tadamon.registry.models import Organization
from tadamon.registry.statistics import analyze_registry
from tadamon.search.indexing import vacuum_index

MAX_ORGANIZATIONS = 5_000_000


def iso_date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


class Command(BaseCommand):
    help = (
        "Build a synthetic national registry with declarations and near-duplicates "
        "(بيانات تجريبية للسجل الوطني)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--orgs", type=int, default=3000, help="organizations (default 3000)")
        parser.add_argument("--years", type=int, default=3, help="years of declarations (3)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
        parser.add_argument("--truth", type=Path, help="write the near-duplicates' truth as CSV")
        parser.add_argument(
            "--duplicates", type=float, default=0.03, help="share of near-duplicates (0.03)"
        )
        parser.add_argument(
            "--append", action="store_true", help="add to a registry that has organizations"
        )
        parser.add_argument(
            "--as-of", type=iso_date, default=None, help="reference date YYYY-MM-DD (today)"
        )
        parser.add_argument(
            "--no-funding", action="store_true",
            help="registry only: no funds, calls, contracts and payments",
        )  # fmt: skip

    def handle(self, *args, orgs, years, seed, truth=None, duplicates=0.03, append=False,
               as_of=None, no_funding=False, **options):  # fmt: skip
        self._check_arguments(orgs, years, duplicates, truth, as_of)
        if not append and Organization.objects.exists():
            raise CommandError(registry_not_empty().bilingual())
        started = time.perf_counter()
        token = current_request_id.set(new_request_id())
        try:
            with self._progress() as progress:
                generating = progress.add_task("generating", total=None)
                dataset = generate_dataset(orgs, years, seed, duplicates, as_of)
                progress.update(generating, total=1, completed=1)
                result = load_demo_registry(
                    None, dataset, append=append, progress=self._reporter(progress)
                )
        except DomainError as error:
            raise CommandError(error.bilingual()) from error
        finally:
            current_request_id.reset(token)
        vacuum_index()  # after the commit: fresh statistics for the search index
        analyze_registry()  # and for the registry's own tables
        if truth:
            self._write_truth(truth, dataset, result)
        self._summary(dataset, result, truth, time.perf_counter() - started)
        if not no_funding and not append:
            self._funding(seed)

    def _funding(self, seed: int) -> None:
        """The funding chain on the new registry (tadamon.funding.demo)."""
        from tadamon.funding.demo import load_funding_demo

        started = time.perf_counter()
        try:
            funding = load_funding_demo(seed)
        except DomainError as error:
            raise CommandError(error.bilingual()) from error
        self.stdout.write(
            f"funding          {funding.funds} funds, {funding.applications} applications, "
            f"{funding.contracts} outcome contracts, {funding.payments} payments by results "
            f"({time.perf_counter() - started:.1f} s; accounts: tadamon setup_demo)"
        )

    def _write_truth(self, truth: Path, dataset, result) -> None:
        try:
            write_truth(
                truth, dataset.duplicates, result.ids, result.registry_ids.tolist(),
                dataset.organizations.external_id.tolist(),
            )  # fmt: skip
        except OSError as error:
            raise CommandError(
                f"تعذرت كتابة الملف {truth} — impossible d'écrire {truth} : {error.strerror} "
                "(les données sont chargées)"
            ) from error

    def _check_arguments(self, orgs, years, duplicates, truth, as_of) -> None:
        problems = []
        if as_of and as_of > dt.date.today():
            problems.append(
                f"--as-of لا يمكن أن يكون في المستقبل — --as-of {as_of} est dans le futur"
            )
        if not 1 <= orgs <= MAX_ORGANIZATIONS:
            problems.append(
                f"--orgs يجب أن يكون بين 1 و{MAX_ORGANIZATIONS} — --orgs doit être compris entre "
                f"1 et {MAX_ORGANIZATIONS}"
            )
        if not 0 <= years <= 30:
            problems.append(
                "--years يجب أن يكون بين 0 و30 — --years doit être compris entre 0 et 30"
            )
        if not 0 <= duplicates <= 0.5:
            problems.append(
                "--duplicates نسبة بين 0 و0.5 — --duplicates est une part entre 0 et 0,5"
            )
        if truth and not Path(truth).resolve().parent.is_dir():
            problems.append(
                f"مجلد الملف {truth} غير موجود — le dossier du fichier {truth} n'existe pas"
            )
        if problems:
            raise CommandError("\n".join(problems))

    def _progress(self) -> Progress:
        return Progress(
            TextColumn("[bold]{task.description:<16}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            transient=False,
            disable=not self.stdout.isatty(),
        )

    def _reporter(self, progress: Progress):
        tasks: dict[str, int] = {}

        def report(stage: str, advance: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(stage, total=total)
            progress.advance(tasks[stage], advance)

        return report

    def _summary(self, dataset, result, truth, seconds: float) -> None:
        counts = {**dataset.summary(), **result.counts}
        lines = [
            f"organizations   {counts['organizations']:>10,}  (هيئات)",
            f"declarations    {counts['declarations']:>10,}  (تصاريح سنوية {dataset.years[0]}–"
            f"{dataset.years[-1]})"
            if dataset.years
            else "declarations             0",
            f"status changes  {counts['status_changes']:>10,}",
            f"memberships     {counts['memberships']:>10,}",
            f"near-duplicates {counts['duplicates']:>10,}",
            f"history entries {counts['history']:>10,}",
        ]
        if truth:
            lines.append(f"truth           {truth}")
        lines.append(f"elapsed         {seconds:>10.1f} s  (seed {dataset.seed})")
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))
