"""Organizations as Murmurations profiles (organizations_schema-v1.0.0).

A profile is what the Murmurations index harvests from a stable URL
(`/organizations/<registry_id>/murmurations.json`); the export also writes
one file per organization. Only public fields: never the telephone or the
contact e-mail the schema offers. How each field is filled is in
docs/open-data.md.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from tadamon.exports.links import organization_url
from tadamon.registry.vocabulary import LEGAL_FORM_LABELS

SCHEMA_NAME = "organizations_schema-v1.0.0"
SCHEMA_DIR = Path(__file__).resolve().parent / "vocabularies" / "murmurations"
NAME_LIMIT = 200  # the schema's maxLength for a name
TAG_LIMIT = 100
# Registry status → Murmurations status: the schema's words are about projects.
STATUS = {
    "registered": "active",
    "suspended": "on_hold",
    "dissolved": "completed",
    "struck_off": "cancelled",
}
MEMBER_OF = "https://schema.org/memberOf"
WEB = re.compile(r"^https?://")


def _timestamp(day: dt.date | None) -> int | None:
    """A date as the schema's Unix time: midnight UTC of that day."""
    if day is None:
        return None
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def _tags(*labels: str) -> list[str]:
    seen: list[str] = []
    for label in labels:
        label = (label or "").strip()[:TAG_LIMIT]
        if label and label not in seen:
            seen.append(label)
    return seen


def profile(
    record: dict[str, Any],
    base_url: str,
    provinces: dict[str, tuple[str, str, str]],
    sectors: dict[str, tuple[str, str, str]],
) -> dict[str, Any]:
    """The organization's profile; blank fields are left out."""
    number = record["registry_id"]
    page = organization_url(base_url, number)
    name = record["name_ar"] or record["name_fr"]
    other_name = record["name_fr"] if record["name_ar"] else ""
    province_ar, province_fr, _region = provinces[record["province_id"]]
    form_ar, form_fr = LEGAL_FORM_LABELS[record["legal_form"]]
    sector = sectors.get(record["sector_id"] or "", ("", "", ""))
    where = ", ".join(p for p in (record["address"], record["commune"]) if p)
    description = "\n".join(
        line
        for line in (other_name, f"{form_ar} — {form_fr}", f"{province_ar} — {province_fr}",
                     record["activity"])
        if line
    )  # fmt: skip
    # URLField also takes ftp:// addresses; the schema wants http(s).
    website = record["website"] if WEB.match(record["website"] or "") else ""
    urls = [{"name": "Tadamon", "url": page}]
    if website:
        urls.append({"name": "website", "url": website})
    data: dict[str, Any] = {
        "linked_schemas": [SCHEMA_NAME],
        "name": name[:NAME_LIMIT],
        "nickname": record["acronym"] or None,
        "primary_url": website or page,
        "tags": _tags(form_ar, form_fr, *sector, province_ar, province_fr),
        "urls": urls,
        "description": description,
        "status": STATUS.get(record["status"]),
        "full_address": ", ".join(p for p in (where, province_fr, "Maroc") if p),
        "country_iso_3166": "MA",
        "starts_at": _timestamp(record["founding_date"]),
        "ends_at": _timestamp(record.get("ended_on")),
        "unique_id": number,
    }
    if record["parent_registry_id"]:
        data["relationships"] = [
            {
                "predicate_url": MEMBER_OF,
                "object_url": organization_url(base_url, record["parent_registry_id"]),
            }
        ]
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def profile_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
