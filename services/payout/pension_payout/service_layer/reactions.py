"""Applies verification's findings to stored awards: suspend, resume with back pay, stop; withdraw and reclaim."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime
from typing import Any, Final

from pension_kit.clock import CHINA, now_to_millisecond, today_in_china
from pension_kit.errors import Aborted, NotFound
from pension_kit.identifiers import Month, parse_month
from pension_kit.mongo import Document
from pension_kit.outbox import NotifyRelay
from pension_kit.unit_of_work import Decision, UnitOfWork
from pension_payout.adapters.award_documents import award_state, stop_document, suspension_document
from pension_payout.adapters.award_reactions import AwardReactions, MongoAwardReactions
from pension_payout.adapters.case_messages import benefit_announcement
from pension_payout.adapters.store import AWARDS, PayoutStore, award_id, month_of, run_id
from pension_payout.domain.reactions import (
    SUSPENDED,
    Announcement,
    AwardState,
    CertificationOverdue,
    CertificationPassed,
    DeathConfirmed,
    DuplicateReceiptFound,
    Finding,
    ImprisonmentRecorded,
    MonthRange,
    Reaction,
    ReleasedFromPrison,
    Resumed,
    Stopped,
    Suspended,
    SuspensionCause,
    consequences,
    react,
)
from pension_payout.service_layer import PRODUCER
from pension_payout.service_layer.overpayments import HORIZON_MONTHS, OverpaymentService
from pension_payout.service_layer.payroll_records import PayrollRecords, StoredPayroll

log = logging.getLogger(__name__)

ACTOR: Final = "system"
# Payments that are paid or on their way to the bank: a month held by one is never back paid.
_NOT_HELD: Final = ("CANCELLED", "FAILED")
_WRITE_ATTEMPTS: Final = 8

# Builds the finding from the award as read (a proof of life needs what the payroll holds for the award).
FindingOf = Callable[[Document, AwardState], Awaitable[Finding]]


class ReactionService:
    """One method per verification event; each is idempotent by the event's id and safe to run again.

    The awards and payments are read through repositories made from `store` unless given (unit tests give
    in-memory ones and no store).
    """

    def __init__(
        self,
        store: PayoutStore | None,
        overpayments: OverpaymentService,
        *,
        resident_topic: str,
        notify_relay: NotifyRelay,
        today: Callable[[], date] = today_in_china,
        horizon_months: int = HORIZON_MONTHS,
        awards: AwardReactions | None = None,
        payroll: PayrollRecords | None = None,
    ) -> None:
        if awards is None or payroll is None:
            if store is None:
                raise TypeError("ReactionService needs the store or all of its repositories")
            awards = awards or MongoAwardReactions(store.awards)
            payroll = payroll or StoredPayroll(store, resident_topic=resident_topic, notify_relay=notify_relay)
        self.awards = awards
        self.payroll = payroll
        self.overpayments = overpayments
        self.resident_topic = resident_topic
        self.notify_relay = notify_relay
        self.today = today
        self.horizon_months = horizon_months

    # --- the six findings ------------------------------------------------------------------------

    async def certification_overdue(
        self, resident_id: str, *, event_id: str, suspend_from: Month | None, due_on: date | None
    ) -> Document | None:
        finding = CertificationOverdue(event_id, suspend_from, due_on)
        return await self._apply(resident_id, event_id, _given(finding), reason=f"certification overdue (due {due_on})")

    async def certification_passed(self, resident_id: str, *, event_id: str, occurred_at: datetime) -> Document | None:
        resumed_in = Month.of(occurred_at.astimezone(CHINA).date())
        # Whether the resumption month's run was found missing when the resumption was decided.
        run_missing_at_decision: list[bool] = []

        async def finding(award: Document, state: AwardState) -> Finding:
            suspension = state.suspension
            run_missing_at_decision.clear()
            if (
                state.status != SUSPENDED
                or suspension is None
                or suspension.cause is not SuspensionCause.CERTIFICATION_OVERDUE
            ):
                return CertificationPassed(event_id, resumed_in, False, frozenset())
            run_exists = await self._run_exists(award, resumed_in)
            run_missing_at_decision.append(not run_exists and suspension.start <= resumed_in)
            return CertificationPassed(
                event_id,
                resumed_in,
                run_exists,
                await self._held_months(award, MonthRange(suspension.start, resumed_in).months(resumed_in)),
            )

        award = await self._apply(resident_id, event_id, finding, reason="proof of life passed")
        if award is not None and run_missing_at_decision == [True]:
            await self._late_run(award, resumed_in)
        return award

    async def death_confirmed(self, resident_id: str, *, event_id: str, date_of_death: date) -> Document | None:
        finding = DeathConfirmed(event_id, date_of_death)
        return await self._apply(resident_id, event_id, _given(finding), reason=f"death on {date_of_death} confirmed")

    async def duplicate_receipt_found(self, resident_id: str, *, event_id: str, from_month: Month) -> Document | None:
        finding = DuplicateReceiptFound(event_id, from_month)
        return await self._apply(
            resident_id, event_id, _given(finding), reason=f"employees' pension received from {from_month}"
        )

    async def imprisonment_recorded(
        self, resident_id: str, *, event_id: str, term_start: date, term_end: date | None
    ) -> Document | None:
        finding = ImprisonmentRecorded(event_id, term_start, term_end)
        return await self._apply(
            resident_id, event_id, _given(finding), reason=f"prison term from {term_start} to {term_end or 'unknown'}"
        )

    async def released_from_prison(self, resident_id: str, *, event_id: str, released_on: date) -> Document | None:
        finding = ReleasedFromPrison(event_id, released_on)
        return await self._apply(
            resident_id, event_id, _given(finding), reason=f"released from prison on {released_on}"
        )

    # --- applying --------------------------------------------------------------------------------

    async def _apply(self, resident_id: str, event_id: str, finding_of: FindingOf, *, reason: str) -> Document | None:
        """Reads, decides, writes the award with its event in one write (the unit of work; the event's id is the
        request's); then withdraws prepared payments and refreshes overpayment cases. Returns the award, or None
        if there is none."""
        identifier = award_id(resident_id)
        award = await self.awards.get(identifier)
        if award is None:
            # Verification follows every pensioner, payout only those it has awarded: nothing to change.
            log.info("no award %s: event %s changes nothing", identifier, event_id)
            return None

        async def decide(award: Document) -> Decision[tuple[Document, Reaction | None]]:
            state = award_state(award)
            reaction = react(state, await finding_of(award, state))
            assert reaction is not None  # the unit of work answered an applied event already
            return self._decision(award, event_id, reaction)

        unit = UnitOfWork(
            self.awards,
            AWARDS,
            self.resident_topic,
            PRODUCER,
            self.notify_relay,
            attempts=_WRITE_ATTEMPTS,
            subject_key=lambda award: str(award["resident_id"]),
            conflict=lambda: Aborted("AWARD_CHANGED", f"{identifier} kept changing while event {event_id} was applied"),
        )
        written, reaction = await unit.write(
            identifier,
            request_id=event_id,
            actor=ACTOR,
            reason=reason,
            decide=decide,
            repeated=lambda award: (award, None),
            not_found=lambda: NotFound("AWARD_NOT_FOUND", f"no award {identifier}", field="resident_id"),
            read=award,
        )
        if reaction is None:
            # Applied before, perhaps by a process that died before finishing what follows: finish it.
            await self.settle(written)
        elif reaction.announcement is not None:
            log.info("award %s: %s", identifier, _describe(reaction.announcement))
            await self._follow(written, reaction)
        return written

    def _decision(
        self, award: Document, event_id: str, reaction: Reaction
    ) -> Decision[tuple[Document, Reaction | None]]:
        state = reaction.state
        fields: dict[str, Any] = {
            "status": state.status,
            "suspension": suspension_document(state.suspension),
            "stop": stop_document(state.stop),
            "ended_suspensions": [suspension_document(s) for s in state.ended_suspensions],
        }
        update: dict[str, Any] = {"$set": fields}
        # Back pay is added and removed month by month, never set whole: the payroll removes the months it has
        # paid without touching the version, and a whole list written from an older read would bring them back.
        if reaction.added_back_pay:
            update["$addToSet"] = {"back_pay_pending": {"$each": [str(m) for m in reaction.added_back_pay]}}
        elif reaction.dropped_back_pay:
            update["$pullAll"] = {"back_pay_pending": [str(m) for m in reaction.dropped_back_pay]}
        payloads = []
        if reaction.announcement is not None:
            fields["updated_at"] = now_to_millisecond()
            payloads.append(benefit_announcement(award, reaction.announcement))
        pending = [m for m in award.get("back_pay_pending") or [] if parse_month(m) not in reaction.dropped_back_pay]
        pending += [str(m) for m in reaction.added_back_pay if str(m) not in pending]
        applied = [*award.get("applied_events", []), event_id]
        written = {
            **award,
            **fields,
            "back_pay_pending": pending,
            "applied_events": applied,
            "applied_requests": applied,
            "version": (award.get("version") or 0) + 1,
        }
        return Decision(update, payloads, (written, reaction))

    async def _follow(self, award: Document, reaction: Reaction) -> None:
        follows = reaction.consequences
        if follows.withdraw:
            await self.withdraw(award, follows.withdraw)
        for cause in follows.overpayments:
            await self.overpayments.refresh_case(award, cause)

    async def settle(self, award: Document) -> None:
        """Does what the award's state requires of its payments: withdraws prepared ones of unpayable months and
        refreshes its overpayment cases. Idempotent."""
        follows = consequences(award_state(award))
        if follows.withdraw:
            await self.withdraw(award, follows.withdraw)
        for cause in follows.overpayments:
            await self.overpayments.refresh_case(award, cause)

    async def withdraw(self, award: Document, ranges: Sequence[MonthRange]) -> list[str]:
        """Withdraws the PREPARED payments of these months from their runs; one whose run has begun exporting is
        left to the bank (and, if paid, becomes an overpayment): see payroll.withdraw_payment."""
        horizon = Month.of(self.today()).plus_months(self.horizon_months)
        first_month = month_of(award, "first_month")
        months = sorted({m for r in ranges for m in r.months(horizon) if first_month is None or m >= first_month})
        found = await self.payroll.payments_of_months(award["_id"], months)
        cancelled = []
        for payment in found:
            if payment["status"] != "PREPARED":
                continue
            if await self.payroll.withdraw(payment, actor=ACTOR, reason=f"{payment['month']} is no longer payable"):
                cancelled.append(payment["_id"])
        if cancelled:
            log.info("award %s: %d prepared payments withdrawn", award["_id"], len(cancelled))
        return cancelled

    # --- facts a proof of life needs ---------------------------------------------------------------

    async def _run_exists(self, award: Document, month: Month) -> bool:
        return await self.payroll.run_status(run_id(award["pooling_region_code"], month)) is not None

    async def _held_months(self, award: Document, months: Sequence[Month]) -> frozenset[Month]:
        found = await self.payroll.payments_of_months(award["_id"], months)
        return frozenset(parse_month(p["month"]) for p in found if p["status"] not in _NOT_HELD)

    async def _late_run(self, award: Document, resumed_in: Month) -> None:
        """A run for the resumption month prepared while the resumption was being written saw the award still
        suspended and left that month out: the month is added to the back pay. Should that run have paid it
        after all, the payment's id (award and month) keeps it from being paid twice."""
        if not await self._run_exists(award, resumed_in) or resumed_in in await self._held_months(award, [resumed_in]):
            return
        await self.awards.add_back_pay_if_active(award["_id"], str(resumed_in))


def _given(finding: Finding) -> FindingOf:
    async def of(award: Document, state: AwardState) -> Finding:
        return finding

    return of


def _describe(announcement: Announcement) -> str:
    match announcement:
        case Suspended():
            return f"suspended ({announcement.cause.name}) from {announcement.start} until {announcement.until}"
        case Resumed():
            back = ", ".join(str(m) for m in announcement.back_pay_months) or "none"
            return f"resumed ({announcement.cause.name}) from {announcement.start}; back pay {back}"
        case Stopped():
            return f"stopped ({announcement.cause.name}) from {announcement.start}"
