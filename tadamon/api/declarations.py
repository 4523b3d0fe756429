"""Yearly declarations: the registry's list, an organization's, and filing or correcting one.

Declarations hold a body's figures (members, jobs, money, beneficiaries), no
personal data: they are public for every organization the caller may see, as
its public fields are (Organization.objects.visible_to). Filing goes through
registry.services.file_declaration, which checks the role (the registrars of
the body's region, its representative) and every rule.

A merged record's declarations stay on it (docs/registry.md, Merge): an
organization's list gives the body's declaration for each year
(declarations_by_year: its own, else one its merged records filed); the
registry's list leaves out a merged record's year when the record it was
merged into filed that year too.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from tadamon.api import auth
from tadamon.api.lookup import organization_to_read, organization_to_write
from tadamon.api.pagination import PageParams, page_of_list, page_of_queryset
from tadamon.api.schemas import (
    NUMBERED_READ_FAILURES,
    READ_FAILURES,
    WRITE_FAILURES,
    DeclarationIn,
    DeclarationOut,
    DeclarationPage,
    LegalFormFilter,
)
from tadamon.errors import DomainError
from tadamon.registry.models import DECLARATION_FIGURES, Declaration, Organization
from tadamon.registry.services.declarations import file_declaration
from tadamon.registry.services.merging import absorbed_organizations, declarations_by_year
from tadamon.registry.services.permissions import require_edit_profile
from tadamon.registry.services.snapshots import json_value

router = Router(tags=["declarations"], auth=auth.READ)

Year = Annotated[int, Path(ge=1900, le=2200, description="The declaration's year")]


class DeclarationFilters(Schema):
    year: int | None = Field(None, ge=1900, le=2200)
    region: Annotated[str, Field(pattern=r"^([0-9]{2})?$")] = ""
    province: Annotated[str, Field(pattern=r"^([0-9]{3})?$")] = ""
    legal_form: LegalFormFilter = ""


def declaration_out(
    declaration: Declaration, registry_id: str | None, merged_into: str | None
) -> dict[str, Any]:
    out = {"registry_id": registry_id, "merged_into": merged_into, "year": declaration.year}
    for name in DECLARATION_FIGURES:
        out[name] = json_value(getattr(declaration, name))
    out["filed_at"] = declaration.filed_at
    return out


def _as_filed(declaration: Declaration) -> dict[str, Any]:
    record = declaration.organization
    merged_into = record.merged_into.registry_id if record.merged_into_id else None
    return declaration_out(declaration, record.registry_id, merged_into)


@router.get(
    "/declarations",
    response={200: DeclarationPage, **READ_FAILURES},
    summary="Yearly declarations of the registry",
)
def list_declarations(
    request: HttpRequest, filters: Query[DeclarationFilters], pages: Query[PageParams]
):
    """Declarations of the organizations the caller may see, by record then year."""
    organizations = Organization.objects.visible_to(request.auth).matching(
        region=filters.region, province=filters.province, legal_form=filters.legal_form
    )
    declarations = Declaration.objects.filter(organization__in=organizations)
    if filters.year is not None:
        declarations = declarations.filter(year=filters.year)
    survivor_filed = Declaration.objects.filter(
        organization_id=OuterRef("organization__merged_into_id"), year=OuterRef("year")
    )
    declarations = (
        declarations.exclude(Q(organization__status="merged") & Exists(survivor_filed))
        .select_related("organization", "organization__merged_into")
        .order_by("organization_id", "year", "id")
    )
    return page_of_queryset(request, pages, declarations, _as_filed)


def _body_declarations(organization: Organization) -> list[dict[str, Any]]:
    """The body's declaration for each year, each under the record that filed it."""
    records = {organization.pk: organization}
    records.update({record.pk: record for record in absorbed_organizations(organization)})
    out = []
    for declaration in declarations_by_year(organization).values():
        record = records[declaration.organization_id]
        merged_into = records.get(record.merged_into_id) if record.merged_into_id else None
        out.append(
            declaration_out(
                declaration, record.registry_id, merged_into.registry_id if merged_into else None
            )
        )
    return out


@router.get(
    "/organizations/{registry_id}/declarations",
    response={200: DeclarationPage, **NUMBERED_READ_FAILURES},
    summary="An organization's yearly declarations",
)
def organization_declarations(request: HttpRequest, registry_id: str, pages: Query[PageParams]):
    """One per year, oldest first: the body's own, else one filed by a record merged into it."""
    organization = organization_to_read(request.auth, registry_id)
    return page_of_list(request, pages, _body_declarations(organization))


def _not_declared(registry_id: str, year: int) -> DomainError:
    return DomainError(
        "declaration_not_found",
        f"لا يوجد تصريح لسنة {year} للهيئة «{registry_id}»",
        f"Pas de déclaration pour l'année {year} de l'organisation « {registry_id} »",
        "year",
    )


@router.get(
    "/organizations/{registry_id}/declarations/{year}",
    response={200: DeclarationOut, **NUMBERED_READ_FAILURES},
    summary="An organization's declaration for one year",
)
def organization_declaration(request: HttpRequest, registry_id: str, year: Year):
    organization = organization_to_read(request.auth, registry_id)
    for declaration in _body_declarations(organization):
        if declaration["year"] == year:
            return declaration
    raise _not_declared(registry_id, year)


def _filed(user, organization: Organization, year: int, figures: DeclarationIn) -> dict:
    declaration = file_declaration(user, organization, year, figures.dict())
    return declaration_out(declaration, organization.registry_id, None)


@router.post(
    "/organizations/{registry_id}/declarations/{year}",
    auth=auth.WRITE,
    response={201: DeclarationOut, **WRITE_FAILURES},
    summary="File an organization's declaration for a year",
)
def file_new_declaration(
    request: HttpRequest, registry_id: str, year: Year, figures: DeclarationIn
):
    """For the registrars of its region and its representative. A year already filed is a
    conflict (409): correct it with PUT."""
    user = request.auth
    organization = organization_to_write(user, registry_id)
    require_edit_profile(user, organization)
    if Declaration.objects.filter(organization=organization, year=year).exists():
        raise DomainError(
            "declaration_exists",
            f"تم التصريح لسنة {year} من قبل: استعمل PUT لتصحيحه",
            f"La déclaration {year} existe déjà : corrigez-la avec PUT",
            "year",
        )
    return Status(201, _filed(user, organization, year, figures))


@router.put(
    "/organizations/{registry_id}/declarations/{year}",
    auth=auth.WRITE,
    response={200: DeclarationOut, 201: DeclarationOut, **WRITE_FAILURES},
    summary="File or correct an organization's declaration for a year",
)
def file_or_correct_declaration(
    request: HttpRequest, registry_id: str, year: Year, figures: DeclarationIn
):
    """Replaces the year's figures (a figure left out is recorded as not declared); the replaced
    ones stay in the history. 201 when the year had no declaration yet."""
    user = request.auth
    organization = organization_to_write(user, registry_id)
    existed = Declaration.objects.filter(organization=organization, year=year).exists()
    return Status(200 if existed else 201, _filed(user, organization, year, figures))
