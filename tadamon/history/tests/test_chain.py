import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tadamon.history.chain import Change, append, current_request_id, verify_chain
from tadamon.history.models import ChainHead, HistoryEntry


@pytest.fixture
def five_entries(national_registrar):
    append(
        national_registrar,
        [
            Change("create", "organization", str(n), None, {"name_ar": f"تعاونية رقم {n}"})
            for n in range(1, 6)
        ],
    )
    return list(HistoryEntry.objects.order_by("seq"))


def test_a_fresh_chain_verifies(five_entries):
    report = verify_chain()
    assert report.ok
    assert report.checked == 5
    assert [e.seq for e in five_entries] == [1, 2, 3, 4, 5]
    assert five_entries[1].prev_hash == five_entries[0].entry_hash


def test_an_altered_entry_is_named(five_entries):
    HistoryEntry.objects.filter(seq=3).update(after={"name_ar": "اسم مزور"})
    report = verify_chain()
    assert not report.ok
    assert report.first_bad_seq == 3
    assert "altered" in report.problem


def test_an_altered_actor_or_time_is_caught(five_entries):
    HistoryEntry.objects.filter(seq=2).update(actor_label="someone_else")
    assert verify_chain().first_bad_seq == 2


def test_a_removed_entry_is_named(five_entries):
    HistoryEntry.objects.filter(seq=4).delete()
    report = verify_chain()
    assert not report.ok
    assert report.first_bad_seq == 4
    assert "missing" in report.problem


def test_removing_the_last_entries_is_caught_by_the_head(five_entries):
    HistoryEntry.objects.filter(seq__gte=4).delete()
    report = verify_chain()
    assert not report.ok
    assert report.first_bad_seq == 4


def test_a_rewritten_chain_tail_is_caught(five_entries):
    # Re-hashing an altered entry breaks the link of the next one.
    from tadamon.history.chain import entry_hash

    entry = five_entries[2]
    forged = entry_hash(
        entry.prev_hash,
        entry.seq,
        entry.recorded_at,
        entry.actor_label,
        entry.action,
        entry.object_type,
        entry.object_id,
        entry.before,
        {"name_ar": "مزور"},
        entry.reason,
        entry.request_id,
    )
    HistoryEntry.objects.filter(seq=3).update(after={"name_ar": "مزور"}, entry_hash=forged)
    report = verify_chain()
    assert report.first_bad_seq == 4
    assert "does not link" in report.problem


def test_the_request_id_ties_changes_of_one_request(national_registrar):
    token = current_request_id.set("req-1")
    try:
        append(
            national_registrar, [Change("a", "organization", "1"), Change("b", "organization", "2")]
        )
    finally:
        current_request_id.reset(token)
    assert set(HistoryEntry.objects.values_list("request_id", flat=True)) == {"req-1"}
    assert verify_chain().ok


def test_a_failed_transaction_leaves_no_gap(national_registrar, django_db_blocker):
    from django.db import transaction

    append(national_registrar, [Change("a", "organization", "1")])
    with pytest.raises(RuntimeError), transaction.atomic():
        append(national_registrar, [Change("b", "organization", "2")])
        raise RuntimeError("crash after writing history")
    append(national_registrar, [Change("c", "organization", "3")])
    assert list(HistoryEntry.objects.values_list("seq", flat=True)) == [1, 2]
    assert ChainHead.objects.get().last_seq == 2
    assert verify_chain().ok


def test_audit_verify_command_reports_ok_and_the_first_bad_entry(five_entries):
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "5 entries verified" in out.getvalue()
    HistoryEntry.objects.filter(seq=2).update(reason="تعديل")
    with pytest.raises(CommandError) as failure:
        call_command("audit", "verify", stdout=io.StringIO())
    assert "#2" in str(failure.value)
