"""RunReconciliation and GetReconciliation: a region's month reconciled, stored, announced, and alerted on.

A run reads the month's ledger from the facts kept, compares it with the bank's returns and the fund-account figures
entered, and writes the lines over the month's previous run in one unit of work, with a ReconciliationCompleted
event (the events keep every run's figures; the document keeps the last). The same request id answers from the
stored run. Any difference goes to `raise_alert` after the write, also when a repeat is answered: a process that
stopped between the two raises it then, and the alert's id (its facts) makes it one alert whatever the repeats.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Final

from pension.supervision.v1 import events_pb2
from pension_kit.clock import now_to_millisecond
from pension_kit.errors import InvalidArgument, NotFound
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document
from pension_kit.outbox import NotifyRelay
from pension_kit.text import REQUEST_ID_MAX, check_length
from pension_kit.unit_of_work import Decision, Event, MongoRepository, UnitOfWork
from pension_supervision.adapters.report_facts import RECONCILIATIONS, EventRef, ReportFacts, evidence_of
from pension_supervision.adapters.report_messages import line_document, line_from, reconciliation_message
from pension_supervision.domain.alerts import AlertDraft
from pension_supervision.domain.reconciliation import (
    FundAccountFigure,
    Reconciliation,
    alert_draft,
    balanced,
    check_figures,
    reconcile,
    reconciliation_id,
)
from pension_supervision.service_layer.report_checks import checked_region

RUNNERS: Final = (Role.COUNTY_OFFICER, Role.AUDITOR)
READERS: Final = (Role.COUNTY_OFFICER, Role.COUNTY_APPROVER, Role.AUDITOR)
PRODUCER: Final = "supervision"
COMPLETED: Final = events_pb2.ReconciliationCompleted.DESCRIPTOR.full_name

RaiseAlert = Callable[[AlertDraft], Awaitable[object]]


def _document_id(region: str, month: Month) -> str:
    return f"{region}-{month.year:04d}{month.month:02d}"


def _stored(document: Document) -> Reconciliation:
    return Reconciliation(
        reconciliation_id=document["reconciliation_id"],
        pooling_region_code=document["region"],
        month=Month(document["year"], document["month"]),
        lines=tuple(line_from(line) for line in document["lines"]),
        balanced=document["balanced"],
        completed_at=document["completed_at"],
    )


def _name_event(update: Document, events: list[Event]) -> None:
    # The run's event is the first evidence of its alert: its id is kept with the run.
    update["$set"]["event_id"] = events[0]["event_id"]


class ReconciliationService:
    def __init__(
        self,
        facts: ReportFacts,
        repository: MongoRepository,
        *,
        topic: str,
        notify_relay: NotifyRelay,
        raise_alert: RaiseAlert,
    ) -> None:
        self._facts = facts
        self._repository = repository
        self._raise_alert = raise_alert
        self._unit = UnitOfWork(
            repository,
            RECONCILIATIONS,
            topic,
            PRODUCER,
            notify_relay,
            subject_key=lambda document: str(document["region"]),
            annotate=_name_event,
        )

    async def run(
        self,
        caller: Caller,
        *,
        request_id: str,
        pooling_region_code: str,
        month: Month,
        figures: Sequence[FundAccountFigure],
    ) -> Reconciliation:
        caller.require_role(*RUNNERS)
        check_length(request_id, field="request_id", max_length=REQUEST_ID_MAX)
        if not request_id.strip():
            raise InvalidArgument(
                "REQUEST_ID_REQUIRED", "request_id is required", field="request_id", message_zh="请求编号为必填项"
            )
        region = checked_region(pooling_region_code)
        check_figures(figures)
        key = _document_id(region, month)
        await self._repository.collection.update_one(
            {"_id": key},
            {"$setOnInsert": {"version": 0, "region": region, "year": month.year, "month": month.month, "runs": 0}},
            upsert=True,
        )
        ledger, sources = await self._facts.ledger(region, month)

        def decide(document: Document) -> Decision[Reconciliation]:
            lines = reconcile(ledger, figures)
            done = Reconciliation(
                reconciliation_id=reconciliation_id(region, month, int(document.get("runs", 0)) + 1),
                pooling_region_code=region,
                month=month,
                lines=lines,
                balanced=balanced(lines),
                completed_at=now_to_millisecond(),
            )
            update = {
                "$set": {
                    "reconciliation_id": done.reconciliation_id,
                    "lines": [line_document(line) for line in lines],
                    "figures": [
                        {
                            "item": f.item.value,
                            "fund": f.fund.value,
                            "amount_fen": f.amount_fen,
                            "statement_ref": f.statement_ref,
                        }
                        for f in figures
                    ],
                    "balanced": done.balanced,
                    "completed_at": done.completed_at,
                    "sources": [
                        {
                            "event_id": s.event_id,
                            "event_type": s.event_type,
                            "subject_key": s.subject_key,
                            "occurred_at": s.occurred_at,
                        }
                        for s in sources
                    ],
                },
                "$inc": {"runs": 1},
            }
            event = events_pb2.ReconciliationCompleted(reconciliation=reconciliation_message(done))
            return Decision(update, [event], done)

        outcome = await self._unit.write(
            key,
            request_id=request_id.strip(),
            actor=caller.user_id,
            reason=f"reconciliation of {month}",
            decide=decide,
            repeated=_stored,
            not_found=lambda: NotFound("RECONCILIATION_NOT_FOUND", f"reconciliation {key} vanished"),
        )
        await self._alert_on(outcome)
        return outcome

    async def reconciliation(self, caller: Caller, pooling_region_code: str, month: Month) -> Reconciliation:
        caller.require_role(*READERS)
        region = checked_region(pooling_region_code)
        document = await self._repository.get(_document_id(region, month))
        if document is None or not document.get("runs"):
            raise NotFound(
                "RECONCILIATION_NOT_FOUND",
                f"{region} {month} has not been reconciled",
                field="month",
                message_zh="该月尚未对账",
            )
        return _stored(document)

    async def _alert_on(self, outcome: Reconciliation) -> None:
        if outcome.balanced:
            return
        document = await self._repository.get(_document_id(outcome.pooling_region_code, outcome.month))
        assert document is not None
        evidence = [
            evidence_of(
                EventRef(document["event_id"], COMPLETED, outcome.pooling_region_code, outcome.completed_at),
                f"reconciliation {outcome.reconciliation_id}",
            )
        ]
        evidence += [
            evidence_of(EventRef(**source), source["event_type"].rsplit(".", 1)[-1])
            for source in document.get("sources", [])
        ]
        draft = alert_draft(outcome.pooling_region_code, outcome.month, outcome.lines, evidence)
        if draft is None:
            return
        await self._raise_alert(draft)
