"""Back-office forms. They show the services' own rule errors next to each field."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tadamon.errors import DomainError, ValidationFailed
from tadamon.registry.models import DECLARATION_FIGURES, Declaration, Membership, Organization
from tadamon.registry.rules import declaration_errors
from tadamon.registry.services import allowed_transitions
from tadamon.registry.services.organizations import (
    REGISTRAR_FIELDS,
    check_changes,
    check_new_organization,
)
from tadamon.registry.vocabulary import Status


def add_domain_errors(form: forms.BaseForm, failure: DomainError) -> None:
    """Put each DomainError next to its field (or on top of the form)."""
    errors = failure.errors if isinstance(failure, ValidationFailed) else [failure]
    for error in errors:
        field = error.field if error.field in form.fields else None
        form.add_error(field, ValidationError(error.message(), code=error.code))


class OrganizationForm(forms.ModelForm):
    website = forms.URLField(label=capfirst(_("website")), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        # Every field a registrar may set (the services' list); layout is in the admin's fieldsets.
        fields = [Organization._meta.get_field(name).name for name in REGISTRAR_FIELDS]
        widgets = {
            "name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar", "size": 50}),
            "name_fr": forms.TextInput(attrs={"dir": "ltr", "lang": "fr", "size": 50}),
            "activity": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def _post_clean(self):
        # The services decide; the model's own clean would only repeat part of it.
        if self.errors:
            return
        values = {name: self.cleaned_data.get(name) for name in self.fields}
        for name, value in list(values.items()):
            if value is None and isinstance(self.fields[name], forms.CharField):
                values[name] = ""
        try:
            if self.instance.pk is None:
                check_new_organization(self.actor, values)
            else:
                changes = {name: values[name] for name in self.changed_data}
                check_changes(self.actor, self.instance, changes)
        except DomainError as failure:
            add_domain_errors(self, failure)


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"))
    effective_on = forms.DateField(
        label=_("Effective on"),
        initial=dt.date.today,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required: the decision, the meeting or the document behind the change."),
    )

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Status.choices)
        self.fields["to_status"].choices = [
            (code, labels[code]) for code in allowed_transitions(organization.status)
        ]


class DeclarationInlineForm(forms.ModelForm):
    class Meta:
        model = Declaration
        fields = ["year", *DECLARATION_FIGURES]

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("year")
        organization = self.instance.organization if self.instance.organization_id else None
        if year and not self.errors:
            founded = organization.founding_date if organization else None
            figures = {name: cleaned.get(name) for name in DECLARATION_FIGURES}
            for error in declaration_errors(year, figures, founded):
                self.add_error(
                    error.field if error.field in self.fields else None,
                    ValidationError(error.message(), code=error.code),
                )
        return cleaned

    def validate_unique(self):
        # One declaration per year is handled by the service: a second one is a correction.
        return

    def clean_year(self):
        year = self.cleaned_data["year"]
        if self.instance.pk and year != self.instance.year:
            raise ValidationError(
                _("A filed declaration keeps its year: add a new row for another year."),
                code="year_fixed",
            )
        return year


class MembershipInlineForm(forms.ModelForm):
    """New rows join (and may end at once, for past memberships); saved rows may only end."""

    class Meta:
        model = Membership
        fields = ["union", "started_on", "ended_on"]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            if {"union", "started_on"} & set(self.changed_data):
                raise ValidationError(
                    _("A recorded membership cannot be rewritten: end it and add a new one."),
                    code="membership_fixed",
                )
            if "ended_on" in self.changed_data and self.instance.ended_on is not None:
                raise ValidationError(
                    _("This membership has already ended."), code="membership_ended"
                )
        return cleaned
