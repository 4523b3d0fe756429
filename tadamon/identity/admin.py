"""The duplicate review queue: open flags, both records side by side, confirm or reject.

Registrars only; a regional registrar sees and decides the pairs whose two
organizations are both in its region (`DuplicateFlag.objects.reviewable_by`).
Decisions go through `identity.services` (confirm merges the pair).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from tadamon.accounts import scope
from tadamon.errors import DomainError
from tadamon.history.admin import HistoryIsTheLog
from tadamon.identity import services
from tadamon.identity.models import DedupRun, DuplicateFlag, FlagStatus, reason_label
from tadamon.registry.admin.forms import add_domain_errors
from tadamon.registry.admin.merging import compare
from tadamon.territory.models import Region


class FlagRegionFilter(admin.SimpleListFilter):
    title = _("region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        regions = Region.objects.order_by("code")
        if scope.role_of(request.user) == "regional_registrar":
            regions = regions.filter(code=request.user.region_id)
        return [(r.code, r.name) for r in regions]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(
                Q(org_a__province__region_id=self.value())
                | Q(org_b__province__region_id=self.value())
            )
        return queryset


class OpenByDefaultStatusFilter(admin.SimpleListFilter):
    """The queue opens on what is left to decide; decided flags are one click away."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("all", _("All")), *FlagStatus.choices]

    def choices(self, changelist):
        value = self.value() or FlagStatus.OPEN
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or FlagStatus.OPEN
        return queryset if value == "all" else queryset.filter(status=value)


class ConfirmForm(forms.Form):
    survivor = forms.ChoiceField(
        label=_("Organization that remains"),
        widget=forms.RadioSelect,
        help_text=_("The other one is merged into it; its registry number will lead there."),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, flag: DuplicateFlag, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = [
            (str(flag.org_a_id), str(flag.org_a)),
            (str(flag.org_b_id), str(flag.org_b)),
        ]


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why these are two bodies; the pair will not be proposed again."),
    )


def _names(org) -> str:
    return format_html(
        '<span lang="ar" dir="rtl">{}</span><br><span lang="fr" dir="ltr">{}</span>',
        org.name_ar or "—",
        org.name_fr or "—",
    )


@admin.register(DuplicateFlag)
class DuplicateFlagAdmin(HistoryIsTheLog, admin.ModelAdmin):
    list_display = [
        "score_shown",
        "first",
        "second",
        "province",
        "reasons_shown",
        "source",
        "review",
    ]
    list_display_links = None
    list_filter = [OpenByDefaultStatusFilter, FlagRegionFilter, "source"]
    list_per_page = 50
    show_full_result_count = False
    actions = None
    ordering = ["-score", "id"]

    # --- scope: registrars only, regional ones within their region ------------
    def get_queryset(self, request):
        return (
            DuplicateFlag.objects.reviewable_by(request.user)
            .exclude(status=FlagStatus.OPEN, org_a__status=services.MERGED)
            .exclude(status=FlagStatus.OPEN, org_b__status=services.MERGED)
            .select_related("org_a__province", "org_b__province")
        )

    def has_module_permission(self, request):
        return scope.is_registrar(request.user)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return scope.is_registrar(request.user)
        return scope.can_decide_duplicate(request.user, obj.org_a, obj.org_b)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    # --- columns -----------------------------------------------------------
    @admin.display(description=_("score"), ordering="score")
    def score_shown(self, flag):
        return f"{flag.score:.2f}"

    @admin.display(description=_("organization"))
    def first(self, flag):
        return _names(flag.org_a)

    @admin.display(description=_("possible duplicate"))
    def second(self, flag):
        return _names(flag.org_b)

    @admin.display(description=_("province or prefecture"))
    def province(self, flag):
        a, b = flag.org_a.province, flag.org_b.province
        return a.name if a.pk == b.pk else f"{a.name} / {b.name}"

    @admin.display(description=_("reasons"))
    def reasons_shown(self, flag):
        return format_html_join(", ", "{}", ((reason_label(code),) for code in flag.reasons))

    @admin.display(description="")
    def review(self, flag):
        url = reverse("admin:identity_duplicateflag_review", args=[flag.pk])
        label = _("Review") if flag.status == FlagStatus.OPEN else _("See")
        return format_html('<a class="button" href="{}">{}</a>', url, label)

    # --- the review page ------------------------------------------------------
    def get_urls(self):
        return [
            path(
                "<int:flag_id>/review/",
                self.admin_site.admin_view(self.review_view),
                name="identity_duplicateflag_review",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return HttpResponseRedirect(
            reverse("admin:identity_duplicateflag_review", args=[object_id])
        )

    def review_view(self, request, flag_id):
        flag = self.get_queryset(request).filter(pk=flag_id).first()
        if flag is None:
            if DuplicateFlag.objects.filter(pk=flag_id).exists() and scope.is_registrar(
                request.user
            ):
                raise PermissionDenied
            raise Http404
        if not self.has_view_permission(request, flag):
            raise PermissionDenied
        is_open = flag.status == FlagStatus.OPEN
        confirm = ConfirmForm(
            request.POST if "confirm" in request.POST else None, flag=flag, prefix="confirm"
        )
        reject = RejectForm(request.POST if "reject" in request.POST else None, prefix="reject")
        if request.method == "POST" and is_open:
            done = self._decide(request, flag, confirm, reject)
            if done:
                return HttpResponseRedirect(reverse("admin:identity_duplicateflag_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Possible duplicate"),
            "flag": flag,
            "is_open": is_open,
            "reasons": [reason_label(code) for code in flag.reasons],
            "rows": compare(request.user, flag.org_a, flag.org_b),
            "confirm_form": confirm,
            "reject_form": reject,
        }
        return TemplateResponse(request, "admin/identity/duplicateflag/review.html", context)

    def _decide(self, request, flag, confirm: ConfirmForm, reject: RejectForm) -> bool:
        try:
            with transaction.atomic():
                if "confirm" in request.POST and confirm.is_valid():
                    survivor = (
                        flag.org_a
                        if confirm.cleaned_data["survivor"] == str(flag.org_a_id)
                        else flag.org_b
                    )
                    services.confirm_flag(
                        request.user, flag, survivor, confirm.cleaned_data["reason"]
                    )
                    self.message_user(
                        request, _("Confirmed: the two records were merged."), messages.SUCCESS
                    )
                    return True
                if "reject" in request.POST and reject.is_valid():
                    services.reject_flag(request.user, flag, reject.cleaned_data["reason"])
                    self.message_user(
                        request, _("Rejected: the pair will not be proposed again."),
                        messages.SUCCESS,
                    )  # fmt: skip
                    return True
        except DomainError as failure:
            add_domain_errors(confirm if "confirm" in request.POST else reject, failure)
        return False


@admin.register(DedupRun)
class DedupRunAdmin(HistoryIsTheLog, admin.ModelAdmin):
    list_display = [
        "started_at", "organizations", "pairs_found", "clusters", "flags_raised",
        "flags_updated", "pairs_skipped", "threshold",
    ]  # fmt: skip
    actions = None

    def has_module_permission(self, request):
        return scope.is_registrar(request.user)

    def has_view_permission(self, request, obj=None):
        return scope.is_registrar(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
