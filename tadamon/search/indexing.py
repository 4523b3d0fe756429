"""Writing the search index: a few organizations at a time, or all of them in bulk.

Registry services call `index_organizations` in their own transaction, so an
organization is findable as soon as its write commits and the index never
disagrees with a committed name. `rebuild_index` recomputes everything (after a
bulk load, or with `tadamon search --reindex`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.db.models import Count, F

from tadamon.history.bulk import write_rows
from tadamon.search.entries import deletions, entry_data
from tadamon.search.models import SearchEntry, SearchPosting, SearchTerm, SearchTermVariant

Progress = Callable[[int], None] | None
CHUNK = 20_000


def _ensure_terms(terms: set[str]) -> dict[str, int]:
    """Ids of the terms, creating the missing ones and their deletion variants."""
    if not terms:
        return {}
    known = dict(SearchTerm.objects.filter(term__in=terms).values_list("term", "id"))
    missing = terms - known.keys()
    if missing:
        SearchTerm.objects.bulk_create(
            [SearchTerm(term=t, doc_count=0) for t in sorted(missing)], ignore_conflicts=True
        )
        created = dict(SearchTerm.objects.filter(term__in=missing).values_list("term", "id"))
        SearchTermVariant.objects.bulk_create(
            [
                SearchTermVariant(variant=variant, term_id=term_id)
                for term, term_id in created.items()
                for variant in sorted(deletions(term))
            ],
            ignore_conflicts=True,
        )
        known.update(created)
    return known


def _count(term_counts: Counter, sign: int) -> None:
    for term_id, count in term_counts.items():
        SearchTerm.objects.filter(pk=term_id).update(doc_count=F("doc_count") + sign * count)


@transaction.atomic
def index_organizations(organizations: Iterable) -> None:
    """(Re)write the index rows of these organizations (objects with pk, name_ar, name_fr)."""
    organizations = list(organizations)
    ids = [o.pk for o in organizations]
    old = SearchPosting.objects.filter(organization_id__in=ids)
    _count(Counter(dict(old.values_list("term_id").annotate(n=Count("id")))), -1)
    old.delete()
    SearchEntry.objects.filter(organization_id__in=ids).delete()
    data = {o.pk: entry_data(o.name_ar, o.name_fr) for o in organizations}
    places = {o.pk: (o.province_id or "", o.legal_form or "") for o in organizations}
    term_ids = _ensure_terms(set().union(*(d.terms for d in data.values())) if data else set())
    SearchEntry.objects.bulk_create(
        [
            SearchEntry(
                organization_id=pk,
                name_ar_norm=d.name_ar_norm,
                name_fr_norm=d.name_fr_norm,
                concepts=d.concepts,
                readings=d.readings,
            )
            for pk, d in data.items()
        ]
    )
    postings = [
        SearchPosting(
            term_id=term_ids[t],
            organization_id=pk,
            size=d.term_count,
            province=places[pk][0],
            legal_form=places[pk][1],
        )
        for pk, d in data.items()
        for t in d.terms
    ]
    SearchPosting.objects.bulk_create(postings)
    _count(Counter(p.term_id for p in postings), +1)


def _clear() -> None:
    tables = [m._meta.db_table for m in (SearchPosting, SearchTermVariant, SearchTerm, SearchEntry)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE refuses a table with deferred foreign-key checks pending in
            # this transaction (a bulk load just wrote organizations): run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")


@transaction.atomic
def rebuild_index(progress: Progress = None) -> int:
    """Recompute the whole index from the registry; returns the organizations indexed."""
    from tadamon.registry.models import Organization

    _clear()
    term_ids: dict[str, int] = {}
    doc_counts: Counter = Counter()
    postings: list[tuple] = []
    entries: list[tuple] = []
    names = Organization.objects.order_by("pk").values_list(
        "pk", "name_ar", "name_fr", "province_id", "legal_form"
    )
    for pk, name_ar, name_fr, province, legal_form in names.iterator(chunk_size=CHUNK):
        d = entry_data(name_ar, name_fr)
        entries.append((pk, d.name_ar_norm, d.name_fr_norm, d.concepts, d.readings, d.term_count))
        for term in d.terms:
            term_id = term_ids.setdefault(term, len(term_ids) + 1)
            doc_counts[term_id] += 1
            postings.append((term_id, pk, d.term_count, province, legal_form))
        if progress and len(entries) % CHUNK == 0:
            progress(CHUNK)
    entry_fields = (
        "organization", "name_ar_norm", "name_fr_norm", "concepts", "readings", "term_count"
    )  # fmt: skip
    write_rows(SearchEntry, entry_fields, entries)
    write_rows(
        SearchTerm,
        ("id", "term", "doc_count"),
        ((term_id, term, doc_counts[term_id]) for term, term_id in term_ids.items()),
    )
    write_rows(
        SearchTermVariant,
        ("variant", "term"),
        ((v, term_id) for term, term_id in term_ids.items() for v in sorted(deletions(term))),
    )
    write_rows(SearchPosting, ("term", "organization", "size", "province", "legal_form"), postings)
    _reset_sequences()
    _analyze()
    return len(entries)


def _analyze() -> None:
    """Fresh statistics after a bulk write, or PostgreSQL plans for an empty index."""
    tables = [m._meta.db_table for m in (SearchPosting, SearchTermVariant, SearchTerm, SearchEntry)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {', '.join(tables)}")
        elif connection.vendor == "sqlite":
            for table in tables:
                cursor.execute(f"ANALYZE {table}")


def _reset_sequences() -> None:
    """After writing ids ourselves, PostgreSQL's sequences must move past them."""
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), [SearchTerm])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
