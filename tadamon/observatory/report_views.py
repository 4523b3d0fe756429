"""The report download: `/observatory/report/<code>/<year>/<lang>.<format>`.

Thin: asks tadamon.observatory.reports for the document and serves it as a
download. A report depends only on the registry and the code that draws it,
so it is kept until the registry changes (tadamon.portal.caching), as the
dashboards are: a second download of the same report costs no rendering.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from tadamon.errors import DomainError
from tadamon.observatory import reports
from tadamon.portal import caching


@require_GET
def territory_report(request, code: str, year: str, lang: str, fmt: str) -> HttpResponse:
    try:
        document = caching.versioned(
            f"report|{code}|{year}|{lang}|{fmt}",
            lambda: reports.make(code, int(year), lang, fmt),  # four digits, the pattern says
        )
    except DomainError as error:  # unknown territory, a year without data
        raise Http404(error.message(lang)) from error
    response = HttpResponse(document.content, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    response["Content-Language"] = lang
    return response
