import datetime as dt

import pytest

from tadamon.errors import PermissionDeniedError
from tadamon.history.chain import verify_chain
from tadamon.history.models import HistoryEntry
from tadamon.imports import services as import_services
from tadamon.imports.services import run_import
from tadamon.imports.tests.helpers import csv_bytes, org_row, xlsx_bytes
from tadamon.registry.models import Organization, RegistryCounter, StatusChange
from tadamon.registry.numbering import next_number, normalize_number
from tadamon.registry.services.snapshots import organization_snapshot


def two_rows(**overrides):
    return [
        org_row("ODCO-1", **overrides),
        org_row(
            "ODCO-2", legal_form="association", name_ar="جمعية الأمل للتنمية",
            name_fr="Association Al Amal", province_code="الحسيمة", sector="Développement local",
            status="submitted", registration_date="",
        ),
    ]  # fmt: skip


def test_it_creates_organizations_with_codes_from_labels(national_registrar):
    result = run_import(national_registrar, "organizations", csv_bytes(two_rows()), "odco.csv")
    assert result.written and result.counts["create"] == 2 and not result.errors
    coop = Organization.objects.get(external_id="ODCO-1")
    assert (coop.legal_form, coop.province_id, coop.sector_id) == ("cooperative", "051", "argan")
    assert coop.status == "registered" and coop.registration_date == dt.date(2015, 7, 20)
    assert normalize_number(coop.registry_id).startswith("01-2015-")
    association = Organization.objects.get(external_id="ODCO-2")
    assert association.name_ar == "جمعية الأمل للتنمية"
    assert (association.legal_form, association.province_id) == ("association", "051")
    assert association.sector_id == "local_development"
    assert association.status == "submitted" and association.registry_id is None


def test_registry_numbers_come_from_the_counter_and_are_never_given_again(national_registrar):
    run_import(national_registrar, "organizations", csv_bytes(two_rows()), "odco.csv")
    given = Organization.objects.get(external_id="ODCO-1").registry_id
    assert RegistryCounter.objects.get(region_code="01", year=2015).last_seq == 1
    assert next_number("01", 2015) != given


def test_every_written_row_enters_the_history_as_an_import_by_the_actor(registrar_tanger):
    run_import(registrar_tanger, "organizations", csv_bytes(two_rows()), "odco.csv")
    entries = HistoryEntry.objects.filter(action="import:create")
    assert entries.count() == 2
    assert set(entries.values_list("actor_label", flat=True)) == {"registrar_tanger"}
    coop = Organization.objects.get(external_id="ODCO-1")
    entry = entries.get(object_id=str(coop.pk))
    assert entry.after == organization_snapshot(coop)
    assert StatusChange.objects.get(organization=coop).to_status == "registered"
    assert verify_chain().ok


def test_reimporting_the_same_file_changes_nothing(national_registrar):
    data = csv_bytes(two_rows())
    run_import(national_registrar, "organizations", data, "odco.csv")
    entries, organizations = HistoryEntry.objects.count(), Organization.objects.count()
    again = run_import(national_registrar, "organizations", data, "odco.csv")
    assert again.counts == {"create": 0, "update": 0, "unchanged": 2}
    assert (HistoryEntry.objects.count(), Organization.objects.count()) == (entries, organizations)


def test_a_row_is_matched_by_registry_id_then_external_id(national_registrar, coop_hoceima):
    rows = [
        org_row("", registry_id=coop_hoceima.registry_id, name_fr="Coopérative Tighanimine",
                registration_date=coop_hoceima.registration_date.isoformat()),
        org_row("ODCO-9", name_ar="تعاونية تيغانيمين الجديدة"),
    ]  # fmt: skip
    result = run_import(national_registrar, "organizations", csv_bytes(rows), "f.csv")
    assert result.counts == {"create": 1, "update": 1, "unchanged": 0}, result.problems
    coop_hoceima.refresh_from_db()
    assert coop_hoceima.name_fr == "Coopérative Tighanimine"
    entry = HistoryEntry.objects.get(action="import:update")
    assert entry.after["name_fr"] == "Coopérative Tighanimine"
    second = run_import(national_registrar, "organizations", csv_bytes(rows[1:]), "f.csv")
    assert second.counts["unchanged"] == 1  # matched by external_id this time


def test_an_unknown_registry_id_is_refused(national_registrar):
    rows = [org_row(registry_id="01-2015-000099-" + "0")]
    result = run_import(national_registrar, "organizations", csv_bytes(rows), "f.csv")
    codes = {p.code for p in result.errors}
    assert codes & {"registry_id_unknown", "registry_id_check"}
    assert not result.written


def test_changes_to_an_existing_organization_follow_the_update_rules(
    national_registrar, coop_hoceima
):
    rows = [org_row("", registry_id=coop_hoceima.registry_id, founding_date="01/01/2099",
                    registration_date=coop_hoceima.registration_date.isoformat())]  # fmt: skip
    result = run_import(national_registrar, "organizations", csv_bytes(rows), "f.csv")
    assert [(p.code, p.column) for p in result.errors] == [
        ("date_in_future", "founding_date"),
        ("registered_before_founded", "registration_date"),
    ]


def test_the_status_is_not_changed_by_import(national_registrar, coop_hoceima):
    rows = [org_row("", registry_id=coop_hoceima.registry_id, status="dissolved",
                    registration_date=coop_hoceima.registration_date.isoformat())]  # fmt: skip
    result = run_import(national_registrar, "organizations", csv_bytes(rows), "f.csv")
    assert [p.code for p in result.errors] == ["lifecycle_not_by_import"]


def test_abort_writes_nothing_when_one_row_is_wrong(national_registrar):
    rows = [*two_rows(), org_row("ODCO-3", province_code="Atlantis")]
    result = run_import(national_registrar, "organizations", csv_bytes(rows), "f.csv")
    assert not result.written and result.rejected == 1
    problem = result.errors[0]
    assert (problem.row, problem.column, problem.value) == (4, "province_code", "Atlantis")
    assert "Atlantis" in problem.message_ar and "inconnue" in problem.message_fr
    assert not Organization.objects.exists() and not HistoryEntry.objects.exists()


def test_skip_writes_the_valid_rows(national_registrar):
    rows = [*two_rows(), org_row("ODCO-3", province_code="Atlantis")]
    result = run_import(
        national_registrar, "organizations", csv_bytes(rows), "f.csv", on_error="skip"
    )
    assert result.written and result.counts["create"] == 2 and result.rejected == 1
    assert Organization.objects.count() == 2
    assert [number for number, _, _ in result.rejected_rows] == [4]


def test_dry_run_checks_everything_and_writes_nothing(national_registrar):
    result = run_import(
        national_registrar, "organizations", csv_bytes(two_rows()), "f.csv", dry_run=True
    )
    assert result.counts["create"] == 2 and not result.written
    assert not Organization.objects.exists() and not HistoryEntry.objects.exists()
    assert not RegistryCounter.objects.exists()


def test_a_crash_mid_write_leaves_the_registry_as_it_was(
    national_registrar, coop_hoceima, monkeypatch
):
    before = (Organization.objects.count(), HistoryEntry.objects.count())

    def crash(changed_rows):
        raise RuntimeError("disk full")

    monkeypatch.setattr(import_services.writing, "save_updates", crash)
    rows = [
        *two_rows(),
        org_row(
            "",
            registry_id=coop_hoceima.registry_id,
            name_fr="Autre nom",
            registration_date=coop_hoceima.registration_date.isoformat(),
        ),
    ]
    with pytest.raises(RuntimeError):
        run_import(national_registrar, "organizations", csv_bytes(rows), "f.csv")
    assert (Organization.objects.count(), HistoryEntry.objects.count()) == before
    coop_hoceima.refresh_from_db()
    assert coop_hoceima.name_fr != "Autre nom"
    assert not RegistryCounter.objects.filter(year=2015).exists()
    assert verify_chain().ok


def test_a_regional_registrar_imports_only_rows_of_its_region(registrar_casa):
    result = run_import(registrar_casa, "organizations", csv_bytes(two_rows()), "f.csv",
                        on_error="skip")  # fmt: skip
    assert result.rejected == 2 and not Organization.objects.exists()
    assert {p.code for p in result.errors} == {"permission_denied"}
    assert result.errors[0].column == "province_code"
    rows = [org_row("ODCO-5", province_code="الدار البيضاء")]
    ok = run_import(registrar_casa, "organizations", csv_bytes(rows), "f.csv")
    assert ok.written and Organization.objects.get().province_id == "141"


def test_a_regional_registrar_cannot_change_another_regions_organization(
    registrar_casa, coop_hoceima
):
    rows = [org_row("", registry_id=coop_hoceima.registry_id, name_fr="Nouveau nom",
                    registration_date=coop_hoceima.registration_date.isoformat())]  # fmt: skip
    result = run_import(registrar_casa, "organizations", csv_bytes(rows), "f.csv")
    assert [p.code for p in result.errors] == ["permission_denied"]


@pytest.mark.parametrize("role", ["analyst", "administrator", "representative", "anonymous"])
def test_only_registrars_import(role, request, db):
    actor = request.getfixturevalue(role)
    with pytest.raises(PermissionDeniedError):
        run_import(actor, "organizations", csv_bytes(two_rows()), "f.csv")


def test_unknown_columns_are_a_warning(national_registrar):
    rows = [dict(org_row(), remarque="à revoir")]
    result = run_import(national_registrar, "organizations", csv_bytes(rows), "f.csv")
    assert result.written
    assert [(p.code, p.column) for p in result.warnings] == [("column_unknown", "remarque")]


def test_every_problem_of_a_row_is_reported(national_registrar):
    rows = [org_row(name_ar="", name_fr="", legal_form="شركة", founding_date="31/02/2020",
                    ice="123")]  # fmt: skip
    result = run_import(national_registrar, "organizations", csv_bytes(rows), "f.csv")
    assert {(p.column, p.code) for p in result.errors} == {
        ("legal_form", "legal_form_unknown"),
        ("founding_date", "date_impossible"),
        ("name_ar", "name_required"),
        ("ice", "ice_invalid"),
    }


def test_a_date_met_again_is_read_again_the_same_way(national_registrar):
    """Dates read once per text in a file: a wrong one is refused on every row it is on."""
    rows = [
        org_row("ODCO-1", founding_date="31/02/2020"),
        org_row("ODCO-2", founding_date="01/06/2015"),
        org_row("ODCO-3", founding_date="31/02/2020", registration_date="01/06/2015"),
        org_row("ODCO-4", founding_date="01/06/2015"),
    ]
    result = run_import(national_registrar, "organizations", csv_bytes(rows), "f.csv",
                        on_error="skip")  # fmt: skip
    assert [(p.row, p.column, p.code) for p in result.errors] == [
        (2, "founding_date", "date_impossible"),
        (4, "founding_date", "date_impossible"),
    ]
    written = Organization.objects.filter(external_id__in=["ODCO-2", "ODCO-4"])
    assert [o.founding_date for o in written] == [dt.date(2015, 6, 1)] * 2


def test_rules_of_the_service_apply(national_registrar):
    rows = [org_row(name_ar="", name_fr="", ice="123456789012345", public_utility="oui")]
    header = [*rows[0]]
    result = run_import(national_registrar, "organizations", csv_bytes(rows, header), "f.csv")
    codes = {p.code for p in result.errors}
    assert {"name_required", "ice_invalid", "public_utility_date_required"} <= codes


def test_a_name_too_long_gets_the_models_message(national_registrar):
    rows = [org_row(name_fr="ب" * 300)]
    result = run_import(national_registrar, "organizations", csv_bytes(rows), "f.csv")
    assert [(p.column, p.code) for p in result.errors] == [("name_fr", "invalid_value")]


def test_an_xlsx_file_imports_like_a_csv(national_registrar):
    rows = two_rows()
    rows[0]["founding_date"] = dt.datetime(2015, 6, 1)
    rows[0]["province_code"] = 51
    result = run_import(national_registrar, "organizations", xlsx_bytes(rows), "odco.xlsx")
    assert result.written and result.counts["create"] == 2, result.problems
    assert Organization.objects.get(external_id="ODCO-1").founding_date == dt.date(2015, 6, 1)


def test_imported_organizations_enter_the_search_index(national_registrar):
    search_models = pytest.importorskip("tadamon.search.models")
    run_import(national_registrar, "organizations", csv_bytes(two_rows()), "odco.csv")
    ids = set(Organization.objects.values_list("pk", flat=True))
    indexed = set(search_models.SearchEntry.objects.values_list("organization_id", flat=True))
    assert ids <= indexed


def _search_index() -> tuple[list, dict]:
    search_models = pytest.importorskip("tadamon.search.models")
    entries = sorted(
        search_models.SearchEntry.objects.values_list(
            "organization_id", "name_ar_norm", "name_fr_norm", "concepts", "readings", "term_count"
        )
    )
    postings = sorted(
        search_models.SearchPosting.objects.values_list(
            "term__term", "organization_id", "size", "province", "legal_form", "concepts_key"
        )
    )
    counts = dict(search_models.SearchTerm.objects.values_list("term", "doc_count"))
    return entries, postings, {term: n for term, n in counts.items() if n}  # fmt: skip


def test_names_read_in_a_child_give_the_index_a_rebuild_gives(
    national_registrar, coop_hoceima, monkeypatch
):
    """A large file's names are read in a forked child while the rows are checked;
    a renamed organization's new names, not among them, are read when the index is."""
    from tadamon.search.indexing import rebuild_index

    monkeypatch.setattr(import_services, "CHILD_PROCESS_FROM", 1)
    rows = [
        *two_rows(),
        org_row("ODCO-3", name_ar="تعاونية", province_code="999"),  # refused: skipped
        org_row(
            "", registry_id=coop_hoceima.registry_id, name_fr="Coopérative Tafraout du miel",
            registration_date=coop_hoceima.registration_date.isoformat(),
        ),
    ]  # fmt: skip
    result = run_import(national_registrar, "organizations", csv_bytes(rows), "f.csv",
                        on_error="skip")  # fmt: skip
    assert result.rejected == 1 and result.counts["create"] == 2 and result.counts["update"] == 1
    written = _search_index()
    assert len(written[0]) == Organization.objects.count()
    rebuild_index()
    assert _search_index() == written


def test_names_the_child_could_not_read_are_read_when_the_index_is(national_registrar, monkeypatch):
    def broken(pairs):
        raise ValueError("a name the child choked on")

    monkeypatch.setattr(import_services, "CHILD_PROCESS_FROM", 1)
    monkeypatch.setattr("tadamon.search.entries.read_names", broken)
    result = run_import(national_registrar, "organizations", csv_bytes(two_rows()), "f.csv")
    assert result.written and result.counts["create"] == 2
    assert len(_search_index()[0]) == 2


def test_a_crash_mid_write_stops_the_child_reading_the_names(
    national_registrar, coop_hoceima, monkeypatch
):
    import multiprocessing

    before = (Organization.objects.count(), HistoryEntry.objects.count(), _search_index())

    def crash(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(import_services, "CHILD_PROCESS_FROM", 1)
    monkeypatch.setattr(import_services.writing.NewOrganizations, "write", crash)
    with pytest.raises(RuntimeError):
        run_import(national_registrar, "organizations", csv_bytes(two_rows()), "f.csv")
    assert (Organization.objects.count(), HistoryEntry.objects.count(), _search_index()) == before
    assert multiprocessing.active_children() == []
    assert verify_chain().ok


def test_a_lookalike_of_an_existing_body_is_written_with_a_warning_and_flagged(
    national_registrar, coop_hoceima
):
    identity_models = pytest.importorskip("tadamon.identity.models")
    rows = [org_row("ODCO-7", name_ar=coop_hoceima.name_ar, name_fr=coop_hoceima.name_fr)]
    result = run_import(national_registrar, "organizations", csv_bytes(rows), "f.csv")
    assert result.written and result.counts["create"] == 1
    warning = result.warnings[0]
    assert (warning.row, warning.code) == (2, "possible_duplicate")
    assert coop_hoceima.registry_id in warning.message_ar
    new = Organization.objects.get(external_id="ODCO-7")
    flag = identity_models.DuplicateFlag.objects.get()
    assert {flag.org_a_id, flag.org_b_id} == {coop_hoceima.pk, new.pk}
    assert flag.source == "import"


def test_the_rejected_rows_file_fixed_goes_back_in_as_it_is(national_registrar):
    from tadamon.imports.rejected import rejected_csv

    rows = [*two_rows(), org_row("ODCO-3", province_code="Atlantis")]
    first = run_import(national_registrar, "organizations", csv_bytes(rows), "f.csv",
                       on_error="skip")  # fmt: skip
    fixed = rejected_csv(first).replace("Atlantis", "الحسيمة").encode("utf-8")
    second = run_import(national_registrar, "organizations", fixed, "f-rejected.csv")
    assert second.written and second.counts["create"] == 1
    assert {p.column for p in second.warnings} >= {"errors_ar", "errors_fr", "row_in_file"}
    assert Organization.objects.count() == 3


def test_a_formula_in_an_xlsx_cell_is_refused(national_registrar):
    rows = [org_row(name_fr='=HYPERLINK("http://x.example","Coop")')]
    result = run_import(national_registrar, "organizations", xlsx_bytes(rows), "f.xlsx")
    assert [(p.column, p.code) for p in result.errors] == [("name_fr", "formula_in_cell")]


def test_a_file_cannot_mark_a_new_row_merged(national_registrar):
    """Only a merge makes a record "merged" (it must point to its survivor)."""
    rows = [org_row("ODCO-9", name_ar="تعاونية أمود", status="Fusionnée")]
    result = run_import(national_registrar, "organizations", csv_bytes(rows), "odco.csv")
    assert not result.written
    [problem] = [p for p in result.errors if p.column == "status"]
    assert problem.value == "Fusionnée"
    assert not Organization.objects.filter(external_id="ODCO-9").exists()
