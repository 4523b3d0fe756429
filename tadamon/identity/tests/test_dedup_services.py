"""Duplicate flags: raising, confirming (a merge) and rejecting them, for every role."""

import datetime as dt

import pytest

from conftest import cooperative_fields, make_user
from tadamon.errors import DomainError, PermissionDeniedError
from tadamon.history.chain import verify_chain
from tadamon.history.models import HistoryEntry
from tadamon.identity import services
from tadamon.identity.models import DuplicateFlag, FlagStatus
from tadamon.registry.models import Organization
from tadamon.registry.numbering import next_number
from tadamon.territory.models import Province

REASON = "نفس التعاونية مسجلة مرتين"
REASONS = ["same_name_across_scripts", "same_province"]


def filed(province, registered=False, **fields) -> Organization:
    """A record as it sits in the registry, written directly: the registration check
    (which raises its own flags) is not what these tests are about."""
    fields = {**cooperative_fields(province, **fields), "status": "submitted"}
    fields["sector_id"] = fields.pop("sector")
    if registered:
        fields["status"] = "registered"
        fields["registry_id"] = next_number(province.region_id, 2021)
        fields["registration_date"] = dt.date(2021, 5, 4)
    return Organization.objects.create(**fields)


@pytest.fixture
def copy_hoceima(province_hoceima, coop_hoceima):
    """The cooperative of coop_hoceima registered again, from a French-only file."""
    return filed(
        province_hoceima, registered=True, name_ar="", name_fr="Coopérative Tiganimin d'argan",
        phone="",
    )  # fmt: skip


@pytest.fixture
def flag(coop_hoceima, copy_hoceima):
    return services.flag_pair(None, copy_hoceima, coop_hoceima, 0.97, REASONS, "batch").flag


@pytest.fixture
def cross_region_flag(coop_hoceima, association_casa):
    return services.flag_pair(None, coop_hoceima, association_casa, 0.91, [], "batch").flag


def test_a_flag_keeps_the_pair_in_id_order_with_its_reasons_and_history(
    flag, coop_hoceima, copy_hoceima
):
    assert (flag.org_a_id, flag.org_b_id) == (coop_hoceima.pk, copy_hoceima.pk)
    assert flag.status == FlagStatus.OPEN and flag.reasons == REASONS
    entry = HistoryEntry.objects.get(action="duplicate:flag", object_id=str(flag.pk))
    assert entry.after["score"] == 0.97 and entry.actor_label == "system"
    assert verify_chain().ok


def test_flagging_the_same_pair_again_refreshes_the_open_flag(flag, coop_hoceima, copy_hoceima):
    again = services.flag_pair(None, coop_hoceima, copy_hoceima, 0.99, REASONS, "registration")
    assert again.updated and not again.created and again.flag.pk == flag.pk
    assert DuplicateFlag.objects.count() == 1
    same = services.flag_pair(None, coop_hoceima, copy_hoceima, 0.99, REASONS, "registration")
    assert not same.updated and not same.created


def test_an_organization_is_not_its_own_duplicate(coop_hoceima):
    with pytest.raises(DomainError) as failure:
        services.flag_pair(None, coop_hoceima, coop_hoceima, 1.0, [], "batch")
    assert failure.value.code == "duplicate_of_itself"


@pytest.mark.parametrize("role", ["analyst", "administrator"])
def test_only_the_system_and_registrars_raise_flags(role, coop_hoceima, copy_hoceima):
    user = make_user(f"u_{role}", role)
    with pytest.raises(PermissionDeniedError):
        services.flag_pair(user, coop_hoceima, copy_hoceima, 0.9, [], "import")


def test_a_representative_does_not_raise_flags(representative, coop_hoceima, copy_hoceima):
    with pytest.raises(PermissionDeniedError):
        services.flag_pair(representative, coop_hoceima, copy_hoceima, 0.9, [], "import")


def test_a_regional_registrar_may_raise_a_flag(registrar_casa, coop_hoceima, copy_hoceima):
    outcome = services.flag_pair(registrar_casa, coop_hoceima, copy_hoceima, 0.9, [], "import")
    assert outcome.created


def test_the_national_registrar_rejects_and_the_pair_is_never_raised_again(
    national_registrar, flag, coop_hoceima, copy_hoceima
):
    services.reject_flag(national_registrar, flag, "هيئتان مختلفتان")
    flag.refresh_from_db()
    assert flag.status == FlagStatus.REJECTED and flag.decided_by == national_registrar
    again = services.flag_pair(None, copy_hoceima, coop_hoceima, 0.999, REASONS, "batch")
    assert again.skipped and again.flag.status == FlagStatus.REJECTED
    assert not services.open_flags_for(coop_hoceima).exists()
    assert HistoryEntry.objects.filter(action="duplicate:reject").count() == 1


def test_a_decision_needs_a_reason(national_registrar, flag):
    with pytest.raises(DomainError) as failure:
        services.reject_flag(national_registrar, flag, "  ")
    assert failure.value.code == "reason_required"


def test_a_decided_flag_cannot_be_decided_again(national_registrar, flag):
    services.reject_flag(national_registrar, flag, "هيئتان مختلفتان")
    with pytest.raises(DomainError) as failure:
        services.reject_flag(national_registrar, flag, "مرة أخرى")
    assert failure.value.code == "flag_already_decided"


def test_the_regional_registrar_of_the_region_decides(registrar_tanger, flag):
    services.reject_flag(registrar_tanger, flag, "هيئتان مختلفتان")
    assert DuplicateFlag.objects.get(pk=flag.pk).status == FlagStatus.REJECTED


def test_it_rejects_another_regions_registrar(registrar_casa, flag):
    with pytest.raises(PermissionDeniedError):
        services.reject_flag(registrar_casa, flag, "هيئتان مختلفتان")
    assert DuplicateFlag.objects.get(pk=flag.pk).status == FlagStatus.OPEN


def test_a_pair_across_two_regions_is_for_the_national_registrar(
    registrar_tanger, registrar_casa, national_registrar, cross_region_flag
):
    for regional in (registrar_tanger, registrar_casa):
        with pytest.raises(PermissionDeniedError):
            services.reject_flag(regional, cross_region_flag, "هيئتان مختلفتان")
    services.reject_flag(national_registrar, cross_region_flag, "هيئتان مختلفتان")


@pytest.mark.parametrize("role", ["analyst", "administrator"])
def test_readers_and_administrators_do_not_decide(role, flag):
    with pytest.raises(PermissionDeniedError):
        services.reject_flag(make_user(f"u_{role}", role), flag, "هيئتان مختلفتان")


def test_a_representative_does_not_decide(representative, flag):
    with pytest.raises(PermissionDeniedError):
        services.reject_flag(representative, flag, "هيئتان مختلفتان")


def test_anonymous_does_not_decide(anonymous, flag):
    with pytest.raises(PermissionDeniedError):
        services.reject_flag(anonymous, flag, "هيئتان مختلفتان")


def test_confirming_merges_the_other_organization_into_the_survivor(
    registrar_tanger, flag, coop_hoceima, copy_hoceima
):
    merge = services.confirm_flag(registrar_tanger, flag, coop_hoceima, REASON)
    assert (merge.survivor_id, merge.absorbed_id) == (coop_hoceima.pk, copy_hoceima.pk)
    copy_hoceima.refresh_from_db()
    assert copy_hoceima.status == "merged" and copy_hoceima.merged_into_id == coop_hoceima.pk
    flag.refresh_from_db()
    assert flag.status == FlagStatus.CONFIRMED and flag.decision_reason == REASON
    assert HistoryEntry.objects.filter(action="duplicate:confirm").count() == 1
    assert verify_chain().ok


def test_confirming_a_pending_application_refuses_it_instead_of_merging(
    national_registrar, coop_hoceima, province_hoceima
):
    application = filed(province_hoceima, name_ar="تعاونية تيغانيمين", phone="")
    flag = services.flag_pair(None, coop_hoceima, application, 0.95, [], "batch").flag
    assert services.confirm_flag(national_registrar, flag, coop_hoceima, REASON) is None
    application.refresh_from_db()
    assert application.status == "struck_off"
    assert DuplicateFlag.objects.get(pk=flag.pk).status == FlagStatus.CONFIRMED


def test_the_survivor_must_be_one_of_the_pair(national_registrar, flag, association_casa):
    with pytest.raises(DomainError) as failure:
        services.confirm_flag(national_registrar, flag, association_casa, REASON)
    assert failure.value.code == "survivor_not_in_pair"
    assert DuplicateFlag.objects.get(pk=flag.pk).status == FlagStatus.OPEN


def test_another_regions_registrar_cannot_confirm(registrar_casa, flag, coop_hoceima):
    with pytest.raises(PermissionDeniedError):
        services.confirm_flag(registrar_casa, flag, coop_hoceima, REASON)
    assert Organization.objects.filter(status="merged").count() == 0


def test_open_flags_for_an_organization(flag, coop_hoceima, copy_hoceima, association_casa):
    assert list(services.open_flags_for(coop_hoceima)) == [flag]
    assert list(services.open_flags_for(copy_hoceima)) == [flag]
    assert not services.open_flags_for(association_casa).exists()


def test_a_regional_registrar_reviews_only_pairs_of_its_region(
    registrar_tanger, registrar_casa, national_registrar, flag, cross_region_flag
):
    assert list(DuplicateFlag.objects.reviewable_by(registrar_tanger)) == [flag]
    assert not DuplicateFlag.objects.reviewable_by(registrar_casa).exists()
    assert DuplicateFlag.objects.reviewable_by(national_registrar).count() == 2
    assert not DuplicateFlag.objects.reviewable_by(make_user("a", "analyst")).exists()


def test_the_pair_in_another_province_of_the_region_is_still_the_regions(
    registrar_tanger, coop_hoceima, national_registrar
):
    tanger = Province.objects.filter(region_id="01").exclude(code="051").first()
    other = filed(tanger, phone="")
    flag = services.flag_pair(None, coop_hoceima, other, 0.9, ["same_region"], "batch").flag
    services.reject_flag(registrar_tanger, flag, "هيئتان مختلفتان")
