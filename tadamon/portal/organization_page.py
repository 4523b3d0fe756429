"""What the public page of one organization shows: its public record, its legal
life, its unions and members, its yearly figures and where it is."""

from __future__ import annotations

from django.utils import translation

from tadamon.registry.models import Declaration, Membership, Organization
from tadamon.registry.services.merging import declarations_by_year
from tadamon.registry.vocabulary import PUBLISHED_STATUSES

# The yearly figures the page shows, in this order (declarations hold more).
KEY_FIGURES = (
    "members_total", "members_women", "members_youth", "employees_permanent",
    "employees_seasonal", "revenue_mad", "value_added_mad", "beneficiaries_total",
)  # fmt: skip
CHARTED = ("members_total", "members_women", "employees_permanent", "employees_seasonal")


def _figure_label(name: str) -> str:
    return str(Declaration._meta.get_field(name).verbose_name)


def _memberships(organization: Organization) -> tuple[list, list]:
    """Its unions (as a member) and its members (as a union), published ones only."""
    unions = (
        Membership.objects.filter(member=organization, union__status__in=PUBLISHED_STATUSES)
        .select_related("union")
        .order_by("-started_on")
    )
    members = (
        Membership.objects.filter(union=organization, member__status__in=PUBLISHED_STATUSES)
        .select_related("member", "member__province")
        .order_by("ended_on", "member__name_fr", "member__id")
    )
    return list(unions), list(members)


def _chart(declarations: dict[int, Declaration]) -> dict:
    """The small chart's data: years and a few counted figures (None where not declared)."""
    return {
        "years": [str(year) for year in declarations],
        "series": [
            {"name": _figure_label(name),
             "values": [getattr(d, name) for d in declarations.values()]}
            for name in CHARTED
        ],
    }  # fmt: skip


def organization_context(organization: Organization, user) -> dict:
    declarations = declarations_by_year(organization)
    unions, members = _memberships(organization)
    province = organization.province
    arabic = (translation.get_language() or "ar").startswith("ar")
    return {
        "organization": organization,
        # The name in the other script, when the body has one (else the heading has it all).
        "other_name": (organization.name_fr if arabic else organization.name_ar)
        if organization.name_ar and organization.name_fr
        else "",
        "status_changes": organization.status_changes.order_by("effective_on", "id"),
        "unions": unions,
        "members": members,
        "figure_labels": [_figure_label(name) for name in KEY_FIGURES],
        "figures": [
            (year, [getattr(declaration, name) for name in KEY_FIGURES])
            for year, declaration in sorted(declarations.items(), reverse=True)
        ],
        "chart": _chart(declarations),
        "place": {
            "province": province.code if province else "",
            "region": province.region_id if province else "",
            "name": (province.name_ar if arabic else province.name_fr) if province else "",
        },
    }
