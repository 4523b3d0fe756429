"""Hundreds of commitments and payments racing on one fund, on PostgreSQL: no balance
goes below zero, every centime is accounted for, the history chain stays whole."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.db.models import Sum

from conftest import cooperative_fields, make_user, register_reviewed
from tadamon.errors import DomainError
from tadamon.funding import ledger, services
from tadamon.funding.models import LedgerAccount, LedgerEntry, LedgerTransaction
from tadamon.funding.tests.conftest import fund_fields
from tadamon.funding.vocabulary import EXTERNAL_ACCOUNTS, AccountKind
from tadamon.history.chain import verify_chain
from tadamon.territory.models import Province

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

THREADS, OPERATIONS = 12, 300


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (CI runs it)")


def test_concurrent_commitments_and_payments_keep_the_books(national_registrar):
    administrator = make_user("admin_books", "administrator")
    staff = make_user("fatima_funder", "funder")
    funder = services.create_funder(
        administrator, {"code": "indh", "name_ar": "المبادرة الوطنية للتنمية البشرية",
                        "name_fr": "INDH"}, [staff],
    )  # fmt: skip
    fund = services.create_fund(staff, fund_fields("indh-2026", "indh"), [funder])
    province = Province.objects.get(code="051")
    bodies = [
        register_reviewed(national_registrar, cooperative_fields(
            province, name_ar=f"تعاونية الأمل {n}", name_fr=f"Coopérative Al Amal {n}"))
        for n in range(6)
    ]  # fmt: skip
    contributed = 100_000
    services.contribute(staff, fund, contributed)
    rng = random.Random(7)
    # Commitments of 1,000 (more asked than the fund holds) and payments of 700 (more
    # than is committed at first), interleaved, on a few bodies so they collide.
    work = [("commitment" if rng.random() < 0.6 else "payment", rng.choice(bodies),
             1_000 if n % 2 else 700) for n in range(OPERATIONS)]  # fmt: skip

    def run(item) -> str:
        kind, body, amount = item
        try:
            services.request_operation(staff, kind, fund, body, amount)
            return "done"
        except DomainError as error:
            return error.code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        outcomes = list(pool.map(run, work))

    assert set(outcomes) <= {"done", "insufficient_funds", "payment_above_commitment"}
    assert outcomes.count("done") > OPERATIONS // 4
    assert "insufficient_funds" in outcomes  # the fund ran dry: the race was real
    # Books: entries add up to zero overall and per transaction; no internal account
    # below zero; what left the fund's available balance is what was committed.
    assert LedgerEntry.objects.aggregate(total=Sum("amount"))["total"] == 0
    unbalanced = (
        LedgerEntry.objects.values("transaction").annotate(total=Sum("amount"))
        .exclude(total=0).count()
    )  # fmt: skip
    assert unbalanced == 0
    for account in LedgerAccount.objects.exclude(kind__in=EXTERNAL_ACCOUNTS):
        assert ledger.balance(account) >= 0, account.key
    balances = ledger.fund_balances(fund)
    assert balances[AccountKind.SOURCE] == -contributed
    internal = (balances[AccountKind.AVAILABLE] + balances[AccountKind.COMMITTED]
                + balances[AccountKind.ORGANIZATION])  # fmt: skip
    assert internal == contributed
    done = [item for item, outcome in zip(work, outcomes, strict=True) if outcome == "done"]
    committed = sum(amount for kind, _body, amount in done if kind == "commitment")
    paid = sum(amount for kind, _body, amount in done if kind == "payment")
    assert balances[AccountKind.AVAILABLE] == contributed - committed
    assert balances[AccountKind.ORGANIZATION] == paid
    assert LedgerTransaction.objects.count() == 1 + len(done)
    assert verify_chain().ok
