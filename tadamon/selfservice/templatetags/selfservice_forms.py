"""One way to draw a form field: label, input, the rule it must keep, its errors."""

from django import template

register = template.Library()


@register.simple_tag
def field_input(field) -> str:
    """The field's input, tied to its help and error texts for screen readers."""
    described = [f"error-{field.html_name}"]
    if field.help_text:
        described.insert(0, f"help-{field.html_name}")
    css = "form-select" if field.widget_type == "select" else "form-control"
    attrs = {
        "class": css + (" is-invalid" if field.errors else ""),
        "aria-describedby": " ".join(described),
    }
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)
