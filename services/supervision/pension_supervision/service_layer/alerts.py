"""The alert store's use cases: raising an alert once per facts, reading alerts by region, dismissing one."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime

from pension.supervision.v1 import events_pb2
from pension_kit.clock import now_to_millisecond
from pension_kit.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from pension_kit.events import new_event
from pension_kit.identifiers import IdentifierError, division_code_of_pooling_region
from pension_kit.identity import SYSTEM_CALLER, Caller, Role
from pension_kit.outbox import NotifyRelay
from pension_kit.paging import page_size as checked_page_size
from pension_kit.text import ID_MAX, IDENTIFIER_MAX, REASON_MAX, REQUEST_ID_MAX, check_free_text, check_length
from pension_kit.unit_of_work import Decision, UnitOfWork
from pension_supervision.adapters.alert_messages import alert_from_document, alert_message
from pension_supervision.adapters.alert_repository import ALERTS, AlertRepository
from pension_supervision.domain.alerts import Alert, AlertDraft, AlertRule, AlertStatus

PRODUCER = "supervision"
ALERT_READERS = (Role.AUDITOR, Role.COUNTY_OFFICER, Role.COUNTY_APPROVER, Role.TOWNSHIP_OFFICER, Role.SYSTEM)
ALERT_DISMISSERS = (Role.COUNTY_OFFICER, Role.AUDITOR)


def alert_not_found(alert_id: str) -> NotFound:
    return NotFound("ALERT_NOT_FOUND", f"no alert {alert_id}", field="alert_id", message_zh="未找到该预警")


def _required(value: str, field: str, max_length: int) -> str:
    check_length(value, field=field, max_length=max_length)
    if not value.strip():
        raise InvalidArgument(
            f"{field.upper()}_REQUIRED", f"{field} is required", field=field, message_zh=f"{field} 为必填项"
        )
    return value.strip()


def _regions_of(caller: Caller) -> list[str] | None:
    """The pooling regions a caller reads: a township officer those of their villages (none: refused); the county's
    officers, approvers and auditors every region (None)."""
    if caller.role is not Role.TOWNSHIP_OFFICER:
        return None
    if not caller.villages:
        raise _region_not_assigned("this township officer's account names no villages, so no region")
    return sorted({village[:6] for village in caller.villages})


def _region_not_assigned(message: str) -> PermissionDenied:
    return PermissionDenied(
        "REGION_NOT_ASSIGNED", message, field="pooling_region_code", message_zh="无权查看其他统筹地区的预警"
    )


def _region_filter(value: str) -> str:
    """The region a list asks for: empty (every region the caller reads) or a county's 6-digit code."""
    region = check_length(value, field="pooling_region_code", max_length=IDENTIFIER_MAX).strip()
    if region:
        try:
            division_code_of_pooling_region(region, field="pooling_region_code")
        except IdentifierError as error:
            raise InvalidArgument(
                error.reason, error.message, field=error.field, message_zh="统筹地区编码应为6位县级区划代码"
            ) from None
    return region


def _check_reads(caller: Caller, alert: Alert) -> None:
    regions = _regions_of(caller)
    if regions is not None and alert.draft.pooling_region_code not in regions:
        # Told as not found: an officer learns nothing of another region's alerts.
        raise alert_not_found(alert.alert_id)


def _page_token(alert: Alert) -> str:
    raw = f"{alert.raised_at.isoformat()}|{alert.alert_id}".encode()
    return base64.urlsafe_b64encode(raw).decode()


def _after(token: str) -> tuple[datetime, str] | None:
    if not token:
        return None
    try:
        raised_at, alert_id = base64.urlsafe_b64decode(token.encode()).decode().split("|", 1)
        return datetime.fromisoformat(raised_at), alert_id
    except (ValueError, UnicodeDecodeError):
        raise InvalidArgument(
            "PAGE_TOKEN_INVALID", "page_token is not one we issued", field="page_token", message_zh="翻页标记无效"
        ) from None


@dataclass
class AlertService:
    alerts: AlertRepository
    topic: str
    notify_relay: NotifyRelay

    def _unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(
            self.alerts.versioned,
            ALERTS,
            self.topic,
            PRODUCER,
            self.notify_relay,
            subject_key=lambda document: str(document["pooling_region_code"]),
        )

    async def raise_alert(self, draft: AlertDraft) -> Alert:
        """Stores the alert with its AlertRaised event in one insert; the same facts again return the stored alert
        and raise nothing."""
        existing = await self.alerts.get(draft.alert_id)
        if existing is not None:
            return existing
        alert = Alert(draft=draft, status=AlertStatus.OPEN, raised_at=now_to_millisecond())
        event = new_event(
            topic=self.topic,
            payload=events_pb2.AlertRaised(alert=alert_message(alert)),
            subject_key=draft.pooling_region_code,
            producer=PRODUCER,
            actor=SYSTEM_CALLER.user_id,
            reason=f"rule {draft.rule.value}",
        )
        if await self.alerts.insert(alert, [event]):
            self.notify_relay(ALERTS, [alert.alert_id])
            return alert
        stored = await self.alerts.get(draft.alert_id)  # raised meanwhile by another delivery
        assert stored is not None
        return stored

    async def get(self, *, caller: Caller, alert_id: str) -> Alert:
        caller.require_role(*ALERT_READERS)
        alert = await self.alerts.get(_required(alert_id, "alert_id", ID_MAX))
        if alert is None:
            raise alert_not_found(alert_id)
        _check_reads(caller, alert)
        return alert

    async def list_alerts(
        self,
        *,
        caller: Caller,
        pooling_region_code: str,
        rule: AlertRule | None,
        status: AlertStatus | None,
        resident_id: str,
        page_size: int,
        page_token: str,
    ) -> tuple[list[Alert], str]:
        """One page of alerts, newest first, and the token of the next page ("" on the last)."""
        caller.require_role(*ALERT_READERS)
        region = _region_filter(pooling_region_code)
        resident = check_length(resident_id, field="resident_id", max_length=ID_MAX).strip()
        limit = checked_page_size(page_size)
        regions = _regions_of(caller)
        if region:
            if regions is not None and region not in regions:
                raise _region_not_assigned(f"a township officer reads the alerts of their own region, not {region}")
            regions = [region]
        alerts = await self.alerts.newest_first(
            pooling_region_codes=regions,
            rule=rule.value if rule else "",
            status=status.value if status else "",
            resident_id=resident,
            before=_after(check_length(page_token, field="page_token", max_length=400)),
            limit=limit,
        )
        return alerts, _page_token(alerts[-1]) if len(alerts) == limit else ""

    async def dismiss(self, *, caller: Caller, request_id: str, alert_id: str, reason: str) -> Alert:
        """Dismisses an open alert with a reason, once per request id; AlertDismissed with the change."""
        caller.require_role(*ALERT_DISMISSERS)
        request = _required(request_id, "request_id", REQUEST_ID_MAX)
        alert_id = _required(alert_id, "alert_id", ID_MAX)
        why = _required(check_free_text(reason, field="reason", max_length=REASON_MAX), "reason", REASON_MAX)

        def decide(document: dict[str, object]) -> Decision[Alert]:
            alert = alert_from_document(document)
            _check_reads(caller, alert)
            if alert.status is not AlertStatus.OPEN:
                raise FailedPrecondition(
                    "ALERT_NOT_OPEN",
                    f"alert {alert_id} is {alert.status.value}; only an open alert can be dismissed",
                    field="alert_id",
                    message_zh="只有未处理的预警可以排除",
                )
            dismissed = Alert(
                draft=alert.draft,
                status=AlertStatus.DISMISSED,
                raised_at=alert.raised_at,
                case_id=alert.case_id,
                dismissal_reason=why,
            )
            return Decision(
                update={"$set": {"status": AlertStatus.DISMISSED.value, "dismissal_reason": why}},
                payloads=[
                    events_pb2.AlertDismissed(
                        pooling_region_code=alert.draft.pooling_region_code, alert_id=alert_id, reason=why
                    )
                ],
                result=dismissed,
            )

        def repeated(document: dict[str, object]) -> Alert:
            return alert_from_document(document)

        return await self._unit_of_work().write(
            alert_id,
            request_id=f"request:{request}",
            actor=caller.user_id,
            reason=why,
            decide=decide,
            repeated=repeated,
            not_found=lambda: alert_not_found(alert_id),
        )
