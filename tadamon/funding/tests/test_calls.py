"""Calls for proposals and applications: eligibility from the registry (issue 7, item 3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from conftest import make_user
from tadamon.errors import DomainError, PermissionDeniedError, ValidationFailed
from tadamon.funding import services
from tadamon.funding.models import Application, Call
from tadamon.funding.tests.conftest import MAD
from tadamon.history.models import HistoryEntry
from tadamon.identity.services import flag_pair
from tadamon.registry import services as registry

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def call_fields(code="amal-2026", **extra) -> dict:
    return {
        "code": code, "title_ar": "طلب عروض دعم التعاونيات النسائية",
        "title_fr": "Appel à projets coopératives féminines",
        "opens_on": TODAY - dt.timedelta(days=10), "closes_on": TODAY + dt.timedelta(days=20),
        "budget": 2_000_000 * MAD,
        "criteria": [{"code": "impact", "name_ar": "الأثر", "name_fr": "Impact", "weight": 3}],
        **extra,
    }  # fmt: skip


def application_fields(**extra) -> dict:
    return {
        "title": "وحدة تثمين زيت الأركان",
        "budget_lines": [{"label": "معدات العصر", "amount": 120_000 * MAD},
                         {"label": "تكوين النساء", "amount": 30_000 * MAD}],
        "outcomes": [{"indicator": "مناصب شغل للنساء", "unit": "منصب", "baseline": 4,
                      "target": 12}],
        **extra,
    }  # fmt: skip


@pytest.fixture
def call(ministry_staff, budget_fund):
    return services.open_call(ministry_staff, budget_fund, call_fields())


@pytest.fixture
def filed(national_registrar, coop_hoceima):
    """The cooperative filed its declaration for last year."""
    registry.file_declaration(national_registrar, coop_hoceima, TODAY.year - 1,
                              {"members_total": 25, "members_women": 25})  # fmt: skip
    return coop_hoceima


def codes(error: DomainError) -> set[str]:
    return {e.code for e in error.errors} if isinstance(error, ValidationFailed) else {error.code}


def test_an_eligible_cooperative_applies(call, filed, representative):
    application = services.apply(representative, call, filed, application_fields())
    assert application.requested == 150_000 * MAD
    assert application.state == "submitted"
    entry = HistoryEntry.objects.get(action="funding:apply")
    assert entry.after["title"] == "وحدة تثمين زيت الأركان"
    assert services.check_eligibility(call, filed) == []
    with pytest.raises(ValidationFailed) as caught:
        services.apply(representative, call, filed, application_fields())
    assert codes(caught.value) == {"already_applied"}


def test_every_failed_rule_is_named_at_once(ministry_staff, budget_fund, coop_hoceima,
                                            representative):  # fmt: skip
    strict = services.open_call(ministry_staff, budget_fund, call_fields(
        "strict", legal_forms=["association"], regions=["06"], sectors=["social_action"],
        min_age_years=20,
    ))  # fmt: skip
    before = Application.objects.count()
    with pytest.raises(ValidationFailed) as caught:
        services.apply(representative, strict, coop_hoceima, application_fields())
    assert codes(caught.value) == {"call_legal_form", "call_region", "call_sector",
                                   "call_min_age", "call_declaration_missing"}  # fmt: skip
    region = next(e for e in caught.value.errors if e.code == "call_region")
    assert "الجهة 01" in region.message_ar and "région 01" in region.message_fr
    declaration = next(e for e in caught.value.errors if e.code == "call_declaration_missing")
    assert str(TODAY.year - 1) in declaration.message_ar
    assert Application.objects.count() == before


def test_a_body_off_the_register_or_flagged_as_duplicate_cannot_apply(
    call, filed, representative, national_registrar, province_hoceima
):
    from conftest import cooperative_fields, register_reviewed

    # A body unlike it at registration, which a later batch run pairs with it.
    twin = register_reviewed(national_registrar, cooperative_fields(
        province_hoceima, name_ar="تعاونية النخيل", name_fr="Coopérative Nakhil"))  # fmt: skip
    flag_pair(national_registrar, filed, twin, 0.93, ["same_name_across_scripts"], "batch")
    errors = services.check_eligibility(call, filed)
    assert [e.code for e in errors] == ["call_duplicate_flag_open"]
    registry.change_status(national_registrar, filed, "suspended", "تعليق مؤقت")
    with pytest.raises(ValidationFailed) as caught:
        services.apply(representative, call, filed, application_fields())
    assert codes(caught.value) == {"call_not_registered", "call_duplicate_flag_open"}


def test_a_closed_or_future_call_takes_no_application(
    ministry_staff, budget_fund, call, filed, representative
):
    services.close_call(ministry_staff, call)
    with pytest.raises(ValidationFailed) as caught:
        services.apply(representative, call, filed, application_fields())
    assert codes(caught.value) == {"call_not_open"}
    later = services.open_call(ministry_staff, budget_fund, call_fields(
        "later", opens_on=TODAY + dt.timedelta(days=5),
        closes_on=TODAY + dt.timedelta(days=30)))  # fmt: skip
    with pytest.raises(ValidationFailed) as caught:
        services.apply(representative, later, filed, application_fields())
    assert codes(caught.value) == {"call_not_open"}


def test_each_problem_of_the_form_names_its_field(call, filed, representative):
    bad = {
        "title": " ",
        "budget_lines": [{"label": "معدات", "amount": 12.5}, {"label": "", "amount": 100}],
        "outcomes": [{"indicator": "مناصب", "unit": "", "baseline": 3, "target": 3}],
        "minimum": 50,
    }
    with pytest.raises(ValidationFailed) as caught:
        services.apply(representative, call, filed, bad)
    fields = {(e.code, e.field) for e in caught.value.errors}
    assert fields == {
        ("required", "title"), ("amount_invalid", "budget_lines[0].amount"),
        ("required", "budget_lines[1].label"), ("required", "outcomes[0].unit"),
        ("outcome_no_change", "outcomes[0].target"),
        ("minimum_invalid", "minimum"),  # the call does not allow partial funding
    }  # fmt: skip
    with pytest.raises(ValidationFailed) as caught:
        services.apply(representative, call, filed, {"title": "x"})
    assert codes(caught.value) == {"budget_lines_required", "outcomes_required"}


def test_partial_funding_takes_a_minimum_below_the_request(
    ministry_staff, budget_fund, filed, representative
):
    partial = services.open_call(ministry_staff, budget_fund,
                                 call_fields("partial", partial_funding=True))  # fmt: skip
    application = services.apply(representative, partial, filed,
                                 application_fields(minimum=90_000 * MAD))  # fmt: skip
    assert application.minimum == 90_000 * MAD
    services.withdraw(representative, application, "المشروع مؤجل")
    application.refresh_from_db()
    assert application.state == "withdrawn"
    with pytest.raises(DomainError) as caught:
        services.withdraw(representative, application)
    assert caught.value.code == "already_withdrawn"


@pytest.mark.parametrize("role", ["national_registrar", "analyst", "administrator", "funder",
                                  "evaluator", "verifier", "anonymous"])  # fmt: skip
def test_only_the_representative_applies_for_its_body(role, call, filed):
    actor = AnonymousUser() if role == "anonymous" else make_user(f"u_{role}", role)
    with pytest.raises(PermissionDeniedError):
        services.apply(actor, call, filed, application_fields())


@pytest.mark.parametrize("role", ["national_registrar", "analyst", "administrator", "funder",
                                  "representative", "evaluator", "anonymous"])  # fmt: skip
def test_only_the_funds_staff_open_its_calls(role, budget_fund, coop_hoceima):
    extra = {"organization": coop_hoceima} if role == "representative" else {}
    actor = AnonymousUser() if role == "anonymous" else make_user(f"u_{role}", role, **extra)
    with pytest.raises(PermissionDeniedError):
        services.open_call(actor, budget_fund, call_fields())
    assert not Call.objects.exists()


def test_a_call_checks_its_own_fields(ministry_staff, budget_fund):
    with pytest.raises(ValidationFailed) as caught:
        services.open_call(ministry_staff, budget_fund, call_fields(
            closes_on=TODAY - dt.timedelta(days=30), budget=0,
            criteria=[{"code": "x", "name_ar": "", "name_fr": "X", "weight": 1}],
        ))  # fmt: skip
    assert codes(caught.value) == {"call_dates", "amount_invalid", "criterion_invalid"}
