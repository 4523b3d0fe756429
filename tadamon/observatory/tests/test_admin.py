"""The back office as an analyst uses it: refine an indicator, see a formula error next
to its field; registrars only read; nobody deletes."""

import pytest
from django.urls import reverse

from tadamon.history.models import HistoryEntry
from tadamon.observatory.models import Indicator

pytestmark = pytest.mark.django_db


def indicator_form(indicator: Indicator, **overrides) -> dict:
    data = {
        "name_ar": indicator.name_ar,
        "name_fr": indicator.name_fr,
        "definition_ar": indicator.definition_ar,
        "definition_fr": indicator.definition_fr,
        "kind": indicator.kind,
        "numerator": indicator.numerator,
        "denominator": indicator.denominator,
        "factor": indicator.factor,
        "of_indicator": indicator.of_indicator_id or "",
        "unit": indicator.unit,
        "decimals": indicator.decimals,
        "group": indicator.group,
    }
    data.update(overrides)
    return data


def test_an_analyst_refines_an_indicator_in_the_back_office(client, analyst):
    client.force_login(analyst)
    share = Indicator.objects.get(code="members_youth_share")
    url = reverse("admin:observatory_indicator_change", args=[share.pk])
    assert client.get(url).status_code == 200
    answer = client.post(
        url, indicator_form(share, definition_ar="الأعضاء دون 35 سنة مقسومون على كل الأعضاء")
    )
    assert answer.status_code == 302
    share.refresh_from_db()
    assert share.definition_ar.startswith("الأعضاء دون 35")
    assert HistoryEntry.objects.filter(action="indicator:update", object_id=share.code).exists()


def test_a_formula_error_shows_next_to_its_field_and_nothing_changes(client, analyst):
    client.force_login(analyst)
    share = Indicator.objects.get(code="members_youth_share")
    url = reverse("admin:observatory_indicator_change", args=[share.pk])
    answer = client.post(url, indicator_form(share, numerator="members[age=old]"))
    assert answer.status_code == 200
    errors = answer.context["adminform"].form.errors
    assert "numerator" in errors and "youth" in errors["numerator"][0]
    share.refresh_from_db()
    assert share.numerator == "members[age=youth]"
    assert not HistoryEntry.objects.filter(object_type="indicator").exists()


def test_registrars_read_and_nobody_deletes(client, national_registrar, analyst):
    share = Indicator.objects.get(code="members_youth_share")
    change = reverse("admin:observatory_indicator_change", args=[share.pk])
    delete = reverse("admin:observatory_indicator_delete", args=[share.pk])
    client.force_login(national_registrar)
    assert client.get(change).status_code == 200  # the read-only view
    assert client.post(change, indicator_form(share, factor=7)).status_code == 403
    assert client.get(reverse("admin:observatory_indicator_add")).status_code == 403
    client.force_login(analyst)
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Indicator.objects.get(pk=share.pk).factor == 100
