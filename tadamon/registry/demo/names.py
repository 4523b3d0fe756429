"""Arabic and French names of the demo organizations, built in parts and vectorized.

A name is a legal form ("تعاونية" / "Coopérative"), sometimes a French
adjective ("agricole"), sometimes "women's" (النسوية / féminine), a core (a
virtue, a village, a commune, a neighbourhood, a group of people) and a tail
(the product or the cause). Keeping the parts lets the near-duplicates change
one of them (another spelling of the core, a dropped tail, "Coop.") and put
the name back together the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from tadamon.registry.demo import vocabulary as vocab
from tadamon.registry.demo.places import Geography

TEXT = np.dtypes.StringDType()

FORM_WORDS: dict[str, tuple[str, str]] = {
    "association": ("جمعية", "Association"),
    "cooperative": ("تعاونية", "Coopérative"),
    "cooperative_union": ("اتحاد تعاونيات", "Union des coopératives"),
    "federation": ("جامعة", "Fédération"),
    "mutual": ("تعاضدية", "Mutuelle"),
    "amicale": ("ودادية", "Amicale"),
    "foundation": ("مؤسسة", "Fondation"),
    "social_enterprise": ("مقاولة", "Entreprise sociale"),
}
PLURAL_ADJECTIVES = {
    "agricole": "agricoles",
    "laitière": "laitières",
    "apicole": "apicoles",
    "forestière": "forestières",
    "artisanale": "artisanales",
    "polyvalente": "polyvalentes",
}
VOWELS = tuple("AEIOUYÂÀÉÈÊÎÏÔÛaeiouyâàéèêîïôû")

# Where a core comes from, so that a near-duplicate can find its other spellings.
CORE_VIRTUE, CORE_AMAZIGH, CORE_ARABIC, CORE_NEIGHBOURHOOD = 0, 1, 2, 3
CORE_COMMUNE, CORE_PROVINCE, CORE_REGION, CORE_GROUP = 4, 5, 6, 7
CORE_TABLES = {
    CORE_VIRTUE: vocab.VIRTUES,
    CORE_AMAZIGH: vocab.DOUARS_AMAZIGH,
    CORE_ARABIC: vocab.DOUARS_ARABIC,
    CORE_NEIGHBOURHOOD: vocab.NEIGHBOURHOODS,
}


def text(values) -> np.ndarray:
    return np.asarray(values, dtype=TEXT)


def blank(n: int) -> np.ndarray:
    return np.full(n, "", dtype=TEXT)


def of_place(names: np.ndarray) -> np.ndarray:
    """French "de X", elided before a vowel: "de Tafraout", "d'Agadir", "d'Aït Baha"."""
    elided = np.strings.startswith(names, VOWELS[0])
    for vowel in VOWELS[1:]:
        elided |= np.strings.startswith(names, vowel)
    return np.where(elided, "d'" + names, "de " + names)


def categories(values: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Integer codes of a text column and the labels they stand for (faster than np.unique)."""
    as_list = values.tolist()
    labels = sorted(set(as_list))
    position = {label: i for i, label in enumerate(labels)}
    codes = np.fromiter((position[v] for v in as_list), dtype=np.int64, count=len(as_list))
    return codes, labels


def join_words(*parts: np.ndarray) -> np.ndarray:
    """Space-join the non-empty parts, row by row."""
    result = parts[0]
    for part in parts[1:]:
        result = result + np.where(part != "", " " + part, part)
    return np.strings.lstrip(result, " ") if (parts[0] == "").any() else result


@dataclass
class NameParts:
    form_ar: np.ndarray
    form_fr: np.ndarray
    adjective_fr: np.ndarray
    women_ar: np.ndarray
    women_fr: np.ndarray
    core_ar: np.ndarray
    core_fr: np.ndarray
    tail_ar: np.ndarray
    tail_fr: np.ndarray
    core_kind: np.ndarray  # CORE_* per organization
    core_index: np.ndarray  # row in that core's table (or commune/province index)
    core_prefix_fr: np.ndarray  # "des jeunes de", "Douar", ... kept apart from the core
    place_ar: np.ndarray  # the commune added to tell a body from its namesake
    place_fr: np.ndarray

    def take(self, rows: np.ndarray) -> NameParts:
        return NameParts(**{f.name: getattr(self, f.name)[rows] for f in fields(self)})

    def compose(self) -> tuple[np.ndarray, np.ndarray]:
        name_ar = join_words(self.form_ar, self.core_ar, self.place_ar, self.women_ar, self.tail_ar)
        name_fr = join_words(
            self.form_fr, self.adjective_fr, self.women_fr, self.core_fr, self.place_fr,
            self.tail_fr,
        )  # fmt: skip
        return name_ar, name_fr


def _table(entries, index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    arabic = text([e[0] for e in entries])
    french = text([e[1][0] for e in entries])
    return arabic[index], french[index]


def _tails(
    rng: np.random.Generator, table: dict, sectors: tuple[np.ndarray, list[str]], fallback: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pick a product or cause for each row from its sector's entries: (ar, fr, adjective?)."""
    codes, labels = sectors
    pick = rng.random(len(codes))
    flat_ar, flat_fr, flat_adjective, first, size = [], [], [], [], []
    for label in labels:
        entries = table.get(label) or table[fallback]
        first.append(len(flat_ar))
        size.append(len(entries))
        flat_ar += [e[0] for e in entries]
        flat_fr += [e[1] for e in entries]
        flat_adjective += [len(e) > 2 and e[2] for e in entries]
    entry = np.array(first)[codes] + (pick * np.array(size)[codes]).astype(np.int64)
    return text(flat_ar)[entry], text(flat_fr)[entry], np.array(flat_adjective, dtype=bool)[entry]


def build_name_parts(
    rng: np.random.Generator,
    geo: Geography,
    legal_form: np.ndarray,
    sectors: tuple[np.ndarray, list[str]],
    province: np.ndarray,
    commune: np.ndarray,
    federation_of_unions: np.ndarray,
) -> NameParts:
    """The parts of every name; `sectors` are (code of each row, the sector of each code)."""
    n = len(legal_form)
    sector = text(sectors[1])[sectors[0]]
    empty = np.full(n, "", dtype=TEXT)
    parts = NameParts(
        form_ar=empty.copy(), form_fr=empty.copy(), adjective_fr=empty.copy(),
        women_ar=empty.copy(), women_fr=empty.copy(), core_ar=empty.copy(),
        core_fr=empty.copy(), tail_ar=empty.copy(), tail_fr=empty.copy(),
        core_kind=np.zeros(n, dtype=np.int8), core_index=np.zeros(n, dtype=np.int64),
        core_prefix_fr=empty.copy(), place_ar=empty.copy(), place_fr=empty.copy(),
    )  # fmt: skip
    for form, (word_ar, word_fr) in FORM_WORDS.items():
        rows = legal_form == form
        parts.form_ar[rows], parts.form_fr[rows] = word_ar, word_fr
    _choose_cores(rng, geo, parts, legal_form, sector, province, commune)
    product_ar, product_fr, adjective = _tails(rng, vocab.PRODUCTS, sectors, "other")
    cause_ar, cause_fr, _ = _tails(rng, vocab.CAUSES, sectors, "local_development")
    makes = np.isin(legal_form, ("cooperative", "cooperative_union", "social_enterprise"))
    parts.tail_ar, parts.tail_fr = cause_ar, cause_fr
    rows = np.flatnonzero(makes)
    parts.tail_ar[rows] = product_ar[rows]
    parts.tail_fr[rows] = np.where(adjective[rows], "", product_fr[rows])
    rows = np.flatnonzero((legal_form == "cooperative") & adjective)
    parts.adjective_fr[rows] = product_fr[rows]
    rows = np.flatnonzero((legal_form == "cooperative_union") & adjective)
    plural = product_fr[rows]
    for singular, many in PLURAL_ADJECTIVES.items():
        plural = np.where(plural == singular, many, plural)
    parts.adjective_fr[rows] = plural
    parts.women_ar[legal_form == "social_enterprise"] = "الاجتماعية"
    _women_cooperatives(rng, parts, legal_form == "cooperative", sectors)
    _federations(parts, legal_form, federation_of_unions)
    no_tail = (legal_form == "mutual") | (
        (legal_form == "amicale") & (parts.core_kind == CORE_GROUP)
    )
    parts.tail_ar[no_tail] = ""
    parts.tail_fr[no_tail] = ""
    _distinguish_namesakes(geo, parts, legal_form, province, commune)
    return parts


# Where a name must be unique. A cooperative's name is checked nationally before
# it is registered (the ODCO's certificat négatif); an association's is not, but
# two bodies of one province with the very same name add their place to it
# ("Association Al Amal Tafraout"), and a number when even that is taken.
NATIONALLY_UNIQUE = ("cooperative", "cooperative_union")


def _distinguish_namesakes(geo, parts: NameParts, legal_form, province, commune) -> None:
    name_ar, name_fr = parts.compose()
    scope = np.where(np.isin(legal_form, NATIONALLY_UNIQUE), -1, province)
    seen: dict[tuple, int] = {}
    commune_ar, commune_fr = geo.commune_name_ar, geo.commune_name_fr
    for row, key in enumerate(zip(scope.tolist(), name_ar.tolist(), name_fr.tolist(), strict=True)):
        if key not in seen:
            seen[key] = 1
            continue
        place_ar, place_fr = commune_ar[commune[row]], commune_fr[commune[row]]
        if place_fr in key[2] or place_ar in key[1]:
            place_ar = place_fr = ""
        for number in range(1, 10_000):
            suffix = "" if number == 1 else f" {number}"
            candidate = (
                key[0],
                f"{key[1]} {place_ar}{suffix}".replace("  ", " ").strip() if key[1] else "",
                f"{key[2]} {place_fr}{suffix}".replace("  ", " ").strip() if key[2] else "",
            )
            if (place_ar or suffix) and candidate not in seen:
                break
        seen[candidate] = 1
        parts.place_ar[row] = f"{place_ar}{suffix}".strip()
        parts.place_fr[row] = f"{place_fr}{suffix}".strip()


# Share of women's cooperatives by sector (ODCO: 13% of all cooperatives, and
# nearly every argan cooperative).
WOMEN_COOPERATIVE_SHARE = {
    "argan": 0.9, "handicraft": 0.4, "aromatic_plants": 0.3, "food_processing": 0.35,
    "education": 0.3, "beekeeping": 0.05, "agriculture": 0.04, "livestock": 0.02,
}  # fmt: skip


def women_cooperative_probability(sectors: tuple[np.ndarray, list[str]]) -> np.ndarray:
    codes, labels = sectors
    return np.array([WOMEN_COOPERATIVE_SHARE.get(label, 0.03) for label in labels])[codes]


def _women_cooperatives(rng, parts: NameParts, coop: np.ndarray, sectors) -> None:
    women = coop & (rng.random(len(coop)) < women_cooperative_probability(sectors))
    parts.women_ar[women] = "النسوية"
    parts.women_fr[women] = "féminine"


def _federations(parts: NameParts, legal_form: np.ndarray, of_unions: np.ndarray) -> None:
    federation = legal_form == "federation"
    unions = np.flatnonzero(federation & of_unions)
    parts.form_ar[unions] = "جامعة اتحادات تعاونيات"
    parts.form_fr[unions] = "Fédération des unions de coopératives"
    parts.tail_ar[unions] = ""
    parts.tail_fr[unions] = ""
    associations = np.flatnonzero(federation & ~of_unions)
    parts.form_ar[associations] = "جامعة جمعيات"
    parts.form_fr[associations] = "Fédération des associations"


def _choose_cores(rng, geo, parts, legal_form, sector, province, commune) -> None:
    n = len(legal_form)
    draw = rng.random(n)
    urban = 1.0 - geo.rural_share[province]
    amazigh_regions = np.isin(np.array(geo.province_region)[province], ("05", "07", "08", "09"))
    kind = np.full(n, CORE_VIRTUE, dtype=np.int8)
    coop = legal_form == "cooperative"
    kind[coop & (draw < 0.40)] = CORE_COMMUNE
    douar = np.where(amazigh_regions, CORE_AMAZIGH, CORE_ARABIC).astype(np.int8)
    kind[coop & (draw >= 0.40) & (draw < 0.60)] = douar[coop & (draw >= 0.40) & (draw < 0.60)]
    association = legal_form == "association"
    neighbourhood = association & (draw < 0.75 * urban)
    kind[neighbourhood] = CORE_NEIGHBOURHOOD
    rural_place = association & ~neighbourhood & (draw < 0.75)
    half = rng.random(n) < 0.5
    kind[rural_place & half] = CORE_COMMUNE
    kind[rural_place & ~half] = douar[rural_place & ~half]
    kind[legal_form == "cooperative_union"] = np.where(
        draw[legal_form == "cooperative_union"] < 0.6, CORE_PROVINCE, CORE_VIRTUE
    )
    federation = legal_form == "federation"
    kind[federation] = np.where(draw[federation] < 0.5, CORE_PROVINCE, CORE_REGION)
    mutual = legal_form == "mutual"
    kind[mutual] = CORE_GROUP
    amicale = legal_form == "amicale"
    kind[amicale] = np.where(draw[amicale] < 0.5, CORE_GROUP, CORE_NEIGHBOURHOOD)
    parts.core_kind = kind
    _fill_cores(rng, geo, parts, legal_form, sector, province, commune)


def _fill_cores(rng, geo, parts, legal_form, sector, province, commune) -> None:
    n = len(legal_form)
    kind = parts.core_kind
    index = np.zeros(n, dtype=np.int64)
    for code, table in CORE_TABLES.items():
        rows = kind == code
        index[rows] = rng.integers(0, len(table), rows.sum())
        parts.core_ar[rows], parts.core_fr[rows] = _table(table, index[rows])
    rows = kind == CORE_COMMUNE
    index[rows] = commune[rows]
    parts.core_ar[rows] = text(geo.commune_name_ar)[commune[rows]]
    parts.core_fr[rows] = text(geo.commune_name_fr)[commune[rows]]
    rows = kind == CORE_PROVINCE
    index[rows] = province[rows]
    parts.core_ar[rows] = text(geo.province_name_ar)[province[rows]]
    parts.core_fr[rows] = of_place(text(geo.province_name_fr)[province[rows]])
    rows = kind == CORE_REGION
    region = np.array(geo.province_region)[province[rows]]
    index[rows] = province[rows]
    parts.core_ar[rows] = text(["جهة " + geo.region_name_ar[r] for r in region])
    parts.core_fr[rows] = text(["de la région " + geo.region_name_fr[r] for r in region])
    rows = kind == CORE_GROUP
    index[rows] = rng.integers(0, len(vocab.MEMBER_GROUPS), rows.sum())
    group_ar = text([g[0] for g in vocab.MEMBER_GROUPS])[index[rows]]
    group_fr = text([g[1] for g in vocab.MEMBER_GROUPS])[index[rows]]
    where_ar = text(geo.commune_name_ar)[commune[rows]]
    where_fr = of_place(text(geo.commune_name_fr)[commune[rows]])
    parts.core_ar[rows] = group_ar + " ب" + where_ar
    parts.core_fr[rows] = group_fr + " " + where_fr
    parts.core_index = index
    _people_and_villages(rng, parts, legal_form, sector)


def _people_and_villages(rng, parts: NameParts, legal_form, sector) -> None:
    """Associations of the young, of women, of pupils' parents; "Douar X" for villages."""
    n = len(legal_form)
    draw = rng.random(n)
    place = np.isin(parts.core_kind, (CORE_COMMUNE, CORE_AMAZIGH, CORE_ARABIC))
    association = (legal_form == "association") & place
    prefixes = (
        (association & (sector == "education") & (draw < 0.5),
         "آباء وأمهات وأولياء تلاميذ", "des parents d'élèves"),
        (association & (draw >= 0.5) & (draw < 0.62), "شباب", "des jeunes"),
        (association & (draw >= 0.62) & (draw < 0.72), "نساء", "des femmes"),
    )  # fmt: skip
    taken = np.zeros(n, dtype=bool)
    for rows, prefix_ar, prefix_fr in prefixes:
        rows = rows & ~taken
        taken |= rows
        parts.core_prefix_fr[rows] = prefix_fr
        parts.core_ar[rows] = prefix_ar + " " + parts.core_ar[rows]
        parts.core_fr[rows] = prefix_fr + " " + of_place(parts.core_fr[rows])
    village = ~taken & np.isin(parts.core_kind, (CORE_AMAZIGH, CORE_ARABIC)) & (draw > 0.85)
    village &= ~np.strings.startswith(parts.core_fr, "Douar")
    parts.core_prefix_fr[village] = "Douar"
    parts.core_ar[village] = "دوار " + parts.core_ar[village]
    parts.core_fr[village] = "Douar " + parts.core_fr[village]
