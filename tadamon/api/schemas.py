"""What the API returns, as django-ninja schemas (they make the OpenAPI document)."""

from __future__ import annotations

from ninja import Schema


class OrganizationItem(Schema):
    registry_id: str | None
    name_ar: str
    name_fr: str
    legal_form: str
    province_code: str
    status: str
    match: str  # exact, prefix or fuzzy
    score: float


class OrganizationPage(Schema):
    items: list[OrganizationItem]
    count: int


class ErrorOut(Schema):
    code: str
    field: str | None = None
    message: str
    message_ar: str
    message_fr: str
