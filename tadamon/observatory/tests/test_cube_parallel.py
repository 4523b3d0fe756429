"""The rebuild split over several connections gives the cells of the one-statement rebuild.

PostgreSQL only: the split runs only there, outside a caller's transaction (the
workers' own connections must see the registry), hence a transactional test.
"""

from __future__ import annotations

import itertools

import pytest
from django.db import connection

from tadamon.observatory import cube
from tadamon.observatory.tests.test_engine import body, cells, declare, on
from tadamon.registry import services
from tadamon.registry.statistics import analyze_tables

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the rebuild is split over connections on PostgreSQL only (CI runs it)")


@pytest.fixture
def registry(national_registrar):
    """Bodies in three provinces, with declarations over four years, panel years,
    a suspension and a dissolution, so that each id range holds some of each."""
    actor = national_registrar
    for n, province in enumerate(["051", "141", "066", "051", "141", "066", "051", "141"]):
        organization = body(
            actor, province, on(2020 + n % 2, 3, 1),
            form="association" if n % 3 == 0 else "cooperative",
        )  # fmt: skip
        for year in range(2021 + n % 2, 2025):
            declare(actor, organization, year, members_total=10 + n + year % 7,
                    members_women=4 + n, employees_permanent=n % 4)  # fmt: skip
        if n == 2:
            services.change_status(actor, organization, "suspended", "تعليق مؤقت", on(2023, 5, 1))
        if n == 5:
            services.change_status(actor, organization, "dissolved", "حل الجمعية", on(2024, 2, 1))
    analyze_tables([cube._DECL, cube._ORG])


def test_the_split_rebuild_gives_the_cells_of_the_single_statement(registry, monkeypatch):
    monkeypatch.setattr(cube, "WORKERS", 1)
    cube.rebuild()
    single = cells()
    assert single, "the registry should fill some cells"

    monkeypatch.setattr(cube, "WORKERS", 2)
    monkeypatch.setattr(cube, "PARALLEL_MIN_DECLARATIONS", 0)
    ranges = cube._id_ranges(2)
    assert ranges is not None and len(ranges) == 2
    calls: list[tuple[int, int]] = []
    of_range = cube._cells_of_range

    def counted(years, ids):
        calls.append(ids)
        return of_range(years, ids)

    monkeypatch.setattr(cube, "_cells_of_range", counted)
    cube.rebuild()
    assert sorted(calls) == ranges, "the rebuild should have run one worker per range"
    assert cells() == single
    # One row per cell, as the single statement writes them (no merged records here).
    keys = cube.Cell.objects.values_list("province_id", "legal_form", "sector_id", "year")
    assert len(keys) == len(set(keys))


def test_ranges_cover_every_organization_once(registry, monkeypatch):
    monkeypatch.setattr(cube, "PARALLEL_MIN_DECLARATIONS", 0)
    ranges = cube._id_ranges(2)
    ids = list(cube.Organization.objects.order_by("id").values_list("id", flat=True))
    assert ranges[0][0] <= ids[0] and ranges[-1][1] >= ids[-1]
    for (_low, high), (next_low, _next_high) in itertools.pairwise(ranges):
        assert next_low == high + 1


def test_no_split_inside_a_callers_transaction(registry, monkeypatch):
    from django.db import transaction

    monkeypatch.setattr(cube, "PARALLEL_MIN_DECLARATIONS", 0)
    with transaction.atomic():
        assert cube._id_ranges(2) is None
    assert cube._id_ranges(1) is None
