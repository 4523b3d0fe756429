"""Legal forms, statuses, provinces and sectors by code or by Arabic or French label.

Loaded once per import from the vocabulary and the database; each distinct
cell value is looked up once (files repeat the same few values).
"""

from __future__ import annotations

from tadamon.errors import DomainError
from tadamon.imports.parsing import Vocabulary
from tadamon.registry.models import Sector
from tadamon.registry.services import organizations as organization_services
from tadamon.registry.vocabulary import LEGAL_FORM_LABELS, STATUS_LABELS
from tadamon.territory.models import Province

# Other words the glossary (DESIGN.md) gives for the same legal form or status.
LEGAL_FORM_SYNONYMS = {
    "federation": ("فيدرالية", "جامعة", "Fédération"),
    "cooperative_union": ("اتحاد تعاونيات", "Union des coopératives"),
    "social_enterprise": ("Entreprise sociale", "مقاولة اجتماعية"),
}
STATUS_SYNONYMS = {
    "submitted": ("Déposé", "مودعة", "en cours"),
    "registered": ("Enregistré", "مسجلة"),
    "suspended": ("Suspendu", "موقوفة"),
    "dissolved": ("Dissous", "منحلة"),
    "struck_off": ("Radié", "مشطب عليها"),
}


class References:
    def __init__(self):
        self.provinces = {p.code: p for p in Province.objects.select_related("region")}
        self.legal_forms = Vocabulary(
            {
                c: (*labels, *LEGAL_FORM_SYNONYMS.get(c, ()))
                for c, labels in LEGAL_FORM_LABELS.items()
            }
        )
        # "merged" is reached only by a merge (registry.services.merging), never by a file.
        self.statuses = Vocabulary(
            {
                c: (*labels, *STATUS_SYNONYMS.get(c, ()))
                for c, labels in STATUS_LABELS.items()
                if c != "merged"
            }
        )
        self.province_names = Vocabulary(
            {code: (p.name_ar, p.name_fr) for code, p in self.provinces.items()}
        )
        self.sectors = Vocabulary(
            {s.code: (s.label_ar, s.label_fr, s.label_en) for s in Sector.objects.all()}
        )
        self._memo: dict[tuple[str, str], str | None] = {}
        # Filled by the row readers: the code each cell text stands for, once found.
        self.known: dict[str, dict] = {
            "legal_form": {}, "province_code": {}, "sector": {}, "status": {}, "dates": {},
        }  # fmt: skip

    def _lookup(self, kind: str, value: str) -> str | None:
        key = (kind, value)
        if key not in self._memo:
            self._memo[key] = self._find(kind, value)
        return self._memo[key]

    def _find(self, kind: str, value: str) -> str | None:
        if kind == "province":
            digits = value.strip()
            if digits.isdigit() and len(digits) <= 3:
                code = digits.zfill(3)
                return code if code in self.provinces else None
            return self.province_names.code(value)
        vocabulary = {"legal_form": self.legal_forms, "status": self.statuses}.get(kind)
        return (vocabulary or self.sectors).code(value)

    def legal_form(self, value: str) -> str:
        code = self._lookup("legal_form", value)
        if code is None:
            raise DomainError(
                "legal_form_unknown",
                f"الشكل القانوني «{value}» غير معروف",
                f"Forme juridique « {value} » inconnue",
                "legal_form",
            )
        return code

    def status(self, value: str) -> str:
        code = self._lookup("status", value)
        if code is None:
            raise DomainError(
                "status_unknown",
                f"الحالة «{value}» غير معروفة (مودع، مسجل، موقوف، منحل، مشطب عليه)",
                f"Statut « {value} » inconnu (déposée, enregistrée, suspendue, dissoute, radiée)",
                "status",
            )
        return code

    def province(self, value: str) -> Province:
        code = self._lookup("province", value)
        if code is None:
            # The service's own refusal, word for word.
            organization_services._province_or_error(value)
        return self.provinces[code]

    def sector(self, value: str) -> str | None:
        if not value:
            return None
        code = self._lookup("sector", value)
        if code is None:
            organization_services._check_sector(value)  # raises the service's refusal
        return code
