"""The cube: the registry summed per province, legal form, sector and year.

Every indicator is computed from these sums (tadamon.observatory.engine), never
from the registry's rows, so a national figure costs a sum over a few thousand
cells rather than over millions of declarations.

- **Organizations on the register at the end of a year** come from the dated
  status path (StatusChange): a body counts in year Y when its last status
  change on or before 31 December Y put it `registered` (active) or
  `suspended` (on the register, not active). Merged records are duplicates of
  their survivor and never count.
- **Declarations** are summed per year, each body once: a merged record's
  declaration counts for its survivor only in a year the survivor did not file
  (tadamon.registry.services.merging.declarations_from_absorbed, the one
  definition of that rule).
- **Panel sums** (`jobs_panel`, `jobs_panel_prev`, …) add up only the bodies that
  declared the figure in both Y and Y−1, so "jobs created" compares the same
  bodies and is not blurred by who filed which year.

The table holds no unique key per cell: a cell may be written as several rows
(the registry's sums, and the declarations of merged records counted for their
survivors) and readers always sum.

Freshness: the cube records the last history entry it reflects. `ensure_fresh`
(called before every read) reads the entries written since, finds the
provinces they touch (every write to an organization or its declarations is an
entry on that organization) and recomputes only those provinces; after a bulk
load or a new year it rebuilds everything.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor

from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from tadamon.history.models import ChainHead, HistoryEntry
from tadamon.observatory.elements import CUBE_COLUMNS
from tadamon.observatory.models import Cell, CubeState
from tadamon.registry.models import Declaration, Organization

# More organizations touched than this since the last build: rebuild everything
# (one pass over the registry is then cheaper than many provinces one by one).
INCREMENTAL_LIMIT = 20_000

# A rebuild splits the registry over this many connections at once (one per core),
# from this many declarations on (below, one statement is quick enough).
WORKERS = min(os.cpu_count() or 1, 4)
PARALLEL_MIN_DECLARATIONS = 500_000

_CELL = Cell._meta.db_table
_ORG = Organization._meta.db_table
_DECL = Declaration._meta.db_table
_STAGED = "observatory_cells_staged"


# PostgreSQL settings for the cube's few large statements, for their transaction only.
# Measured at 500,000 bodies: just-in-time compilation spent 0.3-0.6 s per statement
# for no gain, and the default 4 MB of work_mem made the grouping spill to disk.
POSTGRES_SETTINGS = {"jit": "off", "work_mem": "64MB"}


@contextlib.contextmanager
def _large_statements() -> Iterator[None]:
    """POSTGRES_SETTINGS inside the block, then the transaction's own settings again
    (refresh_provinces runs in its caller's transaction). After an error the
    transaction or savepoint is rolled back, and SET LOCAL with it."""
    if connection.vendor != "postgresql":
        yield
        return
    names = list(POSTGRES_SETTINGS)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(["current_setting(%s)"] * len(names)), names)
        before = dict(zip(names, cursor.fetchone(), strict=True))
        _set_local(cursor, POSTGRES_SETTINGS)
    yield
    with connection.cursor() as cursor:
        _set_local(cursor, before)


def _set_local(cursor, settings: dict[str, str]) -> None:
    params = [part for name, value in settings.items() for part in (name, value)]
    cursor.execute("SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(settings)), params)


def _status_table() -> str:
    from tadamon.registry.models import StatusChange

    return StatusChange._meta.db_table


def period_bounds() -> tuple[int, int]:
    """First and last year the cube covers: from the first declared year to the last
    complete year (or the last declared one, if later)."""
    last_complete = timezone.localdate().year - 1
    bounds = Declaration.objects.aggregate(first=Min("year"), last=Max("year"))
    first = bounds["first"] or last_complete
    last = max(bounds["last"] or last_complete, last_complete)
    return min(first, last), last


def _province_filter(alias: str, provinces: list[str] | None) -> tuple[str, list]:
    if provinces is None:
        return "", []
    marks = ", ".join(["%s"] * len(provinces))
    return f" AND {alias}.province_id IN ({marks})", list(provinces)


def _id_filter(column: str, ids: tuple[int, int] | None) -> tuple[str, list]:
    if ids is None:
        return "", []
    return f" AND {column} BETWEEN %s AND %s", list(ids)


def _year(expr: str) -> str:
    """The year of a date expression, as an integer."""
    if connection.vendor == "sqlite":
        return f"CAST(substr({expr}, 1, 4) AS integer)"  # SQLite keeps dates as ISO text
    return f"CAST(EXTRACT(YEAR FROM {expr}) AS integer)"


_JOBS = (
    "CASE WHEN d.employees_permanent IS NULL AND d.employees_seasonal IS NULL THEN NULL "
    "ELSE COALESCE(d.employees_permanent, 0) + COALESCE(d.employees_seasonal, 0) END"
)

# Each column's sum in the declarations' part, in CUBE_COLUMNS order after the counts.
_DECLARED = (
    "COUNT(h.organization_id)",  # declarations of bodies on the register at the year's end
    "COALESCE(SUM(d.members_total), 0)",
    "COALESCE(SUM(d.members_women), 0)",
    "COALESCE(SUM(d.members_youth), 0)",
    "COALESCE(SUM(d.employees_permanent), 0)",
    "COALESCE(SUM(d.employees_seasonal), 0)",
    "COALESCE(SUM(d.employees_women), 0)",
    "COALESCE(SUM(d.revenue_mad), 0)",
    "COALESCE(SUM(d.value_added_mad), 0)",
    "COALESCE(SUM(d.subsidies_mad), 0)",
    "COALESCE(SUM(d.beneficiaries_total), 0)",
    "COALESCE(SUM(d.beneficiaries_women), 0)",
    "COALESCE(SUM(CASE WHEN d.panel AND d.prev_jobs IS NOT NULL THEN d.jobs END), 0)",
    "COALESCE(SUM(CASE WHEN d.panel AND d.jobs IS NOT NULL THEN d.prev_jobs END), 0)",
    "COALESCE(SUM(CASE WHEN d.panel AND d.prev_members IS NOT NULL THEN d.members_total END), 0)",
    "COALESCE(SUM(CASE WHEN d.panel AND d.members_total IS NOT NULL THEN d.prev_members END), 0)",
)


def _cells_sql(
    years: range, provinces: list[str] | None, ids: tuple[int, int] | None = None
) -> tuple[str, list]:
    """One query that gives one row per cell: the counts and the declarations.

    Measured at 500,000 bodies on PostgreSQL (docs/benchmarks.md), against the
    first version's two statements: the status path is computed once and serves
    both parts; each status is turned into the span of years at whose end it
    held, and spans are counted per cell before they meet the years (23,000
    rows instead of 1.9 million sorted on disk); each organization is joined
    once, in the order of the (organization, year) key, so the declarations'
    window needs no sort.
    """
    first, last = int(years.start), int(years.stop - 1)
    where, params = _province_filter("o", provinces)
    in_range, range_params = _id_filter("o.id", ids)
    bodies = (
        f"(SELECT o.id, o.province_id, o.legal_form, COALESCE(o.sector_id, '') AS sector_id "
        f"FROM {_ORG} o WHERE o.status <> 'merged'{where}{in_range})"
    )
    # The same range on the joined tables lets each read only its part of the index.
    changes_in_range, _ = _id_filter("s.organization_id", ids)
    declarations_in_range, _ = _id_filter("d.organization_id", ids)
    params = params + range_params
    lead = (
        "LEAD(s.effective_on) OVER (PARTITION BY s.organization_id ORDER BY s.effective_on, s.id)"
    )
    key = "province_id, legal_form, sector_id"
    zeros = ", ".join(f"0 AS {c}" for c in CUBE_COLUMNS[2:])
    sql = f"""
        WITH years (year) AS (VALUES {", ".join(f"({y})" for y in range(first, last + 1))}),
        path AS (
            SELECT s.organization_id, b.province_id, b.legal_form, b.sector_id, s.to_status,
                   {_year("s.effective_on")} AS from_year,
                   {_year(lead)} - 1 AS to_year
            FROM {_status_table()} s
            JOIN {bodies} b ON b.id = s.organization_id
            WHERE TRUE{changes_in_range}
        ),
        held AS (
            SELECT * FROM path
            WHERE to_status IN ('registered', 'suspended')
              AND from_year <= {last} AND (to_year IS NULL OR to_year >= {first})
        ),
        spans AS (
            SELECT {key},
                   CASE WHEN from_year < {first} THEN {first} ELSE from_year END AS from_year,
                   CASE WHEN to_year IS NULL OR to_year > {last} THEN {last} ELSE to_year END
                       AS to_year,
                   COUNT(*) AS bodies,
                   SUM(CASE WHEN to_status = 'registered' THEN 1 ELSE 0 END) AS active
            FROM held
            GROUP BY {key}, 4, 5
        ),
        d AS (
            SELECT d.organization_id, b.province_id, b.legal_form, b.sector_id, d.year,
                   d.members_total, d.members_women, d.members_youth, d.employees_permanent,
                   d.employees_seasonal, d.employees_women, d.revenue_mad, d.value_added_mad,
                   d.subsidies_mad, d.beneficiaries_total, d.beneficiaries_women,
                   {_JOBS} AS jobs,
                   LAG(d.year) OVER w = d.year - 1 AS panel,
                   LAG({_JOBS}) OVER w AS prev_jobs,
                   LAG(d.members_total) OVER w AS prev_members
            FROM {_DECL} d
            JOIN {bodies} b ON b.id = d.organization_id
            WHERE TRUE{declarations_in_range}
            WINDOW w AS (PARTITION BY d.organization_id ORDER BY d.year)
        )
        SELECT {key}, year, {", ".join(f"SUM({c}) AS {c}" for c in CUBE_COLUMNS)}
        FROM (
            SELECT {key}, y.year, SUM(s.bodies) AS organizations,
                   SUM(s.active) AS organizations_active, {zeros}
            FROM spans s
            JOIN years y ON y.year BETWEEN s.from_year AND s.to_year
            GROUP BY {key}, y.year
            UNION ALL
            SELECT d.province_id, d.legal_form, d.sector_id, d.year, 0, 0, {", ".join(_DECLARED)}
            FROM d
            LEFT JOIN held h ON h.organization_id = d.organization_id
                            AND h.from_year <= d.year
                            AND (h.to_year IS NULL OR h.to_year >= d.year)
            WHERE d.year BETWEEN {first} AND {last}
            GROUP BY d.province_id, d.legal_form, d.sector_id, d.year
        ) parts
        GROUP BY {key}, year
    """
    return sql, params + range_params + params + range_params


def _insert_cells(years: range, provinces: list[str] | None) -> None:
    """The cells, staged in a temporary table: PostgreSQL never gives an INSERT … SELECT
    parallel workers but may give them to a CREATE TABLE … AS (a Casablanca refresh
    at 500,000 bodies 0.57-0.75 s to 0.42-0.44 s; a rebuild, whose plan is serial,
    the same)."""
    sql, params = _cells_sql(years, provinces)
    columns = ", ".join(["province_id", "legal_form", "sector_id", "year", *CUBE_COLUMNS])
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {_STAGED} AS {sql}", params)
        cursor.execute(f"INSERT INTO {_CELL} ({columns}) SELECT {columns} FROM {_STAGED}")
        cursor.execute(f"DROP TABLE {_STAGED}")


def _id_ranges(parts: int) -> list[tuple[int, int]] | None:
    """Organization id ranges of about equal declarations, one per worker; None when
    the rebuild should stay in one statement: not PostgreSQL, inside a caller's
    transaction (other connections would not see its writes), one core, or a
    registry too small for the extra connections to pay."""
    if parts < 2 or connection.vendor != "postgresql" or connection.in_atomic_block:
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [_DECL])
        row = cursor.fetchone()
        if row is None or row[0] < PARALLEL_MIN_DECLARATIONS:
            return None
        # Quantiles of the declarations' organizations, from a sample of about 50,000
        # (a few ms at 2.5 million).
        share = min(100.0, 100.0 * 50_000 / max(row[0], 1.0))
        cursor.execute(
            f"SELECT percentile_disc(%s::float8[]) WITHIN GROUP (ORDER BY organization_id) "
            f"FROM {_DECL} TABLESAMPLE SYSTEM (%s)",
            [[k / parts for k in range(1, parts)], share],
        )
        cuts = [int(c) for c in cursor.fetchone()[0] or [] if c is not None]
        cursor.execute(f"SELECT MIN(id), MAX(id) FROM {_ORG}")
        low, high = cursor.fetchone()
    if low is None or len(cuts) != parts - 1:
        return None
    bounds = [low - 1, *sorted(set(cuts)), high]
    return [(bounds[k] + 1, bounds[k + 1]) for k in range(len(bounds) - 1)]


def _cells_of_range(years: range, ids: tuple[int, int]) -> list[tuple]:
    """One worker's cells, on its own connection (run in a thread)."""
    sql, params = _cells_sql(years, None, ids)
    try:
        with transaction.atomic(), _large_statements(), connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    finally:
        connection.close()


def _insert_cells_in_parallel(years: range, ranges: list[tuple[int, int]]) -> None:
    """Every cell, each id range's on its own connection at once: one statement over
    2.5 million declarations is a serial plan on one core (PostgreSQL gives window
    functions no parallel workers). The ranges split organizations, and with them
    their status paths and declarations, so their cells only need adding up, which
    readers do. Each worker sees the registry as committed when it starts; the
    rebuild read the history head before, so a write in between is refreshed by
    the next ensure_fresh."""
    with ThreadPoolExecutor(max_workers=len(ranges)) as pool:
        parts = list(pool.map(lambda ids: _cells_of_range(years, ids), ranges))
    # One row per cell again (each range wrote its own): fewer rows for every read.
    cells: dict[tuple, list] = {}
    for row in (row for part in parts for row in part):
        key, sums = row[:4], row[4:]
        if key in cells:
            cells[key] = [a + b for a, b in zip(cells[key], sums, strict=True)]
        else:
            cells[key] = list(sums)
    columns = ["province_id", "legal_form", "sector_id", "year", *CUBE_COLUMNS]
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {_CELL} ({', '.join(columns)}) VALUES ({marks})",
            [(*key, *sums) for key, sums in cells.items()],
        )


def _number(value) -> float:
    return float(value) if value is not None else 0.0


def _insert_absorbed(years: range, provinces: list[str] | None) -> None:
    """Declarations filed under merged records, for the years their survivor did not file."""
    from tadamon.registry.services.merging import declarations_from_absorbed

    # Bodies some merged record points to, found from the merged records (the status
    # index) rather than by joining every organization to its absorbed ones: 0.6 s
    # at 500,000 bodies without a single merge, now 2 ms.
    merged = Organization.objects.filter(status="merged").values("merged_into_id")
    survivors = Organization.objects.exclude(status="merged").filter(pk__in=merged)
    if provinces is not None:
        survivors = survivors.filter(province_id__in=provinces)
    if not survivors.exists():
        return
    chosen = declarations_from_absorbed(survivors.values("pk"))
    if not chosen:
        return
    bodies = Organization.objects.in_bulk({body for body, _year in chosen})
    on_register = _on_register_at_year_end(bodies, years)
    cells = []
    for (body_id, year), d in chosen.items():
        if year not in years:
            continue
        body = bodies[body_id]
        # A merged record's year stays out of the panel sums (see the module's note).
        cells.append(
            Cell(
                province_id=body.province_id,
                legal_form=body.legal_form,
                sector_id=body.sector_id or "",
                year=year,
                declarations=int((body_id, year) in on_register),
                members=_number(d.members_total),
                members_women=_number(d.members_women),
                members_youth=_number(d.members_youth),
                jobs_permanent=_number(d.employees_permanent),
                jobs_seasonal=_number(d.employees_seasonal),
                jobs_women=_number(d.employees_women),
                revenue=_number(d.revenue_mad),
                value_added=_number(d.value_added_mad),
                subsidies=_number(d.subsidies_mad),
                beneficiaries=_number(d.beneficiaries_total),
                beneficiaries_women=_number(d.beneficiaries_women),
            )
        )
    Cell.objects.bulk_create(cells, batch_size=2000)


def _on_register_at_year_end(ids: Iterable[int], years: range) -> set[tuple[int, int]]:
    """(body, year) for each year at whose end the body was registered or suspended."""
    from tadamon.registry.models import StatusChange

    last: dict[tuple[int, int], str] = {}
    changes = (
        StatusChange.objects.filter(organization_id__in=list(ids))
        .order_by("organization_id", "effective_on", "id")
        .values_list("organization_id", "effective_on", "to_status")
    )
    for body, effective_on, status in changes:
        for year in years:
            if effective_on <= dt.date(year, 12, 31):
                last[body, year] = status
    return {key for key, status in last.items() if status in ("registered", "suspended")}


def _fill(years: range, provinces: list[str] | None, ranges=None) -> None:
    if ranges:
        _insert_cells_in_parallel(years, ranges)
    else:
        with _large_statements():
            _insert_cells(years, provinces)
    _insert_absorbed(years, provinces)


def _analyze() -> None:
    """Fresh statistics for the cells. On PostgreSQL, outside a transaction, VACUUM too:
    a rebuild deletes every row it rewrites, and until autovacuum passes (never,
    where it is off) reads go through them; reading one year for three
    territories took 207 ms over 1.9 million dead rows, 16 ms after a VACUUM,
    which costs about 0.2 s at 23,000 cells."""
    from tadamon.registry.statistics import analyze_tables

    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {_CELL}")
    else:
        analyze_tables([_CELL])


def _locked_state() -> CubeState:
    state, _created = CubeState.objects.select_for_update().get_or_create(id=1)
    return state


def _head_seq() -> int:
    head = ChainHead.objects.filter(id=1).values_list("last_seq", flat=True).first()
    return head or 0


def rebuild() -> CubeState:
    """Recompute every cell from the registry, in one transaction."""
    started = time.perf_counter()
    ranges = _id_ranges(WORKERS)
    with transaction.atomic():
        state = _locked_state()
        seq = _head_seq()
        first, last = period_bounds()
        years = range(first, last + 1)
        Cell.objects.all().delete()
        _fill(years, None, ranges)
        state.built_seq = seq
        state.first_year, state.last_year = first, last
        state.rebuilt_at = timezone.now()
        state.seconds = time.perf_counter() - started
        state.save()
    _analyze()
    return state


def refresh_provinces(provinces: Iterable[str], state: CubeState) -> None:
    """Recompute the cells of some provinces, in the caller's transaction."""
    codes = sorted(set(provinces))
    if not codes:
        return
    years = range(state.first_year, state.last_year + 1)
    Cell.objects.filter(province_id__in=codes).delete()
    _fill(years, codes)


def _touched_provinces(since_seq: int, until_seq: int) -> set[str] | None:
    """Provinces whose figures the history entries in (since, until] may have changed;
    None when so many organizations changed that a rebuild is cheaper."""
    entries = HistoryEntry.objects.filter(
        seq__gt=since_seq, seq__lte=until_seq, object_type="organization"
    )
    ids: set[int] = set()
    provinces: set[str] = set()
    for object_id, before in entries.values_list("object_id", "before").iterator(chunk_size=2000):
        if object_id.isdigit():
            ids.add(int(object_id))
        if len(ids) > INCREMENTAL_LIMIT:
            return None
        if isinstance(before, str):  # some backends hand JSON back as text
            before = json.loads(before) if before else None
        if isinstance(before, dict) and before.get("province_id"):
            provinces.add(str(before["province_id"]))
    touched = Organization.objects.filter(pk__in=ids)
    provinces.update(touched.values_list("province_id", flat=True))
    # A merge or unmerge changes what its survivor counts.
    provinces.update(
        touched.filter(merged_into__isnull=False).values_list("merged_into__province_id", flat=True)
    )
    return provinces


def ensure_fresh() -> CubeState:
    """Bring the cube up to the last history entry; cheap when nothing changed."""
    state = CubeState.objects.filter(id=1).first()
    seq = _head_seq()
    new_year = state is not None and state.last_year < timezone.localdate().year - 1
    if state is not None and state.built_seq == seq and not new_year:
        return state
    first, last = period_bounds()
    if (
        state is None
        or state.built_seq < 0
        or (first, last)
        != (
            state.first_year,
            state.last_year,
        )
    ):
        return rebuild()
    with transaction.atomic():
        state = _locked_state()
        seq = _head_seq()
        if state.built_seq == seq:
            return state
        provinces = _touched_provinces(state.built_seq, seq)
        if provinces is None:
            transaction.set_rollback(True)
        else:
            refresh_provinces(provinces, state)
            state.built_seq = seq
            state.save(update_fields=["built_seq"])
            return state
    return rebuild()
