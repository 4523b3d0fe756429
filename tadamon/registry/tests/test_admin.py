"""The back office as a registrar uses it: register, change status, declare, read history."""

import pytest
from django.urls import reverse

from tadamon.history.chain import verify_chain
from tadamon.history.models import HistoryEntry
from tadamon.registry.models import Declaration, Organization

CHANGELIST = "admin:registry_organization_changelist"


def change_url(org):
    return reverse("admin:registry_organization_change", args=[org.pk])


def org_form(org, **overrides):
    data = {
        "legal_form": org.legal_form,
        "name_ar": org.name_ar,
        "name_fr": org.name_fr,
        "acronym": org.acronym,
        "external_id": org.external_id,
        "province": org.province_id,
        "commune": org.commune,
        "address": org.address,
        "sector": org.sector_id or "",
        "activity": org.activity,
        "founding_date": org.founding_date.isoformat() if org.founding_date else "",
        "registration_date": org.registration_date.isoformat() if org.registration_date else "",
        "public_utility_date": "",
        "ice": org.ice,
        "phone": org.phone,
        "email": org.email,
        "website": org.website,
        # empty inline formsets
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "declarations-TOTAL_FORMS": "0",
        "declarations-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


@pytest.fixture
def as_tanger(client, registrar_tanger):
    client.force_login(registrar_tanger)
    return client


def test_the_back_office_is_arabic_and_right_to_left_by_default(as_tanger):
    page = as_tanger.get(reverse(CHANGELIST))
    assert page.status_code == 200
    assert b'lang="ar" dir="rtl"' in page.content


def test_the_back_office_switches_to_french(as_tanger):
    switch = as_tanger.get(reverse(CHANGELIST) + "?lang=fr")
    assert switch.status_code == 302
    assert switch.url == reverse(CHANGELIST)
    page = as_tanger.get(switch.url)
    assert b'lang="fr" dir="ltr"' in page.content
    assert b"Organisation" in page.content or b"organisation" in page.content


def test_a_registrar_registers_an_organization_through_the_add_form(as_tanger):
    response = as_tanger.post(
        reverse("admin:registry_organization_add"),
        {
            "legal_form": "cooperative",
            "name_ar": "تعاونية أيت باها للأركان",
            "name_fr": "Coopérative Aït Baha",
            "province": "051",
            "sector": "argan",
            "founding_date": "2019-04-02",
            "phone": "0600000000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    org = Organization.objects.get(name_ar="تعاونية أيت باها للأركان")
    assert org.status == "submitted"
    assert HistoryEntry.objects.filter(object_id=str(org.pk), action="create").exists()


def test_the_add_form_shows_rule_errors_next_to_the_field(as_tanger):
    response = as_tanger.post(
        reverse("admin:registry_organization_add"),
        {
            "legal_form": "cooperative",
            "name_ar": "",
            "name_fr": "",
            "province": "051",
            "ice": "001561191000065",
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "ice" in errors
    assert "name_ar" in errors
    assert not Organization.objects.exists()


def test_a_regional_registrar_cannot_register_in_another_region(as_tanger):
    response = as_tanger.post(
        reverse("admin:registry_organization_add"),
        {"legal_form": "association", "name_ar": "جمعية الأمل", "province": "141"},
    )
    assert response.status_code == 200
    assert "province" in response.context["adminform"].form.errors
    assert not Organization.objects.exists()


def test_the_lifecycle_buttons_and_status_form(as_tanger, coop_hoceima):
    page = as_tanger.get(change_url(coop_hoceima))
    assert page.status_code == 200
    actions = [code for _url, _label, code in page.context["lifecycle_actions"]]
    assert actions == ["suspended", "dissolved", "struck_off"]
    status_url = reverse("admin:registry_organization_status", args=[coop_hoceima.pk])
    refused = as_tanger.post(
        status_url, {"to_status": "suspended", "effective_on": "2024-01-01", "reason": ""}
    )
    assert refused.status_code == 200
    assert "reason" in refused.context["form"].errors
    done = as_tanger.post(
        status_url,
        {
            "to_status": "suspended",
            "effective_on": "2024-01-01",
            "reason": "عدم إيداع التقارير السنوية",
        },
    )
    assert done.status_code == 302
    coop_hoceima.refresh_from_db()
    assert coop_hoceima.status == "suspended"


def test_a_forbidden_move_is_not_offered_nor_accepted(as_tanger, coop_hoceima):
    status_url = reverse("admin:registry_organization_status", args=[coop_hoceima.pk])
    response = as_tanger.post(
        status_url, {"to_status": "submitted", "effective_on": "2024-01-01", "reason": "x"}
    )
    assert response.status_code == 200
    assert "to_status" in response.context["form"].errors


def test_an_edit_and_a_declaration_through_the_change_form(as_tanger, coop_hoceima):
    data = org_form(
        coop_hoceima,
        activity="إنتاج زيت الأركان",
        **{
            "declarations-TOTAL_FORMS": "1",
            "declarations-0-year": "2023",
            "declarations-0-members_total": "30",
            "declarations-0-members_women": "28",
            "declarations-0-members_youth": "5",
        },
    )
    response = as_tanger.post(change_url(coop_hoceima), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    coop_hoceima.refresh_from_db()
    assert coop_hoceima.activity == "إنتاج زيت الأركان"
    assert Declaration.objects.get(organization=coop_hoceima, year=2023).members_women == 28
    assert verify_chain().ok


def test_a_declaration_breaking_a_rule_is_shown_on_its_row(as_tanger, coop_hoceima):
    data = org_form(
        coop_hoceima,
        **{
            "declarations-TOTAL_FORMS": "1",
            "declarations-0-year": "2023",
            "declarations-0-members_total": "10",
            "declarations-0-members_women": "12",
        },
    )
    response = as_tanger.post(change_url(coop_hoceima), data)
    assert response.status_code == 200
    inline_errors = response.context["inline_admin_formsets"][1].formset.errors
    assert "members_women" in inline_errors[0]
    assert not Declaration.objects.exists()


def test_the_history_page_lists_every_change(as_tanger, coop_hoceima):
    page = as_tanger.get(reverse("admin:registry_organization_history", args=[coop_hoceima.pk]))
    assert page.status_code == 200
    actions = [row.entry.action for row in page.context["rows"]]
    assert actions == ["status:registered", "create"]
    assert "تعاونية تيغانيمين للأركان" in page.content.decode()


def test_another_regions_registrar_cannot_open_the_change_form(
    client, registrar_casa, coop_hoceima
):
    client.force_login(registrar_casa)
    page = client.get(change_url(coop_hoceima))
    assert page.status_code == 403 or b"readonly" in page.content
    response = client.post(change_url(coop_hoceima), org_form(coop_hoceima, name_ar="مزور"))
    assert response.status_code == 403
    coop_hoceima.refresh_from_db()
    assert coop_hoceima.name_ar == "تعاونية تيغانيمين للأركان"
    status = client.post(
        reverse("admin:registry_organization_status", args=[coop_hoceima.pk]),
        {"to_status": "suspended", "effective_on": "2024-01-01", "reason": "x"},
    )
    assert status.status_code == 403


def test_an_analyst_reads_but_cannot_change_or_see_private_fields(client, analyst, coop_hoceima):
    client.force_login(analyst)
    assert client.get(reverse(CHANGELIST)).status_code == 200
    page = client.get(change_url(coop_hoceima))
    assert page.status_code == 200
    assert b"+212 600 000 001" not in page.content
    assert client.post(change_url(coop_hoceima), org_form(coop_hoceima)).status_code == 403
    history = client.get(reverse("admin:registry_organization_history", args=[coop_hoceima.pk]))
    assert history.status_code == 200
    assert "تعاونية تيغانيمين للأركان" in history.content.decode()
    assert b"+212 600 000 001" not in history.content
    assert b"contact@tighanimine.ma" not in history.content


def test_nobody_can_delete_an_organization(as_tanger, coop_hoceima, client, national_registrar):
    delete_url = reverse("admin:registry_organization_delete", args=[coop_hoceima.pk])
    assert as_tanger.post(delete_url, {"post": "yes"}).status_code == 403
    client.force_login(national_registrar)
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Organization.objects.filter(pk=coop_hoceima.pk).exists()


def test_the_list_filters_by_region_and_searches_arabic(as_tanger, coop_hoceima, association_casa):
    page = as_tanger.get(reverse(CHANGELIST), {"region": "06"})
    assert list(page.context["cl"].result_list) == [association_casa]
    page = as_tanger.get(reverse(CHANGELIST), {"q": "تيغانيمين"})
    assert list(page.context["cl"].result_list) == [coop_hoceima]


def test_a_representative_and_a_visitor_do_not_enter_the_back_office(client, representative):
    assert client.get(reverse(CHANGELIST)).status_code == 302
    client.force_login(representative)
    assert client.get(reverse(CHANGELIST)).status_code == 302
