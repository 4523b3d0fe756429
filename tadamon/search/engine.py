"""One search for the API, the console and the back office.

A query is read like a name (tadamon.identity.keys): its lexicon concepts and
the consonant skeletons of its other words, the same in Arabic and in Latin
script. Candidates come from four places, each from an index:

1. identifiers: a registry number, an ICE or an external id typed whole;
2. exact and prefix: the normalized name equals the query, or starts with it
   (btree range on `SearchEntry.name_*_norm`);
3. substring: the normalized name contains the query (pg_trgm on PostgreSQL,
   FTS5 trigram on SQLite: see `backends`);
4. cross-script and typo-tolerant: organizations sharing the query's skeletons,
   or skeletons one slip away (symmetric deletion, `SearchTermVariant`), or
   starting with the last skeleton typed (search as you type).

Every candidate is then scored on the same scale (`scoring`) and ranked by
tier first — exact before prefix before fuzzy — then by score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q

from tadamon.accounts import scope
from tadamon.identity.keys import is_mark, read_name
from tadamon.registry.models import Organization
from tadamon.registry.vocabulary import PUBLISHED_STATUSES
from tadamon.search import backends
from tadamon.search.entries import (
    SHORTEST_TYPO_TERM,
    concepts_key,
    deletions,
    normalized_name,
    pair_term,
)
from tadamon.search.models import SearchEntry, SearchTerm, SearchTermVariant
from tadamon.search.scoring import Candidate, QueryTerms, score_candidate
from tadamon.territory.models import Province

EXACT, PREFIX, FUZZY = 0, 1, 2
TIER_NAMES = {EXACT: "exact", PREFIX: "prefix", FUZZY: "fuzzy"}
CANDIDATES_PER_SOURCE = 40
SUBSTRING_MAX_WORDS = 2
NAME_ROWS_READ = 200  # per name lookup, before the filters
FUZZY_CANDIDATES = 120
MAX_RESULTS = 200
# Index rows one query may read to pick candidates; common skeletons ("t" of
# Aït, "ld" of Ouled) beyond it still count when the candidates are scored.
POSTINGS_BUDGET = 5_000
# Index terms one query may read: a long query with a slip in every word has
# hundreds of rare neighbours, each costing planning and reading time.
MAX_QUERY_TERMS = 60
# The rarest word of a query may alone be carried by 30,000 bodies ("2" of
# "Association Tétouan 2"): the postings read are cut there, whatever it costs.
POSTINGS_READ_AT_MOST = 2 * POSTINGS_BUDGET
MIN_FUZZY_SCORE = 0.45
TYPO_SIMILARITY, PREFIX_SIMILARITY, SOFT_SIMILARITY = 0.8, 0.7, 0.5
REGISTRY_ID = re.compile(r"^\d{2}-\d{4}-\d{6}-[0-9X]$", re.IGNORECASE)
HIDDEN_STATUSES = ("merged",)  # merged bodies are reached through their survivor


@dataclass(frozen=True)
class Filters:
    """Optional codes, as the API and the console take them."""

    region: str = ""
    province: str = ""
    legal_form: str = ""
    status: str = ""
    sector: str = ""
    public_utility: bool | None = None  # None: either


@dataclass
class Hit:
    organization: Organization
    tier: int
    score: float
    # The very key of the query in one of its names (across scripts and spellings).
    same_key: bool = False

    @property
    def tier_name(self) -> str:
        return TIER_NAMES[self.tier]


@dataclass
class Results:
    hits: list[Hit] = field(default_factory=list)
    count: int = 0

    def as_dict(self) -> dict:
        """The results contract of GET /api/v1/organizations and `tadamon search --json`."""
        return {
            "items": [
                {
                    "registry_id": hit.organization.registry_id,
                    "name_ar": hit.organization.name_ar,
                    "name_fr": hit.organization.name_fr,
                    "legal_form": hit.organization.legal_form,
                    "province_code": hit.organization.province_id,
                    "status": hit.organization.status,
                    "match": hit.tier_name,
                    "score": hit.score,
                }
                for hit in self.hits
            ],
            "count": self.count,
        }


ROW_RULE_COLUMNS = (
    "organization__status", "organization__province_id", "organization__province__region_id",
    "organization__legal_form", "organization__sector_id", "organization__public_utility",
    "organization__registry_id",
)  # fmt: skip


def _allowed_row(
    user, filters: Filters, pk, status, province, region, legal_form, sector, public_utility,
    registry_id,
) -> bool:  # fmt: skip
    """Organization.objects.visible_to and the filters, for one row already read (the
    search reads rows by index and filters them here: see search())."""
    if status in HIDDEN_STATUSES:
        return False
    if not (scope.is_registrar(user) or scope.is_analyst(user)):
        own = scope.role_of(user) == "representative" and user.organization_id == pk
        # As visible_to: on the register at some time (a refused application is
        # struck off without ever having had a number).
        if (status not in PUBLISHED_STATUSES or registry_id is None) and not own:
            return False
    wanted = (
        (filters.region, region), (filters.province, province),
        (filters.legal_form, legal_form), (filters.status, status), (filters.sector, sector),
    )  # fmt: skip
    if filters.public_utility is not None and bool(public_utility) != filters.public_utility:
        return False
    return all(not want or want == have for want, have in wanted)


def _identifier_ids(query: str, allowed) -> list[int]:
    text = query.strip()
    if not text or " " in text:
        return []
    lookups = Q(external_id=text)
    if REGISTRY_ID.match(text):
        lookups |= Q(registry_id=text.upper())
    if text.isdigit() and len(text) == 15:
        lookups |= Q(ice=text)
    facts = [c.removeprefix("organization__") for c in ROW_RULE_COLUMNS]
    rows = Organization.objects.filter(lookups).values_list("pk", *facts)[:20]
    return [pk for pk, *row in rows if allowed(pk, *row)]


def _name_ids(normalized: str, allowed) -> tuple[list[int], list[int]]:
    """Organizations whose normalized name equals the query, then those it begins.

    Each lookup reads one name index with its own limit (equal names first, so
    a common beginning never crowds them out); the four go in one round trip
    (UNION ALL). Rows are filtered here (`allowed` is a row rule): with the
    filters joined in SQL, PostgreSQL read whole provinces."""
    lookups = [Q(name_ar_norm=normalized), Q(name_fr_norm=normalized)]
    if len(normalized) >= 2:
        end = normalized + "\uffff"
        lookups += [
            Q(name_ar_norm__gte=normalized, name_ar_norm__lt=end),
            Q(name_fr_norm__gte=normalized, name_fr_norm__lt=end),
        ]
    parts, params = [], []
    for condition in lookups:
        sql, part_params = (
            SearchEntry.objects.filter(condition)
            .values_list("organization_id", "name_ar_norm", "name_fr_norm", *ROW_RULE_COLUMNS)[
                :NAME_ROWS_READ
            ]
            .query.sql_with_params()
        )
        parts.append(f"SELECT * FROM ({sql}) AS part{len(parts)}")
        params += part_params
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    exact: dict[int, None] = {}
    prefix: dict[int, None] = {}
    for pk, name_ar, name_fr, *facts in rows:
        if allowed(pk, *facts):
            (exact if normalized in (name_ar, name_fr) else prefix)[pk] = None
    return list(exact)[:CANDIDATES_PER_SOURCE], list(prefix)[: 2 * CANDIDATES_PER_SOURCE]


def _query_terms(reading, as_you_type: bool) -> QueryTerms:
    """The index terms each query word may stand for, with their similarity and weight."""
    words, soft = reading.words, reading.soft
    wanted = {alt for alternatives in words + soft for alt in alternatives if not is_mark(alt)}
    variants: dict[str, str] = {}
    for term in wanted:
        if len(term) >= SHORTEST_TYPO_TERM:
            for variant in deletions(term):
                variants.setdefault(variant, term)
    matches: dict[str, dict[int, float]] = {term: {} for term in wanted}
    terms: dict[int, tuple[str, int]] = {}
    last = words[-1][0] if as_you_type and words and len(words[-1][0]) >= 2 else ""
    for variant, term_id, term, doc_count in _terms_found(wanted | variants.keys(), last):
        terms[term_id] = (term, doc_count)
        if variant is None:  # a longer term the last word typed begins
            matches[last].setdefault(term_id, PREFIX_SIMILARITY)
            continue
        if term in wanted:
            matches[term][term_id] = 1.0
        source = variants.get(variant)
        if source and term != source and _one_edit(source, term):
            matches[source].setdefault(term_id, TYPO_SIMILARITY)
    _add_pairs(reading.concepts, matches, terms)
    soft_terms = {alt for alternatives in soft for alt in alternatives if not is_mark(alt)} - {
        alt for alternatives in words for alt in alternatives
    }
    for term in soft_terms:  # a lexicon word of the query that may be a name
        matches[term] = {t: similarity * SOFT_SIMILARITY for t, similarity in matches[term].items()}
    return QueryTerms(
        concepts_key=concepts_key(reading.concepts),
        words=words,
        soft=soft,
        matches=matches,
        terms=terms,
        total=_entry_count(),
        as_you_type=as_you_type,
    )


def _terms_found(lookups: set[str], last: str) -> list[tuple]:
    """(variant, term id, term, doc count) of every index term holding one of the
    lookups as a variant (a term is its own variant: its exact matches come with
    its one-slip neighbours), and (None, ...) of the ten commonest terms that
    `last` begins (one of the lookups), in one round trip."""
    if not lookups:
        return []
    variant = SearchTermVariant._meta.db_table
    term = SearchTerm._meta.db_table
    sql = (
        f"SELECT v.variant, t.id, t.term, t.doc_count FROM {variant} v"
        f" JOIN {term} t ON t.id = v.term_id WHERE v.variant IN ({_marks(lookups)})"
    )
    params: list = sorted(lookups)
    if last:
        sql += (
            f" UNION ALL SELECT * FROM (SELECT NULL, id, term, doc_count FROM {term}"
            " WHERE term > %s AND term < %s AND term NOT LIKE %s"
            " ORDER BY doc_count DESC LIMIT 10) AS longer"
        )
        # Not the word=concept pairs: they begin with the word too ("tgnmn=argan").
        params += [last, last + "\uffff", "%=%"]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _add_pairs(concepts, matches: dict, terms: dict) -> None:
    """The query's words found, each with each query concept ("ml=association")."""
    if not concepts:
        return
    wanted: dict[str, tuple[str, float]] = {}
    for source, found in matches.items():
        for term_id, similarity in found.items():
            term = terms[term_id][0]
            for concept in concepts:
                pair = pair_term(term, concept)
                if similarity > wanted.get(pair, ("", 0.0))[1]:
                    wanted[pair] = (source, similarity)
    pairs = SearchTerm.objects.filter(term__in=list(wanted)).values_list("id", "term", "doc_count")
    for term_id, term, doc_count in pairs:
        source, similarity = wanted[term]
        terms[term_id] = (term, doc_count)
        matches.setdefault(source, {})[term_id] = similarity


def _one_edit(a: str, b: str) -> bool:
    """Within one insertion, deletion, substitution or swap of neighbours."""
    if abs(len(a) - len(b)) > 1:
        return False
    from rapidfuzz.distance import DamerauLevenshtein

    return DamerauLevenshtein.distance(a, b, score_cutoff=1) <= 1


_COUNTS: dict[str, tuple[dict[str, int], float]] = {}
RECOUNT_SECONDS = 60


def _indexed_counts() -> dict[str, int]:
    """How many organizations are indexed: in all ("") and per province and region
    code (term weights, and the share of a term's postings a filter leaves).
    Counted again every minute: a registry grows by a few hundred bodies a day."""
    import time

    from django.db.models import Count

    alias = connection.alias
    cached = _COUNTS.get(alias)
    now = time.monotonic()
    if cached and now - cached[1] < RECOUNT_SECONDS and cached[0].get(""):
        return cached[0]
    counts: dict[str, int] = {"": 0}
    # Every organization has its one index entry: counted on the organizations'
    # (province, status) index rather than by joining the entries to them
    # (0.9 s at 500,000 bodies against about 0.1 s).
    regions = dict(Province.objects.values_list("code", "region_id"))
    rows = Organization.objects.order_by().values_list("province_id").annotate(n=Count("id"))
    for province, n in rows:
        counts[""] += n
        counts[province] = counts.get(province, 0) + n
        region = regions.get(province)
        if region:
            counts[region] = counts.get(region, 0) + n
    _COUNTS[alias] = (counts, now)
    return counts


def _entry_count() -> int:
    return _indexed_counts()[""]


# Terms are denser in some territories than the bodies are (the words of
# Casablanca's names in Casablanca): the share of a term's postings a filter
# leaves is taken this much above the territory's share of the registry.
CONCENTRATION = 2.0


def _filtered_share(filters: Filters) -> float:
    """The share of a term's postings that the province or region filter may leave."""
    code = filters.province or filters.region
    if not code:
        return 1.0
    counts = _indexed_counts()
    return min(1.0, CONCENTRATION * max(counts.get(code, 0), 1) / max(counts[""], 1))


def _fuzzy_ids(
    query_terms: QueryTerms, allowed_sql: tuple[str, list], filters: Filters
) -> list[int]:
    """Organizations holding the query's terms, the rarest weighing most (one SQL query).

    The rarest terms are taken first until POSTINGS_BUDGET postings: a word=concept
    pair ("ml=development") before the word alone ("ml"), so the query reads a
    bounded number of index rows whatever the size of the registry. With a province
    or a region, the postings index is read by (term, province): the budget counts
    the share of a term's postings that the filter may leave (twice the territory's
    share of the registry: small provinces read more terms, large ones no more
    rows)."""
    weights = query_terms.term_weights()
    share = _filtered_share(filters)
    selective: dict[int, tuple[float, int]] = {}
    read = 0.0
    # The words as typed first, then their slips and longer spellings; rarest first
    # within each, and a term that would overrun the budget is passed over.
    order = sorted(
        weights,
        key=lambda t: (not query_terms.is_typed(t), query_terms.terms[t][1], t),
    )
    for term_id in order:
        doc_count = query_terms.terms[term_id][1] * share
        if selective and read + doc_count > POSTINGS_BUDGET:
            continue
        if len(selective) == MAX_QUERY_TERMS:
            break
        selective[term_id] = weights[term_id]
        read += doc_count
    if not selective:
        return []
    where, params = allowed_sql
    # Only status and sector need the organization row; visibility is applied to
    # the candidates afterwards (search() reads their entries through the same rule).
    joins = "JOIN registry_organization o ON o.id = p.organization_id " if "o." in where else ""
    # (term, group, weight) as a VALUES list (columns column1..3 in both databases):
    # an organization scores the best term of each group, summed over the groups.
    values_sql = ", ".join(
        "(%s, %s, CAST(%s AS DOUBLE PRECISION))" for _ in selective
    )  # fmt: skip
    sql = (
        "SELECT organization_id FROM ("
        " SELECT p.organization_id, q.column2 AS grp, MAX(q.column3) AS weight,"
        " MAX(CASE WHEN p.concepts_key = %s THEN 1 ELSE 0 END) AS same_concepts,"
        " MIN(p.size) AS size"
        f" FROM (SELECT p.* FROM search_searchposting p {joins}"
        f" WHERE p.term_id IN ({_marks(selective)}) {where} LIMIT %s) AS p"
        f" JOIN (VALUES {values_sql}) AS q ON q.column1 = p.term_id"
        " GROUP BY p.organization_id, q.column2"
        ") AS per_group GROUP BY organization_id"
        " ORDER BY SUM(weight) DESC, MAX(same_concepts) DESC, MIN(size), organization_id"
        " LIMIT %s"
    )
    values: list = [query_terms.concepts_key, *selective, *params, POSTINGS_READ_AT_MOST]
    for term_id, (weight, group) in selective.items():
        values += [term_id, group, weight]
    values.append(FUZZY_CANDIDATES)
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return [row[0] for row in cursor.fetchall()]


def _marks(values) -> str:
    return ", ".join("%s" for _ in values)


def _allowed_sql(filters: Filters) -> tuple[str, list]:
    """The filters as SQL on the postings `p` (province and legal form are copied
    there) and, for status and sector, on the organization `o`; '' when none."""
    conditions: list[str] = []
    params: list = []
    if filters.province:
        conditions.append("p.province = %s")
        params.append(filters.province)
    elif filters.region:
        conditions.append(
            "p.province IN (SELECT code FROM territory_province WHERE region_id = %s)"
        )
        params.append(filters.region)
    if filters.legal_form:
        conditions.append("p.legal_form = %s")
        params.append(filters.legal_form)
    for name in ("status", "sector"):
        value = getattr(filters, name)
        if value:
            column = "o.status" if name == "status" else "o.sector_id"
            conditions.append(f"{column} = %s")
            params.append(value)
    if filters.public_utility is not None:
        conditions.append("o.public_utility = %s")
        params.append(filters.public_utility)
    return "".join(f" AND {c}" for c in conditions), params


def search(
    query: str, *, user=None, filters: Filters | None = None, limit: int = 20, offset: int = 0
) -> Results:
    """Organizations matching `query`, best first, as `user` may see them."""
    filters = filters or Filters()
    query = (query or "").strip()[:200]
    if not query:
        return Results()

    def allowed_row(pk, *facts) -> bool:
        return _allowed_row(user, filters, pk, *facts)

    normalized = normalized_name(query)
    reading = read_name(query)

    tiers: dict[int, int] = {}
    for pk in _identifier_ids(query, allowed_row):
        tiers[pk] = EXACT
    exact, prefix = _name_ids(normalized, allowed_row) if normalized else ([], [])
    for pk in exact:
        tiers.setdefault(pk, EXACT)
    for pk in prefix:
        tiers.setdefault(pk, PREFIX)
    # Substrings serve short queries typed inside a name ("ghanim"); a whole name
    # is found by its words, and its many common trigrams would only cost time.
    query_terms = _query_terms(reading, as_you_type=not query.endswith(" "))
    # A query of whole words is found by them; a word the index does not know may be
    # a piece of one ("ghanim"), which only a substring search finds.
    short = 0 < len(normalized.split()) <= SUBSTRING_MAX_WORDS
    pieces = short and query_terms.unknown_words()
    substring = backends.containing(normalized, CANDIDATES_PER_SOURCE) if pieces else []
    contained = set(substring)
    fuzzy = _fuzzy_ids(query_terms, _allowed_sql(filters), filters)
    for pk in (*substring, *fuzzy):
        tiers.setdefault(pk, FUZZY)

    # Read by primary key only and filtered here: joined with the filters instead,
    # PostgreSQL chose plans that read a whole region (0.5 s at 500,000 bodies).
    rows = SearchEntry.objects.filter(organization_id__in=list(tiers)).values_list(
        "organization_id", "concepts", "readings", *ROW_RULE_COLUMNS
    )
    candidates = {
        pk: Candidate.parse(concepts, readings)
        for pk, concepts, readings, *facts in rows
        if allowed_row(pk, *facts)
    }
    doc_counts = _doc_counts(query_terms, candidates.values())
    hits: list[tuple[int, float, int, bool]] = []
    for pk, candidate in candidates.items():
        score, same_key = score_candidate(query_terms, reading, candidate, doc_counts)
        tier = tiers[pk]
        if tier == FUZZY and score < MIN_FUZZY_SCORE and pk not in contained:
            continue  # a name that contains the query as typed is an answer whatever its score
        hits.append((tier, score, pk, same_key))
    hits.sort(key=lambda h: (h[0], -h[1], h[2]))
    hits = hits[:MAX_RESULTS]
    page = hits[offset : offset + limit]
    organizations = Organization.objects.select_related("province").in_bulk([h[2] for h in page])
    return Results(
        hits=[
            Hit(organizations[pk], tier, round(score, 4), same_key)
            for tier, score, pk, same_key in page
        ],
        count=len(hits),
    )


def _doc_counts(query_terms: QueryTerms, candidates) -> dict[str, int]:
    """How common each word of the query and of the candidates is (one query)."""
    words = {alt for alternatives in query_terms.words for alt in alternatives}
    for candidate in candidates:
        for _concepts, hard, _soft, _vocal in candidate.readings:
            words.update(word[0] for word in hard)
    counts = {term: count for term, count in query_terms.terms.values()}
    missing = words - counts.keys()
    if missing:
        counts.update(SearchTerm.objects.filter(term__in=missing).values_list("term", "doc_count"))
    return counts
