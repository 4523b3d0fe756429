"""Cross-script keys: where an Arabic name and its French spellings meet.

A name is cut into lexicon concepts (words that are translated: تعاونية /
coopérative, النسوية / féminine, للأركان / d'argan) and the words the lexicon
does not know (places, people, virtues), which are transliterated. Those are
reduced to a *consonant skeleton* in one small alphabet that both scripts map
onto the way Moroccan French actually writes Arabic and Amazigh:

- vowels, و/ي/ا/ع/ء and Latin a e i o u y w are dropped: ou/w, i/y and the weak
  vowels are where spellings differ most (Tighanimine / Tiganimin,
  Ouahda / Wahda);
- letters French cannot tell apart share one class: ت ط ث t th; د ض ذ ظ d dh;
  س ص ز s z c(e) ç; ش ch sh; غ ݣ ج g gh j dj; ك ق خ k q c kh; ح ه h;
- doubled letters collapse (Tafssout / Tafsout, and the sun-letter article:
  Attadamoun → tdmn like التضامن);
- the article is dropped: ال, لل, وال on the Arabic side; al, el, l', and the
  assimilated ar/er/as/es/ech… on the Latin side (Ech-Chaouen / الشاون). A Latin
  word that may have the article fused (Alamal, Laayoune) or the old "rh" for
  غ (Rharb) gets a second skeleton, and comparisons take the better one.

The skeletons of one name form its key; `identity.search` indexes them and
compares them with an edit distance, so one slip (a letter too many, k for kh)
still meets. What no key bridges is a place known by another name (Tanger /
Tingis / طنجة is fine, but "Mogador" / الصويرة is not): see docs/identity.md.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tadamon.identity.lexicon import arabic_stem, concept_kinds, segments, tables
from tadamon.identity.normalize import latin_words, normalize_arabic

# Letters in the skeleton alphabet. One place to read the classes above.
ARABIC_CLASSES = {
    "ب": "b",
    "پ": "b",
    "ف": "f",
    "ڤ": "f",
    "ت": "t",
    "ط": "t",
    "ث": "t",
    "د": "d",
    "ض": "d",
    "ذ": "d",
    "ظ": "d",
    "س": "s",
    "ص": "s",
    "ز": "s",
    "ش": "c",
    "چ": "c",
    "غ": "g",
    "ج": "g",
    "ݣ": "g",
    "ڭ": "g",
    "گ": "g",
    "ك": "k",
    "ق": "k",
    "خ": "k",
    "ح": "h",
    "ه": "h",
    "ر": "r",
    "ل": "l",
    "م": "m",
    "ن": "n",
}
# Moroccan letters kept apart from normalize_arabic's substitutes: ݣ is a g, not a k.
MOROCCAN_G = str.maketrans({"ݣ": "غ", "ڭ": "غ", "گ": "غ"})

# Latin digraphs first, then single letters. Order matters: "sch" before "ch".
LATIN_RULES: tuple[tuple[str, str], ...] = (
    ("sch", "c"), ("ch", "c"), ("sh", "c"), ("kh", "k"), ("gh", "g"), ("dj", "g"),
    ("th", "t"), ("dh", "d"), ("ph", "f"), ("qu", "k"), ("ck", "k"),
    ("ce", "se"), ("ci", "si"), ("cy", "sy"), ("c", "k"), ("q", "k"), ("x", "ks"),
    ("j", "g"), ("z", "s"), ("v", "f"), ("p", "b"),
)  # fmt: skip
LATIN_RULE = re.compile("|".join(re.escape(a) for a, _b in LATIN_RULES))
LATIN_REPLACEMENT = dict(LATIN_RULES)
LATIN_DROPPED = re.compile(r"[aeiouyw]")
SKELETON_LETTERS = frozenset("bftdscgkhrlmn0123456789")

# The article written apart, assimilated to a sun letter or not (Ech-Chaouen,
# Er Rachidia, As-Safa): dropped like al/el.
LATIN_ARTICLES = frozenset(
    {"al", "el", "l", "ar", "er", "as", "es", "az", "ez", "at", "et", "an", "en", "ad", "ed"}
    | {"ach", "ech", "ash"}
)
LATIN_LINKS = frozenset(
    {"de", "des", "du", "la", "le", "les", "d", "et", "pour", "au", "aux", "a", "un", "une"}
    | {"ou", "of", "the", "and"}
)
ARABIC_ARTICLES = ("وال", "بال", "فال", "لل", "ال")
ARABIC_LINKS = frozenset({"و", "في", "من", "ب", "ل", "على", "الى", "عن"})
ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
# The concept kinds that are translated between the scripts. Virtues are not:
# Moroccan French transliterates them (Al Amal, not "l'Espoir"), and two
# virtues of one concept (الخير, الإحسان) name two different bodies.
TRANSLATED_KINDS = frozenset(
    {"legal_form", "descriptor", "cause", "product", "place", "name_cause"}
)
# Lexicon words that are also names of places (حي الزيتون, Hay Zitoune): kept as
# soft words. A legal form or a cause is never a name.
# A cause that is also a name: التعاون is "la coopération" after a cause and
# "Attaawoun" as the name of a body.
NAME_LIKE_KINDS = frozenset({"product", "place", "name_cause"})


def concept_mark(concept: str) -> str:
    """The last reading of a soft word that is a lexicon word: its concept, "=water".

    A soft word is compared by its skeleton with the other name's words (حي الزيتون
    meets "Hay Zitoune"), but a translated word has another skeleton in the other
    script (الخدمات "kdmt", services "srfs"): the mark is what they share. Marks
    are never index terms (`is_mark`)."""
    return f"={concept}"


def is_mark(reading: str) -> bool:
    return reading.startswith("=")


def has_arabic(text: str) -> bool:
    return bool(ARABIC_LETTER.search(text or ""))


def _collapse(letters: str) -> str:
    """Doubled letters as one: shadda is not written, Latin doubles at will."""
    return re.sub(r"(.)\1+", r"\1", letters)


@lru_cache(maxsize=200_000)
def arabic_skeleton(word: str) -> str:
    """Skeleton of one normalized Arabic word, article dropped."""
    word = _without_article(word)
    if len(word) > 2 and word.endswith("ه"):
        word = word[:-1]  # ta marbuta (normalized to ه): a vowel in Latin
    letters = "".join(ARABIC_CLASSES.get(ch, ch if ch.isdigit() else "") for ch in word)
    return _collapse(letters)


# The vowels a name is written with, for telling apart names whose consonants
# agree (Amal / Imlil both read "ml"): Arabic long vowels and ع, Latin vowels.
ARABIC_VOWELS = {"ا": "a", "ى": "a", "ع": "a", "و": "u", "ي": "i"}
LATIN_VOWELS = str.maketrans({"a": "a", "e": "a", "i": "i", "y": "i", "o": "u", "u": "u", "w": "u"})


@lru_cache(maxsize=200_000)
def arabic_vocalized(word: str) -> str:
    """The word's consonant classes with its written vowels (آمال → amal, إمليل → amlil)."""
    word = _without_article(word)
    if len(word) > 2 and word.endswith("ه"):
        word = word[:-1]
    return _collapse("".join(ARABIC_CLASSES.get(ch) or ARABIC_VOWELS.get(ch) or "" for ch in word))


@lru_cache(maxsize=200_000)
def latin_vocalized(word: str) -> str:
    mapped = LATIN_RULE.sub(lambda m: LATIN_REPLACEMENT[m.group(0)], word).translate(LATIN_VOWELS)
    return _collapse("".join(ch for ch in mapped if ch in SKELETON_LETTERS or ch in "aiu"))


def _latin_letters(word: str) -> str:
    mapped = LATIN_RULE.sub(lambda m: LATIN_REPLACEMENT[m.group(0)], word)
    mapped = LATIN_DROPPED.sub("", mapped)
    return _collapse("".join(ch for ch in mapped if ch in SKELETON_LETTERS))


@lru_cache(maxsize=200_000)
def latin_skeletons(word: str) -> tuple[str, ...]:
    """Skeletons of one normalized Latin word: the main one, then its other reading.

    The other readings cover a fused article ("alamal" as al-amal, "laayoune"
    as l-ayoune), the old "rh" for غ ("rharb") and a g written ك ("agadir").
    """
    main = _latin_letters(word)
    others = []
    fused = re.match(r"^(?:a|e)?l(?=[a-z]{3})(.*)$", word)
    if fused and len(word) >= 5:
        others.append(_latin_letters(fused.group(1)))
    if "rh" in word:
        others.append(_latin_letters(word.replace("rh", "gh")))
    if "th" in word:
        # th is ث, or ت then ح/ه: Fath is الفتح (fth), not only "ft".
        others.append(_latin_letters(word.replace("th", "t_h")))
    if re.search(r"g(?!h)", word):
        # The Moroccan g is often written ك in Arabic (أكادير Agadir, خريبكة Khouribga).
        others.append(_latin_letters(re.sub(r"g(?!h)", "k", word)))
    return tuple(dict.fromkeys([main, *(o for o in others if o and o != main)]))


@dataclass(frozen=True)
class Reading:
    """One name read for comparison: its concepts and its transliterated words."""

    concepts: frozenset[str]
    # One tuple of alternative skeletons per transliterated word, in name order.
    words: tuple[tuple[str, ...], ...]
    # Skeletons of the words read as concepts. A lexicon word is sometimes a
    # name (حي الزيتون is Hay Zitoune, not "olive district"): these may meet a
    # transliterated word of the other name, but are not required to.
    soft: tuple[tuple[str, ...], ...] = ()
    # The transliterated words with their vowels, joined: a tie-breaker only.
    vocal: str = ""

    @property
    def skeletons(self) -> tuple[str, ...]:
        """Every skeleton of every word (main and alternatives), in order."""
        return tuple(s for alternatives in self.words for s in alternatives)

    @property
    def key(self) -> str:
        """The main skeletons joined: one string per name, for trigram or string comparison."""
        return " ".join(alternatives[0] for alternatives in self.words)


EMPTY = Reading(frozenset(), (), (), "")


SHORTEST_FUZZY_LEXICON_WORD = 5  # Latin letters
SHORTEST_FUZZY_ARABIC_WORD = 4  # Arabic writes no short vowels: its words are shorter


def _shortest(script: str) -> int:
    return SHORTEST_FUZZY_ARABIC_WORD if script == "ar" else SHORTEST_FUZZY_LEXICON_WORD


@lru_cache(maxsize=4)
def _lexicon_words(script: str) -> tuple[frozenset[str], dict[str, set[str]]]:
    """Every word of the lexicon's translated forms in a script, and their deletions.

    Virtues are left out: "nahda" is a name one letter away from "wahda", not a slip;
    so are the causes that are names (تازة is one letter from تآزر)."""
    latin, arabic = tables()
    table = latin if script == "fr" else arabic
    kinds = concept_kinds()
    words = frozenset(
        word
        for phrase, concept in table.items()
        if kinds.get(concept) in TRANSLATED_KINDS - {"name_cause"}
        for word in phrase
    )
    deletions: dict[str, set[str]] = {}
    for word in words:
        if len(word) >= _shortest(script) - 1:
            for i in range(len(word)):
                deletions.setdefault(word[:i] + word[i + 1 :], set()).add(word)
            deletions.setdefault(word, set()).add(word)
    return words, deletions


@lru_cache(maxsize=100_000)
def lexicon_spelling(word: str, script: str) -> str:
    """The lexicon word `word` is one slip away from ("developpemetn"), or `word` itself.

    Only for words of five Latin or four Arabic letters or more: shorter ones are
    too close to names.
    """
    words, deletions = _lexicon_words(script)
    if word in words or len(word) < _shortest(script):
        return word
    found: set[str] = set(deletions.get(word, ()))
    for i in range(len(word)):
        found |= deletions.get(word[:i] + word[i + 1 :], set())
    from rapidfuzz.distance import DamerauLevenshtein

    close = sorted(
        w
        for w in found
        if DamerauLevenshtein.distance(word, w) <= 1
        # زيتونة is not a slip for زيتون: a final ة (normalized ه) makes another word.
        and not (script == "ar" and (word == w + "ه" or w == word + "ه"))
    )
    return close[0] if len(close) == 1 else word


TERRITORY_DATA = Path(__file__).resolve().parent.parent / "territory" / "data"


@lru_cache(maxsize=1)
def territory_names() -> frozenset[tuple[str, ...]]:
    """Province and region names as sequences of plain words, in both scripts.

    A name with the province added ("… - Tanger-Assilah", "… مراكش") is the same
    body: those words may meet but are not required (they become soft). Words,
    not skeletons, are compared: يوسف is not اليوسفية although both read "sf"."""
    sequences: set[tuple[str, ...]] = set()
    for file in ("provinces.csv", "regions.csv"):
        with (TERRITORY_DATA / file).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                for name in (row["name_ar"], row["name_fr"]):
                    words = _plain_words(name)
                    if words:
                        sequences.add(words)
    return frozenset(sequences)


@lru_cache(maxsize=1)
def _longest_place() -> int:
    return max((len(p) for p in territory_names()), default=0)


def _plain_words(name: str) -> tuple[str, ...]:
    if has_arabic(name):
        return tuple(_without_article(w) for w in normalize_arabic(name).split())
    skip = LATIN_LINKS | LATIN_ARTICLES
    return tuple(w for w in latin_words(name) if w not in skip)


@lru_cache(maxsize=200_000)
def _without_article(word: str) -> str:
    for article in ARABIC_ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 2:
            return word[len(article) :]
    return word


Word = tuple[str, tuple[str, ...], str]  # (plain word, its skeletons, its vocalized form)


def _reading(concepts: set[str], hard: list[Word], soft: list[tuple[str, ...]]) -> Reading:
    kept, soft_words, vocal = _soften_places(hard, soft)
    return Reading(frozenset(concepts), kept, soft_words, vocal)


def _soften_places(
    hard: list[Word], soft: list[tuple[str, ...]]
) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...], str]:
    """Move the words that spell a province or region name from hard to soft."""
    places = territory_names()
    longest = _longest_place()
    kept: list[tuple[str, ...]] = []
    vocal: list[str] = []
    soft = list(soft)
    position = 0
    while position < len(hard):
        for size in range(min(longest, len(hard) - position), 0, -1):
            window = hard[position : position + size]
            if tuple(word for word, _skeletons, _vocal in window) in places:
                soft += [skeletons for _word, skeletons, _vocal in window]
                position += size
                break
        else:
            kept.append(hard[position][1])
            vocal.append(hard[position][2])
            position += 1
    return tuple(kept), tuple(soft), " ".join(vocal)


def _virtue_or_unknown(concept: str | None) -> bool:
    return concept is None or concept_kinds().get(concept) not in TRANSLATED_KINDS


@lru_cache(maxsize=100_000)
def read_arabic(name: str) -> Reading:
    words = normalize_arabic((name or "").translate(MOROCCAN_G)).split()
    # normalize_arabic maps ݣ to ك; read ݣ as g before it does (MOROCCAN_G above).
    words = [w for w in words if w not in ARABIC_LINKS]
    _latin, arabic_table = tables()
    stems = [lexicon_spelling(arabic_stem(w), "ar") for w in words]
    concepts: set[str] = set()
    skeletons: list[Word] = []
    soft: list[tuple[str, ...]] = []
    position = 0
    for concept, phrase in segments(stems, arabic_table):
        originals = words[position : position + len(phrase)]
        position += len(phrase)
        translated = not _virtue_or_unknown(concept)
        if translated:
            concepts.add(concept)
            if concept_kinds()[concept] not in NAME_LIKE_KINDS:
                continue
        for word in originals:
            skeleton = arabic_skeleton(word)
            if skeleton and translated:
                soft.append((skeleton, concept_mark(concept)))
            elif skeleton:
                skeletons.append((_without_article(word), (skeleton,), arabic_vocalized(word)))
    return _reading(concepts, skeletons, soft)


@lru_cache(maxsize=100_000)
def read_latin(name: str) -> Reading:
    words = [lexicon_spelling(w, "fr") for w in latin_words(name) if w not in LATIN_LINKS]
    latin_table, _arabic = tables()
    concepts: set[str] = set()
    skeletons: list[Word] = []
    soft: list[tuple[str, ...]] = []
    for concept, phrase in segments(words, latin_table):
        translated = not _virtue_or_unknown(concept)
        if translated:
            concepts.add(concept)
            if concept_kinds()[concept] not in NAME_LIKE_KINDS:
                continue
        for word in phrase:
            if word in LATIN_ARTICLES:
                continue
            alternatives = latin_skeletons(word)
            if alternatives and alternatives[0] and translated:
                soft.append((*alternatives, concept_mark(concept)))
            elif alternatives and alternatives[0]:
                skeletons.append((word, alternatives, latin_vocalized(word)))
    return _reading(concepts, skeletons, soft)


def read_name(name: str) -> Reading:
    """A name in either script (Arabic if it has Arabic letters)."""
    if not (name or "").strip():
        return EMPTY
    return read_arabic(name) if has_arabic(name) else read_latin(name)


@dataclass(frozen=True)
class NameKeys:
    """The cross-script keys of an organization's two names."""

    from_ar: Reading
    from_fr: Reading

    @property
    def concepts(self) -> frozenset[str]:
        return self.from_ar.concepts | self.from_fr.concepts

    @property
    def skeletons(self) -> frozenset[str]:
        return frozenset(self.from_ar.skeletons) | frozenset(self.from_fr.skeletons)


def name_keys(name_ar: str, name_fr: str) -> NameKeys:
    """Keys of both names; a French name typed in the Arabic field still reads right."""
    return NameKeys(read_name(name_ar), read_name(name_fr))
