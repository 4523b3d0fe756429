"""Allocating a call's budget: the evaluated applications, the observatory's underserved
provinces and the call's equity rules handed to tadamon.funding.allocation, and the
result kept (AllocationRun) for the programme manager to award contracts from."""

from __future__ import annotations

from dataclasses import asdict

from tadamon.errors import DomainError
from tadamon.funding import allocation
from tadamon.funding.access import require_fund_staff
from tadamon.funding.models import AllocatedGrant, AllocationRun, Call
from tadamon.funding.services.evaluation import ranking
from tadamon.history.chain import Change, record, writes_history

# Provinces count as underserved when they stay so in at least this share of the
# risk index's sensitivity variants (docs/observatory-risk.md, "likely" and above).
MIN_ROBUSTNESS = 0.5


def underserved_provinces(min_robustness: float = MIN_ROBUSTNESS) -> set[str]:
    from tadamon.observatory import risk

    return {t.code for t in risk.underserved(min_robustness=min_robustness)}


def _body_key(organization) -> str:
    """One key per body after deduplication: a merged record counts as its survivor."""
    return str(organization.merged_into_id or organization.pk)


def candidates(call: Call, underserved: set[str]) -> list[allocation.Application]:
    """The applications whose evaluations are complete, as the allocation model reads them."""
    found = []
    for ranked in ranking(call):
        if not ranked.status.complete:
            continue
        application = ranked.application
        province = application.organization.province
        found.append(allocation.Application(
            id=str(application.pk),
            organization_key=_body_key(application.organization),
            region_code=province.region_id,
            province_code=province.code,
            underserved=province.code in underserved,
            score=ranked.status.mean,
            requested_centimes=application.requested,
            minimum_centimes=application.minimum if call.partial_funding else None,
        ))  # fmt: skip
    return found


@writes_history
def allocate_call(actor, call: Call, *, min_robustness: float = MIN_ROBUSTNESS):
    """Compute and keep the call's allocation; returns (AllocationRun, AllocationReport)."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    require_fund_staff(actor, call.fund)
    underserved = underserved_provinces(min_robustness)
    applications = candidates(call, underserved)
    if not applications:
        raise DomainError(
            "nothing_to_allocate", "لا ترشح اكتمل تقييمه في طلب العروض هذا",
            "Aucune candidature de cet appel n'a toutes ses évaluations", "call",
        )  # fmt: skip
    rules = allocation.Rules(
        budget_centimes=call.budget, partial_allowed=call.partial_funding,
        min_underserved_share=call.min_underserved_share,
        max_region_share=call.max_region_share, one_grant_per_organization=True,
    )  # fmt: skip
    report = allocation.compare(applications, rules)
    chosen = report.allocation
    run = AllocationRun.objects.create(
        call=call, computed_by=actor, rules=asdict(rules),
        underserved_provinces=sorted(underserved), total_score=chosen.total_score,
        total_amount=chosen.total_centimes, optimal=chosen.optimal,
        rule_prices=[{"rule": p.rule, "price": p.price, "exact": p.exact}
                     for p in report.rule_prices],
        ranking_score=report.ranking.total_score, ranking_amount=report.ranking.total_centimes,
        ranking_breaks=report.ranking_breaks,
    )  # fmt: skip
    AllocatedGrant.objects.bulk_create(
        AllocatedGrant(run=run, application_id=int(g.application_id), amount=g.amount_centimes,
                       fraction=g.fraction)
        for g in chosen.grants
    )  # fmt: skip
    record(actor, Change("funding:allocate", "allocation_run", str(run.pk), None, {
        "call": call.code, "rules": run.rules, "underserved": run.underserved_provinces,
        "grants": [[g.application_id, g.amount_centimes] for g in chosen.grants],
        "total_score": run.total_score, "rule_prices": run.rule_prices,
        "ranking_score": run.ranking_score,
    }))  # fmt: skip
    return run, report
