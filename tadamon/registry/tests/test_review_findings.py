"""Bad cases found in review: each one failed (or leaked) before its fix."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import DAY, FIGURES_MINIMAL, cooperative_fields, register_reviewed
from tadamon.accounts.models import User
from tadamon.errors import DomainError
from tadamon.history.chain import verify_chain
from tadamon.history.models import ChainHead, HistoryEntry
from tadamon.registry import services
from tadamon.registry.history_display import history_rows
from tadamon.registry.models import Declaration, Membership

CHANGELIST = "admin:registry_organization_changelist"


def test_private_fields_cannot_be_probed_through_list_filters(client, analyst, coop_hoceima):
    client.force_login(analyst)
    probe = client.get(reverse(CHANGELIST), {"phone__startswith": "+212 600"})
    assert probe.status_code != 200 or coop_hoceima not in probe.context["cl"].result_list
    probe = client.get(reverse(CHANGELIST), {"email__startswith": "contact@"})
    assert probe.status_code != 200 or coop_hoceima not in probe.context["cl"].result_list


def test_a_refused_application_is_struck_off_without_a_number(registrar_tanger, province_hoceima):
    org = services.create_organization(registrar_tanger, cooperative_fields(province_hoceima))
    org = services.change_status(registrar_tanger, org, "struck_off", "ملف ناقص", DAY)
    assert (org.status, org.registry_id) == ("struck_off", None)


def test_the_language_switch_never_leaves_the_site(rf):
    from tadamon.portal.middleware import DefaultArabicLocaleMiddleware

    request = rf.get("/", {"lang": "fr"})
    request.path = "//evil.example/"  # what a crafted link puts in the path
    response = DefaultArabicLocaleMiddleware(lambda r: None)(request)
    assert response.status_code == 302
    assert response["Location"] == "/evil.example/"


def test_a_status_change_cannot_be_dated_before_the_previous_one(coop_hoceima, registrar_tanger):
    services.change_status(registrar_tanger, coop_hoceima, "suspended", "سبب", dt.date(2024, 5, 1))
    with pytest.raises(DomainError) as failure:
        services.change_status(
            registrar_tanger, coop_hoceima, "registered", "سبب", dt.date(2016, 1, 1)
        )
    assert failure.value.code == "effective_before_last_change"


def test_the_number_year_follows_the_registration_date(registrar_tanger, province_hoceima):
    org = services.create_organization(registrar_tanger, cooperative_fields(province_hoceima))
    org = services.change_status(registrar_tanger, org, "registered", "سبب", dt.date(2016, 3, 1))
    assert org.registry_id.startswith("01-2016-")
    assert org.registration_date == dt.date(2016, 3, 1)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("NaN", "not_a_number"),
        ("1e20", "figure_too_large"),
        ("12.9", "not_a_whole_number"),
        ("Infinity", "not_a_number"),
    ],
)
def test_impossible_figures_get_a_named_error(coop_hoceima, representative, value, code):
    field = "revenue_mad" if code == "figure_too_large" else "members_total"
    with pytest.raises(DomainError) as failure:
        services.file_declaration(representative, coop_hoceima, 2023, {field: value})
    assert (failure.value.code, failure.value.field) == (code, field)
    assert not Declaration.objects.exists()


def test_a_date_given_as_text_is_refused_clearly(registrar_tanger, province_hoceima):
    with pytest.raises(DomainError) as failure:
        services.create_organization(
            registrar_tanger, cooperative_fields(province_hoceima, founding_date="01/06/2015")
        )
    assert (failure.value.code, failure.value.field) == ("date_invalid", "founding_date")


@pytest.fixture
def union(national_registrar, province_hoceima):
    return register_reviewed(
        national_registrar,
        cooperative_fields(
            province_hoceima, legal_form="cooperative_union", name_ar="اتحاد تعاونيات الريف"
        ),
        "ملف",
        DAY,
    )


def test_a_legal_form_change_may_not_break_a_membership(coop_hoceima, union, national_registrar):
    services.add_membership(national_registrar, coop_hoceima, union, DAY)
    with pytest.raises(DomainError) as failure:
        services.update_organization(national_registrar, union, {"legal_form": "association"})
    assert failure.value.code == "not_a_union"
    with pytest.raises(DomainError):
        services.update_organization(national_registrar, coop_hoceima, {"legal_form": "federation"})


def test_a_submitted_union_takes_no_members(coop_hoceima, national_registrar, province_hoceima):
    pending = services.create_organization(
        national_registrar,
        cooperative_fields(province_hoceima, legal_form="cooperative_union", name_ar="اتحاد"),
    )
    with pytest.raises(DomainError) as failure:
        services.add_membership(national_registrar, coop_hoceima, pending, DAY)
    assert failure.value.code == "union_not_registered"


def test_a_membership_cannot_end_in_the_future(coop_hoceima, union, national_registrar):
    membership = services.add_membership(national_registrar, coop_hoceima, union, DAY)
    with pytest.raises(DomainError):
        services.end_membership(
            national_registrar, membership, dt.date.today() + dt.timedelta(days=10)
        )


def test_the_inline_records_a_past_membership_with_its_end(
    client, national_registrar, coop_hoceima, union
):
    from tadamon.registry.tests.test_admin import org_form

    client.force_login(national_registrar)
    data = org_form(
        coop_hoceima,
        **{
            "memberships-TOTAL_FORMS": "1",
            "memberships-0-union": str(union.pk),
            "memberships-0-started_on": "2020-04-01",
            "memberships-0-ended_on": "2021-01-01",
        },
    )
    response = client.post(
        reverse("admin:registry_organization_change", args=[coop_hoceima.pk]), data
    )
    assert response.status_code == 302
    membership = Membership.objects.get()
    assert membership.ended_on == dt.date(2021, 1, 1)


def test_the_inline_refuses_to_move_a_declaration_to_another_year(
    client, national_registrar, coop_hoceima
):
    from tadamon.registry.tests.test_admin import org_form

    declaration = services.file_declaration(national_registrar, coop_hoceima, 2022, FIGURES_MINIMAL)
    client.force_login(national_registrar)
    data = org_form(
        coop_hoceima,
        **{
            "declarations-TOTAL_FORMS": "1",
            "declarations-INITIAL_FORMS": "1",
            "declarations-0-id": str(declaration.pk),
            "declarations-0-organization": str(coop_hoceima.pk),
            "declarations-0-year": "2023",
            "declarations-0-members_total": "12",
        },
    )
    response = client.post(
        reverse("admin:registry_organization_change", args=[coop_hoceima.pk]), data
    )
    assert response.status_code == 200
    assert list(Declaration.objects.values_list("year", flat=True)) == [2022]


def test_an_administrator_does_not_read_registry_history(client, administrator, coop_hoceima):
    client.force_login(administrator)
    url = reverse("admin:registry_organization_history", args=[coop_hoceima.pk])
    assert client.get(url).status_code == 403


def test_a_bad_id_in_an_admin_address_is_not_found(client, national_registrar, db):
    client.force_login(national_registrar)
    assert client.get("/admin/registry/organization/abc/history/").status_code == 404
    # The status address takes only numbers; anything else falls to the admin's "not found".
    assert client.get("/admin/registry/organization/abc/status/", follow=True).status_code == 200


def test_a_password_reset_enters_the_history(client, administrator, analyst):
    client.force_login(administrator)
    url = reverse("admin:auth_user_password_change", args=[analyst.pk])
    response = client.post(
        url, {"password1": "Nouveau-Mot-2026!", "password2": "Nouveau-Mot-2026!"}
    )
    assert response.status_code == 302
    entry = HistoryEntry.objects.get(action="account:password")
    assert entry.object_id == str(analyst.pk)
    assert entry.actor == administrator
    assert User.objects.get(pk=analyst.pk).check_password("Nouveau-Mot-2026!")


def test_zero_figures_show_in_the_history(coop_hoceima, representative):
    services.file_declaration(
        representative, coop_hoceima, 2023, {"members_total": 8, "members_women": 0}
    )
    row = history_rows(HistoryEntry.objects.filter(action="declaration:file"))[0]
    assert {change.after for change in row.changes} >= {0, 8}


def test_a_deleted_chain_head_is_reported(coop_hoceima):
    ChainHead.objects.all().delete()
    report = verify_chain()
    assert not report.ok
    assert "head" in report.problem


def test_a_new_membership_cannot_overlap_the_previous_one(coop_hoceima, union, national_registrar):
    first = services.add_membership(national_registrar, coop_hoceima, union, DAY)
    services.end_membership(national_registrar, first, dt.date(2022, 12, 31))
    with pytest.raises(DomainError) as failure:
        services.add_membership(national_registrar, coop_hoceima, union, dt.date(2022, 6, 1))
    assert failure.value.code == "membership_overlaps"
    services.add_membership(national_registrar, coop_hoceima, union, dt.date(2023, 1, 1))
