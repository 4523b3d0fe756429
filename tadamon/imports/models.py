"""One import started from the back office: its settings, progress and outcome.

The page polls this row while the import runs in a background thread; the
progress fields are written outside the import's transaction (before it, in
the reading stage) or by the same connection inside it, so no second writer
ever waits on SQLite's lock.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

STAGE_LABELS = {
    "reading": _("reading the rows"),
    "checking": _("checking the rows against the registry"),
    "writing": _("writing"),
    "search index": _("search index"),
    "history": _("recording the history"),
}


class ImportRun(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=16)
    filename = models.CharField(_("file"), max_length=255)
    on_error = models.CharField(_("on error"), max_length=8, default="abort")
    dry_run = models.BooleanField(_("dry run"), default=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default="queued")
    stage = models.CharField(_("stage"), max_length=16, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    rejected_csv = models.TextField(blank=True)
    failure = models.TextField(_("failure"), blank=True)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.kind} {self.filename} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def stage_label(self) -> str:
        return str(STAGE_LABELS.get(self.stage, self.stage))

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0
