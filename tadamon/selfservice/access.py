"""Who may open the self-service pages: a representative, for its own organization only.

The organization is never taken from the address: it is the one the account
is tied to, so no page can be turned to another organization by editing a URL.
Every page shows private fields, so none may be kept by a browser or a proxy.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from tadamon.accounts import scope
from tadamon.accounts.models import Role
from tadamon.registry.models import Organization


def organization_of(user) -> Organization | None:
    """The organization a representative speaks for; None for every other role."""
    if scope.role_of(user) != Role.REPRESENTATIVE or user.organization_id is None:
        return None
    return (
        Organization.objects.select_related("province__region", "sector", "merged_into")
        .filter(pk=user.organization_id)
        .first()
    )


def representative_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors log in first; accounts without an organization get a page saying so.

    Every answer is marked never to be cached (Cache-Control: no-cache, no-store, private).
    """

    @never_cache
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("selfservice:login"))
        organization = organization_of(request.user)
        if organization is None:
            return render(request, "selfservice/no_organization.html", status=403)
        return view(request, organization, *args, **kwargs)

    return wrapped
