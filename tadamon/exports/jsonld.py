"""Organizations as JSON-LD: ESSGlobal's SSEInitiative and schema.org's Organization.

One document, `{"@context": ..., "@graph": [...]}`, written one organization
at a time. The context is inline (a remote context would make every reader
download it, and our tests may not). Terms and the reasons for each mapping
are in docs/open-data.md; codes come from essglobal.py.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from typing import Any

from tadamon.exports import essglobal, public
from tadamon.exports.links import organization_url

CONTEXT = {
    "essglobal": essglobal.ESSGLOBAL,
    "schema": essglobal.SCHEMA_ORG,
    "legal": essglobal.LEGAL_FORM,
    "structure": essglobal.STRUCTURE,
    "ica": essglobal.ACTIVITY_ICA,
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
DATE = "xsd:date"


def _names(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"@value": text, "@language": lang} for text, lang in pairs if text]


def _date(value: dt.date | None) -> dict[str, str] | None:
    return {"@value": value.isoformat(), "@type": DATE} if value else None


def organization_node(
    record: dict[str, Any],
    base_url: str,
    provinces: dict[str, tuple[str, str, str]],
    sectors: dict[str, tuple[str, str, str]],
) -> dict[str, Any]:
    """One organization's node; blank fields are left out, never written as empty."""
    form = record["legal_form"]
    concepts = essglobal.LEGAL_FORMS[form]
    province_ar, province_fr, _region = provinces[record["province_id"]]
    types = ["essglobal:SSEInitiative", "schema:Organization"]
    if concepts.network:
        types.append("essglobal:Network")
    address = {
        "@type": "schema:PostalAddress",
        "schema:streetAddress": record["address"] or None,
        "schema:addressLocality": record["commune"] or None,
        "schema:addressRegion": _names((province_ar, "ar"), (province_fr, "fr")),
        "schema:addressCountry": "MA",
    }
    node: dict[str, Any] = {
        "@id": organization_url(base_url, record["registry_id"]),
        "@type": types,
        "schema:identifier": record["registry_id"],
        "schema:name": _names((record["name_ar"], "ar"), (record["name_fr"], "fr")),
        "schema:alternateName": record["acronym"] or None,
        "schema:description": record["activity"] or None,
        "schema:foundingDate": _date(record["founding_date"]),
        "schema:dissolutionDate": _date(record.get("ended_on")),
        "schema:address": {k: v for k, v in address.items() if v},
        "schema:url": {"@value": record["website"], "@type": "xsd:anyURI"}
        if record["website"]
        else None,
        "essglobal:legalForm": _ref(essglobal.legal_form_iri(form), "legal"),
        "essglobal:organisationalStructure": _ref(essglobal.structure_iri(form), "structure"),
        "essglobal:primarySector": _ref(essglobal.activity_iri(record["sector_id"]), "ica"),
    }
    if record["sector_id"] in sectors:
        ar, fr, en = sectors[record["sector_id"]]
        node["schema:keywords"] = _names((ar, "ar"), (fr, "fr"), (en, "en"))
    if record["ice"]:
        node["schema:identifier"] = [
            record["registry_id"],
            {"@type": "schema:PropertyValue", "schema:propertyID": "ICE",
             "schema:value": record["ice"]},
        ]  # fmt: skip
    if record["parent_registry_id"]:
        node["schema:memberOf"] = {"@id": organization_url(base_url, record["parent_registry_id"])}
    return {key: value for key, value in node.items() if value not in (None, [], {})}


def _ref(iri: str | None, prefix: str) -> dict[str, str] | None:
    if iri is None:
        return None
    return {"@id": f"{prefix}:{iri.rsplit('/', 1)[1]}"}


def jsonld_pieces(nodes: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The document as text, one organization per piece (never all of them in memory)."""
    yield '{\n"@context": ' + json.dumps(CONTEXT, ensure_ascii=False) + ',\n"@graph": ['
    separator = "\n"
    for node in nodes:
        yield separator + json.dumps(node, ensure_ascii=False, separators=(",", ":"))
        separator = ",\n"
    yield "\n]\n}\n"


def organization_nodes(base_url: str) -> Iterator[dict[str, Any]]:
    """Every public organization's node, read in chunks."""
    provinces, sectors = public.province_names(), public.sector_labels()
    for record in public.organization_records(with_end_date=True):
        yield organization_node(record, base_url, provinces, sectors)
