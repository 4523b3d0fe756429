"""Validation rules over declarations and the violation report per territory.

A rule compares two formulas over one declaration's figures (`members_women <=
members_total`). The services already refuse a declaration that breaks the
registry's hard rules; these are the analysts' plausibility checks, run over
every declaration of a year at once: each rule is compiled to SQL (from the
parsed formula, never from its text) and counted per province. A rule whose
figures are not all filled is not checked on that declaration.

Completeness (the share of organizations on the register that filed) is the
built-in indicator `declarations_completeness`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection

from tadamon.errors import DomainError
from tadamon.observatory import engine
from tadamon.observatory.expressions import Element, parse, to_sql
from tadamon.observatory.models import ValidationRule
from tadamon.registry.models import DECLARATION_FIGURES, Declaration, Organization


def _column(element: Element) -> str:
    if element.name not in DECLARATION_FIGURES or element.selectors:
        raise DomainError(
            "rule_unknown_figure",
            f"«{element.text()}» ليس رقما من أرقام التصريح ({', '.join(DECLARATION_FIGURES)})",
            f"« {element.text()} » n'est pas un chiffre de la déclaration "
            f"({', '.join(DECLARATION_FIGURES)})",
            "formula",
        )
    return f"d.{element.name}"


def check_rule_formula(text: str) -> str:
    """The formula as SQL over the declaration `d`, or a bilingual error."""
    return to_sql(parse(text), _column)


@dataclass
class RuleReport:
    rule: ValidationRule
    checked: int = 0
    violations: int = 0
    by_territory: dict[str, int] = field(default_factory=dict)


def violations(year: int, territory: str = "MA") -> list[RuleReport]:
    """For each rule, the declarations of the year it could check and those breaking it,
    in total and per province (and region) of the territory."""
    engine.check_territory(territory)
    provinces = engine.provinces_of(territory)
    _regions, region_of = engine.hierarchy()
    reports = []
    marks = ", ".join(["%s"] * len(provinces))
    for rule in ValidationRule.objects.all():
        left = check_rule_formula(rule.left)
        right = check_rule_formula(rule.right)
        operator = "=" if rule.operator == "==" else rule.operator
        form_filter = " AND o.legal_form = %s" if rule.legal_form else ""
        sql = f"""
            SELECT o.province_id,
                   SUM(CASE WHEN ({left}) IS NOT NULL AND ({right}) IS NOT NULL
                            THEN 1 ELSE 0 END),
                   SUM(CASE WHEN NOT (({left}) {operator} ({right})) THEN 1 ELSE 0 END)
            FROM {Declaration._meta.db_table} d
            JOIN {Organization._meta.db_table} o ON o.id = d.organization_id
            WHERE d.year = %s AND o.status <> 'merged' AND o.province_id IN ({marks}){form_filter}
            GROUP BY o.province_id
        """
        params = [year, *provinces] + ([rule.legal_form] if rule.legal_form else [])
        report = RuleReport(rule)
        by_territory: dict[str, int] = defaultdict(int)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for province, checked, broken in cursor.fetchall():
                report.checked += int(checked or 0)
                report.violations += int(broken or 0)
                if broken:
                    by_territory[province] += int(broken)
                    by_territory[region_of[province]] += int(broken)
        report.by_territory = dict(by_territory)
        reports.append(report)
    return reports
