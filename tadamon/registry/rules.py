"""The rules an organization record and a yearly declaration must satisfy.

Pure functions: they take plain values and return every broken rule as a
DomainError naming the field, in Arabic and French. Services call them before
writing; the import (later) calls them on each row to report every problem.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.ma import ice as ice_number

from tadamon.errors import DomainError
from tadamon.registry.vocabulary import LEGAL_FORM_LABELS

FIELD_LABELS: dict[str, tuple[str, str]] = {
    "name_ar": ("الاسم بالعربية", "nom en arabe"),
    "name_fr": ("الاسم بالفرنسية", "nom en français"),
    "legal_form": ("الشكل القانوني", "forme juridique"),
    "province": ("الإقليم أو العمالة", "province ou préfecture"),
    "founding_date": ("تاريخ التأسيس", "date de création"),
    "registration_date": ("تاريخ التسجيل", "date d'enregistrement"),
    "public_utility_date": (
        "تاريخ الاعتراف بصفة المنفعة العامة",
        "date de reconnaissance d'utilité publique",
    ),
    "ice": ("التعريف الموحد للمقاولة", "ICE"),
    "email": ("البريد الإلكتروني", "e-mail"),
    "website": ("الموقع الإلكتروني", "site web"),
    "members_total": ("عدد الأعضاء", "nombre de membres"),
    "members_women": ("عدد العضوات", "nombre de femmes membres"),
    "members_youth": ("عدد الأعضاء الشباب", "nombre de jeunes membres"),
    "employees_permanent": ("الأجراء الدائمون", "salariés permanents"),
    "employees_seasonal": ("الأجراء الموسميون", "salariés saisonniers"),
    "employees_women": ("الأجيرات", "salariées femmes"),
    "revenue_mad": ("رقم المعاملات", "chiffre d'affaires"),
    "value_added_mad": ("القيمة المضافة", "valeur ajoutée"),
    "subsidies_mad": ("الإعانات", "subventions"),
    "beneficiaries_total": ("عدد المستفيدين", "nombre de bénéficiaires"),
    "beneficiaries_women": ("عدد المستفيدات", "nombre de bénéficiaires femmes"),
    "year": ("السنة", "année"),
}


def _label(field: str) -> tuple[str, str]:
    return FIELD_LABELS.get(field, (field, field))


def _future(field: str, value: dt.date) -> DomainError:
    ar, fr = _label(field)
    return DomainError(
        "date_in_future",
        f"{ar}: التاريخ {value.isoformat()} في المستقبل",
        f"{fr} : la date {value.isoformat()} est dans le futur",
        field,
    )


def organization_errors(fields: dict, today: dt.date | None = None) -> list[DomainError]:
    """Every rule the organization's fields break (an empty list when all hold)."""
    today = today or dt.date.today()
    errors: list[DomainError] = []
    if not (fields.get("name_ar") or "").strip() and not (fields.get("name_fr") or "").strip():
        errors.append(
            DomainError(
                "name_required",
                "يجب إدخال اسم الهيئة بالعربية أو بالفرنسية على الأقل",
                "Le nom de l'organisation est requis, en arabe ou en français au moins",
                "name_ar",
            )
        )
    if fields.get("legal_form") not in LEGAL_FORM_LABELS:
        errors.append(
            DomainError(
                "legal_form_unknown",
                f"الشكل القانوني «{fields.get('legal_form') or ''}» غير معروف",
                f"Forme juridique « {fields.get('legal_form') or ''} » inconnue",
                "legal_form",
            )
        )
    if fields.get("province") is None and not fields.get("province_id"):
        errors.append(
            DomainError(
                "province_required",
                "يجب تحديد الإقليم أو العمالة",
                "La province ou préfecture est requise",
                "province",
            )
        )
    errors += _date_errors(fields, today)
    errors += _identifier_errors(fields)
    return errors


def _date_errors(fields: dict, today: dt.date) -> list[DomainError]:
    errors = []
    founded = fields.get("founding_date")
    registered = fields.get("registration_date")
    recognised = fields.get("public_utility_date")
    for name, value in (
        ("founding_date", founded),
        ("registration_date", registered),
        ("public_utility_date", recognised),
    ):
        if value and value > today:
            errors.append(_future(name, value))
    if founded and registered and registered < founded:
        errors.append(
            DomainError(
                "registered_before_founded",
                f"تاريخ التسجيل ({registered}) سابق لتاريخ التأسيس ({founded})",
                f"La date d'enregistrement ({registered}) précède la date de création ({founded})",
                "registration_date",
            )
        )
    if recognised and not fields.get("public_utility"):
        errors.append(
            DomainError(
                "public_utility_date_without_recognition",
                "لا يمكن تحديد تاريخ المنفعة العامة لهيئة غير معترف لها بها",
                "Une date d'utilité publique n'a de sens que si l'organisation est reconnue",
                "public_utility_date",
            )
        )
    if fields.get("public_utility") and not recognised:
        errors.append(
            DomainError(
                "public_utility_date_required",
                "يجب إدخال تاريخ الاعتراف بصفة المنفعة العامة",
                "La date de reconnaissance d'utilité publique est requise",
                "public_utility_date",
            )
        )
    if recognised and founded and recognised < founded:
        errors.append(
            DomainError(
                "public_utility_before_founded",
                "تاريخ الاعتراف بالمنفعة العامة سابق لتاريخ التأسيس",
                "La reconnaissance d'utilité publique précède la date de création",
                "public_utility_date",
            )
        )
    return errors


def _identifier_errors(fields: dict) -> list[DomainError]:
    errors = []
    ice = (fields.get("ice") or "").strip()
    if ice:
        try:
            ice_number.validate(ice)
        except StdnumError:
            errors.append(
                DomainError(
                    "ice_invalid",
                    f"التعريف الموحد للمقاولة «{ice}» غير صحيح (15 رقما مع رقمي المراقبة)",
                    f"ICE « {ice} » invalide (15 chiffres dont deux chiffres de contrôle)",
                    "ice",
                )
            )
    for name, validator in (("email", EmailValidator()), ("website", URLValidator())):
        value = (fields.get(name) or "").strip()
        if not value:
            continue
        try:
            validator(value)
        except ValidationError:
            ar, fr = _label(name)
            errors.append(
                DomainError(
                    f"{name}_invalid",
                    f"{ar} «{value}» غير صالح",
                    f"{fr} « {value} » invalide",
                    name,
                )
            )
    return errors


# (part, whole, what the whole is called) — each part may not exceed its whole.
DECLARATION_BOUNDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("members_women", ("members_total",)),
    ("members_youth", ("members_total",)),
    ("employees_women", ("employees_permanent", "employees_seasonal")),
    ("beneficiaries_women", ("beneficiaries_total",)),
)

NON_NEGATIVE = (
    "members_total",
    "members_women",
    "members_youth",
    "employees_permanent",
    "employees_seasonal",
    "employees_women",
    "revenue_mad",
    "subsidies_mad",
    "beneficiaries_total",
    "beneficiaries_women",
)


def declaration_errors(
    year: int, figures: dict, founding_date: dt.date | None, today: dt.date | None = None
) -> list[DomainError]:
    """Every rule the declaration breaks, each naming its field."""
    today = today or dt.date.today()
    errors: list[DomainError] = []
    if year > today.year:
        errors.append(
            DomainError(
                "declaration_year_in_future",
                f"لا يمكن التصريح بسنة {year} لم تبدأ بعد",
                f"Impossible de déclarer l'année {year}, qui n'a pas commencé",
                "year",
            )
        )
    if founding_date and year < founding_date.year:
        errors.append(
            DomainError(
                "declaration_before_founding",
                f"سنة التصريح {year} سابقة لسنة التأسيس {founding_date.year}",
                f"L'année déclarée {year} précède l'année de création {founding_date.year}",
                "year",
            )
        )
    for name in NON_NEGATIVE:
        value = figures.get(name)
        if value is not None and Decimal(value) < 0:
            ar, fr = _label(name)
            errors.append(
                DomainError(
                    "negative_figure",
                    f"{ar} لا يمكن أن يكون سالبا ({value})",
                    f"{fr} ne peut pas être négatif ({value})",
                    name,
                )
            )
    for part, wholes in DECLARATION_BOUNDS:
        part_value = figures.get(part)
        whole_values = [figures.get(w) for w in wholes]
        if part_value is None or all(v is None for v in whole_values):
            continue
        whole_value = sum(v or 0 for v in whole_values)
        if part_value > whole_value:
            part_ar, part_fr = _label(part)
            whole_ar = " + ".join(_label(w)[0] for w in wholes)
            whole_fr = " + ".join(_label(w)[1] for w in wholes)
            errors.append(
                DomainError(
                    f"{part}_exceeds_total",
                    f"{part_ar} ({part_value}) يتجاوز {whole_ar} ({whole_value})",
                    f"{part_fr} ({part_value}) dépasse {whole_fr} ({whole_value})",
                    part,
                )
            )
    return errors
