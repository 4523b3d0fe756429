"""`tadamon observatory rebuild|values|rules`: the observatory from the command line."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from tadamon.errors import DomainError
from tadamon.observatory import cube, engine
from tadamon.observatory.models import Indicator
from tadamon.observatory.validation import violations


class Command(BaseCommand):
    help = (
        "rebuild: recompute the observatory's sums from the registry; values: print indicator "
        "values (--indicator, --territory, --year, repeatable); rules: the validation report"
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "values", "rules"])
        parser.add_argument("--indicator", action="append", default=[])
        parser.add_argument("--territory", action="append", default=[])
        parser.add_argument("--year", action="append", type=int, default=[])
        parser.add_argument("--legal-form", default="")

    def handle(self, *args, action, indicator, territory, year, legal_form, **options):
        try:
            if action == "rebuild":
                started = time.perf_counter()
                state = cube.rebuild()
                self.stdout.write(
                    f"Rebuilt {state.first_year}–{state.last_year} from history entry "
                    f"{state.built_seq} in {time.perf_counter() - started:.2f} s"
                )
            elif action == "values":
                self._values(indicator, territory or ["MA"], year or engine.periods(), legal_form)
            else:
                for report in violations(year[0] if year else engine.periods()[-1]):
                    self.stdout.write(
                        f"{report.rule.code}: {report.violations} of {report.checked} declarations"
                    )
        except DomainError as error:
            raise CommandError(error.bilingual()) from error

    def _values(self, codes, territories, years, legal_form) -> None:
        found = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
        missing = [c for c in codes if c not in found]
        if missing or not codes:
            names = ", ".join(missing) or "—"
            raise CommandError(
                f"مؤشر غير معروف أو غير محدد: {names} — indicateur inconnu ou absent : {names}"
            )
        values = engine.compute(
            [found[c] for c in codes], territories, years, legal_form=legal_form
        )
        self.stdout.write("indicator\tterritory\tyear\tvalue\tnumerator\tdenominator\tnote")
        for v in values:
            self.stdout.write(
                f"{v.indicator}\t{v.territory}\t{v.year}\t{v.value}\t{v.numerator}\t"
                f"{v.denominator}\t{v.note}"
            )
