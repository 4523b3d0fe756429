"""`tadamon search QUERY`: the registry's search on the console.

    tadamon search "تعاونية تيغانيمين"            # a table, best first
    tadamon search "Cooperative Tiganimin" --json   # the API's results contract
    tadamon search --reindex                        # rebuild the index from the registry

Results are what an analyst may see (public and private registry, no private
fields); `--as USERNAME` searches as that account instead.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from tadamon.accounts.models import User
from tadamon.search.engine import Filters, search
from tadamon.search.indexing import rebuild_index, vacuum_index


class _Analyst:
    """The console's reader when no account is named: sees what an analyst sees."""

    is_authenticated = True
    is_active = True
    is_superuser = False
    role = "analyst"
    region_id = None
    organization_id = None
    pk = None


class Command(BaseCommand):
    help = "Search organizations across scripts (البحث في السجل بالعربية أو بالفرنسية)."

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="?", default="")
        parser.add_argument("--json", action="store_true", help="print the API's JSON")
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--offset", type=int, default=0)
        for name in ("region", "province", "legal-form", "status", "sector"):
            parser.add_argument(f"--{name}", default="", help=f"filter by {name} code")
        parser.add_argument("--as", dest="username", help="search as this account")
        parser.add_argument("--reindex", action="store_true", help="rebuild the search index")

    def handle(self, *args, query, reindex, username=None, **options):
        if reindex:
            count = rebuild_index()
            vacuum_index()
            self.stdout.write(f"indexed {count} organizations / فهرسة {count} هيئة")
            return
        if not query.strip():
            raise CommandError("nothing to search: give a query / لا شيء للبحث: أدخل عبارة")
        user = _Analyst()
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"no active account {username!r} / لا يوجد حساب نشط")
        filters = Filters(
            region=options["region"],
            province=options["province"],
            legal_form=options["legal_form"],
            status=options["status"],
            sector=options["sector"],
        )
        limit = min(max(options["limit"], 1), 100)
        results = search(query, user=user, filters=filters, limit=limit, offset=options["offset"])
        if options["json"]:
            self.stdout.write(json.dumps(results.as_dict(), ensure_ascii=False, indent=2))
            return
        table = Table(title=f"{results.count} — {query}")
        for column in ("registry_id", "name_ar", "name_fr", "legal_form", "province", "status"):
            table.add_column(column)
        table.add_column("match")
        for hit in results.hits:
            org = hit.organization
            match = f"{hit.tier_name} {hit.score:.2f}"
            table.add_row(org.registry_id or "—", org.name_ar, org.name_fr, org.legal_form,
                          org.province_id, org.status, match)  # fmt: skip
        Console(file=self.stdout).print(table)
