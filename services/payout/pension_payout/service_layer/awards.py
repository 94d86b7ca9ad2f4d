"""The monthly award job (待遇核定) and the award as a hotline operator explains it, line by line."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from pymongo.errors import DuplicateKeyError

from pension.payout.v1 import events_pb2, payout_pb2
from pension_kit.clock import now_to_millisecond
from pension_kit.errors import FailedPrecondition, NotFound
from pension_kit.events import new_event
from pension_kit.identifiers import Period
from pension_kit.identity import Caller, Role
from pension_kit.outbox import NotifyRelay, outbox_fields
from pension_kit.policy import PolicyVersion, in_force
from pension_kit.protoconv import to_calendar_date, to_year_month
from pension_payout.adapters.store import AWARD_RUNS, AWARDS, SHORT_OF_YEARS, PayoutStore, award_id
from pension_payout.domain.benefit import AwardTerms, Candidate, Line, MonthAmount, ShortOfYears, assess, month_amount
from pension_payout.domain.benefit import eligible_month as first_eligible_month
from pension_payout.service_layer.messages import award_message

log = logging.getLogger(__name__)

PRODUCER: Final = "payout"
AWARDING_ROLES: Final = (Role.COUNTY_OFFICER, Role.SYSTEM)
READING_ROLES: Final = (
    Role.COUNTY_OFFICER,
    Role.COUNTY_APPROVER,
    Role.TOWNSHIP_OFFICER,
    Role.AUDITOR,
    Role.HOTLINE,
    Role.SYSTEM,
)


@dataclass(frozen=True)
class AwardRunResult:
    granted: int
    short_of_years: int
    already_awarded: int


def lines_document(lines: Sequence[Line]) -> list[dict[str, Any]]:
    return [
        {
            "component": int(line.component),
            "level": line.level,
            "fund": int(line.fund),
            "amount_fen": line.amount_fen,
            "explanation": line.explanation,
        }
        for line in lines
    ]


def terms_document(terms: AwardTerms) -> dict[str, Any]:
    return {
        "pension_age_reached_on": terms.pension_age_reached_on.isoformat(),
        "contributed_years": terms.contributed_years,
        "required_years": terms.required_years,
        "extra_years": terms.extra_years,
        "account_balance_at_award_fen": terms.account_balance_at_award_fen,
        "account_pension_divisor": terms.account_pension_divisor,
        "account_pension_fen": terms.account_pension_fen,
        "policy_version_id": terms.policy_version_id,
        "lines": lines_document(terms.first_month_lines),
    }


def terms_of(award: dict[str, Any]) -> AwardTerms:
    """The terms fixed at award, from a stored award (the first month's lines are not needed to pay)."""
    terms = award["terms"]
    year, month = award["first_month"].split("-")
    return AwardTerms(
        resident_id=award["resident_id"],
        pension_age_reached_on=date.fromisoformat(terms["pension_age_reached_on"]),
        first_month=Period(int(year), int(month)),
        contributed_years=terms["contributed_years"],
        required_years=terms["required_years"],
        extra_years=terms["extra_years"],
        account_balance_at_award_fen=terms["account_balance_at_award_fen"],
        account_pension_divisor=terms["account_pension_divisor"],
        account_pension_fen=terms["account_pension_fen"],
        policy_version_id=terms["policy_version_id"],
        first_month_lines=(),
    )


class PolicyTimeline:
    """One region's policy versions, read once per job: the version in force on any day."""

    def __init__(self, versions: list[PolicyVersion]) -> None:
        self.versions = versions

    def on(self, day: date) -> PolicyVersion:
        return in_force(self.versions, day)

    def for_month(self, period: Period) -> PolicyVersion:
        """A month is paid under the version in force on its last day (the day its age is counted)."""
        return self.on(period.last_day)


def amount_for(award: dict[str, Any], policies: PolicyTimeline, period: Period) -> MonthAmount:
    """What `period` of a stored award pays, under the policy in force that month."""
    return month_amount(terms_of(award), policies.for_month(period), period, date.fromisoformat(award["birth_date"]))


class AwardService:
    """Grants awards and explains them."""

    def __init__(self, store: PayoutStore, *, resident_topic: str, region_topic: str, notify_relay: NotifyRelay):
        self.store = store
        self.resident_topic = resident_topic
        self.region_topic = region_topic
        self.notify_relay = notify_relay

    async def timeline(self, pooling_region_code: str) -> PolicyTimeline:
        versions = await self.store.policy_versions(pooling_region_code)
        if not versions:
            raise FailedPrecondition(
                "POLICY_NOT_IN_FORCE",
                f"payout has no policy for region {pooling_region_code} yet",
                field="pooling_region_code",
                message_zh="尚未收到该统筹地区的政策参数",
            )
        return PolicyTimeline(versions)

    async def run_awards(
        self, pooling_region_code: str, month: Period, *, caller: Caller, request_id: str
    ) -> AwardRunResult:
        """Grants every award due by `month`; safe to run twice (an award's id is its resident's)."""
        caller.require_role(*AWARDING_ROLES)
        policies = await self.timeline(pooling_region_code)
        policy_now = policies.for_month(month)
        # Anyone who reaches pension age by the end of the month before `month` may be due; others cannot be.
        latest_birth = _latest_birth_date(month, policy_now.pension_age)
        granted = short = already = 0
        cursor = self.store.residents.find(
            {
                "pooling_region_code": pooling_region_code,
                "status": "ENROLLED",
                "awarded": {"$ne": True},
                "birth_date": {"$lte": latest_birth.isoformat()},
            }
        )
        async for resident in cursor:
            outcome = await self._consider(resident, month, policies, caller)
            granted += outcome == "granted"
            short += outcome == "short"
            already += outcome == "already"
        result = AwardRunResult(granted, short, already)
        event = new_event(
            topic=self.region_topic,
            payload=events_pb2.AwardRunCompleted(
                pooling_region_code=pooling_region_code,
                month=to_year_month(month),
                granted=granted,
                short_of_years=short,
                already_awarded=already,
            ),
            subject_key=pooling_region_code,
            producer=PRODUCER,
            actor=caller.user_id,
            reason=f"award run for {month}",
        )
        run_document = {
            "_id": f"{pooling_region_code}/{month}/{request_id}",
            "pooling_region_code": pooling_region_code,
            "month": str(month),
            "granted": granted,
            "short_of_years": short,
            "already_awarded": already,
            "run_by": caller.user_id,
            "run_at": now_to_millisecond(),
            **outbox_fields([event]),
        }
        try:
            await self.store.award_runs.insert_one(run_document)
            self.notify_relay(AWARD_RUNS, [run_document["_id"]])
        except DuplicateKeyError:
            pass  # the same request again: its awards were granted once, its completion announced once
        return result

    async def _consider(self, resident: dict[str, Any], month: Period, policies: PolicyTimeline, caller: Caller) -> str:
        candidate = Candidate(
            resident_id=resident["_id"],
            pooling_region_code=resident["pooling_region_code"],
            birth_date=date.fromisoformat(resident["birth_date"]),
            enrolled_on=date.fromisoformat(resident["enrolled_on"]),
            contributed_years=resident.get("contributed_years", 0),
            account_balance_fen=resident.get("account_balance_fen", 0),
        )
        eligible = first_eligible_month(candidate, policies.for_month(month))
        if eligible > month:
            return "not yet"
        was_short = resident.get("found_short_of_years", False)
        # Someone found short before is awarded from the month they qualified in; otherwise from the month they
        # became eligible, with any months a skipped award run missed paid back in the next payroll.
        first_month = month if was_short else eligible
        outcome = assess(candidate, policies.for_month(first_month), first_month)
        if isinstance(outcome, ShortOfYears):
            await self._record_short(resident, outcome, month, caller)
            return "short"
        award = self._award_document(resident, outcome, month, caller)
        try:
            await self.store.awards.insert_one(award)
            self.notify_relay(AWARDS, [award["_id"]])
            result = "granted"
        except DuplicateKeyError:
            result = "already"
        await self.store.residents.update_one({"_id": candidate.resident_id}, {"$set": {"awarded": True}})
        # Found short earlier this month and awarded now (their years arrived meanwhile): no longer short.
        await self.store.short_of_years.delete_one({"_id": f"{candidate.resident_id}/{month}"})
        return result

    def _award_document(
        self, resident: dict[str, Any], terms: AwardTerms, month: Period, caller: Caller
    ) -> dict[str, Any]:
        identifier = award_id(resident["_id"])
        back_pay = []
        period = terms.first_month
        while period < month:
            back_pay.append(str(period))
            period = period.next()
        document: dict[str, Any] = {
            "_id": identifier,
            "resident_id": resident["_id"],
            "pooling_region_code": resident["pooling_region_code"],
            "village_code": resident["village_code"],
            "name_masked": resident["name_masked"],
            "citizen_id_masked": resident["citizen_id_masked"],
            "sealed_name": resident["sealed_name"],
            "bank_account": resident["bank_account"],
            "birth_date": resident["birth_date"],
            "first_month": str(terms.first_month),
            "terms": terms_document(terms),
            "status": "ACTIVE",
            "suspension": None,
            "stop": None,
            "back_pay_pending": back_pay,
            "failed_payments": [],
            "applied_events": [],
            "granted_at": now_to_millisecond(),
            "version": 1,
        }
        event = new_event(
            topic=self.resident_topic,
            payload=events_pb2.AwardGranted(award=award_message(document)),
            subject_key=resident["_id"],
            producer=PRODUCER,
            actor=caller.user_id,
            reason=f"award run for {month}",
        )
        document.update(outbox_fields([event]))
        return document

    async def _record_short(self, resident: dict[str, Any], short: ShortOfYears, month: Period, caller: Caller) -> None:
        identifier = f"{resident['_id']}/{month}"
        message = payout_pb2.ShortOfYears(
            resident_id=resident["_id"],
            pooling_region_code=resident["pooling_region_code"],
            village_code=resident["village_code"],
            name_masked=resident["name_masked"],
            contributed_years=short.contributed_years,
            required_years=short.required_years,
            years_lacking=short.years_lacking,
            checked_month=to_year_month(month),
        )
        message.pension_age_reached_on.CopyFrom(to_calendar_date(short.pension_age_reached_on))
        event = new_event(
            topic=self.resident_topic,
            payload=events_pb2.AwardShortOfYears(short_of_years=message),
            subject_key=resident["_id"],
            producer=PRODUCER,
            actor=caller.user_id,
            reason=f"award run for {month}",
        )
        document = {
            "_id": identifier,
            "resident_id": resident["_id"],
            "pooling_region_code": resident["pooling_region_code"],
            "checked_month": str(month),
            "message": message.SerializeToString(),
            **outbox_fields([event]),
        }
        try:
            await self.store.short_of_years.insert_one(document)
            self.notify_relay(SHORT_OF_YEARS, [identifier])
        except DuplicateKeyError:
            # Found short again this month (a re-run, maybe after more contributions arrived): keep the latest
            # figures; the month's event was announced once.
            await self.store.short_of_years.update_one({"_id": identifier}, {"$set": {"message": document["message"]}})
        await self.store.residents.update_one({"_id": resident["_id"]}, {"$set": {"found_short_of_years": True}})

    async def get_award(self, resident_id: str, *, caller: Caller) -> dict[str, Any]:
        caller.require_role(*READING_ROLES)
        award = await self.store.awards.find_one({"_id": award_id(resident_id)})
        if award is None:
            raise NotFound(
                "AWARD_NOT_FOUND",
                f"resident {resident_id} has no award",
                field="resident_id",
                message_zh="该参保人尚未核定待遇",
            )
        return award

    async def list_awards(
        self, pooling_region_code: str, *, status: str | None, village_code: str, after: str, limit: int, caller: Caller
    ) -> list[dict[str, Any]]:
        caller.require_role(*READING_ROLES)
        query: dict[str, Any] = {"pooling_region_code": pooling_region_code}
        if status:
            query["status"] = status
        if village_code:
            query["village_code"] = village_code
        if after:
            query["_id"] = {"$gt": after}
        return await self.store.awards.find(query, {"outbox": 0}).sort("_id", 1).limit(limit).to_list()

    async def list_short_of_years(
        self, pooling_region_code: str, checked_month: Period | None, *, after: str, limit: int, caller: Caller
    ) -> list[dict[str, Any]]:
        caller.require_role(*READING_ROLES)
        query: dict[str, Any] = {"pooling_region_code": pooling_region_code}
        if checked_month is not None:
            query["checked_month"] = str(checked_month)
        if after:
            query["_id"] = {"$gt": after}
        return await self.store.short_of_years.find(query, {"outbox": 0}).sort("_id", 1).limit(limit).to_list()

    async def explain_month(self, award: dict[str, Any], period: Period) -> MonthAmount:
        policies = await self.timeline(award["pooling_region_code"])
        return amount_for(award, policies, period)


def _latest_birth_date(month: Period, pension_age: int) -> date:
    before = month.previous()
    return Period(before.year - pension_age, before.month).last_day
