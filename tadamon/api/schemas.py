"""What the API takes and returns, as django-ninja schemas (they make the OpenAPI document)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field, StrictFloat, StrictInt

from tadamon.registry.vocabulary import LegalForm, Status

LegalFormCode = Literal[tuple(LegalForm.values)]  # type: ignore[valid-type]
# Merged records are reached through their survivor: never listed, never a filter.
LISTED_STATUSES = tuple(s for s in Status.values if s != "merged")
MatchKind = Literal["exact", "prefix", "fuzzy"]
# As filters, "" means no filter (what an empty form field sends).
LegalFormFilter = Literal[("", *LegalForm.values)]  # type: ignore[valid-type]
StatusFilter = Literal[("", *LISTED_STATUSES)]  # type: ignore[valid-type]


# Text without control characters (tabs and line breaks aside): PostgreSQL text cannot hold
# NUL, and no name, code or query has one. A pattern, so the OpenAPI document says it too.
Text = Annotated[str, Field(pattern=r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F]*$")]
# Counts are JSON integers, not "12" nor 12.0 nor true; amounts are JSON numbers or decimal
# strings ("125000.50"): exactly what the document says, so nothing else slips through.
Count = StrictInt
Money = StrictInt | StrictFloat | Annotated[str, Field(pattern=r"^-?[0-9]{1,20}(\.[0-9]{1,10})?$")]
ProvinceCode = Annotated[str, Field(pattern=r"^[0-9]{3}$")]


class ErrorOut(Schema):
    """Every failure: a stable code, the message in the page's language, and both languages."""

    code: str
    field: str | None = None
    message: str
    message_ar: str
    message_fr: str
    # Each broken rule (400) or each invalid parameter (422), when there are several.
    errors: list[dict[str, Any]] | None = None


class Page(Schema):
    count: int = Field(description="Items in the whole list (search: at most 200)")
    limit: int
    offset: int
    next: str | None = Field(description="The next page's address, null on the last page")
    previous: str | None = Field(description="The previous page's address, null on the first")


class OrganizationItem(Schema):
    registry_id: str | None
    name_ar: str
    name_fr: str
    legal_form: str
    province_code: str
    region_code: str
    sector: str | None
    status: str
    public_utility: bool
    match: MatchKind | None = Field(description="With `q`: how the name matched, else null")
    score: float | None = Field(description="With `q`: the match score (0–1), else null")


class OrganizationPage(Page):
    items: list[OrganizationItem]


class OrganizationOut(Schema):
    """The fields the caller may read: `phone` and `email` only for those who may see them."""

    registry_id: str | None
    external_id: str
    legal_form: str
    name_ar: str
    name_fr: str
    acronym: str
    province_code: str
    region_code: str
    commune: str
    address: str
    founding_date: dt.date | None
    registration_date: dt.date | None
    sector: str | None
    activity: str
    status: str
    public_utility: bool
    public_utility_date: dt.date | None
    ice: str
    website: str
    phone: str | None = Field(
        None, description="Private: registrars of its region, its representative"
    )
    email: str | None = Field(
        None, description="Private: registrars of its region, its representative"
    )


class OrganizationPatch(Schema):
    """Fields to change; the service decides who may change which (a representative: the
    public profile — acronym, commune, address, activity, phone, e-mail, website)."""

    model_config = ConfigDict(extra="forbid")

    # Left out: unchanged. Null only where the registry allows a blank (dates, sector).
    external_id: Text = None
    legal_form: LegalFormCode = None
    name_ar: Text = None
    name_fr: Text = None
    acronym: Text = None
    province_code: ProvinceCode = None
    commune: Text = None
    address: Text = None
    founding_date: dt.date | None = None
    sector: Text | None = None
    activity: Text = None
    public_utility: bool = None
    public_utility_date: dt.date | None = None
    ice: Text = None
    phone: Text = None
    email: Text = None
    website: Text = None


class StatusChangeOut(Schema):
    from_status: str | None = Field(description="null for the first status (the application)")
    to_status: str
    effective_on: dt.date
    reason: str
    recorded_at: dt.datetime


class StatusChangePage(Page):
    items: list[StatusChangeOut]


class MembershipOut(Schema):
    """One membership, seen from the other party (the member, or the union or federation)."""

    registry_id: str | None
    name_ar: str
    name_fr: str
    legal_form: str
    status: str
    started_on: dt.date
    ended_on: dt.date | None


class MembershipPage(Page):
    items: list[MembershipOut]


class DeclarationFigures(Schema):
    members_total: Count | None = None
    members_women: Count | None = None
    members_youth: Count | None = None
    employees_permanent: Count | None = None
    employees_seasonal: Count | None = None
    employees_women: Count | None = None
    revenue_mad: Money | None = Field(None, description="Dirhams, two decimals")
    value_added_mad: Money | None = Field(None, description="Dirhams, may be negative")
    subsidies_mad: Money | None = Field(None, description="Dirhams, two decimals")
    beneficiaries_total: Count | None = None
    beneficiaries_women: Count | None = None


class DeclarationIn(DeclarationFigures):
    """The year's figures; a figure left out is recorded as not declared."""

    model_config = ConfigDict(extra="forbid")


class DeclarationOut(Schema):
    registry_id: str | None = Field(description="The record that filed it")
    merged_into: str | None = Field(
        description="When that record was merged: the registry number it now leads to"
    )
    year: int
    members_total: int | None
    members_women: int | None
    members_youth: int | None
    employees_permanent: int | None
    employees_seasonal: int | None
    employees_women: int | None
    revenue_mad: str | None = Field(description='Dirhams as a decimal string, e.g. "125000.50"')
    value_added_mad: str | None
    subsidies_mad: str | None
    beneficiaries_total: int | None
    beneficiaries_women: int | None
    filed_at: dt.datetime


class DeclarationPage(Page):
    items: list[DeclarationOut]


TerritoryLevel = Literal["nation", "region", "province"]


class TerritoryOut(Schema):
    code: str = Field(description="MA, a two-digit region or a three-digit province (HCP)")
    level: TerritoryLevel
    name_ar: str
    name_fr: str
    region_code: str | None = Field(description="A province's region, else null")
    population_2024: int
    households_2024: int
    organizations_registered: int = Field(description="Organizations with status registered")


class TerritoryPage(Page):
    items: list[TerritoryOut]


class TerritoryDetail(TerritoryOut):
    parts: list[TerritoryOut] = Field(
        description="The nation's regions or a region's provinces; empty for a province"
    )


# What any operation may answer besides its success (tadamon.api.errors says when).
COMMON_FAILURES: dict[int, Any] = {401: ErrorOut, 422: ErrorOut, 429: ErrorOut, 500: ErrorOut}
READ_FAILURES: dict[int, Any] = {304: None, **COMMON_FAILURES}
# Reading under a registry number: 301 to the survivor of a merged body, 404 unknown or unseen.
NUMBERED_READ_FAILURES: dict[int, Any] = {301: None, 404: ErrorOut, **READ_FAILURES}
WRITE_FAILURES: dict[int, Any] = {
    400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, **COMMON_FAILURES,
}  # fmt: skip
