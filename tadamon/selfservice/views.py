"""A representative's own pages: what the registry holds, and the public profile."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tadamon.errors import DomainError, ValidationFailed
from tadamon.registry import services
from tadamon.registry.history_display import display_value, field_label
from tadamon.registry.models import Organization
from tadamon.registry.services.reading import PRIVATE_FIELDS
from tadamon.selfservice.access import representative_required
from tadamon.selfservice.forms import ProfileForm

# How far back the dashboard offers to file a missing year (older ones: the registrar).
YEARS_OFFERED = 5


def field_rows(user, organization: Organization) -> list[dict]:
    """Every field the registry lets this user read, labelled and shown as a person reads it."""
    fields = services.organization_fields_for(user, organization)
    return [
        {
            "name": name,
            "label": field_label(name),
            "value": display_value(name, value),
            "private": name in PRIVATE_FIELDS,
        }
        for name, value in fields.items()
    ]


def years_to_declare(organization: Organization, filed: set[int], today: dt.date) -> list[dict]:
    """The recent years, last one first, each marked filed or not."""
    first = today.year - YEARS_OFFERED
    if organization.founding_date:
        first = max(first, organization.founding_date.year)
    return [{"year": y, "filed": y in filed} for y in range(today.year - 1, first - 1, -1)]


@representative_required
def dashboard(request: HttpRequest, organization: Organization) -> HttpResponse:
    declarations = list(organization.declarations.order_by("-year"))
    return render(
        request,
        "selfservice/dashboard.html",
        {
            "organization": organization,
            "fields": field_rows(request.user, organization),
            "status_changes": organization.status_changes.order_by("effective_on", "id"),
            "declarations": declarations,
            "years": years_to_declare(
                organization, {d.year for d in declarations}, dt.date.today()
            ),
            "unions": organization.memberships.select_related("union").order_by("-started_on"),
            "members": organization.members.select_related("member").order_by("-started_on"),
        },
    )


def show_domain_error(form, failure: DomainError) -> None:
    """Each broken rule next to its field when the form has it, above the form otherwise."""
    for error in failure.errors if isinstance(failure, ValidationFailed) else [failure]:
        form.add_error(error.field if error.field in form.fields else None, error.message())


@representative_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest, organization: Organization) -> HttpResponse:
    form = ProfileForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organization(request.user, organization, form.changes())
        except DomainError as failure:
            show_domain_error(form, failure)
        else:
            messages.success(request, _("Your organization's profile was saved."))
            return redirect("selfservice:dashboard")
    return render(request, "selfservice/profile.html", {"organization": organization, "form": form})
