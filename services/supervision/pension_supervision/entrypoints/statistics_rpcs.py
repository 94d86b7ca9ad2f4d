"""The monthly statistics RPCs of SupervisionService (PublishMonthlyStatistics, GetMonthlyStatistics), a mixin of the
servicer: the caller, the request to arguments, the answer to a reply."""

from __future__ import annotations

from typing import Any

from pension.supervision.v1 import supervision_service_pb2
from pension_kit.identifiers import Month
from pension_kit.identity import require_caller
from pension_kit.protoconv import from_year_month
from pension_supervision.adapters.statistics_messages import statistics_message
from pension_supervision.entrypoints.report_rpcs import Context
from pension_supervision.service_layer.monthly_statistics import MonthlyStatisticsService


def month_of(value: Any) -> Month:
    month = from_year_month(value, field="month")
    assert month is not None  # required
    return month


class StatisticsRpcs:
    """Needs `_statistics` from the servicer's constructor."""

    _statistics: MonthlyStatisticsService

    async def PublishMonthlyStatistics(
        self, request: supervision_service_pb2.PublishMonthlyStatisticsRequest, context: Context
    ) -> supervision_service_pb2.PublishMonthlyStatisticsResponse:
        report, already = await self._statistics.publish(
            require_caller(),
            request_id=request.request_id,
            pooling_region_code=request.pooling_region_code,
            month=month_of(request.month),
        )
        return supervision_service_pb2.PublishMonthlyStatisticsResponse(
            statistics=statistics_message(report), already_published=already
        )

    async def GetMonthlyStatistics(
        self, request: supervision_service_pb2.GetMonthlyStatisticsRequest, context: Context
    ) -> supervision_service_pb2.GetMonthlyStatisticsResponse:
        report = await self._statistics.statistics(
            require_caller(), request.pooling_region_code, month_of(request.month), request.version
        )
        return supervision_service_pb2.GetMonthlyStatisticsResponse(statistics=statistics_message(report))
