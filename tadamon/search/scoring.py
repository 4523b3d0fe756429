"""How well one indexed organization answers a query, on a 0-1 scale.

Two parts. The *name* part compares consonant skeletons word by word with an
edit-distance similarity, weighting each word by its rarity (a word that only
three bodies carry says more than "Ouled"); it looks both ways — the query's
words found in the candidate, and the candidate's words found in the query —
so that a body with an extra place name ranks below the one named exactly.
The *concept* part is the overlap of lexicon concepts (cooperative, women,
argan…): it is what puts the women's argan cooperative of a douar before the
agricultural cooperative and the development association of the same douar.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

from tadamon.search.entries import decode_reading

# The vowels only break ties between names whose consonants agree (Amal / Imlil).
NAME_WEIGHT, CONCEPT_WEIGHT, SOFT_WEIGHT, VOCAL_WEIGHT = 0.6, 0.3, 0.05, 0.05
QUERY_SIDE, CANDIDATE_SIDE = 0.6, 0.4
AS_YOU_TYPE_SIMILARITY = 0.9

Words = tuple[tuple[str, ...], ...]


def idf(doc_count: int, total: int) -> float:
    return math.log(1 + max(total, 1) / max(doc_count, 1))


@dataclass
class QueryTerms:
    """The query's words and the index terms found for them."""

    words: Words
    soft: Words
    matches: dict[str, dict[int, float]]  # query skeleton -> {term id: similarity}
    terms: dict[int, tuple[str, int]]  # term id -> (term, doc_count)
    total: int
    as_you_type: bool = True
    concepts_key: int = 0

    def term_weights(self) -> dict[int, tuple[float, int]]:
        """Each index term's weight, and the group it counts in once.

        The weight is the term's similarity to a query word times its rarity. A
        slip or a longer spelling of a query word is never rarer than the word
        itself: "lsmn" (2 bodies) one slip from "smn" (Yasmina, 11,000 bodies)
        says no more about the query than "smn" does. Capped so, the rare
        neighbours of a common word no longer outweigh the bodies that carry
        the word as typed.

        A group is one query word (all its readings) alone or with one concept: a
        body holding two readings of one word ("ft" and "fth" of Fath, from its two
        names) counts the word once, like a body named in one script."""
        best: dict[int, tuple[float, tuple[str, str]]] = {}
        # One query word may be read several ways (Fath: "ft", "fth"): one group.
        word_of = {alt: word[0] for word in self.words + self.soft for alt in word}
        for source, found in self.matches.items():
            typed = self._typed_counts(source, found)
            for term_id, similarity in found.items():
                term, doc_count = self.terms[term_id]
                concept = _concept_of(term)
                if term.split("=", 1)[0] != source:  # a slip or a longer spelling
                    doc_count = max(doc_count, typed.get(concept, 0))
                weight = similarity * idf(doc_count, self.total)
                if weight > best.get(term_id, (0.0, ("", "")))[0]:
                    best[term_id] = (weight, (word_of.get(source, source), concept))
        groups: dict[tuple[str, str], int] = {}
        return {
            term_id: (weight, groups.setdefault(group, len(groups)))
            for term_id, (weight, group) in best.items()
        }

    def _typed_counts(self, source: str, found: dict[int, float]) -> dict[str, int]:
        """How many bodies carry the query word as typed, alone ("") and with each
        concept ("association"), where the index has it."""
        counts: dict[str, int] = {}
        for term_id in found:
            term, doc_count = self.terms[term_id]
            if term.split("=", 1)[0] == source:
                counts[_concept_of(term)] = doc_count
        return counts

    def unknown_words(self) -> list[tuple[str, ...]]:
        """The query's words that no index term spells as typed (in any reading)."""
        indexed = {term for term, _count in self.terms.values()}
        return [word for word in self.words if not indexed.intersection(word)]

    def is_typed(self, term_id: int) -> bool:
        """The term is a query word as typed (or it with a concept), not a neighbour.
        Soft words too (their similarity is lowered, not their spelling)."""
        return self.terms[term_id][0].split("=", 1)[0] in self.matches


def _concept_of(term: str) -> str:
    return term.split("=", 1)[1] if "=" in term else ""


@dataclass(frozen=True)
class Candidate:
    # (concepts, hard words, soft words, vocalized), one per script it is named in
    readings: tuple[tuple[frozenset[str], Words, Words, str], ...]

    @classmethod
    def parse(cls, concepts_text: str, readings_text: str) -> Candidate:
        """From a SearchEntry's `concepts` and `readings` columns."""
        words = readings_text.split("|")
        concepts = concepts_text.split("|")
        readings = tuple(
            (frozenset(c.split()), *decode_reading(w))
            for c, w in zip(concepts, words, strict=False)
            if c or w.strip("~_")
        )
        return cls(readings)


@lru_cache(maxsize=200_000)
def _word_similarity(query_word: tuple[str, ...], word: tuple[str, ...], typing: bool) -> float:
    # Cached: the candidates of one query share most of their words (Hay, Ait, the
    # place), and a registry's vocabulary is small next to the pairs compared.
    best = 0.0
    for a in query_word:
        for b in word:
            similarity = OSA.normalized_similarity(a, b)  # a swap of neighbours is one slip
            if typing and len(a) >= 2 and b.startswith(a):
                similarity = max(similarity, AS_YOU_TYPE_SIMILARITY)
            best = max(best, similarity)
    return best


def _covered(words: Words, others: Words, weight, typing_last: bool) -> float:
    """Share of `words` (weighted) found in `others`."""
    total = found = 0.0
    for position, word in enumerate(words):
        typing = typing_last and position == len(words) - 1
        w = weight(word[0])
        total += w
        found += w * max((_word_similarity(word, other, typing) for other in others), default=0)
    return found / total if total else 1.0


def name_similarity(
    query: tuple[Words, Words], candidate: tuple[Words, Words], weight, as_you_type: bool
) -> float:
    """Both ways: the query's words found in the candidate's, and the reverse.

    Soft words (lexicon words, which are sometimes names) may answer a word of
    the other side but are never required."""
    (query_hard, query_soft), (candidate_hard, candidate_soft) = query, candidate
    if not query_hard and not candidate_hard:
        if not query_soft and not candidate_soft:
            return 1.0
        query_hard, candidate_hard, query_soft, candidate_soft = query_soft, candidate_soft, (), ()
    query_side = _covered(query_hard, candidate_hard + candidate_soft, weight, as_you_type)
    # Typing is one-directional: the candidate's words are not prefixes of the query's.
    candidate_side = _covered(candidate_hard, query_hard + query_soft, weight, False)
    return QUERY_SIDE * query_side + CANDIDATE_SIDE * candidate_side


def concept_similarity(query: frozenset[str], candidate: frozenset[str]) -> float:
    if not query and not candidate:
        return 1.0
    return len(query & candidate) / len(query | candidate)


def _soft_agreement(query_soft: Words, soft: Words) -> float:
    """Overlap of the soft words (places added to a name): a small tie-breaker."""
    a, b = {w[0] for w in query_soft}, {w[0] for w in soft}
    return len(a & b) / len(a | b) if a or b else 1.0


def score_candidate(
    query: QueryTerms, reading, candidate: Candidate, doc_counts: dict
) -> tuple[float, bool]:
    """The candidate's score, and whether it carries the query's very key in some script."""

    def weight(term: str) -> float:
        return idf(doc_counts.get(term, 1), query.total)

    asked = (query.words, query.soft)
    best, same_key = 0.0, False
    main = sorted(w[0] for w in query.words)  # soft words (places, products) are optional
    for concepts, hard, soft, vocal in candidate.readings or ((frozenset(), (), (), ""),):
        name = name_similarity(asked, (hard, soft), weight, query.as_you_type)
        score = (
            NAME_WEIGHT * name
            + CONCEPT_WEIGHT * concept_similarity(reading.concepts, concepts)
            + SOFT_WEIGHT * _soft_agreement(query.soft, soft)
            + VOCAL_WEIGHT * OSA.normalized_similarity(reading.vocal, vocal)
        )
        best = max(best, score)
        if (main or reading.concepts) and reading.concepts == concepts:
            same_key = same_key or sorted(w[0] for w in hard) == main
    return best, same_key
