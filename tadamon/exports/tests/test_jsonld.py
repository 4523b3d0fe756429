"""JSON-LD: parsed with rdflib, every ESSGlobal term and code exists, the mapping is complete."""

import csv
import json

import pytest
from django.urls import reverse
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from tadamon.exports import essglobal
from tadamon.exports.tests.conftest import BASE_URL
from tadamon.exports.tests.validators import essglobal_concepts, essglobal_term_exists
from tadamon.registry.sectors import SECTORS_CSV
from tadamon.registry.vocabulary import LegalForm

ESS = Namespace(essglobal.ESSGLOBAL)
SDO = Namespace(essglobal.SCHEMA_ORG)
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated")
DOCS = essglobal.VOCABULARIES.parents[3] / "docs" / "open-data.md"


@pytest.fixture
def graph(exported):
    parsed = Graph()
    parsed.parse(exported / "organizations.jsonld", format="json-ld")
    return parsed


def node(open_org):
    return URIRef(f"{BASE_URL}/organizations/{open_org.registry_id}/")


def essglobal_iris(graph):
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef) and str(term).startswith("http://purl.org/essglobal/"):
                yield str(term)


def test_every_essglobal_term_used_exists_in_the_vocabulary(graph):
    used = set(essglobal_iris(graph))
    assert str(ESS.SSEInitiative) in used and str(ESS.legalForm) in used
    assert str(ESS.primarySector) in used and str(ESS.organisationalStructure) in used
    missing = sorted(iri for iri in used if not essglobal_term_exists(iri))
    assert missing == []


def test_the_check_would_catch_a_made_up_term():
    assert not essglobal_term_exists(essglobal.ESSGLOBAL + "sector")
    assert not essglobal_term_exists(essglobal.LEGAL_FORM + "L9")


def test_each_organization_is_an_sse_initiative_and_a_schema_org_organization(graph, open_registry):
    coop = node(open_registry.coop)
    assert (coop, RDF.type, ESS.SSEInitiative) in graph
    assert (coop, RDF.type, SDO.Organization) in graph
    assert (coop, SDO.name, Literal("تعاونية تيغانيمين للأركان", lang="ar")) in graph
    assert (coop, ESS.legalForm, URIRef(essglobal.LEGAL_FORM + "L2")) in graph
    assert (coop, ESS.organisationalStructure, URIRef(essglobal.STRUCTURE + "OS115")) in graph
    assert (coop, ESS.primarySector, URIRef(essglobal.ACTIVITY_ICA + "ICA10")) in graph
    assert (coop, SDO.memberOf, node(open_registry.union)) in graph
    union = node(open_registry.union)
    assert (union, RDF.type, ESS.Network) in graph
    assert (union, ESS.organisationalStructure, URIRef(essglobal.STRUCTURE + "OS110")) in graph
    dissolved = node(open_registry.dissolved)
    assert str(graph.value(dissolved, SDO.dissolutionDate)) == "2024-05-02"
    subjects = set(graph.subjects(RDF.type, SDO.Organization))
    assert len(subjects) == 5
    assert node(open_registry.merged) not in subjects


def test_the_document_is_one_json_object_with_an_inline_context(exported):
    document = json.loads((exported / "organizations.jsonld").read_text(encoding="utf-8"))
    assert isinstance(document["@context"], dict)  # nothing to download to read it
    assert len(document["@graph"]) == 5


def test_every_legal_form_has_a_mapping_to_existing_concepts():
    assert set(essglobal.LEGAL_FORMS) == set(LegalForm.values)
    for form in essglobal.LEGAL_FORMS:
        for iri in (essglobal.legal_form_iri(form), essglobal.structure_iri(form)):
            assert iri is None or iri in essglobal_concepts(), (form, iri)


def test_every_sector_has_a_mapping_to_an_existing_activity():
    with SECTORS_CSV.open(encoding="utf-8") as handle:
        codes = {row["code"] for row in csv.DictReader(handle)}
    assert set(essglobal.SECTORS) == codes
    for code in codes:
        iri = essglobal.activity_iri(code)
        assert iri is None or iri in essglobal_concepts(), (code, iri)


def test_the_mapping_is_documented_as_coded():
    text = DOCS.read_text(encoding="utf-8")
    for form, concepts in essglobal.LEGAL_FORMS.items():
        row = next(line for line in text.splitlines() if line.startswith(f"| `{form}`"))
        for code in (concepts.legal_form, concepts.structure):
            assert (f"`{code}`" in row) if code else ("—" in row), row
    for sector, code in essglobal.SECTORS.items():
        row = next(line for line in text.splitlines() if line.startswith(f"| `{sector}`"))
        assert (f"`{code}`" in row) if code else ("—" in row), row


def test_an_organization_is_identified_by_its_page_on_the_portal(exported, open_registry):
    document = json.loads((exported / "organizations.jsonld").read_text(encoding="utf-8"))
    number = open_registry.coop.registry_id
    ids = {node["@id"] for node in document["@graph"]}
    assert BASE_URL + reverse("organization", args=[number]) in ids
