"""Logging in and out of the portal (Django's authentication, our pages)."""

from __future__ import annotations

from django.contrib.auth import logout as end_session
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from tadamon.accounts import scope
from tadamon.accounts.models import Role


def landing_url(user) -> str:
    """Where a person goes after logging in without a `next`: its own space."""
    if scope.role_of(user) == Role.REPRESENTATIVE:
        return reverse("selfservice:dashboard")
    if user.is_staff:
        return reverse("admin:index")
    return reverse("home")


class LoginView(auth_views.LoginView):
    template_name = "selfservice/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return landing_url(self.request.user)


@require_http_methods(["GET", "POST"])
def logout(request: HttpRequest) -> HttpResponse:
    """POST logs out (a link cannot log anyone out behind their back); GET asks first."""
    if request.method == "POST":
        end_session(request)
        return redirect("home")
    return render(request, "selfservice/logout.html")
