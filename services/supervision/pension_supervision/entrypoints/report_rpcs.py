"""The report RPCs of SupervisionService (GetPublicNotice, RunReconciliation, GetReconciliation, GetDisclosure), a
mixin of the servicer: the caller, the request to arguments, the answer to a reply."""

from __future__ import annotations

from typing import Any, TypeAlias

import grpc

from pension.common.v1 import types_pb2
from pension.supervision.v1 import supervision_pb2, supervision_service_pb2
from pension_kit.identifiers import Month
from pension_kit.identity import require_caller
from pension_kit.protoconv import check_enum, from_year_month
from pension_kit.text import check_items
from pension_supervision.adapters.report_messages import (
    disclosure_message,
    fund_name,
    item_name,
    notice_message,
    reconciliation_message,
)
from pension_supervision.domain.reconciliation import MAX_FIGURES, FundAccountFigure
from pension_supervision.service_layer.disclosure import DisclosureService
from pension_supervision.service_layer.notices import NoticeService
from pension_supervision.service_layer.reconciliation import ReconciliationService

Context: TypeAlias = grpc.aio.ServicerContext[Any, Any]


def _month(value: Any, field: str = "month") -> Month:
    month = from_year_month(value, field=field)
    assert month is not None  # required
    return month


def _figures(request: supervision_service_pb2.RunReconciliationRequest) -> list[FundAccountFigure]:
    check_items(request.fund_account_figures, field="fund_account_figures", max_items=MAX_FIGURES)
    figures = []
    for index, figure in enumerate(request.fund_account_figures):
        item = check_enum(
            figure.item, supervision_pb2.ReconciliationItem.DESCRIPTOR, field=f"fund_account_figures[{index}].item"
        )
        fund = check_enum(
            figure.fund,
            types_pb2.Fund.DESCRIPTOR,
            field=f"fund_account_figures[{index}].fund",
            unspecified_allowed=True,  # both funds together
        )
        figures.append(FundAccountFigure(item_name(item), fund_name(fund), figure.amount_fen, figure.statement_ref))
    return figures


class ReportRpcs:
    """Needs `_notices`, `_reconciliation` and `_disclosure` from the servicer's constructor."""

    _notices: NoticeService
    _reconciliation: ReconciliationService
    _disclosure: DisclosureService

    async def GetPublicNotice(
        self, request: supervision_service_pb2.GetPublicNoticeRequest, context: Context
    ) -> supervision_service_pb2.GetPublicNoticeResponse:
        notice = await self._notices.notice(require_caller(), request.village_code, _month(request.month))
        return supervision_service_pb2.GetPublicNoticeResponse(notice=notice_message(notice))

    async def RunReconciliation(
        self, request: supervision_service_pb2.RunReconciliationRequest, context: Context
    ) -> supervision_service_pb2.RunReconciliationResponse:
        caller = require_caller()
        done = await self._reconciliation.run(
            caller,
            request_id=request.request_id,
            pooling_region_code=request.pooling_region_code,
            month=_month(request.month),
            figures=_figures(request),
        )
        return supervision_service_pb2.RunReconciliationResponse(reconciliation=reconciliation_message(done))

    async def GetReconciliation(
        self, request: supervision_service_pb2.GetReconciliationRequest, context: Context
    ) -> supervision_service_pb2.GetReconciliationResponse:
        found = await self._reconciliation.reconciliation(
            require_caller(), request.pooling_region_code, _month(request.month)
        )
        return supervision_service_pb2.GetReconciliationResponse(reconciliation=reconciliation_message(found))

    async def GetDisclosure(
        self, request: supervision_service_pb2.GetDisclosureRequest, context: Context
    ) -> supervision_service_pb2.GetDisclosureResponse:
        disclosure = await self._disclosure.disclosure(
            require_caller(), request.pooling_region_code, request.year, request.month
        )
        return supervision_service_pb2.GetDisclosureResponse(disclosure=disclosure_message(disclosure))
