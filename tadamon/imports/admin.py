"""The import page of the back office: upload, progress, errors, rejected rows.

Only registrars see it (tadamon.accounts.scope); a registrar sees the
imports it started, the national registrar every one. The import itself is
tadamon.imports.services.run_import, the same as the console's.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from tadamon.accounts import scope
from tadamon.history.admin import HistoryIsTheLog
from tadamon.imports import runs
from tadamon.imports.forms import ImportForm
from tadamon.imports.models import ImportRun

PROBLEMS_SHOWN = 1000


@admin.register(ImportRun)
class ImportRunAdmin(HistoryIsTheLog, admin.ModelAdmin):
    list_display = ["created_at", "kind", "filename", "actor", "state", "dry_run"]
    list_filter = ["kind", "state"]

    def get_queryset(self, request):
        runs_ = super().get_queryset(request).select_related("actor")
        if scope.is_national_registrar(request.user):
            return runs_
        return runs_.filter(actor=request.user)

    def has_module_permission(self, request):
        return scope.is_registrar(request.user)

    def has_view_permission(self, request, obj=None):
        return scope.is_registrar(request.user)

    def has_add_permission(self, request):
        return scope.is_registrar(request.user)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        prefix = "imports_importrun"
        return [
            path("add/", view(self.upload_view), name=f"{prefix}_add"),
            path("<int:run_id>/change/", view(self.run_view), name=f"{prefix}_change"),
            path("<int:run_id>/progress/", view(self.progress_view), name=f"{prefix}_progress"),
            path("<int:run_id>/rejected.csv", view(self.rejected_view), name=f"{prefix}_rejected"),
            *super().get_urls(),
        ]

    def _run(self, request, run_id: int) -> ImportRun:
        if not scope.is_registrar(request.user):
            raise PermissionDenied
        run = self.get_queryset(request).filter(pk=run_id).first()
        if run is None:
            raise Http404
        return run

    def upload_view(self, request):
        if not scope.is_registrar(request.user):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            run = ImportRun.objects.create(
                kind=form.cleaned_data["kind"], filename=upload.name[:255],
                on_error=form.cleaned_data["on_error"], dry_run=form.cleaned_data["dry_run"],
                actor=request.user,
            )  # fmt: skip
            runs.start(run, upload.read())
            return HttpResponseRedirect(reverse("admin:imports_importrun_change", args=[run.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import a file"),
            "form": form,
        }
        return TemplateResponse(request, "admin/imports/upload.html", context)

    def run_view(self, request, run_id):
        run = self._run(request, run_id)
        french = (translation.get_language() or "ar").startswith(("fr", "en"))
        problems = [
            {**p, "message": p["message_fr"] if french else p["message_ar"]}
            for p in run.problems[:PROBLEMS_SHOWN]
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import of %(file)s") % {"file": run.filename},
            "run": run,
            "problems": problems,
            "more_problems": max(0, len(run.problems) - PROBLEMS_SHOWN),
            "summary": run.summary,
        }
        return TemplateResponse(request, "admin/imports/run.html", context)

    def progress_view(self, request, run_id):
        run = self._run(request, run_id)
        response = render(request, "admin/imports/_progress.html", {"run": run})
        if run.finished:
            response["HX-Refresh"] = "true"  # htmx reloads the page, which shows the outcome
        return response

    def rejected_view(self, request, run_id):
        run = self._run(request, run_id)
        if not run.rejected_csv:
            raise Http404
        response = HttpResponse(run.rejected_csv, content_type="text/csv; charset=utf-8")
        stem = run.filename.rsplit(".", 1)[0] or "import"
        response["Content-Disposition"] = content_disposition_header(True, f"{stem}-rejected.csv")
        return response
