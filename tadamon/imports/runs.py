"""Running a back-office import in a background thread and recording it in ImportRun.

The upload request returns at once with the run's page, which polls the row.
The thread has its own database connection (Django's are per thread) and
closes it at the end. `TADAMON_IMPORTS_IN_BACKGROUND = False` (tests) runs the
import within the request instead.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import connection
from django.utils import timezone

from tadamon.errors import DomainError
from tadamon.history.chain import current_request_id, new_request_id
from tadamon.imports.models import ImportRun
from tadamon.imports.rejected import rejected_csv
from tadamon.imports.services import run_import

log = logging.getLogger(__name__)
MAX_STORED_PROBLEMS = 5000  # the page shows these; the rejected CSV holds every one


def start(run: ImportRun, data: bytes) -> threading.Thread | None:
    """Start the import; returns its thread when it runs in the background."""
    if not getattr(settings, "TADAMON_IMPORTS_IN_BACKGROUND", True):
        execute(run, data)
        return None
    thread = threading.Thread(target=_in_thread, args=(run.pk, data), daemon=True)
    thread.start()
    return thread


def _in_thread(run_id: int, data: bytes) -> None:
    try:
        execute(ImportRun.objects.get(pk=run_id), data)
    finally:
        connection.close()


def execute(run: ImportRun, data: bytes) -> None:
    ImportRun.objects.filter(pk=run.pk).update(state="running")
    token = current_request_id.set(new_request_id())
    try:
        result = run_import(
            run.actor, run.kind, data, run.filename, on_error=run.on_error,
            dry_run=run.dry_run, progress=_progress(run.pk),
        )  # fmt: skip
    except DomainError as error:
        _finish(run, state="failed", failure=error.bilingual())
        return
    except Exception as error:  # the page must say it failed, not poll forever
        log.exception("import %s failed", run.pk)
        _finish(run, state="failed", failure=f"{type(error).__name__}: {error}")
        return
    finally:
        current_request_id.reset(token)
    _finish(
        run, state="done", summary=result.summary(),
        problems=[p.as_dict() for p in result.problems[:MAX_STORED_PROBLEMS]],
        rejected_csv=rejected_csv(result) if result.rejected_rows else "",
        done=result.total, total=result.total,
    )  # fmt: skip


def _progress(run_id: int):
    """Progress to the run's row: counts while reading and checking, then the stage names.

    The later stages write with COPY, and a query on the same connection in the
    middle of a COPY blocks forever on PostgreSQL; their counts would not be
    visible outside the transaction anyway."""

    def report(stage: str, done: int, total: int) -> None:
        if stage in ("reading", "checking") or done == 0:
            ImportRun.objects.filter(pk=run_id).update(stage=stage, done=done, total=total)

    return report


def _finish(run: ImportRun, **values) -> None:
    ImportRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), stage="", **values)
