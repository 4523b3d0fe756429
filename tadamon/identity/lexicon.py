"""The words Moroccan SSE names are made of, translated rather than transliterated.

"Coopérative Féminine Tighanimine d'Argan" and تعاونية تيغانيمين النسوية للأركان
share three concepts (cooperative, women, argan) and one place name that only
transliteration can bridge. `data/lexicon.csv` lists each concept with its
French and Arabic forms (and, for virtues, the transliterations Moroccan French
uses: "Al Amal" for الأمل). The list is written from Moroccan usage (ODCO and
association registers, product labels), independently of the demo generator's
vocabulary, so that tests on demo data measure something.

Concepts still count in comparisons: they are what tells a women's argan
cooperative from an agricultural one in the same commune.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from tadamon.identity.normalize import normalize_arabic, normalize_latin

LEXICON_CSV = Path(__file__).resolve().parent / "data" / "lexicon.csv"
MAX_PHRASE_WORDS = 4

# Arabic clitics glued to a word: the article and the prepositions and
# conjunction that take it ("للأركان", "والتنمية", "بالحسيمة").
ARABIC_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل")


@dataclass(frozen=True)
class Concepts:
    """What a name says in lexicon concepts, and the words the lexicon did not know."""

    concepts: frozenset[str]
    rest: tuple[str, ...]


@cache
def concept_kinds() -> dict[str, str]:
    """Each concept's kind: legal_form, descriptor, cause, name_cause, product, place or virtue."""
    with LEXICON_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["concept"]: row["kind"] for row in csv.DictReader(handle)}


def tables() -> tuple[dict[tuple[str, ...], str], dict[tuple[str, ...], str]]:
    """Phrase → concept, for normalized Latin words and for stemmed Arabic words."""
    return _tables()


@cache
def _tables() -> tuple[dict[tuple[str, ...], str], dict[tuple[str, ...], str]]:
    latin: dict[tuple[str, ...], str] = {}
    arabic: dict[tuple[str, ...], str] = {}
    with LEXICON_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for form in row["fr"].split("|"):
                key = tuple(normalize_latin(form).split())
                if key:
                    latin[key] = row["concept"]
            for form in row["ar"].split("|"):
                key = tuple(arabic_stem(w) for w in normalize_arabic(form).split())
                if key:
                    arabic[key] = row["concept"]
    return latin, arabic


@lru_cache(maxsize=200_000)
def arabic_stem(word: str) -> str:
    """The word without its glued article or preposition, if what is left is a word."""
    for prefix in ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix) :]
    return word


def segments(
    words: list[str], table: dict[tuple[str, ...], str]
) -> list[tuple[str | None, tuple[str, ...]]]:
    """The words cut into lexicon phrases (concept, words) and unknown words (None, (word,)).

    Longest phrase first, so "plantes aromatiques et médicinales" is one concept.
    """
    found: list[tuple[str | None, tuple[str, ...]]] = []
    position = 0
    while position < len(words):
        for size in range(min(MAX_PHRASE_WORDS, len(words) - position), 0, -1):
            phrase = tuple(words[position : position + size])
            concept = table.get(phrase)
            if concept:
                found.append((concept, phrase))
                position += size
                break
        else:
            found.append((None, (words[position],)))
            position += 1
    return found


def _match(words: list[str], table: dict[tuple[str, ...], str]) -> Concepts:
    cut = segments(words, table)
    concepts = frozenset(concept for concept, _words in cut if concept)
    rest = tuple(phrase[0] for concept, phrase in cut if concept is None)
    return Concepts(concepts, rest)


def latin_concepts(name: str) -> Concepts:
    latin, _arabic = _tables()
    return _match(normalize_latin(name).split(), latin)


def arabic_concepts(name: str) -> Concepts:
    _latin, arabic = _tables()
    words = [arabic_stem(w) for w in normalize_arabic(name).split()]
    return _match(words, arabic)


def concepts_of(name: str) -> Concepts:
    """Concepts of a name in either script (Arabic if it has Arabic letters)."""
    if any("\u0600" <= ch <= "\u06ff" for ch in name or ""):
        return arabic_concepts(name)
    return latin_concepts(name)
