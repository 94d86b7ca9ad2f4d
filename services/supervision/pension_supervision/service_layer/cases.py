"""Supervision cases: opened from alerts, updated by officers and auditors, credited with payout's recoveries.

Opening has no transaction to lean on (alerts and cases are separate documents), so it goes in an order that a
retry repairs: the case id is derived from the request id; the alerts are claimed (OPEN -> IN_CASE of that case, one
conditional write each); then the case is inserted with its events. A claim lost to another case gives back the
alerts claimed so far and refuses (ALERT_ALREADY_IN_CASE). Should the process die between the claims and the insert,
the same request again finds its alerts IN_CASE of its own case, accepts them and inserts the case.

Recoveries: every RecoveryRecorded is kept (adapters/case_repository.py) before the cases linking its overpayment
case are looked up, and a new link is written before the recoveries of its overpayment cases are read; so whichever
comes second sees the other, and each case counts each recovery once (`counted_recoveries`, in the case's own
conditional write).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from pension_kit.clock import now_to_millisecond
from pension_kit.errors import FailedPrecondition, InvalidArgument, NotFound, from_identifier_error
from pension_kit.events import new_event
from pension_kit.identifiers import IdentifierError, division_code_of_pooling_region
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document
from pension_kit.outbox import NotifyRelay
from pension_kit.paging import page_size as checked_page_size
from pension_kit.text import (
    ID_MAX,
    REASON_MAX,
    REFERENCE_MAX,
    REQUEST_ID_MAX,
    check_free_text,
    check_items,
    check_length,
)
from pension_kit.unit_of_work import Decision, UnitOfWork
from pension_supervision.adapters.alert_repository import AlertRepository
from pension_supervision.adapters.case_messages import change_payloads
from pension_supervision.adapters.case_repository import CASES, CaseRepository, case_from_document, changed_fields
from pension_supervision.domain.cases import (
    ESCALATED_TO,
    Case,
    CaseStatus,
    Recovery,
    count_recoveries,
    open_case,
    region_of,
    update_case,
)

log = logging.getLogger(__name__)

PRODUCER: Final = "supervision"
WRITING_ROLES: Final = (Role.COUNTY_OFFICER, Role.AUDITOR)
READING_ROLES: Final = (Role.AUDITOR, Role.COUNTY_OFFICER, Role.COUNTY_APPROVER, Role.TOWNSHIP_OFFICER)
# The demo policy's escalation threshold (要情报告): 100,000 yuan.
DEMO_ESCALATION_THRESHOLD_FEN: Final = 10_000_000
TITLE_MAX: Final = 200
# What one request may add.
MAX_ALERTS_PER_REQUEST: Final = 100
MAX_LINKS_PER_REQUEST: Final = 50
MAX_ATTACHMENTS_PER_REQUEST: Final = 20
_PAGE_TOKEN_MAX: Final = 200

ThresholdFor = Callable[[str], Awaitable[int]]


async def demo_threshold(pooling_region_code: str) -> int:
    """The demo threshold for every region, until the service is given the policies' thresholds."""
    return DEMO_ESCALATION_THRESHOLD_FEN


def case_id_for(request_id: str) -> str:
    """The case an opening request makes: the same request id, the same case."""
    return "CS-" + hashlib.sha256(request_id.encode()).hexdigest()[:24].upper()


def _required(value: str, field: str, max_length: int = ID_MAX) -> str:
    check_length(value, field=field, max_length=max_length)
    if not value.strip():
        raise InvalidArgument(
            f"{field.upper()}_REQUIRED", f"{field} is required", field=field, message_zh=f"{field} 为必填项"
        )
    return value.strip()


def _ids(values: Sequence[str], field: str, max_items: int) -> list[str]:
    check_items(values, field=field, max_items=max_items)
    return list(dict.fromkeys(_required(value, field) for value in values))


def _not_found(case_id: str) -> NotFound:
    return NotFound("CASE_NOT_FOUND", f"no case {case_id}", field="case_id", message_zh="案件不存在")


def _page_token(case: Case) -> str:
    return f"{case.opened_at.isoformat()}|{case.case_id}"


def _position(token: str) -> tuple[datetime, str] | None:
    if not token:
        return None
    check_length(token, field="page_token", max_length=_PAGE_TOKEN_MAX)
    opened_at, _, case_id = token.partition("|")
    try:
        moment = datetime.fromisoformat(opened_at)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or not case_id:
        raise InvalidArgument("PAGE_TOKEN_INVALID", "page_token is not one this list gave", field="page_token")
    return moment, case_id


@dataclass(frozen=True)
class CasePage:
    cases: list[Case]
    next_page_token: str


class CaseService:
    def __init__(
        self,
        repository: CaseRepository,
        alerts: AlertRepository,
        *,
        topic: str,
        notify_relay: NotifyRelay,
        threshold_for: ThresholdFor = demo_threshold,
        now: Callable[[], datetime] = now_to_millisecond,
        escalated_to: str = ESCALATED_TO,
    ) -> None:
        self.repository = repository
        self.alerts = alerts
        self.topic = topic
        self.notify_relay = notify_relay
        self.threshold_for = threshold_for
        self.now = now
        self.escalated_to = escalated_to
        self.unit = UnitOfWork(
            repository,
            CASES,
            topic,
            PRODUCER,
            notify_relay,
            subject_key=lambda case: str(case["pooling_region_code"]),
        )

    # --- opening --------------------------------------------------------------------------------------

    async def open(
        self,
        *,
        caller: Caller,
        request_id: str,
        alert_ids: Sequence[str],
        title: str,
        assigned_to: str,
        amount_fen: int,
        reason: str,
        overpayment_case_ids: Sequence[str],
    ) -> Case:
        caller.require_role(*WRITING_ROLES)
        request_id = _required(request_id, "request_id", REQUEST_ID_MAX)
        wanted = _ids(alert_ids, "alert_ids", MAX_ALERTS_PER_REQUEST)
        if not wanted:
            raise InvalidArgument(
                "ALERT_IDS_REQUIRED",
                "a case is opened from at least one alert",
                field="alert_ids",
                message_zh="立案须有预警",
            )
        title = _required(check_free_text(title, field="title", max_length=TITLE_MAX), "title", TITLE_MAX)
        assigned_to = check_length(assigned_to, field="assigned_to", max_length=ID_MAX).strip()
        reason = check_free_text(reason, field="reason", max_length=REASON_MAX)
        links = _ids(overpayment_case_ids, "overpayment_case_ids", MAX_LINKS_PER_REQUEST)
        case_id = case_id_for(request_id)
        stored = await self.repository.get(case_id)
        if stored is not None:
            return self._repeated(stored, wanted)
        found = await self.alerts.for_case(wanted)
        region = region_of(wanted, found, case_id)
        by_id = {alert.alert_id: alert for alert in found}
        now = self.now()
        change = open_case(
            case_id=case_id,
            alerts=[by_id[alert_id] for alert_id in wanted],
            title=title,
            assigned_to=assigned_to,
            amount_fen=amount_fen,
            overpayment_case_ids=links,
            reason=reason,
            actor=caller.user_id,
            now=now,
            threshold_fen=await self.threshold_for(region),
            escalated_to=self.escalated_to,
        )
        await self._claim(wanted, case_id)
        events = [
            new_event(
                topic=self.topic,
                payload=payload,
                subject_key=region,
                producer=PRODUCER,
                actor=caller.user_id,
                reason=reason,
                occurred_at=now,
            )
            for payload in change_payloads(change)
        ]
        if not await self.repository.insert(change.case, request_id=request_id, events=events):
            twin = await self.repository.get(case_id)
            if twin is None:  # pragma: no cover - an insert refused for a duplicate id that is gone again
                raise _not_found(case_id)
            return self._repeated(twin, wanted)
        self.notify_relay(CASES, [case_id])
        if links:
            return await self.count_recoveries(case_id) or change.case
        return change.case

    def _repeated(self, stored: Document, wanted: Sequence[str]) -> Case:
        case = case_from_document(stored)
        if list(case.alert_ids) != list(wanted):
            raise InvalidArgument(
                "REQUEST_ID_REUSED",
                "this request id opened another case (other alerts)",
                field="request_id",
            )
        return case

    async def _claim(self, alert_ids: Sequence[str], case_id: str) -> None:
        claimed: list[str] = []
        for alert_id in alert_ids:
            if await self.alerts.claim_for_case(alert_id, case_id):
                claimed.append(alert_id)
                continue
            for taken in claimed:
                await self.alerts.release_from_case(taken, case_id)
            raise FailedPrecondition(
                "ALERT_ALREADY_IN_CASE",
                f"alert {alert_id} was taken into another case or dismissed meanwhile",
                field="alert_ids",
                message_zh=f"预警 {alert_id} 已被其他案件立案或已排除",
            )

    # --- updating -------------------------------------------------------------------------------------

    async def update(
        self,
        *,
        caller: Caller,
        request_id: str,
        case_id: str,
        status: CaseStatus | None,
        assigned_to: str,
        recovered_fen: int,
        amount_fen: int,
        note: str,
        reason: str,
        attachment_refs: Sequence[str],
        overpayment_case_ids: Sequence[str],
    ) -> Case:
        caller.require_role(*WRITING_ROLES)
        request_id = _required(request_id, "request_id", REQUEST_ID_MAX)
        case_id = _required(case_id, "case_id")
        assigned_to = check_length(assigned_to, field="assigned_to", max_length=ID_MAX).strip()
        note = check_free_text(note, field="note", max_length=REASON_MAX).strip()
        reason = check_free_text(reason, field="reason", max_length=REASON_MAX)
        check_items(attachment_refs, field="attachment_refs", max_items=MAX_ATTACHMENTS_PER_REQUEST)
        attachments = [
            _required(check_free_text(ref, field="attachment_refs", max_length=REFERENCE_MAX), "attachment_refs")
            for ref in attachment_refs
        ]
        links = _ids(overpayment_case_ids, "overpayment_case_ids", MAX_LINKS_PER_REQUEST)
        now = self.now()

        async def decide(document: Document) -> Decision[Case]:
            case = case_from_document(document)
            change = update_case(
                case,
                status=status,
                assigned_to=assigned_to,
                recovered_fen=recovered_fen,
                amount_fen=amount_fen,
                note=note,
                attachment_refs=attachments,
                overpayment_case_ids=links,
                actor=caller.user_id,
                now=now,
                threshold_fen=await self.threshold_for(case.pooling_region_code),
                escalated_to=self.escalated_to,
            )
            return Decision({"$set": changed_fields(change.case)}, change_payloads(change), change.case)

        updated = await self.unit.write(
            case_id,
            request_id=request_id,
            actor=caller.user_id,
            reason=reason,
            decide=decide,
            repeated=case_from_document,
            not_found=lambda: _not_found(case_id),
        )
        if links:
            return await self.count_recoveries(case_id) or updated
        return updated

    # --- recoveries -----------------------------------------------------------------------------------

    async def recovery_recorded(
        self, recovery: Recovery, *, pooling_region_code: str, resident_id: str, recorded_at: datetime
    ) -> None:
        """Payout recovered money against an overpayment case: kept, then counted by every case linking it."""
        if recovery.amount_fen <= 0:
            log.warning("recovery %s of %s has no positive amount; ignored", recovery.recovery_id, resident_id)
            return
        await self.repository.remember_recovery(
            recovery, pooling_region_code=pooling_region_code, resident_id=resident_id, recorded_at=recorded_at
        )
        for case_id in await self.repository.ids_linking(recovery.overpayment_case_id):
            await self.count_recoveries(case_id)

    async def count_recoveries(self, case_id: str) -> Case | None:
        """Adds the linked overpayment cases' recoveries the case has not counted yet; None when there were none."""
        document = await self.repository.get(case_id)
        if document is None:
            return None
        case = case_from_document(document)
        recoveries = await self.repository.recoveries_of(case.overpayment_case_ids)
        pending = sorted(r.key for r in recoveries if r.key not in set(case.counted_recoveries))
        if not pending:
            return None
        # The request id names the recoveries counted, so that a repeat of this very count is answered, not redone.
        request_id = "recoveries:" + hashlib.sha256("\n".join(pending).encode()).hexdigest()[:32]

        async def decide(current: Document) -> Decision[Case | None]:
            latest = case_from_document(current)
            found = await self.repository.recoveries_of(latest.overpayment_case_ids)
            change = count_recoveries(latest, found, actor=PRODUCER, now=self.now())
            if change is None:
                return Decision(None, [], latest)
            return Decision({"$set": changed_fields(change.case)}, change_payloads(change), change.case)

        return await self.unit.write(
            case_id,
            request_id=request_id,
            actor=PRODUCER,
            reason="overpayment recovered",
            decide=decide,
            repeated=case_from_document,
            not_found=lambda: _not_found(case_id),
            read=document,
        )

    # --- reading --------------------------------------------------------------------------------------

    async def get(self, *, caller: Caller, case_id: str) -> Case:
        caller.require_role(*READING_ROLES)
        case_id = _required(case_id, "case_id")
        document = await self.repository.get(case_id)
        if document is None:
            raise _not_found(case_id)
        return case_from_document(document)

    async def list(
        self,
        *,
        caller: Caller,
        pooling_region_code: str,
        status: CaseStatus | None,
        escalated_only: bool,
        page_size: int,
        page_token: str,
    ) -> CasePage:
        caller.require_role(*READING_ROLES)
        region = check_length(pooling_region_code, field="pooling_region_code", max_length=ID_MAX).strip()
        if region:
            try:
                division_code_of_pooling_region(region, field="pooling_region_code")
            except IdentifierError as error:
                raise from_identifier_error(error) from None
        size = checked_page_size(page_size)
        documents = await self.repository.page(
            region=region,
            status=status.value if status is not None else "",
            escalated_only=escalated_only,
            after=_position(page_token),
            limit=size + 1,
        )
        cases = [case_from_document(document) for document in documents]
        if len(cases) > size:
            return CasePage(cases[:size], _page_token(cases[size - 1]))
        return CasePage(cases, "")
