"""`tadamon import organizations|declarations FILE`: a CSV or XLSX file into the registry.

    tadamon import organizations odco-2025.csv --as registrar
    tadamon import declarations declarations.xlsx --as registrar --on-error skip \
        --rejected rejected.csv
    tadamon import organizations file.csv --as registrar --dry-run

Every problem is printed with its row (the header is row 1), column, value and
reason in Arabic and French; --rejected writes the rejected rows with their
reasons as a CSV to fix and import again. Exit status 1 when nothing was
written because of errors. docs/import.md has the formats and rules.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from tadamon.accounts.models import User
from tadamon.errors import DomainError
from tadamon.history.chain import current_request_id, new_request_id
from tadamon.imports.rejected import rejected_csv
from tadamon.imports.schemas import KINDS
from tadamon.imports.services import ImportResult, run_import
from tadamon.registry.statistics import analyze_registry

STAGES = {"reading": "reading rows", "writing": "writing", "history": "history"}


ANALYZE_FROM = 10_000  # rows written; fewer do not change the plans


class Command(BaseCommand):
    help = "Import organizations or yearly declarations from CSV or XLSX (استيراد)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--as", dest="username", required=True,
            help="the registrar the import is recorded under (history)",
        )  # fmt: skip
        parser.add_argument("--on-error", choices=("abort", "skip"), default="abort")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--rejected", type=Path, help="write the rejected rows to this CSV")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, kind, file, username, on_error, dry_run, rejected=None,
               no_progress=False, **options):  # fmt: skip
        actor = User.objects.filter(username=username, is_active=True).first()
        if actor is None:
            raise CommandError(
                f"المستخدم «{username}» غير موجود — l'utilisateur « {username} » n'existe pas"
            )
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(
                f"تعذرت قراءة {file} — lecture impossible de {file} : {error.strerror}"
            ) from error
        token = current_request_id.set(new_request_id())
        try:
            with self._progress(no_progress or options.get("verbosity", 1) == 0) as progress:
                result = run_import(
                    actor, kind, data, file.name, on_error=on_error, dry_run=dry_run,
                    progress=self._reporter(progress),
                )  # fmt: skip
        except DomainError as error:
            raise CommandError(error.bilingual()) from error
        finally:
            current_request_id.reset(token)
        self._report(result)
        if result.written and result.total - result.rejected >= ANALYZE_FROM:
            analyze_registry()  # a large load: PostgreSQL would plan without statistics
        if result.search_index_pending:
            self.stdout.write(
                "فهرس البحث: شغل tadamon search --reindex — index de recherche : lancez "
                "`tadamon search --reindex` pour y ajouter les organisations importées"
            )
        if rejected and result.rejected_rows:
            rejected.write_text(rejected_csv(result), encoding="utf-8")
            self.stdout.write(f"rejected rows → {rejected}")
        if result.file_error or (result.rejected and not result.written and not dry_run):
            raise CommandError(
                "لم يكتب أي شيء — rien n'a été écrit"
                + ("" if result.file_error else " (--on-error skip pour écrire les lignes valides)")
            )

    def _progress(self, quiet: bool):
        return Progress(
            TextColumn("[bold]{task.description:<14}"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), disable=quiet, transient=False,
        )  # fmt: skip

    def _reporter(self, progress: Progress):
        tasks: dict[str, int] = {}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(STAGES.get(stage, stage), total=total)
            progress.update(tasks[stage], completed=done, total=total)

        return report

    def _report(self, result: ImportResult) -> None:
        for problem in result.problems:
            where = "file" if problem.row is None else f"row {problem.row}"
            if problem.column:
                where += f", column {problem.column}"
            value = f" «{problem.value}»" if problem.value else ""
            label = "warning" if problem.severity == "warning" else "error"
            self.stdout.write(
                f"{label}: {where}{value}: {problem.message_ar} — {problem.message_fr}"
            )
        summary = result.summary()
        counts = ", ".join(f"{k} {v}" for k, v in result.counts.items())
        state = (
            "dry run: nothing written" if result.dry_run
            else "written" if result.written else "NOTHING WRITTEN"
        )  # fmt: skip
        self.stdout.write(
            f"{result.kind}: {summary['rows']} rows ({result.format or '?'}"
            f"{', ' + result.encoding if result.encoding else ''}"
            f"{', separator ' + repr(result.separator) if result.separator else ''}); "
            f"{counts}{', ' if counts else ''}rejected {result.rejected}; {state} "
            f"in {result.seconds:.1f} s"
        )
