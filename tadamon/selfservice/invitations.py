"""Invitations: a registrar invites a representative or revokes an invitation; the invitee
opens its account.

Every page here is never cached: the invite page may hold the only copy of a link,
the invitee's page its e-mail address.
"""

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
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django.views.defaults import permission_denied

from tadamon.accounts import invitations, scope
from tadamon.accounts.models import Invitation, InvitationState, Role
from tadamon.errors import DomainError, PermissionDeniedError
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


def invitation_rows(organization: Organization) -> list[Invitation]:
    """The organization's invitations, newest first, each with its state (`current_state`)."""
    now = timezone.now()
    rows = list(organization.invitations.select_related("invited_by", "accepted_by", "revoked_by"))
    for invitation in rows:
        invitation.current_state = InvitationState(invitation.state(now))
    return rows


def refused(request: HttpRequest) -> HttpResponse:
    """The site's 403 page, answered by the view itself so that it is not cached either."""
    return permission_denied(request, PermissionDenied())


@never_cache
@login_required(login_url="admin:login")
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, organization_id: int) -> HttpResponse:
    """The back office page where a registrar of the organization's region invites someone."""
    organization = Organization.objects.visible_to(request.user).filter(pk=organization_id).first()
    if organization is None:
        raise Http404
    if not scope.can_change(request.user, organization):
        return refused(request)
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
    rows = invitation_rows(organization)
    context = {
        **admin_site.each_context(request),
        "opts": Organization._meta,
        "original": organization,
        "title": _("Invite a representative of %(name)s") % {"name": organization.name},
        "form": form,
        "link": link,
        "invitations": rows,
        "pending": [row for row in rows if row.current_state == InvitationState.PENDING],
        "representatives": organization.representatives.filter(
            role=Role.REPRESENTATIVE, is_active=True
        ).count(),
    }
    return render(request, "selfservice/invite.html", context)


@never_cache
@login_required(login_url="admin:login")
@require_POST
def revoke(request: HttpRequest, invitation_id: int) -> HttpResponse:
    """Revoke one pending invitation, then back to the organization's invite page."""
    visible = Organization.objects.visible_to(request.user)
    invitation = Invitation.objects.filter(pk=invitation_id, organization__in=visible).first()
    if invitation is None:
        raise Http404
    try:
        invitations.revoke_invitation(request.user, invitation, request.POST.get("reason", ""))
    except PermissionDeniedError:
        return refused(request)
    except DomainError as failure:
        messages.error(request, failure.message())
    else:
        messages.success(
            request, _("The invitation for %(email)s was revoked.") % {"email": invitation.email}
        )
    return redirect("selfservice:invite", invitation.organization_id)


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
