"""Whether an organization may apply to a call, checked against the registry.

Every rule the organization fails is returned, each naming itself (the
DomainError's code) in Arabic and French, so the representative learns all of
them at once rather than one per attempt.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tadamon.errors import DomainError
from tadamon.funding.models import Call
from tadamon.identity.models import DuplicateFlag
from tadamon.registry.models import Declaration


def _full_years(since: dt.date, today: dt.date) -> int:
    return today.year - since.year - ((today.month, today.day) < (since.month, since.day))


def eligibility_errors(call: Call, organization, today: dt.date | None = None) -> list[DomainError]:
    today = today or timezone.localdate()
    errors: list[DomainError] = []

    def fail(code: str, ar: str, fr: str) -> None:
        errors.append(DomainError(code, ar, fr, "organization"))

    if organization.status != "registered":
        fail("call_not_registered", "الترشح مفتوح للهيئات المسجلة والنشيطة فقط",
             "L'appel est ouvert aux seules organisations enregistrées et actives")  # fmt: skip
    if call.legal_forms and organization.legal_form not in call.legal_forms:
        fail("call_legal_form",
             f"الشكل القانوني للهيئة ({organization.legal_form}) غير مقبول في هذا الطلب؛ "
             f"المقبول: {'، '.join(call.legal_forms)}",
             f"La forme juridique de l'organisation ({organization.legal_form}) n'est pas admise "
             f"par cet appel ; admises : "
             f"{', '.join(call.legal_forms)}")  # fmt: skip
    region = organization.province.region_id
    if call.regions and region not in call.regions:
        fail("call_region",
             f"الهيئة من الجهة {region}، والطلب مخصص للجهات {'، '.join(call.regions)}",
             f"L'organisation est de la région {region} ; l'appel vise les régions "
             f"{', '.join(call.regions)}")  # fmt: skip
    if call.sectors and (organization.sector_id or "") not in call.sectors:
        fail("call_sector",
             f"قطاع نشاط الهيئة غير مقبول؛ المقبول: {'، '.join(call.sectors)}",
             f"Le secteur de l'organisation n'est pas admis ; admis : "
             f"{', '.join(call.sectors)}")  # fmt: skip
    if call.min_age_years:
        since = organization.founding_date or organization.registration_date
        if since is None or _full_years(since, today) < call.min_age_years:
            fail("call_min_age",
                 f"يشترط الطلب أن يكون عمر الهيئة {call.min_age_years} سنوات على الأقل",
                 f"L'appel exige une organisation d'au moins {call.min_age_years} ans")  # fmt: skip
    last_year = today.year - 1
    if (
        call.declaration_required
        and not Declaration.objects.filter(organization=organization, year=last_year).exists()
    ):
        fail("call_declaration_missing",
             f"لم تودع الهيئة تصريحها السنوي لسنة {last_year}",
             f"L'organisation n'a pas déposé sa déclaration annuelle {last_year}")  # fmt: skip
    if DuplicateFlag.objects.open().involving(organization).exists():
        fail("call_duplicate_flag_open",
             "للهيئة إشعار تكرار مفتوح في السجل؛ يجب أن يبت فيه المسجل قبل الترشح",
             "Un signalement de doublon est ouvert sur l'organisation ; le registre doit le "
             "trancher avant la candidature")  # fmt: skip
    return errors
