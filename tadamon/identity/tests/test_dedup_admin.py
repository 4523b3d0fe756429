"""The review queue in the back office: who sees which pairs, and confirming or rejecting one."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from conftest import cooperative_fields, make_user
from tadamon.identity import services
from tadamon.identity.models import DuplicateFlag, FlagStatus, reason_label
from tadamon.registry.models import Organization
from tadamon.registry.numbering import next_number

QUEUE = reverse("admin:identity_duplicateflag_changelist")


def review_url(flag) -> str:
    return reverse("admin:identity_duplicateflag_review", args=[flag.pk])


@pytest.fixture
def copy_hoceima(province_hoceima, coop_hoceima):
    fields = cooperative_fields(
        province_hoceima, name_ar="", name_fr="Coopérative Tiganimin d'argan", phone=""
    )
    fields["sector_id"] = fields.pop("sector")
    return Organization.objects.create(
        **fields, status="registered", registry_id=next_number("01", 2022),
        registration_date=dt.date(2022, 3, 1),
    )  # fmt: skip


@pytest.fixture
def flag(coop_hoceima, copy_hoceima):
    reasons = ["same_name_across_scripts", "same_province", "same_legal_form"]
    return services.flag_pair(None, coop_hoceima, copy_hoceima, 0.97, reasons, "batch").flag


@pytest.fixture
def casa_flag(association_casa, province_casablanca):
    other = Organization.objects.create(
        legal_form="association", name_ar="جمعية حي السلام", province=province_casablanca,
        status="submitted",
    )  # fmt: skip
    return services.flag_pair(None, association_casa, other, 0.93, ["same_name"], "import").flag


def signed_in(client, user):
    client.force_login(user)
    return client


def test_the_queue_shows_both_names_and_the_reasons_in_arabic(
    client, national_registrar, flag, casa_flag
):
    page = signed_in(client, national_registrar).get(QUEUE)
    assert page.status_code == 200
    text = page.content.decode()
    assert "تعاونية تيغانيمين للأركان" in text and "Coopérative Tiganimin d&#x27;argan" in text
    with translation.override("ar"):
        assert reason_label("same_name_across_scripts") in text
    assert 'dir="rtl"' in text
    assert review_url(flag) in text and review_url(casa_flag) in text


def test_the_queue_speaks_french_when_asked(client, national_registrar, flag):
    page = signed_in(client, national_registrar).get(QUEUE + "?lang=fr", follow=True)
    assert page.status_code == 200 and 'lang="fr"' in page.content.decode()


def test_a_regional_registrar_sees_only_its_regions_pairs(
    client, registrar_tanger, registrar_casa, flag, casa_flag
):
    text = signed_in(client, registrar_tanger).get(QUEUE).content.decode()
    assert review_url(flag) in text and review_url(casa_flag) not in text
    assert client.get(review_url(casa_flag)).status_code == 403
    client.logout()
    text = signed_in(client, registrar_casa).get(QUEUE).content.decode()
    assert review_url(casa_flag) in text and review_url(flag) not in text


def test_the_queue_filters_by_source(client, national_registrar, flag, casa_flag):
    text = signed_in(client, national_registrar).get(QUEUE + "?source=import").content.decode()
    assert review_url(casa_flag) in text and review_url(flag) not in text


@pytest.mark.parametrize("role", ["analyst", "administrator"])
def test_others_in_the_back_office_do_not_see_the_queue(client, role, flag):
    user = make_user(f"u_{role}", role)
    assert signed_in(client, user).get(QUEUE).status_code == 403
    assert client.get(review_url(flag)).status_code in (403, 404)


def test_anonymous_is_sent_to_log_in(client, flag):
    assert client.get(QUEUE).status_code == 302


def test_a_registrar_rejects_a_pair_with_a_reason(client, registrar_tanger, flag):
    signed_in(client, registrar_tanger)
    page = client.get(review_url(flag))
    assert page.status_code == 200 and "Tiganimin" in page.content.decode()
    answer = client.post(review_url(flag), {"reject": "1", "reject-reason": "هيئتان مختلفتان"})
    assert answer.status_code == 302
    flag.refresh_from_db()
    assert flag.status == FlagStatus.REJECTED and flag.decided_by == registrar_tanger


def test_a_rejection_without_reason_is_refused_on_the_page(client, registrar_tanger, flag):
    signed_in(client, registrar_tanger)
    page = client.post(review_url(flag), {"reject": "1", "reject-reason": ""})
    assert page.status_code == 200
    assert DuplicateFlag.objects.get(pk=flag.pk).status == FlagStatus.OPEN


def test_a_registrar_confirms_and_the_pair_is_merged(
    client, registrar_tanger, flag, coop_hoceima, copy_hoceima
):
    signed_in(client, registrar_tanger)
    answer = client.post(
        review_url(flag),
        {"confirm": "1", "confirm-survivor": str(coop_hoceima.pk), "confirm-reason": "نفس الهيئة"},
    )
    assert answer.status_code == 302
    copy_hoceima.refresh_from_db()
    assert copy_hoceima.status == "merged" and copy_hoceima.merged_into_id == coop_hoceima.pk
    assert DuplicateFlag.objects.get(pk=flag.pk).status == FlagStatus.CONFIRMED
    # Decided: the queue (open by default) no longer lists it.
    assert review_url(flag) not in client.get(QUEUE).content.decode()
