"""A region's posting runs: paid-on-behalf contributions and year-end interest, credited to many accounts at once.

Each is safe to run twice. ("Posting run", not "batch": the bank batch is payout's.)
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from typing import Final, TypeVar

from google.protobuf.message import Message

from pension.enrolment.v1 import events_pb2
from pension_enrolment.adapters.account_documents import account_of, contribution_document
from pension_enrolment.adapters.event_messages import entry_message
from pension_enrolment.adapters.posting_runs import POSTING_RUNS, PostingRunRepository
from pension_enrolment.adapters.resident_documents import special_groups_of
from pension_enrolment.adapters.residents import ResidentRepository
from pension_enrolment.domain.account import (
    balance,
    balance_before,
    interest_entry,
    interest_entry_id,
    ledger_contribution_years,
)
from pension_enrolment.domain.contributions import (
    ContributionKind,
    paid_on_behalf_contribution_id,
    plan_paid_on_behalf,
)
from pension_enrolment.service_layer import PRODUCER
from pension_enrolment.service_layer.contributions import (
    ACTIVE,
    ResidentWriter,
    contribution_recorded,
    now,
    posted,
)
from pension_enrolment.service_layer.policy import PolicyService
from pension_kit.clock import today_in_china
from pension_kit.errors import FailedPrecondition, InvalidArgument
from pension_kit.events import new_event
from pension_kit.identifiers import division_code_of_pooling_region
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document
from pension_kit.outbox import NotifyRelay
from pension_kit.text import IDENTIFIER_MAX, REASON_MAX, REQUEST_ID_MAX, check_free_text, check_length
from pension_kit.unit_of_work import Decision

R = TypeVar("R")

POSTING_RUN_ROLES: Final = (Role.COUNTY_OFFICER, Role.SYSTEM)
PAGE_SIZE: Final = 500
# Residents of a page updated at once: enough to hide the database's latency, few enough to stay polite.
CONCURRENCY: Final = 16
PAID_ON_BEHALF: Final = "paid_on_behalf"
YEAR_END_INTEREST: Final = "year_end_interest"

# --- results -------------------------------------------------------------------------------------------


class Outcome(Enum):
    CREDITED = "credited"
    ALREADY_CREDITED = "already_credited"
    NOT_DUE = "not_due"


@dataclass(frozen=True)
class Credit:
    outcome: Outcome
    paid_on_behalf_fen: int = 0
    subsidy_fen: int = 0
    interest_fen: int = 0


@dataclass(frozen=True)
class PaidOnBehalfRunResult:
    posting_run_id: str  # the contract calls it batch_id
    residents_credited: int
    residents_already_credited: int
    paid_on_behalf_fen: int
    subsidy_fen: int


@dataclass(frozen=True)
class InterestRunResult:
    rate_ppm: int
    accounts_credited: int
    accounts_already_credited: int
    interest_fen: int


def paid_on_behalf_run_id(pooling_region_code: str, year: int) -> str:
    """The paid-on-behalf posting run of a region and year: every request to run it credits under this id, so a
    resident once (the contract and the stored contributions call it batch_id)."""
    return f"paid-on-behalf:{pooling_region_code}:{year}"


def _count(credits: list[Credit], outcome: Outcome) -> int:
    return sum(1 for credit in credits if credit.outcome is outcome)


@dataclass
class PostingRunService:
    """Runs a region's jobs page by page (id order), with one optimistic update per resident that needs it.

    Dates: the paid-on-behalf posting run for year Y is paid on a date in Y (the request's `paid_on`), and uses the
    policy in force on that date; year-end interest for Y uses the policy in force on 31 December of Y.
    """

    residents: ResidentRepository
    runs: PostingRunRepository
    policies: PolicyService
    resident_topic: str
    region_topic: str
    notify_relay: NotifyRelay
    today: Callable[[], date] = today_in_china

    @property
    def _writer(self) -> ResidentWriter:
        return ResidentWriter(self.residents, self.resident_topic, self.notify_relay)

    async def run_paid_on_behalf(
        self, pooling_region_code: str, year: int, paid_on: date, *, reason: str, request_id: str, caller: Caller
    ) -> PaidOnBehalfRunResult:
        """Credits the year's paid-on-behalf contribution to every special-group member of the region once."""
        region, reason = self._check_request(pooling_region_code, reason, request_id, caller)
        if paid_on.year != year:
            raise InvalidArgument(
                "PAID_ON_OUTSIDE_YEAR", f"the county pays for {year} on a date in {year}", field="paid_on"
            )
        if paid_on > self.today():
            raise InvalidArgument("PAID_ON_FUTURE", "paid_on is in the future", field="paid_on")
        posting_run_id = paid_on_behalf_run_id(region, year)
        run_document_id = f"{posting_run_id}:{request_id}"
        earlier = await self.runs.get(run_document_id)
        if earlier is not None and earlier["completed"]:
            return self._paid_result(earlier)
        later = {y for y in await self.runs.completed_years(YEAR_END_INTEREST, region) if y > year}
        if later:
            # Money valued in `year` would change the base of interest already credited for a later year.
            raise FailedPrecondition(
                "INTEREST_ALREADY_CREDITED",
                f"interest for {max(later)} is already credited in the region; {year} can no longer be paid",
                field="year",
                message_zh="该年度之后的利息已记账，不能再为该年度代缴",
            )
        policy = await self.policies.in_force(region, paid_on)
        await self.runs.start(
            run_document_id, self._run_document(PAID_ON_BEHALF, region, year, request_id, caller, reason)
        )

        def decide(resident: Document) -> Decision[Credit]:
            if resident["status"] != ACTIVE:
                return Decision(None, [], Credit(Outcome.NOT_DUE))
            contributions, entries, transferred = account_of(resident)
            if any(
                c.year == year and c.kind == ContributionKind.PAID_ON_BEHALF and not c.reversed for c in contributions
            ):
                return Decision(None, [], Credit(Outcome.ALREADY_CREDITED))
            planned = plan_paid_on_behalf(
                resident_id=resident["_id"],
                birth_date=date.fromisoformat(resident["birth_date"]),
                special_groups=special_groups_of(resident),
                year=year,
                contributions=contributions,
                policy=policy,
                batch_id=posting_run_id,  # the domain keeps the stored and contract name
                paid_on=paid_on,
            )
            if planned is None:
                return Decision(None, [], Credit(Outcome.NOT_DUE))
            record, new_entries = planned
            at = now()
            ledger = [*entries, *new_entries]
            event = contribution_recorded(
                resident,
                record,
                new_entries,
                balance_after_fen=balance(ledger),
                contributed_years=len(ledger_contribution_years(ledger, transferred)),
                posted_at=at,
            )
            update: Document = {
                "$push": {
                    "contributions": {
                        "$each": [{**contribution_document(record), "recorded_by": caller.user_id, "recorded_at": at}]
                    },
                    "ledger": {"$each": posted(new_entries, at)},
                }
            }
            credit = Credit(Outcome.CREDITED, record.paid_on_behalf_fen, record.subsidy_fen)
            return Decision(update, [event], credit)

        async def credit(resident: Document) -> Credit:
            return await self._writer.write(
                resident["_id"],
                request_id=paid_on_behalf_contribution_id(posting_run_id, resident["_id"]),
                caller=caller,
                reason=reason,
                decide=decide,
                repeated=lambda _: Credit(Outcome.ALREADY_CREDITED),
                read=resident,
            )

        credits = await self._each_resident(
            region,
            [
                "_id",
                "status",
                "birth_date",
                "special_groups",
                "contributions",
                "ledger",
                "transferred_in_years",
                "village_code",
                "pooling_region_code",
            ],
            credit,
            wanted=lambda resident: bool(resident.get("special_groups")),
        )
        result = PaidOnBehalfRunResult(
            posting_run_id,
            _count(credits, Outcome.CREDITED),
            _count(credits, Outcome.ALREADY_CREDITED),
            sum(c.paid_on_behalf_fen for c in credits),
            sum(c.subsidy_fen for c in credits),
        )
        # PaidOnBehalfBatchCompleted: the contract's name for the end of a paid-on-behalf posting run.
        event = events_pb2.PaidOnBehalfBatchCompleted(
            pooling_region_code=region,
            batch_id=posting_run_id,
            year=year,
            residents_credited=result.residents_credited,
            residents_already_credited=result.residents_already_credited,
            paid_on_behalf_fen=result.paid_on_behalf_fen,
            subsidy_fen=result.subsidy_fen,
        )
        counts = {
            "residents_credited": result.residents_credited,
            "residents_already_credited": result.residents_already_credited,
            "paid_on_behalf_fen": result.paid_on_behalf_fen,
            "subsidy_fen": result.subsidy_fen,
        }
        return await self._complete(run_document_id, region, counts, event, caller, reason, result, self._paid_result)

    async def run_year_end_interest(
        self, pooling_region_code: str, year: int, *, reason: str, request_id: str, caller: Caller
    ) -> InterestRunResult:
        """Credits the year's interest to every active account of the region once (valued 31 December)."""
        region, reason = self._check_request(pooling_region_code, reason, request_id, caller)
        if not 1900 <= year <= self.today().year:
            raise InvalidArgument("YEAR_INVALID", f"{year} is not a past or current year", field="year")
        year_end = date(year, 12, 31)
        if self.today() < year_end:
            raise FailedPrecondition(
                "INTEREST_YEAR_NOT_ENDED",
                f"interest for {year} is credited on 31 December {year}, not before",
                field="year",
                message_zh="该年度尚未结束，不能计息",
            )
        run_document_id = f"interest:{region}:{year}:{request_id}"
        earlier = await self.runs.get(run_document_id)
        if earlier is not None and earlier["completed"]:
            return self._interest_result(earlier)
        credited_years = await self.runs.completed_years(YEAR_END_INTEREST, region)
        if credited_years and year not in credited_years and year != max(credited_years) + 1:
            # Interest compounds: each year's base includes the years before, so years are credited in order.
            raise FailedPrecondition(
                "INTEREST_YEAR_OUT_OF_ORDER",
                f"the region's interest is credited up to {max(credited_years)}; the next year is "
                f"{max(credited_years) + 1}",
                field="year",
                message_zh="记账利息须按年度顺序计算",
            )
        policy = await self.policies.in_force(region, year_end)
        rate = policy.interest_rate(year)
        await self.runs.start(
            run_document_id, self._run_document(YEAR_END_INTEREST, region, year, request_id, caller, reason)
        )
        first_day = date(year, 1, 1)

        def decide(resident: Document) -> Decision[Credit]:
            # A terminated enrolment earns no more: its balance went with a transfer or is the heir's, as it stood.
            if resident["status"] != ACTIVE:
                return Decision(None, [], Credit(Outcome.NOT_DUE))
            _, entries, _ = account_of(resident)
            if any(e.entry_id == interest_entry_id(resident["_id"], year) for e in entries):
                return Decision(None, [], Credit(Outcome.ALREADY_CREDITED))
            entry = interest_entry(entries, year, rate, resident["_id"])
            if entry is None:
                return Decision(None, [], Credit(Outcome.NOT_DUE))
            at = now()
            event = events_pb2.InterestCredited(
                resident_id=resident["_id"],
                year=year,
                rate_ppm=rate,
                base_balance_fen=balance_before(entries, first_day),
                interest_fen=entry.amount_fen,
                entry=entry_message(resident["_id"], entry, at),
                balance_after_fen=balance(entries) + entry.amount_fen,
                pooling_region_code=resident["pooling_region_code"],
            )
            update: Document = {"$push": {"ledger": {"$each": posted([entry], at)}}}
            return Decision(update, [event], Credit(Outcome.CREDITED, interest_fen=entry.amount_fen))

        async def credit(resident: Document) -> Credit:
            return await self._writer.write(
                resident["_id"],
                request_id=interest_entry_id(resident["_id"], year),
                caller=caller,
                reason=reason,
                decide=decide,
                repeated=lambda _: Credit(Outcome.ALREADY_CREDITED),
                read=resident,
            )

        credits = await self._each_resident(
            region,
            ["_id", "status", "ledger", "village_code", "pooling_region_code"],
            credit,
            wanted=lambda resident: bool(resident.get("ledger")),
        )
        result = InterestRunResult(
            rate,
            _count(credits, Outcome.CREDITED),
            _count(credits, Outcome.ALREADY_CREDITED),
            sum(c.interest_fen for c in credits),
        )
        event = events_pb2.YearEndInterestRunCompleted(
            pooling_region_code=region,
            year=year,
            rate_ppm=rate,
            accounts_credited=result.accounts_credited,
            accounts_already_credited=result.accounts_already_credited,
            interest_fen=result.interest_fen,
        )
        counts = {
            "rate_ppm": rate,
            "accounts_credited": result.accounts_credited,
            "accounts_already_credited": result.accounts_already_credited,
            "interest_fen": result.interest_fen,
        }
        return await self._complete(
            run_document_id, region, counts, event, caller, reason, result, self._interest_result
        )

    # --- the shared steps ---

    def _check_request(self, pooling_region_code: str, reason: str, request_id: str, caller: Caller) -> tuple[str, str]:
        caller.require_role(*POSTING_RUN_ROLES)
        if not request_id:
            raise InvalidArgument("REQUEST_ID_REQUIRED", "request_id is required", field="request_id")
        check_length(request_id, field="request_id", max_length=REQUEST_ID_MAX)
        check_length(pooling_region_code, field="pooling_region_code", max_length=IDENTIFIER_MAX)
        # The reason rides in every event of the run: no personal number in it.
        check_free_text(reason, field="reason", max_length=REASON_MAX)
        if not reason.strip():
            raise InvalidArgument("REASON_REQUIRED", "a run needs a reason", field="reason", message_zh="请填写原因")
        region = pooling_region_code.strip()
        division_code_of_pooling_region(region, field="pooling_region_code")
        return region, reason.strip()

    @staticmethod
    def _run_document(kind: str, region: str, year: int, request_id: str, caller: Caller, reason: str) -> Document:
        return {
            "kind": kind,
            "pooling_region_code": region,
            "year": year,
            "request_id": request_id,
            "started_by": caller.user_id,
            "reason": reason,
            "started_at": datetime.now(UTC),
        }

    async def _each_resident(
        self,
        region: str,
        fields: list[str],
        credit: Callable[[Document], Awaitable[Credit]],
        *,
        wanted: Callable[[Document], bool],
    ) -> list[Credit]:
        """Applies `credit` to every active resident of the region that `wanted` selects, a page at a time."""
        credits: list[Credit] = []
        limit = asyncio.Semaphore(CONCURRENCY)

        async def bounded(resident: Document) -> Credit:
            async with limit:
                return await credit(resident)

        # The region's ids in one read, then each page by id: a page found by a filter on the region would read
        # the whole collection on FerretDB (which uses no index but _id's), once per page.
        resident_ids = await self.residents.ids_in_region(region, status=ACTIVE)
        for start in range(0, len(resident_ids), PAGE_SIZE):
            page = await self.residents.by_ids(resident_ids[start : start + PAGE_SIZE], status=ACTIVE, fields=fields)
            credits.extend(await asyncio.gather(*(bounded(r) for r in page if wanted(r))))
        return credits

    async def _complete(
        self,
        run_document_id: str,
        region: str,
        counts: Document,
        payload: Message,
        caller: Caller,
        reason: str,
        result: R,
        from_document: Callable[[Document], R],
    ) -> R:
        event = new_event(
            topic=self.region_topic,
            payload=payload,
            subject_key=region,
            producer=PRODUCER,
            actor=caller.user_id,
            reason=reason,
        )
        if await self.runs.complete(run_document_id, counts, [event]):
            self.notify_relay(POSTING_RUNS, [run_document_id])
            return result
        # A twin of this request completed the run first: its counts are the answer, and its event the only one.
        stored = await self.runs.get(run_document_id)
        assert stored is not None
        return from_document(stored)

    @staticmethod
    def _paid_result(document: Document) -> PaidOnBehalfRunResult:
        return PaidOnBehalfRunResult(
            paid_on_behalf_run_id(document["pooling_region_code"], document["year"]),
            document["residents_credited"],
            document["residents_already_credited"],
            document["paid_on_behalf_fen"],
            document["subsidy_fen"],
        )

    @staticmethod
    def _interest_result(document: Document) -> InterestRunResult:
        return InterestRunResult(
            document["rate_ppm"],
            document["accounts_credited"],
            document["accounts_already_credited"],
            document["interest_fen"],
        )
