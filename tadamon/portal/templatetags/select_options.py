"""`<option>` lists written in Python: a directory page has some 130 options, and
Django's template loop over them was a third of the page's rendering time."""

from collections.abc import Sequence

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

register = template.Library()


def _options(choices: Sequence[tuple[str, str]], selected: str) -> SafeString:
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((code, " selected" if code == selected else "", label) for code, label in choices),
    )


@register.simple_tag
def options(choices: Sequence[tuple[str, str]], selected: str = "") -> SafeString:
    """The options of (value, label) pairs, the selected one marked."""
    return _options(choices, selected)


@register.simple_tag
def grouped_options(
    groups: Sequence[tuple[str, Sequence[tuple[str, str]]]], selected: str = ""
) -> SafeString:
    """Options in `<optgroup>`s: (group label, [(value, label), ...]) pairs."""
    return format_html_join(
        "",
        '<optgroup label="{}">{}</optgroup>',
        ((label, _options(choices, selected)) for label, choices in groups),
    )
