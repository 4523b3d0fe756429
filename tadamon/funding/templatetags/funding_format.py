"""Amounts in centimes as a reader expects them: whole dirhams, grouped, with the currency."""

from __future__ import annotations

from django import template
from django.utils import translation

from tadamon.observatory.templatetags.observatory_format import format_number

register = template.Library()


@register.filter
def mad(centimes: int | None) -> str:
    """12345678 → `123,457 درهم` / `123 457 MAD` (rounded to the dirham for reading)."""
    if centimes is None:
        return "—"
    arabic = (translation.get_language() or "ar").startswith("ar")
    return f"{format_number(centimes / 100, 0)}\u00a0{'درهم' if arabic else 'MAD'}"


@register.filter
def number(value: float | None, decimals: int = 0) -> str:
    return "—" if value is None else format_number(value, decimals)


@register.filter
def by_language(obj, field: str) -> str:
    """obj.<field>_ar or obj.<field>_fr, as the page's language asks."""
    arabic = (translation.get_language() or "ar").startswith("ar")
    name = f"{field}_{'ar' if arabic else 'fr'}"
    return obj.get(name, "") if isinstance(obj, dict) else getattr(obj, name)


@register.filter
def get_item(mapping: dict | None, key):
    return mapping.get(key) if mapping else None
