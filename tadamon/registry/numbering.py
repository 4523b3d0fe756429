"""Registry numbers: region, year, sequence and a check character.

Format `RR-YYYY-NNNNNN-C`, e.g. `06-2025-000123-4`: the region's HCP code, the
year of registration, a sequence per region and year that is never reused, and
an ISO 7064 MOD 11-2 check character (0-9 or X) over the twelve digits. MOD
11-2 catches every single mistyped character and every swap of two adjacent
characters; python-stdnum implements it.
"""

from __future__ import annotations

import re

from django.db import transaction
from stdnum.iso7064 import mod_11_2

from tadamon.errors import DomainError
from tadamon.registry.models import RegistryCounter

NUMBER_PATTERN = re.compile(r"^(\d{2})(\d{4})(\d{6})([0-9X])$")


def format_number(region_code: str, year: int, seq: int) -> str:
    digits = f"{region_code}{year:04d}{seq:06d}"
    check = mod_11_2.calc_check_digit(digits)
    return f"{region_code}-{year:04d}-{seq:06d}-{check}"


def normalize_number(text: str) -> str:
    """Accept `06-2025-000123-4`, `06 2025 000123 4` or `062025000123x`; return canonical form."""
    compact = re.sub(r"[\s\-./]", "", text or "").upper()
    match = NUMBER_PATTERN.match(compact)
    if not match:
        raise DomainError(
            "registry_id_format",
            f"رقم السجل «{text}» غير صالح: الصيغة المنتظرة RR-YYYY-NNNNNN-C",
            f"Numéro de registre « {text} » invalide : format attendu RR-AAAA-NNNNNN-C",
            "registry_id",
        )
    if not mod_11_2.is_valid(compact):
        raise DomainError(
            "registry_id_check",
            f"رقم السجل «{text}» غير صحيح: حرف المراقبة لا يطابق (خطأ في الكتابة؟)",
            f"Numéro de registre « {text} » erroné : le caractère de contrôle ne correspond pas "
            "(faute de frappe ?)",
            "registry_id",
        )
    region, year, seq, check = match.groups()
    return f"{region}-{year}-{seq}-{check}"


def next_number(region_code: str, year: int) -> str:
    """Give out the next number for the region and year (locks the counter row)."""
    with transaction.atomic():
        counter, _ = RegistryCounter.objects.select_for_update().get_or_create(
            region_code=region_code, year=year
        )
        counter.last_seq += 1
        counter.save(update_fields=["last_seq"])
    return format_number(region_code, year, counter.last_seq)
