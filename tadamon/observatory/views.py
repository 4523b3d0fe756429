"""The observatory's public pages: dashboards, indicator definitions, targets, data quality.

Thin: each view reads its query, asks tadamon.observatory.dashboard (or the
engine, targets, validation) for the figures and renders them. Every chart's
data downloads as CSV from the same address with `?download=<chart>`.
"""

from __future__ import annotations

import io

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from tadamon.errors import DomainError
from tadamon.exports.cells import write_csv
from tadamon.observatory import dashboard, engine
from tadamon.observatory.api import indicator_out
from tadamon.observatory.elements import element_named
from tadamon.observatory.models import Indicator, Source
from tadamon.observatory.notes import explain
from tadamon.observatory.targets import assess_all
from tadamon.observatory.validation import violations
from tadamon.portal import caching
from tadamon.registry.vocabulary import LegalForm
from tadamon.territory.models import NATION_CODE


def _year(request) -> int | None:
    text = request.GET.get("year", "")
    return int(text) if text.isdigit() else None


def _csv_response(rows: list[list], filename: str) -> HttpResponse:
    handle = io.StringIO()
    handle.write("\ufeff")  # Excel reads UTF-8 Arabic only after a byte-order mark
    write_csv(handle, rows[0], rows[1:])
    response = HttpResponse(handle.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@caching.visitors_page
def territory_dashboard(request, code: str = NATION_CODE):
    legal_form = request.GET.get("legal_form", "")
    legal_form = legal_form if legal_form in LegalForm.values else ""
    try:
        context = dashboard.build(code, _year(request), legal_form, request.GET.get("map", ""))
    except DomainError as error:
        raise Http404(error.message()) from error
    wanted = request.GET.get("download", "")
    if wanted:
        chart = context["charts"].get(wanted)
        if chart is None:
            raise Http404(wanted)
        return _csv_response(chart.rows(), f"tadamon-{code}-{context['year']}-{wanted}.csv")
    context["legal_forms"] = LegalForm.choices
    context["charts_json"] = {k: c.as_json() for k, c in context["charts"].items()}
    return render(request, "observatory/dashboard.html", context)


@require_GET
@caching.visitors_page
def indicator_list(request):
    indicators = Indicator.objects.select_related("of_indicator")
    groups: dict[str, list] = {}
    for indicator in indicators:
        groups.setdefault(indicator.group, []).append(indicator)
    return render(request, "observatory/indicators.html", {"groups": groups})


def _element_rows(indicator: Indicator) -> list[dict]:
    arabic = (translation.get_language() or "ar").startswith("ar")
    sources = {s.key: s for s in Source.objects.all()}
    rows = []
    for text in indicator_out(indicator)["data_elements"]:
        name = text.split("[", 1)[0]
        element = element_named(name)
        rows.append(
            {
                "text": text,
                "label": element.label_ar if arabic else element.label_fr,
                "origin": element.origin,
                "source": sources.get(element.source_key),
            }
        )
    return rows


@require_GET
@caching.visitors_page
def indicator_detail(request, code: str):
    indicator = Indicator.objects.select_related("of_indicator").filter(code=code).first()
    if indicator is None:
        raise Http404(code)
    years = engine.periods()
    territories = dashboard.place(NATION_CODE)
    codes = [NATION_CODE, *[p.code for p in territories.parts]]
    values = engine.compute([indicator], codes, years) if years else []
    names = {p.code: p.name for p in [territories, *territories.parts]}
    table = [
        {"code": c, "name": names[c], "values": [v for v in values if v.territory == c]}
        for c in codes
    ]
    base = indicator.of_indicator
    context = {
        "indicator": indicator,
        "base": base,
        "elements": _element_rows(base or indicator),
        "years": years,
        "table": table,
        "notes": sorted({(v.note, explain(v.note)) for v in values if v.note}),
    }
    if request.GET.get("download") == "values":
        rows = [["territory", "name", "period", "value", "numerator", "denominator", "note"]]
        rows += [
            [v.territory, names[v.territory], v.year, v.value, v.numerator, v.denominator, v.note]
            for v in values
        ]
        return _csv_response(rows, f"tadamon-{code}.csv")
    return render(request, "observatory/indicator.html", context)


@require_GET
@caching.visitors_page
def targets_page(request):
    return render(request, "observatory/targets.html", {"statuses": assess_all()})


@require_GET
@caching.visitors_page
def quality_page(request):
    """Completeness of the yearly declarations and the validation rules' violations."""
    years = engine.periods()
    year = _year(request)
    year = year if year in years else (years[-1] if years else None)
    context: dict = {"years": years, "year": year}
    if year is not None:
        where = dashboard.place(NATION_CODE)
        codes = [NATION_CODE, *[p.code for p in where.parts]]
        completeness = Indicator.objects.get(code="declarations_completeness")
        values = {v.territory: v for v in engine.compute([completeness], codes, [year])}
        reports = violations(year)
        context.update(
            completeness=completeness,
            rows=[
                {
                    "place": p,
                    "completeness": values[p.code],
                    "violations": [r.by_territory.get(p.code, 0) for r in reports],
                }
                for p in where.parts
            ],
            nation=values[NATION_CODE],
            reports=reports,
        )
        if request.GET.get("download") == "violations":
            rows = [["territory", "name", "completeness_pct", *[r.rule.code for r in reports]]]
            rows += [
                [
                    r["place"].code,
                    r["place"].name,
                    r["completeness"].value,
                    *r["violations"],
                ]
                for r in context["rows"]
            ]
            return _csv_response(rows, f"tadamon-quality-{year}.csv")
    return render(request, "observatory/quality.html", context)
