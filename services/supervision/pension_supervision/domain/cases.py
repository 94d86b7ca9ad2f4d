"""A supervision case: opened from alerts, investigated to a finding, closed; its money at stake, recoveries and
escalation (要情报告).

The states and the moves between them:

    OPEN -> INVESTIGATING -> SUBSTANTIATED | UNSUBSTANTIATED -> CLOSED

A finding may be reopened for more investigation (SUBSTANTIATED or UNSUBSTANTIATED -> INVESTIGATING: new evidence
turns up before the case is closed); a case is closed only with a finding, and a closed case is final (a closed
case is reopened, if ever, as a new case from the same alerts' successors). A finding needs a note saying why.

Pure: the use cases (service_layer/cases.py) read a `Case`, call `open_case`, `update_case` or `count_recoveries`
and write the `CaseChange` they return, with its events, in one write.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Final

from pension_kit.errors import FailedPrecondition, InvalidArgument
from pension_kit.money import format_yuan


class CaseStatus(StrEnum):
    """Where a case stands, named as in the contract's `CaseStatus` without its prefix."""

    OPEN = "OPEN"
    INVESTIGATING = "INVESTIGATING"
    SUBSTANTIATED = "SUBSTANTIATED"
    UNSUBSTANTIATED = "UNSUBSTANTIATED"
    CLOSED = "CLOSED"


# The moves an officer may make; staying in the same status is not a move (an update that changes other things).
MOVES: Final[dict[CaseStatus, frozenset[CaseStatus]]] = {
    CaseStatus.OPEN: frozenset({CaseStatus.INVESTIGATING}),
    CaseStatus.INVESTIGATING: frozenset({CaseStatus.SUBSTANTIATED, CaseStatus.UNSUBSTANTIATED}),
    CaseStatus.SUBSTANTIATED: frozenset({CaseStatus.INVESTIGATING, CaseStatus.CLOSED}),
    CaseStatus.UNSUBSTANTIATED: frozenset({CaseStatus.INVESTIGATING, CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset(),
}
FINDINGS: Final = frozenset({CaseStatus.SUBSTANTIATED, CaseStatus.UNSUBSTANTIATED})

# A case's money is bounded so that sums of amounts and recoveries stay far inside int64 (10 trillion yuan).
MAX_CASE_FEN: Final = 10**15
# What one case may hold: its alerts, linked overpayment cases, attachments and history lines.
MAX_ALERTS: Final = 100
MAX_OVERPAYMENT_LINKS: Final = 200
MAX_ATTACHMENTS: Final = 200
MAX_NOTES: Final = 1000
# To whom a case over the threshold is reported (要情报告), unless the service is told otherwise.
ESCALATED_TO: Final = "市级社会保险基金监督机构 (prefecture social insurance fund supervision office)"


@dataclass(frozen=True, slots=True)
class CaseNote:
    """One line of a case's history: who, when, the status after it, what was found or done."""

    actor: str
    written_at: datetime
    status: CaseStatus
    text: str


@dataclass(frozen=True, slots=True)
class AlertForCase:
    """What opening a case needs of an alert (the alerts' own store keeps the rest)."""

    alert_id: str
    status: str  # "OPEN" | "IN_CASE" | "DISMISSED"
    case_id: str
    pooling_region_code: str
    amount_fen: int
    resident_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Recovery:
    """Money payout recovered against one of its overpayment cases (RecoveryRecorded)."""

    overpayment_case_id: str
    recovery_id: str
    amount_fen: int

    @property
    def key(self) -> str:
        """Unique across overpayment cases: the recovery as a case counts it, once."""
        return f"{self.overpayment_case_id}/{self.recovery_id}"


@dataclass(frozen=True, slots=True)
class Case:
    case_id: str
    pooling_region_code: str
    title: str
    alert_ids: tuple[str, ...]
    resident_ids: tuple[str, ...]
    status: CaseStatus
    assigned_to: str
    amount_fen: int
    recovered_fen: int
    opened_at: datetime
    updated_at: datetime
    notes: tuple[CaseNote, ...] = ()
    attachment_refs: tuple[str, ...] = ()
    overpayment_case_ids: tuple[str, ...] = ()
    # Keys (Recovery.key) of the linked overpayment cases' recoveries already in `recovered_fen`.
    counted_recoveries: tuple[str, ...] = ()
    escalated: bool = False
    escalated_at: datetime | None = None
    escalated_to: str = ""


@dataclass(frozen=True, slots=True)
class StatusChanged:
    """A change other than opening: status, assignment, recovered money, a note, amounts, attachments, links."""

    old_status: CaseStatus
    status: CaseStatus
    assigned_to: str
    recovered_fen: int
    total_recovered_fen: int
    note: str


@dataclass(frozen=True, slots=True)
class Escalated:
    amount_fen: int
    threshold_fen: int
    escalated_to: str


@dataclass(frozen=True, slots=True)
class CaseChange:
    """The case after a decision and what happened, in order: opened, changed, escalated."""

    case: Case
    opened: bool = False
    changed: StatusChanged | None = None
    escalated: Escalated | None = None


def _money(value: int, field: str) -> int:
    if value < 0:
        raise InvalidArgument(
            "AMOUNT_NEGATIVE", f"{field} must not be negative", field=field, message_zh=f"{field} 不能为负数"
        )
    if value > MAX_CASE_FEN:
        raise InvalidArgument(
            "AMOUNT_TOO_LARGE",
            f"{field} must be at most {MAX_CASE_FEN} fen",
            field=field,
            message_zh=f"{field} 超出上限",
        )
    return value


def _limit(count: int, limit: int, field: str) -> None:
    if count > limit:
        raise FailedPrecondition(
            "CASE_FULL",
            f"a case holds at most {limit} {field}",
            field=field,
            message_zh=f"一个案件最多 {limit} 项 {field}",
        )


def region_of(requested: Sequence[str], found: Sequence[AlertForCase], case_id: str) -> str:
    """The one region of the alerts a case is opened from, refusing any that may not go into it.

    Every alert must exist, be in the same region and be OPEN, or already IN_CASE of this very case (a retry of an
    opening that claimed its alerts and failed before the case was written).
    """
    by_id = {alert.alert_id: alert for alert in found}
    for alert_id in requested:
        alert = by_id.get(alert_id)
        if alert is None:
            raise FailedPrecondition(
                "ALERT_NOT_FOUND", f"no alert {alert_id}", field="alert_ids", message_zh=f"预警 {alert_id} 不存在"
            )
        if alert.status == "DISMISSED":
            raise FailedPrecondition(
                "ALERT_DISMISSED",
                f"alert {alert_id} was dismissed",
                field="alert_ids",
                message_zh=f"预警 {alert_id} 已排除，不能立案",
            )
        if alert.status != "OPEN" and alert.case_id != case_id:
            raise FailedPrecondition(
                "ALERT_ALREADY_IN_CASE",
                f"alert {alert_id} is already in case {alert.case_id}",
                field="alert_ids",
                message_zh=f"预警 {alert_id} 已在案件 {alert.case_id} 中",
            )
    regions = {alert.pooling_region_code for alert in found}
    if len(regions) != 1:
        raise InvalidArgument(
            "ALERTS_IN_DIFFERENT_REGIONS",
            "a case covers alerts of one pooling region",
            field="alert_ids",
            message_zh="一个案件只能包含同一统筹区的预警",
        )
    return regions.pop()


def _escalation(case: Case, threshold_fen: int, now: datetime, escalated_to: str) -> CaseChange | None:
    if case.escalated or threshold_fen <= 0 or case.amount_fen < threshold_fen:
        return None
    escalated = replace(case, escalated=True, escalated_at=now, escalated_to=escalated_to)
    return CaseChange(escalated, escalated=Escalated(case.amount_fen, threshold_fen, escalated_to))


def open_case(
    *,
    case_id: str,
    alerts: Sequence[AlertForCase],
    title: str,
    assigned_to: str,
    amount_fen: int,
    overpayment_case_ids: Sequence[str],
    reason: str,
    actor: str,
    now: datetime,
    threshold_fen: int,
    escalated_to: str = ESCALATED_TO,
) -> CaseChange:
    """A new case from checked alerts (`region_of`); money at stake defaults to the alerts' total; escalated at
    once when that reaches the threshold."""
    if not alerts:
        raise InvalidArgument(
            "ALERT_IDS_REQUIRED",
            "a case is opened from at least one alert",
            field="alert_ids",
            message_zh="立案须有预警",
        )
    _limit(len(alerts), MAX_ALERTS, "alert_ids")
    links = tuple(dict.fromkeys(overpayment_case_ids))
    _limit(len(links), MAX_OVERPAYMENT_LINKS, "overpayment_case_ids")
    amount = _money(amount_fen, "amount_fen") or _money(sum(a.amount_fen for a in alerts), "amount_fen")
    residents = tuple(dict.fromkeys(r for alert in alerts for r in alert.resident_ids))
    text = reason or f"opened from {len(alerts)} alert(s)"
    case = Case(
        case_id=case_id,
        pooling_region_code=alerts[0].pooling_region_code,
        title=title,
        alert_ids=tuple(a.alert_id for a in alerts),
        resident_ids=residents,
        status=CaseStatus.OPEN,
        assigned_to=assigned_to,
        amount_fen=amount,
        recovered_fen=0,
        opened_at=now,
        updated_at=now,
        notes=(CaseNote(actor, now, CaseStatus.OPEN, text),),
        overpayment_case_ids=links,
    )
    escalation = _escalation(case, threshold_fen, now, escalated_to)
    if escalation is None:
        return CaseChange(case, opened=True)
    return CaseChange(escalation.case, opened=True, escalated=escalation.escalated)


def check_move(current: CaseStatus, wanted: CaseStatus) -> None:
    """Refuses a move the state machine does not allow, naming the field `status`."""
    if wanted not in MOVES[current]:
        allowed = ", ".join(sorted(MOVES[current])) or "none: the case is closed"
        raise FailedPrecondition(
            "CASE_STATUS_MOVE_NOT_ALLOWED",
            f"a case {current} cannot become {wanted}; allowed: {allowed}",
            field="status",
            message_zh=f"案件状态不能从 {current} 变为 {wanted}",
        )


def update_case(
    case: Case,
    *,
    status: CaseStatus | None,
    assigned_to: str,
    recovered_fen: int,
    amount_fen: int,
    note: str,
    attachment_refs: Sequence[str],
    overpayment_case_ids: Sequence[str],
    actor: str,
    now: datetime,
    threshold_fen: int,
    escalated_to: str = ESCALATED_TO,
) -> CaseChange:
    """An officer's change: a move, an assignee, money recovered (added) or at stake (replaced when not 0), a note,
    attachments and overpayment links added. Every change writes a history line; an escalation follows a raised
    amount that reaches the threshold, once in a case's life."""
    _money(recovered_fen, "recovered_fen")
    _money(amount_fen, "amount_fen")
    if case.status is CaseStatus.CLOSED:
        raise FailedPrecondition(
            "CASE_CLOSED", f"case {case.case_id} is closed", field="case_id", message_zh="案件已结案，不能再修改"
        )
    new_status = case.status if status is None or status is case.status else status
    if new_status is not case.status:
        check_move(case.status, new_status)
    if new_status is not case.status and new_status in FINDINGS and not note:
        raise InvalidArgument(
            "CASE_NOTE_REQUIRED",
            "a finding needs a note saying what was found",
            field="note",
            message_zh="认定案件须填写调查情况",
        )
    attachments = tuple(dict.fromkeys((*case.attachment_refs, *attachment_refs)))
    links = tuple(dict.fromkeys((*case.overpayment_case_ids, *overpayment_case_ids)))
    assignee = assigned_to or case.assigned_to
    amount = amount_fen or case.amount_fen
    if (
        new_status is case.status
        and assignee == case.assigned_to
        and recovered_fen == 0
        and amount == case.amount_fen
        and not note
        and attachments == case.attachment_refs
        and links == case.overpayment_case_ids
    ):
        raise InvalidArgument(
            "CASE_UPDATE_EMPTY",
            "the update changes nothing: give a status, assignee, amount, note, attachment or link",
            field="case_id",
            message_zh="本次更新没有任何变更",
        )
    _limit(len(attachments), MAX_ATTACHMENTS, "attachment_refs")
    _limit(len(links), MAX_OVERPAYMENT_LINKS, "overpayment_case_ids")
    _limit(len(case.notes) + 1, MAX_NOTES, "notes")
    total = _money(case.recovered_fen + recovered_fen, "recovered_fen")
    text = note or _describe(case, new_status, assignee, recovered_fen, amount)
    changed = replace(
        case,
        status=new_status,
        assigned_to=assignee,
        recovered_fen=total,
        amount_fen=amount,
        attachment_refs=attachments,
        overpayment_case_ids=links,
        notes=(*case.notes, CaseNote(actor, now, new_status, text)),
        updated_at=now,
    )
    event = StatusChanged(case.status, new_status, assignee, recovered_fen, total, text)
    escalation = _escalation(changed, threshold_fen, now, escalated_to) if amount > case.amount_fen else None
    if escalation is None:
        return CaseChange(changed, changed=event)
    return CaseChange(escalation.case, changed=event, escalated=escalation.escalated)


def _describe(case: Case, status: CaseStatus, assignee: str, recovered_fen: int, amount_fen: int) -> str:
    """A history line for an update that came without a note."""
    parts = []
    if status is not case.status:
        parts.append(f"status {case.status} -> {status}")
    if assignee != case.assigned_to:
        parts.append(f"assigned to {assignee}")
    if recovered_fen:
        parts.append(f"recovered {format_yuan(recovered_fen)} yuan")
    if amount_fen != case.amount_fen:
        parts.append(f"money at stake {format_yuan(case.amount_fen)} -> {format_yuan(amount_fen)} yuan")
    return "; ".join(parts) or "attachments or overpayment cases added"


def count_recoveries(case: Case, recoveries: Sequence[Recovery], *, actor: str, now: datetime) -> CaseChange | None:
    """The recoveries of the case's linked overpayment cases not counted yet, added to `recovered_fen` once each
    (also when the case is closed: the money came back all the same); None when there is nothing new.

    Not bounded by MAX_NOTES: a recovery is payout's fact, and refusing it would park the consumer's key; its
    history lines are as many as the overpayment cases' recoveries, which payout bounds."""
    linked = set(case.overpayment_case_ids)
    counted = set(case.counted_recoveries)
    new: dict[str, Recovery] = {}
    for recovery in recoveries:
        if recovery.overpayment_case_id in linked and recovery.key not in counted:
            new.setdefault(recovery.key, recovery)
    if not new:
        return None
    added = sum(r.amount_fen for r in new.values())
    total = _money(case.recovered_fen + added, "recovered_fen")
    sources = ", ".join(sorted({r.overpayment_case_id for r in new.values()}))
    text = f"recovered {format_yuan(added)} yuan by overpayment case(s) {sources}"
    changed = replace(
        case,
        recovered_fen=total,
        counted_recoveries=(*case.counted_recoveries, *new),
        notes=(*case.notes, CaseNote(actor, now, case.status, text)),
        updated_at=now,
    )
    return CaseChange(changed, changed=StatusChanged(case.status, case.status, case.assigned_to, added, total, text))
