"""The profile form: the fields a representative may change, as the model declares them.

The form only renders and reads the fields; the organizations service checks
permission and every rule and writes, so the form never saves a model.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.forms.models import fields_for_model

from tadamon.registry.models import Organization
from tadamon.registry.services.organizations import PROFILE_FIELDS


def _form_field(model_field: models.Field, **kwargs) -> forms.Field | None:
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"  # Django 6's default; "argan.ma" means https
    return model_field.formfield(**kwargs)


class ProfileForm(forms.Form):
    def __init__(self, *args, organization: Organization, **kwargs):
        initial = {name: getattr(organization, name) for name in PROFILE_FIELDS}
        super().__init__(*args, initial=initial, **kwargs)
        self.fields.update(
            fields_for_model(Organization, fields=PROFILE_FIELDS, formfield_callback=_form_field)
        )
        self.fields["activity"].widget.attrs["rows"] = 4
        for name in ("phone", "email", "website"):
            # Numbers and addresses read left to right even on an Arabic page.
            self.fields[name].widget.attrs["dir"] = "ltr"

    def changes(self) -> dict[str, Any]:
        """Only what the representative changed, so the history shows just that."""
        return {name: self.cleaned_data[name] for name in self.changed_data}
