"""Warnings (never errors) on the rows an import would create: possible duplicates.

The one place where the duplicate check at import plugs in (issue 4, item 4):
`duplicate_warnings` gets the new rows, checked and about to be created, asks
tadamon.search.duplicates.likely_duplicates (the check of registration) for
each, and returns a warning per row that looks like a body already in the
registry, naming the candidates, their score and the reasons. The rows are
still written; `flag_duplicates` then puts each pair in the review queue
(tadamon.identity, source "import"), where a registrar confirms (merge) or
rejects it.

The check searches the registry twice a row: beyond DUPLICATE_CHECK_UP_TO new
rows it is left to the batch deduplication (`tadamon dedup`), and the import
says so.
"""

from __future__ import annotations

from collections.abc import Sequence

from tadamon.imports.problems import WARNING, ImportProblem

DUPLICATE_CHECK_UP_TO = 2_000


def duplicate_warnings(actor, new_rows: Sequence) -> dict:
    """{row: [warning]} for rows that look like existing bodies; sets `row.lookalikes`."""
    try:
        from tadamon.search.duplicates import likely_duplicates
    except ImportError:  # the search app is not installed
        return {}
    if len(new_rows) > DUPLICATE_CHECK_UP_TO:
        return {}
    warnings = {}
    for row in new_rows:
        found = likely_duplicates(row.fields)
        row.lookalikes = found
        if found:
            warnings[row] = [_warning(row, found)]
    return warnings


def _warning(row, found) -> ImportProblem:
    listed = ", ".join(_candidate(c) for c in found[:5])
    column = "name_ar" if row.values.get("name_ar") else "name_fr"
    return ImportProblem(
        row.number, column, row.values.get(column, ""), "possible_duplicate",
        f"قد تكون هذه الهيئة مسجلة من قبل: {listed}. ستسجل وتعرض المقارنة على المسجل للبت فيها",
        f"Cette organisation est peut-être déjà au registre : {listed}. Elle est enregistrée et "
        "la paire est soumise à l'examen d'un registraire",
        severity=WARNING,
    )  # fmt: skip


def _candidate(lookalike) -> str:
    other = lookalike.organization
    reasons = " + ".join(lookalike.reasons)
    name = other.name_ar or other.name_fr
    return f"{other.registry_id or other.pk} «{name}» ({lookalike.score:.2f}: {reasons})"


def skipped_warning(count: int) -> ImportProblem:
    return ImportProblem(
        None, "", "", "duplicate_check_skipped",
        f"لم يجر فحص التكرار على {count} هيئة جديدة (أكثر من {DUPLICATE_CHECK_UP_TO}): "
        "شغل tadamon dedup",
        f"Recherche de doublons non faite pour {count} nouvelles organisations (plus de "
        f"{DUPLICATE_CHECK_UP_TO}) : lancez `tadamon dedup`",
        severity=WARNING,
    )  # fmt: skip


def flag_duplicates(actor, created_rows) -> int:
    """Each new organization and its look-alikes into the review queue; returns the pairs."""
    rows = [r for r in created_rows if getattr(r, "lookalikes", None)]
    if not rows:
        return 0
    from tadamon.identity.services import flag_pair
    from tadamon.registry.models import Organization

    organizations = Organization.objects.in_bulk([r.pk for r in rows])
    flagged = 0
    for row in rows:
        for candidate in row.lookalikes:
            flag_pair(actor, candidate.organization, organizations[row.pk], candidate.score,
                      candidate.reasons, "import")  # fmt: skip
            flagged += 1
    return flagged
