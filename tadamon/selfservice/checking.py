"""The declaration form's fields and their checks, from the registry's own rules.

What the page checks as a person types is what `file_declaration` will check
on submit: the figures are read by the service's own cleaning and judged by
`tadamon.registry.rules.declaration_errors`. The explanations beside each
field are written from the same rule tables and field names as the rules'
messages (Arabic and French, like every DomainError), so they cannot drift
apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from tadamon.errors import DomainError
from tadamon.registry.models import DECLARATION_FIGURES, Declaration, Organization
from tadamon.registry.rules import (
    DECLARATION_BOUNDS,
    FIELD_LABELS,
    NON_NEGATIVE,
    declaration_errors,
)
from tadamon.registry.services.declarations import MONEY_FIGURES, clean_figures

GROUPS = (
    (gettext_lazy("Members"), ("members_total", "members_women", "members_youth")),
    (
        gettext_lazy("Employees"),
        ("employees_permanent", "employees_seasonal", "employees_women"),
    ),
    (gettext_lazy("Money (dirhams)"), ("revenue_mad", "value_added_mad", "subsidies_mad")),
    (gettext_lazy("Beneficiaries"), ("beneficiaries_total", "beneficiaries_women")),
)


@dataclass
class FigureField:
    name: str
    label: str
    rules: list[str]
    value: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def input_mode(self) -> str:
        return "decimal" if self.name in MONEY_FIGURES else "numeric"


def _label(name: str) -> str:
    return str(Declaration._meta.get_field(name).verbose_name)


def _in_page_language(ar: str, fr: str) -> str:
    """Arabic, or French for a French or English page, as DomainError.message chooses."""
    language = translation.get_language() or "ar"
    return fr if language.startswith(("fr", "en")) else ar


def rules_of(name: str) -> list[str]:
    """The rules a figure must keep, in the words of the registry's error messages."""
    rules = []
    if name not in MONEY_FIGURES:
        rules.append(_in_page_language("عدد صحيح، 0 أو أكثر.", "Nombre entier, 0 ou plus."))
    elif name in NON_NEGATIVE:
        rules.append(
            _in_page_language(
                "مبلغ بالدرهم، 0 أو أكثر (مثلا 350000.50).",
                "Montant en dirhams, 0 ou plus (par exemple 350000.50).",
            )
        )
    else:
        rules.append(
            _in_page_language(
                "مبلغ بالدرهم؛ قد يكون سالبا (خسارة).",
                "Montant en dirhams ; il peut être négatif (perte).",
            )
        )
    for part, wholes in DECLARATION_BOUNDS:
        if part == name:
            whole_ar = " + ".join(FIELD_LABELS[w][0] for w in wholes)
            whole_fr = " + ".join(FIELD_LABELS[w][1] for w in wholes)
            rules.append(
                _in_page_language(
                    f"لا يمكن أن يتجاوز: {whole_ar}.", f"Ne peut pas dépasser : {whole_fr}."
                )
            )
    return rules


def typed_figures(data) -> dict[str, str]:
    """The figures as typed (surrounding spaces dropped; empty means not known)."""
    return {name: (data.get(name) or "").strip() for name in DECLARATION_FIGURES}


def saved_figures(declaration: Declaration | None) -> dict[str, str]:
    if declaration is None:
        return dict.fromkeys(DECLARATION_FIGURES, "")
    values = {name: getattr(declaration, name) for name in DECLARATION_FIGURES}
    return {name: "" if value is None else str(value) for name, value in values.items()}


def declaration_problems(
    organization: Organization, year: int, typed: dict[str, str]
) -> list[DomainError]:
    """Every rule the typed declaration breaks, each naming its field; nothing is written."""
    cleaned: dict = {}
    problems: list[DomainError] = []
    for name in DECLARATION_FIGURES:
        # One figure at a time, so every unreadable figure is reported, not only the first.
        try:
            cleaned[name] = clean_figures({name: typed.get(name)})[name]
        except DomainError as failure:
            problems.append(failure)
            cleaned[name] = None
    return problems + declaration_errors(year, cleaned, organization.founding_date)


def form_groups(
    typed: dict[str, str], problems: list[DomainError]
) -> tuple[list[tuple[str, list[FigureField]]], list[str]]:
    """The fields grouped as the page shows them, and the problems no field owns."""
    by_field: dict[str, list[str]] = {}
    general = []
    for problem in problems:
        if problem.field in DECLARATION_FIGURES:
            by_field.setdefault(problem.field, []).append(problem.message())
        else:
            general.append(problem.message())
    groups = [
        (
            str(title),
            [
                FigureField(
                    name,
                    capfirst(_label(name)),
                    rules_of(name),
                    typed.get(name, ""),
                    by_field.get(name, []),
                )
                for name in names
            ],
        )
        for title, names in GROUPS
    ]
    return groups, general
