"""Evaluation of applications: evaluators, declared conflicts, scores, the queue and the ranking.

Each criterion of the call is scored from 0 to 10; an evaluation's total is the
weighted mean scaled to 100. An application needs the call's number of
evaluations; when their totals lie further apart than the call's threshold,
it needs one more (a third opinion, or one more than the number asked). The
ranking orders the applications whose evaluations are complete by their mean
total.
"""

from __future__ import annotations

from dataclasses import dataclass

from tadamon.accounts import scope
from tadamon.errors import DomainError, PermissionDeniedError, ValidationFailed
from tadamon.funding.access import require_fund_staff
from tadamon.funding.models import Application, Call, Conflict, Evaluation
from tadamon.funding.models.calls import ApplicationState
from tadamon.history.chain import Change, record, writes_history


def _require_evaluator(user) -> None:
    if scope.role_of(user) != "evaluator":
        raise PermissionDeniedError("هذا الإجراء خاص بالمقيّمين", "Réservé aux évaluateurs")


@writes_history
def assign_evaluators(actor, call: Call, evaluators) -> Call:
    require_fund_staff(actor, call.fund)
    evaluators = list(evaluators)
    wrong = [u.get_username() for u in evaluators if scope.role_of(u) != "evaluator"]
    if wrong:
        raise DomainError(
            "not_an_evaluator", f"ليسوا مقيّمين: {'، '.join(wrong)}",
            f"Ne sont pas évaluateurs : {', '.join(wrong)}", "evaluators",
        )  # fmt: skip
    before = sorted(call.evaluators.values_list("username", flat=True))
    call.evaluators.add(*evaluators)
    after = sorted(call.evaluators.values_list("username", flat=True))
    record(actor, Change("funding:assign_evaluators", "call", str(call.pk),
                         {"evaluators": before}, {"evaluators": after}))  # fmt: skip
    return call


@writes_history
def declare_conflict(actor, *, region=None, organization=None, reason: str) -> Conflict:
    """An evaluator declares a conflict with a region or an organization."""
    _require_evaluator(actor)
    if (region is None) == (organization is None):
        raise DomainError(
            "conflict_target", "حدد جهة أو هيئة واحدة", "Indiquez une région ou une organisation",
            "region",
        )  # fmt: skip
    if not reason.strip():
        raise DomainError("reason_required", "السبب إلزامي", "Le motif est obligatoire", "reason")
    conflict = Conflict.objects.create(
        evaluator=actor, region=region, organization=organization, reason=reason
    )
    record(actor, Change("funding:declare_conflict", "conflict", str(conflict.pk), None, {
        "region": getattr(region, "pk", None), "organization": getattr(organization, "pk", None),
        "reason": reason,
    }))  # fmt: skip
    return conflict


def is_conflicted(evaluator, application: Application) -> bool:
    organization = application.organization
    return (
        Conflict.objects.filter(evaluator=evaluator).filter(organization=organization).exists()
        or Conflict.objects.filter(
            evaluator=evaluator, region_id=organization.province.region_id
        ).exists()
    )


@dataclass(frozen=True)
class Status:
    evaluations: int
    required: int
    mean: float | None
    spread: float
    disputed: bool

    @property
    def complete(self) -> bool:
        return self.evaluations >= self.required


def status(application: Application) -> Status:
    call = application.call
    totals = list(application.evaluations.values_list("total", flat=True))
    spread = max(totals) - min(totals) if totals else 0.0
    disputed = len(totals) >= call.evaluations_needed and spread > call.disagreement_threshold
    return Status(
        evaluations=len(totals),
        required=call.evaluations_needed + (1 if disputed else 0),
        mean=sum(totals) / len(totals) if totals else None,
        spread=spread,
        disputed=disputed,
    )


def weighted_total(call: Call, scores: dict) -> float:
    weights = {c["code"]: float(c["weight"]) for c in call.criteria}
    return 10.0 * sum(weights[k] * float(scores[k]) for k in weights) / sum(weights.values())


def _score_errors(call: Call, scores) -> list[DomainError]:
    scores = scores if isinstance(scores, dict) else {}
    errors = []
    for criterion in call.criteria:
        value = scores.get(criterion["code"])
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 10:
            errors.append(DomainError(
                "score_invalid",
                f"معيار «{criterion['name_ar']}»: نقطة بين 0 و10",
                f"Critère « {criterion['name_fr']} » : une note entre 0 et 10",
                f"scores.{criterion['code']}",
            ))  # fmt: skip
    unknown = sorted(set(scores) - {c["code"] for c in call.criteria})
    if unknown:
        errors.append(DomainError(
            "criterion_unknown", f"معايير غير موجودة في الطلب: {'، '.join(unknown)}",
            f"Critères absents de l'appel : {', '.join(unknown)}", "scores",
        ))  # fmt: skip
    return errors


@writes_history
def evaluate(actor, application: Application, scores: dict, comment: str = "") -> Evaluation:
    _require_evaluator(actor)
    application = (
        Application.objects.select_for_update()
        .select_related("call", "organization__province")
        .get(pk=application.pk)
    )
    call = application.call
    if not call.evaluators.filter(pk=actor.pk).exists():
        raise PermissionDeniedError("لست من مقيّمي طلب العروض هذا", "Vous n'évaluez pas cet appel")
    if is_conflicted(actor, application):
        raise PermissionDeniedError(
            "صرحت بتضارب مصالح مع هذه الهيئة أو جهتها: لا تقيّم ترشحها",
            "Vous avez déclaré un conflit d'intérêts avec cette organisation ou sa région : "
            "vous ne l'évaluez pas",
            code="evaluation_conflict",
        )
    if application.state != ApplicationState.SUBMITTED:
        raise DomainError("application_withdrawn", "سُحب هذا الترشح",
                          "Cette candidature est retirée", None)  # fmt: skip
    if application.evaluations.filter(evaluator=actor).exists():
        raise DomainError("already_evaluated", "سبق أن قيّمت هذا الترشح",
                          "Vous avez déjà évalué cette candidature", None)  # fmt: skip
    if status(application).complete:
        raise DomainError("evaluation_not_needed", "اكتمل تقييم هذا الترشح",
                          "Cette candidature a toutes ses évaluations", None)  # fmt: skip
    errors = _score_errors(call, scores)
    if errors:
        raise ValidationFailed(errors)
    evaluation = Evaluation.objects.create(
        application=application, evaluator=actor, scores=scores,
        total=round(weighted_total(call, scores), 4), comment=comment,
    )  # fmt: skip
    record(actor, Change("funding:evaluate", "evaluation", str(evaluation.pk), None, {
        "application": application.pk, "scores": scores, "total": evaluation.total,
    }, comment))  # fmt: skip
    return evaluation


def queue(evaluator) -> list[Application]:
    """What the evaluator has to score: applications of their calls still needing an
    evaluation, not theirs already, never one they declared a conflict with."""
    candidates = (
        Application.objects.filter(call__evaluators=evaluator, state=ApplicationState.SUBMITTED)
        .exclude(evaluations__evaluator=evaluator)
        .select_related("call", "organization__province")
        .order_by("id")
    )
    waiting = [a for a in candidates if not is_conflicted(evaluator, a) and not status(a).complete]
    return sorted(waiting, key=lambda a: (status(a).evaluations, a.pk))


@dataclass(frozen=True)
class Ranked:
    application: Application
    status: Status


def ranking(call: Call) -> list[Ranked]:
    """Applications with complete evaluations, best mean first (ties: smaller request
    first, then the earlier application); the others after, in order of filing."""
    applications = call.applications.filter(state=ApplicationState.SUBMITTED).select_related(
        "organization__province"
    )
    ranked = [Ranked(a, status(a)) for a in applications]
    done = sorted(
        (r for r in ranked if r.status.complete),
        key=lambda r: (-r.status.mean, r.application.requested, r.application.pk),
    )
    waiting = sorted((r for r in ranked if not r.status.complete), key=lambda r: r.application.pk)
    return done + waiting
