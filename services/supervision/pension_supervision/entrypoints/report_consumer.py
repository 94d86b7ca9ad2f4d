"""Keeps the facts of the notice, the reconciliation, the disclosure, the monthly statistics and the review lists
from enrolment's, payout's and verification's events (consumer group `supervision-reports`). Each handler writes by
the fact's own id, so an event applied twice counts once even past the consumer's own record of applied events."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date

from pymongo.asynchronous.database import AsyncDatabase

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2
from pension.enrolment.v1 import events_pb2 as enrolment_events
from pension.payout.v1 import events_pb2 as payout_events
from pension.payout.v1 import payout_pb2
from pension_kit.clock import CHINA
from pension_kit.config import KitSettings
from pension_kit.consumer import Handler, IdempotentConsumer
from pension_kit.events import ReceivedEvent
from pension_kit.identifiers import Month
from pension_kit.mongo import Document
from pension_kit.protoconv import from_calendar_date
from pension_supervision.adapters.report_facts import EventRef, ReportFacts, VillageFact
from pension_supervision.adapters.review_facts import ReviewFacts
from pension_supervision.domain.facts import (
    AwardFact,
    Component,
    ContributionFact,
    ContributionKind,
    FundName,
    Movement,
    MovementKind,
    PaymentFact,
    PaymentKind,
    PaymentOutcome,
    ResidentFact,
    SpecialGroupSpell,
    month_of_day,
    month_of_moment,
    payroll_month,
)
from pension_supervision.domain.monthly_statistics import AwardChange
from pension_supervision.entrypoints.review_fact_handlers import AWARD_GRANTED, review_fact_handlers

_OUTCOMES = {
    payout_events.PaymentPaid.DESCRIPTOR.full_name: PaymentOutcome.PAID,
    payout_events.PaymentFailed.DESCRIPTOR.full_name: PaymentOutcome.FAILED,
    payout_events.PaymentCancelled.DESCRIPTOR.full_name: PaymentOutcome.CANCELLED,
}

_COMPONENTS = {types_pb2.BenefitComponent.Value(f"BENEFIT_COMPONENT_{c.value}"): c for c in Component}
_FUNDS = {types_pb2.Fund.Value(f"FUND_{f.value}"): f for f in (FundName.INDIVIDUAL_ACCOUNT, FundName.POOLED)}


class UnknownResident(RuntimeError):
    """A fact about a resident whose enrolment has not been seen: retried, then parked with the key."""


def _day(value: types_pb2.CalendarDate) -> date | None:
    return from_calendar_date(value, field="date", required=False)


def _month_of(value: types_pb2.CalendarDate, event: ReceivedEvent) -> Month:
    """The month of a value date, or of the moment the event happened when it carries none."""
    day = _day(value)
    return month_of_day(day) if day else month_of_moment(event.envelope.occurred_at.ToDatetime(tzinfo=UTC))


def _spells(memberships: Iterable[enrolment_pb2.SpecialGroupMembership]) -> list[SpecialGroupSpell]:
    return [
        SpecialGroupSpell(
            types_pb2.SpecialGroup.Name(m.group).removeprefix("SPECIAL_GROUP_"),
            _day(m.effective_from),
            _day(m.effective_until),
        )
        for m in memberships
    ]


def _year_month(value: types_pb2.YearMonth) -> Month:
    return Month(value.year, value.month)


def _change(event: ReceivedEvent, from_month: types_pb2.YearMonth, *, suspended: bool) -> AwardChange:
    """A suspension or resumption, in the order payout announced it (its event's time)."""
    return AwardChange(_year_month(from_month), _ref(event).occurred_at, event.event_id, suspended)


def _ref(event: ReceivedEvent) -> EventRef:
    return EventRef(
        event.event_id,
        event.event_type,
        event.envelope.subject_key,
        event.envelope.occurred_at.ToDatetime(tzinfo=UTC),
    )


def _payment(event: ReceivedEvent) -> PaymentFact:
    payload = event.payload()
    assert isinstance(payload, payout_events.PaymentPaid | payout_events.PaymentFailed | payout_events.PaymentCancelled)
    payment = payload.payment
    benefit_month = Month(payment.month.year, payment.month.month)
    components: dict[Component, int] = {}
    funds: dict[FundName, int] = {}
    for amount in payment.amounts:
        # A component or fund added to the contract later counts in the payment's total, not by name.
        component = _COMPONENTS.get(amount.component)
        if component is not None:
            components[component] = components.get(component, 0) + amount.amount_fen
        fund = _FUNDS.get(amount.fund)
        if fund is not None:
            funds[fund] = funds.get(fund, 0) + amount.amount_fen
    return PaymentFact(
        payment_id=payment.payment_id,
        attempt=payment.attempt,
        resident_id=payment.resident_id,
        pooling_region_code=payment.pooling_region_code,
        village_code=payment.village_code,
        payroll_month=payroll_month(payment.payroll_run_id, benefit_month),
        benefit_month=benefit_month,
        kind=PaymentKind.BACK_PAY if payment.kind == payout_pb2.PAYMENT_KIND_BACK_PAY else PaymentKind.REGULAR,
        outcome=_OUTCOMES[event.event_type],
        amount_fen=payment.amount_fen,
        components=components,
        funds=funds,
    )


def report_consumer(
    settings: KitSettings, database: AsyncDatabase[Document], group_id: str, facts: ReportFacts
) -> IdempotentConsumer:
    async def resident(resident_id: str) -> ResidentFact:
        found = await facts.residents([resident_id])
        if resident_id not in found:
            raise UnknownResident(f"resident {resident_id} has no enrolment fact yet")
        return found[resident_id]

    async def region_of(resident_id: str, given: str) -> str:
        return given or (await resident(resident_id)).pooling_region_code

    async def village_of(resident_id: str, given: str) -> str:
        # Events written before they carried the village count in the village the resident is in now.
        return given or (await resident(resident_id)).village_code

    async def on_enrolled(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, enrolment_events.ResidentEnrolled)
        await facts.resident_enrolled(
            ResidentFact(
                resident_id=payload.resident_id,
                pooling_region_code=payload.pooling_region_code,
                village_code=payload.village_code,
                name_masked=payload.name_masked,
                citizen_id_masked=payload.citizen_id_masked,
                enrolled_on=_day(payload.enrolled_on) or _ref(event).occurred_at.astimezone(CHINA).date(),
            ),
            _spells(payload.special_groups),
        )

    async def on_special_groups_changed(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, enrolment_events.SpecialGroupsChanged)
        await facts.special_groups_changed(payload.resident_id, _spells(payload.special_groups))

    async def on_village_changed(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, enrolment_events.VillageChanged)
        await facts.resident_moved(payload.resident_id, payload.village_code)

    async def on_terminated(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, enrolment_events.EnrolmentTerminated)
        ended_on = (
            _day(payload.terminated_on)
            or _day(payload.date_of_death)
            or _ref(event).occurred_at.astimezone(CHINA).date()
        )
        cause = enrolment_pb2.TerminationCause.Name(payload.cause).removeprefix("TERMINATION_CAUSE_")
        await facts.resident_ended(payload.resident_id, ended_on, cause)
        if payload.cause == enrolment_pb2.TERMINATION_CAUSE_TRANSFER_OUT and payload.transferred_balance_fen:
            await facts.movement(
                Movement(
                    # The ledger entry's id (the resident's own): a transfer letter's reference is the sending
                    # region's numbering, which two residents' letters (or one household's) may share.
                    movement_id=payload.transfer_out_entry.entry_id or event.event_id,
                    kind=MovementKind.TRANSFER_OUT,
                    pooling_region_code=await region_of(payload.resident_id, payload.pooling_region_code),
                    month=month_of_day(ended_on),
                    amount_fen=payload.transferred_balance_fen,
                    resident_id=payload.resident_id,
                )
            )

    async def on_transferred_in(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, enrolment_events.ResidentTransferredIn)
        await facts.movement(
            Movement(
                movement_id=payload.entry.entry_id or event.event_id,  # as a transfer out's, not the reference
                kind=MovementKind.TRANSFER_IN,
                pooling_region_code=await region_of(payload.resident_id, ""),
                month=_month_of(payload.entry.value_date, event),
                amount_fen=payload.balance_fen,
                resident_id=payload.resident_id,
            )
        )

    async def on_village_registered(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, enrolment_events.VillageRegistered)
        village = payload.village
        await facts.village_registered(
            VillageFact(village.village_code, village.name, village.township_name, village.pooling_region_code)
        )

    async def on_contribution(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, enrolment_events.ContributionRecorded)
        paid_on = _day(payload.paid_on) or _ref(event).occurred_at.astimezone(CHINA).date()
        paid_on_behalf = payload.kind == types_pb2.CONTRIBUTION_KIND_PAID_ON_BEHALF
        await facts.contribution_recorded(
            ContributionFact(
                contribution_id=payload.contribution_id,
                resident_id=payload.resident_id,
                pooling_region_code=await region_of(payload.resident_id, payload.pooling_region_code),
                village_code=await village_of(payload.resident_id, payload.village_code),
                year=payload.year,
                kind=ContributionKind(types_pb2.ContributionKind.Name(payload.kind).removeprefix("CONTRIBUTION_KIND_")),
                grade_fen=payload.grade_fen,
                personal_fen=payload.personal_fen,
                subsidy_fen=payload.subsidy_fen,
                paid_on_behalf_fen=payload.paid_on_behalf_fen,
                collective_fen=payload.collective_fen,
                paid_on=paid_on,
                channel=types_pb2.ContributionChannel.Name(payload.channel).removeprefix("CONTRIBUTION_CHANNEL_"),
                policy_version_id=payload.policy_version_id,
                # The resident's events come in order: their memberships on the day paid are known by now.
                special_group=await facts.special_group_on(payload.resident_id, paid_on) if paid_on_behalf else "",
            )
        )

    async def on_reversed(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, enrolment_events.ContributionReversed)
        value_date = payload.entries[0].value_date if payload.entries else types_pb2.CalendarDate()
        await facts.contribution_reversed(payload.contribution_id, _month_of(value_date, event))

    async def on_interest(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, enrolment_events.InterestCredited)
        await facts.movement(
            Movement(
                movement_id=payload.entry.entry_id or event.event_id,
                kind=MovementKind.INTEREST,
                pooling_region_code=await region_of(payload.resident_id, payload.pooling_region_code),
                month=_month_of(payload.entry.value_date, event),
                amount_fen=payload.interest_fen,
                resident_id=payload.resident_id,
            )
        )

    async def on_payment(event: ReceivedEvent) -> None:
        payment = _payment(event)
        if not payment.village_code or not payment.pooling_region_code:
            payment = replace(
                payment,
                village_code=await village_of(payment.resident_id, payment.village_code),
                pooling_region_code=await region_of(payment.resident_id, payment.pooling_region_code),
            )
        await facts.payment_settled(payment)

    async def on_award_granted(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, payout_events.AwardGranted)
        award = payload.award
        await facts.award_granted(
            AwardFact(
                award_id=award.award_id,
                resident_id=award.resident_id,
                pooling_region_code=await region_of(award.resident_id, award.pooling_region_code),
                village_code=await village_of(award.resident_id, award.village_code),
                first_month=_year_month(award.first_month),
            )
        )

    async def on_suspended(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, payout_events.BenefitSuspended)
        region = await region_of(payload.resident_id, payload.pooling_region_code)
        await facts.award_changed(payload.award_id, region, _change(event, payload.from_month, suspended=True))

    async def on_resumed(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, payout_events.BenefitResumed)
        region = await region_of(payload.resident_id, payload.pooling_region_code)
        await facts.award_changed(payload.award_id, region, _change(event, payload.from_month, suspended=False))

    async def on_stopped(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, payout_events.BenefitStopped)
        region = await region_of(payload.resident_id, payload.pooling_region_code)
        # The last payable month is the one before the first month not payable (a death's own month).
        cause = payout_pb2.StopCause.Name(payload.cause).removeprefix("STOP_CAUSE_")
        await facts.award_stopped(payload.award_id, region, _year_month(payload.from_month).previous(), cause)

    async def on_exported(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, payout_events.PayrollExported)
        await facts.payroll_exported(
            payload.payroll_run_id,
            payload.pooling_region_code,
            Month(payload.month.year, payload.month.month),
            payload.record_count,
            payload.total_fen,
            _ref(event),
        )

    async def on_bank_return(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, payout_events.BankReturnImported)
        batch = payload.batch
        await facts.bank_return_imported(
            batch.batch_id,
            payroll_run_id=payload.payroll_run_id,
            region=payload.pooling_region_code,
            month=Month(payload.month.year, payload.month.month),
            paid_count=batch.paid_count,
            paid_fen=batch.paid_fen,
            failed_count=batch.failed_count,
            failed_fen=batch.failed_fen,
            source=_ref(event),
        )

    async def on_closed(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, payout_events.PayrollClosed)
        run = payload.payroll
        await facts.payroll_closed(run.payroll_run_id, run.pooling_region_code, Month(run.month.year, run.month.month))

    async def on_inheritance_paid(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, payout_events.InheritancePaid)
        inheritance = payload.inheritance
        # The whole balance leaves the account; an overpayment offset from it is a recovery of its own.
        await facts.movement(
            Movement(
                movement_id=inheritance.inheritance_id or event.event_id,
                kind=MovementKind.INHERITANCE,
                pooling_region_code=await region_of(inheritance.resident_id, inheritance.pooling_region_code),
                month=_month_of(inheritance.paid_on, event),
                amount_fen=inheritance.balance_fen,
                resident_id=inheritance.resident_id,
            )
        )

    async def on_recovery(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, payout_events.RecoveryRecorded)
        await facts.movement(
            Movement(
                movement_id=payload.recovery.recovery_id or event.event_id,
                kind=MovementKind.RECOVERY,
                pooling_region_code=await region_of(payload.resident_id, payload.pooling_region_code),
                month=_month_of(payload.recovery.recovered_on, event),
                amount_fen=payload.recovery.amount_fen,
                resident_id=payload.resident_id,
            )
        )

    handlers: dict[str, Handler] = {
        enrolment_events.ResidentEnrolled.DESCRIPTOR.full_name: on_enrolled,
        enrolment_events.VillageChanged.DESCRIPTOR.full_name: on_village_changed,
        enrolment_events.SpecialGroupsChanged.DESCRIPTOR.full_name: on_special_groups_changed,
        enrolment_events.EnrolmentTerminated.DESCRIPTOR.full_name: on_terminated,
        enrolment_events.ResidentTransferredIn.DESCRIPTOR.full_name: on_transferred_in,
        enrolment_events.VillageRegistered.DESCRIPTOR.full_name: on_village_registered,
        enrolment_events.ContributionRecorded.DESCRIPTOR.full_name: on_contribution,
        enrolment_events.ContributionReversed.DESCRIPTOR.full_name: on_reversed,
        enrolment_events.InterestCredited.DESCRIPTOR.full_name: on_interest,
        payout_events.AwardGranted.DESCRIPTOR.full_name: on_award_granted,
        payout_events.BenefitSuspended.DESCRIPTOR.full_name: on_suspended,
        payout_events.BenefitResumed.DESCRIPTOR.full_name: on_resumed,
        payout_events.BenefitStopped.DESCRIPTOR.full_name: on_stopped,
        payout_events.PaymentPaid.DESCRIPTOR.full_name: on_payment,
        payout_events.PaymentFailed.DESCRIPTOR.full_name: on_payment,
        payout_events.PaymentCancelled.DESCRIPTOR.full_name: on_payment,
        payout_events.PayrollExported.DESCRIPTOR.full_name: on_exported,
        payout_events.BankReturnImported.DESCRIPTOR.full_name: on_bank_return,
        payout_events.PayrollClosed.DESCRIPTOR.full_name: on_closed,
        payout_events.InheritancePaid.DESCRIPTOR.full_name: on_inheritance_paid,
        payout_events.RecoveryRecorded.DESCRIPTOR.full_name: on_recovery,
    }

    async def place_of(resident_id: str, region: str, village: str) -> tuple[str, str]:
        return await region_of(resident_id, region), await village_of(resident_id, village)

    # The review lists' facts (how an award is shown, certifications): kept in their own module.
    handlers.update(review_fact_handlers(ReviewFacts(database), recorded=handlers[AWARD_GRANTED], where=place_of))
    return IdempotentConsumer(
        settings,
        database,
        group_id=group_id,
        topics=[
            settings.topic_enrolment_resident,
            settings.topic_enrolment_region,
            settings.topic_payout_resident,
            settings.topic_payout_region,
            settings.topic_verification_resident,
        ],
        handlers=handlers,
    )
