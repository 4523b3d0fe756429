"""The funding API under /api/v1/funding/: funds, calls and payments traced back are public
(the same figures as the /funding/ page and the open data); applying, evaluating and
verifying take a token and go through the services, with their role rules.

Money is given in centimes (integers), as the ledger holds it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from tadamon.accounts import scope
from tadamon.api import auth
from tadamon.api.schemas import READ_FAILURES, WRITE_FAILURES, ErrorOut
from tadamon.errors import PermissionDeniedError
from tadamon.funding import dashboard, services
from tadamon.funding.models import Application, Call, LedgerTransaction, Result
from tadamon.funding.models.contracts import ResultState
from tadamon.funding.vocabulary import TransactionKind
from tadamon.registry.models import Organization

router = Router(tags=["funding"], auth=auth.READ)


class FundOut(Schema):
    code: str
    name_ar: str
    name_fr: str
    source_type: str
    quorum: int
    funders: list[str]
    contributed: int
    available: int
    endowment: int
    committed: int
    paid: int


class CallOut(Schema):
    code: str
    fund: str
    title_ar: str
    title_fr: str
    opens_on: str
    closes_on: str
    state: str
    budget: int
    legal_forms: list[str]
    regions: list[str]
    sectors: list[str]
    min_age_years: int
    declaration_required: bool
    partial_funding: bool
    criteria: list[dict[str, Any]]


class BudgetLine(Schema):
    label: str
    amount: int


class Outcome(Schema):
    indicator: str
    unit: str
    baseline: float
    target: float


class ApplicationIn(Schema):
    registry_id: str
    title: str
    budget_lines: list[BudgetLine]
    outcomes: list[Outcome]
    minimum: int | None = None


class ApplicationOut(Schema):
    id: int
    call: str
    registry_id: str
    title: str
    requested: int
    minimum: int | None
    state: str


class EvaluationIn(Schema):
    scores: dict[str, float]
    comment: str = ""


class EvaluationOut(Schema):
    id: int
    application: int
    total: float


class VerificationIn(Schema):
    decision: str
    value: float | None = None
    reason: str = ""


class ResultOut(Schema):
    id: int
    metric: str
    period: int
    reported_value: float
    state: str
    verified_value: float | None


@router.get("/funding/funds", response={200: list[FundOut], **READ_FAILURES},
            summary="Funds and their balances")  # fmt: skip
def list_funds(request: HttpRequest):
    return [
        {"code": line.fund.code, "name_ar": line.fund.name_ar, "name_fr": line.fund.name_fr,
         "source_type": line.fund.source_type, "quorum": line.fund.quorum,
         "funders": line.funders, "contributed": line.contributed, "available": line.available,
         "endowment": line.endowment, "committed": line.committed, "paid": line.paid}
        for line in dashboard.fund_lines()
    ]  # fmt: skip


def _call_out(call: Call) -> dict[str, Any]:
    return {
        "code": call.code, "fund": call.fund.code, "title_ar": call.title_ar,
        "title_fr": call.title_fr, "opens_on": str(call.opens_on),
        "closes_on": str(call.closes_on), "state": call.state, "budget": call.budget,
        "legal_forms": call.legal_forms, "regions": call.regions, "sectors": call.sectors,
        "min_age_years": call.min_age_years, "declaration_required": call.declaration_required,
        "partial_funding": call.partial_funding, "criteria": call.criteria,
    }  # fmt: skip


@router.get("/funding/calls", response={200: list[CallOut], **READ_FAILURES},
            summary="Calls for proposals")  # fmt: skip
def list_calls(request: HttpRequest):
    return [_call_out(c) for c in Call.objects.select_related("fund").order_by("-opens_on")]


@router.get("/funding/payments/{payment_id}", response={200: dict, 404: ErrorOut, **READ_FAILURES},
            summary="A payment traced back to its results, contract, call and sources")  # fmt: skip
def trace_payment(request: HttpRequest, payment_id: int):
    payment = get_object_or_404(LedgerTransaction, pk=payment_id, kind=TransactionKind.PAYMENT)
    traced = services.trace(payment)
    return {
        "id": payment.pk, "amount": payment.amount, "fund": traced.fund_code,
        "registry_id": payment.organization.registry_id if payment.organization else None,
        "recorded_at": payment.recorded_at.isoformat(), "call": traced.call_code,
        "contract": traced.contract.pk if traced.contract else None,
        "results": [{k: v for k, v in r.items() if k != "verified_by"} for r in traced.results],
        "sources": traced.sources,
    }  # fmt: skip


@router.post("/funding/calls/{code}/applications", auth=auth.WRITE,
             response={201: ApplicationOut, **WRITE_FAILURES},
             summary="Apply to a call (an organization's representative)")  # fmt: skip
def apply(request: HttpRequest, code: str, body: ApplicationIn):
    call = get_object_or_404(Call, code=code)
    organization = get_object_or_404(Organization, registry_id=body.registry_id)
    fields = body.dict()
    application = services.apply(request.auth, call, organization, fields)
    return Status(201, _application_out(application))


def _application_out(application: Application) -> dict[str, Any]:
    return {"id": application.pk, "call": application.call.code,
            "registry_id": application.organization.registry_id, "title": application.title,
            "requested": application.requested, "minimum": application.minimum,
            "state": application.state}  # fmt: skip


@router.get("/funding/evaluations/queue",
            response={200: list[ApplicationOut], 403: ErrorOut, **READ_FAILURES},
            summary="What the calling evaluator has to score")  # fmt: skip
def evaluation_queue(request: HttpRequest):
    if scope.role_of(request.auth) != "evaluator":
        raise PermissionDeniedError("هذه القائمة خاصة بالمقيّمين", "Réservé aux évaluateurs")
    return [_application_out(a) for a in services.queue(request.auth)]


@router.post("/funding/applications/{application_id}/evaluations", auth=auth.WRITE,
             response={201: EvaluationOut, **WRITE_FAILURES},
             summary="Score an application (an evaluator of its call)")  # fmt: skip
def evaluate(request: HttpRequest, application_id: int, body: EvaluationIn):
    application = get_object_or_404(Application, pk=application_id)
    evaluation = services.evaluate(request.auth, application, body.scores, body.comment)
    return Status(
        201, {"id": evaluation.pk, "application": application.pk, "total": evaluation.total}
    )


@router.get("/funding/results/queue",
            response={200: list[ResultOut], 403: ErrorOut, **READ_FAILURES},
            summary="Results awaiting the calling verifier")  # fmt: skip
def verification_queue(request: HttpRequest):
    if scope.role_of(request.auth) != "verifier":
        raise PermissionDeniedError("هذه القائمة خاصة بالمتحققين", "Réservé aux vérificateurs")
    waiting = (
        Result.objects.filter(state=ResultState.REPORTED, metric__contract__verifiers=request.auth)
        .select_related("metric", "period")
        .order_by("id")
    )
    return [_result_out(r) for r in waiting]


def _result_out(result: Result) -> dict[str, Any]:
    return {"id": result.pk, "metric": result.metric.code, "period": result.period.number,
            "reported_value": result.reported_value, "state": result.state,
            "verified_value": result.verified_value}  # fmt: skip


@router.post("/funding/results/{result_id}/verification", auth=auth.WRITE,
             response={200: ResultOut, **WRITE_FAILURES},
             summary="Accept, adjust or reject a result (an assigned verifier)")  # fmt: skip
def verify(request: HttpRequest, result_id: int, body: VerificationIn):
    result = get_object_or_404(Result, pk=result_id)
    verified = services.verify_result(request.auth, result, body.decision, value=body.value,
                                      reason=body.reason)  # fmt: skip
    return _result_out(verified)
