"""Thousands separators that suit each language.

Arabic pages keep Western digits, as Moroccan administrations print them.
"""

from django import template
from django.utils import translation

register = template.Library()


@register.filter
def grouped(value) -> str:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return str(value)
    separator = "\u202f" if (translation.get_language() or "").startswith("fr") else ","
    return f"{number:,}".replace(",", separator)
