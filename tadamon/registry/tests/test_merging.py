"""Merging two records of one body, and undoing it: service, permissions, back office."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import DAY, FIGURES_MINIMAL, cooperative_fields, make_user, register_reviewed
from tadamon.errors import DomainError, PermissionDeniedError
from tadamon.history.chain import verify_chain
from tadamon.history.models import HistoryEntry
from tadamon.registry import services
from tadamon.registry.models import Declaration, Membership, Merge, Organization
from tadamon.registry.services.merging import (
    declarations_by_year,
    merge_organizations,
    resolve_registry_id,
    surviving_organization,
    unmerge,
)
from tadamon.registry.services.snapshots import (
    declaration_snapshot,
    membership_snapshot,
    organization_snapshot,
)

REASON = "نفس التعاونية مسجلة مرتين"


@pytest.fixture
def duplicate_hoceima(national_registrar, province_hoceima):
    """The same cooperative as coop_hoceima, registered again from a French-only file."""
    return register_reviewed(
        national_registrar,
        cooperative_fields(
            province_hoceima,
            name_ar="",
            name_fr="Coopérative Tighanimine d'argan",
            commune="",
            phone="",
            email="",
            ice="001525796000087",
            external_id="ODCO-4417",
        ),
        "ملف مكرر",
        dt.date(2021, 5, 2),
    )


@pytest.fixture
def coop_casa(national_registrar, province_casablanca):
    return register_reviewed(
        national_registrar,
        cooperative_fields(province_casablanca, name_ar="تعاونية النسيم", name_fr=""),
        "ملف كامل",
        DAY,
    )


def union_in(actor, province, name_ar):
    return register_reviewed(
        actor,
        cooperative_fields(
            province, legal_form="cooperative_union", name_ar=name_ar, name_fr="", sector=None
        ),
        "ملف كامل",
        DAY,
    )


def picture(org):
    """Everything an unmerge must restore: the record, its declarations, its memberships."""
    org = Organization.objects.get(pk=org.pk)
    return {
        "record": organization_snapshot(org),
        "merged_into": org.merged_into_id,
        "declarations": [declaration_snapshot(d) for d in org.declarations.order_by("year")],
        "memberships": [membership_snapshot(m) for m in org.memberships.order_by("pk")],
        "members": [membership_snapshot(m) for m in org.members.order_by("pk")],
    }


def reloaded(org):
    return Organization.objects.get(pk=org.pk)


# --- merging -------------------------------------------------------------------


def test_a_merge_marks_the_absorbed_record_and_keeps_both(
    national_registrar, coop_hoceima, duplicate_hoceima
):
    merge = merge_organizations(national_registrar, coop_hoceima, duplicate_hoceima, reason=REASON)
    absorbed = reloaded(duplicate_hoceima)
    assert absorbed.status == "merged"
    assert absorbed.merged_into == coop_hoceima
    assert absorbed.registry_id == duplicate_hoceima.registry_id  # kept, now leads on
    assert merge.absorbed_status == "registered"
    assert merge.actor == national_registrar
    assert merge.reason == REASON
    assert merge.in_force
    assert reloaded(coop_hoceima).status == "registered"


def test_blank_fields_of_the_survivor_take_the_absorbed_ones(
    national_registrar, duplicate_hoceima, coop_hoceima
):
    # The French-only record survives; the Arabic name and phone come from the other.
    merge = merge_organizations(national_registrar, duplicate_hoceima, coop_hoceima, reason=REASON)
    survivor = reloaded(duplicate_hoceima)
    assert survivor.name_ar == "تعاونية تيغانيمين للأركان"
    assert survivor.name_fr == "Coopérative Tighanimine d'argan"  # its own, not replaced
    assert survivor.phone == coop_hoceima.phone
    assert survivor.external_id == "ODCO-4417"
    assert set(merge.survivor_filled) == {"name_ar", "commune", "phone", "email"}


def test_the_old_number_leads_to_the_survivor(national_registrar, coop_hoceima, duplicate_hoceima):
    merge_organizations(national_registrar, coop_hoceima, duplicate_hoceima, reason=REASON)
    assert resolve_registry_id(duplicate_hoceima.registry_id) == (coop_hoceima, True)
    assert resolve_registry_id(coop_hoceima.registry_id) == (coop_hoceima, False)
    compact = duplicate_hoceima.registry_id.replace("-", "").lower()
    assert resolve_registry_id(compact) == (coop_hoceima, True)


@pytest.mark.parametrize("number", ["01-2020-999999-0", "not a number", ""])
def test_an_unknown_number_is_not_found(db, number):
    with pytest.raises(DomainError) as failure:
        resolve_registry_id(number)
    assert failure.value.code == "organization_not_found"
    assert failure.value.message_ar and failure.value.message_fr


def test_a_chain_of_merges_is_followed_to_the_live_record(
    national_registrar, coop_hoceima, duplicate_hoceima, province_hoceima
):
    third = register_reviewed(
        national_registrar,
        cooperative_fields(province_hoceima, name_ar="تعاونية تغانيمين"),
        "ملف",
        DAY,
    )
    merge_organizations(national_registrar, duplicate_hoceima, third, reason=REASON)
    merge_organizations(national_registrar, coop_hoceima, duplicate_hoceima, reason=REASON)
    assert surviving_organization(reloaded(third)) == coop_hoceima
    assert resolve_registry_id(third.registry_id) == (coop_hoceima, True)


def test_declarations_stay_with_their_record_and_no_year_is_lost(
    national_registrar, coop_hoceima, duplicate_hoceima
):
    services.file_declaration(national_registrar, coop_hoceima, 2022, FIGURES_MINIMAL)
    both_own = services.file_declaration(national_registrar, coop_hoceima, 2023, FIGURES_MINIMAL)
    services.file_declaration(national_registrar, duplicate_hoceima, 2023, {"members_total": 40})
    only_absorbed = services.file_declaration(
        national_registrar, duplicate_hoceima, 2024, {"members_total": 41}
    )
    merge_organizations(national_registrar, coop_hoceima, duplicate_hoceima, reason=REASON)
    assert Declaration.objects.filter(organization=duplicate_hoceima).count() == 2
    by_year = declarations_by_year(coop_hoceima)
    assert sorted(by_year) == [2022, 2023, 2024]
    assert by_year[2023] == both_own  # the survivor's own filing counts for a year both filed
    assert by_year[2024] == only_absorbed


def test_a_merged_record_is_frozen(national_registrar, coop_hoceima, duplicate_hoceima):
    merge_organizations(national_registrar, coop_hoceima, duplicate_hoceima, reason=REASON)
    absorbed = reloaded(duplicate_hoceima)
    attempts = [
        lambda: services.update_organization(national_registrar, absorbed, {"acronym": "X"}),
        lambda: services.file_declaration(national_registrar, absorbed, 2024, FIGURES_MINIMAL),
    ]
    for attempt in attempts:
        with pytest.raises(DomainError) as failure:
            attempt()
        assert failure.value.code == "organization_merged"
    for status in ("registered", "suspended", "dissolved", "struck_off"):
        with pytest.raises(DomainError) as failure:
            services.change_status(national_registrar, absorbed, status, "محاولة")
        assert failure.value.code == "transition_forbidden"


def test_no_lifecycle_move_leads_to_merged(national_registrar, coop_hoceima):
    with pytest.raises(DomainError) as failure:
        services.change_status(national_registrar, coop_hoceima, "merged", "محاولة")
    assert failure.value.code == "transition_forbidden"
    assert "مدمج" in failure.value.message_ar
    assert "Fusionnée" in failure.value.message_fr


# --- rules -------------------------------------------------------------------------


def test_an_organization_cannot_be_merged_into_itself(national_registrar, coop_hoceima):
    with pytest.raises(DomainError) as failure:
        merge_organizations(national_registrar, coop_hoceima, coop_hoceima, reason=REASON)
    assert failure.value.code == "merge_into_itself"


def test_a_reason_is_required(national_registrar, coop_hoceima, duplicate_hoceima):
    with pytest.raises(DomainError) as failure:
        merge_organizations(national_registrar, coop_hoceima, duplicate_hoceima, reason="  ")
    assert failure.value.code == "reason_required"
    assert not Merge.objects.exists()


def test_a_merged_record_cannot_be_merged_again_nor_receive_one(
    national_registrar, coop_hoceima, duplicate_hoceima, province_hoceima
):
    third = register_reviewed(national_registrar, cooperative_fields(province_hoceima), "ملف", DAY)
    merge_organizations(national_registrar, coop_hoceima, duplicate_hoceima, reason=REASON)
    with pytest.raises(DomainError) as failure:
        merge_organizations(national_registrar, third, duplicate_hoceima, reason=REASON)
    assert failure.value.code == "already_merged"
    with pytest.raises(DomainError) as failure:
        merge_organizations(national_registrar, duplicate_hoceima, third, reason=REASON)
    assert failure.value.code == "survivor_merged"
    assert coop_hoceima.registry_id in failure.value.message_fr  # points to where to merge


def test_different_legal_forms_are_refused(national_registrar, coop_hoceima, province_hoceima):
    association = register_reviewed(
        national_registrar,
        cooperative_fields(province_hoceima, legal_form="association", sector=None),
        "ملف",
        DAY,
    )
    with pytest.raises(DomainError) as failure:
        merge_organizations(national_registrar, coop_hoceima, association, reason=REASON)
    assert failure.value.code == "merge_legal_forms_differ"
    assert "جمعية" in failure.value.message_ar
    assert "association" in failure.value.message_fr


def test_an_application_without_a_number_is_refused_not_merged(
    national_registrar, coop_hoceima, province_hoceima
):
    application = services.create_organization(
        national_registrar, cooperative_fields(province_hoceima)
    )
    with pytest.raises(DomainError) as failure:
        merge_organizations(national_registrar, coop_hoceima, application, reason=REASON)
    assert failure.value.code == "merge_not_registered"
    with pytest.raises(DomainError) as failure:
        merge_organizations(national_registrar, application, coop_hoceima, reason=REASON)
    assert failure.value.code == "survivor_not_active"


def test_a_dissolved_body_cannot_survive_but_can_be_absorbed(
    national_registrar, coop_hoceima, duplicate_hoceima
):
    services.change_status(national_registrar, duplicate_hoceima, "dissolved", "حل")
    with pytest.raises(DomainError) as failure:
        merge_organizations(national_registrar, duplicate_hoceima, coop_hoceima, reason=REASON)
    assert failure.value.code == "survivor_not_active"
    merge = merge_organizations(national_registrar, coop_hoceima, duplicate_hoceima, reason=REASON)
    assert merge.absorbed_status == "dissolved"
    unmerge(national_registrar, merge, reason="خطأ")
    assert reloaded(duplicate_hoceima).status == "dissolved"


# --- permissions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("national_registrar", True),
        ("registrar_tanger", True),
        ("registrar_casa", False),
        ("analyst", False),
        ("administrator", False),
        ("representative", False),
        ("anonymous", False),
    ],
)
def test_only_registrars_of_the_region_merge_and_unmerge(
    request, who, allowed, national_registrar, coop_hoceima, duplicate_hoceima
):
    actor = request.getfixturevalue(who)
    if allowed:
        merge = merge_organizations(actor, coop_hoceima, duplicate_hoceima, reason=REASON)
        unmerge(actor, merge, reason="خطأ في الدمج")
        assert reloaded(duplicate_hoceima).status == "registered"
        return
    with pytest.raises(PermissionDeniedError):
        merge_organizations(actor, coop_hoceima, duplicate_hoceima, reason=REASON)
    assert not Merge.objects.exists()
    merge = merge_organizations(national_registrar, coop_hoceima, duplicate_hoceima, reason=REASON)
    with pytest.raises(PermissionDeniedError):
        unmerge(actor, merge, reason="خطأ")
    assert reloaded(duplicate_hoceima).status == "merged"


def test_a_regional_registrar_cannot_merge_across_regions(
    registrar_tanger, registrar_casa, coop_hoceima, coop_casa
):
    for actor in (registrar_tanger, registrar_casa):
        for survivor, absorbed in ((coop_hoceima, coop_casa), (coop_casa, coop_hoceima)):
            with pytest.raises(PermissionDeniedError) as failure:
                merge_organizations(actor, survivor, absorbed, reason=REASON)
            assert "جهته" in failure.value.message_ar


def test_a_regional_registrar_cannot_undo_a_merge_across_regions(
    national_registrar, registrar_tanger, coop_hoceima, coop_casa
):
    merge = merge_organizations(national_registrar, coop_hoceima, coop_casa, reason=REASON)
    with pytest.raises(PermissionDeniedError):
        unmerge(registrar_tanger, merge, reason="خطأ")
    unmerge(national_registrar, merge, reason="خطأ")


def test_an_inactive_registrar_cannot_merge(coop_hoceima, duplicate_hoceima, region_tanger):
    former = make_user("former", "regional_registrar", region=region_tanger, is_active=False)
    with pytest.raises(PermissionDeniedError):
        merge_organizations(former, coop_hoceima, duplicate_hoceima, reason=REASON)


# --- memberships -------------------------------------------------------------------


def test_open_memberships_move_to_the_survivor_and_back(
    national_registrar, coop_hoceima, duplicate_hoceima, province_hoceima
):
    union = union_in(national_registrar, province_hoceima, "اتحاد تعاونيات الريف")
    joined = services.add_membership(national_registrar, duplicate_hoceima, union, DAY)
    merge = merge_organizations(national_registrar, coop_hoceima, duplicate_hoceima, reason=REASON)
    joined.refresh_from_db()
    assert joined.member == coop_hoceima
    assert joined.started_on == DAY  # the body's own joining date
    unmerge(national_registrar, merge, reason="خطأ")
    joined.refresh_from_db()
    assert joined.member_id == duplicate_hoceima.pk


def test_the_members_of_an_absorbed_union_move_to_the_surviving_union(
    national_registrar, coop_hoceima, province_hoceima
):
    union = union_in(national_registrar, province_hoceima, "اتحاد تعاونيات الريف")
    twin = union_in(national_registrar, province_hoceima, "اتحاد تعاونيات منطقة الريف")
    joined = services.add_membership(national_registrar, coop_hoceima, twin, DAY)
    merge = merge_organizations(national_registrar, union, twin, reason=REASON)
    joined.refresh_from_db()
    assert joined.union == union
    moved = HistoryEntry.objects.get(action="membership:move", object_id=str(coop_hoceima.pk))
    assert moved.before["union_id"] == twin.pk and moved.after["union_id"] == union.pk
    unmerge(national_registrar, merge, reason="خطأ")
    joined.refresh_from_db()
    assert joined.union == twin


def test_the_same_membership_twice_stays_on_the_merged_record(
    national_registrar, coop_hoceima, duplicate_hoceima, province_hoceima
):
    union = union_in(national_registrar, province_hoceima, "اتحاد تعاونيات الريف")
    own = services.add_membership(national_registrar, coop_hoceima, union, DAY)
    twice = services.add_membership(national_registrar, duplicate_hoceima, union, DAY)
    merge = merge_organizations(national_registrar, coop_hoceima, duplicate_hoceima, reason=REASON)
    assert merge.moved_memberships == []
    assert Membership.objects.get(pk=own.pk).member == coop_hoceima
    assert Membership.objects.get(pk=twice.pk).member_id == duplicate_hoceima.pk


def test_memberships_in_two_different_unions_are_refused(
    national_registrar, coop_hoceima, duplicate_hoceima, province_hoceima
):
    rif = union_in(national_registrar, province_hoceima, "اتحاد تعاونيات الريف")
    other = union_in(national_registrar, province_hoceima, "اتحاد تعاونيات الأركان")
    services.add_membership(national_registrar, coop_hoceima, rif, DAY)
    services.add_membership(national_registrar, duplicate_hoceima, other, DAY)
    with pytest.raises(DomainError) as failure:
        merge_organizations(national_registrar, coop_hoceima, duplicate_hoceima, reason=REASON)
    assert failure.value.code == "merge_membership_conflict"
    assert "الريف" in failure.value.message_ar


def test_a_merged_union_takes_no_new_members(national_registrar, coop_hoceima, province_hoceima):
    union = union_in(national_registrar, province_hoceima, "اتحاد تعاونيات الريف")
    twin = union_in(national_registrar, province_hoceima, "اتحاد تعاونيات منطقة الريف")
    merge_organizations(national_registrar, union, twin, reason=REASON)
    with pytest.raises(DomainError) as failure:
        services.add_membership(national_registrar, coop_hoceima, reloaded(twin), DAY)
    assert failure.value.code == "union_not_registered"


# --- unmerge ---------------------------------------------------------------------


def test_unmerge_restores_both_records_exactly(
    national_registrar, coop_hoceima, duplicate_hoceima, province_hoceima
):
    union = union_in(national_registrar, province_hoceima, "اتحاد تعاونيات الريف")
    member = register_reviewed(
        national_registrar,
        cooperative_fields(province_hoceima, name_ar="تعاونية أمازيغ", name_fr=""),
        "ملف",
        DAY,
    )
    twin_union = union_in(national_registrar, province_hoceima, "اتحاد تعاونيات منطقة الريف")
    services.add_membership(national_registrar, duplicate_hoceima, union, DAY)
    services.file_declaration(national_registrar, coop_hoceima, 2023, FIGURES_MINIMAL)
    services.file_declaration(national_registrar, duplicate_hoceima, 2023, {"members_total": 40})
    services.file_declaration(national_registrar, duplicate_hoceima, 2024, {"members_total": 41})
    services.add_membership(national_registrar, member, twin_union, DAY)
    parties = [coop_hoceima, duplicate_hoceima, union, twin_union, member]
    before = [picture(org) for org in parties]

    first = merge_organizations(national_registrar, coop_hoceima, duplicate_hoceima, reason=REASON)
    second = merge_organizations(national_registrar, union, twin_union, reason=REASON)
    assert [picture(org) for org in parties] != before
    unmerge(national_registrar, first, reason="ليستا نفس الهيئة")
    unmerge(national_registrar, second, reason="ليسا نفس الاتحاد")

    assert [picture(org) for org in parties] == before
    assert verify_chain().ok


def test_unmerge_records_history_on_both_records(
    national_registrar, coop_hoceima, duplicate_hoceima
):
    merge = merge_organizations(national_registrar, coop_hoceima, duplicate_hoceima, reason=REASON)
    unmerge(national_registrar, merge, reason="ليستا نفس الهيئة")
    for org in (coop_hoceima, duplicate_hoceima):
        actions = list(
            HistoryEntry.objects.filter(object_id=str(org.pk)).values_list("action", flat=True)
        )
        assert actions[-2:] == ["merge", "unmerge"]
    absorbed_entry = HistoryEntry.objects.get(action="merge", object_id=str(duplicate_hoceima.pk))
    assert absorbed_entry.after["merged_into"] == coop_hoceima.registry_id
    assert absorbed_entry.reason == REASON
    merge.refresh_from_db()
    assert merge.undone_by == national_registrar
    assert merge.undo_reason == "ليستا نفس الهيئة"
    assert resolve_registry_id(duplicate_hoceima.registry_id) == (
        reloaded(duplicate_hoceima),
        False,
    )


def test_a_merge_is_undone_only_once(national_registrar, coop_hoceima, duplicate_hoceima):
    merge = merge_organizations(national_registrar, coop_hoceima, duplicate_hoceima, reason=REASON)
    unmerge(national_registrar, merge, reason="خطأ")
    with pytest.raises(DomainError) as failure:
        unmerge(national_registrar, merge, reason="خطأ")
    assert failure.value.code == "merge_already_undone"


def test_a_chain_is_undone_from_its_end(
    national_registrar, coop_hoceima, duplicate_hoceima, province_hoceima
):
    third = register_reviewed(national_registrar, cooperative_fields(province_hoceima), "ملف", DAY)
    inner = merge_organizations(national_registrar, duplicate_hoceima, third, reason=REASON)
    outer = merge_organizations(national_registrar, coop_hoceima, duplicate_hoceima, reason=REASON)
    with pytest.raises(DomainError) as failure:
        unmerge(national_registrar, inner, reason="خطأ")
    assert failure.value.code == "survivor_merged_since"
    unmerge(national_registrar, outer, reason="خطأ")
    unmerge(national_registrar, inner, reason="خطأ")
    assert reloaded(third).status == "registered"


def test_unmerge_keeps_a_filled_field_the_survivor_edited_since(
    national_registrar, duplicate_hoceima, coop_hoceima
):
    merge = merge_organizations(national_registrar, duplicate_hoceima, coop_hoceima, reason=REASON)
    services.update_organization(
        national_registrar, reloaded(duplicate_hoceima), {"phone": "+212 539 000 000"}
    )
    unmerge(national_registrar, merge, reason="خطأ")
    survivor = reloaded(duplicate_hoceima)
    assert survivor.phone == "+212 539 000 000"
    assert survivor.name_ar == ""  # filled by the merge, untouched since: blank again
    entry = HistoryEntry.objects.get(action="unmerge", object_id=str(survivor.pk))
    assert entry.after["kept_since_edited"] == ["phone"]


def test_the_same_pair_can_be_merged_again_after_an_unmerge(
    national_registrar, coop_hoceima, duplicate_hoceima
):
    first = merge_organizations(national_registrar, coop_hoceima, duplicate_hoceima, reason=REASON)
    unmerge(national_registrar, first, reason="خطأ")
    again = merge_organizations(national_registrar, coop_hoceima, duplicate_hoceima, reason=REASON)
    assert again.pk != first.pk and again.in_force


# --- back office -------------------------------------------------------------------


def merge_url(org):
    return reverse("admin:registry_organization_merge", args=[org.pk])


def change_url(org):
    return reverse("admin:registry_organization_change", args=[org.pk])


def test_a_registrar_merges_through_the_back_office(
    client, registrar_tanger, coop_hoceima, duplicate_hoceima
):
    client.force_login(registrar_tanger)
    page = client.get(change_url(duplicate_hoceima))
    assert merge_url(duplicate_hoceima).encode() in page.content

    form = client.get(merge_url(duplicate_hoceima))
    assert form.status_code == 200
    preview = client.post(
        merge_url(duplicate_hoceima),
        {"survivor_registry_id": coop_hoceima.registry_id, "reason": REASON},
    )
    assert preview.status_code == 200
    assert "تعاونية تيغانيمين للأركان".encode() in preview.content  # side by side
    assert b'name="confirm"' in preview.content
    assert not Merge.objects.exists()

    done = client.post(
        merge_url(duplicate_hoceima),
        {"survivor_registry_id": coop_hoceima.registry_id, "reason": REASON, "confirm": "1"},
    )
    assert done.status_code == 302
    assert done.url == change_url(coop_hoceima)
    assert reloaded(duplicate_hoceima).merged_into == coop_hoceima


def test_the_merge_form_shows_the_services_refusal(
    client, registrar_tanger, coop_hoceima, coop_casa
):
    client.force_login(registrar_tanger)
    page = client.post(
        merge_url(coop_hoceima),
        {"survivor_registry_id": coop_casa.registry_id, "reason": REASON, "confirm": "1"},
    )
    assert page.status_code == 200
    assert "جهته".encode() in page.content
    assert not Merge.objects.exists()


def test_the_merge_form_reports_an_unknown_number(client, registrar_tanger, coop_hoceima):
    client.force_login(registrar_tanger)
    page = client.post(
        merge_url(coop_hoceima),
        {"survivor_registry_id": "01-2020-999999-0", "reason": REASON},
    )
    assert page.status_code == 200
    assert b"01-2020-999999-0" in page.content
    assert b"errorlist" in page.content


@pytest.mark.parametrize("who", ["registrar_casa", "analyst", "administrator"])
def test_others_cannot_open_the_merge_view(request, client, who, coop_hoceima):
    client.force_login(request.getfixturevalue(who))
    assert client.get(merge_url(coop_hoceima)).status_code in (403, 302)
    page = client.post(
        merge_url(coop_hoceima),
        {"survivor_registry_id": coop_hoceima.registry_id, "reason": REASON, "confirm": "1"},
    )
    assert page.status_code in (403, 302)
    assert not Merge.objects.exists()


def test_a_merged_record_shows_a_banner_to_its_survivor(
    client, national_registrar, registrar_tanger, coop_hoceima, duplicate_hoceima
):
    merge = merge_organizations(national_registrar, coop_hoceima, duplicate_hoceima, reason=REASON)
    client.force_login(registrar_tanger)
    page = client.get(change_url(duplicate_hoceima))
    assert page.status_code == 200
    content = page.content.decode()
    assert 'id="merged-banner"' in content
    assert change_url(coop_hoceima) in content
    assert reverse("admin:registry_organization_unmerge", args=[merge.pk]) in content
    # read-only: no save button, and a post is refused
    assert 'name="_save"' not in content
    assert merge_url(duplicate_hoceima) not in content


def test_the_survivor_page_lists_its_merges_and_the_absorbed_declarations(
    client, national_registrar, registrar_tanger, coop_hoceima, duplicate_hoceima
):
    services.file_declaration(national_registrar, duplicate_hoceima, 2024, {"members_total": 41})
    merge = merge_organizations(national_registrar, coop_hoceima, duplicate_hoceima, reason=REASON)
    client.force_login(registrar_tanger)
    content = client.get(change_url(coop_hoceima)).content.decode()
    assert 'id="merges"' in content
    assert duplicate_hoceima.registry_id in content
    assert reverse("admin:registry_organization_unmerge", args=[merge.pk]) in content
    assert 'id="merged-declarations"' in content
    assert "2024" in content


def test_a_registrar_unmerges_through_the_back_office(
    client, national_registrar, registrar_tanger, coop_hoceima, duplicate_hoceima
):
    merge = merge_organizations(national_registrar, coop_hoceima, duplicate_hoceima, reason=REASON)
    client.force_login(registrar_tanger)
    url = reverse("admin:registry_organization_unmerge", args=[merge.pk])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200
    assert reloaded(duplicate_hoceima).status == "merged"
    done = client.post(url, {"reason": "ليستا نفس الهيئة"})
    assert done.status_code == 302
    assert done.url == change_url(duplicate_hoceima)
    assert reloaded(duplicate_hoceima).status == "registered"


@pytest.mark.parametrize("who", ["registrar_casa", "analyst"])
def test_others_cannot_unmerge_through_the_back_office(
    request, client, who, national_registrar, coop_hoceima, duplicate_hoceima
):
    merge = merge_organizations(national_registrar, coop_hoceima, duplicate_hoceima, reason=REASON)
    client.force_login(request.getfixturevalue(who))
    url = reverse("admin:registry_organization_unmerge", args=[merge.pk])
    assert client.post(url, {"reason": "خطأ"}).status_code == 403
    assert reloaded(duplicate_hoceima).status == "merged"


def test_the_history_page_names_the_merge_and_the_absorbed_number(
    client, national_registrar, registrar_tanger, coop_hoceima, duplicate_hoceima
):
    merge_organizations(national_registrar, coop_hoceima, duplicate_hoceima, reason=REASON)
    client.force_login(registrar_tanger)
    url = reverse("admin:registry_organization_history", args=[coop_hoceima.pk])
    content = client.get(url + "?lang=fr", follow=True).content.decode()
    row = content[content.index('data-action="merge"') :]
    row = row[: row.index("data-action=", 20)]
    assert duplicate_hoceima.registry_id in row
    assert REASON in content
    assert "merge_id" not in content
