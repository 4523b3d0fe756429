"""Public pages: home, directory, organization, map and territories.

Each view reads top to bottom: parse, check what the visitor may see (through
Organization.objects.visible_to), read, render. Nothing here writes.
"""

from __future__ import annotations

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from tadamon.errors import DomainError
from tadamon.portal import caching, downloads
from tadamon.portal.directory import (
    LISTED_STATUSES,
    DirectoryQuery,
    directory_count,
    directory_organizations,
    directory_page,
)
from tadamon.portal.organization_page import organization_context
from tadamon.portal.territories import counts_by, on_register, province_counts, region_counts
from tadamon.registry.models import Organization, Sector
from tadamon.registry.services.merging import resolve_registry_id
from tadamon.registry.vocabulary import LegalForm, Status
from tadamon.territory.models import Province, Region


@require_GET
@caching.visitors_page
def home(request):
    on_register_now = on_register()
    by_form = counts_by("legal_form", on_register_now)
    regions = [{"region": r, "count": r.count} for r in region_counts()]
    forms = [
        {"code": code, "label": label, "count": by_form.get(code, 0)}
        for code, label in LegalForm.choices
    ]
    return render(
        request,
        "portal/home.html",
        {
            "total": sum(by_form.values()),
            "forms": forms,
            "regions": regions,
            "max_region_count": max([r["count"] for r in regions] + [1]),
        },
    )


def _filter_choices() -> dict:
    """The directory's filter lists as (code, label) pairs in the visitor's language,
    computed once per language and process (only migrations change them)."""
    language = translation.get_language() or "ar"

    def load() -> dict:
        provinces = Province.objects.select_related("region").order_by("region_id", "code")
        by_region: dict[str, list] = {}
        for province in provinces:
            by_region.setdefault(province.region.name, []).append((province.code, province.name))
        statuses = dict(Status.choices)
        return {
            "regions": [(r.code, r.name) for r in Region.objects.order_by("code")],
            "provinces": list(by_region.items()),
            "sectors": [(s.code, s.label) for s in Sector.objects.order_by("code")],
            "legal_forms": [(code, str(label)) for code, label in LegalForm.choices],
            "statuses": [(code, str(statuses[code])) for code in LISTED_STATUSES],
        }

    return caching.reference(f"directory-choices-{language}", load)


@require_GET
@caching.visitors_page
def directory(request):
    query = DirectoryQuery.from_request(request.GET)
    wanted = request.GET.get("format")
    if wanted in ("csv", "xlsx"):
        return _download(request, query, wanted)
    page = directory_page(query, request.user)
    context = {
        "query": query,
        "page": page,
        "previous_params": query.as_params(page=page.page - 1) if page.page > 1 else None,
        "next_params": query.as_params(page=page.page + 1) if page.page < page.pages else None,
        "csv_params": query.as_params(page=1) + "&format=csv",
        "xlsx_params": query.as_params(page=1) + "&format=xlsx",
        **_filter_choices(),
    }
    if request.headers.get("HX-Request"):
        return render(request, "portal/_directory_results.html", context)
    return render(request, "portal/directory.html", context)


def _download(request, query: DirectoryQuery, wanted: str):
    filename = "tadamon-organizations"
    if wanted == "csv":
        organizations = directory_organizations(query, request.user, downloads.CSV_AT_MOST)
        return downloads.csv_response(organizations, filename)
    count = directory_count(query, request.user)
    if count > downloads.XLSX_AT_MOST:
        return render(
            request,
            "portal/too_many_rows.html",
            {"count": count, "at_most": downloads.XLSX_AT_MOST, "query": query,
             "csv_params": query.as_params(page=1) + "&format=csv"},
            status=400,
        )  # fmt: skip
    organizations = directory_organizations(query, request.user, downloads.XLSX_AT_MOST)
    return downloads.xlsx_response(organizations, filename)


@require_GET
def organization(request, registry_id: str):
    try:
        found, redirected = resolve_registry_id(registry_id)
    except DomainError as error:
        raise Http404(error.message()) from None
    if redirected:
        return HttpResponsePermanentRedirect(reverse("organization", args=[found.registry_id]))
    if not Organization.objects.visible_to(request.user).filter(pk=found.pk).exists():
        raise Http404("not published")
    return render(request, "portal/organization.html", organization_context(found, request.user))


@require_GET
@caching.visitors_page
def territory_map(request):
    legal_form = request.GET.get("legal_form", "")
    legal_form = legal_form if legal_form in LegalForm.values else ""
    level = "province" if request.GET.get("level") == "province" else "region"
    territories = province_counts(legal_form) if level == "province" else region_counts(legal_form)
    return render(
        request,
        "portal/map.html",
        {
            "level": level,
            "legal_form": legal_form,
            "legal_forms": LegalForm.choices,
            "territories": sorted(territories, key=lambda t: -t.per_10k),
            "map_data": _map_data(territories, level),
        },
    )


def _map_data(territories, level: str) -> dict:
    arabic = (translation.get_language() or "ar").startswith("ar")
    return {
        "level": level,
        "filter": "province" if level == "province" else "region",
        "directory": reverse("directory"),
        "items": [
            {
                "code": t.code,
                "name": t.name_ar if arabic else t.name_fr,
                "value": t.per_10k,
                "count": t.count,
            }
            for t in territories
        ],
    }


@require_GET
@caching.visitors_page
def territory(request, code: str):
    region = Region.objects.filter(code=code).first()
    province = (
        None if region else Province.objects.select_related("region").filter(code=code).first()
    )
    if region is None and province is None:
        raise Http404("unknown territory")
    organizations = on_register()
    if region:
        organizations = organizations.filter(province__region_id=code)
        parts = sorted(province_counts(region=code), key=lambda t: t.name_fr)
    else:
        organizations = organizations.filter(province_id=code)
        parts = []
    place = region or province
    total = organizations.count()
    by_form = counts_by("legal_form", organizations)
    by_sector = counts_by("sector_id", organizations)
    sectors = {s.code: s for s in Sector.objects.all()}
    return render(
        request,
        "portal/territory.html",
        {
            "place": place,
            "is_region": region is not None,
            "filter_name": "region" if region else "province",
            "total": total,
            "per_10k": round(total * 10_000 / place.population_2024, 2)
            if place.population_2024
            else 0,
            "forms": [
                {"code": c, "label": label, "count": by_form.get(c, 0)}
                for c, label in LegalForm.choices
            ],
            "sectors": sorted(
                (
                    {"code": c, "label": sectors[c].label, "count": n}
                    for c, n in by_sector.items()
                    if c in sectors
                ),
                key=lambda s: -s["count"],
            ),
            "parts": parts,
            "public_utility": organizations.filter(public_utility=True).count(),
        },
    )
