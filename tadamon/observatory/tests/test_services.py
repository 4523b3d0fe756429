"""Analysts define indicators and validation rules; every other role is refused; the
history records each definition and change; the validation report and the targets'
assessment on hand-built declarations."""

from __future__ import annotations

import pytest

from tadamon.errors import PermissionDeniedError, ValidationFailed
from tadamon.history.models import HistoryEntry
from tadamon.observatory import engine, services, targets
from tadamon.observatory.models import Indicator, Target, ValidationRule
from tadamon.observatory.validation import violations
from tadamon.registry.services.declarations import file_declaration

pytestmark = pytest.mark.django_db

SHARE = {
    "code": "beneficiaries_women_share",
    "name_ar": "حصة النساء من المستفيدين",
    "name_fr": "Part des femmes parmi les bénéficiaires",
    "definition_ar": "المستفيدات مقسومات على المستفيدين",
    "definition_fr": "Bénéficiaires femmes divisées par l'ensemble des bénéficiaires",
    "numerator": "beneficiaries[sex=female]",
    "denominator": "beneficiaries",
    "factor": 100,
    "unit": "percent",
    "decimals": 1,
    "group": "members",
}


def test_an_analyst_defines_an_indicator_and_the_history_keeps_it(analyst):
    indicator = services.define_indicator(analyst, dict(SHARE))
    assert indicator.pk and indicator.built_in is False
    entry = HistoryEntry.objects.get(object_type="indicator", object_id=SHARE["code"])
    assert entry.action == "indicator:define" and entry.after["numerator"] == SHARE["numerator"]


@pytest.mark.parametrize(
    "role",
    [
        "national_registrar",
        "registrar_tanger",
        "administrator",
        "representative",
        "anonymous",
    ],
)
def test_every_other_role_is_refused(request, role):
    actor = request.getfixturevalue(role)
    with pytest.raises(PermissionDeniedError) as refused:
        services.define_indicator(actor, dict(SHARE))
    assert "المحللين" in refused.value.message_ar and "analystes" in refused.value.message_fr
    assert not Indicator.objects.filter(code=SHARE["code"]).exists()
    with pytest.raises(PermissionDeniedError):
        services.update_indicator(actor, Indicator.objects.get(code="jobs"), {"factor": 2})


def test_a_bad_formula_is_refused_with_its_field_and_nothing_is_written(analyst):
    entries = HistoryEntry.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        services.define_indicator(
            analyst, {**SHARE, "numerator": "beneficiaries[sex=woman]", "denominator": "(jobs"}
        )
    fields = {e.field for e in refused.value.errors}
    assert fields == {"numerator", "denominator"}
    assert "woman" in refused.value.message_ar and "female" in refused.value.message_fr
    assert HistoryEntry.objects.count() == entries
    assert not Indicator.objects.filter(code=SHARE["code"]).exists()


def test_an_update_keeps_the_code_and_records_before_and_after(analyst):
    jobs = Indicator.objects.get(code="jobs")
    services.update_indicator(analyst, jobs, {"numerator": "jobs[type=permanent]"})
    entry = HistoryEntry.objects.get(object_type="indicator", action="indicator:update")
    assert entry.before == {"numerator": "jobs"}
    assert entry.after == {"numerator": "jobs[type=permanent]"}
    with pytest.raises(Exception) as refused:
        services.update_indicator(analyst, jobs, {"code": "emplois"})
    assert getattr(refused.value, "code", "") == "indicator_code_fixed"


def test_a_disparity_needs_a_ratio_with_a_denominator(analyst):
    with pytest.raises(ValidationFailed) as refused:
        services.define_indicator(
            analyst,
            {
                **{k: v for k, v in SHARE.items() if k not in ("numerator", "denominator")},
                "code": "jobs_cv",
                "kind": "cv",
                "of_indicator": Indicator.objects.get(code="jobs"),
            },
        )
    assert refused.value.errors[0].code == "disparity_needs_ratio"


def test_rules_are_checked_and_counted_per_territory(
    analyst, national_registrar, coop_hoceima, association_casa
):
    # Value added above revenue plus subsidies: allowed at filing, flagged by the rule.
    file_declaration(
        national_registrar,
        coop_hoceima,
        2024,
        {"revenue_mad": 100, "subsidies_mad": 50, "value_added_mad": 400, "members_total": 3},
    )
    file_declaration(
        national_registrar, association_casa, 2024, {"revenue_mad": 100, "value_added_mad": 90}
    )
    reports = {r.rule.code: r for r in violations(2024)}
    value_added = reports["value_added_within_revenue_and_subsidies"]
    # The association's subsidies are blank: the rule cannot be checked there.
    assert value_added.checked == 1 and value_added.violations == 1
    assert value_added.by_territory == {"051": 1, "01": 1}
    five = reports["cooperative_has_five_members"]
    assert five.checked == 1 and five.violations == 1
    only_casa = {r.rule.code: r for r in violations(2024, "06")}
    assert only_casa["value_added_within_revenue_and_subsidies"].violations == 0

    with pytest.raises(ValidationFailed) as refused:
        services.save_rule(
            analyst,
            ValidationRule(),
            {
                "code": "x",
                "name_ar": "قاعدة",
                "name_fr": "règle",
                "left": "members",
                "operator": "<=",
                "right": "import os",
            },
        )
    assert {e.field for e in refused.value.errors} == {"left", "right"}
    rule = services.save_rule(
        analyst,
        ValidationRule(),
        {
            "code": "youth_within_women",
            "name_ar": "الشباب",
            "name_fr": "jeunes",
            "left": "members_youth",
            "operator": "<=",
            "right": "members_total - 1",
        },
    )
    assert HistoryEntry.objects.filter(object_type="validation_rule", object_id=rule.code).exists()


def test_a_target_is_assessed_from_the_actual_path(national_registrar, coop_hoceima):
    for year, members in ((2023, 100), (2024, 110), (2025, 121)):
        file_declaration(national_registrar, coop_hoceima, year, {"members_total": members})
    target = Target.objects.create(
        code="members_1000",
        indicator=Indicator.objects.get(code="members"),
        statement_ar="ألف عضو",
        statement_fr="Mille membres",
        target_value=1000,
        target_year=2030,
        source="test",
    )
    status = targets.assess(target, [2023, 2024, 2025])
    assert status.actual == [(2023, 100), (2024, 110), (2025, 121)]
    assert status.trend_growth == pytest.approx(0.1)
    assert status.required_growth == pytest.approx((1000 / 121) ** (1 / 5) - 1)
    # 121 × 1.1^n ≥ 1000 from n = 23 (2048): long after 2030.
    assert status.year_reached == 2048 and status.status == "off_track"
    assert status.required_path[0] == (2025, 121)
    assert status.required_path[-1][1] == pytest.approx(1000)

    easy = Target.objects.create(
        code="members_150",
        indicator=Indicator.objects.get(code="members"),
        statement_ar="150",
        statement_fr="150",
        target_value=150,
        target_year=2030,
        source="test",
    )
    assert targets.assess(easy, [2023, 2024, 2025]).year_reached == 2028
    assert targets.assess(easy, [2023, 2024, 2025]).status == "on_track"


def test_built_in_targets_come_with_their_sources():
    codes = {t.code: t for t in Target.objects.select_related("indicator")}
    gdp = codes["government_sse_gdp_8pct_2035"]
    assert (gdp.target_value, gdp.target_year, gdp.indicator.code) == (8, 2035, "sse_gdp_share")
    assert gdp.baseline_value == 2 and gdp.baseline_year == 2018
    assert codes["government_sse_jobs_50k_per_year_2035"].indicator.code == "jobs_created"
    value_added = codes["nmd_social_economy_value_added_8pct_2035"]
    assert value_added.indicator.code == "sse_value_added_share"
    assert "CSMD" in value_added.source
    # Its denominator (the economy's gross value added) is not loaded: no value, said so.
    status = targets.assess(value_added, engine.periods())
    assert status.status == "not_assessable" and status.reason == "no_actual_value"
