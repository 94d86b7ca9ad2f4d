"""Payout's collections, their indexes and deterministic ids: one place that says where each thing lives.

Document shapes (all money int fen, months "YYYY-MM", dates as datetime at midnight UTC):
- residents: what payout knows of each enrolled resident, projected from enrolment's events (_id resident id).
- policies: the PolicyChanged events' policies, as the contract's bytes (_id policy version id).
- awards: one per resident (_id award_id(resident)); terms fixed at award, status, suspension, stop,
  back_pay_pending months, failed_payments awaiting a new account, applied_events (reactions applied).
- payments: one per award and month (_id payment_id(award, month)), whatever crashes: the _id is the
  "at most once". status PREPARED (shown EXPORTED once its run is exported) -> PAID | FAILED; or
  CANCELLED (withdrawn before export: see service_layer/payment_withdrawal.py).
- payroll_runs: one per region and month (_id run_id(region, month)).
- overpayment_cases (_id case_id(resident, cause)), inheritance_payouts (_id inheritance_id(resident)).
"""

from __future__ import annotations

from typing import Any, Final

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from pension.enrolment.v1 import enrolment_pb2
from pension_contracts.policy import HeardPolicyVersions
from pension_kit.identifiers import Month, parse_month
from pension_kit.mongo import Document, IndexSpec
from pension_kit.policy import PolicyVersion

RESIDENTS: Final = "residents"
POLICIES: Final = "policies"
AWARDS: Final = "awards"
SHORT_OF_YEARS: Final = "short_of_years"
AWARD_RUNS: Final = "award_runs"
PAYROLL_RUNS: Final = "payroll_runs"
PAYMENTS: Final = "payments"
BANK_RETURNS: Final = "bank_returns"
OVERPAYMENT_CASES: Final = "overpayment_cases"
INHERITANCE_PAYOUTS: Final = "inheritance_payouts"

# Every collection whose documents carry outbox events.
OUTBOX_COLLECTIONS: Final = [
    AWARDS,
    SHORT_OF_YEARS,
    AWARD_RUNS,
    PAYROLL_RUNS,
    PAYMENTS,
    BANK_RETURNS,
    OVERPAYMENT_CASES,
    INHERITANCE_PAYOUTS,
]

# FerretDB answers these by scanning; MongoDB uses them. Uniqueness is the _id's everywhere.
INDEXES: Final = [
    IndexSpec(RESIDENTS, [("pooling_region_code", 1), ("birth_date", 1)], name="region_birth"),
    IndexSpec(POLICIES, [("pooling_region_code", 1)], name="region"),
    IndexSpec(AWARDS, [("pooling_region_code", 1), ("_id", 1)], name="region_award"),
    IndexSpec(SHORT_OF_YEARS, [("pooling_region_code", 1), ("checked_month", 1)], name="region_month"),
    IndexSpec(PAYMENTS, [("payroll_run_id", 1), ("status", 1)], name="run_status"),
    IndexSpec(PAYMENTS, [("award_id", 1), ("month", 1)], name="award_month"),
    IndexSpec(PAYROLL_RUNS, [("pooling_region_code", 1), ("month", -1)], name="region_month"),
    IndexSpec(OVERPAYMENT_CASES, [("pooling_region_code", 1), ("resident_id", 1)], name="region_resident"),
]


def award_id(resident_id: str) -> str:
    return f"AW-{resident_id}"


def payment_id(award: str, month: Month) -> str:
    return f"{award}/{month}"


def month_of_payment(payment: str) -> Month:
    """The month a payment id names (the inverse of payment_id)."""
    return parse_month(payment.rsplit("/", 1)[1])


def run_id(pooling_region_code: str, month: Month) -> str:
    return f"PR-{pooling_region_code}-{month.year:04d}{month.month:02d}"


def batch_id(payroll_run: str, bank_code: str) -> str:
    return f"{payroll_run}-{bank_code}"


def short_of_years_id(resident_id: str, month: Month) -> str:
    return f"{resident_id}/{month}"


def award_run_id(pooling_region_code: str, month: Month, request_id: str) -> str:
    return f"{pooling_region_code}/{month}/{request_id}"


def refused_return_id(batch: str, file_sha256: str) -> str:
    return f"{batch}/{file_sha256}"


def case_id(resident_id: str, cause: int) -> str:
    return f"OP-{resident_id}-{cause}"


def inheritance_id(resident_id: str) -> str:
    return f"IH-{resident_id}"


class PayoutStore:
    """Handles on payout's collections, and the policy versions payout has heard of."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self.database = database
        self.residents: AsyncCollection[Document] = database[RESIDENTS]
        self.policies: AsyncCollection[Document] = database[POLICIES]
        self.awards: AsyncCollection[Document] = database[AWARDS]
        self.short_of_years: AsyncCollection[Document] = database[SHORT_OF_YEARS]
        self.award_runs: AsyncCollection[Document] = database[AWARD_RUNS]
        self.payroll_runs: AsyncCollection[Document] = database[PAYROLL_RUNS]
        self.payments: AsyncCollection[Document] = database[PAYMENTS]
        self.bank_returns: AsyncCollection[Document] = database[BANK_RETURNS]
        self.overpayment_cases: AsyncCollection[Document] = database[OVERPAYMENT_CASES]
        self.inheritance_payouts: AsyncCollection[Document] = database[INHERITANCE_PAYOUTS]

    async def policy_versions(self, pooling_region_code: str) -> list[PolicyVersion]:
        """Every version of the region's policy announced by enrolment (few: one or two a year)."""
        return await HeardPolicyVersions(self.policies).of_region(pooling_region_code)

    async def record_policy(self, policy: enrolment_pb2.Policy) -> None:
        """Keeps an announced version; announcing it again changes nothing."""
        await HeardPolicyVersions(self.policies).record(policy)


def month_of(document: Any, field: str) -> Month | None:
    """A stored "YYYY-MM" month (or None)."""
    value = document.get(field) if isinstance(document, dict) else None
    if not value:
        return None
    return parse_month(value)
