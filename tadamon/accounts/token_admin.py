"""API tokens in the back office: administrators issue and revoke them, through the services.

A new token's key is shown once, in the message after saving; the list shows
only its prefix. Tokens are never edited nor deleted: a revoked one stays, so
the history keeps what it named.
"""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from tadamon.accounts import scope, tokens
from tadamon.accounts.models import ApiToken
from tadamon.errors import DomainError
from tadamon.history.admin import HistoryIsTheLog


def _is_admin(request) -> bool:
    return scope.is_administrator(request.user) or request.user.is_superuser


@admin.register(ApiToken)
class ApiTokenAdmin(HistoryIsTheLog, admin.ModelAdmin):
    list_display = ["prefix", "name", "user", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "user__username"]
    raw_id_fields = ["user"]
    actions = ["revoke_selected"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "name"]
        return ["prefix", "name", "user", "created_at", "last_used_at", "revoked_at"]

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.get_fields(request, obj)

    def has_module_permission(self, request):
        return _is_admin(request)

    def has_view_permission(self, request, obj=None):
        return _is_admin(request)

    def has_add_permission(self, request):
        return _is_admin(request)

    def has_change_permission(self, request, obj=None):
        return _is_admin(request)  # every field is read-only: change means revoke

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        issued = tokens.create_token(request.user, obj.user, obj.name)
        obj.pk = issued.token.pk
        self.message_user(
            request,
            _("The token's key, shown only now: %(key)s — copy it; only its digest is kept.")
            % {"key": issued.key},
            messages.WARNING,
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as failure:
            self.message_user(request, failure.message(), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke_selected(self, request, queryset):
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True):
            try:
                tokens.revoke_token(request.user, token)
            except DomainError as failure:
                self.message_user(request, failure.message(), messages.ERROR)
                return
            revoked += 1
        self.message_user(
            request, _("%(count)d token(s) revoked.") % {"count": revoked}, messages.SUCCESS
        )
