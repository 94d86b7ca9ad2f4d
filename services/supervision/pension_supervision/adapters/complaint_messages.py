"""A ticket as the contract carries it: the Complaint message of replies, and the events of its changes.

The complainant appears only masked; events carry no complainant data at all.
"""

from __future__ import annotations

from pension.supervision.v1 import events_pb2, supervision_pb2
from pension_kit.protoconv import to_calendar_date, to_year_month
from pension_supervision.domain.complaints import Complaint, ComplaintChannel, ComplaintKind, ComplaintStatus

_KINDS: dict[ComplaintKind, supervision_pb2.ComplaintKind] = {
    ComplaintKind.COMPLAINT: supervision_pb2.COMPLAINT_KIND_COMPLAINT,
    ComplaintKind.REPORT: supervision_pb2.COMPLAINT_KIND_REPORT,
    ComplaintKind.ENQUIRY: supervision_pb2.COMPLAINT_KIND_ENQUIRY,
    ComplaintKind.NOTICE_DISPUTE: supervision_pb2.COMPLAINT_KIND_NOTICE_DISPUTE,
}
_CHANNELS: dict[ComplaintChannel, supervision_pb2.ComplaintChannel] = {
    ComplaintChannel.HOTLINE: supervision_pb2.COMPLAINT_CHANNEL_HOTLINE,
    ComplaintChannel.AGENT: supervision_pb2.COMPLAINT_CHANNEL_AGENT,
    ComplaintChannel.PUBLIC: supervision_pb2.COMPLAINT_CHANNEL_PUBLIC,
}
_STATUSES: dict[ComplaintStatus, supervision_pb2.ComplaintStatus] = {
    ComplaintStatus.RECEIVED: supervision_pb2.COMPLAINT_STATUS_RECEIVED,
    ComplaintStatus.IN_PROGRESS: supervision_pb2.COMPLAINT_STATUS_IN_PROGRESS,
    ComplaintStatus.ANSWERED: supervision_pb2.COMPLAINT_STATUS_ANSWERED,
    ComplaintStatus.CLOSED: supervision_pb2.COMPLAINT_STATUS_CLOSED,
}
_KIND_OF = {number: kind for kind, number in _KINDS.items()}
_CHANNEL_OF = {number: channel for channel, number in _CHANNELS.items()}
_STATUS_OF = {number: status for status, number in _STATUSES.items()}


def kind_number(kind: ComplaintKind) -> supervision_pb2.ComplaintKind:
    return _KINDS[kind]


def channel_number(channel: ComplaintChannel) -> supervision_pb2.ComplaintChannel:
    return _CHANNELS[channel]


def status_number(status: ComplaintStatus) -> supervision_pb2.ComplaintStatus:
    return _STATUSES[status]


def kind_of(number: int) -> ComplaintKind:
    """The kind a (checked, specified) contract number names."""
    return _KIND_OF[number]  # type: ignore[index]


def channel_of(number: int) -> ComplaintChannel:
    return _CHANNEL_OF[number]  # type: ignore[index]


def status_of(number: int) -> ComplaintStatus:
    return _STATUS_OF[number]  # type: ignore[index]


def complaint_message(complaint: Complaint) -> supervision_pb2.Complaint:
    message = supervision_pb2.Complaint(
        ticket_number=complaint.ticket_number,
        kind=kind_number(complaint.kind),
        channel=channel_number(complaint.channel),
        status=status_number(complaint.status),
        pooling_region_code=complaint.pooling_region_code,
        village_code=complaint.village_code,
        resident_id=complaint.resident_id,
        subject=complaint.subject,
        description=complaint.description,
        complainant_name_masked=complaint.complainant_name_masked,
        complainant_mobile_masked=complaint.complainant_mobile_masked,
        received_on=to_calendar_date(complaint.received_on),
        due_on=to_calendar_date(complaint.due_on),
        extended=complaint.extended,
        extension_reason=complaint.extension_reason,
        overdue=complaint.overdue,
        escalated=complaint.escalated,
        assigned_to=complaint.assigned_to,
        resolution=complaint.resolution,
        closed_on=to_calendar_date(complaint.closed_on),
    )
    if complaint.notice_month is not None:
        message.notice_month.CopyFrom(to_year_month(complaint.notice_month))
    return message


def complaint_filed(complaint: Complaint) -> events_pb2.ComplaintFiled:
    return events_pb2.ComplaintFiled(
        pooling_region_code=complaint.pooling_region_code,
        ticket_number=complaint.ticket_number,
        kind=kind_number(complaint.kind),
        channel=channel_number(complaint.channel),
        village_code=complaint.village_code,
        resident_id=complaint.resident_id,
        subject=complaint.subject,
        received_on=to_calendar_date(complaint.received_on),
        due_on=to_calendar_date(complaint.due_on),
    )


def complaint_extended(before: Complaint, after: Complaint) -> events_pb2.ComplaintExtended:
    return events_pb2.ComplaintExtended(
        pooling_region_code=after.pooling_region_code,
        ticket_number=after.ticket_number,
        old_due_on=to_calendar_date(before.due_on),
        due_on=to_calendar_date(after.due_on),
        reason=after.extension_reason,
    )


def complaint_status_changed(before: Complaint, after: Complaint) -> events_pb2.ComplaintStatusChanged:
    return events_pb2.ComplaintStatusChanged(
        pooling_region_code=after.pooling_region_code,
        ticket_number=after.ticket_number,
        old_status=status_number(before.status),
        status=status_number(after.status),
        assigned_to=after.assigned_to,
    )


def complaint_closed(after: Complaint) -> events_pb2.ComplaintClosed:
    return events_pb2.ComplaintClosed(
        pooling_region_code=after.pooling_region_code,
        ticket_number=after.ticket_number,
        closed_on=to_calendar_date(after.closed_on),
        closed_late=after.closed_late,
        resolution=after.resolution,
    )


def complaint_overdue(before: Complaint, after: Complaint) -> events_pb2.ComplaintOverdue:
    return events_pb2.ComplaintOverdue(
        pooling_region_code=after.pooling_region_code,
        ticket_number=after.ticket_number,
        due_on=to_calendar_date(after.due_on),
        status=status_number(before.status),
        escalated_to=after.escalated_to,
    )
