"""Users and roles in the back office: administrators only, through the account service."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from tadamon.accounts import scope, services
from tadamon.accounts.models import User
from tadamon.errors import DomainError
from tadamon.history.admin import HistoryIsTheLog
from tadamon.history.chain import Change, record


def _is_admin(request) -> bool:
    return scope.is_administrator(request.user) or request.user.is_superuser


@admin.register(User)
class UserAdmin(HistoryIsTheLog, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "region", "is_active"]
    list_filter = ["role", "region", "is_active"]
    raw_id_fields = ["organization"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Role"), {"fields": ["role", "region", "organization", "is_active"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "password1", "password2"]}),
        (_("Role"), {"fields": ["role", "region", "organization"]}),
    ]
    actions = None

    def has_module_permission(self, request):
        return _is_admin(request)

    def has_view_permission(self, request, obj=None):
        return _is_admin(request)

    def has_add_permission(self, request):
        return _is_admin(request)

    def has_change_permission(self, request, obj=None):
        return _is_admin(request)

    def has_delete_permission(self, request, obj=None):
        return False  # accounts are deactivated, so the history keeps its actors

    def save_model(self, request, obj, form, change):
        services.save_account(request.user, obj)

    def user_change_password(self, request, id, form_url=""):
        # Django's password view saves the user itself; the reset must still enter the history.
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                record(request.user, Change("account:password", "user", str(id)))
        return response

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as failure:
            self.message_user(request, failure.message(), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


# Roles replace Django's groups; one place to say who may do what (tadamon.accounts.scope).
admin.site.unregister(Group)

# API tokens: their own module, registered with the same site.
from tadamon.accounts import token_admin  # noqa: E402, F401
