"""`run_import`: one file of organizations or declarations into the registry.

Read and detect (reading), check the header against the layout (schemas),
read every row (organizations / declarations: parse_row, no database), then
in one transaction: lock the history, match and check every row against the
registry, and write, unless the mode says not to:
- on_error="abort" (default): nothing is written unless every row is valid;
- on_error="skip": valid rows are written, the others reported;
- dry_run: everything is checked, nothing is written.
A failure during the write rolls the whole transaction back: the registry
is as it was. Only registrars import; a regional registrar's rows outside
its region are refused row by row, by the services' own scope checks.
"""

from __future__ import annotations

import datetime as dt
import itertools
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import transaction

from tadamon.accounts import scope
from tadamon.errors import PermissionDeniedError
from tadamon.forking import InChild, fork_available
from tadamon.history.bulk import ChainAppender
from tadamon.imports import declarations, organizations, writing
from tadamon.imports.checks import flag_duplicates
from tadamon.imports.problems import WARNING, FileRejected, ImportProblem
from tadamon.imports.reading import read_table
from tadamon.imports.references import References
from tadamon.imports.schemas import KINDS, check_header

Progress = Callable[[str, int, int], None] | None
ON_ERROR = ("abort", "skip")
# From this many history entries, hashing runs in a forked child while the rows are written.
CHILD_PROCESS_FROM = 20_000
PIPELINES = {"organizations": organizations, "declarations": declarations}


@dataclass
class ImportResult:
    kind: str
    filename: str = ""
    on_error: str = "abort"
    dry_run: bool = False
    format: str = ""
    encoding: str = ""
    separator: str = ""
    header: list[str] = field(default_factory=list)
    total: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # planned: create, update, ...
    rejected: int = 0
    written: bool = False
    file_error: ImportProblem | None = None
    problems: list[ImportProblem] = field(default_factory=list)
    rejected_rows: list[tuple[int, list, list[ImportProblem]]] = field(default_factory=list)
    seconds: float = 0.0
    search_index_pending: bool = False  # too many rows to index now: `tadamon search --reindex`

    @property
    def errors(self) -> list[ImportProblem]:
        return [p for p in self.problems if p.severity != WARNING]

    @property
    def warnings(self) -> list[ImportProblem]:
        return [p for p in self.problems if p.severity == WARNING]

    def summary(self) -> dict:
        return {
            "kind": self.kind, "filename": self.filename, "format": self.format,
            "encoding": self.encoding, "separator": self.separator, "rows": self.total,
            "rejected": self.rejected, "written": self.written, "dry_run": self.dry_run,
            "on_error": self.on_error, "seconds": round(self.seconds, 2),
            "search_index_pending": self.search_index_pending, **self.counts,
        }  # fmt: skip


def require_importer(actor) -> None:
    if not scope.is_registrar(actor):
        raise PermissionDeniedError(
            "الاستيراد خاص بالمسجلين الوطنيين والجهويين",
            "L'import est réservé aux registraires national et régionaux",
        )


def run_import(
    actor, kind: str, data: bytes, filename: str = "", *, on_error: str = "abort",
    dry_run: bool = False, progress: Progress = None, today: dt.date | None = None,
) -> ImportResult:  # fmt: skip
    require_importer(actor)
    if kind not in KINDS or on_error not in ON_ERROR:
        raise ValueError(f"kind must be one of {KINDS} and on_error one of {ON_ERROR}")
    started = time.perf_counter()
    result = ImportResult(kind, filename, on_error, dry_run)
    try:
        table = read_table(data, filename)
        result.format, result.encoding, result.separator = (
            table.format, table.encoding, table.separator,
        )  # fmt: skip
        result.header = table.header
        positions, warnings = check_header(kind, table.header)
        if not table.rows:
            raise FileRejected(
                "file_has_no_rows",
                "الملف لا يحتوي إلا على سطر العناوين: لا توجد أسطر للاستيراد",
                "Le fichier ne contient que la ligne d'en-tête : aucune ligne à importer",
            )
    except FileRejected as rejected:
        result.file_error = rejected.as_problem()
        result.problems = [result.file_error]
        result.seconds = time.perf_counter() - started
        return result
    result.problems.extend(warnings)
    result.total = len(table.rows)
    pipeline = PIPELINES[kind]
    refs = References() if kind == "organizations" else None
    reason = f"استيراد / import {filename}".strip()
    with _names_read_ahead(kind, table, positions) as names:
        rows = []
        report = _stage(progress, "reading", result.total)
        for done, (number, cells) in enumerate(table.rows, start=1):
            rows.append(pipeline.parse_row(number, cells, positions, refs))
            if report and done % 5000 == 0:
                report(done)
        if report:
            report(result.total)
        if progress:
            progress("checking", 0, result.total)
        with transaction.atomic():
            history = ChainAppender(actor)  # the chain head first: the services' lock order
            pipeline.check_rows(actor, rows, refs, today or dt.date.today())
            if progress:
                progress("checking", result.total, result.total)
            _collect(result, rows)
            if dry_run or (result.rejected and on_error == "abort"):
                transaction.set_rollback(True)
            else:
                indexed = _write(actor, kind, rows, refs, reason, history, progress, names)
                result.search_index_pending = not indexed
                result.written = True
    result.seconds = time.perf_counter() - started
    return result


@contextmanager
def _names_read_ahead(kind: str, table, positions):
    """A large file's names read for the search index in a forked child while this
    process parses, checks and writes the rows (5-6 s for 100,000 organizations, off
    the critical path); None for small files and declarations. The child is stopped
    on the way out, whatever happened."""
    names = None
    if kind == "organizations" and len(table.rows) >= CHILD_PROCESS_FROM and fork_available():
        names = _read_names_in_child(table.rows, positions)
    try:
        yield names
    finally:
        if names is not None:
            names.cancel()


def _names_read(names: InChild):
    """The child's readings of the names; the child is gone once this returns.

    The child read the names of every row, refused ones included: whatever went
    wrong there, the names written are read again in this process, where an
    error that matters shows."""
    try:
        return names.get()
    except Exception:
        return None


def _read_names_in_child(table_rows, positions) -> InChild | None:
    try:
        from tadamon.search.entries import read_names
    except ImportError:  # the search app is not installed
        return None
    return InChild(lambda: read_names(organizations.name_pairs(table_rows, positions)))


def _collect(result: ImportResult, rows) -> None:
    counts = {"create": 0, "update": 0, "unchanged": 0} if result.kind == "organizations" else {
        "file": 0, "correct": 0, "unchanged": 0}  # fmt: skip
    for row in rows:
        result.problems.extend(row.problems)
        result.problems.extend(row.warnings)
        if row.problems:
            result.rejected += 1
            result.rejected_rows.append((row.number, row.cells, row.problems))
        else:
            counts[row.action] += 1
    result.counts = counts


def _write(actor, kind, rows, refs, reason, history: ChainAppender, progress, names) -> bool:
    """Write the valid rows and their history; returns whether the search index is up to date.

    `names`: the file's names being read for the search index in a forked child
    (or None). Its result is taken once the rows are written, and only then does
    the history's own child start: two child processes alive at once is what
    deadlocked the demo load now and then."""
    valid = [r for r in rows if not r.problems]
    changes: list = []
    indexed = True
    try:
        if kind == "organizations":
            new = writing.prepare_new(
                actor, [r for r in valid if r.action == "create"], refs.provinces, reason
            )
            updated = [r for r in valid if r.action == "update"]
            for row in updated:  # the history's before/after, taken before the save
                writing.update_history(row, reason, changes)
            mode = "auto" if len(new.records) + len(changes) >= CHILD_PROCESS_FROM else "inline"

            def history_changes():
                return itertools.chain(new.changes(), changes)

            if names is None:
                history.start(history_changes, mode=mode)
            report = _stage(progress, "writing", len(valid))
            new.write()
            writing.save_updates(updated)
            if report:
                report(len(valid))
            readings = None
            if names is not None:
                readings = _names_read(names)
                history.start(history_changes, mode=mode)
            indexed = _index_for_search(new, updated, progress, readings)
        else:
            declarations.write_declarations(valid, reason, changes)
            history.start(lambda: changes, mode="inline")
        entries = len(changes) + (len(new.records) if kind == "organizations" else 0)
        history.finish(_stage(progress, "history", entries))
    finally:
        history.cancel()
    if kind == "organizations":  # after the chain head moved: flag_pair records its own entries
        flag_duplicates(actor, [r for r in valid if r.action == "create"])
    return indexed


def _index_for_search(new, updated, progress, readings=None) -> bool:
    """New and renamed organizations enter the search index in the same transaction,
    as create_organization and update_organization do (tadamon.search); the index is
    written in bulk (COPY on PostgreSQL), from `readings` of the names where given.
    Returns whether the index is up to date."""
    try:
        from tadamon.search.indexing import index_organizations
    except ImportError:  # the search app is not installed
        return True
    renamed = [row.changed for row in updated if writing.renamed(row)]
    # What index_organizations reads of each new organization, from its record (id first).
    indexed = ("name_ar", "name_fr", "province_id", "legal_form")
    ar, fr, province, form = (writing.ORGANIZATION_FIELDS.index(name) + 1 for name in indexed)
    entries = [
        SimpleNamespace(pk=r[0], name_ar=r[ar], name_fr=r[fr], province_id=r[province],
                        legal_form=r[form])
        for r in new.records
    ]  # fmt: skip
    entries += renamed
    report = _stage(progress, "search index", len(entries))
    index_organizations(entries, report and (lambda done: None), readings)
    if report:
        report(len(entries))
    return True


def _stage(progress: Progress, name: str, total: int):
    if progress is None:
        return None
    progress(name, 0, total)
    return lambda done: progress(name, done, total)
