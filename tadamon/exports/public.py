"""The public registry as open data: which organizations, which fields, in which columns.

Every export reads organizations through here, so one place decides what
leaves the platform:

- organizations an anonymous visitor may see (`visible_to(None)`: published
  statuses only, never a `submitted` application);
- without merged-away records (their number leads to the survivor, which is
  exported) and without refused applications (struck off with no registry
  number: never on the register);
- public fields only (`reading.PUBLIC_FIELDS`): the query selects nothing
  else, so a phone or an e-mail cannot leak by a slip in a writer. The
  `phone` and `email` columns of the organizations layout stay, always empty,
  so the file keeps the import layout column for column.

Rows are read with `iterator(chunk_size=...)` as plain dicts: 500,000
organizations stream through in constant memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from tadamon.imports.schemas import SCHEMAS
from tadamon.registry.models import Membership, Organization, Sector, StatusChange
from tadamon.registry.services.reading import PRIVATE_FIELDS, PUBLIC_FIELDS
from tadamon.registry.vocabulary import PUBLISHED_STATUSES, Status
from tadamon.territory.models import Province

CHUNK_SIZE = 2000
# Published and not merged: the bodies the registry answers for today and in the past.
LIVE_PUBLISHED = tuple(s for s in PUBLISHED_STATUSES if s != Status.MERGED)
# Columns of the organizations layout whose value comes from a differently named field.
SOURCE_OF_COLUMN = {
    "province_code": "province_id",
    "sector": "sector_id",
    "parent_registry_id": "parent_registry_id",  # the open membership's union (annotation)
}
ENDED_STATUSES = ("dissolved", "struck_off")


@cache
def organizations_schema() -> dict[str, Any]:
    """The organizations layout (shared/schemas, the import's copy): the open data's columns."""
    return json.loads((SCHEMAS / "organizations.schema.json").read_text(encoding="utf-8"))


@cache
def organization_columns() -> tuple[str, ...]:
    columns = tuple(field["name"] for field in organizations_schema()["fields"])
    annotated = {"parent_registry_id"}
    for column in columns:
        source = SOURCE_OF_COLUMN.get(column, column)
        if column not in PRIVATE_FIELDS and source not in {*PUBLIC_FIELDS, *annotated}:
            # A new column in shared/schemas: decide here whether it is public.
            raise RuntimeError(f"open data: no public source for column {column!r}")
    return columns


def public_organizations() -> QuerySet:
    """The organizations open data describes, in a stable order."""
    return (
        Organization.objects.visible_to(None)
        .filter(status__in=LIVE_PUBLISHED, registry_id__isnull=False)
        .order_by("pk")
    )


def _parent_number() -> Subquery:
    """Registry number of the union or federation the organization is a member of now."""
    open_memberships = Membership.objects.filter(
        member_id=OuterRef("pk"),
        ended_on__isnull=True,
        union__status__in=LIVE_PUBLISHED,
        union__registry_id__isnull=False,
    )
    return Subquery(open_memberships.order_by("-started_on").values("union__registry_id")[:1])


def _end_date() -> Subquery:
    """When a dissolved or struck-off organization took that status."""
    changes = StatusChange.objects.filter(
        organization_id=OuterRef("pk"), to_status=OuterRef("status")
    )
    return Subquery(changes.order_by("-recorded_at", "-pk").values("effective_on")[:1])


def organization_records(
    queryset: QuerySet | None = None, *, with_end_date: bool = False, with_id: bool = False
) -> Iterator[dict[str, Any]]:
    """Public fields of each organization as a dict, streamed in chunks (with its
    primary key as `id` if asked, for a caller that matches records to its own list)."""
    queryset = public_organizations() if queryset is None else queryset
    annotations: dict[str, Subquery] = {"parent_registry_id": _parent_number()}
    if with_end_date:
        annotations["ended_on"] = _end_date()
    keys = ("id",) if with_id else ()
    rows = queryset.annotate(**annotations).values(*keys, *PUBLIC_FIELDS, *annotations)
    for record in rows.iterator(chunk_size=CHUNK_SIZE):
        if with_end_date and record["status"] not in ENDED_STATUSES:
            record["ended_on"] = None
        yield record


def organization_row(record: dict[str, Any]) -> list[Any]:
    """One record in the layout's column order; private columns always empty."""
    return [
        None if column in PRIVATE_FIELDS else record[SOURCE_OF_COLUMN.get(column, column)]
        for column in organization_columns()
    ]


def organization_rows() -> Iterator[list[Any]]:
    for record in organization_records():
        yield organization_row(record)


def count_public_organizations() -> int:
    return public_organizations().count()


def province_names() -> dict[str, tuple[str, str, str]]:
    """Province code → (Arabic name, French name, region code): 75 rows, read once."""
    return {
        code: (name_ar, name_fr, region)
        for code, name_ar, name_fr, region in Province.objects.values_list(
            "code", "name_ar", "name_fr", "region_id"
        )
    }


def sector_labels() -> dict[str, tuple[str, str, str]]:
    """Sector code → (Arabic, French, English label)."""
    return {
        code: (ar, fr, en)
        for code, ar, fr, en in Sector.objects.values_list(
            "code", "label_ar", "label_fr", "label_en"
        )
    }
