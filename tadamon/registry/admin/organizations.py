"""Organizations in the back office, scoped by role; every save goes through the services."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from tadamon.accounts import scope
from tadamon.errors import DomainError
from tadamon.history.chain import entries_for
from tadamon.registry import services
from tadamon.registry.admin.forms import (
    DeclarationInlineForm,
    MembershipInlineForm,
    OrganizationForm,
    StatusChangeForm,
)
from tadamon.registry.admin.merging import merge_context, merge_view, unmerge_view
from tadamon.registry.admin.scoping import RoleScopedAdmin
from tadamon.registry.history_display import history_rows
from tadamon.registry.models import DECLARATION_FIGURES, Declaration, Membership, Organization
from tadamon.registry.services.reading import PRIVATE_FIELDS
from tadamon.registry.vocabulary import Status
from tadamon.territory.models import Province, Region


class RegionFilter(admin.SimpleListFilter):
    title = _("region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return [(r.code, r.name) for r in Region.objects.order_by("code")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(province__region_id=self.value())
        return queryset


class DeclarationInline(admin.TabularInline):
    model = Declaration
    form = DeclarationInlineForm
    fields = ["year", *DECLARATION_FIGURES]
    extra = 1
    can_delete = False
    ordering = ["-year"]

    def has_add_permission(self, request, obj=None):
        return obj is not None and scope.can_edit_profile(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return obj is not None and scope.can_edit_profile(request.user, obj)

    def has_view_permission(self, request, obj=None):
        return scope.is_registrar(request.user) or scope.is_analyst(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipInlineForm
    fk_name = "member"
    fields = ["union", "started_on", "ended_on"]
    raw_id_fields = ["union"]
    extra = 0
    can_delete = False
    verbose_name = _("membership in a union or federation")
    verbose_name_plural = _("memberships in unions and federations")

    def has_add_permission(self, request, obj=None):
        return obj is not None and scope.can_change(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return obj is not None and scope.can_change(request.user, obj)

    def has_view_permission(self, request, obj=None):
        return scope.is_registrar(request.user) or scope.is_analyst(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organization)
class OrganizationAdmin(RoleScopedAdmin):
    form = OrganizationForm
    list_display = [
        "registry_id",
        "name_ar",
        "name_fr",
        "legal_form",
        "province",
        "status",
        "public_utility",
    ]
    list_display_links = ["registry_id", "name_ar", "name_fr"]
    list_filter = [RegionFilter, "province", "legal_form", "status", "sector", "public_utility"]
    search_fields = ["registry_id", "external_id", "name_ar", "name_fr", "acronym", "ice"]
    list_select_related = ["province"]
    list_per_page = 50
    show_full_result_count = False
    readonly_fields = ["registry_id", "status", "registration_date"]
    actions = None
    fieldsets = [
        (None, {"fields": ["registry_id", "status", "registration_date"]}),
        (
            _("Identity"),
            {"fields": ["legal_form", ("name_ar", "name_fr"), "acronym", "external_id", "ice"]},
        ),
        (_("Place"), {"fields": ["province", "commune", "address"]}),
        (_("Activity"), {"fields": ["sector", "activity"]}),
        (
            _("Legal life"),
            {
                "fields": [
                    "founding_date",
                    ("public_utility", "public_utility_date"),
                ]
            },
        ),
        (_("Contact (private)"), {"fields": ["phone", "email", "website"]}),
    ]

    # --- search: the registry's cross-script search, best first -------------
    def _search_hits(self, request) -> list[int]:
        """Ids the registry's search finds for ?q= with the list's filters (once a request)."""
        from tadamon.search.engine import MAX_RESULTS, Filters, search

        if not hasattr(request, "_tadamon_search_ids"):
            get = request.GET
            filters = Filters(
                region=get.get("region", ""),
                province=get.get("province__code__exact", ""),
                legal_form=get.get("legal_form__exact", ""),
                status=get.get("status__exact", ""),
                sector=get.get("sector__code__exact", ""),
            )
            query = get.get("q", "")
            hits = search(query, user=request.user, filters=filters, limit=MAX_RESULTS).hits
            request._tadamon_search_ids = [hit.organization.pk for hit in hits]
        return request._tadamon_search_ids

    def get_search_results(self, request, queryset, search_term):
        """The same search as the API and `tadamon search`, instead of Django's LIKE."""
        if not search_term.strip():
            return queryset, False
        return queryset.filter(pk__in=self._search_hits(request)), False

    def _searching(self, request) -> bool:
        return (
            bool(request.GET.get("q", "").strip())
            and request.resolver_match is not None
            and request.resolver_match.url_name == "registry_organization_changelist"
        )

    def get_ordering(self, request):
        if self._searching(request) and not request.GET.get("o"):
            return ["search_rank"]  # relevance, annotated by get_queryset
        return super().get_ordering(request)

    # --- scope -----------------------------------------------------------
    def get_queryset(self, request):
        queryset = Organization.objects.visible_to(request.user).select_related(
            "province", "sector"
        )
        if self._searching(request):
            from django.db.models import Case, IntegerField, Value, When

            ids = self._search_hits(request)
            queryset = queryset.annotate(
                search_rank=Case(
                    *[When(pk=pk, then=Value(rank)) for rank, pk in enumerate(ids)],
                    default=Value(len(ids)),
                    output_field=IntegerField(),
                )
            )
        return queryset

    def has_add_permission(self, request):
        return scope.is_registrar(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return scope.is_registrar(request.user)
        # A merged record is frozen (its page reads only and points to the survivor).
        return scope.can_change(request.user, obj) and obj.status != "merged"

    def has_delete_permission(self, request, obj=None):
        return False  # nothing registered is ever deleted: dissolve or strike off

    def lookup_allowed(self, lookup, value, request=None):
        # Filtering by a private field would reveal it one prefix at a time.
        if lookup.split("__")[0] in PRIVATE_FIELDS and not scope.is_national_registrar(
            request.user if request else None
        ):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_inlines(self, request, obj):
        if obj is None or obj.status == "submitted":
            return []
        return [MembershipInline, DeclarationInline]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not scope.can_read_private(request.user, obj):
            fieldsets = [fs for fs in fieldsets if "phone" not in fs[1]["fields"]]
        if obj is None:
            fieldsets = fieldsets[1:]
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        actor = request.user

        class ActorForm(form_class):
            def __init__(self, *args, **inner):
                super().__init__(*args, actor=actor, **inner)

        return ActorForm

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "province" and scope.role_of(request.user) == "regional_registrar":
            kwargs["queryset"] = Province.objects.filter(region_id=request.user.region_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # --- writes go through the services ------------------------------------
    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data.get(name) for name in form.fields}
        values = {k: ("" if v is None and k not in NULLABLE else v) for k, v in values.items()}
        if change:
            changed = {name: values[name] for name in form.changed_data if name in values}
            saved = services.update_organization(request.user, obj, changed)
        else:
            saved = services.create_organization(request.user, values)
            self._warn_of_lookalikes(request, saved)
        obj.pk = saved.pk
        obj.refresh_from_db()

    def _warn_of_lookalikes(self, request, organization) -> None:
        """Tell the registrar at once which records the new one may duplicate."""
        from django.utils.html import format_html, format_html_join

        from tadamon.identity.services import open_flags_for

        flags = list(open_flags_for(organization))
        if not flags:
            return
        links = format_html_join(
            "، ",
            '<a href="{}">{}</a>',
            (
                (
                    reverse("admin:identity_duplicateflag_review", args=[flag.pk]),
                    (flag.org_a if flag.org_b_id == organization.pk else flag.org_b).name_ar
                    or (flag.org_a if flag.org_b_id == organization.pk else flag.org_b).name_fr,
                )
                for flag in flags
            ),
        )
        message = _(
            "This application may duplicate a record already in the registry; confirm or "
            "reject before registering it:"
        )
        self.message_user(request, format_html("{} {}", message, links), messages.WARNING)

    def save_formset(self, request, form, formset, change):
        organization = form.instance
        if formset.model is Declaration:
            for inline_form in formset.forms:
                if not inline_form.has_changed() or not inline_form.cleaned_data:
                    continue
                data = inline_form.cleaned_data
                figures = {name: data.get(name) for name in DECLARATION_FIGURES}
                services.file_declaration(request.user, organization, data["year"], figures)
        elif formset.model is Membership:
            for inline_form in formset.forms:
                if not inline_form.has_changed() or not inline_form.cleaned_data:
                    continue
                data = inline_form.cleaned_data
                existing = inline_form.instance if inline_form.instance.pk else None
                if existing is None:
                    added = services.add_membership(
                        request.user, organization, data["union"], data["started_on"]
                    )
                    if data.get("ended_on"):
                        services.end_membership(request.user, added, data["ended_on"])
                elif data.get("ended_on") and existing.ended_on is None:
                    services.end_membership(request.user, existing, data["ended_on"])

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # A rule that only the write itself can check (an inline row, a race) still
        # reaches the registrar as a message, and the transaction leaves no trace.
        extra_context = {
            **(extra_context or {}),
            **self._lifecycle_context(request, object_id),
            **self._merge_context(request, object_id),
        }
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as failure:
            self.message_user(request, failure.message(), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    # --- lifecycle and history ----------------------------------------------
    def get_urls(self):
        own = [
            path(
                "<int:object_id>/status/",
                self.admin_site.admin_view(self.status_view),
                name="registry_organization_status",
            ),
            path(
                "<int:object_id>/merge/",
                self.admin_site.admin_view(self.merge_view),
                name="registry_organization_merge",
            ),
            path(
                "unmerge/<int:merge_id>/",
                self.admin_site.admin_view(self.unmerge_view),
                name="registry_organization_unmerge",
            ),
        ]
        return own + super().get_urls()

    def status_view(self, request, object_id):
        organization = self.get_object(request, object_id)
        if organization is None:
            raise Http404
        if not scope.can_change(request.user, organization):
            raise PermissionDenied
        form = StatusChangeForm(
            request.POST or None,
            organization=organization,
            initial={"to_status": request.GET.get("to")},
        )
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    services.change_status(
                        request.user,
                        organization,
                        form.cleaned_data["to_status"],
                        form.cleaned_data["reason"],
                        form.cleaned_data["effective_on"],
                    )
            except DomainError as failure:
                form.add_error(
                    failure.field if failure.field in form.fields else None, failure.message()
                )
            else:
                self.message_user(request, _("The status was changed."), messages.SUCCESS)
                return HttpResponseRedirect(
                    reverse("admin:registry_organization_change", args=[organization.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": organization,
            "title": _("Change the status of %(name)s") % {"name": organization.name},
            "form": form,
            "status_history": organization.status_changes.select_related("actor"),
        }
        return TemplateResponse(request, "admin/registry/organization/status.html", context)

    def merge_view(self, request, object_id):
        return merge_view(self, request, object_id)

    def unmerge_view(self, request, merge_id):
        return unmerge_view(self, request, merge_id)

    def _merge_context(self, request, object_id) -> dict:
        organization = self.get_object(request, object_id) if object_id else None
        return merge_context(request, organization) if organization is not None else {}

    def _lifecycle_context(self, request, object_id) -> dict:
        """The lifecycle buttons the change page shows: only the moves allowed from here."""
        if object_id is None:
            return {}
        organization = self.get_object(request, object_id)
        if organization is None or not scope.can_change(request.user, organization):
            return {}
        labels = dict(Status.choices)
        url = reverse("admin:registry_organization_status", args=[organization.pk])
        return {
            "lifecycle_actions": [
                (f"{url}?to={code}", labels[code], code)
                for code in services.allowed_transitions(organization.status)
            ]
        }

    def history_view(self, request, object_id, extra_context=None):
        """The admin's History button shows the registry's hash-chained history."""
        organization = self.get_object(request, object_id)
        if organization is None:
            raise Http404
        if not self.has_view_permission(request, organization):
            raise PermissionDenied
        # Before/after hold private fields: only those who may read them see them.
        hidden = () if scope.can_read_private(request.user, organization) else PRIVATE_FIELDS
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": organization,
            "title": _("History of %(name)s") % {"name": organization.name},
            "rows": history_rows(
                entries_for("organization", organization.pk).order_by("-seq"), hidden
            ),
        }
        return TemplateResponse(request, "admin/registry/organization/history.html", context)


NULLABLE = {
    "province",
    "sector",
    "founding_date",
    "registration_date",
    "public_utility_date",
    "public_utility",
}
