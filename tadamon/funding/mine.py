"""The organization's own funding page: open calls and whether it may apply (with each
rule it fails), its applications, its outcome contracts with their results, and a
form to report a result with its evidence. Representatives only, their own body."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tadamon.errors import DomainError
from tadamon.funding import services
from tadamon.funding.models import Call, LedgerTransaction, OutcomeContract, Result
from tadamon.funding.models.calls import CallState
from tadamon.funding.vocabulary import TransactionKind
from tadamon.selfservice.access import representative_required


@representative_required
@require_http_methods(["GET"])
def my_funding(request, organization):
    today = timezone.localdate()
    calls = Call.objects.filter(state=CallState.OPEN, opens_on__lte=today, closes_on__gte=today)
    contracts = (
        OutcomeContract.objects.filter(organization=organization)
        .select_related("application__call", "fund")
        .prefetch_related("metrics", "periods")
    )
    results: dict[int, dict[int, Result]] = {}
    for result in Result.objects.filter(metric__contract__organization=organization):
        results.setdefault(result.metric_id, {})[result.period_id] = result
    return render(request, "funding/mine.html", {
        "organization": organization,
        "calls": [(call, services.check_eligibility(call, organization)) for call in calls],
        "applications": organization.applications.select_related("call").order_by("-id"),
        "contracts": contracts,
        "results": results,
        "payments": LedgerTransaction.objects.filter(
            organization=organization, kind=TransactionKind.PAYMENT).order_by("-id"),
        "today": today,
    })  # fmt: skip


@representative_required
@require_http_methods(["POST"])
def report(request, organization, contract_id: int, metric_id: int, period_id: int):
    contract = get_object_or_404(OutcomeContract, pk=contract_id, organization=organization)
    metric = get_object_or_404(contract.metrics, pk=metric_id)
    period = get_object_or_404(contract.periods, pk=period_id)
    try:
        value = float(request.POST.get("value", "").replace(",", "."))
    except ValueError:
        messages.error(request, _("The value must be a number."))
        return redirect("funding:mine")
    try:
        evidence, note = request.FILES.get("evidence"), request.POST.get("note", "")
        services.report_result(request.user, metric, period, value, evidence, note)
    except DomainError as error:
        messages.error(request, error.message())
    else:
        messages.success(request, _("Result reported: a verifier will check it."))
    return redirect("funding:mine")
