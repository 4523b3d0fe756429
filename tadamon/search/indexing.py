"""Writing the search index: a few organizations at a time, or all of them in bulk.

Registry services call `index_organizations` in their own transaction, so an
organization is findable as soon as its write commits and the index never
disagrees with a committed name. `rebuild_index` recomputes everything (after a
bulk load, or with `tadamon search --reindex`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import import_module

import numpy as np
from django.db import connection, transaction
from django.db.models import Count

from tadamon.forking import InChild, fork_available
from tadamon.history.bulk import write_rows
from tadamon.registry.statistics import analyze_tables
from tadamon.search.entries import NameReadings, deletions, read_names
from tadamon.search.models import SearchEntry, SearchPosting, SearchTerm, SearchTermVariant

Progress = Callable[[int], None] | None
PARALLEL_FROM = 50_000  # below this, forking costs more than it saves


def _chunks(values: list, size: int = 5_000):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _ensure_terms(terms: set[str]) -> dict[str, int]:
    """Ids of the terms, creating the missing ones and their deletion variants."""
    if connection.vendor == "postgresql":
        return _ensure_terms_postgresql(sorted(terms))
    known: dict[str, int] = {}
    for chunk in _chunks(sorted(terms)):
        known.update(SearchTerm.objects.filter(term__in=chunk).values_list("term", "id"))
    missing = sorted(terms - known.keys())
    if not missing:
        return known
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=t, doc_count=0) for t in missing], ignore_conflicts=True, batch_size=5_000
    )
    created: dict[str, int] = {}
    for chunk in _chunks(missing):
        created.update(SearchTerm.objects.filter(term__in=chunk).values_list("term", "id"))
    SearchTermVariant.objects.bulk_create(
        [
            SearchTermVariant(variant=variant, term_id=term_id)
            for term, term_id in created.items()
            for variant in sorted(deletions(term))
        ],
        ignore_conflicts=True,
        batch_size=5_000,
    )
    known.update(created)
    return known


def _ensure_terms_postgresql(terms: list[str]) -> dict[str, int]:
    """_ensure_terms in four statements, each given whole arrays: 37,000 new terms
    and their 180,000 variants through bulk_create's batches of 5,000 parameters
    took 1.9 s, most of it building the queries; this takes a few tenths."""
    term_table, variant_table = SearchTerm._meta.db_table, SearchTermVariant._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT term, id FROM {term_table} WHERE term = ANY(%s)", [terms])
        known = dict(cursor.fetchall())
        missing = [t for t in terms if t not in known]
        if not missing:
            return known
        # ON CONFLICT: another transaction may be adding the same term; it is read after.
        cursor.execute(
            f"INSERT INTO {term_table} (term, doc_count) SELECT unnest(%s::text[]), 0"
            " ON CONFLICT (term) DO NOTHING",
            [missing],
        )
        cursor.execute(f"SELECT term, id FROM {term_table} WHERE term = ANY(%s)", [missing])
        created = dict(cursor.fetchall())
        variants = [(v, term_id) for term, term_id in created.items() for v in deletions(term)]
        cursor.execute(
            f"INSERT INTO {variant_table} (variant, term_id)"
            " SELECT * FROM unnest(%s::text[], %s::bigint[]) ON CONFLICT DO NOTHING",
            [[v for v, _id in variants], [term_id for _v, term_id in variants]],
        )
    known.update(created)
    return known


def _add_counts(changes: Counter) -> None:
    """doc_count += change, for many terms in one statement (PostgreSQL) or one batch."""
    rows = [(count, term_id) for term_id, count in changes.items() if count]
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "UPDATE search_searchterm t SET doc_count = t.doc_count + v.n"
                " FROM (SELECT unnest(%s::int[]) AS id, unnest(%s::int[]) AS n) v"
                " WHERE t.id = v.id",
                [[r[1] for r in rows], [r[0] for r in rows]],
            )
        else:
            cursor.executemany(
                "UPDATE search_searchterm SET doc_count = doc_count + %s WHERE id = %s", rows
            )


@transaction.atomic
def index_organizations(
    organizations: Iterable, progress: Progress = None, readings: NameReadings | None = None
) -> int:
    """(Re)write the index rows of these organizations: objects with pk, name_ar,
    name_fr, province_id and legal_form. One organization or a whole import: the
    rows are written with write_rows (COPY on PostgreSQL) and the term counts in
    one statement. `readings`: names read already (an import reads its file's in a
    forked child); the others are read here."""
    organizations = list(organizations)
    changes = _delete_rows([o.pk for o in organizations])
    # One core: an import calls this while the history's child process runs, and a
    # second child beside it is what deadlocked the demo load now and then.
    rows = compute_index_rows(
        [o.pk for o in organizations],
        [o.name_ar for o in organizations],
        [o.name_fr for o in organizations],
        readings,
    )
    term_ids = _ensure_terms(set(rows.terms))
    # The rows' own term numbers to the index's ids (0 is no term).
    numbers = np.array([0] + [term_ids[t] for t in rows.terms], dtype=np.int64)
    posting_terms = numbers[rows.posting_terms]
    counted, counts = np.unique(posting_terms, return_counts=True)
    changes.update(dict(zip(counted.tolist(), counts.tolist(), strict=True)))
    write_rows(SearchEntry, ENTRY_FIELDS, rows.entries)
    postings = _posting_rows(
        rows,
        posting_terms,
        [o.province_id or "" for o in organizations],
        [o.legal_form or "" for o in organizations],
    )
    write_rows(SearchPosting, POSTING_FIELDS, postings, progress, count=len(posting_terms))
    _add_counts(changes)
    return len(rows.entries)


def _delete_rows(pks: list[int]) -> Counter:
    """Delete these organizations' index rows; returns -(postings removed) per term id."""
    changes: Counter = Counter()
    if connection.vendor == "postgresql":
        # One statement each with the ids as an array: an import's 100,000 ids as
        # IN lists of 5,000 parameters took 2.5 s of query building alone.
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {SearchPosting._meta.db_table} WHERE organization_id = ANY(%s)"
                " RETURNING term_id",
                [pks],
            )
            changes.subtract(term_id for (term_id,) in cursor.fetchall())
            cursor.execute(
                f"DELETE FROM {SearchEntry._meta.db_table} WHERE organization_id = ANY(%s)", [pks]
            )
        return changes
    for chunk in _chunks(pks):
        old = SearchPosting.objects.filter(organization_id__in=chunk)
        for term_id, count in old.values_list("term_id").annotate(n=Count("id")):
            changes[term_id] -= count
        old._raw_delete(old.db)
        SearchEntry.objects.filter(organization_id__in=chunk).delete()
    return changes


def _posting_rows(
    rows: IndexRows, term_ids: np.ndarray, provinces: Sequence[str], legal_forms: Sequence[str]
) -> Iterable[tuple]:
    """The postings' table rows in (term, organization) order, zipped in C from whole
    columns (no Python per row).

    In that order each index that starts with the term is written in one sweep
    instead of at random places: COPY of an import's 1.26 million postings into
    PostgreSQL took 5.1-5.4 s instead of 7.9-9.4 s (2026-11-24)."""
    pks = np.array([entry[0] for entry in rows.entries], dtype=np.int64)
    sizes = np.array([entry[5] for entry in rows.entries], dtype=np.int32)
    order = np.lexsort((pks[rows.posting_rows], term_ids))
    at = rows.posting_rows[order]
    return zip(
        term_ids[order].tolist(),
        pks[at].tolist(),
        sizes[at].tolist(),
        np.asarray(provinces, dtype=object)[at].tolist(),
        np.asarray(legal_forms, dtype=object)[at].tolist(),
        rows.concepts_keys[at].tolist(),
        strict=True,
    )


ENTRY_FIELDS = (
    "organization", "name_ar_norm", "name_fr_norm", "concepts", "readings", "term_count"
)  # fmt: skip
POSTING_FIELDS = ("term", "organization", "size", "province", "legal_form", "concepts_key")


def _index_tables() -> list[str]:
    """The index's tables, postings first (they point at the others)."""
    return [m._meta.db_table for m in (SearchPosting, SearchTermVariant, SearchTerm, SearchEntry)]


def _clear() -> None:
    tables = _index_tables()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE refuses a table with deferred foreign-key checks pending in
            # this transaction (a bulk load just wrote organizations): run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")


@dataclass
class IndexRows:
    """The index of some organizations, computed apart from the database (so a forked
    child can compute it): terms numbered from 1 in order of appearance, postings as
    (term number, position of the organization in the input) arrays."""

    entries: list[tuple]  # (pk, name_ar_norm, name_fr_norm, concepts, readings, term_count)
    terms: list[str]
    posting_terms: np.ndarray  # int32, term number
    posting_rows: np.ndarray  # int32, position of the organization in the input
    concepts_keys: np.ndarray  # int64, per organization


def compute_index_rows(
    pks: Sequence[int],
    names_ar: Sequence[str],
    names_fr: Sequence[str],
    readings: NameReadings | None = None,
) -> IndexRows:
    """Read every organization's names into its index rows (pure: no database).

    Each distinct pair of names is read once (a registry repeats names across
    provinces), or not at all when `readings` holds it already: an import reads
    its file's names in a forked child while it checks the rows."""
    pairs = list(zip(names_ar, names_fr, strict=True))
    positions = readings.positions() if readings is not None else {}
    missing = [pair for pair in pairs if pair not in positions]
    if missing or readings is None:
        extra = read_names(missing)
        readings = extra if readings is None else _joined(readings, extra)
        positions = readings.positions()
    at = np.array([positions[pair] for pair in pairs], dtype=np.int64)
    # Every organization's terms, one after the other, gathered in C from the pairs'.
    starts, ends = readings.offsets[at], readings.offsets[at + 1]
    sizes = ends - starts
    posting_rows = np.repeat(np.arange(len(pairs), dtype=np.int32), sizes)
    firsts = np.cumsum(sizes) - sizes
    numbers = readings.pair_terms[np.arange(int(sizes.sum())) - np.repeat(firsts - starts, sizes)]
    # Only the terms these organizations hold, renumbered from 1.
    used, posting_terms = np.unique(numbers, return_inverse=True)
    r, counts = readings, readings.term_counts.tolist()
    entries = [
        (pk, r.norms_ar[i], r.norms_fr[i], r.concepts[i], r.readings[i], counts[i])
        for pk, i in zip(pks, at.tolist(), strict=True)
    ]
    return IndexRows(
        entries,
        [r.terms[n - 1] for n in used.tolist()],
        (posting_terms + 1).astype(np.int32),
        posting_rows,
        r.concepts_keys[at],
    )


def _joined(first: NameReadings, second: NameReadings) -> NameReadings:
    """The pairs of both, the second's terms numbered as the first's."""
    numbers = {term: number for number, term in enumerate(first.terms, 1)}
    renumber = np.array(
        [0] + [numbers.setdefault(t, len(numbers) + 1) for t in second.terms], dtype=np.int32
    )
    return NameReadings(
        first.names_ar + second.names_ar, first.names_fr + second.names_fr,
        first.norms_ar + second.norms_ar, first.norms_fr + second.norms_fr,
        first.concepts + second.concepts, first.readings + second.readings,
        np.concatenate([first.term_counts, second.term_counts]),
        np.concatenate([first.concepts_keys, second.concepts_keys]),
        list(numbers),
        np.concatenate([first.pair_terms, renumber[second.pair_terms]]),
        np.concatenate([first.offsets, second.offsets[1:] + first.offsets[-1]]),
    )  # fmt: skip


def _merged(parts: list[IndexRows]) -> IndexRows:
    """One IndexRows from parts computed apart (their term numbers renumbered)."""
    if len(parts) == 1:
        return parts[0]
    term_ids: dict[str, int] = {}
    posting_terms, posting_rows, offset = [], [], 0
    for part in parts:
        renumber = np.array(
            [0] + [term_ids.setdefault(t, len(term_ids) + 1) for t in part.terms], dtype=np.int32
        )
        posting_terms.append(renumber[part.posting_terms])
        posting_rows.append(part.posting_rows + offset)
        offset += len(part.entries)
    return IndexRows(
        [entry for part in parts for entry in part.entries],
        list(term_ids),
        np.concatenate(posting_terms),
        np.concatenate(posting_rows),
        np.concatenate([part.concepts_keys for part in parts]),
    )


def compute_index_rows_parallel(
    pks: Sequence[int], names_ar: Sequence[str], names_fr: Sequence[str]
) -> IndexRows:
    """compute_index_rows on two cores for a large registry: half in a forked child."""
    if len(pks) < PARALLEL_FROM or not fork_available():
        return compute_index_rows(pks, names_ar, names_fr)
    half = len(pks) // 2
    child = InChild(lambda: compute_index_rows(pks[half:], names_ar[half:], names_fr[half:]))
    try:
        first = compute_index_rows(pks[:half], names_ar[:half], names_fr[:half])
        return _merged([first, child.get()])
    finally:
        child.cancel()


@transaction.atomic
def replace_index(
    rows: IndexRows, provinces: Sequence[str], legal_forms: Sequence[str], progress: Progress = None
) -> int:
    """Make the index exactly these rows (computed from every organization, in the
    order of `provinces` and `legal_forms`); returns the organizations indexed."""
    with _fts_filled_once():
        _clear()
        with _trigram_indexes_dropped():
            write_rows(SearchEntry, ENTRY_FIELDS, rows.entries)
        doc_counts = np.bincount(rows.posting_terms, minlength=len(rows.terms) + 1).tolist()
        write_rows(
            SearchTerm,
            ("id", "term", "doc_count"),
            ((number, term, doc_counts[number]) for number, term in enumerate(rows.terms, 1)),
        )
        write_rows(
            SearchTermVariant,
            ("variant", "term"),
            (
                (v, number)
                for number, term in enumerate(rows.terms, 1)
                for v in sorted(deletions(term))
            ),
        )
        postings = _posting_rows(rows, rows.posting_terms, provinces, legal_forms)
        count = len(rows.posting_terms)
        per_posting = len(rows.entries) / max(count, 1)  # progress counts organizations
        written = progress and (lambda n: progress(round(n * per_posting)))
        write_rows(SearchPosting, POSTING_FIELDS, postings, written, count=count)
        _reset_sequences()
        _analyze()
    return len(rows.entries)


@transaction.atomic
def rebuild_index(progress: Progress = None) -> int:
    """Recompute the whole index from the registry; returns the organizations indexed."""
    from tadamon.registry.models import Organization

    names = list(
        Organization.objects.order_by("pk").values_list(
            "pk", "name_ar", "name_fr", "province_id", "legal_form"
        )
    )
    pks, names_ar, names_fr, provinces, legal_forms = (
        [list(column) for column in zip(*names, strict=True)] if names else ([], [], [], [], [])
    )
    rows = compute_index_rows_parallel(pks, names_ar, names_fr)
    return replace_index(
        rows, [p or "" for p in provinces], [f or "" for f in legal_forms], progress
    )


@contextmanager
def _trigram_indexes_dropped():
    """PostgreSQL builds a GIN index once, from all rows, far faster than it takes
    500,000 rows one by one: drop the trigram indexes for the bulk write, build them
    after (inside the same transaction, as migration search/0002 defines them)."""
    if connection.vendor != "postgresql":
        yield
        return
    definitions = import_module("tadamon.search.migrations.0002_trigram_and_fts5")
    with connection.cursor() as cursor:
        for statement in definitions.POSTGRES_DOWN:
            cursor.execute(statement.replace("DROP INDEX", "DROP INDEX IF EXISTS"))
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for statement in definitions.POSTGRES_UP[1:]:
            cursor.execute(statement)


@contextmanager
def _fts_filled_once():
    """SQLite: the FTS5 table's triggers index names one row at a time; for a bulk
    write they are dropped, and the table is filled once from its content table
    (FTS5 'rebuild'), then the triggers come back (migration search/0002)."""
    if connection.vendor != "sqlite":
        yield
        return
    definitions = import_module("tadamon.search.migrations.0002_trigram_and_fts5")
    triggers = [sql for sql in definitions.SQLITE_UP if sql.startswith("CREATE TRIGGER")]
    with connection.cursor() as cursor:
        for name in ("search_fts_insert", "search_fts_delete", "search_fts_update"):
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute("INSERT INTO search_names_fts(search_names_fts) VALUES ('delete-all')")
    yield
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_names_fts(search_names_fts) VALUES ('rebuild')")
        for sql in triggers:
            cursor.execute(sql)


def vacuum_index() -> None:
    """VACUUM ANALYZE the index tables on PostgreSQL (outside any transaction): after a
    bulk write, this is what lets candidate picking read the covering index alone."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    tables = _index_tables()
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {table}")


def _analyze() -> None:
    """Fresh statistics after a bulk write, or PostgreSQL plans for an empty index."""
    analyze_tables(_index_tables())


def _reset_sequences() -> None:
    """After writing ids ourselves, PostgreSQL's sequences must move past them."""
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), [SearchTerm])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
