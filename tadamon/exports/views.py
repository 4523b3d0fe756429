"""The open-data page, its downloads and each organization's Murmurations profile.

Downloads are generated on request from the registry as it is: the CSV
tables and the JSON-LD document are streamed as they are read (constant
memory, first bytes at once); the XLSX workbooks and the zips come from the
cache of cache.py, regenerated after each change of the registry (in the
background for a large registry: `503` with `Retry-After` until ready).
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
from django.views.decorators.http import require_safe

from tadamon.errors import DomainError
from tadamon.exports import aggregates, public
from tadamon.exports.cache import CACHED, SYNC_UP_TO, cached_download
from tadamon.exports.catalogue import DOWNLOADS, LICENCE
from tadamon.exports.jsonld import jsonld_pieces, organization_nodes
from tadamon.exports.murmurations import profile
from tadamon.exports.tables import csv_pieces
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


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "exports/open_data.html",
        {
            "downloads": DOWNLOADS,
            "licence": LICENCE,
            "organizations": public.count_public_organizations(),
        },
    )


@require_safe
def download(request: HttpRequest, name: str) -> HttpResponse:
    if name == "organizations.csv":
        pieces = csv_pieces(public.organization_columns(), public.organization_rows())
        response = StreamingHttpResponse(pieces, content_type="text/csv; charset=utf-8")
    elif name == f"{aggregates.TABLE_NAME}.csv":
        rows = [aggregates.aggregate_row(row) for row in aggregates.declarations_by_province()]
        pieces = csv_pieces(aggregates.aggregate_columns(), rows)
        response = StreamingHttpResponse(pieces, content_type="text/csv; charset=utf-8")
    elif name == "organizations.jsonld":
        pieces = jsonld_pieces(organization_nodes(_base_url(request)))
        response = StreamingHttpResponse(pieces, content_type="application/ld+json")
    elif name in CACHED:
        large = public.count_public_organizations() > SYNC_UP_TO
        wait = getattr(settings, "TADAMON_OPEN_DATA_WAIT", WAIT_SECONDS) if large else None
        path = cached_download(name, _base_url(request), wait=wait)
        if path is None:
            return _being_prepared(request, name)
        response = FileResponse(path.open("rb"), content_type=_file_type(name))
    else:
        raise Http404(name)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return _open(response)


def _being_prepared(request: HttpRequest, name: str) -> HttpResponse:
    """A large registry's file is still being generated: come back in a minute."""
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
