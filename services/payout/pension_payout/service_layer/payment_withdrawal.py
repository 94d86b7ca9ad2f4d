"""Withdrawing a prepared payment from its run before export (a death or a suspension recorded in time).

The withdrawal is written into the run's document on condition that the run has not begun exporting, and the
export's first step changes that same document: one of the two wins. The payment itself is marked CANCELLED
afterwards (the export skips withdrawn payments even if that second write was lost).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pension.payout.v1 import events_pb2
from pension_kit.events import new_event
from pension_kit.outbox import NotifyRelay
from pension_payout.adapters.payment_repository import PaymentRepository, payment_from_document
from pension_payout.adapters.payroll_messages import payment_message
from pension_payout.adapters.payroll_repository import PayrollRunRepository
from pension_payout.adapters.store import PAYMENTS, PayoutStore
from pension_payout.domain.payroll import CANCELLED, Payment
from pension_payout.service_layer import PRODUCER


async def withdraw(
    runs: PayrollRunRepository,
    payments: PaymentRepository,
    payment: Payment,
    *,
    resident_topic: str,
    notify_relay: NotifyRelay,
    actor: str,
    reason: str,
) -> bool:
    """Takes a prepared payment out of its run before export; False when it has gone to the bank already."""
    if not await runs.withdraw(payment.payroll_run_id, payment.payment_id):
        return False
    event = new_event(
        topic=resident_topic,
        payload=events_pb2.PaymentCancelled(payment=payment_message(replace(payment, status=CANCELLED))),
        subject_key=payment.resident_id,
        producer=PRODUCER,
        actor=actor,
        reason=reason,
    )
    await payments.cancel(payment, reason=reason, event=event)
    notify_relay(PAYMENTS, [payment.payment_id])
    return True


async def withdraw_payment(
    store: PayoutStore,
    payment: dict[str, Any],
    *,
    resident_topic: str,
    notify_relay: NotifyRelay,
    actor: str,
    reason: str,
) -> bool:
    """`withdraw` of a payment as stored: the form reactions call until they read payments through the
    repositories."""
    return await withdraw(
        PayrollRunRepository(store),
        PaymentRepository(store),
        payment_from_document(payment),
        resident_topic=resident_topic,
        notify_relay=notify_relay,
        actor=actor,
        reason=reason,
    )
