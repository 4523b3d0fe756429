"""Back office for analysts: indicators and validation rules, written through the services.

Analysts define and refine them; everyone with back-office access may read
them. Nothing is deleted (pages, API and targets name indicators by code), and
reference figures and targets are data loaded from their sources, read-only here.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin

from tadamon.accounts import scope
from tadamon.errors import DomainError
from tadamon.history.admin import HistoryIsTheLog
from tadamon.observatory import services
from tadamon.observatory.models import Indicator, ReferenceValue, Target, ValidationRule
from tadamon.registry.admin.forms import add_domain_errors


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = list(services.INDICATOR_FIELDS)
        widgets = {
            "name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar", "size": 60}),
            "definition_ar": forms.Textarea(attrs={"dir": "rtl", "lang": "ar", "rows": 3}),
            "definition_fr": forms.Textarea(attrs={"rows": 3}),
            "numerator": forms.TextInput(attrs={"dir": "ltr", "size": 70}),
            "denominator": forms.TextInput(attrs={"dir": "ltr", "size": 70}),
        }

    def _post_clean(self):
        # The service's checks (formulas parsed, elements known), shown next to each field.
        super()._post_clean()
        if self.errors:
            return
        try:
            services.check_indicator(self.instance)
        except DomainError as failure:
            add_domain_errors(self, failure)


class AnalystsWrite:
    def has_module_permission(self, request):
        return scope.role_of(request.user) is not None

    def has_view_permission(self, request, obj=None):
        return scope.role_of(request.user) is not None

    def has_add_permission(self, request):
        return scope.is_analyst(request.user)

    def has_change_permission(self, request, obj=None):
        return scope.is_analyst(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Indicator)
class IndicatorAdmin(HistoryIsTheLog, AnalystsWrite, admin.ModelAdmin):
    form = IndicatorForm
    list_display = ("code", "name_ar", "name_fr", "kind", "numerator", "denominator", "factor")
    list_filter = ("group", "kind", "built_in")
    search_fields = ("code", "name_ar", "name_fr")

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj is not None else ()

    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data.get(name) for name in form.fields}
        if change:
            changed = {name: values[name] for name in form.changed_data if name in values}
            saved = services.update_indicator(request.user, obj, changed)
        else:
            saved = services.define_indicator(request.user, values)
        obj.pk = saved.pk
        obj.refresh_from_db()


class RuleForm(forms.ModelForm):
    class Meta:
        model = ValidationRule
        fields = list(services.RULE_FIELDS)
        widgets = {
            "name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar", "size": 60}),
            "left": forms.TextInput(attrs={"dir": "ltr", "size": 60}),
            "right": forms.TextInput(attrs={"dir": "ltr", "size": 60}),
        }

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        try:
            services.check_rule(self.instance)
        except DomainError as failure:
            add_domain_errors(self, failure)


@admin.register(ValidationRule)
class ValidationRuleAdmin(HistoryIsTheLog, AnalystsWrite, admin.ModelAdmin):
    form = RuleForm
    list_display = ("code", "name_ar", "left", "operator", "right", "legal_form")

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj is not None else ()

    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data.get(name) for name in form.fields}
        rule = obj if change else ValidationRule()
        if change:
            rule = ValidationRule.objects.get(pk=obj.pk)
            values = {name: values[name] for name in form.changed_data if name in values}
        saved = services.save_rule(request.user, rule, values)
        obj.pk = saved.pk
        obj.refresh_from_db()


class ReadOnly:
    def has_module_permission(self, request):
        return scope.role_of(request.user) is not None

    def has_view_permission(self, request, obj=None):
        return scope.role_of(request.user) is not None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Target)
class TargetAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("code", "indicator", "target_value", "target_year", "source")


@admin.register(ReferenceValue)
class ReferenceValueAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("code", "territory_code", "year", "value", "unit", "source")
    list_filter = ("source", "year")
    search_fields = ("code", "territory_code")
