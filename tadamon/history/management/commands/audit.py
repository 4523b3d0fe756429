"""`tadamon audit verify`: check the whole history chain, name the first bad entry."""

from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from tadamon.history.chain import verify_chain
from tadamon.history.models import ChainHead


class Command(BaseCommand):
    help = "Verify the hash-chained history (تحقق من سلسلة السجل التاريخي)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="Recompute every hash and report the first broken entry.")

    def handle(self, *args, **options):
        head = ChainHead.objects.filter(id=1).first()
        total = head.last_seq if head else 0
        with Progress(
            TextColumn("[bold]audit verify"),
            BarColumn(),
            MofNCompleteColumn(),
            transient=True,
            disable=not self.stdout.isatty(),
        ) as progress:
            task = progress.add_task("verify", total=total)
            report = verify_chain(
                progress=lambda n: progress.update(task, completed=n) if n % 5000 == 0 else None
            )
        if not report.ok:
            raise CommandError(
                f"History chain BROKEN at entry #{report.first_bad_seq}: {report.problem}. "
                f"({report.checked} entries verified before it.) "
                f"السلسلة مكسورة عند المدخل رقم {report.first_bad_seq}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"History chain intact: {report.checked} entries verified. "
                f"السلسلة سليمة: تم التحقق من {report.checked} مدخل."
            )
        )
