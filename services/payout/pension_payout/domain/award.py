"""An award (待遇) as the payroll pays it: its fixed terms, where it is paid, and which months it pays."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pension_kit.identifiers import Month
from pension_payout.domain.benefit import AwardTerms, Candidate
from pension_payout.domain.reactions import AwardState

# A value the vault sealed (key id, nonce, ciphertext), as stored: the rules never open it; only a bank file does.
Sealed = Mapping[str, Any]


@dataclass(frozen=True)
class BankAccount:
    """The account a resident is paid into, as enrolment announced it: masked, tokenised and sealed."""

    bank_code: str
    bank_name: str
    account_masked: str
    account_token: str
    sealed_card_number: Sealed


@dataclass(frozen=True)
class FailedPayment:
    """A payment a bank refused, waiting for the resident's account to change before it is paid again."""

    payment_id: str
    month: Month
    account_token: str  # the account it failed on: paying into it again would fail again


@dataclass(frozen=True)
class Award:
    """One resident's award.

    `state` (status, suspension, stop, back pay pending) is what verification's findings change
    (domain/reactions.py); the payroll reads it through `pays`.
    """

    award_id: str
    resident_id: str
    pooling_region_code: str
    village_code: str
    name_masked: str
    citizen_id_masked: str
    sealed_name: Sealed
    bank_account: BankAccount
    birth_date: date
    terms: AwardTerms
    state: AwardState
    failed_payments: tuple[FailedPayment, ...]
    granted_at: datetime

    @property
    def first_month(self) -> Month:
        return self.terms.first_month

    def suspended_in(self, month: Month) -> bool:
        """Whether a suspension (current, or the last one with its end) covers `month`."""
        suspension = self.state.suspension
        return suspension is not None and month in suspension.months

    def stopped_by(self, month: Month) -> bool:
        stop = self.state.stop
        return stop is not None and month in stop.months

    def pays(self, month: Month) -> bool:
        """Whether the award pays `month`: started, not stopped by then, not suspended then."""
        return month >= self.first_month and not self.stopped_by(month) and not self.suspended_in(month)

    def held_back(self, month: Month) -> bool:
        """Left out of `month`'s payroll by a suspension (counted in the run), as opposed to stopped for good."""
        return not self.pays(month) and self.suspended_in(month) and self.state.stop is None

    def back_pay_due(self, paid_in: Month) -> list[Month]:
        """The pending months of back pay that the payroll of month `paid_in` pays: earlier months the award pays."""
        return [month for month in self.state.back_pay_pending if month < paid_in and self.pays(month)]

    def retries_due(self) -> tuple[list[FailedPayment], list[FailedPayment]]:
        """Failed payments to pay again (the account has changed, the month is still paid) and ones to drop
        (the month is no longer paid: a death or a prison term recorded since); the rest wait for a new account."""
        again: list[FailedPayment] = []
        dropped: list[FailedPayment] = []
        for failed in self.failed_payments:
            if failed.account_token == self.bank_account.account_token:
                continue
            (again if self.pays(failed.month) else dropped).append(failed)
        return again, dropped


@dataclass(frozen=True)
class EnrolledResident:
    """A resident as payout's projection of enrolment knows them, when the award job considers them."""

    candidate: Candidate
    village_code: str
    name_masked: str
    citizen_id_masked: str
    sealed_name: Sealed
    bank_account: BankAccount
    found_short_of_years: bool


def back_pay_months(first_month: Month, awarded_in: Month) -> tuple[Month, ...]:
    """The months from the first month paid up to the month the award is granted: a skipped award run's months,
    paid back in the next payroll."""
    months = []
    month = first_month
    while month < awarded_in:
        months.append(month)
        month = month.next()
    return tuple(months)
