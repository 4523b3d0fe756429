"""The open-data page, its downloads and each organization's Murmurations profile.

The organizations CSV and the JSON-LD document are streamed from the registry
as it is (constant memory, first bytes at once); the province aggregate is
kept until the registry changes. The XLSX workbooks and the zips come from
the cache of cache.py, made again after each change of the registry; for a
large registry in the background, serving the previous complete file
meanwhile (its time in Last-Modified), and `503` with `Retry-After` only when
no complete file exists yet.
"""

from __future__ import annotations

from django.conf import settings
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from tadamon.errors import DomainError
from tadamon.exports import aggregates, cache, public
from tadamon.exports.cache import CACHED, SYNC_UP_TO, cached_download
from tadamon.exports.catalogue import DOWNLOADS, LICENCE
from tadamon.exports.jsonld import jsonld_pieces, organization_nodes
from tadamon.exports.murmurations import profile
from tadamon.exports.tables import csv_pieces
from tadamon.portal.caching import registry_version, versioned
from tadamon.registry.services.merging import resolve_registry_id

JSON_TYPE = "application/json; charset=utf-8"
WAIT_SECONDS = 20  # how long a request waits for a file generated in the background
RETRY_AFTER = 60


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _open(response: HttpResponse) -> HttpResponse:
    """Open data: any site may read it from a browser."""
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _public_count(version: int | None = None) -> int:
    # Counting half a million rows on every download: kept until the registry changes.
    return versioned("open-data:count", public.count_public_organizations, version)


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    version = registry_version()
    base_url = _base_url(request)
    made = {name: cache.newest_file(name, base_url, version) for name in CACHED}
    times = cache.version_times({m.version for m in made.values() if m is not None})
    files = [
        {
            "file": file,
            "cached": file.name in CACHED,
            "made": made.get(file.name) is not None,
            "made_at": times.get(made[file.name].version) if made.get(file.name) else None,
        }
        for file in DOWNLOADS
    ]
    return render(
        request,
        "exports/open_data.html",
        {"files": files, "licence": LICENCE, "organizations": _public_count(version)},
    )


@require_safe
def download(request: HttpRequest, name: str) -> HttpResponse:
    if name == "organizations.csv":
        pieces = csv_pieces(public.organization_columns(), public.organization_rows())
        response = StreamingHttpResponse(pieces, content_type="text/csv; charset=utf-8")
    elif name == f"{aggregates.TABLE_NAME}.csv":
        pieces = csv_pieces(aggregates.aggregate_columns(), aggregates.cached_rows())
        response = StreamingHttpResponse(pieces, content_type="text/csv; charset=utf-8")
    elif name == "organizations.jsonld":
        pieces = jsonld_pieces(organization_nodes(_base_url(request)))
        response = StreamingHttpResponse(pieces, content_type="application/ld+json")
    elif name in CACHED:
        large = _public_count() > SYNC_UP_TO
        wait = getattr(settings, "TADAMON_OPEN_DATA_WAIT", WAIT_SECONDS) if large else None
        opened = _open_cached(name, _base_url(request), wait)
        if opened is None:
            return _being_prepared(request, name)
        made, handle = opened
        response = FileResponse(handle, content_type=_file_type(name))
        made_at = cache.version_times({made.version}).get(made.version)
        if made_at is not None:  # the registry as of then: maybe an earlier version's file
            response["Last-Modified"] = http_date(made_at.timestamp())
    else:
        raise Http404(name)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return _open(response)


def _open_cached(name: str, base_url: str, wait: float | None):
    """The cached file and an open handle on it, or None if none is complete yet."""
    for _attempt in range(3):
        made = cached_download(name, base_url, wait=wait)
        if made is None:
            return None
        try:
            return made, made.path.open("rb")
        except FileNotFoundError:
            continue  # an earlier version, removed as its newer file was completed: look again
    return None


def _being_prepared(request: HttpRequest, name: str) -> HttpResponse:
    """A large registry's file has never been made and is being made: come back later."""
    response = render(request, "exports/being_prepared.html", {"name": name}, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def _file_type(name: str) -> str:
    if name.endswith(".xlsx"):
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return "application/zip"


@require_safe
def organization_murmurations(request: HttpRequest, registry_id: str) -> HttpResponse:
    """The profile at its stable address; a merged body's number leads to its survivor."""
    try:
        organization, _redirected = resolve_registry_id(registry_id)
    except DomainError as error:
        return _not_found(error)
    if organization.registry_id != registry_id:  # merged away, or written another way
        target = reverse("exports:murmurations", args=[organization.registry_id])
        return _open(HttpResponsePermanentRedirect(target))
    one = public.public_organizations().filter(pk=organization.pk)
    record = next(public.organization_records(one, with_end_date=True), None)
    if record is None:
        return _not_found(
            DomainError(
                "organization_not_found",
                f"لا توجد في السجل العمومي هيئة بالرقم «{registry_id}»",
                f"Aucune organisation publiée ne porte le numéro « {registry_id} »",
                "registry_id",
            )
        )
    data = profile(record, _base_url(request), public.province_names(), public.sector_labels())
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Type"] = JSON_TYPE
    return _open(response)


def _not_found(error: DomainError) -> JsonResponse:
    body = {"message": error.message(), **error.as_dict()}
    response = JsonResponse(body, status=404, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = JSON_TYPE
    return _open(response)
