"""What verification's findings do to an award: its new state, what is announced, and what follows for payments."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import IntEnum
from typing import Final

from pension_kit.identifiers import Month

__all__ = [
    "ACTIVE",
    "STOPPED",
    "SUSPENDED",
    "AwardState",
    "CertificationOverdue",
    "CertificationPassed",
    "Consequences",
    "DeathConfirmed",
    "DuplicateReceiptFound",
    "Finding",
    "ImprisonmentRecorded",
    "MonthRange",
    "OverpaymentCause",
    "Reaction",
    "ReleasedFromPrison",
    "Resumed",
    "ResumptionCause",
    "Stop",
    "StopCause",
    "Stopped",
    "Suspended",
    "Suspension",
    "SuspensionCause",
    "UnusableFinding",
    "consequences",
    "overpaid_ranges",
    "overpayment_causes",
    "react",
]

ACTIVE: Final = "ACTIVE"
SUSPENDED: Final = "SUSPENDED"
STOPPED: Final = "STOPPED"


class SuspensionCause(IntEnum):
    """pension.payout.v1.SuspensionCause."""

    CERTIFICATION_OVERDUE = 1
    IMPRISONMENT = 2
    OFFICER_DECISION = 3


class ResumptionCause(IntEnum):
    """pension.payout.v1.ResumptionCause."""

    CERTIFIED = 1
    RELEASED = 2
    OFFICER_DECISION = 3


class StopCause(IntEnum):
    """pension.payout.v1.StopCause."""

    DEATH = 1
    DUPLICATE_RECEIPT = 2
    TRANSFER_OUT = 3
    OFFICER_DECISION = 4


class OverpaymentCause(IntEnum):
    """pension.payout.v1.OverpaymentCause."""

    DEATH = 1
    DUPLICATE_RECEIPT = 2
    IMPRISONMENT = 3
    OTHER = 4


_OVERPAYMENT_OF_STOP: Final = {
    StopCause.DEATH: OverpaymentCause.DEATH,
    StopCause.DUPLICATE_RECEIPT: OverpaymentCause.DUPLICATE_RECEIPT,
    StopCause.TRANSFER_OUT: OverpaymentCause.OTHER,
    StopCause.OFFICER_DECISION: OverpaymentCause.OTHER,
}


class UnusableFinding(ValueError):
    """A finding that lacks what its rule needs (e.g. an overdue certification without any date)."""


@dataclass(frozen=True, slots=True)
class MonthRange:
    """Months from `first` to `last` inclusive; `last` None means with no end yet."""

    first: Month
    last: Month | None

    def __contains__(self, month: object) -> bool:
        if not isinstance(month, Month):
            return False
        return self.first <= month and (self.last is None or month <= self.last)

    @property
    def empty(self) -> bool:
        return self.last is not None and self.last < self.first

    def months(self, horizon: Month) -> list[Month]:
        """The months of the range up to `horizon` (which closes an open range)."""
        end = horizon if self.last is None else min(self.last, horizon)
        months = []
        month = self.first
        while month <= end:
            months.append(month)
            month = month.next()
        return months

    def before(self, limit: Month) -> MonthRange:
        """The part of the range before `limit` (possibly empty)."""
        last = limit.previous() if self.last is None else min(self.last, limit.previous())
        return MonthRange(self.first, last)


@dataclass(frozen=True, slots=True)
class Suspension:
    """Months not paid for a while: from `start` to `until` inclusive (None: until resumed)."""

    cause: SuspensionCause
    start: Month
    until: Month | None
    cause_event_id: str

    @property
    def months(self) -> MonthRange:
        return MonthRange(self.start, self.until)


@dataclass(frozen=True, slots=True)
class Stop:
    """Months not paid for good, from `start` on."""

    cause: StopCause
    start: Month
    date_of_death: date | None
    cause_event_id: str

    @property
    def months(self) -> MonthRange:
        return MonthRange(self.start, None)


@dataclass(frozen=True, slots=True)
class AwardState:
    """The part of an award its reactions read and change.

    `suspension` is the current (or, once a prison term has ended, the last) suspension: the payroll reads
    it to leave months out. `ended_suspensions` keeps the ones that were replaced, so that the months of
    an earlier prison term stay an overpayment when a payment for them turns out paid later.
    """

    status: str
    suspension: Suspension | None = None
    stop: Stop | None = None
    back_pay_pending: tuple[Month, ...] = ()
    ended_suspensions: tuple[Suspension, ...] = ()
    applied_events: frozenset[str] = frozenset()

    def imprisonments(self) -> tuple[Suspension, ...]:
        every = (*self.ended_suspensions, *((self.suspension,) if self.suspension else ()))
        return tuple(s for s in every if s.cause is SuspensionCause.IMPRISONMENT)


# --- findings: verification's events as the rules need them -------------------------------------------


@dataclass(frozen=True, slots=True)
class CertificationOverdue:
    event_id: str
    suspend_from: Month | None
    due_on: date | None


@dataclass(frozen=True, slots=True)
class CertificationPassed:
    """A proof of life; the caller tells what the stored payroll knows of the months concerned."""

    event_id: str
    # The month of the event in China Standard Time: the first month paid again.
    resumed_in: Month
    # Whether the region's payroll run for `resumed_in` exists already (so that month is back paid).
    run_exists_for_resumption_month: bool
    # Months that have a payment which is neither CANCELLED nor FAILED: paid, or on its way.
    held_months: frozenset[Month]


@dataclass(frozen=True, slots=True)
class DeathConfirmed:
    event_id: str
    date_of_death: date


@dataclass(frozen=True, slots=True)
class DuplicateReceiptFound:
    event_id: str
    from_month: Month


@dataclass(frozen=True, slots=True)
class ImprisonmentRecorded:
    event_id: str
    term_start: date
    term_end: date | None


@dataclass(frozen=True, slots=True)
class ReleasedFromPrison:
    event_id: str
    released_on: date


Finding = (
    CertificationOverdue
    | CertificationPassed
    | DeathConfirmed
    | DuplicateReceiptFound
    | ImprisonmentRecorded
    | ReleasedFromPrison
)


# --- announcements: the payout events a reaction causes -----------------------------------------------


@dataclass(frozen=True, slots=True)
class Suspended:
    cause: SuspensionCause
    start: Month
    until: Month | None
    cause_event_id: str


@dataclass(frozen=True, slots=True)
class Resumed:
    cause: ResumptionCause
    start: Month
    back_pay_months: tuple[Month, ...]
    cause_event_id: str


@dataclass(frozen=True, slots=True)
class Stopped:
    cause: StopCause
    start: Month
    date_of_death: date | None
    cause_event_id: str


Announcement = Suspended | Resumed | Stopped


@dataclass(frozen=True, slots=True)
class Consequences:
    """What must follow a state: prepared payments of these months withdrawn, these overpayment cases refreshed."""

    withdraw: tuple[MonthRange, ...]
    overpayments: tuple[OverpaymentCause, ...]


@dataclass(frozen=True, slots=True)
class Reaction:
    """The award after a finding; `announcement` None when the finding changes nothing (it is still recorded,
    so that a redelivery after later changes cannot apply it out of order)."""

    state: AwardState
    announcement: Announcement | None = None
    added_back_pay: tuple[Month, ...] = ()
    dropped_back_pay: tuple[Month, ...] = ()

    @property
    def consequences(self) -> Consequences:
        if self.announcement is None:
            return Consequences((), ())
        return consequences(self.state)


# --- the rules -------------------------------------------------------------------------------------


def react(state: AwardState, finding: Finding) -> Reaction | None:
    """The award after `finding`; None when the finding was applied to it before."""
    if finding.event_id in state.applied_events:
        return None
    noted = replace(state, applied_events=state.applied_events | {finding.event_id})
    if state.stop is not None or state.status == STOPPED:
        return Reaction(noted)  # a stopped award never changes again
    match finding:
        case CertificationOverdue():
            return _certification_overdue(noted, finding)
        case CertificationPassed():
            return _certification_passed(noted, finding)
        case DeathConfirmed():
            start = Month.of(finding.date_of_death).next()
            return _stop(noted, Stopped(StopCause.DEATH, start, finding.date_of_death, finding.event_id))
        case DuplicateReceiptFound():
            return _stop(noted, Stopped(StopCause.DUPLICATE_RECEIPT, finding.from_month, None, finding.event_id))
        case ImprisonmentRecorded():
            return _imprisonment(noted, finding)
        case ReleasedFromPrison():
            return _release(noted, finding)


def _certification_overdue(state: AwardState, finding: CertificationOverdue) -> Reaction:
    if state.status != ACTIVE:
        return Reaction(state)  # already suspended (overdue or in prison): the first cause holds
    if finding.suspend_from is not None:
        start = finding.suspend_from
    elif finding.due_on is not None:
        start = Month.of(finding.due_on).next()
    else:
        raise UnusableFinding("an overdue certification names neither the month to suspend from nor the due date")
    ended = state.ended_suspensions
    if state.suspension is not None:
        # An ended prison term: kept, and never covered by this suspension, whose months may be back paid.
        ended = (*ended, state.suspension)
        if state.suspension.until is not None and start <= state.suspension.until:
            start = state.suspension.until.next()
    suspension = Suspension(SuspensionCause.CERTIFICATION_OVERDUE, start, None, finding.event_id)
    return Reaction(
        replace(state, status=SUSPENDED, suspension=suspension, ended_suspensions=ended),
        Suspended(suspension.cause, start, None, finding.event_id),
    )


def _certification_passed(state: AwardState, finding: CertificationPassed) -> Reaction:
    suspension = state.suspension
    if state.status != SUSPENDED or suspension is None or suspension.cause is not SuspensionCause.CERTIFICATION_OVERDUE:
        return Reaction(state)  # nothing to resume (or suspended for another cause, which a proof does not lift)
    resumed_in = finding.resumed_in
    missed = MonthRange(suspension.start, resumed_in.previous()).months(resumed_in)
    if finding.run_exists_for_resumption_month and suspension.start <= resumed_in:
        missed.append(resumed_in)  # its run went without this pensioner: the next run pays it back
    never_paid = state.imprisonments()
    pending = set(state.back_pay_pending)
    back_pay = tuple(
        month
        for month in missed
        if month not in finding.held_months
        and month not in pending
        and not any(month in term.months for term in never_paid)
    )
    ended = state.ended_suspensions
    if suspension.start <= resumed_in.previous():
        ended = (*ended, replace(suspension, until=resumed_in.previous()))
    return Reaction(
        replace(
            state,
            status=ACTIVE,
            suspension=None,
            back_pay_pending=(*state.back_pay_pending, *back_pay),
            ended_suspensions=ended,
        ),
        Resumed(ResumptionCause.CERTIFIED, resumed_in, back_pay, finding.event_id),
        added_back_pay=back_pay,
    )


def _stop(state: AwardState, stopped: Stopped) -> Reaction:
    stop = Stop(stopped.cause, stopped.start, stopped.date_of_death, stopped.cause_event_id)
    dropped = tuple(month for month in state.back_pay_pending if month >= stop.start)
    kept = tuple(month for month in state.back_pay_pending if month < stop.start)
    return Reaction(
        replace(state, status=STOPPED, stop=stop, back_pay_pending=kept),
        stopped,
        dropped_back_pay=dropped,
    )


def _imprisonment(state: AwardState, finding: ImprisonmentRecorded) -> Reaction:
    # Paid for the month the term starts in; suspended from the next one to the month it ends.
    term = Suspension(
        SuspensionCause.IMPRISONMENT,
        Month.of(finding.term_start).next(),
        Month.of(finding.term_end) if finding.term_end else None,
        finding.event_id,
    )
    if term.months.empty:
        return Reaction(state)  # a term within one month suspends nothing
    current = state.suspension
    if current is not None and term.until is not None and term.until < current.start:
        # A past term recorded late, before the current suspension: kept for its overpayment only.
        return Reaction(
            replace(
                state,
                ended_suspensions=(*state.ended_suspensions, term),
                back_pay_pending=tuple(month for month in state.back_pay_pending if month not in term.months),
            ),
            Suspended(term.cause, term.start, term.until, finding.event_id),
            dropped_back_pay=tuple(month for month in state.back_pay_pending if month in term.months),
        )
    suspension = term
    ended = state.ended_suspensions
    if current is None:
        pass
    elif current.cause is SuspensionCause.IMPRISONMENT and (current.until is None or term.start <= current.until):
        # The same term again, corrected: its start is the earlier one, its end the newest record's.
        suspension = replace(term, start=min(current.start, term.start))
    elif current.start < term.start:
        # An ended term, or a suspension for another cause: the prison term takes over from its start.
        # Months of an overdue certification before the term stay unpaid unless an officer decides otherwise.
        last = term.start.previous() if current.until is None else min(current.until, term.start.previous())
        ended = (*ended, replace(current, until=last))
    dropped = tuple(month for month in state.back_pay_pending if month in suspension.months)
    return Reaction(
        replace(
            state,
            status=SUSPENDED,
            suspension=suspension,
            ended_suspensions=ended,
            back_pay_pending=tuple(month for month in state.back_pay_pending if month not in dropped),
        ),
        Suspended(suspension.cause, suspension.start, suspension.until, finding.event_id),
        dropped_back_pay=dropped,
    )


def _release(state: AwardState, finding: ReleasedFromPrison) -> Reaction:
    current = state.suspension
    if current is None or current.cause is not SuspensionCause.IMPRISONMENT:
        return Reaction(state)
    released_in = Month.of(finding.released_on)
    if current.until == released_in and state.status == ACTIVE:
        return Reaction(state)  # this release is known already
    # Paid again from the month after release, never back paid for the term.
    suspension = replace(current, until=released_in)
    dropped = tuple(month for month in state.back_pay_pending if month in suspension.months)
    return Reaction(
        replace(
            state,
            status=ACTIVE,
            suspension=suspension,
            back_pay_pending=tuple(month for month in state.back_pay_pending if month not in dropped),
        ),
        Resumed(ResumptionCause.RELEASED, released_in.next(), (), finding.event_id),
        dropped_back_pay=dropped,
    )


# --- what follows a state ----------------------------------------------------------------------------


def overpaid_ranges(state: AwardState, cause: OverpaymentCause) -> tuple[MonthRange, ...]:
    """The months whose paid payments are an overpayment of `cause`; each month belongs to one cause only."""
    stop = state.stop
    if cause is OverpaymentCause.IMPRISONMENT:
        terms = tuple(term.months for term in state.imprisonments())
        if stop is not None:
            # Months after a stop are the stop's overpayment, not the prison term's: never claimed twice.
            terms = tuple(term.before(stop.start) for term in terms)
        return tuple(term for term in terms if not term.empty)
    if stop is not None and _OVERPAYMENT_OF_STOP[stop.cause] is cause:
        return (stop.months,)
    return ()


def overpayment_causes(state: AwardState) -> tuple[OverpaymentCause, ...]:
    """The overpayment cases an award's state may give rise to."""
    causes = []
    if state.stop is not None:
        causes.append(_OVERPAYMENT_OF_STOP[state.stop.cause])
    if state.imprisonments():
        causes.append(OverpaymentCause.IMPRISONMENT)
    return tuple(causes)


def consequences(state: AwardState) -> Consequences:
    """Prepared payments of unpayable months are withdrawn (an exported one is past recall: if it is paid, it
    is an overpayment); the overpayment cases of the state are refreshed."""
    withdraw: list[MonthRange] = []
    if state.stop is not None:
        withdraw.append(state.stop.months)
    if state.suspension is not None and not state.suspension.months.empty:
        withdraw.append(state.suspension.months)
    withdraw.extend(term.months for term in state.ended_suspensions if term.cause is SuspensionCause.IMPRISONMENT)
    return Consequences(tuple(withdraw), overpayment_causes(state))
