"""The data elements formulas may name, and the disaggregations each one offers.

Two origins:
- the registry (organizations on the register, declarations), summed from the
  cube (tadamon.observatory.cube) per province, legal form, sector and year;
- official reference figures (census, national and regional accounts), read
  from ReferenceValue at the territory asked for, or summed from its parts when
  the figure is a count and is not published at that level.

Every element takes `legal_form=`, `sector=` (registry elements only) and
`year=-k` (the value k years earlier). Some also take `sex=`, `age=`, `area=`
or `type=`, listed below. `resolve` turns a parsed element into what the engine
reads, or a bilingual error naming what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tadamon.errors import DomainError
from tadamon.observatory.expressions import Element
from tadamon.registry.vocabulary import LegalForm

Terms = tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class DataElement:
    name: str
    label_ar: str
    label_fr: str
    unit: str
    origin: str  # "registry", "declarations" or "reference"
    # Registry elements: the cube columns summed, and per disaggregation value its columns.
    terms: Terms = ()
    breakdowns: dict[str, dict[str, Terms]] = field(default_factory=dict)
    # Reference elements: the figure's code, per disaggregation value its code.
    code: str = ""
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    # A census figure stands for every year until the next census is loaded.
    carried: bool = False
    additive: bool = True
    # Panel sums compare a year with the one before: no value in the cube's first year.
    needs_previous_year: bool = False
    source_key: str = ""

    def label(self, language: str) -> str:
        return self.label_ar if language.startswith("ar") else self.label_fr


@dataclass(frozen=True)
class Resolved:
    """What the engine reads for one element of a formula."""

    element: DataElement
    year_offset: int = 0
    legal_form: str = ""
    sector: str = ""
    terms: Terms = ()
    code: str = ""

    @property
    def from_cube(self) -> bool:
        return self.element.origin != "reference"


def _cube(name, ar, fr, unit, origin, terms, **breakdowns) -> DataElement:
    return DataElement(
        name,
        ar,
        fr,
        unit,
        origin,
        terms=terms,
        breakdowns=breakdowns,
        needs_previous_year="_panel" in name,
    )


_JOBS: Terms = ((1, "jobs_permanent"), (1, "jobs_seasonal"))

ELEMENTS: dict[str, DataElement] = {
    e.name: e
    for e in (
        _cube(
            "organizations",
            "الهيئات المسجلة",
            "organisations inscrites",
            "organizations",
            "registry",
            ((1, "organizations"),),
        ),
        _cube(
            "organizations_active",
            "الهيئات النشيطة",
            "organisations actives",
            "organizations",
            "registry",
            ((1, "organizations_active"),),
        ),
        _cube(
            "declarations",
            "التصريحات المودعة",
            "déclarations déposées",
            "declarations",
            "declarations",
            ((1, "declarations"),),
        ),
        _cube(
            "members",
            "الأعضاء",
            "membres",
            "people",
            "declarations",
            ((1, "members"),),
            sex={
                "female": ((1, "members_women"),),
                "male": ((1, "members"), (-1, "members_women")),
            },
            age={
                "youth": ((1, "members_youth"),),
                "adult": ((1, "members"), (-1, "members_youth")),
            },
        ),
        _cube(
            "jobs",
            "مناصب الشغل",
            "emplois",
            "jobs",
            "declarations",
            _JOBS,
            sex={"female": ((1, "jobs_women"),), "male": (*_JOBS, (-1, "jobs_women"))},
            type={"permanent": ((1, "jobs_permanent"),), "seasonal": ((1, "jobs_seasonal"),)},
        ),
        _cube(
            "revenue",
            "رقم المعاملات",
            "chiffre d'affaires",
            "mad",
            "declarations",
            ((1, "revenue"),),
        ),
        _cube(
            "value_added",
            "القيمة المضافة",
            "valeur ajoutée",
            "mad",
            "declarations",
            ((1, "value_added"),),
        ),
        _cube(
            "subsidies",
            "الإعانات",
            "subventions",
            "mad",
            "declarations",
            ((1, "subsidies"),),
        ),
        _cube(
            "beneficiaries",
            "المستفيدون",
            "bénéficiaires",
            "people",
            "declarations",
            ((1, "beneficiaries"),),
            sex={
                "female": ((1, "beneficiaries_women"),),
                "male": ((1, "beneficiaries"), (-1, "beneficiaries_women")),
            },
        ),
        _cube(
            "jobs_panel",
            "مناصب شغل الهيئات التي صرحت هذه السنة والسنة السابقة",
            "emplois des organisations ayant déclaré cette année et la précédente",
            "jobs",
            "declarations",
            ((1, "jobs_panel"),),
        ),
        _cube(
            "jobs_panel_previous",
            "مناصب شغل نفس الهيئات في السنة السابقة",
            "emplois des mêmes organisations l'année précédente",
            "jobs",
            "declarations",
            ((1, "jobs_panel_prev"),),
        ),
        _cube(
            "members_panel",
            "أعضاء الهيئات التي صرحت هذه السنة والسنة السابقة",
            "membres des organisations ayant déclaré cette année et la précédente",
            "people",
            "declarations",
            ((1, "members_panel"),),
        ),
        _cube(
            "members_panel_previous",
            "أعضاء نفس الهيئات في السنة السابقة",
            "membres des mêmes organisations l'année précédente",
            "people",
            "declarations",
            ((1, "members_panel_prev"),),
        ),
        DataElement(
            "population",
            "السكان القانونيون (إحصاء 2024)",
            "population légale (RGPH 2024)",
            "people",
            "reference",
            code="population_legal",
            codes={
                "area": {"urban": "population_legal__urban", "rural": "population_legal__rural"},
                # The census gives the sexes for the municipal population only.
                "sex": {
                    "female": "population_municipal__female",
                    "male": "population_municipal__male",
                },
            },
            carried=True,
            source_key="hcp-rgph-2024",
        ),
        DataElement(
            "households",
            "الأسر (إحصاء 2024)",
            "ménages (RGPH 2024)",
            "households",
            "reference",
            code="households_count",
            carried=True,
            source_key="hcp-rgph-2024",
        ),
        DataElement(
            "gdp",
            "الناتج الداخلي الإجمالي بالأسعار الجارية",
            "produit intérieur brut aux prix courants",
            "mad",
            "reference",
            code="gdp_mad",
            source_key="hcp-accounts",
        ),
        DataElement(
            "gross_value_added",
            "القيمة المضافة الإجمالية للاقتصاد",
            "valeur ajoutée brute de l'économie",
            "mad",
            "reference",
            # Not in the reference data yet (HCP publishes it; nobody has loaded it):
            # formulas that divide by it have no value and say so.
            code="gva_mad",
            source_key="hcp-accounts",
        ),
        DataElement(
            "unemployment_rate",
            "معدل البطالة (إحصاء 2024)",
            "taux de chômage (RGPH 2024)",
            "percent",
            "reference",
            code="labour_unemployment_rate",
            codes={
                "sex": {
                    "female": "labour_unemployment_rate__female",
                    "male": "labour_unemployment_rate__male",
                },
                "area": {
                    "urban": "labour_unemployment_rate__urban",
                    "rural": "labour_unemployment_rate__rural",
                },
            },
            carried=True,
            additive=False,
            source_key="hcp-rgph-2024",
        ),
    )
}

CENSUS_PREFIX = "census."
YEAR_OFFSETS = range(-10, 1)
_ADDITIVE_UNITS = {"people", "households", "mad", "jobs", "establishments", "dwellings"}


def _unknown(what_ar: str, what_fr: str, name: str) -> DomainError:
    return DomainError(
        "formula_unknown_element",
        f"{what_ar} «{name}» غير معروف",
        f"{what_fr} « {name} » inconnu",
        "formula",
    )


def census_element(name: str, unit: str) -> DataElement:
    """Any figure of the census file, by its HCP-derived code (`census.illiteracy_rate_10_plus`)."""
    code = name[len(CENSUS_PREFIX) :]
    return DataElement(
        name,
        code,
        code,
        unit,
        "reference",
        code=code,
        carried=True,
        additive=unit in _ADDITIVE_UNITS,
        source_key="hcp-rgph-2024",
    )


def element_named(name: str, census_units: dict[str, str] | None = None) -> DataElement:
    if name in ELEMENTS:
        return ELEMENTS[name]
    if name.startswith(CENSUS_PREFIX):
        units = census_units if census_units is not None else _census_units()
        code = name[len(CENSUS_PREFIX) :]
        if code in units:
            return census_element(name, units[code])
        raise _unknown("رقم الإحصاء", "Indicateur du recensement", code)
    raise _unknown("عنصر البيانات", "Élément de données", name)


def _census_units() -> dict[str, str]:
    from tadamon.observatory.reference import census_units

    return census_units()


def _selector_error(element: DataElement, key: str, value: str, allowed: list[str]) -> DomainError:
    choices = "، ".join(allowed) if allowed else "—"
    choices_fr = ", ".join(allowed) if allowed else "—"
    return DomainError(
        "formula_unknown_breakdown",
        f"«{element.name}[{key}={value}]»: القيم الممكنة لـ {key} هي {choices}",
        f"« {element.name}[{key}={value}] » : les valeurs possibles de {key} sont {choices_fr}",
        "formula",
    )


def resolve(node: Element, sectors: set[str] | None = None) -> Resolved:
    """What the engine reads for one element of a formula, or a bilingual error."""
    element = element_named(node.name)
    year_offset = 0
    legal_form = sector = ""
    terms, code = element.terms, element.code
    breakdown_used = ""
    for key, value in node.selectors:
        if key == "year":
            offsets = [str(o) for o in YEAR_OFFSETS]
            if value not in offsets:
                raise _selector_error(element, key, value, ["-10 … 0"])
            year_offset = int(value)
        elif key == "legal_form" and element.origin != "reference":
            if value not in LegalForm.values:
                raise _selector_error(element, key, value, list(LegalForm.values))
            legal_form = value
        elif key == "sector" and element.origin != "reference":
            known = sectors if sectors is not None else _sector_codes()
            if value not in known:
                raise _selector_error(element, key, value, sorted(known))
            sector = value
        elif key in element.breakdowns or key in element.codes:
            if breakdown_used:
                raise DomainError(
                    "formula_breakdowns_not_combined",
                    f"«{element.name}» لا يفصل حسب {breakdown_used} و{key} معا",
                    f"« {element.name} » n'est pas ventilé par {breakdown_used} et {key} à la fois",
                    "formula",
                )
            breakdown_used = key
            options = element.breakdowns.get(key) or element.codes.get(key)
            if value not in options:
                raise _selector_error(element, key, value, list(options))
            if element.origin == "reference":
                code = element.codes[key][value]
            else:
                terms = element.breakdowns[key][value]
        else:
            allowed = ["year", *element.breakdowns, *element.codes]
            if element.origin != "reference":
                allowed[1:1] = ["legal_form", "sector"]
            raise DomainError(
                "formula_unknown_breakdown",
                f"«{element.name}» لا يقبل التفصيل «{key}» (الممكن: {'، '.join(allowed)})",
                f"« {element.name} » n'a pas de ventilation « {key} » "
                f"(possibles : {', '.join(allowed)})",
                "formula",
            )
    return Resolved(element, year_offset, legal_form, sector, terms, code)


def _sector_codes() -> set[str]:
    from tadamon.registry.models import Sector

    return set(Sector.objects.values_list("code", flat=True))


CUBE_COLUMNS = (
    "organizations",
    "organizations_active",
    "declarations",
    "members",
    "members_women",
    "members_youth",
    "jobs_permanent",
    "jobs_seasonal",
    "jobs_women",
    "revenue",
    "value_added",
    "subsidies",
    "beneficiaries",
    "beneficiaries_women",
    "jobs_panel",
    "jobs_panel_prev",
    "members_panel",
    "members_panel_prev",
)
