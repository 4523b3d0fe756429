"""A demo registry (`tadamon demo`) exported whole: every format holds on varied data."""

import io
import json

import pytest
from django.core.management import call_command
from frictionless import validate
from rdflib import Graph, URIRef

from tadamon.exports import public
from tadamon.exports.tests.validators import essglobal_term_exists, murmurations_validator
from tadamon.registry.models import Organization

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated")


@pytest.fixture
def demo_export(db, tmp_path, monkeypatch):
    call_command("demo", orgs=250, years=2, seed=5, stdout=io.StringIO())
    monkeypatch.setattr(public, "CHUNK_SIZE", 97)  # many chunks, as on a large registry
    out = tmp_path / "out"
    call_command("export", "--format", "all", str(out), "--no-progress",
                 "--base-url", "https://tadamon.example", stdout=io.StringIO())  # fmt: skip
    return out


def test_a_demo_registry_exports_valid_and_public_files_in_every_format(demo_export):
    expected = public.public_organizations().count()
    assert 0 < expected < Organization.objects.count()  # some are not public

    report = validate(str(demo_export / "datapackage" / "datapackage.json"))
    assert report.valid, [e.message for task in report.tasks for e in task.errors][:5]
    rows = {task.name: task.stats["rows"] for task in report.tasks}
    assert rows["organizations"] == expected and rows["declarations-by-province"] > 0

    profiles = list((demo_export / "murmurations").glob("*.json"))
    assert len(profiles) == expected
    validator = murmurations_validator()
    for path in profiles:
        errors = [e.message for e in validator.iter_errors(json.loads(path.read_text()))]
        assert errors == [], path.name

    graph = Graph()
    graph.parse(demo_export / "organizations.jsonld", format="json-ld")
    terms = {str(t) for triple in graph for t in triple if isinstance(t, URIRef)}
    used = {iri for iri in terms if iri.startswith("http://purl.org/essglobal/")}
    assert used and all(essglobal_term_exists(iri) for iri in used)

    # No private value of the registry leaves.
    phones = set(Organization.objects.exclude(phone="").values_list("phone", flat=True)[:200])
    emails = set(Organization.objects.exclude(email="").values_list("email", flat=True)[:200])
    assert phones or emails
    texts = [(demo_export / "organizations.csv").read_text(encoding="utf-8-sig"),
             (demo_export / "organizations.jsonld").read_text(encoding="utf-8")]  # fmt: skip
    texts += [p.read_text() for p in (demo_export / "murmurations").glob("*.json")]
    blob = "\n".join(texts)
    assert not [value for value in phones | emails if value in blob]
