"""Merge and unmerge in the back office: a registrar picks the survivor by its registry
number, sees both records side by side, confirms; the services decide and write."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tadamon.accounts import scope
from tadamon.errors import DomainError
from tadamon.registry.admin.forms import add_domain_errors
from tadamon.registry.history_display import display_value, field_label
from tadamon.registry.models import Declaration, Merge, Organization
from tadamon.registry.services.merging import (
    FILLABLE_FIELDS,
    absorbed_organizations,
    merge_organizations,
    merges_of,
    resolve_registry_id,
    surviving_organization,
    unmerge,
)
from tadamon.registry.services.reading import PRIVATE_FIELDS

COMPARED_FIELDS = (
    "registry_id",
    "status",
    "legal_form",
    "name_ar",
    "name_fr",
    "acronym",
    "external_id",
    "ice",
    "province_id",
    "commune",
    "address",
    "founding_date",
    "registration_date",
    "sector_id",
    "activity",
    "phone",
    "email",
    "website",
)


class MergeForm(forms.Form):
    survivor_registry_id = forms.CharField(
        label=_("Registry number of the organization that remains"),
        max_length=40,
        widget=forms.TextInput(attrs={"dir": "ltr", "size": 20, "autocomplete": "off"}),
        help_text=_("This record is merged into that one; its number will lead there."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required: why these two records are one body (a file, a check, a decision)."),
    )


class UnmergeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required: why these two records are two bodies after all."),
    )


@dataclass
class ComparedField:
    label: str
    absorbed: object
    survivor: object
    filled: bool


def _shown(name: str, org: Organization, hidden: bool):
    if hidden:
        return "•••"
    return display_value(name, getattr(org, name))


def compare(user, absorbed: Organization, survivor: Organization) -> list[ComparedField]:
    """Both records field by field, marking the blanks the survivor will take."""
    rows = []
    for name in COMPARED_FIELDS:
        hidden = name in PRIVATE_FIELDS and not (
            scope.can_read_private(user, absorbed) and scope.can_read_private(user, survivor)
        )
        mine, theirs = getattr(absorbed, name), getattr(survivor, name)
        filled = name in FILLABLE_FIELDS and theirs in (None, "") and mine not in (None, "")
        rows.append(
            ComparedField(
                str(field_label(name)),
                _shown(name, absorbed, hidden),
                _shown(name, survivor, hidden),
                filled,
            )
        )
    years = [
        ", ".join(str(y) for y in org.declarations.values_list("year", flat=True)) or None
        for org in (absorbed, survivor)
    ]
    rows.append(ComparedField(str(_("Declarations")), years[0], years[1], False))
    return rows


def change_url(org: Organization) -> str:
    return reverse("admin:registry_organization_change", args=[org.pk])


def merge_view(model_admin, request, object_id):
    """Merge the record of this page into another one, chosen by its registry number."""
    absorbed = model_admin.get_object(request, object_id)
    if absorbed is None:
        raise Http404
    if not (scope.is_registrar(request.user) and scope.can_change(request.user, absorbed)):
        raise PermissionDenied
    if absorbed.status == "merged":
        return HttpResponseRedirect(change_url(absorbed))
    form = MergeForm(
        request.POST or None, initial={"survivor_registry_id": request.GET.get("into")}
    )
    survivor = redirected = None
    if request.method == "POST" and form.is_valid():
        try:
            survivor, redirected = resolve_registry_id(form.cleaned_data["survivor_registry_id"])
        except DomainError as failure:
            failure.field = "survivor_registry_id"
            add_domain_errors(form, failure)
    if survivor is not None and "confirm" in request.POST:
        try:
            with transaction.atomic():
                merge_organizations(
                    request.user, survivor, absorbed, reason=form.cleaned_data["reason"]
                )
        except DomainError as failure:
            add_domain_errors(form, failure)
        else:
            model_admin.message_user(
                request,
                _("%(absorbed)s was merged into %(survivor)s.")
                % {"absorbed": absorbed, "survivor": survivor},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(change_url(survivor))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": absorbed,
        "title": _("Merge %(name)s into another organization") % {"name": absorbed.name},
        "form": form,
        "survivor": survivor if survivor is not None and not form.errors else None,
        "redirected": redirected,
        "rows": compare(request.user, absorbed, survivor) if survivor is not None else [],
    }
    if survivor is not None and survivor.pk != absorbed.pk and survivor.registry_id:
        context["swap_url"] = (
            reverse("admin:registry_organization_merge", args=[survivor.pk])
            + f"?into={absorbed.registry_id}"
        )
    return TemplateResponse(request, "admin/registry/organization/merge.html", context)


def unmerge_view(model_admin, request, merge_id):
    merge = get_object_or_404(Merge.objects.select_related("survivor", "absorbed"), pk=merge_id)
    if not scope.can_merge(request.user, merge.survivor, merge.absorbed):
        raise PermissionDenied
    form = UnmergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                unmerge(request.user, merge, reason=form.cleaned_data["reason"])
        except DomainError as failure:
            add_domain_errors(form, failure)
        else:
            model_admin.message_user(request, _("The merge was undone."), messages.SUCCESS)
            return HttpResponseRedirect(change_url(merge.absorbed))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": merge.absorbed,
        "merge": merge,
        "title": _("Undo the merge of %(absorbed)s into %(survivor)s")
        % {"absorbed": merge.absorbed, "survivor": merge.survivor},
        "form": form,
    }
    return TemplateResponse(request, "admin/registry/organization/unmerge.html", context)


def merge_context(request, organization: Organization) -> dict:
    """What the change page shows about merges: a banner, the merges, and their buttons."""
    user = request.user
    merges = [
        (
            merge,
            reverse("admin:registry_organization_unmerge", args=[merge.pk])
            if merge.in_force and scope.can_merge(user, merge.survivor, merge.absorbed)
            else None,
        )
        for merge in merges_of(organization)
    ]
    context: dict = {"merges": merges}
    if organization.status == "merged":
        context["merged_into"] = organization.merged_into
        survivor = surviving_organization(organization)
        if survivor.pk != organization.merged_into_id:
            context["merged_survivor"] = survivor
        context["merged_into_url"] = change_url(organization.merged_into)
        context["merged_survivor_url"] = change_url(survivor)
    elif organization.registry_id and scope.can_change(user, organization):
        context["merge_url"] = reverse("admin:registry_organization_merge", args=[organization.pk])
    absorbed = absorbed_organizations(organization)
    if absorbed:
        context["merged_declarations"] = Declaration.objects.filter(
            organization__in=absorbed
        ).select_related("organization")
    return context
