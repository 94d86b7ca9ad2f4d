"""Cases as the contract's messages: the `Case` of replies and the CaseOpened, CaseStatusChanged and CaseEscalated
events the use cases write; the mapping lives here, below both the service layer and the servicer."""

from __future__ import annotations

from typing import Final

from google.protobuf.message import Message

from pension.supervision.v1 import events_pb2, supervision_pb2
from pension_kit.protoconv import to_timestamp
from pension_supervision.domain.cases import Case as DomainCase
from pension_supervision.domain.cases import CaseChange, CaseStatus

CASE_STATUS: Final[dict[CaseStatus, supervision_pb2.CaseStatus]] = {
    CaseStatus.OPEN: supervision_pb2.CASE_STATUS_OPEN,
    CaseStatus.INVESTIGATING: supervision_pb2.CASE_STATUS_INVESTIGATING,
    CaseStatus.SUBSTANTIATED: supervision_pb2.CASE_STATUS_SUBSTANTIATED,
    CaseStatus.UNSUBSTANTIATED: supervision_pb2.CASE_STATUS_UNSUBSTANTIATED,
    CaseStatus.CLOSED: supervision_pb2.CASE_STATUS_CLOSED,
}
CASE_STATUS_NAMES: Final[dict[int, CaseStatus]] = {number: status for status, number in CASE_STATUS.items()}


def case_message(case: DomainCase) -> supervision_pb2.Case:
    message = supervision_pb2.Case(
        case_id=case.case_id,
        pooling_region_code=case.pooling_region_code,
        title=case.title,
        alert_ids=case.alert_ids,
        resident_ids=case.resident_ids,
        status=CASE_STATUS[case.status],
        assigned_to=case.assigned_to,
        amount_fen=case.amount_fen,
        recovered_fen=case.recovered_fen,
        escalated=case.escalated,
        opened_at=to_timestamp(case.opened_at),
        updated_at=to_timestamp(case.updated_at),
        notes=[
            supervision_pb2.CaseNote(
                actor=note.actor,
                written_at=to_timestamp(note.written_at),
                status=CASE_STATUS[note.status],
                text=note.text,
            )
            for note in case.notes
        ],
        attachment_refs=case.attachment_refs,
        overpayment_case_ids=case.overpayment_case_ids,
        escalated_to=case.escalated_to,
    )
    if case.escalated_at is not None:
        message.escalated_at.CopyFrom(to_timestamp(case.escalated_at))
    return message


def change_payloads(change: CaseChange) -> list[Message]:
    """The events of a decision, in the order they happened: opened or changed, then escalated."""
    case = change.case
    payloads: list[Message] = []
    if change.opened:
        payloads.append(
            events_pb2.CaseOpened(
                pooling_region_code=case.pooling_region_code,
                case_id=case.case_id,
                title=case.title,
                alert_ids=case.alert_ids,
                resident_ids=case.resident_ids,
                assigned_to=case.assigned_to,
                amount_fen=case.amount_fen,
            )
        )
    if change.changed is not None:
        changed = change.changed
        payloads.append(
            events_pb2.CaseStatusChanged(
                pooling_region_code=case.pooling_region_code,
                case_id=case.case_id,
                old_status=CASE_STATUS[changed.old_status],
                status=CASE_STATUS[changed.status],
                assigned_to=changed.assigned_to,
                recovered_fen=changed.recovered_fen,
                total_recovered_fen=changed.total_recovered_fen,
                note=changed.note,
            )
        )
    if change.escalated is not None:
        payloads.append(
            events_pb2.CaseEscalated(
                pooling_region_code=case.pooling_region_code,
                case_id=case.case_id,
                amount_fen=change.escalated.amount_fen,
                threshold_fen=change.escalated.threshold_fen,
                escalated_to=change.escalated.escalated_to,
            )
        )
    return payloads
