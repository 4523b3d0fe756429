"""`tadamon setup_demo`: what `make run` needs on a fresh machine, and nothing twice.

Loads the demo registry (a few thousand organizations with three years of
declarations) when the registry is empty, and makes sure the demo accounts
exist, then prints their logins.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from tadamon.accounts.models import User
from tadamon.accounts.services import save_account_from_console
from tadamon.registry.models import Organization
from tadamon.territory.models import Region

DEMO_PASSWORD = "tadamon-demo-2026"
DEMO_ACCOUNTS = [
    # username, role, region code, description
    ("registrar", "national_registrar", None, "national registrar / مسجل وطني"),
    ("registrar_souss", "regional_registrar", "09", "regional registrar, Souss-Massa / مسجل جهوي"),
    ("analyst", "analyst", None, "analyst / محلل"),
    ("admin", "administrator", None, "administrator (users and roles) / مدير"),
]
# A representative of one registered cooperative of Souss-Massa, for the
# self-service pages (/login/, then /my/: profile and yearly declaration).
REPRESENTATIVE = ("cooperative", "representative of a cooperative (/login/) / ممثل تعاونية")


class Command(BaseCommand):
    help = "Load the demo registry if empty and create the demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--orgs", type=int, default=3000)
        parser.add_argument("--years", type=int, default=3)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, orgs, years, seed, **options):
        if Organization.objects.exists():
            self.stdout.write(
                f"Registry already holds {Organization.objects.count():,} organizations; "
                "demo data not reloaded."
            )
        else:
            call_command("demo", orgs=orgs, years=years, seed=seed, stdout=self.stdout)
        # The observatory's sums, so the first dashboard a newcomer opens is quick.
        from tadamon.observatory import cube

        cube.ensure_fresh()
        for username, role, region_code, _description in DEMO_ACCOUNTS:
            user = User.objects.filter(username=username).first() or User(username=username)
            user.role = role
            user.region = Region.objects.get(code=region_code) if region_code else None
            user.is_active = True
            save_account_from_console(user, DEMO_PASSWORD)
        represented = self._representative()
        self.stdout.write(self.style.SUCCESS("\nDemo accounts (back office: /admin/):"))
        for username, _role, _region, description in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<16} password: {DEMO_PASSWORD}   {description}")
        if represented:
            username, description = REPRESENTATIVE
            self.stdout.write(
                f"  {username:<16} password: {DEMO_PASSWORD}   {description}: {represented}"
            )
        self._funding_accounts()

    def _funding_accounts(self) -> None:
        """The funding demo's accounts (made by `tadamon demo`), if it ran."""
        from tadamon.funding.demo import EVALUATORS, FUNDERS, VERIFIER

        names = [(u, f"funder staff: {c} / ممول") for c, _a, _f, u in FUNDERS]
        names += [(u, "evaluator / مقيّم") for u in EVALUATORS]
        names += [(VERIFIER, "verifier / متحقق")]
        present = set(User.objects.filter(username__in=[n for n, _d in names])
                      .values_list("username", flat=True))  # fmt: skip
        if not present:
            return
        self.stdout.write(self.style.SUCCESS("\nFunding demo accounts (back office: /admin/):"))
        for username, description in names:
            if username in present:
                self.stdout.write(f"  {username:<18} password: {DEMO_PASSWORD}   {description}")

    def _representative(self) -> Organization | None:
        """The demo representative, tied to the first registered cooperative of region 09."""
        organization = (
            Organization.objects.filter(
                status="registered", legal_form="cooperative", province__region_id="09"
            )
            .order_by("id")
            .first()
        )
        if organization is None:
            return None
        username = REPRESENTATIVE[0]
        user = User.objects.filter(username=username).first() or User(username=username)
        if user.organization_id is None or user.role != "representative":
            user.organization = organization
        user.role = "representative"
        user.region = None
        user.is_active = True
        save_account_from_console(user, DEMO_PASSWORD)
        return user.organization
