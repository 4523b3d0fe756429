"""Outcome contracts: awarding one for an application, with its metrics, prices, caps,
periods, outcome payers and verifiers; the commitment of its cap goes through the
fund's quorum and earmarks like any other."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tadamon.accounts import scope
from tadamon.errors import DomainError, ValidationFailed
from tadamon.funding.access import require_fund_staff
from tadamon.funding.models import Application, OutcomeContract, OutcomeMetric, ReportingPeriod
from tadamon.funding.models.calls import ApplicationState
from tadamon.funding.models.contracts import ContractState
from tadamon.funding.services.operations import request_operation
from tadamon.funding.vocabulary import CostType, OperationState
from tadamon.history.chain import Change, record, writes_history


def _error(code: str, ar: str, fr: str, field: str) -> DomainError:
    return DomainError(code, ar, fr, field)


def _is_amount(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _metric_errors(metrics) -> list[DomainError]:
    if not isinstance(metrics, list) or not metrics:
        return [_error("metrics_required", "للعقد مؤشر نتيجة واحد على الأقل",
                       "Un contrat a au moins un indicateur de résultat", "metrics")]  # fmt: skip
    errors, codes = [], set()
    for n, metric in enumerate(metrics):
        metric = metric if isinstance(metric, dict) else {}
        where = f"metrics[{n}]"
        for key in ("code", "definition_ar", "definition_fr", "unit"):
            if not str(metric.get(key) or "").strip():
                errors.append(_error("required", f"المؤشر {n + 1}: الحقل {key} إلزامي",
                                     f"Indicateur {n + 1} : le champ {key} est obligatoire",
                                     f"{where}.{key}"))  # fmt: skip
        if metric.get("code") in codes:
            errors.append(_error("metric_code_repeated", f"المؤشر {n + 1}: رمز مكرر",
                                 f"Indicateur {n + 1} : code répété", f"{where}.code"))  # fmt: skip
        codes.add(metric.get("code"))
        if not (_is_number(metric.get("baseline")) and _is_number(metric.get("target"))):
            errors.append(_error("outcome_numbers", f"المؤشر {n + 1}: خط الأساس والهدف رقمان",
                                 f"Indicateur {n + 1} : la référence et la cible sont des nombres",
                                 f"{where}.target"))  # fmt: skip
        if not _is_amount(metric.get("price")):
            errors.append(_error("amount_invalid",
                                 f"المؤشر {n + 1}: ثمن الوحدة عدد صحيح موجب من السنتيمات",
                                 f"Indicateur {n + 1} : le prix unitaire est un nombre entier "
                                 f"positif de centimes", f"{where}.price"))  # fmt: skip
        if metric.get("cap") is not None and not _is_amount(metric.get("cap")):
            errors.append(_error("amount_invalid", f"المؤشر {n + 1}: السقف عدد صحيح موجب",
                                 f"Indicateur {n + 1} : le plafond est un entier positif",
                                 f"{where}.cap"))  # fmt: skip
    return errors


def _period_errors(periods, starts_on: dt.date, ends_on: dt.date) -> list[DomainError]:
    if not isinstance(periods, list) or not periods:
        return [_error("periods_required", "للعقد فترة تقرير واحدة على الأقل",
                       "Un contrat a au moins une période de rapport", "periods")]  # fmt: skip
    errors, previous_end = [], None
    for n, (start, end) in enumerate(periods):
        inside = starts_on <= start <= end <= ends_on
        ordered = previous_end is None or start > previous_end
        if not (inside and ordered):
            errors.append(_error(
                "period_invalid",
                f"الفترة {n + 1}: داخل مدة العقد، بعد الفترة السابقة، وبدايتها قبل نهايتها",
                f"Période {n + 1} : dans la durée du contrat, après la précédente, son début "
                f"avant sa fin", f"periods[{n}]",
            ))  # fmt: skip
        previous_end = end
    return errors


@writes_history
def award(
    actor,
    application: Application,
    *,
    payment_cap: int,
    starts_on: dt.date,
    ends_on: dt.date,
    metrics: list[dict[str, Any]],
    periods: list[tuple[dt.date, dt.date]],
    verifiers,
    outcome_payers,
    cost_type: str = CostType.ACTIVITY,
    beneficiary_categories: list[str] | None = None,
    theme: str = "",
) -> OutcomeContract:
    """An outcome contract for the application, and the commitment of its cap."""
    application = (
        Application.objects.select_for_update().select_related("call__fund").get(pk=application.pk)
    )
    fund = application.call.fund
    require_fund_staff(actor, fund)
    errors = _metric_errors(metrics) + _period_errors(periods, starts_on, ends_on)
    if application.state != ApplicationState.SUBMITTED:
        errors.append(_error("application_withdrawn", "سُحب هذا الترشح",
                             "Cette candidature est retirée", "application"))  # fmt: skip
    if OutcomeContract.objects.filter(application=application).exists():
        errors.append(_error("already_awarded", "لهذا الترشح عقد",
                             "Cette candidature a déjà un contrat", "application"))  # fmt: skip
    if not _is_amount(payment_cap) or payment_cap > application.requested:
        errors.append(_error(
            "cap_invalid", "سقف الأداء عدد صحيح موجب لا يتجاوز المبلغ المطلوب",
            "Le plafond de paiement est un entier positif qui ne dépasse pas le montant demandé",
            "payment_cap",
        ))  # fmt: skip
    verifiers, outcome_payers = list(verifiers), list(outcome_payers)
    if not verifiers or any(scope.role_of(v) != "verifier" for v in verifiers):
        errors.append(_error(
            "verifiers_invalid",
            "المتحققون مستخدمون بدور «متحقق»، لا الممول ولا الهيئة",
            "Les vérificateurs ont le rôle « vérificateur » : ni le bailleur ni l'organisation",
            "verifiers",
        ))  # fmt: skip
    funders = set(fund.funders.values_list("pk", flat=True))
    if not outcome_payers or any(p.pk not in funders for p in outcome_payers):
        errors.append(_error("outcome_payers_invalid",
                             "الدافعون مقابل النتائج من ممولي الصندوق",
                             "Les payeurs aux résultats sont des bailleurs du fonds",
                             "outcome_payers"))  # fmt: skip
    if errors:
        raise ValidationFailed(errors)
    commitment = request_operation(
        actor, "commitment", fund, application.organization, payment_cap, cost_type=cost_type,
        beneficiary_categories=beneficiary_categories, theme=theme,
        memo=f"عقد نتائج — contrat de résultats: {application.title}"[:300],
    )  # fmt: skip
    executed = commitment.state == OperationState.EXECUTED
    contract = OutcomeContract.objects.create(
        application=application, fund=fund, organization=application.organization,
        payment_cap=payment_cap, starts_on=starts_on, ends_on=ends_on, commitment=commitment,
        state=ContractState.ACTIVE if executed else ContractState.AWAITING_COMMITMENT,
    )  # fmt: skip
    contract.verifiers.set(verifiers)
    contract.outcome_payers.set(outcome_payers)
    for metric in metrics:
        OutcomeMetric.objects.create(
            contract=contract, **{k: metric.get(k) for k in (
                "code", "definition_ar", "definition_fr", "unit", "baseline", "target", "price",
                "cap")},
        )  # fmt: skip
    for number, (start, end) in enumerate(periods, start=1):
        ReportingPeriod.objects.create(contract=contract, number=number, starts_on=start,
                                       ends_on=end)  # fmt: skip
    record(actor, Change("funding:award", "outcome_contract", str(contract.pk), None, {
        "application": application.pk, "fund": fund.code, "organization": contract.organization_id,
        "payment_cap": payment_cap, "starts_on": str(starts_on), "ends_on": str(ends_on),
        "metrics": metrics, "periods": [[str(s), str(e)] for s, e in periods],
        "verifiers": sorted(v.get_username() for v in verifiers),
        "outcome_payers": sorted(p.code for p in outcome_payers), "commitment": commitment.pk,
        "state": contract.state,
    }))  # fmt: skip
    return contract
