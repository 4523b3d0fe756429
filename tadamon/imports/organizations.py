"""Organization rows: read, checked against the registry's rules, matched, planned.

Each row becomes the fields an organization holds, or problems. Rules are
the services' own: tadamon.registry.rules.organization_errors on every new
row; the services' refusals (unknown province or sector, out of scope,
field lengths) produced by the services' own functions whenever the fast
checks here see a problem; and services.organizations.check_changes, the
very check of update_organization, on every row that changes an existing
organization. What is per row here is plain Python on values already in
memory: 100,000 rows are checked in seconds.

Matching: a row names an existing organization by registry_id (which must
exist), failing that by external_id; otherwise it is new. A row identical
to the organization it names is left alone (no write, no history).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import CharField

from tadamon.accounts import scope
from tadamon.errors import DomainError, ValidationFailed
from tadamon.imports import parsing
from tadamon.imports.checks import DUPLICATE_CHECK_UP_TO, duplicate_warnings, skipped_warning
from tadamon.imports.problems import ImportProblem, flag_repeats
from tadamon.imports.references import References
from tadamon.registry.models import Organization
from tadamon.registry.numbering import normalize_number
from tadamon.registry.rules import organization_errors
from tadamon.registry.services import organizations as organization_services
from tadamon.registry.services.permissions import require_register_in
from tadamon.registry.services.snapshots import ORGANIZATION_FIELDS

TEXT_COLUMNS = (
    "external_id", "name_ar", "name_fr", "acronym", "commune", "address", "activity",
    "ice", "phone", "email", "website",
)  # fmt: skip
DATE_COLUMNS = ("founding_date", "registration_date", "public_utility_date")
# Where a service's error about a model field is shown: the file's column.
COLUMN_OF_FIELD = {
    "province": "province_code",
    "province_id": "province_code",
    "sector_id": "sector",
}
LIFECYCLE = ("status", "registration_date")
MAX_LENGTHS = {
    f.name: f.max_length
    for f in Organization._meta.concrete_fields
    if isinstance(f, CharField) and f.max_length
}
MISSING = object()
NUMBERED_STATUSES = ("registered", "suspended", "dissolved")
# The text fields a file sets freely (codes come from the vocabularies and fit).
LENGTH_LIMITS = tuple((name, MAX_LENGTHS[name]) for name in TEXT_COLUMNS if name in MAX_LENGTHS)


@dataclass(eq=False)  # rows are keys of the duplicate warnings: compared by identity
class OrganizationRow:
    number: int
    cells: list
    values: dict[str, str] = field(default_factory=dict)  # column → text as written
    fields: dict[str, Any] = field(default_factory=dict)  # model field → value
    problems: list[ImportProblem] = field(default_factory=list)
    warnings: list[ImportProblem] = field(default_factory=list)
    existing: Organization | None = None
    action: str = ""  # create, update, unchanged
    changed: Organization | None = None  # for updates: the checked, changed copy
    pk: int | None = None  # for new rows: the id given at writing
    lookalikes: list = field(default_factory=list)  # possible duplicates (checks.py)

    def error(self, column: str, error: DomainError) -> None:
        failures = error.errors if isinstance(error, ValidationFailed) else [error]
        for failure in failures:
            name = COLUMN_OF_FIELD.get(failure.field or "", failure.field or column)
            if name not in self.values:
                name = column
            self.problems.append(
                ImportProblem.from_error(self.number, name, self.values.get(name, ""), failure)
            )


def parse_row(
    number: int, cells: list, positions: dict[str, int], refs: References
) -> OrganizationRow:
    """The row's cells as model fields (no database): every cell's problem is kept.

    The hot path of a large import (20 columns x 100,000 rows): plain strings
    are trimmed inline, the other cells (XLSX numbers and dates) go through
    parsing.text."""
    row = OrganizationRow(number, cells)
    width = len(cells)
    values = row.values
    for column, position in positions.items():
        cell = cells[position] if position < width else ""
        values[column] = cell.strip() if cell.__class__ is str else parsing.text(cell)
    for column, value in values.items():
        if value[:1] == parsing.FORMULA_START:
            try:
                parsing.check_not_formula(column, value)
            except DomainError as error:
                row.error(column, error)
    if row.problems:
        return row
    fields = row.fields
    for column in TEXT_COLUMNS:
        if column in values:
            fields[column] = values[column]
    known = refs.known  # cell text -> code, for the values already met in this file
    dates = known["dates"]  # a file repeats its dates (benchmark: 300,000 cells, 15,200 texts)
    for column in DATE_COLUMNS:
        if column in values:
            cell = cells[positions[column]] if positions[column] < width else ""
            date = dates.get(cell, MISSING) if cell.__class__ is str else MISSING
            if date is MISSING:
                _parse(row, column, column, lambda v, c=column, cell=cell: parsing.date(c, cell))
                if column in fields and cell.__class__ is str:
                    dates[cell] = fields[column]
            else:
                fields[column] = date
    for column, name, parse in (
        ("legal_form", "legal_form", refs.legal_form),
        ("province_code", "province_id", lambda v: refs.province(v).code),
        ("sector", "sector_id", refs.sector),
        ("status", "status", lambda v: refs.status(v) if v else ""),
    ):
        if column not in values:
            continue
        code = known[column].get(values[column], MISSING)
        if code is MISSING:
            _parse(row, column, name, parse)
            if name in fields:
                known[column][values[column]] = fields[name]
        else:
            fields[name] = code
    if "public_utility" in values:
        _parse(
            row, "public_utility", "public_utility", lambda v: parsing.boolean("public_utility", v)
        )
    if values.get("registry_id"):
        _parse(row, "registry_id", "registry_id", normalize_number)
    return row


def name_pairs(table_rows: list[tuple[int, list]], positions: dict[str, int]):
    """Each row's (name_ar, name_fr) as parse_row reads them, for reading the names
    into the search index ahead of the checks (a pair read wrongly here is only
    read again when the index is written)."""
    at_ar, at_fr = positions.get("name_ar"), positions.get("name_fr")
    for _number, cells in table_rows:
        yield _cell_text(cells, at_ar), _cell_text(cells, at_fr)


def _cell_text(cells: list, position: int | None) -> str:
    cell = cells[position] if position is not None and position < len(cells) else ""
    return cell.strip() if cell.__class__ is str else parsing.text(cell)


def _parse(row: OrganizationRow, column: str, name: str, parse) -> None:
    try:
        row.fields[name] = parse(row.values.get(column, ""))
    except DomainError as error:
        row.error(column, error)


def existing_organizations(rows: list) -> tuple[dict, dict]:
    """The organizations the file names, by registry number and by external id (locked)."""
    numbers = {r.fields["registry_id"] for r in rows if r.fields.get("registry_id")}
    externals = {r.fields["external_id"] for r in rows if r.fields.get("external_id")}
    by_number: dict[str, Organization] = {}
    by_external: dict[str, list[Organization]] = {}
    for organization in _locked(_ids_where("registry_id", numbers)):
        by_number[organization.registry_id] = organization
    for organization in _locked(_ids_where("external_id", externals)):
        by_external.setdefault(organization.external_id, []).append(organization)
    return by_number, by_external


def _locked(ids: list[int]):
    base = Organization.objects.select_for_update(of=("self",)).select_related("province")
    size = 20_000 if connection.vendor == "postgresql" else 900
    for chunk in _chunks(sorted(ids), size):
        yield from base.filter(pk__in=chunk)


def _ids_where(column: str, values: set[str]) -> list[int]:
    """Ids of the organizations whose column is one of the values.

    On PostgreSQL one `= ANY(array)` query: 100,000 external ids as IN lists
    of 2,000 parameters took half a second of query building alone."""
    if not values:
        return []
    table = connection.ops.quote_name(Organization._meta.db_table)
    ids: list[int] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT id FROM {table} WHERE {column} = ANY(%s)", [sorted(values)])
            return [pk for (pk,) in cursor.fetchall()]
        for chunk in _chunks(sorted(values), 900):
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"SELECT id FROM {table} WHERE {column} IN ({marks})", chunk)
            ids += [pk for (pk,) in cursor.fetchall()]
    return ids


def _chunks(values: list, size: int = 2000):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def flag_repeated_keys(rows: list[OrganizationRow]) -> None:
    """The same registry_id or external_id twice in one file: every such row is refused."""
    for key in ("registry_id", "external_id"):
        keys = [(row.fields.get(key) or "").upper() for row in rows]
        if len(set(keys) - {""}) == sum(1 for k in keys if k):
            continue  # every key once: the usual case, checked in C
        seen: dict[str, list[OrganizationRow]] = {}
        for row in rows:
            value = row.fields.get(key) or ""
            if value:
                seen.setdefault(value.upper(), []).append(row)
        flag_repeats(
            seen.values(),
            lambda row, numbers, key=key: ImportProblem(
                row.number, key, row.values.get(key, ""), "key_repeated_in_file",
                f"القيمة «{row.values.get(key, '')}» مكررة في الملف (الأسطر {numbers})",
                f"La valeur « {row.values.get(key, '')} » figure plusieurs fois dans le "
                f"fichier (lignes {numbers})",
            ),
        )  # fmt: skip


def check_rows(actor, rows: list[OrganizationRow], refs: References, today: dt.date) -> None:
    """Match every parsed row and check it against the registry (inside the transaction)."""
    for row in rows:
        if row.problems:
            _rules_beside_parse_errors(row, today)
    flag_repeated_keys(rows)
    by_number, by_external = existing_organizations([r for r in rows if not r.problems])
    new_rows = []
    for row in rows:
        if row.problems:
            continue
        number = row.fields.pop("registry_id", None)
        external = row.fields.get("external_id") or ""
        if number:
            row.existing = by_number.get(number)
            if row.existing is None:
                row.problems.append(_unknown_number(row, number))
                continue
        elif external and external in by_external:
            matches = by_external[external]
            if len(matches) > 1:
                row.problems.append(_ambiguous_external(row, external, len(matches)))
                continue
            row.existing = matches[0]
        if row.existing is None:
            _check_new(actor, row, refs, today)
            if not row.problems:
                new_rows.append(row)
        else:
            _check_existing(actor, row)
    for row, warnings in duplicate_warnings(actor, new_rows).items():
        row.warnings.extend(warnings)
    if len(new_rows) > DUPLICATE_CHECK_UP_TO:
        rows[0].warnings.append(skipped_warning(len(new_rows)))


def _rules_beside_parse_errors(row: OrganizationRow, today: dt.date) -> None:
    """A row whose cells could not all be read still gets the rules on the others checked."""
    if any(p.code == "formula_in_cell" for p in row.problems):
        return
    columns = {p.column for p in row.problems}
    for error in organization_errors(row.fields, today=today):
        column = COLUMN_OF_FIELD.get(error.field or "", error.field or "")
        if column not in columns and not (
            column == "province_code" and "province_id" not in row.fields
        ):
            row.error(column, error)


def _check_new(actor, row: OrganizationRow, refs: References, today: dt.date) -> None:
    fields = row.fields
    fields.setdefault("status", "")
    fields["status"] = fields["status"] or "submitted"
    province = refs.provinces[fields["province_id"]]
    if not scope.can_register_in(actor, province):
        try:
            require_register_in(actor, province)
        except DomainError as error:
            row.error("province_code", error)
            return
    errors = organization_errors(fields, today=today)
    if fields["status"] in NUMBERED_STATUSES and not fields.get("registration_date"):
        errors.append(_registration_date_required(fields["status"]))
    if fields["status"] == "submitted" and fields.get("registration_date"):
        errors.append(_submitted_with_date())
    for error in errors:
        row.error(error.field or "", error)
    if any(len(fields.get(k) or "") > limit for k, limit in LENGTH_LIMITS):
        model_fields = {k: v for k, v in fields.items() if k in ORGANIZATION_FIELDS}
        try:
            organization_services._check_field_formats(Organization(**model_fields))
        except DomainError as error:
            row.error("", error)
    if not row.problems:
        row.action = "create"


def _check_existing(actor, row: OrganizationRow) -> None:
    current = row.existing
    for name in LIFECYCLE:
        if name in row.fields and row.fields[name] and row.fields[name] != getattr(current, name):
            row.problems.append(_lifecycle_change(row, name, getattr(current, name)))
    row.fields.pop("status", None)
    row.fields.pop("registration_date", None)
    if row.problems:
        return
    changes = {k: v for k, v in row.fields.items() if getattr(current, k) != v}
    if not changes:
        row.action = "unchanged"
        return
    try:
        row.changed = organization_services.check_changes(actor, current, changes)
    except DomainError as error:
        row.error("", error)
        return
    row.action = "update"


def _unknown_number(row: OrganizationRow, number: str) -> ImportProblem:
    return ImportProblem(
        row.number, "registry_id", row.values["registry_id"], "registry_id_unknown",
        f"رقم السجل «{number}» لا يطابق أي هيئة مسجلة؛ اترك الخانة فارغة لهيئة جديدة",
        f"Le numéro de registre « {number} » ne correspond à aucune organisation ; laissez la "
        "case vide pour une nouvelle organisation",
    )  # fmt: skip


def _ambiguous_external(row: OrganizationRow, external: str, count: int) -> ImportProblem:
    return ImportProblem(
        row.number, "external_id", external, "external_id_ambiguous",
        f"المعرف الخارجي «{external}» يطابق {count} هيئات: حدد رقم السجل",
        f"L'identifiant externe « {external} » correspond à {count} organisations : indiquez le "
        "numéro de registre",
    )  # fmt: skip


def _lifecycle_change(row: OrganizationRow, name: str, current) -> ImportProblem:
    shown = current.isoformat() if isinstance(current, dt.date) else (current or "")
    return ImportProblem(
        row.number, name, row.values.get(name, ""), "lifecycle_not_by_import",
        f"لا يغير الاستيراد {'الحالة' if name == 'status' else 'تاريخ التسجيل'} "
        f"(القيمة الحالية «{shown}»): استعمل مسار الحالة في المكتب الخلفي",
        f"L'import ne change pas {'le statut' if name == 'status' else 'la date d’enregistrement'}"
        f" (valeur actuelle « {shown} ») : passez par le changement d'état du back-office",
    )  # fmt: skip


def _registration_date_required(status: str) -> DomainError:
    return DomainError(
        "registration_date_required",
        "هيئة مسجلة بدون تاريخ تسجيل: أدخل تاريخ التسجيل ليعطى لها رقم السجل",
        "Organisation enregistrée sans date d'enregistrement : indiquez-la pour que le numéro "
        "de registre lui soit attribué",
        "registration_date",
    )


def _submitted_with_date() -> DomainError:
    return DomainError(
        "registration_date_without_registration",
        "ملف مودع لم يسجل بعد لا يحمل تاريخ تسجيل",
        "Un dossier déposé, pas encore enregistré, n'a pas de date d'enregistrement",
        "registration_date",
    )
