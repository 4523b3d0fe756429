"""What the index stores for one organization, computed from its two names (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from tadamon.identity.keys import EMPTY, Reading, is_mark, read_name
from tadamon.identity.normalize import normalize_arabic, normalize_latin

SHORTEST_TYPO_TERM = 3  # skeletons of one or two letters are looked up exactly


@dataclass(frozen=True)
class EntryData:
    name_ar_norm: str
    name_fr_norm: str
    concepts: str
    readings: str
    terms: frozenset[str]
    term_count: int
    concepts_key: int = 0


def normalized_name(name: str) -> str:
    """The name as the exact and prefix tiers compare it, in its own script."""
    from tadamon.identity.keys import has_arabic

    return normalize_arabic(name) if has_arabic(name) else normalize_latin(name)


def _encode_words(words: tuple[tuple[str, ...], ...]) -> str:
    return " ".join("/".join(alternatives) for alternatives in words)


def encode_reading(reading: Reading) -> str:
    """Hard words, soft words and the vocalized text, separated by "~"; a word's
    alternatives after "/"."""
    vocal = reading.vocal.replace(" ", "_")
    return f"{_encode_words(reading.words)}~{_encode_words(reading.soft)}~{vocal}"


def decode_reading(text: str) -> tuple:
    """(hard words, soft words, vocalized text) of an encoded reading."""
    hard, _tilde, rest = text.partition("~")
    soft, _tilde, vocal = rest.partition("~")
    return (
        tuple(tuple(word.split("/")) for word in hard.split()),
        tuple(tuple(word.split("/")) for word in soft.split()),
        vocal.replace("_", " "),
    )


def entry_data(name_ar: str, name_fr: str) -> EntryData:
    from_ar = read_name(name_ar) if name_ar else EMPTY
    from_fr = read_name(name_fr) if name_fr else EMPTY
    concepts = f"{' '.join(sorted(from_ar.concepts))}|{' '.join(sorted(from_fr.concepts))}"
    readings = f"{encode_reading(from_ar)}|{encode_reading(from_fr)}"
    soft = {
        s for r in (from_ar, from_fr) for alternatives in r.soft for s in alternatives
        if not is_mark(s)
    }  # fmt: skip
    pairs = {
        pair_term(alternatives[0], concept)
        for r in (from_ar, from_fr)
        for alternatives in r.words + r.soft  # soft: حي الزيتون may be asked as "Hay Zitoun"
        for concept in r.concepts
    }
    terms = frozenset(from_ar.skeletons) | frozenset(from_fr.skeletons) | soft | pairs
    return EntryData(
        normalized_name(name_ar)[:255],
        normalized_name(name_fr)[:255],
        concepts[:255],
        readings[:512],
        frozenset(t[:64] for t in terms),
        len(from_ar.words) + len(from_fr.words),
        concepts_key(from_ar.concepts | from_fr.concepts),
    )


def concepts_key(concepts) -> int:
    """A stable checksum of a set of concepts (0 for none)."""
    import zlib

    return zlib.crc32(" ".join(sorted(concepts)).encode()) if concepts else 0


def pair_term(skeleton: str, concept: str) -> str:
    """A word with one concept of the same name: "ml=association" (Association Al Amal).

    Common words meet common concepts everywhere; together they are selective,
    so the candidates of a query include the right kind of body."""
    return f"{skeleton}={concept}"


def deletions(term: str) -> set[str]:
    """The term and its one-letter deletions (only the term itself when short)."""
    if "=" in term:
        return set()
    if len(term) < SHORTEST_TYPO_TERM:
        return {term}
    return {term} | {term[:i] + term[i + 1 :] for i in range(len(term))}


@dataclass
class NameReadings:
    """entry_data of distinct (name_ar, name_fr) pairs, kept as columns.

    Columns, because a forked child sends them to its parent: a dict of 64,000
    EntryData (frozen dataclasses holding frozensets) took 2.5 s to pickle and
    unpickle, these lists of strings and arrays 0.2 s. Terms are numbered from
    1 in order of appearance; pair i's are pair_terms[offsets[i]:offsets[i + 1]]."""

    names_ar: list[str]
    names_fr: list[str]
    norms_ar: list[str]
    norms_fr: list[str]
    concepts: list[str]
    readings: list[str]
    term_counts: np.ndarray  # int32, per pair
    concepts_keys: np.ndarray  # int64, per pair
    terms: list[str]
    pair_terms: np.ndarray  # int32, term numbers of every pair one after the other
    offsets: np.ndarray  # int64, len(pairs) + 1

    def __len__(self) -> int:
        return len(self.names_ar)

    def positions(self) -> dict[tuple[str, str], int]:
        return {pair: i for i, pair in enumerate(zip(self.names_ar, self.names_fr, strict=True))}


def read_names(pairs: Iterable[tuple[str, str]]) -> NameReadings:
    """Each distinct (name_ar, name_fr) pair read into its index data (pure: no database)."""
    columns: tuple[list, ...] = ([], [], [], [], [], [], [], [])
    names_ar, names_fr, norms_ar, norms_fr, concepts, readings, counts, keys = columns
    term_numbers: dict[str, int] = {}
    pair_terms: list[int] = []
    offsets = [0]
    for pair in dict.fromkeys(pairs):
        d = entry_data(*pair)
        names_ar.append(pair[0])
        names_fr.append(pair[1])
        norms_ar.append(d.name_ar_norm)
        norms_fr.append(d.name_fr_norm)
        concepts.append(d.concepts)
        readings.append(d.readings)
        counts.append(d.term_count)
        keys.append(d.concepts_key)
        pair_terms.extend(term_numbers.setdefault(t, len(term_numbers) + 1) for t in d.terms)
        offsets.append(len(pair_terms))
    return NameReadings(
        names_ar, names_fr, norms_ar, norms_fr, concepts, readings,
        np.array(counts, dtype=np.int32), np.array(keys, dtype=np.int64), list(term_numbers),
        np.array(pair_terms, dtype=np.int32), np.array(offsets, dtype=np.int64),
    )  # fmt: skip
