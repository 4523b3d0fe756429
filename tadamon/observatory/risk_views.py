"""The social-risk page: vulnerability by province, SSE coverage, underserved territories.

Thin: reads the choices from the query, asks tadamon.observatory.risk for the
table and renders it, or writes it as CSV (`?format=csv`).
"""

from __future__ import annotations

import io

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tadamon.errors import DomainError
from tadamon.exports.cells import write_csv
from tadamon.observatory import engine, risk
from tadamon.observatory.reference import SOURCES
from tadamon.observatory.templatetags.observatory_format import format_number
from tadamon.portal import caching

DOC = settings.PROJECT_DIR / "docs" / "observatory-risk.md"
CSV_HEADER = [
    "code",
    "province",
    "region",
    "index",
    "rank",
    "median_rank",
    "rank_min",
    "rank_max",
    "rank_p05",
    "rank_p95",
    "organizations_active_per_10k",
    "coverage_rank",
    "underserved",
    "robustness_pct",
]


def _option(request, name: str, allowed: tuple[str, ...]) -> str:
    value = request.GET.get(name, "")
    return value if value in allowed else allowed[0]


def _selectors() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(name, label, [(value, label)]) of each choice the page offers."""
    return [
        (
            "normalization",
            _("Normalization"),
            [
                ("minmax", _("Min-max (0 to 100)")),
                ("zscore", _("Standard scores (z)")),
                ("rank", _("Ranks")),
            ],
        ),
        (
            "weights",
            _("Weights"),
            [("equal", _("Equal weights")), ("pca", _("Principal components"))],
        ),
        (
            "aggregation",
            _("Aggregation"),
            [("arithmetic", _("Arithmetic mean")), ("geometric", _("Geometric mean"))],
        ),
    ]


def _csv(table: risk.RiskTable) -> HttpResponse:
    rows = [
        [
            r.code,
            r.name,
            r.region,
            round(r.index, 4),
            r.rank,
            r.ranks.median,
            r.ranks.low,
            r.ranks.high,
            r.ranks.p05,
            r.ranks.p95,
            None if r.coverage is None else round(r.coverage, 4),
            r.coverage_rank,
            int(r.underserved),
            round(100 * r.robustness, 1),
        ]
        for r in table.rows
    ]
    handle = io.StringIO()
    handle.write("\ufeff")  # Excel reads UTF-8 Arabic only after a byte-order mark
    write_csv(handle, CSV_HEADER, rows)
    choice = table.choice
    name = f"tadamon-risk-{table.year}-{choice.normalization}-{choice.weights}-{choice.aggregation}"
    response = HttpResponse(handle.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _chart_data(table: risk.RiskTable) -> dict:
    vulnerable = [r.index for r in table.rows if r.vulnerable]
    return {
        "provinces": [
            {
                "code": r.code,
                "name": r.name,
                "index": round(r.index, 3),
                "rank": r.rank,
                "coverage": None if r.coverage is None else round(r.coverage, 3),
                "underserved": r.underserved,
                "robustness": round(100 * r.robustness),
            }
            for r in table.rows
        ],
        "cutoffs": {
            "index": min(vulnerable) if vulnerable else None,
            "coverage": table.rule.coverage_cutoff,
        },
        "labels": {
            "index": _("Vulnerability index"),
            "rank": _("Rank"),
            "coverage": _("Active organizations per 10,000 inhabitants"),
            "underserved": _("Underserved"),
            "others": _("Other provinces"),
            "quadrant": _("High vulnerability, low coverage"),
        },
    }


def _number(value: float | None) -> str:
    """Two decimals, written as the observatory's dashboards write them."""
    return "—" if value is None else format_number(value, 2)


def _median(rank: float) -> str:
    return str(int(rank)) if rank == int(rank) else format_number(rank, 1)


def _variant_rows(variants, by_code) -> list[tuple[str, str, str, str, float]]:
    labels = {value: label for _n, _l, choices in _selectors() for value, label in choices}
    return [
        (
            labels[v.choice.normalization],
            labels[v.choice.weights],
            labels[v.choice.aggregation],
            by_code[v.left_out].name if v.left_out else "—",
            format_number(v.spearman, 3),
        )
        for v in variants
    ]


def _context(table: risk.RiskTable) -> dict:
    matrix = table.matrix
    correlations = risk.correlations(matrix)
    by_code = {i.code: i for i in risk.INDICATORS}
    result = table.sensitivity
    pca = risk.principal_components(matrix.values, matrix.directions)
    return {
        "table": table,
        "rows": [
            (r, _number(r.index), _number(r.coverage), _median(r.ranks.median)) for r in table.rows
        ],
        "underserved": [(r, _number(r.coverage)) for r in table.rows if r.underserved],
        "indicators": [(i, format_number(100 * table.weights[i.code], 1)) for i in risk.INDICATORS],
        "correlation_rows": [
            (by_code[code], list(row))
            for code, row in zip(correlations.codes, correlations.matrix, strict=True)
        ],
        "redundant": [(by_code[a], by_code[b], _number(r)) for a, b, r in correlations.redundant],
        "variants": _variant_rows(result.variants, by_code),
        "variant_summary": {k: _number(v) for k, v in result.summary().items()},
        "variant_count": len(result.variants),
        "pca": pca,
        "pca_explained_pct": round(100 * pca.explained),
        "chart_data": _chart_data(table),
    }


@require_GET
@caching.visitors_page
def risk_page(request):
    options = {
        "normalization": _option(request, "normalization", risk.NORMALIZATIONS),
        "weights": _option(request, "weights", risk.WEIGHTINGS),
        "aggregation": _option(request, "aggregation", risk.AGGREGATIONS),
    }
    years = engine.periods()
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and int(year_text) in years else None
    context: dict = {
        "options": options,
        "selectors": [
            (name, label, options[name], choices) for name, label, choices in _selectors()
        ],
        "years": years,
        "source": SOURCES[risk.SOURCE_KEY],
        "redundant_threshold": format_number(risk.REDUNDANT_CORRELATION, 1),
    }
    try:
        table = risk.risk_table(year, **options)
    except DomainError as error:
        context["error"] = error.message()
        return render(request, "observatory/risk.html", context, status=503)
    if request.GET.get("format") == "csv":
        return _csv(table)
    context.update(_context(table))
    return render(request, "observatory/risk.html", context)


@require_GET
def risk_method(request):
    """The method's documentation as plain text (the page links to it)."""
    if not DOC.is_file():
        raise Http404("observatory-risk.md")
    return HttpResponse(DOC.read_text(encoding="utf-8"), content_type="text/plain; charset=utf-8")
