"""Supervision alerts for auditors and officers: the list, one alert with its evidence, and its dismissal.

Each route forwards the caller's own token to the supervision service, which decides who may read or dismiss.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from pension.supervision.v1 import supervision_pb2, supervision_service_pb2
from pension_gateway.api.access import allow
from pension_gateway.api.deps import Clients, CurrentCaller, Settings
from pension_gateway.api.problems import problem_responses
from pension_gateway.api.routes.fields import RequestId
from pension_gateway.api.routes.supervision_fields import (
    AlertIdPath,
    AlertRuleName,
    AlertStatusName,
    PoolingRegionQuery,
    RequiredReason,
    ResidentIdQuery,
    SupervisionPageToken,
    enum_name,
    enum_number,
    moment,
)
from pension_kit.identity import Role
from pension_kit.paging import MAX_PAGE_SIZE

router = APIRouter(prefix="/alerts", tags=["supervision"])

# The roles the service behind each route admits, refused at the gateway before any call: supervision's ALERT_READERS
# and ALERT_DISMISSERS.
READING_ROLES: Final = (Role.AUDITOR, Role.COUNTY_OFFICER, Role.COUNTY_APPROVER, Role.TOWNSHIP_OFFICER)
DISMISSING_ROLES: Final = (Role.COUNTY_OFFICER, Role.AUDITOR)


class EvidenceOut(BaseModel):
    """One event behind an alert and what it shows (masked: no personal number in the clear)."""

    event_id: str
    event_type: str
    subject_key: str
    occurred_at: datetime | None
    summary: str


class AlertOut(BaseModel):
    """What a rule found, why in Chinese and English, how sure it is (0-100, explained), and the events showing it."""

    alert_id: str
    rule: str = Field(description="The rule, e.g. payment_after_death (the contract's AlertRule, lower case).")
    status: str = Field(description="open, in_case or dismissed.")
    score: int = Field(description="0-100: higher is more likely to be real.")
    score_explanation: str
    reason_zh: str
    reason_en: str
    pooling_region_code: str
    resident_ids: list[str]
    agent_ids: list[str]
    amount_fen: int = Field(description="Money at stake, fen; 0 when not applicable.")
    case_id: str
    raised_at: datetime | None
    dismissal_reason: str
    facts_key: str
    evidence: list[EvidenceOut]


class AlertsPageOut(BaseModel):
    alerts: list[AlertOut] = Field(description="Newest first.")
    next_page_token: str


class DismissalIn(BaseModel):
    request_id: RequestId
    reason: RequiredReason


def alert_out(alert: supervision_pb2.Alert) -> AlertOut:
    return AlertOut(
        alert_id=alert.alert_id,
        rule=enum_name(supervision_pb2.AlertRule.DESCRIPTOR, alert.rule),
        status=enum_name(supervision_pb2.AlertStatus.DESCRIPTOR, alert.status),
        score=alert.score,
        score_explanation=alert.score_explanation,
        reason_zh=alert.reason_zh,
        reason_en=alert.reason_en,
        pooling_region_code=alert.pooling_region_code,
        resident_ids=list(alert.resident_ids),
        agent_ids=list(alert.agent_ids),
        amount_fen=alert.amount_fen,
        case_id=alert.case_id,
        raised_at=moment(alert.raised_at),
        dismissal_reason=alert.dismissal_reason,
        facts_key=alert.facts_key,
        evidence=[
            EvidenceOut(
                event_id=e.event_id,
                event_type=e.event_type,
                subject_key=e.subject_key,
                occurred_at=moment(e.occurred_at),
                summary=e.summary,
            )
            for e in alert.evidence
        ],
    )


def list_request(
    region: str | None,
    rule: str | None,
    status: str | None,
    resident_id: str,
    page_size: int,
    page_token: str,
) -> supervision_service_pb2.ListAlertsRequest:
    return supervision_service_pb2.ListAlertsRequest(
        pooling_region_code=region or "",
        rule=enum_number(supervision_pb2.AlertRule.DESCRIPTOR, rule),  # type: ignore[arg-type]
        status=enum_number(supervision_pb2.AlertStatus.DESCRIPTOR, status),  # type: ignore[arg-type]
        resident_id=resident_id,
        page_size=page_size,
        page_token=page_token,
    )


@router.get("", **allow(*READING_ROLES), response_model=AlertsPageOut, responses=problem_responses(400, 401, 403, 503))
async def list_alerts(
    caller: CurrentCaller,
    clients: Clients,
    settings: Settings,
    pooling_region_code: PoolingRegionQuery = None,
    rule: AlertRuleName | None = None,
    status: AlertStatusName | None = None,
    resident_id: ResidentIdQuery = "",
    page_size: int = Query(100, ge=1, le=MAX_PAGE_SIZE),
    page_token: SupervisionPageToken = "",
) -> AlertsPageOut:
    """Alerts, newest first, filtered by region, rule (e.g. `payment_after_death`), status (`open`, `in_case`,
    `dismissed`) and resident; cursor-paged."""
    response = await clients.supervision.ListAlerts(
        list_request(pooling_region_code, rule, status, resident_id, page_size, page_token),
        metadata=caller.to_metadata(),
        timeout=settings.rpc_timeout_seconds,
    )
    return AlertsPageOut(alerts=[alert_out(a) for a in response.alerts], next_page_token=response.next_page_token)


@router.get(
    "/{alert_id}",
    **allow(*READING_ROLES),
    response_model=AlertOut,
    responses=problem_responses(400, 401, 403, 404, 503),
)
async def get_alert(alert_id: AlertIdPath, caller: CurrentCaller, clients: Clients, settings: Settings) -> AlertOut:
    """One alert with its reason, score and evidence."""
    response = await clients.supervision.GetAlert(
        supervision_service_pb2.GetAlertRequest(alert_id=alert_id),
        metadata=caller.to_metadata(),
        timeout=settings.rpc_timeout_seconds,
    )
    return alert_out(response.alert)


@router.post(
    "/{alert_id}/dismissal",
    **allow(*DISMISSING_ROLES),
    response_model=AlertOut,
    responses=problem_responses(400, 401, 403, 404, 409, 413, 415, 422, 503),
)
async def dismiss_alert(
    alert_id: AlertIdPath, body: DismissalIn, caller: CurrentCaller, clients: Clients, settings: Settings
) -> AlertOut:
    """Dismiss an alert after looking at it, with the reason (required); a retry with the same `request_id` is
    answered with the same alert."""
    response = await clients.supervision.DismissAlert(
        supervision_service_pb2.DismissAlertRequest(request_id=body.request_id, alert_id=alert_id, reason=body.reason),
        metadata=caller.to_metadata(),
        timeout=settings.rpc_timeout_seconds,
    )
    return alert_out(response.alert)
