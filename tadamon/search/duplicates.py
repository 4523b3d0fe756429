"""Look-alikes of a new organization: the duplicate check at registration and import.

The names are searched the way a registrar would search them (both scripts,
slips forgiven: tadamon.search.engine), and each candidate's score is the
search score moved by what the two records share or not: an ICE settles it,
the same province, legal form, founding date or phone add, another legal form
takes away (a cooperative and the association of its members often share a
name and are two bodies). Candidates of another region are not looked at
unless they share an identifier: the same body is registered again where it
is, and a regional registrar could not decide on another region's record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tadamon.registry.models import Organization
from tadamon.search.engine import EXACT, search

DUPLICATE_THRESHOLD = 0.9
SAME_ICE_SCORE = 0.99
BONUS = {"same_province": 0.05, "same_founding_date": 0.05, "same_phone": 0.05}
OTHER_LEGAL_FORM = -0.15


class _WholeRegistry:
    """The reader of the duplicate check: every record, as a national registrar sees it."""

    is_authenticated = True
    is_active = True
    is_superuser = False
    role = "national_registrar"
    region_id = None
    organization_id = None
    pk = None


@dataclass(frozen=True)
class Lookalike:
    organization: Organization
    score: float
    reasons: tuple[str, ...]


def _value(fields: dict[str, Any], name: str):
    value = fields.get(name)
    if value is None and f"{name}_id" in fields:
        value = fields[f"{name}_id"]
    return value.pk if hasattr(value, "pk") else value


def _name_matches(fields: dict[str, Any], exclude) -> dict[int, tuple[float, str, Organization]]:
    found: dict[int, tuple[float, str, Organization]] = {}
    for script in ("name_ar", "name_fr"):
        name = (fields.get(script) or "").strip()
        if not name:
            continue
        for hit in search(name, user=_WholeRegistry(), limit=10).hits:
            org = hit.organization
            if org.pk == exclude:
                continue
            reason = "similar_name"
            if hit.tier == EXACT:
                reason = "same_name"
            elif hit.same_key:  # the same name once scripts and spellings are bridged
                reason = "same_name_across_scripts"
            score = 1.0 if hit.tier == EXACT or hit.same_key else hit.score
            if org.pk not in found or score > found[org.pk][0]:
                found[org.pk] = (score, reason, org)
    return found


def lookalikes(fields: dict[str, Any], *, exclude: int | None = None) -> list[Lookalike]:
    """Existing organizations that may be the body `fields` describes, best first."""
    province = _value(fields, "province")
    legal_form = fields.get("legal_form") or ""
    ice = (fields.get("ice") or "").strip()
    phone = (fields.get("phone") or "").strip()
    founded = fields.get("founding_date")
    region = None
    if province:
        from tadamon.territory.models import Province

        region = Province.objects.filter(pk=province).values_list("region_id", flat=True).first()

    candidates = _name_matches(fields, exclude)
    same_ice = []
    if ice:
        same_ice = list(
            Organization.objects.filter(ice=ice)
            .exclude(pk=exclude)
            .exclude(status="merged")
            .select_related("province")
        )
        for org in same_ice:
            candidates.setdefault(org.pk, (0.0, "", org))

    results = []
    for score, name_reason, org in candidates.values():
        reasons = [name_reason] if name_reason else []
        shares_identifier = bool(ice and org.ice == ice)
        if org.province.region_id != region and not shares_identifier:
            continue
        if org.province_id == province:
            reasons.append("same_province")
        elif org.province.region_id == region:
            reasons.append("same_region")
        if org.legal_form == legal_form:
            reasons.append("same_legal_form")
        else:
            score += OTHER_LEGAL_FORM
        if founded and org.founding_date:
            if founded == org.founding_date:
                reasons.append("same_founding_date")
            elif abs((founded - org.founding_date).days) <= 365:
                reasons.append("close_founding_date")
        if phone and org.phone and phone == org.phone:
            reasons.append("same_phone")
        score += sum(BONUS.get(r, 0.0) for r in reasons)
        if shares_identifier:
            reasons.insert(0, "same_ice")
            score = max(score, SAME_ICE_SCORE)
        results.append(Lookalike(org, round(min(score, 1.0), 4), tuple(reasons)))
    results.sort(key=lambda r: (-r.score, r.organization.pk))
    return results


def likely_duplicates(fields: dict[str, Any], *, exclude: int | None = None) -> list[Lookalike]:
    """The look-alikes scored at DUPLICATE_THRESHOLD or more: those a registrar must decide."""
    return [r for r in lookalikes(fields, exclude=exclude) if r.score >= DUPLICATE_THRESHOLD]


def describe(candidates: list[Lookalike]) -> tuple[str, str]:
    """The candidates as one line in Arabic and one in French, for error messages."""
    names = [
        f"{c.organization.registry_id or c.organization.pk} "
        f"«{c.organization.name_ar or c.organization.name_fr}» ({c.score:.2f})"
        for c in candidates
    ]
    return "، ".join(names), ", ".join(names)
