"""Moroccan legal forms and sectors as ESSGlobal concepts (the reasons are in docs/open-data.md).

ESSGlobal (RIPESS) describes an SSE initiative with SKOS codes: a legal form
(`legal-form` list, L1–L5), an organisational structure (`organisational-
structure`, OS10–OS240) and an activity (`activities-ica`, the ICA's list,
ICA10–ICA290). Copies of those lists are in vocabularies/essglobal/; the tests
check that every concept named here is in them. `None` means the list has no
faithful equivalent: the property is then left out rather than made up.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

VOCABULARIES = Path(__file__).resolve().parent / "vocabularies" / "essglobal"

ESSGLOBAL = "http://purl.org/essglobal/vocab/"
LEGAL_FORM = "http://purl.org/essglobal/standard/legal-form/"
STRUCTURE = "http://purl.org/essglobal/standard/organisational-structure/"
ACTIVITY_ICA = "http://purl.org/essglobal/standard/activities-ica/"
SCHEMA_ORG = "https://schema.org/"

# The SKOS list file behind each concept namespace (for the tests and the docs).
SCHEMES = {
    LEGAL_FORM: "legal-form.skos",
    STRUCTURE: "organisational-structure.skos",
    ACTIVITY_ICA: "activities-ica.skos",
}


class FormConcepts(NamedTuple):
    legal_form: str | None  # code in legal-form.skos
    structure: str | None  # code in organisational-structure.skos
    network: bool  # also an essglobal:Network (an organization of organizations)


LEGAL_FORMS: dict[str, FormConcepts] = {
    # Dahir of 15 November 1958 on associations: not-for-profit.
    "association": FormConcepts("L4", "OS20", False),
    # Law 112-12 on cooperatives.
    "cooperative": FormConcepts("L2", "OS115", False),
    # A union of cooperatives is itself a cooperative under law 112-12, whose members are
    # cooperatives: ESSGlobal's "secondary co-operative".
    "cooperative_union": FormConcepts("L2", "OS110", True),
    # Members are cooperative unions or associations (DESIGN.md): neither the legal-form
    # list nor the structure list has a form that fits both, and the structure list's
    # federations are said national or regional, which the registry does not record.
    "federation": FormConcepts(None, None, True),
    # Dahir of 12 November 1963 on mutual societies: not-for-profit, structure "Mutual".
    "mutual": FormConcepts("L4", "OS170", False),
    # Amicales are associations (of the staff of an employer) under the 1958 dahir.
    "amicale": FormConcepts("L4", "OS20", False),
    # Foundations are not-for-profit; "Charity" (OS40) is a British legal status.
    "foundation": FormConcepts("L4", "OS20", False),
    "social_enterprise": FormConcepts("L5", "OS30", False),
}

SECTORS: dict[str, str | None] = {
    "agriculture": "ICA10",
    "livestock": "ICA10",  # ICA20 "Dairy" is only part of livestock farming
    "beekeeping": "ICA10",
    "argan": "ICA10",  # the ICA list has no processing-of-farm-produce activity
    "aromatic_plants": "ICA10",
    "food_processing": "ICA90",  # Manufacturing
    "fishing": "ICA50",
    "forestry": "ICA30",
    "handicraft": "ICA60",  # Artisans
    "housing": "ICA210",
    "consumption": "ICA240",  # Retail: consumer cooperatives sell to their members
    "trade": "ICA260",  # Wholesale and retail trade
    "transport": "ICA220",
    "tourism": "ICA130",
    "services": "ICA120",  # Service
    "digital": "ICA110",  # Professional (IT and consulting services)
    "mining": "ICA100",
    "water_environment": "ICA230",  # Utilities: village drinking-water associations
    "education": "ICA160",
    "health": "ICA170",
    "social_action": "ICA200",  # Social Service
    "culture_sport": "ICA180",  # Community
    "local_development": "ICA180",  # Community
    "microfinance": "ICA140",  # Financial Services
    "insurance_mutual": "ICA150",  # Insurance
    "other": None,  # ICA280 "Other Services" would claim a service activity we do not know
}


def legal_form_iri(legal_form: str) -> str | None:
    code = LEGAL_FORMS[legal_form].legal_form
    return LEGAL_FORM + code if code else None


def structure_iri(legal_form: str) -> str | None:
    code = LEGAL_FORMS[legal_form].structure
    return STRUCTURE + code if code else None


def activity_iri(sector: str | None) -> str | None:
    code = SECTORS.get(sector or "")
    return ACTIVITY_ICA + code if code else None
