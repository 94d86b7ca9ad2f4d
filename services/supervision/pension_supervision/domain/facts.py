"""The facts the notice, reconciliation and disclosure are computed from, as kept from other services' events.

Which month a fact belongs to is decided here, once: a contribution belongs to the month of the day it was paid
(`paid_on`, a China Standard Time date); a payment to its payroll run's month (a back payment for March paid in
the July run is July's); interest, transfers, inheritance and recoveries to the month of their value date (or, when
an event carries none, of the moment it happened in China Standard Time).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from pension_kit.clock import CHINA
from pension_kit.identifiers import Month

# payout names a region's run of a month PR-<region>-<YYYYMM> (pension_payout.adapters.store).
_RUN_ID = re.compile(r"PR-\d{6}-(\d{4})(\d{2})")


class ContributionKind(StrEnum):
    OWN = "OWN"
    ARREARS = "ARREARS"
    PAID_ON_BEHALF = "PAID_ON_BEHALF"
    COLLECTIVE = "COLLECTIVE"


class PaymentKind(StrEnum):
    REGULAR = "REGULAR"
    BACK_PAY = "BACK_PAY"


class PaymentOutcome(StrEnum):
    PAID = "PAID"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"


class Component(StrEnum):
    """A benefit component (the contract's BenefitComponent)."""

    BASIC_PENSION = "BASIC_PENSION"
    LONG_CONTRIBUTION_BONUS = "LONG_CONTRIBUTION_BONUS"
    OLD_AGE_BONUS = "OLD_AGE_BONUS"
    ACCOUNT_PENSION = "ACCOUNT_PENSION"


class FundName(StrEnum):
    """A fund (the contract's Fund); BOTH is the two together (FUND_UNSPECIFIED in a reconciliation line)."""

    INDIVIDUAL_ACCOUNT = "INDIVIDUAL_ACCOUNT"
    POOLED = "POOLED"
    BOTH = "BOTH"


class MovementKind(StrEnum):
    """Money into or out of a fund that is neither a contribution nor a benefit payment."""

    INTEREST = "INTEREST"  # into the individual accounts
    TRANSFER_IN = "TRANSFER_IN"  # into the individual accounts
    TRANSFER_OUT = "TRANSFER_OUT"  # out of the individual accounts
    INHERITANCE = "INHERITANCE"  # out of the individual accounts, to an heir
    RECOVERY = "RECOVERY"  # back into the pooled fund, from an overpayment


def month_of_day(day: date) -> Month:
    return Month.of(day)


def month_of_moment(moment: datetime) -> Month:
    """The month of an instant, as the calendar in China reads it."""
    return Month.of(moment.astimezone(CHINA).date())


def payroll_month(payroll_run_id: str, benefit_month: Month) -> Month:
    """The month of the run a payment was paid in; a payment outside any run (none today) counts in its own."""
    match = _RUN_ID.fullmatch(payroll_run_id)
    if match is None:
        return benefit_month
    return Month(int(match.group(1)), int(match.group(2)))


@dataclass(frozen=True, slots=True)
class ResidentFact:
    """An enrolled resident as a notice shows them: masked forms only (the events carry nothing else)."""

    resident_id: str
    pooling_region_code: str
    village_code: str
    name_masked: str
    citizen_id_masked: str
    enrolled_on: date


@dataclass(frozen=True, slots=True)
class ContributionFact:
    contribution_id: str
    resident_id: str
    pooling_region_code: str
    village_code: str
    year: int
    kind: ContributionKind
    grade_fen: int
    personal_fen: int
    subsidy_fen: int
    paid_on_behalf_fen: int
    collective_fen: int
    paid_on: date
    # For the monthly statistics: how it was paid (ContributionChannel name without prefix), the policy version
    # applied, and for a paid-on-behalf contribution the resident's special group on the day paid.
    channel: str = ""
    policy_version_id: str = ""
    special_group: str = ""

    @property
    def month(self) -> Month:
        return month_of_day(self.paid_on)


@dataclass(frozen=True, slots=True)
class PaymentFact:
    """One attempt of one payment and what the bank said of it."""

    payment_id: str
    attempt: int
    resident_id: str
    pooling_region_code: str
    village_code: str
    payroll_month: Month
    benefit_month: Month
    kind: PaymentKind
    outcome: PaymentOutcome
    amount_fen: int
    components: dict[Component, int] = field(default_factory=dict)
    funds: dict[FundName, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Movement:
    movement_id: str
    kind: MovementKind
    pooling_region_code: str
    month: Month
    amount_fen: int
    resident_id: str = ""


@dataclass(frozen=True, slots=True)
class SpecialGroupSpell:
    """A resident's membership of a special group (SpecialGroup name without prefix) from one day to another."""

    group: str
    effective_from: date | None
    effective_to: date | None  # None: open-ended

    def holds_on(self, day: date) -> bool:
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_to is None or day <= self.effective_to
        )


@dataclass(frozen=True, slots=True)
class AwardFact:
    """An award as the monthly statistics count it: whose, where, and the first month it is paid."""

    award_id: str
    resident_id: str
    pooling_region_code: str
    village_code: str
    first_month: Month
