"""The review lists' RPCs of SupervisionService (PublishMonthlyReviewList, GetMonthlyReviewList, PublishAnnualCheck,
GetAnnualCheck), a mixin of the servicer: the caller, the request to arguments, the stored publication to a reply."""

from __future__ import annotations

from typing import Any, TypeAlias

import grpc

from pension.common.v1 import types_pb2
from pension.supervision.v1 import review_lists_pb2, supervision_service_pb2
from pension_kit.identifiers import Month
from pension_kit.identity import require_caller
from pension_kit.protoconv import from_year_month, to_timestamp
from pension_supervision.service_layer.review_lists import Publication, ReviewListService

Context: TypeAlias = grpc.aio.ServicerContext[Any, Any]


def _month(value: types_pb2.YearMonth) -> Month:
    month = from_year_month(value, field="month")
    assert month is not None  # required
    return month


def monthly_list(publication: Publication) -> review_lists_pb2.MonthlyReviewList:
    document = publication.document
    return review_lists_pb2.MonthlyReviewList(
        list_id=document["_id"],
        pooling_region_code=document["region"],
        month=types_pb2.YearMonth(year=document["year"], month=document["month"]),
        version=document["report_version"],
        published_at=to_timestamp(document["published_at"]),
        published_by=document["published_by"],
        villages=[review_lists_pb2.ReviewVillage.FromString(content) for content in publication.villages],
        totals=review_lists_pb2.ReviewTotals.FromString(bytes(document["summary"])),
        village_count=document["village_count"],
    )


def annual_check(publication: Publication) -> review_lists_pb2.AnnualCheck:
    document = publication.document
    return review_lists_pb2.AnnualCheck(
        check_id=document["_id"],
        pooling_region_code=document["region"],
        year=document["year"],
        version=document["report_version"],
        published_at=to_timestamp(document["published_at"]),
        published_by=document["published_by"],
        villages=[review_lists_pb2.AnnualCheckVillage.FromString(content) for content in publication.villages],
        counts=review_lists_pb2.AnnualCheckCounts.FromString(bytes(document["summary"])),
        village_count=document["village_count"],
    )


class ReviewListRpcs:
    """Needs `_review_lists` from the servicer's constructor."""

    _review_lists: ReviewListService

    async def PublishMonthlyReviewList(
        self, request: supervision_service_pb2.PublishMonthlyReviewListRequest, context: Context
    ) -> supervision_service_pb2.PublishMonthlyReviewListResponse:
        published = await self._review_lists.publish_monthly(
            require_caller(),
            request_id=request.request_id,
            pooling_region_code=request.pooling_region_code,
            month=_month(request.month),
        )
        return supervision_service_pb2.PublishMonthlyReviewListResponse(
            list=monthly_list(published), already_published=published.already_published
        )

    async def GetMonthlyReviewList(
        self, request: supervision_service_pb2.GetMonthlyReviewListRequest, context: Context
    ) -> supervision_service_pb2.GetMonthlyReviewListResponse:
        found = await self._review_lists.monthly(
            require_caller(), request.pooling_region_code, _month(request.month), request.village_code
        )
        return supervision_service_pb2.GetMonthlyReviewListResponse(list=monthly_list(found))

    async def PublishAnnualCheck(
        self, request: supervision_service_pb2.PublishAnnualCheckRequest, context: Context
    ) -> supervision_service_pb2.PublishAnnualCheckResponse:
        published = await self._review_lists.publish_annual(
            require_caller(),
            request_id=request.request_id,
            pooling_region_code=request.pooling_region_code,
            year=request.year,
        )
        return supervision_service_pb2.PublishAnnualCheckResponse(
            check=annual_check(published), already_published=published.already_published
        )

    async def GetAnnualCheck(
        self, request: supervision_service_pb2.GetAnnualCheckRequest, context: Context
    ) -> supervision_service_pb2.GetAnnualCheckResponse:
        found = await self._review_lists.annual(
            require_caller(), request.pooling_region_code, request.year, request.village_code
        )
        return supervision_service_pb2.GetAnnualCheckResponse(check=annual_check(found))
