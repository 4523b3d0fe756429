"""Writing checked organization rows: the bulk path of the demo loader, with the history.

New organizations go in with tadamon.history.bulk.write_rows (COPY on
PostgreSQL, executemany on SQLite) under ids reserved past every id ever
given, and registry numbers from the region's counter for the year of
registration (tadamon.registry.demo.numbers, which locks and moves the
counters, so numbering.next_number never gives one again). Changed
organizations are saved one by one after services.check_changes. Every
written row gets one history entry, action `import:create` or
`import:update`, by the acting user, appended with ChainAppender.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import numpy as np
from django.db import connection
from django.utils import timezone

from tadamon.history.bulk import SerializedChange, write_rows
from tadamon.registry.demo.names import TEXT
from tadamon.registry.demo.numbers import give_registry_numbers
from tadamon.registry.demo.tables import reserve_ids
from tadamon.registry.models import Organization, StatusChange
from tadamon.registry.services.snapshots import (
    ORGANIZATION_FIELDS,
    changed_fields,
    organization_snapshot,
)


def _default(name: str):
    field = Organization._meta.get_field(
        name.removesuffix("_id")
        if name.endswith("_id") and name not in ("registry_id", "external_id")
        else name
    )
    return None if field.null else field.get_default()


DEFAULTS = {name: _default(name) for name in ORGANIZATION_FIELDS}
DATE_FIELDS = tuple(n for n in ORGANIZATION_FIELDS if n.endswith("_date"))
# Where each snapshot key sits in a record (id first), in the canonical (sorted) order.
SORTED_POSITIONS = tuple(
    (name, ORGANIZATION_FIELDS.index(name) + 1) for name in sorted(ORGANIZATION_FIELDS)
)
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def canonical(value) -> str:
    """The history's canonical JSON (tadamon.history.chain.entry_hash): sorted, compact, UTF-8."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@dataclass
class NumberSource:
    """What give_registry_numbers reads: region, year and rank of each new organization."""

    region_code: np.ndarray
    registry_year: np.ndarray
    registry_rank: np.ndarray

    def __len__(self) -> int:
        return len(self.region_code)


def registry_numbers(new_rows, provinces) -> list[str | None]:
    region, year, rank, seen = [], [], [], {}
    for row in new_rows:
        fields = row.fields
        date = fields.get("registration_date")
        numbered = date is not None and fields["status"] != "submitted"
        key = (provinces[fields["province_id"]].region_id, date.year if numbered else 0)
        seen[key] = seen.get(key, 0) + 1 if numbered else 0
        region.append(key[0])
        year.append(key[1])
        rank.append(seen[key])
    if not new_rows:
        return []
    numbers = give_registry_numbers(
        NumberSource(
            np.array(region, dtype=TEXT), np.array(year, dtype=np.int64),
            np.array(rank, dtype=np.int64),
        )
    )  # fmt: skip
    return [n or None for n in numbers.tolist()]


@dataclass
class NewOrganizations:
    """The rows of the new organizations and of their status, ready for write_rows."""

    records: list
    statuses: list
    reason: str = ""

    def write(self) -> int:
        fields = ("id", *(_model_name(n) for n in ORGANIZATION_FIELDS), "created_at", "updated_at")
        written = write_rows(Organization, fields, self.records, count=len(self.records))
        write_rows(
            StatusChange,
            ("organization", "from_status", "to_status", "effective_on", "reason", "actor",
             "recorded_at"),
            self.statuses, count=len(self.statuses),
        )  # fmt: skip
        return written

    def changes(self):
        """Their history entries, `after` the organization_snapshot of each as canonical JSON.

        A generator over the records: on a large import ChainAppender runs it in
        a forked child, so the JSON is built on the other core while this
        process writes the rows (a dict in sorted order encoded without
        sort_keys: the same text, a third faster)."""
        reason = self.reason
        for record in self.records:
            snapshot = {name: record[position] for name, position in SORTED_POSITIONS}
            yield SerializedChange(
                "import:create", "organization", str(record[0]), None, _ENCODE(snapshot), reason
            )


def prepare_new(actor, new_rows, provinces, reason: str) -> NewOrganizations:
    """Ids, registry numbers and rows of the new organizations (nothing written yet)."""
    if not new_rows:
        return NewOrganizations([], [], reason)
    ids = reserve_ids(len(new_rows)).tolist()
    numbers = registry_numbers(new_rows, provinces)
    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now) if connection.vendor == "sqlite" else now
    today = dt.date.today()
    actor_id = actor.pk
    records, statuses = [], []
    for row, pk, number in zip(new_rows, ids, numbers, strict=True):
        row.pk = pk
        values = {**DEFAULTS, **row.fields}
        values["registry_id"] = number
        registered_on = values["registration_date"]
        for name in DATE_FIELDS:
            if values[name] is not None:
                values[name] = values[name].isoformat()
        records.append((pk, *[values[name] for name in ORGANIZATION_FIELDS], stamp, stamp))
        if values["status"] != "submitted":
            effective = (registered_on or today).isoformat()
            statuses.append((pk, "", values["status"], effective, reason, actor_id, stamp))
    return NewOrganizations(records, statuses, reason)


def _model_name(snapshot_name: str) -> str:
    return {"province_id": "province", "sector_id": "sector"}.get(snapshot_name, snapshot_name)


def update_history(row, reason: str, history: list) -> None:
    before = organization_snapshot(row.existing)
    diff = changed_fields(before, organization_snapshot(row.changed))
    history.append(
        SerializedChange(
            "import:update", "organization", str(row.changed.pk),
            canonical({k: before[k] for k in diff}), canonical(diff), reason,
        )
    )  # fmt: skip


def save_updates(changed_rows) -> int:
    for row in changed_rows:
        row.changed.save()
    return len(changed_rows)


def renamed(row) -> bool:
    """Whether the search index must be rewritten: names, province or legal form changed."""
    indexed = ("name_ar", "name_fr", "province_id", "legal_form")
    return any(getattr(row.changed, f) != getattr(row.existing, f) for f in indexed)
