"""What the index stores for one organization, computed from its two names (pure)."""

from __future__ import annotations

from dataclasses import dataclass

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
