"""Calls for proposals and applications to them.

A fund's staff open a call with its rules; an organization's representative
applies for its own organization, and the registry decides eligibility
(tadamon.funding.eligibility). Every problem of an application is reported at
once, with the field it concerns (`budget_lines[2].amount`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError
from django.utils import timezone

from tadamon.accounts import scope
from tadamon.errors import DomainError, PermissionDeniedError, ValidationFailed
from tadamon.funding.access import require_fund_staff
from tadamon.funding.eligibility import eligibility_errors
from tadamon.funding.models import Application, Call, Fund
from tadamon.funding.models.calls import ApplicationState, CallState
from tadamon.funding.services.funds import locked_fund
from tadamon.history.chain import Change, record, writes_history
from tadamon.registry.models import Organization

CALL_FIELDS = (
    "code", "title_ar", "title_fr", "description_ar", "description_fr", "opens_on", "closes_on",
    "budget", "legal_forms", "regions", "sectors", "min_age_years", "declaration_required",
    "criteria", "partial_funding", "evaluations_needed", "disagreement_threshold",
    "min_underserved_share", "max_region_share",
)  # fmt: skip


def _error(code: str, ar: str, fr: str, field: str) -> DomainError:
    return DomainError(code, ar, fr, field)


def _is_amount(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _call_errors(fields: dict[str, Any]) -> list[DomainError]:
    errors = [
        _error("required", f"الحقل {name} إلزامي", f"Le champ {name} est obligatoire", name)
        for name in ("code", "title_ar", "title_fr", "opens_on", "closes_on", "budget")
        if fields.get(name) in (None, "")
    ]
    opens, closes = fields.get("opens_on"), fields.get("closes_on")
    if isinstance(opens, dt.date) and isinstance(closes, dt.date) and closes < opens:
        errors.append(_error("call_dates", "تاريخ الإغلاق قبل تاريخ الافتتاح",
                             "La clôture précède l'ouverture", "closes_on"))  # fmt: skip
    if fields.get("budget") is not None and not _is_amount(fields.get("budget")):
        errors.append(_error("amount_invalid", "الميزانية عدد صحيح موجب من السنتيمات",
                             "Le budget est un nombre entier positif de centimes",
                             "budget"))  # fmt: skip
    for name in ("min_underserved_share", "max_region_share"):
        share = fields.get(name)
        if share is not None and (isinstance(share, bool) or not isinstance(share, int | float)
                                  or not 0 <= share <= 1):  # fmt: skip
            errors.append(_error("share_invalid", "الحصة بين 0 و1", "La part est entre 0 et 1",
                                 name))  # fmt: skip
    needed = fields.get("evaluations_needed", 2)
    if isinstance(needed, bool) or not isinstance(needed, int) or needed < 1:
        errors.append(_error("evaluations_needed_invalid", "عدد التقييمات عدد صحيح موجب",
                             "Le nombre d'évaluations est un entier positif",
                             "evaluations_needed"))  # fmt: skip
    for n, criterion in enumerate(fields.get("criteria") or []):
        weight = criterion.get("weight") if isinstance(criterion, dict) else None
        names = isinstance(criterion, dict) and all(
            str(criterion.get(k) or "").strip() for k in ("code", "name_ar", "name_fr")
        )
        if not names or not isinstance(weight, int | float) or weight <= 0:
            errors.append(_error(
                "criterion_invalid",
                f"المعيار رقم {n + 1}: رمز واسم بالعربية والفرنسية ووزن موجب",
                f"Critère n° {n + 1} : un code, un nom en arabe et en français, un poids positif",
                f"criteria[{n}]",
            ))  # fmt: skip
    return errors


@writes_history
def open_call(actor, fund: Fund, fields: dict[str, Any]) -> Call:
    fund = locked_fund(fund)
    require_fund_staff(actor, fund)
    errors = _call_errors(fields)
    if errors:
        raise ValidationFailed(errors)
    values = {name: fields[name] for name in CALL_FIELDS if name in fields}
    try:
        call = Call.objects.create(fund=fund, created_by=actor, **values)
    except IntegrityError:
        raise DomainError("code_taken", "رمز طلب العروض مستعمل", "Ce code d'appel est déjà pris",
                          "code") from None  # fmt: skip
    after = {name: getattr(call, name) for name in CALL_FIELDS}
    after.update(fund=fund.code, opens_on=str(call.opens_on), closes_on=str(call.closes_on))
    record(actor, Change("funding:open_call", "call", str(call.pk), None, after))
    return call


@writes_history
def close_call(actor, call: Call) -> Call:
    call = Call.objects.select_for_update().get(pk=call.pk)
    require_fund_staff(actor, call.fund)
    call.state = CallState.CLOSED
    call.save(update_fields=["state"])
    record(actor, Change("funding:close_call", "call", str(call.pk), {"state": "open"},
                         {"state": "closed"}))  # fmt: skip
    return call


def _budget_errors(lines) -> tuple[list[DomainError], int]:
    if not isinstance(lines, list) or not lines:
        return [_error("budget_lines_required", "أضف سطرا واحدا على الأقل في الميزانية",
                       "Ajoutez au moins une ligne de budget", "budget_lines")], 0  # fmt: skip
    errors, total = [], 0
    for n, line in enumerate(lines):
        line = line if isinstance(line, dict) else {}
        if not str(line.get("label") or "").strip():
            errors.append(_error("required", f"سطر الميزانية {n + 1}: البيان إلزامي",
                                 f"Ligne de budget {n + 1} : le libellé est obligatoire",
                                 f"budget_lines[{n}].label"))  # fmt: skip
        if _is_amount(line.get("amount")):
            total += line["amount"]
        else:
            errors.append(_error("amount_invalid",
                                 f"سطر الميزانية {n + 1}: المبلغ عدد صحيح موجب من السنتيمات",
                                 f"Ligne de budget {n + 1} : le montant est un nombre entier "
                                 f"positif de centimes", f"budget_lines[{n}].amount"))  # fmt: skip
    return errors, total


def _outcome_errors(outcomes) -> list[DomainError]:
    if not isinstance(outcomes, list) or not outcomes:
        return [_error("outcomes_required", "أضف نتيجة منتظرة واحدة على الأقل بمؤشرها",
                       "Ajoutez au moins un résultat attendu avec son indicateur",
                       "outcomes")]  # fmt: skip
    errors = []
    for n, outcome in enumerate(outcomes):
        outcome = outcome if isinstance(outcome, dict) else {}
        for key in ("indicator", "unit"):
            if not str(outcome.get(key) or "").strip():
                errors.append(_error("required", f"النتيجة {n + 1}: الحقل {key} إلزامي",
                                     f"Résultat {n + 1} : le champ {key} est obligatoire",
                                     f"outcomes[{n}].{key}"))  # fmt: skip
        numbers = [outcome.get(k) for k in ("baseline", "target")]
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in numbers):
            errors.append(_error("outcome_numbers", f"النتيجة {n + 1}: خط الأساس والهدف رقمان",
                                 f"Résultat {n + 1} : la référence et la cible sont des nombres",
                                 f"outcomes[{n}].target"))  # fmt: skip
        elif numbers[0] == numbers[1]:
            errors.append(_error("outcome_no_change", f"النتيجة {n + 1}: الهدف يساوي خط الأساس",
                                 f"Résultat {n + 1} : la cible égale la référence",
                                 f"outcomes[{n}].target"))  # fmt: skip
    return errors


def _open_errors(call: Call, today: dt.date) -> list[DomainError]:
    if call.state != CallState.OPEN or not call.opens_on <= today <= call.closes_on:
        return [_error(
            "call_not_open",
            f"طلب العروض غير مفتوح (من {call.opens_on} إلى {call.closes_on})",
            f"L'appel n'est pas ouvert (du {call.opens_on} au {call.closes_on})", "call",
        )]  # fmt: skip
    return []


@writes_history
def apply(actor, call: Call, organization: Organization, fields: dict[str, Any]) -> Application:
    """An organization's application, by its representative; every problem at once."""
    organization = Organization.objects.select_related("province").get(pk=organization.pk)
    if not scope.is_representative_of(actor, organization):
        raise PermissionDeniedError(
            "يترشح ممثل الهيئة باسم هيئته فقط",
            "Seul le représentant d'une organisation la porte candidate",
        )
    call = Call.objects.select_for_update().get(pk=call.pk)
    today = timezone.localdate()
    errors = _open_errors(call, today) + eligibility_errors(call, organization, today)
    if not str(fields.get("title") or "").strip():
        errors.append(_error("required", "عنوان المشروع إلزامي",
                             "Le titre du projet est obligatoire", "title"))  # fmt: skip
    budget_errors, requested = _budget_errors(fields.get("budget_lines"))
    errors += budget_errors + _outcome_errors(fields.get("outcomes"))
    minimum = fields.get("minimum")
    if minimum is not None and (not call.partial_funding or not _is_amount(minimum)
                                or minimum > requested):  # fmt: skip
        errors.append(_error(
            "minimum_invalid",
            "أدنى مبلغ مفيد لا يقبل إلا إذا سمح الطلب بالتمويل الجزئي، ولا يتجاوز المبلغ المطلوب",
            "Un montant minimal n'est admis que si l'appel permet un financement partiel, "
            "et ne dépasse pas le montant demandé", "minimum",
        ))  # fmt: skip
    if Application.objects.filter(call=call, organization=organization).exists():
        errors.append(_error("already_applied", "سبق للهيئة أن ترشحت لهذا الطلب",
                             "L'organisation a déjà candidaté à cet appel", "call"))  # fmt: skip
    if errors:
        raise ValidationFailed(errors)
    application = Application.objects.create(
        call=call, organization=organization, title=fields["title"].strip(),
        budget_lines=fields["budget_lines"], requested=requested, minimum=minimum,
        outcomes=fields["outcomes"], submitted_by=actor,
    )  # fmt: skip
    after = {"call": call.code, "organization": organization.pk, "title": application.title,
             "budget_lines": application.budget_lines, "requested": requested,
             "minimum": minimum, "outcomes": application.outcomes}  # fmt: skip
    record(actor, Change("funding:apply", "application", str(application.pk), None, after))
    return application


@writes_history
def withdraw(actor, application: Application, reason: str = "") -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not scope.is_representative_of(actor, application.organization):
        raise PermissionDeniedError(
            "يسحب الترشحَ ممثل الهيئة فقط",
            "Seul le représentant de l'organisation retire sa candidature",
        )
    if application.state == ApplicationState.WITHDRAWN:
        raise DomainError("already_withdrawn", "سبق سحب هذا الترشح",
                          "Cette candidature est déjà retirée", None)  # fmt: skip
    application.state = ApplicationState.WITHDRAWN
    application.save(update_fields=["state"])
    record(actor, Change("funding:withdraw", "application", str(application.pk),
                         {"state": "submitted"}, {"state": "withdrawn"}, reason))  # fmt: skip
    return application


def check_eligibility(call: Call, organization: Organization) -> list[DomainError]:
    """For the pages: the rules the organization fails today (read-only)."""
    return _open_errors(call, timezone.localdate()) + eligibility_errors(call, organization)
