"""Public funding pages: where the money comes from and what it bought, and one payment
traced back to its source. Read-only; aggregates and grants are public (as in the
360Giving export), personal data is not shown."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from tadamon.funding import dashboard, services
from tadamon.funding.models import Funder, LedgerTransaction
from tadamon.funding.vocabulary import TransactionKind


def _language() -> str:
    return "ar" if (translation.get_language() or "ar").startswith("ar") else "fr"


@require_GET
def funding_dashboard(request):
    lines = dashboard.fund_lines()
    language = _language()
    return render(request, "funding/dashboard.html", {
        "lines": lines,
        "by_source": dashboard.totals_by_source(lines),
        "totals": {k: sum(getattr(line, k) for line in lines)
                   for k in ("contributed", "available", "committed", "paid", "endowment")},
        "sankey": dashboard.sankey(language),
        "outcomes": dashboard.outcomes_per_dirham(language),
        "payments": dashboard.payments(),
    })  # fmt: skip


@require_GET
def payment_trace(request, pk: int):
    payment = (
        LedgerTransaction.objects.filter(pk=pk, kind=TransactionKind.PAYMENT)
        .select_related("fund", "organization__province__region", "operation__contract")
        .first()
    )
    if payment is None:
        raise Http404
    traced = services.trace(payment)
    contract = traced.contract
    codes = [source["funder"] for source in traced.sources]
    funders = {f.code: f for f in Funder.objects.filter(code__in=codes)}
    context = {"payment": payment, "trace": traced, "contract": contract, "funders": funders}
    if contract is not None:
        application = contract.application
        context.update(
            application=application,
            call=application.call,
            evaluations=application.evaluations.count(),
            mean_score=_mean(application.evaluations.values_list("total", flat=True)),
            allocation=application.call.allocations.filter(grants__application=application).first(),
            metrics={m.code: m for m in contract.metrics.all()},
        )
    return render(request, "funding/trace.html", context)


def _mean(values) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None
