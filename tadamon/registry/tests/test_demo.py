"""`tadamon demo`: the synthetic registry, its rules, its numbers, its history, its refusals."""

import csv
import datetime as dt
import io
import itertools
import json
import re
from collections import Counter

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from stdnum.ma import ice as ice_number

from tadamon.errors import DomainError, PermissionDeniedError
from tadamon.history.bulk import ChainAppender
from tadamon.history.chain import verify_chain
from tadamon.history.models import ChainHead, HistoryEntry
from tadamon.registry.demo import serialize, tables
from tadamon.registry.demo.figures import declaration_rule_violations
from tadamon.registry.demo.generator import generate_dataset
from tadamon.registry.demo.loader import load_demo_registry
from tadamon.registry.demo.places import load_geography
from tadamon.registry.models import (
    DECLARATION_FIGURES,
    Declaration,
    Membership,
    Organization,
    RegistryCounter,
    StatusChange,
)
from tadamon.registry.numbering import next_number, normalize_number
from tadamon.registry.rules import declaration_errors
from tadamon.registry.services.lifecycle import TRANSITIONS
from tadamon.registry.services.snapshots import (
    json_value,
    membership_snapshot,
    organization_snapshot,
)
from tadamon.registry.vocabulary import ALLOWED_MEMBER_FORMS, LegalForm

AS_OF = dt.date(2026, 6, 30)
ARABIC = re.compile(r"[\u0600-\u06FF]")


@pytest.fixture(scope="module")
def dataset():
    return generate_dataset(2000, 3, seed=7, as_of=AS_OF)


def load(orgs=600, years=3, seed=1, **options):
    data = generate_dataset(orgs, years, seed=seed, as_of=AS_OF)
    return data, load_demo_registry(None, data, **options)


# --- the data ----------------------------------------------------------------


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    first = generate_dataset(700, 3, seed=5, as_of=AS_OF)
    again = generate_dataset(700, 3, seed=5, as_of=AS_OF)
    other = generate_dataset(700, 3, seed=6, as_of=AS_OF)
    for name, column in vars(first.organizations).items():
        np.testing.assert_array_equal(column, getattr(again.organizations, name), err_msg=name)
    for name in DECLARATION_FIGURES:
        assert np.array_equal(first.declarations.values[name], again.declarations.values[name])
    assert first.duplicates.kinds == again.duplicates.kinds
    assert np.array_equal(first.memberships.member, again.memberships.member)
    assert not np.array_equal(first.organizations.name_ar, other.organizations.name_ar)


def test_organizations_are_spread_over_provinces_by_population(dataset):
    geo = load_geography()
    counts = Counter(dataset.organizations.province_code.tolist())
    per_province = np.array([counts.get(code, 0) for code in geo.province_codes])
    assert np.corrcoef(per_province, geo.population)[0, 1] > 0.8
    assert counts["141"] == per_province.max()  # Casablanca, the most populous


def test_cooperatives_are_denser_in_the_rural_south_than_in_casablanca():
    data = generate_dataset(20000, 0, seed=3, as_of=AS_OF)
    geo = load_geography()
    orgs = data.organizations
    coops = Counter(orgs.region_code[orgs.legal_form == "cooperative"].tolist())
    population = Counter()
    for region, people in zip(geo.province_region, geo.population.tolist(), strict=True):
        population[region] += people
    density = {region: coops[region] / population[region] for region in population}
    assert density["09"] > 1.5 * density["06"]  # Souss-Massa against Casablanca-Settat
    assert density["08"] > 1.5 * density["06"]  # Drâa-Tafilalet


def test_associations_dominate_and_every_legal_form_is_there(dataset):
    forms = Counter(dataset.organizations.legal_form.tolist())
    assert set(forms) == set(LegalForm.values)
    assert 0.70 < forms["association"] / 2000 < 0.80
    assert 0.17 < forms["cooperative"] / 2000 < 0.23


def test_sectors_are_in_the_sector_list_and_argan_is_in_the_souss(dataset):
    from tadamon.registry.demo.generator import sector_codes

    orgs = dataset.organizations
    assert set(orgs.sector.tolist()) <= set(sector_codes())
    argan = orgs.region_code[orgs.sector == "argan"]
    assert len(argan) and Counter(argan.tolist()).most_common(1)[0][0] in ("09", "07")


def test_names_are_arabic_in_arabic_script_and_french_in_latin(dataset):
    orgs = dataset.organizations
    arabic = [name for name in orgs.name_ar.tolist() if name]
    french = [name for name in orgs.name_fr.tolist() if name]
    assert len(arabic) > 0.85 * len(orgs) and len(french) > 0.8 * len(orgs)
    assert all(ARABIC.search(name) for name in arabic)
    assert not any(ARABIC.search(name) for name in french)
    assert all(a or f for a, f in zip(orgs.name_ar.tolist(), orgs.name_fr.tolist(), strict=True))
    assert any(name.startswith("تعاونية") for name in arabic)
    assert any(name.startswith("Association Hay") for name in french)


def test_every_declaration_keeps_the_rules(dataset):
    orgs, declarations = dataset.organizations, dataset.declarations
    founding = orgs.founding_date.astype(object)
    for row in range(len(declarations)):
        org = int(declarations.organization[row])
        errors = declaration_errors(
            int(declarations.year[row]), declarations.figures(row), founding[org], today=AS_OF
        )
        assert errors == [], (row, [e.code for e in errors])
    founding_year = orgs.founding_date.astype("datetime64[Y]").astype(int) + 1970
    bad = declaration_rule_violations(
        declarations, founding_year[declarations.organization], AS_OF.year
    )
    assert not bad.any()


def test_declarations_cover_the_last_complete_years_and_not_all_of_them(dataset):
    declarations, orgs = dataset.declarations, dataset.organizations
    assert dataset.years == [2023, 2024, 2025]
    assert set(declarations.year.tolist()) <= set(dataset.years)
    assert not (orgs.status[declarations.organization] == "submitted").any()
    per_org = Counter(declarations.organization.tolist())
    assert 0.5 < len(per_org) / (orgs.status != "submitted").sum() < 0.95


def test_one_organizations_figures_grow_from_year_to_year_rather_than_jump():
    data = generate_dataset(3000, 5, seed=2, as_of=AS_OF)
    declarations = data.declarations
    members = declarations.values["members_total"].astype(float)
    same = (declarations.organization[1:] == declarations.organization[:-1]) & ~(
        declarations.missing["members_total"][1:] | declarations.missing["members_total"][:-1]
    )
    correlation = np.corrcoef(np.log(members[:-1][same]), np.log(members[1:][same]))[0, 1]
    assert correlation > 0.9


def test_cooperative_members_women_and_argan_look_like_odco_figures(dataset):
    orgs, declarations = dataset.organizations, dataset.declarations
    coop = (orgs.legal_form == "cooperative")[declarations.organization]
    known = ~declarations.missing["members_total"] & ~declarations.missing["members_women"]
    members = declarations.values["members_total"][coop & known]
    women = declarations.values["members_women"][coop & known]
    assert 8 <= np.median(members) <= 20
    assert 0.25 < women.sum() / members.sum() < 0.45  # ODCO: 34%
    argan = (orgs.sector == "argan")[declarations.organization] & known
    shares = (
        declarations.values["members_women"][argan] / declarations.values["members_total"][argan]
    )
    assert shares.mean() > 0.8


def test_dates_statuses_and_identifiers_are_plausible(dataset):
    orgs = dataset.organizations
    today = np.datetime64(AS_OF)
    registered = ~np.isnat(orgs.registration_date)
    dated = registered & ~np.isnat(orgs.founding_date)  # a few near-duplicates lack it
    assert (orgs.registration_date[dated] >= orgs.founding_date[dated]).all()
    assert (orgs.registration_date[registered] <= today).all()
    assert np.isnat(orgs.founding_date).sum() < len(dataset.duplicates)
    assert (np.isnat(orgs.registration_date) == (orgs.status == "submitted")).all()
    utility = orgs.public_utility
    assert utility.sum() >= 3
    assert (orgs.public_utility_date[utility] >= orgs.founding_date[utility]).all()
    assert np.isnat(orgs.public_utility_date[~utility]).all()
    assert all(ice_number.is_valid(ice) for ice in orgs.ice.tolist() if ice)
    assert len(set(orgs.external_id.tolist()) - {""}) == len([e for e in orgs.external_id if e])
    coop = orgs.legal_form == "cooperative"
    founded = orgs.founding_date[coop].astype("datetime64[Y]").astype(int) + 1970
    assert ((founded >= 2000) & (founded <= 2024)).mean() > 0.7


def test_a_known_share_are_near_duplicates_of_another_organization(dataset):
    orgs, duplicates = dataset.organizations, dataset.duplicates
    assert len(duplicates) == 60  # 3% of 2000
    for dup, original, kinds in zip(
        duplicates.duplicate.tolist(), duplicates.original.tolist(), duplicates.kinds, strict=True
    ):
        assert orgs.legal_form[dup] == orgs.legal_form[original]
        assert orgs.region_code[dup] == orgs.region_code[original]
        assert orgs.external_id[dup] != orgs.external_id[original]
        assert kinds
        if "one_script" not in kinds and "other_script" not in kinds:
            assert (orgs.name_ar[dup], orgs.name_fr[dup]) != (
                orgs.name_ar[original],
                orgs.name_fr[original],
            )
    assert set(duplicates.duplicate.tolist()).isdisjoint(duplicates.original.tolist())


# --- the load ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_load_writes_everything_with_unique_valid_numbers_and_moves_the_counters():
    data, _result = load(orgs=800)
    assert Organization.objects.count() == 800
    assert Declaration.objects.count() == len(data.declarations)
    assert StatusChange.objects.count() == len(data.status_changes)
    numbers = list(
        Organization.objects.exclude(registry_id=None).values_list("registry_id", flat=True)
    )
    assert len(numbers) == len(set(numbers)) == (data.organizations.status != "submitted").sum()
    assert all(normalize_number(number) == number for number in numbers)
    highest = Counter()
    for number in numbers:
        region, year, seq, _check = number.split("-")
        highest[region, int(year)] = max(highest[region, int(year)], int(seq))
    counters = {(c.region_code, c.year): c.last_seq for c in RegistryCounter.objects.all()}
    assert counters == dict(highest)
    region, year = max(highest, key=highest.get)
    assert next_number(region, year) not in numbers


@pytest.mark.django_db
def test_statuses_have_the_path_that_leads_to_them():
    load(orgs=800)
    paths: dict[int, list[StatusChange]] = {}
    for change in StatusChange.objects.order_by("organization_id", "id"):
        paths.setdefault(change.organization_id, []).append(change)
    for organization in Organization.objects.all():
        path = paths.get(organization.pk, [])
        if organization.status == "submitted":
            assert path == [] and organization.registry_id is None
            continue
        assert path[0].from_status == "submitted" and path[0].to_status == "registered"
        assert path[-1].to_status == organization.status
        for before, after in itertools.pairwise(path):
            assert after.to_status in TRANSITIONS[before.to_status]
            assert after.effective_on >= before.effective_on


@pytest.mark.django_db
def test_memberships_follow_the_rules_of_unions_and_federations():
    load(orgs=2000, years=0)
    memberships = list(Membership.objects.select_related("member", "union"))
    assert memberships
    open_members = Counter(m.member_id for m in memberships if m.ended_on is None)
    assert max(open_members.values()) == 1
    for membership in memberships:
        allowed = ALLOWED_MEMBER_FORMS[membership.union.legal_form]
        assert membership.member.legal_form in allowed
        assert membership.member.province.region_id == membership.union.province.region_id
        assert membership.member_id != membership.union_id
    assert not {m.union_id for m in memberships} & {
        m.member_id for m in memberships if m.union.legal_form == "cooperative_union"
    }


@pytest.mark.django_db
def test_the_history_chain_verifies_and_holds_each_organizations_snapshot():
    data, _result = load(orgs=600)
    report = verify_chain()
    assert report.ok, report.problem
    declared = len(set(data.declarations.organization.tolist()))
    assert report.checked == 600 + declared + len(data.memberships)
    for organization in Organization.objects.order_by("?")[:40]:
        entry = HistoryEntry.objects.get(action="demo:register", object_id=str(organization.pk))
        assert entry.after == organization_snapshot(organization)
        assert entry.actor_label == "system"
    organization = Organization.objects.filter(declarations__isnull=False).first()
    table = HistoryEntry.objects.get(action="demo:declarations", object_id=str(organization.pk))
    for declaration in organization.declarations.all():
        row = table.after["years"][str(declaration.year)]
        figures = dict(zip(table.after["figures"], row, strict=True))
        for name in DECLARATION_FIGURES:
            value = getattr(declaration, name)
            assert figures[name] == (None if value is None else json_value(value))
    membership = Membership.objects.first()
    entry = HistoryEntry.objects.get(action="demo:membership", object_id=str(membership.member_id))
    assert entry.after == membership_snapshot(membership)


def test_the_snapshot_text_is_the_canonical_json_of_organization_snapshot(dataset):
    registry_ids = np.where(dataset.organizations.status == "submitted", "", "09-2015-000001-4")
    texts = serialize.organization_snapshots(dataset.organizations, registry_ids)
    for text in texts[:300]:
        parsed = json.loads(text)
        assert json.dumps(parsed, sort_keys=True, ensure_ascii=False, separators=(",", ":")) == text
        assert set(parsed) == set(organization_snapshot(Organization()))


@pytest.mark.django_db
def test_appending_keeps_numbers_unique_after_the_existing_ones(coop_hoceima):
    _data, result = load(orgs=500, seed=2, append=True)
    numbers = list(Organization.objects.values_list("registry_id", flat=True))
    numbers = [n for n in numbers if n]
    assert len(numbers) == len(set(numbers))
    assert coop_hoceima.pk not in set(result.ids.tolist())
    assert verify_chain().ok


@pytest.mark.django_db
def test_the_command_refuses_a_registry_that_has_organizations(coop_hoceima):
    with pytest.raises(CommandError) as refusal:
        call_command("demo", orgs=50)
    assert "--append" in str(refusal.value)
    assert ARABIC.search(str(refusal.value))
    assert Organization.objects.count() == 1


@pytest.mark.django_db
def test_the_service_refuses_too_without_append(coop_hoceima):
    with pytest.raises(DomainError) as refusal:
        load(orgs=50)
    assert refusal.value.code == "registry_not_empty"
    assert Organization.objects.count() == 1


@pytest.mark.django_db
def test_only_the_system_or_a_national_registrar_may_load(registrar_tanger, national_registrar):
    data = generate_dataset(50, 1, seed=1, as_of=AS_OF)
    with pytest.raises(PermissionDeniedError):
        load_demo_registry(registrar_tanger, data)
    assert Organization.objects.count() == 0
    load_demo_registry(national_registrar, data)
    assert HistoryEntry.objects.filter(actor=national_registrar).count() > 50


@pytest.mark.django_db
def test_the_command_writes_the_truth_of_the_near_duplicates(tmp_path):
    truth = tmp_path / "truth.csv"
    call_command("demo", orgs=1000, years=2, seed=4, truth=truth, stdout=io.StringIO())
    rows = list(csv.DictReader(truth.open(encoding="utf-8")))
    assert len(rows) == 30
    for row in rows:
        duplicate = Organization.objects.get(pk=row["duplicate_id"])
        original = Organization.objects.get(pk=row["original_id"])
        assert duplicate.legal_form == original.legal_form
        assert (duplicate.registry_id or "") == row["duplicate_registry_id"]
        assert original.external_id == row["original_external_id"]
        assert row["kinds"]


@pytest.mark.django_db
def test_the_command_rejects_bad_arguments_clearly():
    with pytest.raises(CommandError, match="--orgs"):
        call_command("demo", orgs=0)
    with pytest.raises(CommandError, match="--duplicates"):
        call_command("demo", orgs=10, duplicates=0.9)
    with pytest.raises(CommandError, match="n'existe pas"):
        call_command("demo", orgs=10, truth="/no/such/folder/truth.csv")


TABLES = (Organization, Declaration, StatusChange, Membership, RegistryCounter, HistoryEntry)


def _snapshot_of_database():
    head = ChainHead.objects.filter(id=1).values_list("last_seq", "last_hash").first()
    return [model.objects.count() for model in TABLES], head


@pytest.mark.django_db
def test_a_crash_in_the_middle_of_a_load_leaves_the_database_as_it_was(monkeypatch):
    load(orgs=200, seed=3)
    before = _snapshot_of_database()
    real_write = tables.write_rows
    written = []

    def crash_after_organizations(model, *args, **kwargs):
        if written:
            raise RuntimeError("disk full")
        written.append(real_write(model, *args, **kwargs))
        return written[-1]

    monkeypatch.setattr(tables, "write_rows", crash_after_organizations)
    with pytest.raises(RuntimeError, match="disk full"):
        load(orgs=300, seed=4, append=True)
    assert written  # the organizations had been written
    assert _snapshot_of_database() == before
    assert verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_a_large_load_outside_a_transaction_hashes_in_a_child_and_rolls_back_whole(
    reference_data, monkeypatch
):
    """The command's own path: no surrounding transaction, history prepared in a child process."""
    monkeypatch.setattr("tadamon.registry.demo.loader.CHILD_PROCESS_FROM", 100)
    modes = []
    real_start = ChainAppender.start
    monkeypatch.setattr(
        ChainAppender,
        "start",
        lambda self, make, mode: modes.append(mode) or real_start(self, make, mode),
    )
    _data, result = load(orgs=1500, years=2, seed=8)
    assert modes == ["auto"]
    assert verify_chain().ok
    assert HistoryEntry.objects.count() == result.counts["history"]
    before = _snapshot_of_database()

    def crash(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr("tadamon.history.bulk.ChainAppender.finish", crash)
    with pytest.raises(RuntimeError, match="power cut"):
        load(orgs=1500, years=2, seed=9, append=True)
    assert _snapshot_of_database() == before
    assert verify_chain().ok
