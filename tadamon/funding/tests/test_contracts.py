"""Outcome contracts, verified results and payment by results (issue 7, items 6 and 7)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_user
from tadamon.errors import DomainError, PermissionDeniedError, ValidationFailed
from tadamon.funding import ledger, services
from tadamon.funding.models import LedgerTransaction, Result
from tadamon.funding.tests.conftest import MAD
from tadamon.funding.tests.test_calls import TODAY, application_fields, call_fields
from tadamon.funding.vocabulary import AccountKind, OperationState
from tadamon.history.chain import verify_chain
from tadamon.registry import services as registry

pytestmark = pytest.mark.django_db

START = TODAY - dt.timedelta(days=200)
END = START + dt.timedelta(days=720)
PERIODS = [(START, START + dt.timedelta(days=179)),
           (START + dt.timedelta(days=180), START + dt.timedelta(days=359))]  # fmt: skip
METRICS = [
    {"code": "women_jobs", "definition_ar": "منصب شغل قار لامرأة لمدة ستة أشهر",
     "definition_fr": "Emploi stable d'une femme pendant six mois", "unit": "منصب",
     "baseline": 4, "target": 12, "price": 8_000 * MAD, "cap": 40_000 * MAD},
    {"code": "trained", "definition_ar": "امرأة أتمت التكوين في التثمين",
     "definition_fr": "Femme formée à la valorisation", "unit": "امرأة",
     "baseline": 0, "target": 30, "price": 500 * MAD},
]  # fmt: skip


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def evidence(name="محضر.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 evidence", content_type="application/pdf")


@pytest.fixture
def verifier(db):
    return make_user("salma_verifier", "verifier")


@pytest.fixture
def applied(national_registrar, coop_hoceima, representative):
    registry.file_declaration(national_registrar, coop_hoceima, TODAY.year - 1,
                              {"members_total": 25})  # fmt: skip

    def apply_to(staff, fund, code):
        call = services.open_call(staff, fund, call_fields(code))
        return services.apply(representative, call, coop_hoceima, application_fields())

    return apply_to


def award(staff, application, verifier, payers, cap=100_000 * MAD, **extra):
    return services.award(
        staff, application, payment_cap=cap, starts_on=START, ends_on=END, metrics=METRICS,
        periods=PERIODS, verifiers=[verifier], outcome_payers=payers, **extra,
    )  # fmt: skip


def test_one_dirham_of_zakat_from_the_fund_to_a_verified_result(
    committee_staff, zakat_committee, zakat_fund, applied, verifier, representative, coop_hoceima
):
    services.contribute(committee_staff, zakat_fund, 500_000 * MAD, memo="زكاة رمضان")
    application = applied(committee_staff, zakat_fund, "zakat-call")
    with pytest.raises(ValidationFailed) as caught:  # zakat: whom it helps must be said
        award(committee_staff, application, verifier, [zakat_committee])
    assert caught.value.code == "zakat_categories_required"
    contract = award(committee_staff, application, verifier, [zakat_committee],
                     beneficiary_categories=["poor"])  # fmt: skip
    assert contract.state == "active"
    women, trained = contract.metrics.order_by("code").reverse()
    period = contract.periods.get(number=1)
    result = services.report_result(representative, women, period, 6, evidence(), "عقود الشغل")
    services.report_result(representative, trained, period, 20, evidence("لائحة.pdf"))
    assert services.payable(contract, period) == []  # nothing verified yet
    services.verify_result(verifier, result, "adjust", value=5, reason="عقد واحد غير موقع")
    other = Result.objects.get(metric=trained)
    services.verify_result(verifier, other, "accept")
    operation = services.request_result_payment(committee_staff, contract, period)
    assert operation.state == OperationState.EXECUTED
    assert operation.amount == 5 * 8_000 * MAD + 20 * 500 * MAD
    paid = ledger.account(zakat_fund, AccountKind.ORGANIZATION, organization=coop_hoceima)
    assert ledger.balance(paid) == 50_000 * MAD
    with pytest.raises(DomainError) as caught:  # paid once
        services.request_result_payment(committee_staff, contract, period)
    assert caught.value.code == "nothing_to_pay"
    traced = services.trace(LedgerTransaction.objects.get(kind="payment"))
    assert traced.call_code == "zakat-call" and traced.fund_code == "zakat"
    assert {(r["metric"], r["verified_value"], r["amount"]) for r in traced.results} == {
        ("women_jobs", 5, 40_000 * MAD), ("trained", 20, 10_000 * MAD)}  # fmt: skip
    assert traced.sources == [{"funder": "zakat-tanger", "contributed": 500_000 * MAD}]
    assert traced.contract.commitment.transaction.purpose["beneficiary_categories"] == ["poor"]
    assert verify_chain().ok


def test_caps_bound_the_payments(ministry_staff, ministry, budget_fund, applied, verifier,
                                 representative):  # fmt: skip
    services.contribute(ministry_staff, budget_fund, 1_000_000 * MAD)
    contract = award(ministry_staff, applied(ministry_staff, budget_fund, "caps"), verifier,
                     [ministry], cap=45_000 * MAD)  # fmt: skip
    women = contract.metrics.get(code="women_jobs")
    trained = contract.metrics.get(code="trained")
    first, second = contract.periods.all()
    for metric, value in ((women, 4), (trained, 10)):
        services.verify_result(verifier, services.report_result(
            representative, metric, first, value, evidence()), "accept")  # fmt: skip
    services.request_result_payment(ministry_staff, contract, first)  # 32,000 + 5,000
    services.verify_result(verifier, services.report_result(
        representative, women, second, 3, evidence()), "accept")  # fmt: skip
    # 3 × 8,000 = 24,000 earned; the metric's cap leaves 8,000, the contract's too.
    assert [amount for _r, amount in services.payable(contract, second)] == [8_000 * MAD]


def test_rejected_results_earn_nothing_and_verified_ones_do_not_change(
    ministry_staff, ministry, budget_fund, applied, verifier, representative
):
    services.contribute(ministry_staff, budget_fund, 1_000_000 * MAD)
    contract = award(ministry_staff, applied(ministry_staff, budget_fund, "reject"), verifier,
                     [ministry])  # fmt: skip
    women = contract.metrics.get(code="women_jobs")
    period = contract.periods.get(number=1)
    result = services.report_result(representative, women, period, 9, evidence())
    with pytest.raises(DomainError) as caught:
        services.verify_result(verifier, result, "reject")
    assert caught.value.code == "reason_required"
    services.verify_result(verifier, result, "reject", reason="لا عقود شغل مرفقة")
    assert services.payable(contract, period) == []
    corrected = services.report_result(representative, women, period, 7, evidence())
    assert corrected.pk == result.pk and corrected.state == "reported"
    services.verify_result(verifier, corrected, "accept")
    with pytest.raises(DomainError) as caught:
        services.report_result(representative, women, period, 8, evidence())
    assert caught.value.code == "result_verified"


def test_a_shared_fund_starts_the_contract_when_its_quorum_commits(
    ministry_staff, region_staff, ministry, region_funder, shared_fund, applied, verifier
):
    services.contribute(ministry_staff, shared_fund, 200_000 * MAD)
    contract = award(ministry_staff, applied(ministry_staff, shared_fund, "shared"), verifier,
                     [ministry, region_funder])  # fmt: skip
    assert contract.state == "awaiting_commitment"
    services.approve(region_staff, contract.commitment)
    contract.refresh_from_db()
    assert contract.state == "active"


def test_who_reports_and_who_verifies(
    ministry_staff, ministry, budget_fund, applied, verifier, representative, analyst
):
    services.contribute(ministry_staff, budget_fund, 1_000_000 * MAD)
    contract = award(ministry_staff, applied(ministry_staff, budget_fund, "roles"), verifier,
                     [ministry])  # fmt: skip
    women = contract.metrics.get(code="women_jobs")
    period = contract.periods.get(number=1)
    for actor in (ministry_staff, verifier, analyst):
        with pytest.raises(PermissionDeniedError):
            services.report_result(actor, women, period, 3, evidence())
    result = services.report_result(representative, women, period, 3, evidence())
    other_verifier = make_user("not_assigned", "verifier")
    for actor in (ministry_staff, representative, analyst, other_verifier):
        with pytest.raises(PermissionDeniedError):
            services.verify_result(actor, result, "accept")


def test_a_contract_checks_its_terms(ministry_staff, ministry, budget_fund, applied, analyst):
    application = applied(ministry_staff, budget_fund, "terms")
    bad_metrics = [{"code": "x", "definition_ar": "", "definition_fr": "X", "unit": "u",
                    "baseline": 0, "target": "كثير", "price": 0}]  # fmt: skip
    with pytest.raises(ValidationFailed) as caught:
        services.award(
            ministry_staff, application, payment_cap=10**12, starts_on=START, ends_on=END,
            metrics=bad_metrics, periods=[(END, START)], verifiers=[analyst],
            outcome_payers=[],
        )  # fmt: skip
    assert {(e.code, e.field) for e in caught.value.errors} == {
        ("required", "metrics[0].definition_ar"), ("outcome_numbers", "metrics[0].target"),
        ("amount_invalid", "metrics[0].price"), ("period_invalid", "periods[0]"),
        ("cap_invalid", "payment_cap"), ("verifiers_invalid", "verifiers"),
        ("outcome_payers_invalid", "outcome_payers"),
    }  # fmt: skip
