"""Debits the individual account when payout reports a pension or an inheritance paid."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from pension.payout.v1 import events_pb2 as payout_events
from pension_enrolment.service_layer.drawdowns import DrawdownService
from pension_kit.config import KitSettings
from pension_kit.consumer import Handler, IdempotentConsumer
from pension_kit.errors import DomainError
from pension_kit.events import ReceivedEvent
from pension_kit.identity import SYSTEM_CALLER
from pension_kit.mongo import Document
from pension_kit.protoconv import from_calendar_date

PAYMENT_PAID = payout_events.PaymentPaid.DESCRIPTOR.full_name
INHERITANCE_PAID = payout_events.InheritancePaid.DESCRIPTOR.full_name


class PayoutEventRefused(Exception):
    """The account cannot take what payout reports paid (e.g. ACCOUNT_BALANCE_INSUFFICIENT); the event is parked."""


def _naming_the_reason(handler: Handler) -> Handler:
    # The kit parks an event with its exception's text; the reason code is what an officer looks up.
    async def handle(event: ReceivedEvent) -> None:
        try:
            await handler(event)
        except DomainError as exc:
            raise PayoutEventRefused(f"{exc.reason}: {exc.message}") from exc

    return handle


def payout_consumer(
    settings: KitSettings, database: AsyncDatabase[Document], group_id: str, drawdowns: DrawdownService
) -> IdempotentConsumer:
    # A refusal is raised on, not swallowed: the kit retries, then parks the resident's key for an officer,
    # rather than posting a debit the account cannot hold or losing a payment that was made.
    async def on_payment_paid(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, payout_events.PaymentPaid)
        payment = payload.payment
        await drawdowns.record_drawdown(
            payment.resident_id,
            payment_id=payment.payment_id,
            paid_year=payment.month.year,
            paid_month=payment.month.month,
            amounts=payment.amounts,
            paid_on=from_calendar_date(payment.paid_on, field="paid_on", required=False),
            caller=SYSTEM_CALLER,
        )

    async def on_inheritance_paid(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, payout_events.InheritancePaid)
        inheritance = payload.inheritance
        await drawdowns.record_inheritance_debit(
            inheritance.resident_id,
            inheritance_id=inheritance.inheritance_id,
            balance_fen=inheritance.balance_fen,
            paid_on=from_calendar_date(inheritance.paid_on, field="paid_on", required=False),
            caller=SYSTEM_CALLER,
        )

    return IdempotentConsumer(
        settings,
        database,
        group_id=group_id,
        topics=[settings.topic_payout_resident],
        handlers={
            PAYMENT_PAID: _naming_the_reason(on_payment_paid),
            INHERITANCE_PAID: _naming_the_reason(on_inheritance_paid),
        },
    )
