"""PublishMonthlyStatistics and GetMonthlyStatistics: a region's month computed from the facts, cross-checked,
stored once as version 1 with MonthlyReportPublished in the outbox, and never changed.

Publishing a month that has not ended (China Standard Time) is refused. Publishing again (any request id) answers
the stored report and writes nothing, so there is one report and one event. The cross-checks compare the report
with sources kept apart from the facts it is computed from: benefit paid with the banks' returns of the month's
payroll runs (PayrollExported / BankReturnImported); contributions and subsidies (with the month's corrections)
with the fund ledger's monthly sums (`fund_rollups`, kept fact by fact as events arrive, not recounted from the
stored contributions). A difference raises a reconciliation alert after the write, also when a publication is
repeated (a process that stopped between the two raises it then; the alert's facts make it one alert).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import Final

from pension.supervision.v1 import events_pb2
from pension_kit.clock import now_to_millisecond, today_in_china
from pension_kit.errors import FailedPrecondition, InvalidArgument, NotFound
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document
from pension_kit.outbox import NotifyRelay
from pension_kit.policy import GovernmentLevel, PolicyVersion, in_force
from pension_kit.text import REQUEST_ID_MAX, check_length
from pension_kit.unit_of_work import Decision, Event, MongoRepository, UnitOfWork
from pension_supervision.adapters.policies import RegionPolicies
from pension_supervision.adapters.report_facts import EventRef, ReportFacts, evidence_of
from pension_supervision.adapters.statistics_messages import published_event
from pension_supervision.adapters.statistics_store import content_document, report_from
from pension_supervision.domain.alert_rules.statistics_cross_check import statistics_mismatch
from pension_supervision.domain.alerts import AlertDraft, Evidence
from pension_supervision.domain.facts import ContributionFact
from pension_supervision.domain.monthly_statistics import (
    Channel,
    ComputedStatistics,
    ContributionRecord,
    CrossCheck,
    CrossCheckFigure,
    Level,
    MonthFacts,
    MonthlyStatistics,
    Village,
    compute,
    digest_of,
    report_contributions_fen,
    report_id,
    report_subsidy_fen,
    split_subsidy,
)
from pension_supervision.service_layer.report_checks import checked_region

PUBLISHERS: Final = (Role.COUNTY_OFFICER, Role.AUDITOR)
READERS: Final = (Role.COUNTY_OFFICER, Role.COUNTY_APPROVER, Role.AUDITOR)
PRODUCER: Final = "supervision"
FIRST_VERSION: Final = 1
PUBLISHED: Final = events_pb2.MonthlyReportPublished.DESCRIPTOR.full_name

RaiseAlert = Callable[[AlertDraft], Awaitable[object]]


def subsidy_split(contribution: ContributionFact, versions: Sequence[PolicyVersion]) -> dict[Level, int]:
    """The contribution's subsidy by level of government, as the policy version it was recorded under (else the
    one in force on the day paid) splits its grade's subsidy; the county's alone when none is known."""
    version = next((v for v in versions if v.policy_version_id == contribution.policy_version_id), None)
    if version is None:
        try:
            version = in_force(versions, contribution.paid_on)
        except FailedPrecondition:
            version = None
    grade = next((g for g in version.grades if g.annual_fen == contribution.grade_fen), None) if version else None
    parts = (
        {Level(GovernmentLevel(level).name): fen for level, fen in grade.subsidy_by_level().items()} if grade else {}
    )
    return split_subsidy(contribution.subsidy_fen, parts)


def contribution_record(
    contribution: ContributionFact, reversed_month: Month | None, versions: Sequence[PolicyVersion]
) -> ContributionRecord:
    return ContributionRecord(
        contribution_id=contribution.contribution_id,
        resident_id=contribution.resident_id,
        village_code=contribution.village_code,
        paid_month=contribution.month,
        grade_fen=contribution.grade_fen,
        personal_fen=contribution.personal_fen,
        subsidy_fen=contribution.subsidy_fen,
        paid_on_behalf_fen=contribution.paid_on_behalf_fen,
        collective_fen=contribution.collective_fen,
        channel=Channel(contribution.channel) if contribution.channel in Channel.__members__ else Channel.UNSPECIFIED,
        special_group=contribution.special_group,
        subsidy_by_level=subsidy_split(contribution, versions),
        reversed_month=reversed_month,
    )


def _name_event(update: Document, events: list[Event]) -> None:
    # The publication's event is the first evidence of a cross-check's alert: its id is kept with the report.
    update["$set"]["event_id"] = events[0]["event_id"]


class MonthlyStatisticsService:
    def __init__(
        self,
        facts: ReportFacts,
        policies: RegionPolicies,
        repository: MongoRepository,
        *,
        topic: str,
        notify_relay: NotifyRelay,
        raise_alert: RaiseAlert,
        today: Callable[[], date] = today_in_china,
    ) -> None:
        self._facts = facts
        self._policies = policies
        self._repository = repository
        self._raise_alert = raise_alert
        self._today = today
        self._unit = UnitOfWork(
            repository,
            repository.collection.name,
            topic,
            PRODUCER,
            notify_relay,
            subject_key=lambda document: str(document["region"]),
            annotate=_name_event,
        )

    async def compute(self, region: str, month: Month) -> tuple[ComputedStatistics, list[CrossCheck], list[EventRef]]:
        """The month's rows and corrections from the facts, and its cross-checks with the sources they read."""
        versions = await self._policies.versions(region)
        contributions = [
            contribution_record(fact, reversed_month, versions)
            for fact, reversed_month in await self._facts.contributions_for_statistics(region, month)
        ]
        facts = MonthFacts(
            month=month,
            villages=[
                Village(v.village_code, v.name, v.township_name) for v in await self._facts.villages_of_region(region)
            ],
            enrolments=await self._facts.enrolments_of_region(region, month.last_day),
            contributions=contributions,
            awards=await self._facts.awards_of_region(region, month),
            payments=await self._facts.payments_of_region(region, month),
        )
        computed = compute(region, "", facts)
        ledger, sources = await self._facts.ledger(region, month)
        checks = [
            CrossCheck(
                CrossCheckFigure.BENEFIT_PAID,
                computed.region.figures.benefit_paid_fen,
                ledger.bank_paid_fen,
                "bank returns of the month's payroll runs (paid) / 银行回盘成功金额",
            ),
            CrossCheck(
                CrossCheckFigure.CONTRIBUTIONS,
                report_contributions_fen(computed),
                ledger.contribution_fen,
                "fund ledger monthly sums (fund_rollups) / 基金账面月合计",
            ),
            CrossCheck(
                CrossCheckFigure.SUBSIDIES,
                report_subsidy_fen(computed),
                ledger.subsidy_fen,
                "fund ledger monthly sums (fund_rollups) / 基金账面月合计",
            ),
        ]
        return computed, [self._with_alert_id(region, month, check) for check in checks], sources

    @staticmethod
    def _with_alert_id(region: str, month: Month, check: CrossCheck) -> CrossCheck:
        draft = statistics_mismatch(region, month, check, ())
        if draft is None:
            return check
        return CrossCheck(check.figure, check.report_fen, check.source_fen, check.source, draft.alert_id)

    async def publish(
        self, caller: Caller, *, request_id: str, pooling_region_code: str, month: Month
    ) -> tuple[MonthlyStatistics, bool]:
        """The published report, and whether it had been published before."""
        caller.require_role(*PUBLISHERS)
        check_length(request_id, field="request_id", max_length=REQUEST_ID_MAX)
        if not request_id.strip():
            raise InvalidArgument(
                "REQUEST_ID_REQUIRED", "request_id is required", field="request_id", message_zh="请求编号为必填项"
            )
        region = checked_region(pooling_region_code)
        if month.last_day >= self._today():
            raise FailedPrecondition(
                "MONTH_NOT_ENDED",
                f"{month} has not ended (China Standard Time): its statistics are published after its last day",
                field="month",
                message_zh="该月尚未结束，月报须在月末之后发布",
            )
        key = report_id(region, month, FIRST_VERSION)
        await self._repository.collection.update_one(
            {"_id": key},
            {
                "$setOnInsert": {
                    "version": 0,
                    "region": region,
                    "year": month.year,
                    "month": month.month,
                    "report_version": FIRST_VERSION,
                    "published": False,
                }
            },
            upsert=True,
        )

        async def decide(document: Document) -> Decision[tuple[MonthlyStatistics, bool]]:
            if document.get("published"):
                return Decision(None, [], (report_from(document), True))
            computed, checks, read = await self.compute(region, month)
            draft = MonthlyStatistics(
                pooling_region_code=region,
                month=month,
                version=FIRST_VERSION,
                published_at=now_to_millisecond(),
                published_by=caller.user_id,
                region=computed.region,
                townships=computed.townships,
                villages=computed.villages,
                corrections=computed.corrections,
                cross_checks=tuple(checks),
            )
            content = content_document(draft)
            report = replace(draft, digest=digest_of(content))
            update = {
                "$set": {
                    **content,
                    "published": True,
                    "published_at": report.published_at,
                    "published_by": report.published_by,
                    "digest": report.digest,
                    "checks_agree": report.checks_agree,
                    "sources": [
                        {
                            "event_id": s.event_id,
                            "event_type": s.event_type,
                            "subject_key": s.subject_key,
                            "occurred_at": s.occurred_at,
                        }
                        for s in read
                    ],
                }
            }
            return Decision(update, [published_event(report)], (report, False))

        def repeated(document: Document) -> tuple[MonthlyStatistics, bool]:
            return report_from(document), True

        report, already = await self._unit.write(
            key,
            request_id=request_id.strip(),
            actor=caller.user_id,
            reason=f"monthly statistics of {month}",
            decide=decide,
            repeated=repeated,
            not_found=lambda: NotFound("MONTHLY_STATISTICS_NOT_FOUND", f"report {key} vanished"),
        )
        await self._alert_on(report)
        return report, already

    async def statistics(
        self, caller: Caller, pooling_region_code: str, month: Month, version: int = 0
    ) -> MonthlyStatistics:
        caller.require_role(*READERS)
        region = checked_region(pooling_region_code)
        if version < 0:
            raise InvalidArgument(
                "VERSION_INVALID",
                "version is 0 (the latest) or a published version",
                field="version",
                message_zh="版本号无效",
            )
        found = [
            document
            async for document in self._repository.collection.find(
                {"region": region, "year": month.year, "month": month.month, "published": True}, {"outbox": 0}
            )
            if not version or document["report_version"] == version
        ]
        if not found:
            raise NotFound(
                "MONTHLY_STATISTICS_NOT_FOUND",
                f"the statistics of {region} {month} have not been published",
                field="month",
                message_zh="该月月报尚未发布",
            )
        return report_from(max(found, key=lambda d: int(d["report_version"])))

    async def _alert_on(self, report: MonthlyStatistics) -> None:
        if report.checks_agree:
            return
        document = await self._repository.get(report.report_id)
        assert document is not None
        evidence: list[Evidence] = [
            evidence_of(
                EventRef(document["event_id"], PUBLISHED, report.pooling_region_code, report.published_at),
                f"monthly statistics {report.report_id}",
            )
        ]
        evidence += [
            evidence_of(EventRef(**source), source["event_type"].rsplit(".", 1)[-1])
            for source in document.get("sources", [])
        ]
        for check in report.cross_checks:
            draft = statistics_mismatch(report.pooling_region_code, report.month, check, evidence)
            if draft is not None:
                await self._raise_alert(draft)
