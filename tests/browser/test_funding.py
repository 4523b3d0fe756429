"""The funding page as a visitor reads it: totals, the Sankey chart from sources to
regions to outcomes, a payment traced back to its fund; Arabic, then French."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from conftest import cooperative_fields, make_user, register_reviewed
from tadamon.funding import services
from tadamon.registry import services as registry
from tadamon.territory.models import Province
from tests.browser.axe import serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

MAD = 100


@pytest.fixture
def paid(registrar, settings, tmp_path):
    """A zakat fund, a call, a contract with a cooperative of Al Hoceïma, a verified
    result and its payment."""
    settings.MEDIA_ROOT = tmp_path
    today = dt.date.today()
    body = register_reviewed(registrar, cooperative_fields(
        Province.objects.get(code="051"), name_ar="تعاونية إمزورن للعسل",
        name_fr="Coopérative Imzouren du miel"), "ملف كامل", dt.date(2019, 3, 1))  # fmt: skip
    registry.file_declaration(registrar, body, today.year - 1, {"members_total": 14})
    administrator = make_user("admin_funding", "administrator")
    staff = make_user("zakat_staff", "funder")
    verifier = make_user("verifier_b", "verifier")
    representative = make_user("rep_imzouren", "representative", organization=body)
    committee = services.create_funder(administrator, {
        "code": "zakat-hoceima", "name_ar": "لجنة الزكاة بالحسيمة",
        "name_fr": "Comité zakat d'Al Hoceïma"}, [staff])  # fmt: skip
    fund = services.create_fund(staff, {
        "code": "zakat-hoceima-2026", "name_ar": "صندوق الزكاة بالحسيمة",
        "name_fr": "Fonds zakat d'Al Hoceïma", "source_type": "zakat",
        "zakat_categories": ["poor", "needy"]}, [committee])  # fmt: skip
    services.contribute(staff, fund, 400_000 * MAD)
    call = services.open_call(staff, fund, {
        "code": "zakat-food", "title_ar": "طلب عروض الأمن الغذائي",
        "title_fr": "Appel sécurité alimentaire", "opens_on": today - dt.timedelta(days=30),
        "closes_on": today + dt.timedelta(days=30), "budget": 300_000 * MAD})  # fmt: skip
    application = services.apply(representative, call, body, {
        "title": "سلال غذائية للأسر الفقيرة",
        "budget_lines": [{"label": "مواد غذائية", "amount": 120_000 * MAD}],
        "outcomes": [{"indicator": "أسر مستفيدة", "unit": "أسرة", "baseline": 0,
                      "target": 40}]})  # fmt: skip
    start = today - dt.timedelta(days=200)
    contract = services.award(
        staff, application, payment_cap=120_000 * MAD, starts_on=start,
        ends_on=start + dt.timedelta(days=360),
        metrics=[{"code": "families", "definition_ar": "أسرة فقيرة استفادت من سلة شهرية",
                  "definition_fr": "Famille pauvre ayant reçu un panier mensuel",
                  "unit": "أسرة", "baseline": 0, "target": 40, "price": 2_500 * MAD}],
        periods=[(start, start + dt.timedelta(days=179))], verifiers=[verifier],
        outcome_payers=[committee], beneficiary_categories=["poor"],
    )  # fmt: skip
    result = services.report_result(
        representative,
        contract.metrics.get(),
        contract.periods.get(),
        18,
        ContentFile(b"proces-verbal", name="pv.txt"),
    )
    services.verify_result(verifier, result, "accept")
    services.request_result_payment(staff, contract, contract.periods.get())


def test_the_funding_page_and_a_payment_traced_back(page, live_server, paid, screenshot):
    page.goto(live_server.url + "/funding/")
    assert page.get_attribute("html", "dir") == "rtl"
    page.wait_for_selector("#funding-sankey svg path")
    text = page.inner_text("#funding-totals")
    assert "45,000" in text  # 18 families × 2,500 MAD paid
    assert "أسرة فقيرة استفادت من سلة شهرية" in page.inner_text("#outcomes")
    violations = serious_violations(page)
    assert not violations, " | ".join(violations)
    screenshot(page, "funding-ar")

    page.click("#payments a")
    page.wait_for_selector("#trace")
    trace = page.inner_text("#trace")
    assert "تعاونية إمزورن للعسل" in trace and "لجنة الزكاة بالحسيمة" in trace
    assert "طلب عروض الأمن الغذائي" in trace

    page.goto(live_server.url + "/funding/?lang=fr")
    assert page.get_attribute("html", "dir") == "ltr"
    page.wait_for_selector("#funding-sankey svg path")
    assert "Famille pauvre ayant reçu un panier mensuel" in page.inner_text("#outcomes")
    screenshot(page, "funding-fr")
