"""Declaration rows: one per organization and year, filed, corrected or left as they are.

The organization is named by registry_id or, failing that, external_id, and
must exist. Figures are read by the declarations service's own parser
(services.declarations._figure) and checked by rules.declaration_errors,
as file_declaration does; the service's other refusals (not registered, a
year out of range) are obtained from file_declaration itself, run in a
savepoint that is always rolled back. A row with the figures already on
record is left alone; a new one is filed (`import:declaration:file`), a
different one corrects the record (`import:declaration:correct`), the
replaced figures kept in the history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from tadamon.accounts import scope
from tadamon.errors import DomainError, ValidationFailed
from tadamon.history.bulk import SerializedChange
from tadamon.imports import parsing
from tadamon.imports.organizations import existing_organizations
from tadamon.imports.problems import ImportProblem, flag_repeats
from tadamon.imports.writing import canonical
from tadamon.registry.models import DECLARATION_FIGURES, Declaration, Organization
from tadamon.registry.numbering import normalize_number
from tadamon.registry.rules import declaration_errors
from tadamon.registry.services.declarations import _figure, file_declaration
from tadamon.registry.services.permissions import require_edit_profile, require_not_merged
from tadamon.registry.services.snapshots import declaration_snapshot

YEARS = range(1900, 2201)  # what file_declaration accepts


@dataclass
class DeclarationRow:
    number: int
    cells: list
    values: dict[str, str] = field(default_factory=dict)
    fields: dict = field(default_factory=dict)  # registry_id, external_id (the keys)
    year: int | None = None
    figures: dict = field(default_factory=dict)
    problems: list[ImportProblem] = field(default_factory=list)
    warnings: list[ImportProblem] = field(default_factory=list)
    organization: Organization | None = None
    existing: Declaration | None = None
    action: str = ""  # file, correct, unchanged

    def error(self, column: str, error: DomainError) -> None:
        failures = error.errors if isinstance(error, ValidationFailed) else [error]
        for failure in failures:
            name = failure.field if failure.field in self.values else column
            self.problems.append(
                ImportProblem.from_error(self.number, name, self.values.get(name, ""), failure)
            )


def parse_row(number: int, cells: list, positions: dict[str, int], refs=None) -> DeclarationRow:
    row = DeclarationRow(number, cells)
    width = len(cells)
    raw = {c: (cells[p] if p < width else "") for c, p in positions.items()}
    row.values = {c: parsing.text(v) for c, v in raw.items()}
    for column, value in row.values.items():
        if value:
            try:
                parsing.check_not_formula(column, value)
            except DomainError as error:
                row.error(column, error)
    if row.problems:
        return row
    row.fields["external_id"] = row.values.get("external_id", "")
    if row.values.get("registry_id"):
        try:
            row.fields["registry_id"] = normalize_number(row.values["registry_id"])
        except DomainError as error:
            row.error("registry_id", error)
    try:
        row.year = parsing.integer("year", raw.get("year"))
        if row.year is None:
            row.error("year", _year_required())
    except DomainError as error:
        row.error("year", error)
    for name in DECLARATION_FIGURES:
        if name not in raw:
            continue
        try:
            number_text = parsing.number_text(name, raw[name])
            row.figures[name] = None if number_text is None else _figure(name, number_text)
        except DomainError as error:
            row.error(name, error)
    return row


def check_rows(actor, rows: list[DeclarationRow], refs=None, today: dt.date | None = None):
    by_number, by_external = existing_organizations([r for r in rows if not r.problems])
    for row in rows:
        if not row.problems:
            _match(row, by_number, by_external)
    _flag_repeated_years(rows)
    existing = _existing_declarations([r for r in rows if not r.problems])
    for row in rows:
        if not row.problems:
            _check(actor, row, existing, today)


def _match(row: DeclarationRow, by_number, by_external) -> None:
    number, external = row.fields.get("registry_id"), row.fields.get("external_id")
    if number:
        row.organization = by_number.get(number)
    elif external and len(by_external.get(external, [])) == 1:
        row.organization = by_external[external][0]
    if row.organization is None:
        column = "registry_id" if number else "external_id"
        shown = row.values.get(column, "")
        several = not number and len(by_external.get(external or "", [])) > 1
        row.problems.append(
            ImportProblem(
                row.number, column, shown, "organization_unknown",
                f"لا توجد هيئة واحدة بهذا المعرف «{shown}» في السجل"
                + (" (عدة هيئات تحمله: حدد رقم السجل)" if several else ""),
                f"Aucune organisation unique du registre ne porte l'identifiant « {shown} »"
                + (" (plusieurs le portent : indiquez le numéro de registre)" if several else ""),
            )
        )  # fmt: skip


def _flag_repeated_years(rows: list[DeclarationRow]) -> None:
    seen: dict[tuple[int, int], list[DeclarationRow]] = {}
    for row in rows:
        if not row.problems:
            seen.setdefault((row.organization.pk, row.year), []).append(row)
    flag_repeats(
        seen.values(),
        lambda row, numbers: ImportProblem(
            row.number, "year", str(row.year), "key_repeated_in_file",
            f"تصريحان أو أكثر لنفس الهيئة عن سنة {row.year} في الملف (الأسطر {numbers})",
            f"Plusieurs déclarations de la même organisation pour {row.year} dans le "
            f"fichier (lignes {numbers})",
        ),
    )  # fmt: skip


def _existing_declarations(rows: list[DeclarationRow]) -> dict:
    found = {}
    organizations = sorted({r.organization.pk for r in rows})
    for start in range(0, len(organizations), 2000):
        chunk = organizations[start : start + 2000]
        for declaration in Declaration.objects.select_for_update().filter(
            organization_id__in=chunk
        ):
            found[(declaration.organization_id, declaration.year)] = declaration
    return found


def _check(actor, row: DeclarationRow, existing: dict, today) -> None:
    organization = row.organization
    key = "registry_id" if row.values.get("registry_id") else "external_id"
    try:
        if not scope.can_edit_profile(actor, organization):
            require_edit_profile(actor, organization)
        require_not_merged(organization)  # file_declaration's own checks, in its order
    except DomainError as error:
        row.error(key, error)
        return
    if organization.status == "submitted" or row.year not in YEARS:
        refusal = _service_refusal(actor, organization, row.year, row.figures)
        if refusal is not None:
            row.error("year", refusal)
            return
    figures = {name: row.figures.get(name) for name in DECLARATION_FIGURES}
    for error in declaration_errors(row.year, figures, organization.founding_date, today):
        row.error(error.field or "", error)
    if row.problems:
        return
    current = existing.get((organization.pk, row.year))
    row.existing = current
    if current is None:
        row.action = "file"
        return
    before = declaration_snapshot(current)
    updated = Declaration(organization=organization, year=row.year, **_merged(current, row))
    row.action = "unchanged" if declaration_snapshot(updated) == before else "correct"


def _merged(current: Declaration, row: DeclarationRow) -> dict:
    """Figures of the file; a column the file does not have keeps its recorded value."""
    return {
        name: row.figures[name] if name in row.figures else getattr(current, name)
        for name in DECLARATION_FIGURES
    }


class _WouldWrite(Exception):
    pass


def _service_refusal(actor, organization, year, figures) -> DomainError | None:
    """file_declaration's own refusal of this row, in a savepoint that never commits."""
    try:
        with transaction.atomic():
            file_declaration(actor, organization, year, figures)
            raise _WouldWrite
    except DomainError as error:
        return error
    except _WouldWrite:
        return None


def write_declarations(rows: list[DeclarationRow], reason: str, history: list) -> dict:
    now = timezone.now()
    new, corrected = [], []
    for row in rows:
        if row.action == "file":
            figures = {name: row.figures.get(name) for name in DECLARATION_FIGURES}
            declaration = Declaration(organization=row.organization, year=row.year, **figures)
            declaration.filed_at = now
            new.append((row, declaration, None))
        elif row.action == "correct":
            before = declaration_snapshot(row.existing)
            for name, value in _merged(row.existing, row).items():
                setattr(row.existing, name, value)
            row.existing.filed_at = now
            corrected.append((row, row.existing, before))
    Declaration.objects.bulk_create([d for _, d, _ in new], batch_size=2000)
    Declaration.objects.bulk_update(
        [d for _, d, _ in corrected], [*DECLARATION_FIGURES, "filed_at"], batch_size=2000
    )
    for action, group in (
        ("import:declaration:file", new),
        ("import:declaration:correct", corrected),
    ):
        for row, declaration, before in group:
            history.append(
                SerializedChange(
                    action, "organization", str(row.organization.pk),
                    None if before is None else canonical(before),
                    canonical(declaration_snapshot(declaration)), reason,
                )
            )  # fmt: skip
    return {"created": len(new), "updated": len(corrected)}


def _year_required() -> DomainError:
    return DomainError(
        "year_required", "يجب إدخال سنة التصريح", "L'année de la déclaration est requise", "year"
    )
