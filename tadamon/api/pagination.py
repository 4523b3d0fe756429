"""limit/offset pages with `count` and the addresses of the next and previous pages.

Every list is in a stable order (its operation says which, always ending with
a unique key), so walking the pages neither repeats nor skips an item while
nothing changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest
from ninja import Schema
from pydantic import Field

MAX_LIMIT = 100
# Deeper than the registry is large; bulk harvesting is for the open-data export.
MAX_OFFSET = 1_000_000


class PageParams(Schema):
    limit: int = Field(20, ge=1, le=MAX_LIMIT, description=f"Items per page (1–{MAX_LIMIT})")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip")


def _address(request: HttpRequest, offset: int) -> str:
    params = request.GET.copy()
    params["offset"] = str(offset)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def page(request: HttpRequest, params: PageParams, count: int, items: Sequence[Any]) -> dict:
    """The page envelope around items already cut to [offset, offset + limit)."""
    offset, limit = params.offset, params.limit
    following = offset + limit
    return {
        "count": count,
        "limit": limit,
        "offset": offset,
        "next": _address(request, following) if following < count else None,
        "previous": _address(request, max(offset - limit, 0)) if offset > 0 else None,
        "items": list(items),
    }


def page_of_queryset(request: HttpRequest, params: PageParams, queryset, convert) -> dict:
    """One page of an ordered queryset: a COUNT and one SELECT of the page's rows."""
    count = queryset.count()
    rows = queryset[params.offset : params.offset + params.limit] if params.offset < count else []
    return page(request, params, count, [convert(row) for row in rows])


def page_of_list(request: HttpRequest, params: PageParams, items: Sequence[Any]) -> dict:
    return page(request, params, len(items), items[params.offset : params.offset + params.limit])
