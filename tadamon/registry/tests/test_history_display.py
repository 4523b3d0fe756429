from django.utils import translation

from tadamon.history.chain import entries_for
from tadamon.registry import services
from tadamon.registry.history_display import history_rows


def test_rows_name_fields_and_values_as_a_registrar_reads_them(coop_hoceima, registrar_tanger):
    services.change_status(registrar_tanger, coop_hoceima, "suspended", "تأخر في التصريح")
    with translation.override("fr"):
        rows = history_rows(entries_for("organization", coop_hoceima.pk).order_by("-seq"))
    suspension, registration, creation = rows
    assert suspension.entry.reason == "تأخر في التصريح"
    status_change = {c.label: (c.before, c.after) for c in suspension.changes}
    assert next(iter(status_change.values()))[1] != "suspended"  # a label, not the code
    created = {c.label: c.after for c in creation.changes}
    assert any(str(value).startswith("051 ") for value in created.values())  # province by name
    assert "تعاونية تيغانيمين للأركان" in created.values()
    assert not any(c.after is None and c.before is None for c in creation.changes)
    assert registration.action_label != "status:registered"


def test_a_demo_load_reads_as_a_table_of_years(db):
    from django.core.management import call_command

    from tadamon.history.models import HistoryEntry
    from tadamon.registry.models import Declaration

    call_command("demo", orgs=300, years=2, seed=5, stdout=__import__("io").StringIO())
    declared = Declaration.objects.values_list("organization_id", flat=True).first()
    entries = HistoryEntry.objects.filter(object_id=str(declared)).order_by("seq")
    with translation.override("fr"):
        rows = history_rows(entries)
    labels = [row.action_label for row in rows]
    assert "demo:register" not in labels
    table = next(row for row in rows if row.entry.action == "demo:declarations")
    years = {change.label for change in table.changes}
    assert years == {
        str(y)
        for y in Declaration.objects.filter(organization_id=declared).values_list("year", flat=True)
    }
    assert any("membres" in str(change.after) for change in table.changes)
