"""Turns history entries into rows a registrar can read: labelled fields, before → after."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from tadamon.history.models import HistoryEntry
from tadamon.registry.models import Declaration, Membership, Organization, Sector
from tadamon.registry.vocabulary import Status
from tadamon.territory.models import Province

ACTION_LABELS = {
    "create": _("Application recorded"),
    "update": _("Record edited"),
    "declaration:file": _("Declaration filed"),
    "declaration:correct": _("Declaration corrected"),
    "membership:add": _("Joined a union or federation"),
    "membership:end": _("Left a union or federation"),
    "merge": _("Merge"),
    "unmerge": _("Merge undone"),
    "membership:move": _("Membership moved by a merge"),
    "demo:register": _("Loaded with the demo registry"),
    "demo:declarations": _("Declarations loaded with the demo registry"),
    "demo:membership": _("Membership loaded with the demo registry"),
    "import:create": _("Imported"),
    "import:update": _("Changed by import"),
    "import:declaration:file": _("Declaration imported"),
    "import:declaration:correct": _("Declaration corrected by import"),
    "duplicate:flag": _("Possible duplicate raised"),
    "duplicate:rescore": _("Possible duplicate rescored"),
    "duplicate:confirm": _("Duplicate confirmed"),
    "duplicate:reject": _("Duplicate rejected"),
}
EXTRA_LABELS = {
    "effective_on": _("effective on"),
    "organization_id": None,
    "merge_id": None,
    "absorbed": _("absorbed organization"),
    "kept_since_edited": _("kept as edited since the merge"),
}


@dataclass
class FieldChange:
    label: str
    before: object
    after: object


@dataclass
class HistoryRow:
    entry: HistoryEntry
    action_label: str
    changes: list[FieldChange]


def action_label(action: str) -> str:
    if action.startswith("status:"):
        status = dict(Status.choices).get(action.split(":", 1)[1], action)
        return _("Status → %(status)s") % {"status": status}
    return str(ACTION_LABELS.get(action, action))


def _model_field(name: str):
    for model in (Organization, Declaration, Membership):
        for candidate in (name, name.removesuffix("_id")):
            try:
                field = model._meta.get_field(candidate)
            except FieldDoesNotExist:
                continue
            # Only the model's own columns: a reverse relation (Organization.members)
            # has neither verbose name nor choices, and other apps' entries use such keys.
            if field.concrete:
                return field
    return None


def field_label(name: str) -> str | None:
    if name in EXTRA_LABELS:
        label = EXTRA_LABELS[name]
        return str(label) if label else None
    field = _model_field(name)
    return str(field.verbose_name) if field is not None else name


def display_value(name: str, value):
    """Codes as a registrar reads them: a status or legal form by its label, a province by name."""
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name == "province_id":
        province = Province.objects.filter(code=value).first()
        return f"{value} {province.name}" if province else value
    if name == "sector_id":
        sector = Sector.objects.filter(code=value).first()
        return sector.label if sector else value
    field = _model_field(name)
    if field is not None and field.choices:
        return dict(field.flatchoices).get(value, value)
    return value


def _declaration_table_row(entry: HistoryEntry) -> HistoryRow:
    """A demo load keeps each organization's declarations as one table: a line a year."""
    table = entry.after or {}
    names = table.get("figures", [])
    changes = []
    for year, values in sorted((table.get("years") or {}).items()):
        shown = ", ".join(
            f"{field_label(name)}: {value}"
            for name, value in zip(names, values, strict=False)
            if value is not None
        )
        changes.append(FieldChange(str(year), None, shown))
    return HistoryRow(entry, action_label(entry.action), changes)


def _is_blank(value) -> bool:
    """Nothing worth showing; 0 is a figure, so it is not blank."""
    return value is None or value == "" or value is False


def history_rows(entries, hidden_fields: tuple[str, ...] = ()) -> list[HistoryRow]:
    """Readable rows; `hidden_fields` (the private ones, for most readers) are left out."""
    rows = []
    for entry in entries:
        if entry.action == "demo:declarations":
            rows.append(_declaration_table_row(entry))
            continue
        before, after = entry.before or {}, entry.after or {}
        changes = []
        for name in list(dict.fromkeys([*before, *after])):
            old, new = before.get(name), after.get(name)
            label = field_label(name)
            if name in hidden_fields or label is None or (_is_blank(old) and _is_blank(new)):
                continue
            if old == new:
                continue
            changes.append(FieldChange(label, display_value(name, old), display_value(name, new)))
        rows.append(HistoryRow(entry, action_label(entry.action), changes))
    return rows
