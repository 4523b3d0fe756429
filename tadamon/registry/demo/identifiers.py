"""Identifiers and contact details of the demo organizations, vectorized.

External identifiers follow the body that gives them: ODCO's number for a
cooperative or a union, the receipt (récépissé) of the local authority for
an association, an amicale, a federation or a foundation, the commercial
register for a social enterprise. ICE numbers are valid: 9 digits for the
enterprise, 4 for the establishment, and two check digits that make the whole
number a multiple of 97, as python-stdnum's `stdnum.ma.ice` verifies.
"""

from __future__ import annotations

import numpy as np

from tadamon.registry.demo import vocabulary as vocab
from tadamon.registry.demo.names import TEXT, blank, text

EXTERNAL_PREFIX = {
    "cooperative": "ODCO-",
    "cooperative_union": "ODCO-U-",
    "association": "REC-",
    "amicale": "REC-",
    "federation": "REC-",
    "foundation": "REC-",
    "mutual": "MUT-",
    "social_enterprise": "RC-",
}
ICE_SHARE = {"cooperative": 0.4, "cooperative_union": 0.7, "social_enterprise": 0.85, "mutual": 1.0}
ASCII = str.maketrans(
    {
        **dict.fromkeys("àâä", "a"), **dict.fromkeys("éèêë", "e"), **dict.fromkeys("îï", "i"),
        **dict.fromkeys("ôö", "o"), **dict.fromkeys("ûü", "u"), "ç": "c", "œ": "oe",
        " ": "", "'": "", "-": "", ".": "",
    }
)  # fmt: skip
MAIL_DOMAINS = ("gmail.com", "yahoo.fr", "hotmail.com", "menara.ma", "outlook.fr")


def external_ids(legal_form: np.ndarray, province_code: np.ndarray, first: int) -> np.ndarray:
    """Numbers `first`, `first`+1, ... in row order (the order files came in), with the
    issuer's prefix. In order, and not shuffled, they also go into the external_id
    index one after the other: 500,000 organizations were written 2 s faster."""
    numbers = (np.arange(len(legal_form)) + first).astype(TEXT)
    numbers = np.strings.zfill(numbers, 6)
    prefix = blank(len(legal_form))
    for form, start in EXTERNAL_PREFIX.items():
        prefix[legal_form == form] = start
    receipt = prefix == "REC-"
    prefix = np.where(receipt, prefix + province_code + "-", prefix)
    return prefix + numbers


def ice_numbers(enterprise: np.ndarray) -> np.ndarray:
    """15-digit ICE for 9-digit enterprise numbers (head office: establishment 0000)."""
    base = enterprise.astype(np.int64) * 10_000
    check = (-(base * 100)) % 97  # stdnum.ma.ice: the whole number is a multiple of 97
    return np.strings.zfill(base.astype(TEXT), 13) + np.strings.zfill(check.astype(TEXT), 2)


def assign_ice(rng: np.random.Generator, legal_form: np.ndarray) -> np.ndarray:
    share = np.zeros(len(legal_form))
    for form, value in ICE_SHARE.items():
        share[legal_form == form] = value
    has = rng.random(len(legal_form)) < share
    result = blank(len(legal_form))
    enterprise = rng.choice(899_000_000, size=int(has.sum()), replace=False) + 1_000_000
    result[has] = ice_numbers(enterprise)
    return result


def phones(rng: np.random.Generator, n: int, share: float = 0.5) -> np.ndarray:
    has = rng.random(n) < share
    operator = np.where(rng.random(n) < 0.6, "06", "07")
    line = rng.integers(10_000_000, 100_000_000, n).astype(TEXT)
    return np.where(has, operator + line, "")


def _slugs(core_fr: np.ndarray) -> np.ndarray:
    """ASCII letters and digits of the French core, or "" when it has anything else."""
    slug = np.strings.lower(np.strings.translate(core_fr, ASCII)).tolist()
    return text([s if s.isascii() and s.isalnum() and len(s) > 2 else "" for s in slug])


def emails(rng: np.random.Generator, core_fr: np.ndarray, share: float = 0.2) -> np.ndarray:
    n = len(core_fr)
    has = np.flatnonzero(rng.random(n) < share)
    domain = text(MAIL_DOMAINS)[rng.integers(0, len(MAIL_DOMAINS), len(has))]
    number = rng.integers(1, 100, len(has)).astype(TEXT)
    slug = _slugs(core_fr[has])
    result = blank(n)
    result[has] = np.where(slug != "", slug + number + "@" + domain, "")
    return result


def websites(rng: np.random.Generator, core_fr: np.ndarray, share: float = 0.02) -> np.ndarray:
    has = np.flatnonzero(rng.random(len(core_fr)) < share)
    slug = _slugs(core_fr[has])
    result = blank(len(core_fr))
    result[has] = np.where(slug != "", "https://www." + slug + ".ma", "")
    return result


STOP_WORDS = {"de", "des", "du", "pour", "la", "le", "les", "et", "l", "d"}


def acronym_of(name_fr: str) -> str:
    words = name_fr.replace("'", " ").replace("-", " ").split()
    letters = [w[0].upper() for w in words if w.lower() not in STOP_WORDS and w[0].isalpha()]
    return "".join(letters)[:8] if len(letters) >= 3 else ""


def acronyms(rng: np.random.Generator, legal_form: np.ndarray, name_fr: np.ndarray) -> np.ndarray:
    """Some associations, federations, unions and mutuals use the initials of their French name."""
    result = blank(len(legal_form))
    candidates = np.isin(legal_form, ("association", "federation", "cooperative_union", "mutual"))
    rows = np.flatnonzero(candidates & (rng.random(len(legal_form)) < 0.12) & (name_fr != ""))
    result[rows] = text([acronym_of(name) for name in name_fr[rows].tolist()])
    return result


def activities(
    rng: np.random.Generator, sectors: tuple[np.ndarray, list[str]], in_french: np.ndarray,
    share: float = 0.7,
) -> np.ndarray:  # fmt: skip
    """What the organization does, from its sector, in the language of its name."""
    codes, labels = sectors
    has = rng.random(len(codes)) < share
    arabic = text([vocab.ACTIVITIES.get(label, ("", ""))[0] for label in labels])[codes]
    french = text([vocab.ACTIVITIES.get(label, ("", ""))[1] for label in labels])[codes]
    return np.where(has, np.where(in_french, french, arabic), "")


def addresses(
    rng: np.random.Generator,
    urban: np.ndarray,
    commune_ar: np.ndarray,
    commune_fr: np.ndarray,
    in_french: np.ndarray,
    share: float = 0.3,
) -> np.ndarray:
    """A neighbourhood and a number in town, the commune's centre in the country."""
    n = len(urban)
    result = blank(n)
    rows = np.flatnonzero(rng.random(n) < share)
    hay = rng.integers(0, len(vocab.NEIGHBOURHOODS), len(rows))
    number = rng.integers(1, 400, len(rows)).astype(TEXT)
    french, town = in_french[rows], urban[rows]
    place = np.where(french, commune_fr[rows], commune_ar[rows])
    street = np.where(
        french,
        text([h[1][0] for h in vocab.NEIGHBOURHOODS])[hay] + ", n° " + number + ", ",
        text([h[0] for h in vocab.NEIGHBOURHOODS])[hay] + "، رقم " + number + "، ",
    )
    centre = np.where(french, "Centre ", "مركز ")
    result[rows] = np.where(town, street, centre) + place
    return result
