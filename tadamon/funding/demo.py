"""The funding part of `tadamon demo`: the whole chain on the demo registry, through the
services, so that a newcomer can follow a dirham of zakat and one of a social bond
from the fund to a verified result and its payment.

Funders and their staff, one fund per source type (a waqf with its endowment and
income, a zakat fund with its scholars' categories, an impact fund co-managed by
three funders with a quorum of two), contributions, two calls (zakat; social
bond with the equity rules), applications from eligible demo organizations by
their representatives, evaluations (some disputed, then a third), the
allocations, outcome contracts for the grants, results reported with evidence,
verified, and paid by results. Seeded: the same registry gives the same chain.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from tadamon.accounts.models import User
from tadamon.accounts.services import save_account_from_console
from tadamon.errors import DomainError
from tadamon.funding import services
from tadamon.funding.models import Call, Fund, Funder
from tadamon.funding.services import allocating
from tadamon.funding.services.evaluation import status
from tadamon.funding.vocabulary import OperationState
from tadamon.identity.models import DuplicateFlag
from tadamon.registry.models import Declaration, Organization

MAD = 100
PASSWORD = "tadamon-demo-2026"  # the demo accounts' password (setup_demo.DEMO_PASSWORD)

FUNDERS = [
    # code, Arabic, French, staff username
    ("mtaess", "وزارة السياحة والصناعة التقليدية والاقتصاد الاجتماعي والتضامني",
     "Ministère du Tourisme, de l'Artisanat et de l'Économie sociale et solidaire",
     "fund_ministry"),
    ("indh", "المبادرة الوطنية للتنمية البشرية",
     "Initiative nationale pour le développement humain", "fund_indh"),
    ("region-souss", "جهة سوس ماسة", "Région Souss-Massa", "fund_region"),
    ("zakat-committee", "لجنة الزكاة", "Comité de la zakat", "fund_zakat"),
    ("habous", "وزارة الأوقاف والشؤون الإسلامية", "Ministère des Habous et des Affaires islamiques",
     "fund_waqf"),
    ("impact-investor", "صندوق الاستثمار ذي الأثر", "Investisseur à impact", "fund_impact"),
    ("bond-bank", "بنك مستثمر في السندات الاجتماعية",
     "Banque investisseuse en obligations sociales", "fund_bond"),
    ("crowd-platform", "منصة التمويل التشاركي", "Plateforme de financement participatif",
     "fund_crowd"),
    ("foundation", "مؤسسة مانحة خاصة", "Fondation donatrice privée", "fund_donor"),
]  # fmt: skip

FUND_NAMES = {
    "budget-ess-2026": [
        "ميزانية الدولة لدعم الاقتصاد الاجتماعي 2026",
        "Budget de l'État pour l'ESS 2026",
    ],
    "region-souss-2026": [
        "صندوق جهة سوس ماسة للاقتصاد التضامني",
        "Fonds ESS de la région Souss-Massa",
    ],
    "indh-ess": [
        "برنامج المبادرة الوطنية للتنمية البشرية للأنشطة المدرة للدخل",
        "Programme INDH des activités génératrices de revenus",
    ],
    "impact-fund": ["صندوق الأثر المشترك", "Fonds à impact cogéré"],
    "social-bond-women": [
        "سندات اجتماعية لتشغيل النساء",
        "Obligations sociales pour l'emploi des femmes",
    ],
    "crowd-argan": [
        "حملة تمويل تشاركي لتعاونيات الأركان",
        "Campagne participative des coopératives d'argane",
    ],
    "zakat-2026": ["صندوق الزكاة 2026", "Fonds de la zakat 2026"],
    "waqf-habous": ["وقف دعم التعاونيات", "Waqf de soutien aux coopératives"],
    "foundation-women": ["مؤسسة مانحة: تمكين النساء", "Fondation : autonomie des femmes"],
}

FUNDS = [
    # code, source type, funders, quorum, contribution (MAD), extra fields
    ("budget-ess-2026", "state_budget", ["mtaess"], 1, 5_000_000, {}),
    ("region-souss-2026", "region", ["region-souss"], 1, 2_000_000, {"regions": ["09"]}),
    ("indh-ess", "indh", ["indh"], 1, 3_000_000, {}),
    ("impact-fund", "impact_fund", ["impact-investor", "indh", "region-souss"], 2, 4_000_000, {}),
    ("social-bond-women", "social_bond", ["bond-bank", "mtaess"], 1, 6_000_000, {}),
    ("crowd-argan", "crowdfunding", ["crowd-platform"], 1, 300_000, {}),
    ("zakat-2026", "zakat", ["zakat-committee"], 1, 2_500_000,
     {"zakat_categories": ["poor", "needy", "debtors"]}),
    ("waqf-habous", "waqf", ["habous"], 1, 20_000_000, {}),
    ("foundation-women", "private_donor", ["foundation"], 1, 1_000_000,
     {"legal_forms": ["cooperative", "association"], "themes": ["women"]}),
]  # fmt: skip

# Who runs each demo call on the funder side.
FUNDS_OWNER = {
    "zakat-2026": "zakat-committee", "social-bond-women": "bond-bank",
    "impact-fund": "impact-investor",
}  # fmt: skip

EVALUATORS = ["evaluator_amina", "evaluator_youssef", "evaluator_karim"]
VERIFIER = "verifier_salma"
ADMIN = "admin"

CALLS = [
    # call code, fund code, title ar, title fr, budget (MAD), applicants, extra
    ("zakat-2026-food", "zakat-2026", "طلب عروض الزكاة: الأمن الغذائي للأسر الفقيرة",
     "Appel zakat : sécurité alimentaire des familles pauvres", 600_000, 8,
     {"legal_forms": ["association", "cooperative"]}),
    ("bond-2026-women-jobs", "social-bond-women", "سندات اجتماعية: مناصب شغل للنساء",
     "Obligations sociales : emplois pour les femmes", 2_400_000, 14,
     {"partial_funding": True, "min_underserved_share": 0.5, "max_region_share": 0.3}),
    # Still being evaluated: what an evaluator finds in their queue after `make run`.
    ("impact-2026-youth", "impact-fund", "صندوق الأثر: مقاولات اجتماعية للشباب",
     "Fonds à impact : entreprises sociales de jeunes", 1_500_000, 5, {}),
]  # fmt: skip
EVALUATED_CALLS = {"zakat-2026-food", "bond-2026-women-jobs"}

CRITERIA = [
    {"code": "impact", "name_ar": "الأثر الاجتماعي", "name_fr": "Impact social", "weight": 3},
    {"code": "feasibility", "name_ar": "قابلية الإنجاز", "name_fr": "Faisabilité", "weight": 2},
    {"code": "women", "name_ar": "إشراك النساء", "name_fr": "Place des femmes", "weight": 1},
]


@dataclass
class FundingDemo:
    funds: int = 0
    applications: int = 0
    contracts: int = 0
    payments: int = 0
    accounts: list[tuple[str, str]] = field(default_factory=list)


def _account(username: str, role: str, organization=None) -> User:
    user = User.objects.filter(username=username).first() or User(username=username)
    user.role, user.organization, user.region, user.is_active = role, organization, None, True
    return save_account_from_console(user, PASSWORD)


def _eligible(
    last_year: int, count: int, rng: random.Random, provinces: set[str] | None = None
) -> list[Organization]:
    """Registered bodies that filed last year, none under an open duplicate flag, spread
    over the regions (only in these provinces, if given)."""
    flagged = set(DuplicateFlag.objects.open().values_list("org_a_id", flat=True)) | set(
        DuplicateFlag.objects.open().values_list("org_b_id", flat=True)
    )
    filed = Declaration.objects.filter(year=last_year).values("organization_id")
    bodies = [
        o for o in Organization.objects.filter(status="registered", pk__in=filed)
        .select_related("province").order_by("id")[:4000]
        if o.pk not in flagged and (o.founding_date or o.registration_date)
        and (provinces is None or o.province_id in provinces)
    ]  # fmt: skip
    rng.shuffle(bodies)
    by_region: dict[str, list[Organization]] = {}
    for body in bodies:
        by_region.setdefault(body.province.region_id, []).append(body)
    chosen: list[Organization] = []
    while len(chosen) < count and any(by_region.values()):
        for region in sorted(by_region):
            if by_region[region] and len(chosen) < count:
                chosen.append(by_region[region].pop())
    return chosen


def _application(rng: random.Random, body: Organization, partial: bool) -> dict:
    equipment = rng.randrange(60, 260) * 1_000 * MAD
    training = rng.randrange(10, 60) * 1_000 * MAD
    women = rng.randrange(3, 15)
    return {
        "title": f"مشروع {body.name_ar[:60]} — projet {body.name_fr[:60]}",
        "budget_lines": [{"label": "تجهيزات — équipement", "amount": equipment},
                         {"label": "تكوين — formation", "amount": training}],
        "outcomes": [{"indicator": "مناصب شغل للنساء — emplois de femmes", "unit": "منصب",
                      "baseline": women, "target": women * 2}],
        "minimum": (equipment + training) // 2 if partial else None,
    }  # fmt: skip


def _scores(rng: random.Random, disputed: bool) -> dict:
    base = rng.uniform(4, 9.5)
    if disputed:
        base = rng.choice([2.5, 9.8])
    return {c["code"]: round(min(10.0, max(0.0, base + rng.uniform(-0.8, 0.8))), 1)
            for c in CRITERIA}  # fmt: skip


@transaction.atomic
def load_funding_demo(seed: int = 1) -> FundingDemo:
    """The whole chain on the registry as it stands (nothing when funds exist), in one
    transaction: a failure leaves no half-built funding behind."""
    summary = FundingDemo()
    if Fund.objects.exists():
        return summary
    rng = random.Random(seed)
    today = timezone.localdate()
    admin = _account(ADMIN, "administrator")
    staff = {code: _account(username, "funder") for code, _ar, _fr, username in FUNDERS}
    funders = {
        code: services.create_funder(
            admin, {"code": code, "name_ar": ar, "name_fr": fr}, [staff[code]]
        )
        for code, ar, fr, _username in FUNDERS
    }
    funds: dict[str, Fund] = {}
    for code, source, owners, quorum, amount, extra in FUNDS:
        first = staff[owners[0]]
        fund = services.create_fund(first, {
            "code": code, "name_ar": FUND_NAMES[code][0], "name_fr": FUND_NAMES[code][1],
            "source_type": source, "quorum": quorum, **extra,
        }, [funders[o] for o in owners])  # fmt: skip
        for owner in owners:
            services.contribute(staff[owner], fund, amount * MAD // len(owners),
                                funder=funders[owner], memo="مساهمة 2026")  # fmt: skip
        funds[code] = fund
    services.record_income(staff["habous"], funds["waqf-habous"], 900_000 * MAD,
                           memo="كراء أملاك الوقف 2026")  # fmt: skip
    summary.funds = len(funds)
    _campaign(rng, staff["crowd-platform"], funds["crowd-argan"], today)
    evaluators = [_account(name, "evaluator") for name in EVALUATORS]
    verifier = _account(VERIFIER, "verifier")
    used: set[int] = set()
    for call_code, fund_code, title_ar, title_fr, budget, applicants, extra in CALLS:
        fund = funds[fund_code]
        owner = staff[FUNDS_OWNER[fund_code]]
        call = services.open_call(owner, fund, {
            "code": call_code, "title_ar": title_ar, "title_fr": title_fr,
            "opens_on": today - dt.timedelta(days=300), "closes_on": today + dt.timedelta(days=30),
            "budget": budget * MAD, "criteria": CRITERIA, "min_age_years": 1, **extra,
        })  # fmt: skip
        services.assign_evaluators(owner, call, evaluators)
        # A call with an underserved minimum hears from those provinces too (a third).
        underserved = (
            allocating.underserved_provinces() if extra.get("min_underserved_share") else set()
        )
        pool = (
            _eligible(today.year - 1, applicants, rng, underserved)[: applicants // 3]
            if underserved
            else []
        )
        pool += _eligible(today.year - 1, applicants * 2, rng)
        bodies = [b for b in dict.fromkeys(pool) if b.pk not in used]
        for body in bodies[:applicants]:
            used.add(body.pk)
            representative = _account(f"rep_{body.pk}", "representative", body)
            if services.check_eligibility(call, body):
                continue
            fields = _application(rng, body, call.partial_funding)
            services.apply(representative, call, body, fields)
            summary.applications += 1
        if call_code not in EVALUATED_CALLS or not call.applications.exists():
            continue  # still open for evaluation, or a registry too small or too young
        _evaluate(rng, call, evaluators)
        try:
            run, _report = services.allocate_call(owner, call)
        except DomainError:  # equity rules a small registry's applicants cannot meet
            continue
        for grant in run.grants.select_related("application__organization"):
            contract = _award(owner, fund, funders, grant, verifier, fund_code, today)
            summary.contracts += 1
            summary.payments += _results(rng, owner, contract, verifier, staff, fund)
    _bond_repayment(staff, funds["social-bond-women"], funders["mtaess"], today)
    summary.accounts = [(ADMIN, "administrator")] + [
        (username, f"funder: {code}") for code, _ar, _fr, username in FUNDERS
    ] + [(name, "evaluator") for name in EVALUATORS] + [(VERIFIER, "verifier")]  # fmt: skip
    return summary


def _evaluate(rng: random.Random, call: Call, evaluators: list[User]) -> None:
    applications = list(call.applications.order_by("id"))
    for n, application in enumerate(applications):
        disputed = n % 5 == 2  # one in five: the two first opinions disagree
        first, second, third = evaluators
        services.evaluate(first, application, _scores(rng, disputed))
        services.evaluate(second, application, _scores(rng, False))
        if not status(application).complete:
            services.evaluate(third, application, _scores(rng, False))


def _award(owner, fund: Fund, funders: dict[str, Funder], grant, verifier, fund_code, today):
    application = grant.application
    start = today - dt.timedelta(days=270)
    periods = [(start, start + dt.timedelta(days=179)),
               (start + dt.timedelta(days=180), start + dt.timedelta(days=359))]  # fmt: skip
    price = max(grant.amount // 20, 1_000 * MAD)
    zakat = fund.source_type == "zakat"
    metrics = [{
        "code": "families_fed" if zakat else "women_jobs",
        "definition_ar": "أسرة فقيرة استفادت من سلة غذائية شهرية لستة أشهر" if zakat
        else "منصب شغل قار لامرأة لمدة ستة أشهر على الأقل",
        "definition_fr": "Famille pauvre ayant reçu un panier mensuel pendant six mois" if zakat
        else "Emploi stable d'une femme pendant au moins six mois",
        "unit": "أسرة" if zakat else "منصب", "baseline": 0, "target": 20,
        "price": price, "cap": grant.amount,
    }]  # fmt: skip
    return services.award(
        owner, application, payment_cap=grant.amount, starts_on=start,
        ends_on=start + dt.timedelta(days=359), metrics=metrics, periods=periods,
        verifiers=[verifier], outcome_payers=[funders[FUNDS_OWNER[fund_code]]],
        beneficiary_categories=["poor", "needy"] if zakat else None,
    )  # fmt: skip


def _results(rng: random.Random, owner, contract, verifier, staff, fund) -> int:
    """Two contracts in three report their first period; the verifier decides; paid."""
    if rng.random() > 0.67:
        return 0
    representative = User.objects.get(username=f"rep_{contract.organization_id}")
    metric = contract.metrics.get()
    period = contract.periods.get(number=1)
    value = rng.randrange(6, 14)
    evidence = ContentFile(f"محضر معاينة — procès-verbal, contrat {contract.pk}".encode(),
                           name=f"evidence-{contract.pk}.txt")  # fmt: skip
    result = services.report_result(representative, metric, period, value, evidence,
                                    "لوائح المستفيدين والعقود مرفقة")  # fmt: skip
    if rng.random() < 0.15:  # left for the verifier's queue
        return 0
    if rng.random() < 0.2:
        services.verify_result(verifier, result, "adjust", value=value - 2,
                               reason="عقدان غير موقعين — deux contrats non signés")  # fmt: skip
    else:
        services.verify_result(verifier, result, "accept")
    operation = services.request_result_payment(owner, contract, period)
    return int(operation.state == OperationState.EXECUTED)


def _campaign(rng: random.Random, staff: User, fund: Fund, today: dt.date) -> None:
    """A crowdfunding campaign of an argan cooperative that reaches its goal."""
    body = (
        Organization.objects.filter(status="registered", legal_form="cooperative",
                                    sector_id="argan").order_by("id").first()
        or Organization.objects.filter(status="registered").order_by("id").first()
    )  # fmt: skip
    if body is None:
        return
    campaign = services.open_campaign(staff, fund, body, {
        "title_ar": "معصرة أركان جديدة للتعاونية", "title_fr": "Une nouvelle presse à argane",
        "goal": 150_000 * MAD, "deadline": today + dt.timedelta(days=30),
        "mode": "all_or_nothing",
    })  # fmt: skip
    for donor in ("فاطمة الزهراء", "Karim B.", "", "جمعية أصدقاء الأركان", "Sophie L."):
        services.pledge(staff, campaign, rng.randrange(32, 45) * 1_000 * MAD, donor)  # ≥ goal
    services.close_campaign(staff, campaign)


def _bond_repayment(staff: dict[str, User], fund: Fund, payer: Funder, today: dt.date) -> None:
    """The social bond's terms (the ministry pays for outcomes, 5 % return, a date today
    and one in six months) and today's repayment of the investors, if outcomes were paid."""
    services.set_bond_terms(staff["bond-bank"], fund, payer, 0.05,
                            [today, today + dt.timedelta(days=182)])  # fmt: skip
    if services.repayment_due(fund) > 0:
        services.repay_investors(staff["mtaess"], fund)
