"""The evaluator's and the verifier's queues as pages: what waits for them, and a form
for each item (scores per criterion; accept, adjust or reject with a reason). Logged-in
users of that role only; the services decide everything else (panel, conflicts,
assignment)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from tadamon.accounts import scope
from tadamon.errors import DomainError
from tadamon.funding import services
from tadamon.funding.models import Application, Result
from tadamon.funding.models.contracts import ResultState


def _role_page(request, role: str):
    """None when the user may see the page; otherwise the answer to give."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("selfservice:login"))
    if scope.role_of(request.user) != role:
        return render(request, "funding/not_your_queue.html", status=403)
    return None


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", "."))
    except (AttributeError, ValueError):
        return None


@never_cache
@require_http_methods(["GET"])
def evaluation_queue(request):
    if (refused := _role_page(request, "evaluator")) is not None:
        return refused
    return render(request, "funding/evaluate.html", {"queue": services.queue(request.user)})


@never_cache
@require_http_methods(["POST"])
def evaluate(request, application_id: int):
    if (refused := _role_page(request, "evaluator")) is not None:
        return refused
    application = get_object_or_404(Application, pk=application_id)
    scores = {c["code"]: _number(request.POST.get(f"score-{c['code']}", ""))
              for c in application.call.criteria}  # fmt: skip
    try:
        services.evaluate(request.user, application, scores, request.POST.get("comment", ""))
    except DomainError as error:
        messages.error(request, error.message())
    else:
        messages.success(request, _("Evaluation recorded."))
    return redirect("funding:evaluate")


@never_cache
@require_http_methods(["GET"])
def verification_queue(request):
    if (refused := _role_page(request, "verifier")) is not None:
        return refused
    waiting = (
        Result.objects.filter(state=ResultState.REPORTED, metric__contract__verifiers=request.user)
        .select_related("metric__contract__organization", "period")
        .order_by("id")
    )
    return render(request, "funding/verify.html", {"queue": waiting})


@never_cache
@require_http_methods(["POST"])
def verify(request, result_id: int):
    if (refused := _role_page(request, "verifier")) is not None:
        return refused
    result = get_object_or_404(Result, pk=result_id)
    decision = request.POST.get("decision", "")
    value = _number(request.POST.get("value", "")) if decision == "adjust" else None
    try:
        services.verify_result(request.user, result, decision, value=value,
                               reason=request.POST.get("reason", ""))  # fmt: skip
    except DomainError as error:
        messages.error(request, error.message())
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("funding:verify")


def evidence(request, result_id: int):
    """The evidence file, for the contract's verifiers and the organization only."""
    from django.http import FileResponse, Http404

    result = get_object_or_404(Result.objects.select_related("metric__contract"), pk=result_id)
    contract = result.metric.contract
    allowed = contract.verifiers.filter(pk=request.user.pk).exists() or (
        scope.is_representative_of(request.user, contract.organization)
    )
    if not request.user.is_authenticated or not allowed:
        raise Http404
    return FileResponse(result.evidence.open("rb"), filename=result.evidence.name.rsplit("/")[-1])
