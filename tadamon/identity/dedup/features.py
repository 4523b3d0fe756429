"""One row per organization, read for comparison, as an Arrow table for DuckDB.

Names are read in Python once per row (`identity.keys`, lru-cached; about 10 s
for 500,000 rows on the benchmark machine) and handed to DuckDB as columns:
Splink then compares only short strings and small lists in SQL.
"""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import pyarrow as pa

from tadamon.identity.keys import NameKeys, Reading, name_keys, read_name
from tadamon.identity.normalize import normalize_arabic, normalize_latin

# Merged records are frozen and lead to their survivor: they are the only ones
# left out. Dissolved and struck-off bodies stay in: a body dissolved on paper
# and registered again is exactly what the registry must see.
EXCLUDED_STATUSES = ("merged",)

SOURCE_COLUMNS = (
    "id",
    "legal_form",
    "name_ar",
    "name_fr",
    "province_id",
    "province__region_id",
    "commune",
    "address",
    "founding_date",
    "ice",
    "phone",
    "external_id",
)


@dataclass(frozen=True)
class SourceRow:
    id: int
    legal_form: str
    name_ar: str
    name_fr: str
    province_code: str
    region_code: str
    commune: str
    address: str
    founding_date: object  # datetime.date or None
    ice: str
    phone: str
    external_id: str


def rows_from_registry(chunk_size: int = 20_000) -> Iterator[SourceRow]:
    """Every organization the dedup looks at, straight from the registry database."""
    from tadamon.registry.models import Organization

    query = (
        Organization.objects.exclude(status__in=EXCLUDED_STATUSES)
        .order_by("id")
        .values_list(*SOURCE_COLUMNS)
    )
    for values in query.iterator(chunk_size=chunk_size):
        yield SourceRow(*values)


PHONE_DIGITS = re.compile(r"\D")
SPACES = re.compile(r"\s+")


def clean_phone(phone: str) -> str | None:
    """The last nine digits: +212 6.., 06.. and 6.. are one number."""
    digits = PHONE_DIGITS.sub("", phone or "")
    return digits[-9:] if len(digits) >= 9 else None


def clean_identifier(value: str) -> str | None:
    value = SPACES.sub("", (value or "").upper())
    return value or None


@lru_cache(maxsize=300_000)
def normalized_name(name: str) -> str | None:
    from tadamon.identity.keys import has_arabic

    if not (name or "").strip():
        return None
    text = normalize_arabic(name) if has_arabic(name) else normalize_latin(name)
    return text or None


SCHEMA = pa.schema(
    [
        ("unique_id", pa.int64()),
        ("legal_form", pa.string()),
        ("province_code", pa.string()),
        ("region_code", pa.string()),
        ("name_ar", pa.string()),  # raw, for the baseline and the review queue
        ("name_fr", pa.string()),
        ("norm_ar", pa.string()),
        ("norm_fr", pa.string()),
        ("name_main", pa.string()),  # norm_ar, or norm_fr when there is no Arabic
        ("key_ar", pa.string()),
        ("key_fr", pa.string()),
        ("name_key", pa.string()),
        ("cores", pa.list_(pa.string())),
        ("skeletons", pa.list_(pa.string())),
        ("concepts", pa.list_(pa.string())),
        # The transliterated words with their vowels (Reading.vocal), from each script:
        # what tells apart two names whose few consonants agree (Assaisse, Ouzioua: "s").
        ("vocal_ar", pa.string()),
        ("vocal_fr", pa.string()),
        ("numbers", pa.string()),  # the numbers in the name ("Hay Badr 2"), sorted
        ("commune_key", pa.string()),
        ("address_norm", pa.string()),
        ("founding_date", pa.date32()),
        ("ice", pa.string()),
        ("phone", pa.string()),
        ("external_id", pa.string()),
        # For the baseline only: the raw commune, and the second and third words of each name.
        ("commune", pa.string()),
        ("word_ar", pa.string()),
        ("word_fr", pa.string()),
    ]
)


def name_numbers(skeletons: Iterable[str]) -> str | None:
    """The numbers among a name's words, sorted: registers tell a second body of one
    name apart with a number ("Hay Badr 2"), so two names with other numbers are two bodies."""
    return " ".join(sorted({s for s in skeletons if s.isdigit()})) or None


def _or_none(text: str) -> str | None:
    return text or None


@lru_cache(maxsize=20_000)
def commune_key(commune: str) -> str | None:
    """The commune in either script; a commune the lexicon knows as a place (Meknès,
    مكناس) reads as that place rather than as letters."""
    reading = read_name(commune)
    # A commune named like its province (Khouribga, صفرو) reads only as soft words,
    # the province's name: without them a third of the registry's communes had no key
    # and two files in one commune never reached "same commune".
    soft = " ".join(alternatives[0] for alternatives in reading.soft)
    return reading.key or "+".join(sorted(reading.concepts)) or soft or None


def _second_word(name: str) -> str | None:
    """The two words after the first (the legal form), as written: the baseline's block."""
    words = (name or "").split()
    return " ".join(words[1:3]) if len(words) > 1 else None


def _street_address(address: str) -> str | None:
    """An address with a number in it; "Centre Anjra" names a place, not a door."""
    if not any(ch.isdigit() for ch in address or ""):
        return None
    return normalized_name(address)


@dataclass(frozen=True)
class Place:
    concepts: frozenset[str]
    skeletons: frozenset[str]


def province_places(provinces: Iterable[tuple[str, str, str]] | None = None) -> dict[str, Place]:
    """What each province's name reads as: a file often adds it ("… - Taroudannt").

    `provinces`: (code, name_ar, name_fr) rows; the registry's own by default.
    """
    if provinces is None:
        from tadamon.territory.models import Province

        provinces = Province.objects.values_list("code", "name_ar", "name_fr")
    places = {}
    for code, name_ar, name_fr in provinces:
        keys = name_keys(name_ar, name_fr)
        places[code] = Place(keys.concepts, keys.skeletons)
    return places


def demo_places() -> dict[str, Place]:
    """The same from the demo generator's geography (the bench without a database)."""
    from tadamon.registry.demo.places import load_geography

    geo = load_geography()
    return province_places(
        zip(geo.province_codes, geo.province_name_ar, geo.province_name_fr, strict=True)
    )


def _without_place(reading: Reading, place: Place | None) -> Reading:
    """The name without its province added at the end, unless that is all it has.

    Only the transliterated words: a province that the lexicon knows (Laâyoune)
    stays among the concepts, where two bodies of one place agree on it anyway.
    """
    if place is None:
        return reading
    words = list(reading.words)
    while len(words) > 1 and words[-1][0] in place.skeletons:
        words.pop()
    return Reading(reading.concepts, tuple(words))


def _place_named(reading: Reading) -> Reading:
    """A name that is only a place (جمعية سيدي إفني للتنمية, "Association Khouribga"):
    its place words, which the reading keeps apart as soft words, are its words."""
    if reading.words or not reading.soft:
        return reading
    return Reading(reading.concepts, reading.soft, (), reading.vocal)


# From this many rows the names are read in two processes (the benchmark machine has
# two cores): 500,000 rows take about 50 s in one.
PARALLEL_FROM = 50_000
_places_for_workers: dict[str, Place] = {}


def _table_of_chunk(rows: list[SourceRow]) -> pa.Table:
    return _feature_table(rows, _places_for_workers)


def feature_table(
    rows: Iterable[SourceRow], places: dict[str, Place] | None = None, workers: int = 2
) -> pa.Table:
    """The feature table of the rows (in processes forked for large inputs)."""
    global _places_for_workers
    places = province_places() if places is None else places
    rows = list(rows)
    from django.db import connection, connections

    # Inside a transaction the connection cannot be closed for the fork: stay serial.
    if len(rows) < PARALLEL_FROM or workers < 2 or connection.in_atomic_block:
        return _feature_table(rows, places)

    # Forked children must not share the parent's database connections.
    connections.close_all()
    _places_for_workers = places
    size = -(-len(rows) // workers)
    chunks = [rows[i : i + size] for i in range(0, len(rows), size)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        tables = pool.map(_table_of_chunk, chunks)
    return pa.concat_tables(tables)


def _feature_table(rows: list[SourceRow], places: dict[str, Place]) -> pa.Table:
    columns: dict[str, list] = {name: [] for name in SCHEMA.names}
    for row in rows:
        raw = name_keys(row.name_ar, row.name_fr)
        place = places.get(row.province_code)
        keys = NameKeys(
            _without_place(_place_named(raw.from_ar), place),
            _without_place(_place_named(raw.from_fr), place),
        )
        key_ar, key_fr = keys.from_ar.key, keys.from_fr.key
        # A name's core is its first transliterated word (the place, the virtue):
        # the blocking key that both scripts share.
        cores = sorted({r.words[0][0] for r in (keys.from_ar, keys.from_fr) if r.words})
        values = (
            row.id,
            row.legal_form,
            row.province_code,
            row.region_code,
            _or_none(row.name_ar),
            _or_none(row.name_fr),
            normalized_name(row.name_ar),
            normalized_name(row.name_fr),
            normalized_name(row.name_ar) or normalized_name(row.name_fr),
            _or_none(key_ar),
            _or_none(key_fr),
            _or_none(key_ar or key_fr),
            cores or None,
            sorted(keys.skeletons) or None,
            sorted(keys.concepts) or None,
            _or_none(raw.from_ar.vocal),
            _or_none(raw.from_fr.vocal),
            name_numbers(keys.skeletons),
            commune_key(row.commune),
            _street_address(row.address),
            row.founding_date,
            clean_identifier(row.ice),
            clean_phone(row.phone),
            clean_identifier(row.external_id),
            _or_none(row.commune),
            _second_word(row.name_ar),
            _second_word(row.name_fr),
        )
        for name, value in zip(SCHEMA.names, values, strict=True):
            columns[name].append(value)
    return pa.table(columns, schema=SCHEMA)


def rows_from_dataset(dataset, ids) -> Iterator[SourceRow]:
    """The demo generator's organizations as source rows (the bench without a database)."""
    import datetime as dt

    from tadamon.registry.demo.places import load_geography

    geo = load_geography()
    region_of = dict(zip(geo.province_codes, geo.province_region, strict=True))
    orgs = dataset.organizations
    founding = orgs.founding_date.astype("datetime64[D]").astype(object)
    for i, (org_id, form, ar, fr, province, commune, address, ice, phone, ext) in enumerate(
        zip(
            ids,
            orgs.legal_form.tolist(),
            orgs.name_ar.tolist(),
            orgs.name_fr.tolist(),
            orgs.province_code.tolist(),
            orgs.commune.tolist(),
            orgs.address.tolist(),
            orgs.ice.tolist(),
            orgs.phone.tolist(),
            orgs.external_id.tolist(),
            strict=True,
        )
    ):
        day = founding[i]
        yield SourceRow(
            int(org_id), form, ar, fr, province, str(region_of[province]), commune, address,
            day if isinstance(day, dt.date) else None, ice, phone, ext,
        )  # fmt: skip
