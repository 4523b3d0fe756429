"""Normalization of organization names, one script at a time.

The same body is written many ways: with or without diacritics and tatweel,
with أ/إ/آ/ا, ى/ي, ة/ه, with Moroccan letters (ݣ, ڭ, ڤ) or their standard
substitutes, with Arabic-Indic digits; in Latin script with or without
accents, capitals, punctuation, articles ("de la", "d'", "el") and the
abbreviations of French administrative writing ("Coop.", "Assoc."). These
functions map every such variant of one script to one form, so that exact and
fuzzy comparison work on what the name says, not on how it was typed.

Crossing scripts (Arabic ↔ Latin transliteration and the lexicon of SSE
words) builds on these and lives in its own module.
"""

from __future__ import annotations

import re
import unicodedata

# Harakat, tanween, shadda, sukun, superscript alef, Quranic marks.
ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
TATWEEL = "\u0640"

ARABIC_LETTER_MAP = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ئ": "ي",
        "ؤ": "و",
        "ة": "ه",
        # Moroccan and Persian letters and their standard substitutes: ݣ/ڭ/گ are
        # the Moroccan g (often typed ك or ج), ڤ is v (typed ف).
        "ݣ": "ك",
        "ڭ": "ك",
        "گ": "ك",
        "ڤ": "ف",
        "پ": "ب",
        "چ": "ش",
        "ک": "ك",
        "ی": "ي",
        "ھ": "ه",
        "ۃ": "ه",
    }
)

# Arabic-Indic (U+0660…) and Eastern Arabic-Indic (U+06F0…) digits.
DIGITS = str.maketrans(
    {**{chr(0x0660 + d): str(d) for d in range(10)}, **{chr(0x06F0 + d): str(d) for d in range(10)}}
)

ARABIC_PUNCTUATION = re.compile(r"[^\w\s]|_", re.UNICODE)
SPACES = re.compile(r"\s+")


def normalize_digits(text: str) -> str:
    """Arabic-Indic and Eastern Arabic-Indic digits to ASCII."""
    return text.translate(DIGITS)


def normalize_arabic(text: str) -> str:
    """One form for every way of typing the same Arabic name.

    Drops diacritics, tatweel, the hamza seats (أ إ آ → ا, ؤ → و, ئ → ي, lone ء
    removed), ى → ي, ة → ه, Moroccan letters to their common substitutes,
    digits to ASCII, punctuation to spaces; collapses spaces.
    """
    text = unicodedata.normalize("NFKC", text or "")
    text = ARABIC_DIACRITICS.sub("", text).replace(TATWEEL, "")
    text = text.translate(ARABIC_LETTER_MAP).replace("ء", "")
    text = normalize_digits(text)
    text = ARABIC_PUNCTUATION.sub(" ", text)
    return SPACES.sub(" ", text).strip()


# French administrative abbreviations, expanded before anything else is removed.
ABBREVIATIONS = {
    "coop": "cooperative",
    "coope": "cooperative",
    "cooperat": "cooperative",
    "assoc": "association",
    "asso": "association",
    "ass": "association",
    "fed": "federation",
    "fede": "federation",
    "ste": "societe",
    "sté": "societe",
    "dev": "developpement",
    "devt": "developpement",
    "agri": "agricole",
    "st": "saint",
}

# Articles and linking words that Moroccan French writes or drops at will.
LATIN_STOPWORDS = frozenset(
    {"de", "des", "du", "la", "le", "les", "l", "d", "et", "pour", "au", "aux", "a", "en"}
    | {"el", "al", "ou", "un", "une"}
)

LATIN_PUNCTUATION = re.compile(r"[^a-z0-9\s]")


def _accent_table() -> dict[int, str]:
    """Latin letters with diacritics (U+00C0…U+024F) to their bare letters, built once."""
    table = {}
    for code in range(0xC0, 0x250):
        decomposed = unicodedata.normalize("NFKD", chr(code))
        bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        if bare != chr(code):
            table[code] = bare
    return table


ACCENTS = _accent_table()


def strip_accents(text: str) -> str:
    """Accents off (é → e, ï → i). A table for the Latin letters that names use, and the
    full decomposition only for anything rarer: this runs on every name indexed."""
    if text.isascii():
        return text
    text = text.translate(ACCENTS)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def latin_words(text: str) -> list[str]:
    """Lower-case, accent-free words, ligatures opened, abbreviations expanded."""
    text = (text or "").replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae")
    text = strip_accents(normalize_digits(text)).lower()
    text = text.replace("’", "'").replace("`", "'")
    # "d'argane", "l'avenir": the elided article is a word of its own.
    text = re.sub(r"\b([dl])'", r"\1 ", text)
    words = LATIN_PUNCTUATION.sub(" ", text).split()
    return [ABBREVIATIONS.get(word, word) for word in words]


def normalize_latin(text: str, keep_stopwords: bool = False) -> str:
    """One form for every way of typing the same Latin-script name.

    Case, accents, ligatures (œ), punctuation, apostrophes, hyphens, the
    abbreviations of administrative French ("Coop.", "Assoc.") and, unless
    `keep_stopwords`, the articles and linking words (de, la, d', el, al…).
    """
    words = latin_words(text)
    if not keep_stopwords:
        words = [w for w in words if w not in LATIN_STOPWORDS]
    return " ".join(words)
