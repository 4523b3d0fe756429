"""Defining and refining indicators and validation rules: the observatory's writes.

Analysts define indicators (DESIGN.md); every definition and change is checked
(formulas parsed and their data elements resolved, disparities based on a
ratio) and recorded in the history in the same transaction.
"""

from __future__ import annotations

from typing import Any

from tadamon.accounts import scope
from tadamon.errors import DomainError, PermissionDeniedError, ValidationFailed
from tadamon.history.chain import Change, record, writes_history
from tadamon.observatory import engine
from tadamon.observatory.models import Indicator, Unit, ValidationRule
from tadamon.observatory.validation import check_rule_formula
from tadamon.registry.vocabulary import LegalForm

INDICATOR_FIELDS = (
    "code",
    "name_ar",
    "name_fr",
    "definition_ar",
    "definition_fr",
    "kind",
    "numerator",
    "denominator",
    "factor",
    "of_indicator",
    "unit",
    "decimals",
    "group",
)
RULE_FIELDS = ("code", "name_ar", "name_fr", "left", "operator", "right", "legal_form")


def require_analyst(user) -> None:
    if not scope.is_analyst(user):
        raise PermissionDeniedError(
            "تعريف المؤشرات وقواعد المراقبة من اختصاص المحللين",
            "Seuls les analystes définissent les indicateurs et les règles de validation",
        )


def _required(fields: dict[str, Any], name: str, ar: str, fr: str) -> DomainError | None:
    if str(fields.get(name) or "").strip():
        return None
    return DomainError(
        "required", f"الحقل «{ar}» إلزامي", f"Le champ « {fr} » est obligatoire", name
    )


def indicator_snapshot(indicator: Indicator) -> dict[str, Any]:
    snapshot = {
        name: getattr(indicator, name) for name in INDICATOR_FIELDS if name != "of_indicator"
    }
    snapshot["of_indicator"] = indicator.of_indicator.code if indicator.of_indicator else None
    return snapshot


def check_indicator(indicator: Indicator) -> None:
    """Every problem of the definition at once (ValidationFailed), or nothing."""
    errors = [
        e
        for e in (
            _required(vars(indicator), "code", "الرمز", "code"),
            _required(vars(indicator), "name_ar", "الاسم بالعربية", "nom en arabe"),
            _required(vars(indicator), "name_fr", "الاسم بالفرنسية", "nom en français"),
            _required(vars(indicator), "definition_ar", "التعريف بالعربية", "définition en arabe"),
            _required(
                vars(indicator), "definition_fr", "التعريف بالفرنسية", "définition en français"
            ),
        )
        if e
    ]
    if indicator.unit not in Unit.values:
        errors.append(DomainError("unit_unknown", "وحدة غير معروفة", "Unité inconnue", "unit"))
    if indicator.kind == Indicator.Kind.RATIO:
        for name in ("numerator", "denominator"):
            text = getattr(indicator, name)
            if name == "denominator" and not text.strip():
                continue
            try:
                engine.compile_formula(text)
            except DomainError as error:
                error.field = name
                errors.append(error)
        if indicator.of_indicator_id:
            indicator.of_indicator = None
    elif indicator.kind in (Indicator.Kind.CV, Indicator.Kind.THEIL):
        base = indicator.of_indicator
        if base is None or base.kind != Indicator.Kind.RATIO or not base.denominator.strip():
            errors.append(
                DomainError(
                    "disparity_needs_ratio",
                    "مؤشر التفاوت يحسب على مؤشر نسبة له بسط ومقام",
                    "Une disparité se calcule sur un indicateur de rapport ayant un numérateur "
                    "et un dénominateur",
                    "of_indicator",
                )
            )
        indicator.numerator = indicator.denominator = ""
    else:
        errors.append(DomainError("kind_unknown", "نوع غير معروف", "Type inconnu", "kind"))
    if errors:
        raise ValidationFailed(errors)


@writes_history
def define_indicator(actor, fields: dict[str, Any]) -> Indicator:
    """A new indicator, once its formulas are understood; the history records it."""
    require_analyst(actor)
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise DomainError(
            "field_unknown",
            f"حقل غير معروف: {sorted(unknown)[0]}",
            f"Champ inconnu : {sorted(unknown)[0]}",
            sorted(unknown)[0],
        )
    code = str(fields.get("code") or "").strip()
    if Indicator.objects.filter(code=code).exists():
        raise DomainError(
            "indicator_exists",
            f"يوجد مؤشر بالرمز «{code}»",
            f"Un indicateur porte déjà le code « {code} »",
            "code",
        )
    indicator = Indicator(**{**fields, "code": code})
    check_indicator(indicator)
    indicator.save()
    record(
        actor, Change("indicator:define", "indicator", code, None, indicator_snapshot(indicator))
    )
    return indicator


@writes_history
def update_indicator(actor, indicator: Indicator, changes: dict[str, Any]) -> Indicator:
    """Refine an indicator; its code stays (pages, API and targets name it)."""
    require_analyst(actor)
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if "code" in changes and changes["code"] != indicator.code:
        raise DomainError(
            "indicator_code_fixed",
            "لا يتغير رمز المؤشر: الصفحات والواجهة البرمجية والأهداف تشير إليه",
            "Le code d'un indicateur ne change pas : pages, API et cibles le citent",
            "code",
        )
    before = indicator_snapshot(indicator)
    for name, value in changes.items():
        if name not in INDICATOR_FIELDS:
            raise DomainError(
                "field_unknown", f"حقل غير معروف: {name}", f"Champ inconnu : {name}", name
            )
        setattr(indicator, name, value)
    if indicator.kind != Indicator.Kind.RATIO and indicator.disparities.exists():
        raise DomainError(
            "indicator_used_by_disparity",
            "مؤشرات تفاوت مبنية على هذا المؤشر: يبقى مؤشر نسبة",
            "Des disparités sont calculées sur cet indicateur : il reste un rapport",
            "kind",
        )
    check_indicator(indicator)
    indicator.save()
    after = indicator_snapshot(indicator)
    changed = {k: v for k, v in after.items() if before.get(k) != v}
    if changed:
        record(
            actor,
            Change(
                "indicator:update",
                "indicator",
                indicator.code,
                {k: before[k] for k in changed},
                changed,
            ),
        )
    return indicator


def rule_snapshot(rule: ValidationRule) -> dict[str, Any]:
    return {name: getattr(rule, name) for name in RULE_FIELDS}


def check_rule(rule: ValidationRule) -> None:
    """Both sides are formulas over the declaration's figures and the operator is known."""
    errors = []
    for side in ("left", "right"):
        limit = ValidationRule._meta.get_field(side).max_length
        if len(getattr(rule, side) or "") > limit:
            errors.append(
                DomainError(
                    "formula_too_long",
                    f"الصيغة أطول من {limit} حرف",
                    f"La formule dépasse {limit} caractères",
                    side,
                )
            )
            continue
        try:
            check_rule_formula(getattr(rule, side))
        except DomainError as error:
            error.field = side
            errors.append(error)
    if not str(rule.code or "").strip():
        errors.append(DomainError("required", "الرمز إلزامي", "Le code est obligatoire", "code"))
    if rule.legal_form and rule.legal_form not in LegalForm.values:
        errors.append(
            DomainError(
                "legal_form_unknown",
                "شكل قانوني غير معروف",
                "Forme juridique inconnue",
                "legal_form",
            )
        )
    if rule.operator not in ValidationRule.Operator.values:
        errors.append(
            DomainError(
                "operator_unknown", "عامل مقارنة غير معروف", "Opérateur inconnu", "operator"
            )
        )
    if errors:
        raise ValidationFailed(errors)


@writes_history
def save_rule(actor, rule: ValidationRule, changes: dict[str, Any]) -> ValidationRule:
    """Define (rule without pk) or change a validation rule, formulas checked."""
    require_analyst(actor)
    before = rule_snapshot(rule) if rule.pk else None
    for name, value in changes.items():
        if name not in RULE_FIELDS:
            raise DomainError(
                "field_unknown", f"حقل غير معروف: {name}", f"Champ inconnu : {name}", name
            )
        setattr(rule, name, value)
    check_rule(rule)
    rule.save()
    after = rule_snapshot(rule)
    action = "rule:update" if before else "rule:define"
    record(actor, Change(action, "validation_rule", rule.code, before, after))
    return rule
