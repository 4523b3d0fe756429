"""The public directory: what a visitor asked for (query and filters) and the answer.

One parsed request serves the page, its htmx partial and its CSV and XLSX
downloads, so a download holds exactly the list on the screen. A query goes
through the registry's cross-script search; without one, the filters read the
registry in a stable order (newest record first) that an index serves.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields, replace

from django.http import QueryDict

from tadamon.accounts import scope
from tadamon.portal import caching
from tadamon.registry.models import Organization, Sector
from tadamon.registry.vocabulary import PUBLISHED_STATUSES, LegalForm
from tadamon.search.engine import MAX_RESULTS, Filters, search
from tadamon.territory.models import Province, Region

PAGE_SIZE = 20
# Statuses a visitor may filter on: what is published, less merged records
# (they are reached through their survivor).
LISTED_STATUSES = tuple(s for s in PUBLISHED_STATUSES if s != "merged")


@dataclass(frozen=True)
class DirectoryQuery:
    q: str = ""
    region: str = ""
    province: str = ""
    legal_form: str = ""
    sector: str = ""
    status: str = ""
    public_utility: bool = False
    page: int = 1

    @classmethod
    def from_request(cls, params: QueryDict) -> DirectoryQuery:
        """The request's parameters; a value the registry does not know is dropped
        (an old bookmark or a hand-edited address still gets a page)."""
        region = params.get("region", "").strip()
        province = params.get("province", "").strip()
        sector = params.get("sector", "").strip()
        codes = _known_codes()
        page = params.get("page", "1")
        return cls(
            q=params.get("q", "").strip()[:200],
            region=region if region in codes["region"] else "",
            province=province if province in codes["province"] else "",
            legal_form=_allowed(params.get("legal_form", ""), LegalForm.values),
            sector=sector if sector in codes["sector"] else "",
            status=_allowed(params.get("status", ""), LISTED_STATUSES),
            public_utility=params.get("public_utility") in ("1", "on", "true"),
            page=int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1,
        )

    def as_params(self, **changes) -> str:
        """The query string of this request (with changes), without empty values."""
        query = replace(self, **changes)
        params = QueryDict(mutable=True)
        for f in fields(query):
            value = getattr(query, f.name)
            if f.name == "page" and value == 1:
                continue
            if value:
                params[f.name] = "1" if value is True else str(value)
        return params.urlencode()

    @property
    def filtered(self) -> bool:
        return any((self.region, self.province, self.legal_form, self.sector, self.status,
                    self.public_utility))  # fmt: skip


def _allowed(value: str, allowed) -> str:
    value = value.strip()
    return value if value in allowed else ""


def _known_codes() -> dict[str, set[str]]:
    return caching.reference(
        "directory-codes",
        lambda: {
            "region": set(Region.objects.values_list("code", flat=True)),
            "province": set(Province.objects.values_list("code", flat=True)),
            "sector": set(Sector.objects.values_list("code", flat=True)),
        },
    )


@dataclass
class DirectoryPage:
    organizations: list[Organization]
    count: int
    page: int
    pages: int
    # Search results stop at the engine's limit; the page says so.
    capped: bool = False


def _listed(query: DirectoryQuery, user) -> object:
    """The filtered registry without a query, in its stable order."""
    organizations = (
        Organization.objects.visible_to(user)
        .exclude(status="merged")
        .matching(
            region=query.region, province=query.province, legal_form=query.legal_form,
            sector=query.sector, status=query.status,
            public_utility=True if query.public_utility else None,
        )
    )  # fmt: skip
    if not query.status:  # a visitor's directory is the register: not a representative's draft
        organizations = organizations.filter(status__in=LISTED_STATUSES)
    return organizations.select_related("province", "sector").order_by("-id")


def _searched(query: DirectoryQuery, user, limit: int, offset: int) -> tuple[list, int]:
    filters = Filters(
        region=query.region,
        province=query.province,
        legal_form=query.legal_form,
        status=query.status,
        sector=query.sector,
        public_utility=True if query.public_utility else None,
    )
    results = search(query.q, user=user, filters=filters, limit=limit, offset=offset)
    return [hit.organization for hit in results.hits], results.count


def _pages(count: int) -> int:
    return max(1, -(-count // PAGE_SIZE))


def directory_page(query: DirectoryQuery, user) -> DirectoryPage:
    """One page of the directory for this visitor; a page past the end shows the last."""
    if query.q:
        offset = (query.page - 1) * PAGE_SIZE
        organizations, count = _searched(query, user, PAGE_SIZE, offset)
        page = min(query.page, _pages(count))
        if page != query.page:
            organizations, count = _searched(query, user, PAGE_SIZE, (page - 1) * PAGE_SIZE)
        capped = count >= MAX_RESULTS
    else:
        listed = _listed(query, user)
        # Counting half a million rows is most of a browsing page's time: kept
        # until the registry changes (the list depends on the visitor's role).
        role = f"{scope.role_of(user)}:{getattr(user, 'organization_id', '')}"
        count = caching.versioned(f"count|{role}|{query.as_params(page=1)}", listed.count)
        page = min(query.page, _pages(count))
        offset = (page - 1) * PAGE_SIZE
        organizations = list(listed[offset : offset + PAGE_SIZE])
        capped = False
    return DirectoryPage(organizations, count, page, _pages(count), capped)


def directory_organizations(query: DirectoryQuery, user, at_most: int) -> Iterator[Organization]:
    """Every organization of the list (not one page), for a download."""
    if query.q:
        organizations, _count = _searched(query, user, at_most, 0)
        yield from organizations
        return
    yield from _listed(query, user)[:at_most].iterator(chunk_size=2_000)


def directory_count(query: DirectoryQuery, user) -> int:
    if query.q:
        return _searched(query, user, 1, 0)[1]
    return _listed(query, user).count()
