"""Back office: funders, funds with their balances, the ledger and the operations awaiting
approval, read-only. Money moves only through tadamon.funding.services (quorum,
earmarks, history); the pages that call them are the funders' own (to come)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tadamon.accounts import scope
from tadamon.funding import ledger
from tadamon.funding.models import Fund, Funder, LedgerEntry, LedgerTransaction, Operation


class ReadOnlyForFunders(admin.ModelAdmin):
    def _may_read(self, request) -> bool:
        return scope.is_funder(request.user) or scope.is_administrator(request.user)

    def has_module_permission(self, request):
        return self._may_read(request)

    def has_view_permission(self, request, obj=None):
        return self._may_read(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Funder)
class FunderAdmin(ReadOnlyForFunders):
    list_display = ["code", "name_ar", "name_fr"]
    search_fields = ["code", "name_ar", "name_fr"]


@admin.register(Fund)
class FundAdmin(ReadOnlyForFunders):
    list_display = ["code", "name_ar", "source_type", "quorum", "available", "committed", "paid"]
    list_filter = ["source_type"]
    search_fields = ["code", "name_ar", "name_fr"]

    @admin.display(description=_("available (MAD)"))
    def available(self, fund: Fund) -> str:
        return ledger.format_mad(ledger.fund_balances(fund)["available"])

    @admin.display(description=_("committed (MAD)"))
    def committed(self, fund: Fund) -> str:
        return ledger.format_mad(ledger.fund_balances(fund)["committed"])

    @admin.display(description=_("paid (MAD)"))
    def paid(self, fund: Fund) -> str:
        return ledger.format_mad(ledger.fund_balances(fund)["organization"])


class EntryInline(admin.TabularInline):
    model = LedgerEntry
    fields = ["account", "amount"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(LedgerTransaction)
class TransactionAdmin(ReadOnlyForFunders):
    list_display = ["id", "recorded_at", "kind", "fund", "organization", "mad", "reverses"]
    list_filter = ["kind", "fund"]
    inlines = [EntryInline]

    @admin.display(description=_("amount (MAD)"))
    def mad(self, transaction: LedgerTransaction) -> str:
        return ledger.format_mad(transaction.amount)


@admin.register(Operation)
class OperationAdmin(ReadOnlyForFunders):
    list_display = ["id", "requested_at", "kind", "fund", "organization", "amount", "state"]
    list_filter = ["state", "kind", "fund"]
