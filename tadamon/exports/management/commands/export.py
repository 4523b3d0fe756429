"""`tadamon export --format FORMAT OUT`: the public registry as open data files.

    tadamon export --format csv out/
    tadamon export --format datapackage out/
    frictionless validate out/datapackage/datapackage.json
    tadamon export --format all out/ --base-url https://tadamon.ma

FORMAT is csv, xlsx, datapackage, jsonld, murmurations, several of them
separated by commas, or all. Public organizations with their public fields,
and the yearly declarations summed by province (docs/open-data.md). Links in
the JSON-LD and the Murmurations profiles start with --base-url (default:
TADAMON_PUBLIC_URL, else the local address of `make run`). A problem is said
in Arabic and French, without a stack trace; exit status 1.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from tadamon.errors import DomainError
from tadamon.exports.exporting import export, parse_formats
from tadamon.exports.links import checked_base_url, default_base_url


class Command(BaseCommand):
    help = (
        "Export the public registry as open data: csv, xlsx, datapackage, jsonld, "
        "murmurations or all (تصدير البيانات المفتوحة / export des données ouvertes)."
    )

    def add_arguments(self, parser):
        # Checked in handle(), not by argparse, so that a wrong one is told in Arabic and French.
        parser.add_argument(
            "--format", dest="formats", required=True,
            help="csv, xlsx, datapackage, jsonld, murmurations, or all",
        )  # fmt: skip
        parser.add_argument("out", type=Path, help="folder to write into (created if missing)")
        parser.add_argument("--base-url", default="", help="the site's public address")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, formats, out, base_url="", no_progress=False, **options):
        try:
            names = parse_formats(formats)
            base = checked_base_url(base_url or default_base_url())
        except DomainError as error:
            raise CommandError(error.bilingual()) from error
        self._check_writable(out)
        quiet = no_progress or options.get("verbosity", 1) == 0
        try:
            with self._progress(quiet) as progress:
                written = export(names, out, base, self._reporter(progress))
        except OSError as error:
            raise CommandError(_cannot_write(error.filename or out, error)) from error
        for path in written:
            self.stdout.write(f"→ {path}")

    def _check_writable(self, out: Path) -> None:
        """Refuse before reading the registry when OUT cannot take files."""
        if out.exists() and not out.is_dir():
            raise CommandError(f"«{out}» ملف وليس مجلدا — « {out} » est un fichier, pas un dossier")
        probe = out / f".tadamon-export-{uuid.uuid4().hex}"
        try:
            out.mkdir(parents=True, exist_ok=True)
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as error:
            raise CommandError(_cannot_write(out, error)) from error

    def _progress(self, quiet: bool) -> Progress:
        return Progress(
            TextColumn("[bold]{task.description:<34}"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), disable=quiet, transient=False,
        )  # fmt: skip

    def _reporter(self, progress: Progress):
        tasks: dict[str, int] = {}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(stage, total=total)
            progress.update(tasks[stage], completed=done, total=total)

        return report


def _cannot_write(path, error: OSError) -> str:
    reason = error.strerror or str(error)
    return f"تعذرت الكتابة في {path} — écriture impossible dans {path} : {reason}"
