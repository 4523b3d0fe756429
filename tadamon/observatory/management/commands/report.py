"""`tadamon report --territory CODE --year Y --lang ar|fr --format pdf|html [--output FILE]`:
a territory's report written to a file (by default `tadamon-report-<code>-<year>-<lang>.<format>`
in the current folder)."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tadamon.errors import DomainError
from tadamon.observatory import reports


class Command(BaseCommand):
    help = (
        "Writes a territory's report (key figures, tables, charts, map, targets, formulas and "
        "sources) as PDF or HTML, in Arabic or French."
    )

    def add_arguments(self, parser):
        parser.add_argument("--territory", required=True, help="MA, a region 01–12 or a province")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--lang", default="ar", choices=reports.LANGUAGES)
        parser.add_argument("--format", default="pdf", choices=reports.FORMATS)
        parser.add_argument("--output", default="", help="the file to write (default: its name)")

    def handle(self, *args, territory, year, lang, format, output, **options):
        code = territory.strip()
        target = Path(output or reports.filename(code, year, lang, format))
        if not target.parent.is_dir():
            raise CommandError(
                f"المجلد «{target.parent}» غير موجود — le dossier « {target.parent} » n'existe pas"
            )
        self.stderr.write(f"report {code} {year} {lang} {format} …")
        started = time.perf_counter()
        try:
            document = reports.make(code, year, lang, format)
        except DomainError as error:
            raise CommandError(error.bilingual()) from error
        try:
            target.write_bytes(document.content)
        except OSError as error:
            raise CommandError(
                f"تعذرت كتابة الملف «{target}» — impossible d'écrire « {target} » "
                f"({error.strerror})"
            ) from error
        self.stdout.write(
            f"{target} ({len(document.content) / 1024:.0f} KB, "
            f"{time.perf_counter() - started:.1f} s)"
        )
