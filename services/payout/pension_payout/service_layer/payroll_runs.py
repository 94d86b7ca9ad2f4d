"""What every step of the monthly payroll shares: who may do what, a run read or refused, the region's events."""

from __future__ import annotations

from typing import Final

from google.protobuf.message import Message

from pension_kit.errors import Aborted, NotFound
from pension_kit.events import new_event
from pension_kit.identity import Caller, Role
from pension_kit.outbox import NotifyRelay
from pension_kit.unit_of_work import Event, UnitOfWork
from pension_payout.adapters.payroll_repository import PayrollRunRepository
from pension_payout.adapters.store import PAYROLL_RUNS
from pension_payout.domain.payroll import PayrollRun
from pension_payout.service_layer import PRODUCER
from pension_payout.service_layer.awards import READING_ROLES

PREPARING_ROLES: Final = (Role.COUNTY_OFFICER, Role.SYSTEM)
APPROVING_ROLES: Final = (Role.COUNTY_APPROVER,)
DOWNLOADING_ROLES: Final = (Role.COUNTY_OFFICER, Role.COUNTY_APPROVER, Role.AUDITOR)
# A run's status and totals name nobody, so the hotline may read them too; the run's payments it may not list.
RUN_READING_ROLES: Final = (*READING_ROLES, Role.HOTLINE)
# Payments are written and read in chunks: memory stays flat however many awards a region has.
CHUNK: Final = 2000


def not_found(payroll_run_id: str) -> NotFound:
    return NotFound(
        "PAYROLL_NOT_FOUND",
        f"payroll run {payroll_run_id} does not exist",
        field="payroll_run_id",
        message_zh="发放批次不存在",
    )


async def read_run(runs: PayrollRunRepository, payroll_run_id: str, *, caller: Caller) -> PayrollRun:
    """The run, for a caller allowed to read runs; refused when it does not exist."""
    caller.require_role(*RUN_READING_ROLES)
    run = await runs.run(payroll_run_id)
    if run is None:
        raise not_found(payroll_run_id)
    return run


def region_event(topic: str, payload: Message, run: PayrollRun, caller: Caller, reason: str) -> Event:
    """An event of the run, keyed by its region."""
    return new_event(
        topic=topic,
        payload=payload,
        subject_key=run.pooling_region_code,
        producer=PRODUCER,
        actor=caller.user_id,
        reason=reason,
    )


def run_unit_of_work(
    runs: PayrollRunRepository, *, topic: str, notify_relay: NotifyRelay, conflict_message: str
) -> UnitOfWork:
    """The unit of work on one run document; its events are keyed by the run's region, and a run that keeps
    changing is refused with PAYROLL_CHANGED and `conflict_message`."""
    return UnitOfWork(
        repository=runs.versioned,
        collection=PAYROLL_RUNS,
        topic=topic,
        producer=PRODUCER,
        notify_relay=notify_relay,
        subject_key=lambda run: str(run["pooling_region_code"]),
        conflict=lambda: Aborted("PAYROLL_CHANGED", conflict_message),
    )
