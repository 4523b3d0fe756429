"""An indicator's value as a reader expects it: grouped digits, its decimals, its unit."""

from __future__ import annotations

from django import template
from django.utils import translation

from tadamon.observatory.models import Indicator, Unit

register = template.Library()


def format_number(value: float, decimals: int) -> str:
    french = (translation.get_language() or "").startswith("fr")
    text = f"{value:,.{decimals}f}"
    if french:  # 1 234,5: narrow no-break space for thousands, comma for decimals
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


@register.filter
def indicator_value(value: float | None, indicator: Indicator) -> str:
    """`12.4 %`, `3,120`, `45,000,000 MAD`, or an em dash when there is no value."""
    if value is None:
        return "—"
    text = format_number(value, indicator.decimals)
    arabic = (translation.get_language() or "ar").startswith("ar")
    if indicator.unit == Unit.PERCENT:
        return f"{text}\u00a0%"
    if indicator.unit == Unit.MAD:
        return f"{text}\u00a0{'درهم' if arabic else 'MAD'}"
    return text


@register.filter
def growth_percent(rate: float | None) -> str:
    """A yearly growth rate (0.052) as `+5.2 %`."""
    if rate is None:
        return "—"
    sign = "+" if rate >= 0 else "−"
    return f"{sign}{format_number(abs(rate) * 100, 1)}\u00a0%"


@register.filter
def note_text(note: str) -> str:
    from tadamon.observatory.notes import explain

    return explain(note)
