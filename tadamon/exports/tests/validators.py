"""The references the exports are checked against, read from the project's copies only.

No network: the Murmurations schema's `$ref`s (`../fields/x.json`, relative to
its `$id`) are resolved from vocabularies/murmurations/fields/, and the
ESSGlobal terms are looked up in vocabularies/essglobal/.
"""

from __future__ import annotations

import json
from functools import cache

from jsonschema import Draft7Validator
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from tadamon.exports import essglobal
from tadamon.exports.murmurations import SCHEMA_DIR, SCHEMA_NAME


@cache
def murmurations_validator() -> Draft7Validator:
    schema = json.loads((SCHEMA_DIR / "schemas" / f"{SCHEMA_NAME}.json").read_text())
    fields_base = schema["$id"].rsplit("/schemas/", 1)[0] + "/fields/"
    resources = [
        (fields_base + path.name, Resource.from_contents(json.loads(path.read_text()), DRAFT7))
        for path in sorted((SCHEMA_DIR / "fields").glob("*.json"))
    ]
    registry = Registry().with_resources(resources)  # no retrieve: an unknown $ref fails
    # The schema names draft-07 with an https:// address that jsonschema does not know as
    # draft-07's, so the draft is chosen here rather than guessed from "$schema".
    return Draft7Validator(schema, registry=registry, format_checker=Draft7Validator.FORMAT_CHECKER)


@cache
def essglobal_vocabulary() -> Graph:
    graph = Graph()
    graph.parse(essglobal.VOCABULARIES / "essglobal-vocab.ttl", format="turtle")
    return graph


@cache
def essglobal_concepts() -> frozenset[str]:
    """Every SKOS concept of the ESSGlobal lists the exports use."""
    concepts: set[str] = set()
    for file_name in essglobal.SCHEMES.values():
        graph = Graph()
        graph.parse(essglobal.VOCABULARIES / file_name, format="xml")
        concepts |= {str(s) for s in graph.subjects(RDF.type, SKOS.Concept)}
    return frozenset(concepts)


def essglobal_term_exists(iri: str) -> bool:
    """A class or property defined by essglobal-vocab.ttl, or a concept of its SKOS lists."""
    if iri.startswith(essglobal.ESSGLOBAL):
        return (URIRef(iri), None, None) in essglobal_vocabulary()
    return iri in essglobal_concepts()
