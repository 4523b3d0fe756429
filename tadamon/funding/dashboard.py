"""What the funding pages show, read from the ledger: money by source, the flows from
sources to regions to outcomes, and outcomes bought per dirham by region.

Read-only; every figure is a sum of ledger entries or of verified results, so the
page and the books cannot disagree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Sum

from tadamon.funding import ledger
from tadamon.funding.models import Fund, LedgerTransaction, ResultPayment
from tadamon.funding.vocabulary import AccountKind, SourceType, TransactionKind
from tadamon.territory.models import Region


@dataclass(frozen=True)
class FundLine:
    fund: Fund
    funders: list[str]
    contributed: int
    endowment: int
    available: int
    committed: int
    paid: int


def fund_lines() -> list[FundLine]:
    lines = []
    for fund in Fund.objects.prefetch_related("funders").order_by("source_type", "code"):
        balances = ledger.fund_balances(fund)
        lines.append(FundLine(
            fund=fund,
            funders=[f.code for f in fund.funders.all()],
            contributed=-balances[AccountKind.SOURCE],
            endowment=balances[AccountKind.ENDOWMENT],
            available=balances[AccountKind.AVAILABLE],
            committed=balances[AccountKind.COMMITTED],
            paid=balances[AccountKind.ORGANIZATION],
        ))  # fmt: skip
    return lines


def totals_by_source(lines: list[FundLine]) -> list[dict]:
    totals: dict[str, dict] = {}
    for line in lines:
        row = totals.setdefault(line.fund.source_type, {
            "source_type": line.fund.source_type,
            "label": SourceType(line.fund.source_type).label,
            "contributed": 0, "committed": 0, "paid": 0,
        })  # fmt: skip
        row["contributed"] += line.contributed
        row["committed"] += line.committed
        row["paid"] += line.paid
    return list(totals.values())


def _region_names(language: str) -> dict[str, str]:
    return {r.code: (r.name_ar if language == "ar" else r.name_fr) for r in Region.objects.all()}


def _net_by_region(kinds_in, kinds_out) -> dict[tuple[str, str], int]:
    """Net amounts of these transaction kinds per (source type, organization's region)."""
    net: dict[tuple[str, str], int] = defaultdict(int)
    rows = (
        LedgerTransaction.objects.filter(organization__isnull=False, reversed_by__isnull=True,
                                         kind__in=[*kinds_in, *kinds_out])
        .values_list("fund__source_type", "organization__province__region_id", "kind")
        .annotate(total=Sum("amount"))
    )  # fmt: skip
    for source, region, kind, total in rows:
        net[source, region] += total if kind in kinds_in else -total
    return net


def sankey(language: str) -> dict:
    """Nodes and links: source types → regions (what was committed there) → outcomes
    bought (what was paid for verified results), and what is committed but not yet paid."""
    regions = _region_names(language)
    committed = _net_by_region([TransactionKind.COMMITMENT], [TransactionKind.RELEASE])
    paid_for: dict[tuple[str, str], int] = defaultdict(int)
    lines = (
        ResultPayment.objects.filter(operation__state="executed")
        .values_list(
            "result__metric__contract__organization__province__region_id",
            "result__metric__definition_ar"
            if language == "ar"
            else "result__metric__definition_fr",
        )
        .annotate(total=Sum("amount"))
    )
    for region, outcome, total in lines:
        paid_for[region, outcome] += total
    links = []
    for (source, region), amount in sorted(committed.items()):
        if amount > 0:
            links.append({"source": str(SourceType(source).label), "target": regions[region],
                          "value": amount / 100})  # fmt: skip
    paid_by_region: dict[str, int] = defaultdict(int)
    for (region, outcome), amount in sorted(paid_for.items()):
        links.append({"source": regions[region], "target": outcome, "value": amount / 100})
        paid_by_region[region] += amount
    waiting = "ملتزم به، لم يؤد بعد" if language == "ar" else "Engagé, pas encore payé"
    for region in sorted({r for _s, r in committed}):
        rest = sum(v for (_s, r), v in committed.items() if r == region) - paid_by_region[region]
        if rest > 0:
            links.append({"source": regions[region], "target": waiting, "value": rest / 100})
    names = list(dict.fromkeys(n for link in links for n in (link["source"], link["target"])))
    return {"nodes": [{"name": n} for n in names], "links": links}


@dataclass(frozen=True)
class OutcomeCost:
    region: str
    outcome: str
    unit: str
    units: float
    paid: int

    @property
    def per_outcome(self) -> float:
        return self.paid / self.units if self.units else 0.0


def outcomes_per_dirham(language: str) -> list[OutcomeCost]:
    """Verified units bought and what was paid for them, per region and outcome."""
    regions = _region_names(language)
    definition = "definition_ar" if language == "ar" else "definition_fr"
    rows: dict[tuple[str, str, str], list] = {}
    lines = ResultPayment.objects.filter(operation__state="executed").select_related(
        "result__metric__contract__organization__province"
    )
    for line in lines:
        metric = line.result.metric
        key = (metric.contract.organization.province.region_id, getattr(metric, definition),
               metric.unit)  # fmt: skip
        row = rows.setdefault(key, [0.0, 0])
        row[0] += line.result.verified_value or 0
        row[1] += line.amount
    return [
        OutcomeCost(region=regions[r], outcome=o, unit=u, units=v[0], paid=v[1])
        for (r, o, u), v in sorted(rows.items())
    ]


def payments() -> list[LedgerTransaction]:
    return list(
        LedgerTransaction.objects.filter(kind=TransactionKind.PAYMENT, reversed_by__isnull=True)
        .select_related("fund", "organization__province", "operation__contract")
        .order_by("-id")[:200]
    )
