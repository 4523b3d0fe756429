"""Registrations racing each other on PostgreSQL: numbers stay unique and the chain stays whole."""

import threading

import pytest
from django.db import connection, connections

from conftest import cooperative_fields
from tadamon.accounts.models import User
from tadamon.history.chain import verify_chain
from tadamon.history.models import HistoryEntry
from tadamon.registry import services
from tadamon.registry.models import Organization
from tadamon.territory.models import Province

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks only matter with concurrent writers: PostgreSQL (CI runs it)")


def test_concurrent_registrations_get_distinct_consecutive_numbers():
    registrar = User.objects.create_user(
        username="national", password="x", role="national_registrar", is_staff=True
    )
    province = Province.objects.get(code="001")
    failures: list[BaseException] = []
    per_thread, threads = 5, 8

    def register_some(thread_no: int) -> None:
        try:
            for n in range(per_thread):
                services.register_organization(
                    registrar,
                    cooperative_fields(province, name_ar=f"تعاونية رقم {thread_no}-{n}"),
                    "ملف كامل",
                    duplicates_reviewed=True,  # one French name for all: look-alikes by design
                )
        except BaseException as error:  # surfaced below, with the thread's error
            failures.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=register_some, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert failures == []
    numbers = list(Organization.objects.values_list("registry_id", flat=True))
    assert len(numbers) == per_thread * threads
    assert len(set(numbers)) == len(numbers)
    sequences = sorted(int(number.split("-")[2]) for number in numbers)
    assert sequences == list(range(1, per_thread * threads + 1))  # none skipped, none reused
    report = verify_chain()
    assert report.ok, report.problem
    # create + status:registered each; the look-alike flags and their rejections
    # (duplicates_reviewed) are entries of their own, on the flags.
    organization_entries = HistoryEntry.objects.filter(object_type="organization").count()
    assert organization_entries == 2 * per_thread * threads
