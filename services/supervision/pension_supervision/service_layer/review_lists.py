"""Publishing and reading the monthly review lists (月审) and the annual check (年检).

A publication is computed from the facts kept, stored once and never changed: each village as the contract's
message bytes (`review_list_villages`, one document per village, so that a county's lists need not fit one
document), then the publication itself (`review_lists`) with its MonthlyReportPublished event in one unit of work.
Each publishing writes its villages under an attempt id of its own before the publication, which names the attempt
that won: a publishing that stopped half-way shows nothing, and one that lost a race to another (both computing
at once) cannot change the winner's villages; it removes its own. Once the publication exists, publishing again
(any request id) answers it, already_published, and announces nothing.

Who reads: county officers, approvers and auditors every village; a township officer the villages of the
townships their token's villages are in (the first 9 digits of a village code are its township's), and nothing
without any.
"""

from __future__ import annotations

import contextlib
import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from google.protobuf.message import Message
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from pension.common.v1 import types_pb2
from pension.supervision.v1 import events_pb2
from pension_kit.clock import now_to_millisecond, today_in_china
from pension_kit.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document, IndexSpec
from pension_kit.outbox import NotifyRelay
from pension_kit.protoconv import to_timestamp, to_year_month
from pension_kit.text import REQUEST_ID_MAX, check_length
from pension_kit.unit_of_work import Decision, MongoRepository, UnitOfWork
from pension_supervision.adapters.report_facts import ReportFacts
from pension_supervision.adapters.review_facts import ReviewFacts
from pension_supervision.adapters.review_list_messages import (
    counts_message,
    totals_message,
    village_check_message,
    village_review_message,
)
from pension_supervision.domain.review_lists import (
    CheckCounts,
    ReviewTotals,
    VillageName,
    check_id,
    compose_annual_check,
    compose_monthly_review,
    list_id,
)
from pension_supervision.service_layer.report_checks import checked_region, checked_village

PUBLICATIONS: Final = "review_lists"
VILLAGES: Final = "review_list_villages"
INDEXES: Final = [
    IndexSpec(VILLAGES, [("publication", 1), ("attempt", 1), ("township", 1)], name="publication_attempt_township")
]
PUBLISHERS: Final = (Role.COUNTY_OFFICER,)
READERS: Final = (Role.COUNTY_OFFICER, Role.COUNTY_APPROVER, Role.AUDITOR, Role.TOWNSHIP_OFFICER)
PRODUCER: Final = "supervision"
# The annual check's event names its year by December, the month it closes (MonthlyReportPublished has a month).
ANNUAL_CHECK_MONTH: Final = 12
MIN_YEAR: Final = 2000  # before any enrolment the scheme (2014 national merger, 2009 pilots) could hold


def township_of(village_code: str) -> str:
    return village_code[:9]


def _townships(caller: Caller) -> frozenset[str] | None:
    """The townships a caller reads (None: every one)."""
    if caller.role is not Role.TOWNSHIP_OFFICER:
        return None
    if not caller.villages:
        raise PermissionDenied(
            "TOWNSHIP_NOT_ASSIGNED",
            "a township officer reads the lists of their township's villages; the token names none",
            message_zh="未指定乡镇，无权查看名单",
        )
    return frozenset(township_of(code) for code in caller.villages)


def _request_id(request_id: str) -> str:
    check_length(request_id, field="request_id", max_length=REQUEST_ID_MAX)
    if not request_id.strip():
        raise InvalidArgument(
            "REQUEST_ID_REQUIRED", "request_id is required", field="request_id", message_zh="请求编号为必填项"
        )
    return request_id.strip()


@dataclass(frozen=True, slots=True)
class Publication:
    """A stored publication's header and the village messages the caller may see (bytes as stored)."""

    document: Document
    villages: tuple[bytes, ...]
    already_published: bool = False


class ReviewListService:
    def __init__(
        self,
        facts: ReportFacts,
        review: ReviewFacts,
        database: AsyncDatabase[Document],
        *,
        topic: str,
        notify_relay: NotifyRelay,
    ) -> None:
        self._facts = facts
        self._review = review
        self._villages = database[VILLAGES]
        self._repository = MongoRepository(database[PUBLICATIONS])
        self._unit = UnitOfWork(
            self._repository,
            PUBLICATIONS,
            topic,
            PRODUCER,
            notify_relay,
            subject_key=lambda document: str(document["region"]),
        )

    # --- the monthly review lists -------------------------------------------------------------------------------

    async def publish_monthly(
        self, caller: Caller, *, request_id: str, pooling_region_code: str, month: Month
    ) -> Publication:
        caller.require_role(*PUBLISHERS)
        request = _request_id(request_id)
        region = checked_region(pooling_region_code)
        if month >= Month.of(today_in_china()):
            raise FailedPrecondition(
                "MONTH_NOT_ENDED",
                f"{month} has not ended; its lists are published after its last day",
                field="month",
                message_zh="该月尚未结束，不能上报名单",
            )
        key = list_id(region, month)
        stored = await self._repository.get(key)
        if stored is not None and stored.get("published"):
            return Publication(stored, (), already_published=True)
        contributions = await self._facts.contributions_for_statistics(region, month)
        payments = await self._facts.payments_of_region(region, month)
        awards = await self._review.awards(region, first_month=month)
        residents = await self._facts.residents(
            [c.resident_id for c, _ in contributions]
            + [p.resident_id for p in payments]
            + [a.resident_id for a in awards]
        )
        villages = compose_monthly_review(
            month=month,
            villages=await self._villages_of(region),
            contributions=contributions,
            payments=payments,
            awards=awards,
            residents=residents,
        )
        totals = sum((village.totals for village in villages), ReviewTotals())
        return await self._publish(
            caller,
            request,
            key,
            region=region,
            period=to_year_month(month),
            kind="MONTHLY_REPORT_KIND_REVIEW_LISTS",
            pages=[(v.village.village_code, village_review_message(v)) for v in villages],
            summary=totals_message(totals),
            reason=f"review lists of {month}",
        )

    async def monthly(
        self, caller: Caller, pooling_region_code: str, month: Month, village_code: str = ""
    ) -> Publication:
        return await self._read(caller, list_id(checked_region(pooling_region_code), month), village_code)

    # --- the annual check ---------------------------------------------------------------------------------------

    async def publish_annual(
        self, caller: Caller, *, request_id: str, pooling_region_code: str, year: int
    ) -> Publication:
        caller.require_role(*PUBLISHERS)
        request = _request_id(request_id)
        region = checked_region(pooling_region_code)
        checked_year(year)
        if year >= today_in_china().year:
            raise FailedPrecondition(
                "YEAR_NOT_ENDED",
                f"{year} has not ended; its annual check is published after its last day",
                field="year",
                message_zh="该年度尚未结束，不能上报年检名单",
            )
        key = check_id(region, year)
        stored = await self._repository.get(key)
        if stored is not None and stored.get("published"):
            return Publication(stored, (), already_published=True)
        awards = await self._review.awards(region, by=Month(year, 12))
        ids = [a.resident_id for a in awards]
        villages = compose_annual_check(
            year=year,
            villages=await self._villages_of(region),
            awards=awards,
            certifications=await self._review.certifications(region, year),
            residents=await self._facts.residents(ids),
            ended_on=await self._review.ended_on(ids),
        )
        counts = sum((village.counts for village in villages), CheckCounts())
        return await self._publish(
            caller,
            request,
            key,
            region=region,
            period=types_pb2.YearMonth(year=year, month=ANNUAL_CHECK_MONTH),
            kind="MONTHLY_REPORT_KIND_ANNUAL_CHECK",
            pages=[(v.village.village_code, village_check_message(v)) for v in villages],
            summary=counts_message(counts),
            reason=f"annual check of {year}",
        )

    async def annual(self, caller: Caller, pooling_region_code: str, year: int, village_code: str = "") -> Publication:
        checked_year(year)
        return await self._read(caller, check_id(checked_region(pooling_region_code), year), village_code)

    # --- the two alike ------------------------------------------------------------------------------------------

    async def _villages_of(self, region: str) -> dict[str, VillageName]:
        return {
            v.village_code: VillageName(v.village_code, v.name, v.township_name)
            for v in await self._facts.villages_of_region(region)
        }

    async def _publish(
        self,
        caller: Caller,
        request_id: str,
        key: str,
        *,
        region: str,
        period: types_pb2.YearMonth,
        kind: str,
        pages: Sequence[tuple[str, Message]],
        summary: Message,
        reason: str,
    ) -> Publication:
        digest, attempt = hashlib.sha256(), uuid.uuid4().hex
        for village_code, message in pages:
            content = message.SerializeToString(deterministic=True)
            digest.update(content)
            await self._villages.insert_one(
                {
                    "_id": f"{key}/{attempt}/{village_code}",
                    "publication": key,
                    "attempt": attempt,
                    "village": village_code,
                    "township": township_of(village_code),
                    "content": content,
                }
            )
        summary_bytes = summary.SerializeToString(deterministic=True)
        digest.update(summary_bytes)
        # Two upserts at once: the other inserted it, which is all this one wanted.
        with contextlib.suppress(DuplicateKeyError):
            await self._repository.collection.update_one(
                {"_id": key},
                {"$setOnInsert": {"version": 0, "region": region, "published": False}},
                upsert=True,
            )

        def decide(document: Document) -> Decision[Publication]:
            if document.get("published"):  # another publishing came first
                return Decision(None, [], Publication(document, (), already_published=True))
            published_at: datetime = now_to_millisecond()
            update = {
                "$set": {
                    "published": True,
                    "attempt": attempt,
                    "kind": kind,
                    "year": period.year,
                    "month": period.month,
                    "report_version": 1,
                    "published_at": published_at,
                    "published_by": caller.user_id,
                    "village_count": len(pages),
                    "summary": summary_bytes,
                    "digest": digest.hexdigest(),
                }
            }
            event = events_pb2.MonthlyReportPublished(
                report_kind=kind,
                pooling_region_code=region,
                month=period,
                version=1,
                published_at=to_timestamp(published_at),
                digest=digest.hexdigest(),
                report_id=key,
            )
            return Decision(update, [event], Publication({**document, **update["$set"]}, ()))

        outcome = await self._unit.write(
            key,
            request_id=request_id,
            actor=caller.user_id,
            reason=reason,
            decide=decide,
            repeated=lambda document: Publication(document, (), already_published=True),
            not_found=lambda: NotFound("REVIEW_LIST_NOT_FOUND", f"publication {key} vanished"),
        )
        if outcome.document.get("attempt") != attempt:  # another publishing won: its villages are the list's
            await self._villages.delete_many({"publication": key, "attempt": attempt})
        return outcome

    async def _read(self, caller: Caller, key: str, village_code: str) -> Publication:
        caller.require_role(*READERS)
        townships = _townships(caller)
        match: Document = {"publication": key}
        if village_code:
            code = checked_village(village_code)
            if townships is not None and township_of(code) not in townships:
                raise PermissionDenied(
                    "VILLAGE_NOT_ASSIGNED",
                    "this village is not in the township officer's townships",
                    field="village_code",
                    message_zh="该村不在本乡镇",
                )
            match["village"] = code
        elif townships is not None:
            match["township"] = {"$in": sorted(townships)}
        document = await self._repository.get(key)
        if document is None or not document.get("published"):
            raise NotFound(
                "REPORT_NOT_PUBLISHED",
                f"{key} has not been published",
                field="year" if key.startswith("AC-") else "month",
                message_zh="该期名单尚未上报",
            )
        match["attempt"] = document["attempt"]
        pages = [page["content"] async for page in self._villages.find(match).sort("village", 1)]
        return Publication(document, tuple(bytes(page) for page in pages))


def checked_year(year: int) -> int:
    if not MIN_YEAR <= year <= 9999:
        raise InvalidArgument(
            "YEAR_OUT_OF_RANGE", f"year {year} is not between {MIN_YEAR} and 9999", field="year", message_zh="年度无效"
        )
    return year
