"""The funding capability's writes: every one checks who acts and the rules, and records history."""

from tadamon.funding.services.calls import apply, check_eligibility, close_call, open_call, withdraw
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

__all__ = [
    "apply",
    "approve",
    "assign_evaluators",
    "check_eligibility",
    "close_call",
    "contribute",
    "create_fund",
    "create_funder",
    "declare_conflict",
    "evaluate",
    "open_call",
    "queue",
    "ranking",
    "record_income",
    "refund",
    "release",
    "request_operation",
    "return_unspent",
    "reverse",
    "withdraw",
]
