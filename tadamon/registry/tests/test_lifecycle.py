import datetime as dt

import pytest

from conftest import DAY, cooperative_fields
from tadamon.errors import DomainError, PermissionDeniedError
from tadamon.history.models import HistoryEntry
from tadamon.registry import services
from tadamon.registry.models import StatusChange
from tadamon.registry.numbering import normalize_number


def test_a_submitted_organization_has_no_registry_number(registrar_tanger, province_hoceima):
    org = services.create_organization(registrar_tanger, cooperative_fields(province_hoceima))
    assert org.status == "submitted"
    assert org.registry_id is None


def test_registration_gives_a_valid_number_of_the_region_and_year(
    registrar_tanger, province_hoceima
):
    org = services.create_organization(registrar_tanger, cooperative_fields(province_hoceima))
    org = services.change_status(registrar_tanger, org, "registered", "الملف كامل", DAY)
    assert org.status == "registered"
    assert org.registry_id.startswith("01-2020-")
    assert normalize_number(org.registry_id) == org.registry_id
    assert org.registration_date == DAY


def test_it_moves_through_suspension_and_back_then_dissolution(coop_hoceima, registrar_tanger):
    number = coop_hoceima.registry_id
    org = services.change_status(registrar_tanger, coop_hoceima, "suspended", "عدم إيداع التقارير")
    org = services.change_status(registrar_tanger, org, "registered", "تمت التسوية")
    org = services.change_status(registrar_tanger, org, "dissolved", "قرار الجمع العام")
    org = services.change_status(registrar_tanger, org, "struck_off", "انتهت التصفية")
    assert org.registry_id == number  # reinstatement keeps the number
    moves = list(org.status_changes.values_list("from_status", "to_status"))
    assert moves == [
        ("submitted", "registered"),
        ("registered", "suspended"),
        ("suspended", "registered"),
        ("registered", "dissolved"),
        ("dissolved", "struck_off"),
    ]
    last = org.status_changes.last()
    assert last.actor == registrar_tanger
    assert last.reason == "انتهت التصفية"


@pytest.mark.parametrize(
    ("path", "forbidden"),
    [
        ([], "suspended"),  # submitted → suspended
        (["registered", "dissolved"], "registered"),  # dissolved → registered
        (["registered", "struck_off"], "registered"),  # struck off is final
        (["registered"], "submitted"),
    ],
)
def test_a_forbidden_transition_is_refused_in_arabic_and_french(
    registrar_tanger, province_hoceima, path, forbidden
):
    org = services.create_organization(registrar_tanger, cooperative_fields(province_hoceima))
    for status in path:
        org = services.change_status(registrar_tanger, org, status, "سبب", DAY)
    entries_before = HistoryEntry.objects.count()
    with pytest.raises(DomainError) as failure:
        services.change_status(registrar_tanger, org, forbidden, "سبب", DAY)
    assert failure.value.code == "transition_forbidden"
    assert "لا يمكن نقل هيئة" in failure.value.message_ar
    assert "ne peut pas passer" in failure.value.message_fr
    org.refresh_from_db()
    assert org.status == (path[-1] if path else "submitted")
    assert HistoryEntry.objects.count() == entries_before


def test_a_status_change_needs_a_reason(coop_hoceima, registrar_tanger):
    with pytest.raises(DomainError) as failure:
        services.change_status(registrar_tanger, coop_hoceima, "suspended", "   ")
    assert failure.value.code == "reason_required"
    assert StatusChange.objects.filter(organization=coop_hoceima).count() == 1


def test_a_status_change_cannot_take_effect_in_the_future(coop_hoceima, registrar_tanger):
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(DomainError) as failure:
        services.change_status(registrar_tanger, coop_hoceima, "suspended", "سبب", tomorrow)
    assert failure.value.field == "effective_on"


def test_another_regions_registrar_cannot_change_the_status(coop_hoceima, registrar_casa):
    with pytest.raises(PermissionDeniedError):
        services.change_status(registrar_casa, coop_hoceima, "suspended", "سبب")
    coop_hoceima.refresh_from_db()
    assert coop_hoceima.status == "registered"


def test_the_history_records_the_transition_with_its_reason(coop_hoceima, registrar_tanger):
    services.change_status(registrar_tanger, coop_hoceima, "suspended", "عدم أداء الواجبات", DAY)
    entry = HistoryEntry.objects.filter(object_id=str(coop_hoceima.pk)).last()
    assert entry.action == "status:suspended"
    assert entry.actor == registrar_tanger
    assert entry.reason == "عدم أداء الواجبات"
    assert entry.before == {"status": "registered"}
    assert entry.after["status"] == "suspended"
    assert entry.after["effective_on"] == DAY.isoformat()
