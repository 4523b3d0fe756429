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


def test_the_document_covers_the_whole_api_and_declares_every_answer(db):
    document = Client().get("/api/openapi.json").json()
    operations = {
        (method.upper(), path): operation
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    }
    assert set(operations) == {
        ("GET", "/api/v1/organizations"),
        ("GET", "/api/v1/organizations/{registry_id}"),
        ("PATCH", "/api/v1/organizations/{registry_id}"),
        ("GET", "/api/v1/organizations/{registry_id}/history"),
        ("GET", "/api/v1/organizations/{registry_id}/members"),
        ("GET", "/api/v1/organizations/{registry_id}/unions"),
        ("GET", "/api/v1/organizations/{registry_id}/declarations"),
        ("GET", "/api/v1/organizations/{registry_id}/declarations/{year}"),
        ("POST", "/api/v1/organizations/{registry_id}/declarations/{year}"),
        ("PUT", "/api/v1/organizations/{registry_id}/declarations/{year}"),
        ("GET", "/api/v1/declarations"),
        ("GET", "/api/v1/territories"),
        ("GET", "/api/v1/territories/{code}"),
        ("GET", "/api/v1/analytics"),
        ("GET", "/api/v1/indicators"),
        ("GET", "/api/v1/indicators/{code}"),
        ("GET", "/api/v1/funding/funds"),
        ("GET", "/api/v1/funding/calls"),
        ("GET", "/api/v1/funding/payments/{payment_id}"),
        ("POST", "/api/v1/funding/calls/{code}/applications"),
        ("GET", "/api/v1/funding/evaluations/queue"),
        ("POST", "/api/v1/funding/applications/{application_id}/evaluations"),
        ("GET", "/api/v1/funding/results/queue"),
        ("POST", "/api/v1/funding/results/{result_id}/verification"),
    }
    for (method, _path), operation in operations.items():
        answers = set(operation["responses"])
        assert {"401", "422", "429", "500"} <= answers
        if method == "GET":  # a token is optional; an ETag comes back
            assert operation["security"] == [{}, {"BearerToken": []}]
            assert "304" in answers and "ETag" in operation["responses"]["200"]["headers"]
        else:
            assert operation["security"] == [{"BearerToken": []}]
            assert {"400", "403", "404", "409"} <= answers
    assert document["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
