"""Filing and correcting the yearly declaration, checked as it is typed.

The page works without JavaScript (a plain form posted to the service); with
htmx, every pause in typing posts the form to `check`, which answers with the
problems beside each field (out-of-band swaps) and writes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tadamon.errors import DomainError, ValidationFailed
from tadamon.registry import services
from tadamon.registry.models import Organization
from tadamon.selfservice.access import representative_required
from tadamon.selfservice.checking import (
    declaration_problems,
    form_groups,
    saved_figures,
    typed_figures,
)

# The service refuses years outside these bounds; the address does not even reach it.
FIRST_YEAR, LAST_YEAR = 1900, 2200


def _year_or_404(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    return year


@representative_required
@require_http_methods(["GET", "POST"])
def declaration(request: HttpRequest, organization: Organization, year: int) -> HttpResponse:
    year = _year_or_404(year)
    existing = organization.declarations.filter(year=year).first()
    if request.method == "POST":
        typed = typed_figures(request.POST)
        try:
            services.file_declaration(request.user, organization, year, typed)
        except ValidationFailed as failure:
            problems = failure.errors
        except DomainError as failure:
            problems = [failure]
        else:
            done = (
                _("The declaration for %(year)s was corrected.")
                if existing
                else _("The declaration for %(year)s was filed.")
            )
            messages.success(request, done % {"year": year})
            return redirect("selfservice:dashboard")
    else:
        typed = saved_figures(existing)
        problems = declaration_problems(organization, year, typed)
    groups, general = form_groups(typed, problems)
    return render(
        request,
        "selfservice/declaration.html",
        {
            "organization": organization,
            "year": year,
            "existing": existing,
            "groups": groups,
            "general": general,
        },
    )


@representative_required
@require_POST
def check(request: HttpRequest, organization: Organization, year: int) -> HttpResponse:
    """The problems of what is typed so far, as fragments htmx swaps beside each field."""
    year = _year_or_404(year)
    typed = typed_figures(request.POST)
    groups, general = form_groups(typed, declaration_problems(organization, year, typed))
    return render(
        request, "selfservice/declaration_check.html", {"groups": groups, "general": general}
    )
