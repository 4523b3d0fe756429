"""The API's documents: OpenAPI and the interactive docs, served without the internet."""

import re

from django.test import Client


def test_the_openapi_document_lists_the_organization_endpoints(db):
    document = Client().get("/api/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert "/api/v1/organizations" in document["paths"]
    assert "/api/v1/organizations/{registry_id}" in document["paths"]


def test_the_interactive_docs_load_nothing_from_another_site(db):
    page = Client().get("/api/docs")
    assert page.status_code == 200
    addresses = re.findall(r'(?:src|href)="([^"]+)"', page.content.decode())
    assert addresses and all(not a.startswith(("http:", "https:", "//")) for a in addresses)
