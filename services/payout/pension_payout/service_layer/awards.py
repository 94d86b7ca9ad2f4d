"""The monthly award job (待遇核定) and the award as a hotline operator explains it, line by line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from pension.payout.v1 import events_pb2, payout_pb2
from pension_kit.clock import now_to_millisecond
from pension_kit.errors import FailedPrecondition, NotFound
from pension_kit.events import new_event
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role
from pension_kit.outbox import NotifyRelay
from pension_kit.policy import PolicyVersion, in_force
from pension_kit.protoconv import to_calendar_date, to_year_month
from pension_payout.adapters.award_documents import terms_of as terms_of
from pension_payout.adapters.award_repository import AwardRepository, ShortOfYearsEntry
from pension_payout.adapters.payroll_messages import award_message
from pension_payout.adapters.store import AWARD_RUNS, AWARDS, SHORT_OF_YEARS, PayoutStore, award_id
from pension_payout.domain.award import Award, EnrolledResident, back_pay_months
from pension_payout.domain.benefit import MonthAmount, ShortOfYears, assess, month_amount
from pension_payout.domain.benefit import eligible_month as first_eligible_month
from pension_payout.domain.reactions import ACTIVE, AwardState
from pension_payout.service_layer import PRODUCER

AWARDING_ROLES: Final = (Role.COUNTY_OFFICER, Role.SYSTEM)
READING_ROLES: Final = (
    Role.COUNTY_OFFICER,
    Role.COUNTY_APPROVER,
    Role.TOWNSHIP_OFFICER,
    Role.AUDITOR,
    Role.SYSTEM,
)
# One resident's award and payments: the hotline too, for the resident whose caller it verified (never a list).
RESIDENT_READING_ROLES: Final = (*READING_ROLES, Role.HOTLINE)


@dataclass(frozen=True)
class AwardRunResult:
    granted: int
    short_of_years: int
    already_awarded: int


class PolicyTimeline:
    """One region's policy versions, read once per job: the version in force on any day."""

    def __init__(self, versions: list[PolicyVersion]) -> None:
        self.versions = versions

    def on(self, day: date) -> PolicyVersion:
        return in_force(self.versions, day)

    def for_month(self, month: Month) -> PolicyVersion:
        """A month is paid under the version in force on its last day (the day its age is counted)."""
        return self.on(month.last_day)


def amount_for(award: Award, policies: PolicyTimeline, month: Month) -> MonthAmount:
    """What `month` of an award pays, under the policy in force that month."""
    return month_amount(award.terms, policies.for_month(month), month, award.birth_date)


class AwardService:
    """Grants awards and explains them."""

    def __init__(
        self,
        store: PayoutStore,
        *,
        resident_topic: str,
        region_topic: str,
        notify_relay: NotifyRelay,
        awards: AwardRepository | None = None,
    ):
        self.store = store
        self.awards = awards or AwardRepository(store)
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
        self, pooling_region_code: str, month: Month, *, caller: Caller, request_id: str
    ) -> AwardRunResult:
        """Grants every award due by `month`; safe to run twice (an award's id is its resident's)."""
        caller.require_role(*AWARDING_ROLES)
        policies = await self.timeline(pooling_region_code)
        policy_now = policies.for_month(month)
        # Anyone who reaches pension age by the end of the month before `month` may be due; others cannot be.
        latest_birth = _latest_birth_date(month, policy_now.pension_age)
        granted = short = already = 0
        async for resident in self.awards.residents_due(pooling_region_code, latest_birth):
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
        recorded = await self.awards.award_run_done(
            pooling_region_code,
            month,
            request_id,
            granted=granted,
            short_of_years=short,
            already_awarded=already,
            run_by=caller.user_id,
            events=[event],
        )
        # None: the same request again; its awards were granted once, its completion announced once.
        if recorded is not None:
            self.notify_relay(AWARD_RUNS, [recorded])
        return result

    async def _consider(
        self, resident: EnrolledResident, month: Month, policies: PolicyTimeline, caller: Caller
    ) -> str:
        candidate = resident.candidate
        eligible = first_eligible_month(candidate, policies.for_month(month))
        if eligible > month:
            return "not yet"
        # Someone found short before is awarded from the month they qualified in; otherwise from the month they
        # became eligible, with any months a skipped award run missed paid back in the next payroll.
        first_month = month if resident.found_short_of_years else eligible
        outcome = assess(candidate, policies.for_month(first_month), first_month)
        if isinstance(outcome, ShortOfYears):
            await self._record_short(resident, outcome, month, caller)
            return "short"
        award = Award(
            award_id=award_id(candidate.resident_id),
            resident_id=candidate.resident_id,
            pooling_region_code=candidate.pooling_region_code,
            village_code=resident.village_code,
            name_masked=resident.name_masked,
            citizen_id_masked=resident.citizen_id_masked,
            sealed_name=resident.sealed_name,
            bank_account=resident.bank_account,
            birth_date=candidate.birth_date,
            terms=outcome,
            state=AwardState(ACTIVE, back_pay_pending=back_pay_months(outcome.first_month, month)),
            failed_payments=(),
            granted_at=now_to_millisecond(),
        )
        event = new_event(
            topic=self.resident_topic,
            payload=events_pb2.AwardGranted(award=award_message(award)),
            subject_key=candidate.resident_id,
            producer=PRODUCER,
            actor=caller.user_id,
            reason=f"award run for {month}",
        )
        if await self.awards.grant(award, [event]):
            self.notify_relay(AWARDS, [award.award_id])
            result = "granted"
        else:
            result = "already"
        await self.awards.resident_awarded(candidate.resident_id, month)
        return result

    async def _record_short(
        self, resident: EnrolledResident, short: ShortOfYears, month: Month, caller: Caller
    ) -> None:
        candidate = resident.candidate
        message = payout_pb2.ShortOfYears(
            resident_id=candidate.resident_id,
            pooling_region_code=candidate.pooling_region_code,
            village_code=resident.village_code,
            name_masked=resident.name_masked,
            contributed_years=short.contributed_years,
            required_years=short.required_years,
            years_lacking=short.years_lacking,
            checked_month=to_year_month(month),
        )
        message.pension_age_reached_on.CopyFrom(to_calendar_date(short.pension_age_reached_on))
        event = new_event(
            topic=self.resident_topic,
            payload=events_pb2.AwardShortOfYears(short_of_years=message),
            subject_key=candidate.resident_id,
            producer=PRODUCER,
            actor=caller.user_id,
            reason=f"award run for {month}",
        )
        identifier = await self.awards.found_short(
            candidate.resident_id, candidate.pooling_region_code, month, message.SerializeToString(), [event]
        )
        self.notify_relay(SHORT_OF_YEARS, [identifier])

    async def get_award(self, resident_id: str, *, caller: Caller) -> Award:
        caller.require_role(*RESIDENT_READING_ROLES)
        award = await self.awards.award(award_id(resident_id))
        caller.require_resident_found(
            resident_id,
            None if award is None else award.village_code,
            not_found=lambda: NotFound(
                "AWARD_NOT_FOUND",
                f"resident {resident_id} has no award",
                field="resident_id",
                message_zh="该参保人尚未核定待遇",
            ),
        )
        assert award is not None
        return award

    async def list_awards(
        self, pooling_region_code: str, *, status: str | None, village_code: str, after: str, limit: int, caller: Caller
    ) -> list[Award]:
        caller.require_role(*READING_ROLES)
        return await self.awards.page_of_region(
            pooling_region_code, status=status, village_code=village_code, after=after, limit=limit
        )

    async def list_short_of_years(
        self, pooling_region_code: str, checked_month: Month | None, *, after: str, limit: int, caller: Caller
    ) -> list[ShortOfYearsEntry]:
        caller.require_role(*READING_ROLES)
        return await self.awards.short_of_years(pooling_region_code, checked_month, after=after, limit=limit)

    async def explain_month(self, award: Award, month: Month) -> MonthAmount:
        policies = await self.timeline(award.pooling_region_code)
        return amount_for(award, policies, month)


def _latest_birth_date(month: Month, pension_age: int) -> date:
    before = month.previous()
    return Month(before.year - pension_age, before.month).last_day
