"""The funding capability's writes: every one checks who acts and the rules, and records history."""

from tadamon.funding.services.allocating import allocate_call
from tadamon.funding.services.bonds import repay_investors, repayment_due, set_bond_terms
from tadamon.funding.services.calls import apply, check_eligibility, close_call, open_call, withdraw
from tadamon.funding.services.campaigns import close_campaign, open_campaign, pledge
from tadamon.funding.services.contracts import award
from tadamon.funding.services.evaluation import (
    assign_evaluators,
    declare_conflict,
    evaluate,
    queue,
    ranking,
)
from tadamon.funding.services.funds import (
    contribute,
    create_fund,
    create_funder,
    record_income,
    refund,
)
from tadamon.funding.services.operations import (
    approve,
    release,
    request_operation,
    return_unspent,
    reverse,
)
from tadamon.funding.services.results import (
    payable,
    report_result,
    request_result_payment,
    trace,
    verify_result,
)

__all__ = [
    "allocate_call",
    "apply",
    "approve",
    "assign_evaluators",
    "award",
    "check_eligibility",
    "close_call",
    "close_campaign",
    "contribute",
    "create_fund",
    "create_funder",
    "declare_conflict",
    "evaluate",
    "open_call",
    "open_campaign",
    "payable",
    "pledge",
    "queue",
    "ranking",
    "record_income",
    "refund",
    "release",
    "repay_investors",
    "repayment_due",
    "report_result",
    "request_operation",
    "request_result_payment",
    "return_unspent",
    "reverse",
    "set_bond_terms",
    "trace",
    "verify_result",
    "withdraw",
]
