"""Logging in and out of the portal (Django's authentication, our pages).

Failed logins are counted per address and per username (tadamon.selfservice.throttling);
past the limit, attempts get 429 without the password being checked.
"""

from __future__ import annotations

from django.contrib.auth import logout as end_session
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from tadamon.accounts import scope
from tadamon.accounts.models import Role
from tadamon.selfservice import throttling


def landing_url(user) -> str:
    """Where a person goes after logging in without a `next`: its own space."""
    if scope.role_of(user) == Role.REPRESENTATIVE:
        return reverse("selfservice:dashboard")
    if scope.role_of(user) == Role.EVALUATOR:
        return reverse("funding:evaluate")
    if scope.role_of(user) == Role.VERIFIER:
        return reverse("funding:verify")
    if user.is_staff:
        return reverse("admin:index")
    return reverse("home")


class LoginView(auth_views.LoginView):
    template_name = "selfservice/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return landing_url(self.request.user)

    # Django's LoginView.dispatch is already never_cache, csrf_protect and
    # sensitive_post_parameters; these run inside it.
    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        username = request.POST.get("username", "")
        if throttling.is_locked(request, username):
            return self.locked(username)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form) -> HttpResponse:
        throttling.forget_username(self.request.POST.get("username", ""))
        return super().form_valid(form)

    def form_invalid(self, form) -> HttpResponse:
        username = form.data.get("username", "")
        if username.strip() and form.data.get("password"):  # a guess, not an empty form
            throttling.record_failure(self.request, username)
        return super().form_invalid(form)

    def locked(self, username: str) -> HttpResponse:
        """The same answer whether the account exists or not; the password is not checked."""
        # An unbound form: a bound one would authenticate as soon as its errors are read.
        form = self.get_form_class()(request=self.request, initial={"username": username})
        context = self.get_context_data(form=form, locked=throttling.locked_error())
        response = self.render_to_response(context, status=429)
        response["Retry-After"] = str(throttling.WINDOW_SECONDS)
        return response


@never_cache
@require_http_methods(["GET", "POST"])
def logout(request: HttpRequest) -> HttpResponse:
    """POST logs out (a link cannot log anyone out behind their back); GET asks first."""
    if request.method == "POST":
        end_session(request)
        return redirect("home")
    return render(request, "selfservice/logout.html")


@require_http_methods(["GET", "POST"])
def admin_login(request: HttpRequest) -> HttpResponse:
    """The back office's login under the same count as the portal's: the same accounts
    log in at both doors, and an unguarded one would let guesses around the lock."""
    from django.contrib import admin

    username = request.POST.get("username", "") if request.method == "POST" else ""
    if request.method == "POST" and throttling.is_locked(request, username):
        view = LoginView()
        view.setup(request)
        return view.locked(username)
    response = admin.site.login(request)
    if request.method == "POST" and username.strip() and request.POST.get("password"):
        if response.status_code == 302:  # Django redirects only a login that worked
            throttling.forget_username(username)
        else:
            throttling.record_failure(request, username)
    return response
