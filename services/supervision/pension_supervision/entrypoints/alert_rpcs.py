"""The alert RPCs of SupervisionService (ListAlerts, GetAlert, DismissAlert), a mixin of the servicer."""

from __future__ import annotations

from typing import Any, TypeAlias

import grpc

from pension.supervision.v1 import supervision_pb2, supervision_service_pb2
from pension_kit.identity import require_caller
from pension_kit.protoconv import check_enum
from pension_supervision.adapters.alert_messages import alert_message
from pension_supervision.domain.alerts import AlertRule, AlertStatus
from pension_supervision.service_layer.alerts import AlertService

Context: TypeAlias = grpc.aio.ServicerContext[Any, Any]


class AlertRpcs:
    _alerts: AlertService

    async def ListAlerts(
        self, request: supervision_service_pb2.ListAlertsRequest, context: Context
    ) -> supervision_service_pb2.ListAlertsResponse:
        rule = check_enum(request.rule, supervision_pb2.AlertRule.DESCRIPTOR, field="rule", unspecified_allowed=True)
        status = check_enum(
            request.status, supervision_pb2.AlertStatus.DESCRIPTOR, field="status", unspecified_allowed=True
        )
        alerts, next_token = await self._alerts.list_alerts(
            caller=require_caller(),
            pooling_region_code=request.pooling_region_code,
            rule=AlertRule(supervision_pb2.AlertRule.Name(rule).removeprefix("ALERT_RULE_")) if rule else None,
            status=AlertStatus(supervision_pb2.AlertStatus.Name(status).removeprefix("ALERT_STATUS_"))
            if status
            else None,
            resident_id=request.resident_id,
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return supervision_service_pb2.ListAlertsResponse(
            alerts=[alert_message(alert) for alert in alerts], next_page_token=next_token
        )

    async def GetAlert(
        self, request: supervision_service_pb2.GetAlertRequest, context: Context
    ) -> supervision_service_pb2.GetAlertResponse:
        alert = await self._alerts.get(caller=require_caller(), alert_id=request.alert_id)
        return supervision_service_pb2.GetAlertResponse(alert=alert_message(alert))

    async def DismissAlert(
        self, request: supervision_service_pb2.DismissAlertRequest, context: Context
    ) -> supervision_service_pb2.DismissAlertResponse:
        alert = await self._alerts.dismiss(
            caller=require_caller(), request_id=request.request_id, alert_id=request.alert_id, reason=request.reason
        )
        return supervision_service_pb2.DismissAlertResponse(alert=alert_message(alert))
