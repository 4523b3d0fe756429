"""Admin permissions from roles, not from Django's per-model permission table.

The back office asks tadamon.accounts.scope like every other interface, so a
role means the same thing in the admin, the API and the CLI.
"""

from django.contrib import admin

from tadamon.accounts import scope
from tadamon.history.admin import HistoryIsTheLog


class RoleScopedAdmin(HistoryIsTheLog, admin.ModelAdmin):
    def has_module_permission(self, request):
        return scope.is_registrar(request.user) or scope.is_analyst(request.user)

    def has_view_permission(self, request, obj=None):
        return scope.is_registrar(request.user) or scope.is_analyst(request.user)


class ReadOnlyReferenceAdmin(RoleScopedAdmin):
    """Reference data: everyone in the back office reads it; changes come from files."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
