"""The funding app's models: funds and their ledger (funds.py), calls and
applications (calls.py)."""

from tadamon.funding.models.bonds import BondTerms
from tadamon.funding.models.calls import AllocatedGrant, AllocationRun, Application, Call
from tadamon.funding.models.campaigns import Campaign, Pledge
from tadamon.funding.models.contracts import (
    OutcomeContract,
    OutcomeMetric,
    ReportingPeriod,
    Result,
    ResultPayment,
)
from tadamon.funding.models.evaluation import Conflict, Evaluation
from tadamon.funding.models.funds import (
    Approval,
    Fund,
    Funder,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    Operation,
)

__all__ = [
    "AllocatedGrant",
    "AllocationRun",
    "Application",
    "Approval",
    "BondTerms",
    "Call",
    "Campaign",
    "Conflict",
    "Evaluation",
    "Fund",
    "Funder",
    "LedgerAccount",
    "LedgerEntry",
    "LedgerTransaction",
    "Operation",
    "OutcomeContract",
    "OutcomeMetric",
    "Pledge",
    "ReportingPeriod",
    "Result",
    "ResultPayment",
]
