"""The Frictionless Data Package: datapackage.json beside its two CSV tables.

Each resource carries its Table Schema inline, so the package is complete in
one folder (or one zip): the organizations layout of shared/schemas (the
import's copy, tadamon/imports/schemas/) and our own schema of the province
aggregate (schemas/declarations_by_province.schema.json). `frictionless
validate datapackage.json` checks the descriptor, the schemas and every cell.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from tadamon.exports.aggregates import TABLE_NAME, aggregate_schema
from tadamon.exports.public import organizations_schema

PACKAGE_NAME = "tadamon-registry"
DESCRIPTOR = "datapackage.json"
ORGANIZATIONS_FILE = "organizations.csv"
AGGREGATE_FILE = f"{TABLE_NAME}.csv"
LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}


def _schema(schema: dict[str, Any]) -> dict[str, Any]:
    # A Table Schema has no name or title of its own: those belong to the resource.
    return {k: v for k, v in schema.items() if k not in ("name", "title", "description")}


def _resource(name: str, path: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "path": path,
        "profile": "tabular-data-resource",
        "title": schema.get("title", name),
        "description": schema.get("description", ""),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
        "schema": _schema(schema),
    }


def descriptor(base_url: str, created: dt.datetime | None = None) -> dict[str, Any]:
    created = created or dt.datetime.now(dt.UTC)
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "Tadamon — national registry of the social and solidarity economy (Morocco)",
        "description": (
            "The public registry of associations, cooperatives, mutuals and their unions "
            "(public fields only), and their yearly declarations summed by province and year. "
            "السجل الوطني العمومي للاقتصاد الاجتماعي والتضامني بالمغرب. "
            "Registre national public de l'économie sociale et solidaire au Maroc."
        ),
        "homepage": f"{base_url}/open-data/",
        "created": created.replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "keywords": ["social and solidarity economy", "Morocco", "cooperatives", "associations"],
        "licenses": [LICENCE],
        "sources": [{"title": "Tadamon", "path": f"{base_url}/"}],
        "resources": [
            _resource("organizations", ORGANIZATIONS_FILE, organizations_schema()),
            _resource(TABLE_NAME, AGGREGATE_FILE, aggregate_schema()),
        ],
    }


def write_descriptor(folder: Path, base_url: str) -> Path:
    path = folder / DESCRIPTOR
    text = json.dumps(descriptor(base_url), ensure_ascii=False, indent=2) + "\n"
    path.write_text(text, encoding="utf-8")
    return path
