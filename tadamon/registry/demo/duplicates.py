"""Near-duplicates: the same body registered again, written differently, and their truth.

A known share of the demo organizations are copies of another one (the
original) with what really goes wrong between two files of the same body:
the name only in the other script, another French transliteration
(Tighanimine/Tiganimin, Ouled/Oulad, ch/sh, ou/w, El/Al, a dropped article),
a typo, a missing or an extra word, an abbreviated legal form, the commune
spelled another way, now and then another province of the same region or
another founding date. Same legal form always. The truth (which row copies
which, and how) is written as CSV so that duplicate detection can be scored.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import numpy as np

from tadamon.registry.demo import identifiers
from tadamon.registry.demo.dataset import (
    Duplicates,
    Memberships,
    Organizations,
    registration_order_key,
)
from tadamon.registry.demo.names import CORE_TABLES, VOWELS, NameParts, blank, text
from tadamon.registry.demo.places import Geography

NAT = np.datetime64("NaT", "D")

# French transliteration habits that differ from one file to the next.
RESPELLINGS: tuple[tuple[str, str], ...] = (
    (r"\bOuled\b", "Oulad"), (r"\bOulad\b", "Ouled"), (r"\bAït\b", "Ait"), (r"\bAit\b", "Aït"),
    (r"\bBeni\b", "Bni"), (r"\bBni\b", "Beni"), (r"\bEl\b", "Al"), (r"\bAl\b", "El"),
    (r"ch", "sh"), (r"Ch", "Sh"), (r"gh", "g"), (r"Gh", "G"), (r"ine\b", "in"), (r"kh", "k"),
    (r"ou(?=[aeiy])", "w"), (r"\bOu(?=[aeiy])", "W"), (r"ss", "s"), (r"q", "k"), (r"dj", "j"),
    (r"é", "e"), (r"ï", "i"), (r"â", "a"), (r"-", " "), (r"\bAl ", ""), (r"\bEl ", ""),
    (r"([bdfklmnprst])\1", r"\1"),
)  # fmt: skip
ABBREVIATIONS = {
    "Coopérative": ("Coop.", "Coop", "Cooperative", "Cooperative"),
    "Association": ("Assoc.", "Ass.", "Asso"),
    "Union des coopératives": ("Union des coop.", "U.C.", "Union coopératives"),
    "Fédération": ("Féd.", "Federation"),
    "Fédération des associations": ("Féd. des associations", "Federation des associations"),
    "Fédération des unions de coopératives": ("Féd. des unions de coop.",),
    "Amicale": ("Amic.",),
    "Fondation": ("Fond.", "Fondation la"),
    "Entreprise sociale": ("E.S.", "Ent. sociale"),
}
ARABIC_SPELLINGS: tuple[tuple[str, str], ...] = (
    ("ة\\b", "ه"), ("[أإ]", "ا"), ("ى\\b", "ي"), ("ي\\b", "ى"), ("آ", "ا"),
)  # fmt: skip
NAME_CHANGES = ("transliteration", "typo", "missing_word", "extra_word", "abbreviation")
NAME_CHANGE_WEIGHTS = (0.4, 0.3, 0.25, 0.12, 0.15)


def of_place(name: str) -> str:
    return f"d'{name}" if name.startswith(VOWELS) else f"de {name}"


def respell(word: str, rng: np.random.Generator) -> str:
    applicable = [(a, b) for a, b in RESPELLINGS if re.search(a, word)]
    if not applicable:
        return word
    pattern, replacement = applicable[rng.integers(len(applicable))]
    return re.sub(pattern, replacement, word, count=1).strip()


def arabic_spelling(name: str, rng: np.random.Generator) -> str:
    applicable = [(a, b) for a, b in ARABIC_SPELLINGS if re.search(a, name)]
    if not applicable:
        return typo(name, rng)
    pattern, replacement = applicable[rng.integers(len(applicable))]
    return re.sub(pattern, replacement, name, count=1)


def typo(name: str, rng: np.random.Generator) -> str:
    """One slip of the hand: a letter swapped with the next, dropped or doubled."""
    letters = [i for i in range(1, len(name) - 1) if name[i].isalpha() and name[i + 1].isalpha()]
    if not letters:
        return name + name[-1:]
    i = letters[rng.integers(len(letters))]
    slip = rng.integers(3)
    if slip == 0:
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    if slip == 1:
        return name[:i] + name[i + 1 :]
    return name[:i] + name[i] + name[i:]


class _Copy:
    """The parts of one duplicate's name, as plain strings, changed one way or another."""

    def __init__(self, parts: NameParts, row: int):
        for name in ("form_ar", "form_fr", "adjective_fr", "women_ar", "women_fr", "core_ar",
                     "core_fr", "tail_ar", "tail_fr", "core_prefix_fr", "place_ar",
                     "place_fr"):  # fmt: skip
            setattr(self, name, str(getattr(parts, name)[row]))
        self.core_kind = int(parts.core_kind[row])
        self.core_index = int(parts.core_index[row])

    def names(self) -> tuple[str, str]:
        ar = (self.form_ar, self.core_ar, self.place_ar, self.women_ar, self.tail_ar)
        fr = (self.form_fr, self.adjective_fr, self.women_fr, self.core_fr, self.place_fr,
              self.tail_fr)  # fmt: skip
        return " ".join(p for p in ar if p), " ".join(p for p in fr if p)

    def transliterate(self, rng) -> None:
        table = CORE_TABLES.get(self.core_kind)
        if table is None:
            self.core_fr = respell(self.core_fr, rng)
            return
        variants = table[self.core_index][1][1:]
        variant = variants[rng.integers(len(variants))]
        if self.core_prefix_fr == "Douar":
            variant = f"Douar {variant}"
        elif self.core_prefix_fr:
            variant = f"{self.core_prefix_fr} {of_place(variant)}"
        self.core_fr = variant

    def drop_word(self, rng) -> None:
        if self.tail_fr or self.tail_ar:
            self.tail_fr = self.tail_ar = ""
        elif self.adjective_fr or self.women_fr:
            self.adjective_fr = self.women_fr = self.women_ar = ""
        else:
            self.core_fr = re.sub(r"^(Douar|Al|El|Hay) ", "", self.core_fr)
            self.core_ar = re.sub(r"^(دوار|حي) ", "", self.core_ar)

    def add_word(self, province_ar: str, province_fr: str) -> None:
        self.tail_fr = f"{self.tail_fr} - {province_fr}".strip(" -")
        self.tail_ar = f"{self.tail_ar} - {province_ar}".strip(" -")

    def abbreviate(self, rng) -> None:
        options = ABBREVIATIONS.get(self.form_fr)
        if options:
            self.form_fr = options[rng.integers(len(options))]


def _shown_scripts(rng, has_ar: bool, has_fr: bool) -> tuple[bool, bool, str]:
    draw = rng.random()
    if has_ar and has_fr:
        if draw < 0.6:
            return True, True, ""
        return (True, False, "one_script") if draw < 0.8 else (False, True, "one_script")
    if draw < 0.5:
        return (not has_ar, not has_fr, "other_script")
    return has_ar, has_fr, ""


def _altered_name(rng, copy: _Copy, has_ar, has_fr, province_ar, province_fr):
    show_ar, show_fr, script = _shown_scripts(rng, has_ar, has_fr)
    kinds = {script} if script else set()
    wanted = [k for k, w in zip(NAME_CHANGES, NAME_CHANGE_WEIGHTS, strict=True) if rng.random() < w]
    if not wanted and (not script or rng.random() < 0.5):
        wanted = [NAME_CHANGES[rng.integers(len(NAME_CHANGES))]]
    for kind in wanted:
        if kind in ("transliteration", "abbreviation") and not show_fr:
            kind = "arabic_spelling"
        elif kind == "transliteration":
            copy.transliterate(rng)
        elif kind == "missing_word":
            copy.drop_word(rng)
        elif kind == "extra_word":
            copy.add_word(province_ar, province_fr)
        elif kind == "abbreviation":
            copy.abbreviate(rng)
        kinds.add(kind)
    name_ar, name_fr = copy.names()
    if "typo" in kinds:
        if show_fr and (not show_ar or rng.random() < 0.6):
            name_fr = typo(name_fr, rng)
        else:
            name_ar = typo(name_ar, rng)
    if "arabic_spelling" in kinds:
        name_ar = arabic_spelling(name_ar, rng)
    return (name_ar if show_ar else ""), (name_fr if show_fr else ""), kinds


def add_duplicates(
    rng: np.random.Generator,
    geo: Geography,
    orgs: Organizations,
    parts: NameParts,
    memberships: Memberships,
    count: int,
    as_of: dt.date,
) -> tuple[Organizations, Memberships, Duplicates]:
    candidates = np.flatnonzero(orgs.legal_form != "mutual")
    count = min(count, len(candidates))
    original = np.sort(rng.choice(candidates, count, replace=False))
    copy = orgs.take(original)
    kinds = _alter_copies(rng, geo, copy, parts.take(original))
    _redate_copies(rng, copy, kinds, as_of)
    copy.external_id = identifiers.external_ids(copy.legal_form, copy.province_code, len(orgs) + 1)
    copy.external_id = np.where(rng.random(count) < 0.2, "", copy.external_id)
    keep = rng.random((5, count))
    copy.ice = np.where(keep[0] < 0.3, copy.ice, "")
    copy.phone = np.where(keep[1] < 0.4, copy.phone, identifiers.phones(rng, count, 0.3))
    copy.acronym = np.where(keep[2] < 0.5, copy.acronym, "")
    copy.sector = np.where(keep[3] < 0.85, copy.sector, "")
    copy.activity = np.where(keep[4] < 0.5, copy.activity, "")
    copy.email = blank(count)
    copy.website = blank(count)
    return _insert_in_registration_order(orgs, copy, original, kinds, memberships)


def _insert_in_registration_order(orgs, copy, original, kinds, memberships):
    """Each copy goes where its registration date puts it; every row index is remapped."""
    positions = np.searchsorted(
        registration_order_key(orgs.registration_date),
        registration_order_key(copy.registration_date),
        side="right",
    )
    order = np.argsort(positions, kind="stable")
    positions, original = positions[order], original[order]
    combined = orgs.insert(positions, copy.take(order))
    moved = np.arange(len(orgs)) + np.searchsorted(positions, np.arange(len(orgs)), side="right")
    memberships.member = moved[memberships.member]
    memberships.union = moved[memberships.union]
    duplicates = Duplicates(
        duplicate=positions + np.arange(len(positions)),
        original=moved[original],
        kinds=["|".join(sorted(kinds[i])) for i in order.tolist()],
    )
    return combined, memberships, duplicates


def _alter_copies(rng, geo: Geography, copy: Organizations, parts: NameParts) -> list[set]:
    names_ar, names_fr, all_kinds = [], [], []
    province_codes = copy.province_code.tolist()
    for row, (has_ar, has_fr) in enumerate(
        zip((copy.name_ar != "").tolist(), (copy.name_fr != "").tolist(), strict=True)
    ):
        province = geo.province_index(province_codes[row])
        name_ar, name_fr, kinds = _altered_name(
            rng, _Copy(parts, row), has_ar, has_fr,
            geo.province_name_ar[province], geo.province_name_fr[province],
        )  # fmt: skip
        if rng.random() < 0.3:
            commune = str(copy.commune[row])
            changed = respell(commune, rng) if commune.isascii() else arabic_spelling(commune, rng)
            if changed != commune:
                copy.commune[row] = changed
                kinds.add("commune_spelling")
        if rng.random() < 0.05:
            region = geo.province_region[province]
            others = [c for c, r in zip(geo.province_codes, geo.province_region, strict=True)
                      if r == region and c != province_codes[row]]  # fmt: skip
            if others:
                copy.province_code[row] = others[rng.integers(len(others))]
                kinds.add("other_province")
        names_ar.append(name_ar)
        names_fr.append(name_fr)
        all_kinds.append(kinds)
    copy.name_ar, copy.name_fr = text(names_ar), text(names_fr)
    both_empty = (copy.name_ar == "") & (copy.name_fr == "")
    assert not both_empty.any(), "a duplicate lost both its names"
    return all_kinds


def _redate_copies(rng, copy: Organizations, kinds: list[set], as_of: dt.date) -> None:
    """Registered again later (or only filed); sometimes another founding date."""
    n = len(copy)
    today = np.datetime64(as_of, "D")
    draw = rng.random(n)
    shift = rng.integers(-400, 400, n)
    founding = np.where(draw < 0.2, NAT, copy.founding_date)
    founding = np.where(draw > 0.8, np.minimum(copy.founding_date + shift, today), founding)
    for row in np.flatnonzero((draw < 0.2) | (draw > 0.8)).tolist():
        kinds[row].add("founding_date")
    anchor = np.where(np.isnat(copy.registration_date), copy.founding_date, copy.registration_date)
    again = np.minimum(anchor + rng.integers(30, 3000, n), today)
    filed_only = rng.random(n) < 0.25
    copy.status = np.where(filed_only, "submitted", "registered")
    registration = np.where(filed_only, NAT, again)
    copy.founding_date = np.where(
        ~np.isnat(founding) & ~np.isnat(registration) & (founding > registration),
        registration, founding,
    )  # fmt: skip
    copy.registration_date = registration
    copy.left_on = np.full(n, NAT)
    copy.public_utility = np.zeros(n, dtype=bool)
    copy.public_utility_date = np.full(n, NAT)
    copy.registry_year = np.zeros(n, dtype=np.int64)
    copy.registry_rank = np.zeros(n, dtype=np.int64)


TRUTH_COLUMNS = (
    "duplicate_id", "duplicate_registry_id", "duplicate_external_id",
    "original_id", "original_registry_id", "original_external_id", "kinds",
)  # fmt: skip


def write_truth(path: Path, duplicates: Duplicates, ids: np.ndarray, registry_ids: list,
                external_ids: np.ndarray) -> int:  # fmt: skip
    """One row per near-duplicate: its ids, its original's ids, and how it was changed."""
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(TRUTH_COLUMNS)
        for dup, original, kinds in zip(
            duplicates.duplicate.tolist(), duplicates.original.tolist(), duplicates.kinds,
            strict=True,
        ):  # fmt: skip
            writer.writerow(
                (int(ids[dup]), registry_ids[dup] or "", external_ids[dup],
                 int(ids[original]), registry_ids[original] or "", external_ids[original], kinds)
            )  # fmt: skip
    return len(duplicates)
