"""The alert rules' consumer (group `supervision-alerts`): every topic, one handler per event type the rules read,
each turning the event into facts and evidence (masked identifiers only) for the rule watch."""

from __future__ import annotations

from datetime import UTC

from pymongo.asynchronous.database import AsyncDatabase

from pension.enrolment.v1 import enrolment_pb2
from pension.enrolment.v1 import events_pb2 as enrolment_events
from pension.payout.v1 import events_pb2 as payout_events
from pension.supervision.v1 import events_pb2 as supervision_events
from pension.supervision.v1 import supervision_pb2
from pension.verification.v1 import events_pb2 as verification_events
from pension.verification.v1 import verification_pb2
from pension_kit.clock import CHINA
from pension_kit.config import KitSettings
from pension_kit.consumer import Handler, IdempotentConsumer
from pension_kit.events import ReceivedEvent
from pension_kit.money import format_yuan
from pension_kit.mongo import Document
from pension_kit.protoconv import from_calendar_date, from_year_month
from pension_supervision.domain.alert_rules.far_from_village import Point
from pension_supervision.domain.alert_rules.payment_after_death import PaidMonth, RecordedDeath
from pension_supervision.domain.alert_rules.payroll_reconciliation import BatchReturn
from pension_supervision.domain.alerts import Evidence
from pension_supervision.service_layer.rule_watch import CertificationSeen, RuleWatch

VISIT_TOO_FAR = "VISIT_TOO_FAR"


def evidence_of(event: ReceivedEvent, summary: str) -> Evidence:
    envelope = event.envelope
    return Evidence(
        event_id=envelope.event_id,
        event_type=envelope.event_type,
        subject_key=envelope.subject_key,
        occurred_at=envelope.occurred_at.ToDatetime(tzinfo=UTC),
        summary=summary,
    )


def _method(value: int) -> str:
    return verification_pb2.CertificationMethod.Name(value).removeprefix("CERTIFICATION_METHOD_")


def alert_consumer(
    settings: KitSettings,
    database: AsyncDatabase[Document],
    group_id: str,
    watch: RuleWatch,
) -> IdempotentConsumer:
    # --- enrolment -----------------------------------------------------------------------------------------

    async def on_enrolled(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, enrolment_events.ResidentEnrolled)
        birth_date = from_calendar_date(payload.birth_date, field="birth_date")
        assert birth_date is not None
        await watch.resident_enrolled(
            payload.resident_id,
            pooling_region_code=payload.pooling_region_code,
            village_code=payload.village_code,
            birth_date=birth_date,
        )

    async def on_terminated(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, enrolment_events.EnrolmentTerminated)
        if payload.cause != enrolment_pb2.TERMINATION_CAUSE_DEATH:
            return
        died = from_calendar_date(payload.date_of_death, field="date_of_death", required=False)
        if died is None:
            return
        summary = f"enrolment ended by death on {died.isoformat()}"
        await watch.death_recorded(
            payload.resident_id,
            pooling_region_code=payload.pooling_region_code,
            death=RecordedDeath(died, confirmed=False, evidence=evidence_of(event, summary)),
        )

    async def on_cash_overdue(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, enrolment_events.AgentCashOverdue)
        oldest = from_calendar_date(payload.oldest_collected_on, field="oldest_collected_on")
        assert oldest is not None
        summary = (
            f"agent {payload.agent_id} holds {format_yuan(payload.overdue_fen)} yuan for {payload.days_outstanding} "
            f"days (settlement {payload.settlement_days} days), oldest collected {oldest.isoformat()}"
        )
        await watch.cash_overdue(
            payload.agent_id,
            pooling_region_code=payload.pooling_region_code,
            oldest_collected_on=oldest,
            overdue_fen=payload.overdue_fen,
            days_outstanding=payload.days_outstanding,
            settlement_days=payload.settlement_days,
            receipts=len(payload.receipt_numbers),
            evidence=evidence_of(event, summary),
        )

    async def on_employee_refused(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, enrolment_events.EmployeePensionEnrolmentRefused)
        summary = (
            f"enrolment of {payload.name_masked} ({payload.citizen_id_masked}) in {payload.attempted_village_code} "
            f"refused: listed by {payload.registry_source or 'the employees pension registry'}"
        )
        await watch.employee_pension_enrolment_refused(
            pooling_region_code=payload.pooling_region_code,
            citizen_id_masked=payload.citizen_id_masked,
            name_masked=payload.name_masked,
            village_code=payload.attempted_village_code,
            agent_id=payload.attempted_by_agent_id,
            registry_source=payload.registry_source,
            evidence=evidence_of(event, summary),
        )

    async def on_duplicate_enrolment(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, enrolment_events.DuplicateEnrolmentRefused)
        summary = (
            f"second enrolment of {payload.citizen_id_masked} in {payload.attempted_village_code} refused "
            f"(enrolled in {payload.existing_village_code})"
        )
        await watch.duplicate_enrolment_refused(
            pooling_region_code=payload.pooling_region_code,
            existing_resident_id=payload.existing_resident_id,
            citizen_id_masked=payload.citizen_id_masked,
            attempted_village_code=payload.attempted_village_code,
            existing_village_code=payload.existing_village_code,
            agent_id=payload.attempted_by_agent_id,
            evidence=evidence_of(event, summary),
        )

    async def on_policy_changed(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, enrolment_events.PolicyChanged)
        await watch.policy_heard(payload.policy)

    async def on_village_registered(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, enrolment_events.VillageRegistered)
        village = payload.village
        if not village.HasField("position"):
            return
        await watch.village_registered(
            village.village_code,
            pooling_region_code=village.pooling_region_code,
            position=Point(village.position.latitude_e6, village.position.longitude_e6),
        )

    # --- payout --------------------------------------------------------------------------------------------

    async def on_paid(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, payout_events.PaymentPaid)
        payment = payload.payment
        month = str(from_year_month(payment.month, field="month"))
        summary = (
            f"{format_yuan(payment.amount_fen)} yuan paid for {month} into account "
            f"{payment.bank_account.account_masked or '(unknown)'}"
        )
        await watch.payment_paid(
            payment.resident_id,
            pooling_region_code=payment.pooling_region_code,
            village_code=payment.village_code,
            payment=PaidMonth(month, payment.amount_fen, evidence_of(event, summary)),
            account_token=payment.bank_account.account_token,
            account_masked=payment.bank_account.account_masked,
        )

    async def on_exported(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, payout_events.PayrollExported)
        month = str(from_year_month(payload.month, field="month"))
        summary = f"run {payload.payroll_run_id} exported {format_yuan(payload.total_fen)} yuan"
        await watch.payroll_exported(
            payload.payroll_run_id,
            pooling_region_code=payload.pooling_region_code,
            month=month,
            total_fen=payload.total_fen,
            evidence=evidence_of(event, summary),
        )

    async def on_return(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, payout_events.BankReturnImported)
        month = str(from_year_month(payload.month, field="month"))
        batch = payload.batch
        summary = (
            f"bank return of batch {batch.batch_id}: paid {format_yuan(batch.paid_fen)}, failed "
            f"{format_yuan(batch.failed_fen)} yuan"
        )
        await watch.bank_return_imported(
            payload.payroll_run_id,
            pooling_region_code=payload.pooling_region_code,
            month=month,
            batch=BatchReturn(batch.batch_id, batch.paid_fen, batch.failed_fen, evidence_of(event, summary)),
        )

    async def on_closed(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, payout_events.PayrollClosed)
        run = payload.payroll
        month = str(from_year_month(run.month, field="month"))
        summary = f"run closed: paid {format_yuan(run.paid_fen)}, failed {format_yuan(run.failed_fen)} yuan"
        await watch.payroll_closed(
            run.payroll_run_id,
            pooling_region_code=run.pooling_region_code,
            month=month,
            paid_fen=run.paid_fen,
            failed_fen=run.failed_fen,
            evidence=evidence_of(event, summary),
        )

    # --- verification --------------------------------------------------------------------------------------

    async def on_death_confirmed(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, verification_events.DeathConfirmed)
        died = from_calendar_date(payload.date_of_death, field="date_of_death")
        assert died is not None
        summary = f"death on {died.isoformat()} confirmed"
        await watch.death_recorded(
            payload.resident_id,
            pooling_region_code=payload.pooling_region_code,
            death=RecordedDeath(died, confirmed=True, evidence=evidence_of(event, summary)),
        )

    async def on_certified(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, verification_events.CertificationPassed)
        certification = payload.certification
        certified_on = from_calendar_date(certification.certified_on, field="certified_on")
        assert certified_on is not None
        certified_at = (
            certification.certified_at.ToDatetime(tzinfo=UTC)
            if certification.HasField("certified_at")
            else event.envelope.occurred_at.ToDatetime(tzinfo=UTC)
        )
        method = _method(certification.method)
        by = f" by agent {certification.agent_id}" if certification.agent_id else ""
        summary = f"certified on {certified_on.isoformat()} by {method}{by}"
        await watch.certification_seen(
            CertificationSeen(
                certification_id=certification.certification_id or event.event_id,
                resident_id=certification.resident_id,
                pooling_region_code=payload.pooling_region_code,
                village_code=certification.village_code,
                method=method,
                agent_id=certification.agent_id,
                certified_on=certified_on,
                certified_at=certified_at,
                position=Point(certification.position.latitude_e6, certification.position.longitude_e6),
                passed=True,
                evidence=evidence_of(event, summary),
            )
        )

    async def on_certification_failed(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, verification_events.CertificationFailed)
        if payload.failure_code != VISIT_TOO_FAR:
            return
        attempted_at = payload.attempted_at.ToDatetime(tzinfo=UTC)
        summary = f"visit by agent {payload.agent_id} refused as too far from the village"
        await watch.certification_seen(
            CertificationSeen(
                certification_id=event.event_id,
                resident_id=payload.resident_id,
                pooling_region_code=payload.pooling_region_code,
                village_code=payload.village_code,
                method=_method(payload.method),
                agent_id=payload.agent_id,
                certified_on=attempted_at.astimezone(CHINA).date(),
                certified_at=attempted_at,
                position=Point(payload.position.latitude_e6, payload.position.longitude_e6),
                passed=False,
                evidence=evidence_of(event, summary),
            )
        )

    async def on_duplicate_receipt(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, verification_events.DuplicateReceiptFound)
        from_month = str(from_year_month(payload.from_month, field="from_month"))
        summary = f"employees' pension ({payload.scheme_ref}) found from {from_month}"
        await watch.duplicate_receipt_found(
            pooling_region_code=payload.pooling_region_code,
            resident_id=payload.resident_id,
            from_month=from_month,
            scheme_ref=payload.scheme_ref,
            evidence=evidence_of(event, summary),
        )

    # --- supervision's own ------------------------------------------------------------------------------------

    async def on_audit_chain_broken(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, supervision_events.AuditChainBroken)
        kind = supervision_pb2.ChainBreakKind.Name(payload.break_kind).removeprefix("CHAIN_BREAK_KIND_")
        await watch.audit_chain_broken(
            broken_at_sequence=payload.broken_at_sequence,
            break_kind=kind,
            evidence=evidence_of(event, f"audit chain broken at entry {payload.broken_at_sequence}: {kind}"),
        )

    handlers: dict[str, Handler] = {
        supervision_events.AuditChainBroken.DESCRIPTOR.full_name: on_audit_chain_broken,
        enrolment_events.ResidentEnrolled.DESCRIPTOR.full_name: on_enrolled,
        enrolment_events.EnrolmentTerminated.DESCRIPTOR.full_name: on_terminated,
        enrolment_events.AgentCashOverdue.DESCRIPTOR.full_name: on_cash_overdue,
        enrolment_events.EmployeePensionEnrolmentRefused.DESCRIPTOR.full_name: on_employee_refused,
        enrolment_events.DuplicateEnrolmentRefused.DESCRIPTOR.full_name: on_duplicate_enrolment,
        enrolment_events.PolicyChanged.DESCRIPTOR.full_name: on_policy_changed,
        enrolment_events.VillageRegistered.DESCRIPTOR.full_name: on_village_registered,
        payout_events.PaymentPaid.DESCRIPTOR.full_name: on_paid,
        payout_events.PayrollExported.DESCRIPTOR.full_name: on_exported,
        payout_events.BankReturnImported.DESCRIPTOR.full_name: on_return,
        payout_events.PayrollClosed.DESCRIPTOR.full_name: on_closed,
        verification_events.DeathConfirmed.DESCRIPTOR.full_name: on_death_confirmed,
        verification_events.CertificationPassed.DESCRIPTOR.full_name: on_certified,
        verification_events.CertificationFailed.DESCRIPTOR.full_name: on_certification_failed,
        verification_events.DuplicateReceiptFound.DESCRIPTOR.full_name: on_duplicate_receipt,
    }
    return IdempotentConsumer(settings, database, group_id=group_id, topics=settings.topics(), handlers=handlers)
