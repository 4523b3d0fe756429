"""Invitations: a registrar invites a representative; the invitee opens its account."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.admin import site as admin_site
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from tadamon.accounts import invitations, scope
from tadamon.errors import DomainError
from tadamon.registry.models import Organization
from tadamon.selfservice.views import show_domain_error


class InviteForm(forms.Form):
    email = forms.CharField(
        label=gettext_lazy("E-mail of the person to invite"),
        max_length=254,
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )


class AcceptForm(forms.Form):
    username = forms.CharField(
        label=gettext_lazy("Username"),
        max_length=150,
        help_text=gettext_lazy("Letters, digits and @ . + - _ only."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "dir": "ltr"}),
    )
    password = forms.CharField(
        label=gettext_lazy("Password"),
        strip=False,
        help_text=gettext_lazy("At least 8 characters; not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "dir": "ltr"}),
    )


@login_required(login_url="admin:login")
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, organization_id: int) -> HttpResponse:
    """The back office page where a registrar of the organization's region invites someone."""
    organization = Organization.objects.visible_to(request.user).filter(pk=organization_id).first()
    if organization is None:
        raise Http404
    if not scope.can_change(request.user, organization):
        raise PermissionDenied
    form = InviteForm(request.POST or None)
    link = None
    if request.method == "POST" and form.is_valid():
        try:
            invitation, token = invitations.invite_representative(
                request.user, organization, form.cleaned_data["email"]
            )
        except DomainError as failure:
            show_domain_error(form, failure)
        else:
            # Shown this once: only the token's hash is kept.
            link = request.build_absolute_uri(reverse("selfservice:invitation", args=[token]))
            if invitations.send_invitation(invitation, link):
                messages.success(request, _("The invitation was sent by e-mail."))
            else:
                messages.warning(
                    request, _("The e-mail could not be sent: give the link below yourself.")
                )
            form = InviteForm()
    context = {
        **admin_site.each_context(request),
        "opts": Organization._meta,
        "original": organization,
        "title": _("Invite a representative of %(name)s") % {"name": organization.name},
        "form": form,
        "link": link,
        "invitations": organization.invitations.select_related("invited_by", "accepted_by"),
    }
    response = render(request, "selfservice/invite.html", context)
    response["Cache-Control"] = "no-store"  # the page may hold the only copy of the link
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invitee chooses a username and password; the account is tied to the organization."""
    try:
        invitation = invitations.find_invitation(token)
    except DomainError as failure:
        status = 404 if failure.code == "invitation_unknown" else 410
        return render(
            request, "selfservice/invitation_invalid.html", {"failure": failure}, status=status
        )
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitations.accept_invitation(
                token, form.cleaned_data["username"], form.cleaned_data["password"]
            )
        except DomainError as failure:
            show_domain_error(form, failure)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect("selfservice:dashboard")
    return render(
        request,
        "selfservice/invitation.html",
        {"invitation": invitation, "organization": invitation.organization, "form": form},
    )
