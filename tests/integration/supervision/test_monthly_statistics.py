"""A small county's March to May through real Kafka into the reports consumer on FerretDB, and the monthly statistics
published from the facts: March published before a March contribution is reversed in May stays as published and
May shows the correction line; the figures equal a recount of what was generated, the subsidy split by level
policy's shares; publishing again (another request id) answers the stored report with one event in the outbox;
a bank return that disagrees with the payments raises the reconciliation alert naming both amounts."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pytest
from google.protobuf.message import Message
from pymongo.asynchronous.database import AsyncDatabase

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2
from pension.enrolment.v1 import events_pb2 as enrolment_events
from pension.payout.v1 import events_pb2 as payout_events
from pension.payout.v1 import payout_pb2
from pension_contracts.policy import policy_message
from pension_deploy.infra import create_topics
from pension_kit.clock import today_in_china
from pension_kit.consumer import CONSUMER_INDEXES, PROCESSED
from pension_kit.errors import FailedPrecondition, NotFound, PermissionDenied
from pension_kit.events import new_event
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document, create_client, ensure_indexes
from pension_kit.policy import demo_policy
from pension_kit.protoconv import to_calendar_date, to_year_month
from pension_kit.unit_of_work import MongoRepository
from pension_supervision.adapters import report_facts, statistics_store
from pension_supervision.adapters.alert_repository import ALERTS, AlertRepository
from pension_supervision.adapters.policies import RegionPolicies
from pension_supervision.adapters.report_facts import ReportFacts
from pension_supervision.config import SupervisionSettings
from pension_supervision.domain.alerts import AlertRule
from pension_supervision.domain.monthly_statistics import (
    BenefitStopCause,
    Channel,
    CrossCheckFigure,
    EnrolmentEndCause,
    Level,
)
from pension_supervision.entrypoints.report_consumer import report_consumer
from pension_supervision.service_layer.alerts import AlertService
from pension_supervision.service_layer.monthly_statistics import MonthlyStatisticsService
from pension_testkit import eventually, publish, random_region, start_at_the_end

MARCH, APRIL, MAY = Month(2025, 3), Month(2025, 4), Month(2025, 5)
OFFICER = Caller("officer-1", Role.COUNTY_OFFICER)
POOLED, INDIVIDUAL = types_pb2.FUND_POOLED, types_pb2.FUND_INDIVIDUAL_ACCOUNT
BANK_SURPLUS_FEN = 500  # April's bank return says 5 yuan more was paid than the payments it settled


@dataclass
class County:
    """What the generator made, kept to recount the figures independently of the service."""

    region: str
    settings: SupervisionSettings
    before: list[dict[str, Any]] = field(default_factory=list)  # delivered before March and April are published
    after: list[dict[str, Any]] = field(default_factory=list)  # May's, with the reversal of a March contribution
    contributions: list[enrolment_events.ContributionRecorded] = field(default_factory=list)
    paid: dict[Month, list[payout_pb2.Payment]] = field(default_factory=dict)

    def village(self, n: int) -> str:
        return f"{self.region}10{n}201"  # village 1 in township 101, village 2 in township 102

    def add(self, batch: list[dict[str, Any]], topic: str, key: str, producer: str, payload: Message) -> None:
        batch.append(new_event(topic=topic, payload=payload, subject_key=key, producer=producer, actor="test"))


def generate(settings: SupervisionSettings, region: str) -> County:
    county = County(region, settings)
    s = settings
    for n, (name, township) in ((1, ("李庄村", "城关镇")), (2, ("王庄村", "河口乡"))):
        village = enrolment_pb2.Village(
            village_code=county.village(n),
            name=name,
            township_code=county.village(n)[:9],
            township_name=township,
            pooling_region_code=region,
        )
        county.add(
            county.before,
            s.topic_enrolment_region,
            region,
            "enrolment",
            enrolment_events.VillageRegistered(village=village),
        )

    def enrol(short: str, village: int, on: date, groups: tuple[types_pb2.SpecialGroup, ...] = ()) -> None:
        county.add(
            county.before,
            s.topic_enrolment_resident,
            f"{short}-{region}",
            "enrolment",
            enrolment_events.ResidentEnrolled(
                resident_id=f"{short}-{region}",
                pooling_region_code=region,
                village_code=county.village(village),
                citizen_id_masked=f"{region[:4]}**********000X",
                name_masked="张*",
                enrolled_on=to_calendar_date(on),
                special_groups=[
                    enrolment_pb2.SpecialGroupMembership(group=g, effective_from=to_calendar_date(date(2024, 1, 1)))
                    for g in groups
                ],
            ),
        )

    enrol("R1", 1, date(2024, 1, 5), (types_pb2.SPECIAL_GROUP_SEVERE_DISABILITY,))
    enrol("R2", 1, date(2025, 3, 2))
    enrol("R3", 2, date(2024, 6, 1))
    for short, village_n in (("P1", 1), ("P2", 2), ("P3", 2)):
        enrol(short, village_n, date(2024, 1, 1))

    def contribute(
        batch: list[dict[str, Any]],
        n: int,
        short: str,
        paid_on: date,
        kind: types_pb2.ContributionKind,
        channel: types_pb2.ContributionChannel,
        grade: int,
        subsidy: int,
    ) -> None:
        pob = grade if kind == types_pb2.CONTRIBUTION_KIND_PAID_ON_BEHALF else 0
        recorded = enrolment_events.ContributionRecorded(
            resident_id=f"{short}-{region}",
            contribution_id=f"C{n}-{region}",
            year=paid_on.year,
            kind=kind,
            channel=channel,
            grade_fen=grade,
            personal_fen=grade - pob,
            subsidy_fen=subsidy,
            paid_on_behalf_fen=pob,
            paid_on=to_calendar_date(paid_on),
            village_code=county.village(1 if short in ("R1", "R2") else 2),
            pooling_region_code=region,
        )
        county.contributions.append(recorded)
        county.add(batch, s.topic_enrolment_resident, f"{short}-{region}", "enrolment", recorded)

    own, pob = types_pb2.CONTRIBUTION_KIND_OWN, types_pb2.CONTRIBUTION_KIND_PAID_ON_BEHALF
    contribute(county.before, 1, "R1", date(2025, 3, 10), pob, types_pb2.CONTRIBUTION_CHANNEL_GOVERNMENT, 20_000, 4_000)
    contribute(county.before, 2, "R2", date(2025, 3, 15), own, types_pb2.CONTRIBUTION_CHANNEL_CASH, 50_000, 6_000)
    contribute(
        county.before, 3, "R3", date(2025, 3, 20), own, types_pb2.CONTRIBUTION_CHANNEL_BANK_WITHHOLDING, 100_000, 8_000
    )
    contribute(county.after, 4, "R3", date(2025, 5, 6), own, types_pb2.CONTRIBUTION_CHANNEL_ONLINE, 30_000, 4_000)
    # On 8 May the township finds R2's March payment was a mistake: reversed in May.
    county.add(
        county.after,
        s.topic_enrolment_resident,
        f"R2-{region}",
        "enrolment",
        enrolment_events.ContributionReversed(
            resident_id=f"R2-{region}",
            contribution_id=f"C2-{region}",
            year=2025,
            kind=own,
            channel=types_pb2.CONTRIBUTION_CHANNEL_CASH,
            entries=[
                enrolment_pb2.AccountEntry(
                    entry_id=f"C2-{region}-reversal",
                    kind=enrolment_pb2.ACCOUNT_ENTRY_KIND_PERSONAL_CONTRIBUTION,
                    amount_fen=-50_000,
                    value_date=to_calendar_date(date(2025, 5, 8)),
                )
            ],
            pooling_region_code=region,
        ),
    )

    def award(short: str, village: int, first: Month) -> None:
        county.add(
            county.before,
            s.topic_payout_resident,
            f"{short}-{region}",
            "payout",
            payout_events.AwardGranted(
                award=payout_pb2.Award(
                    award_id=f"A-{short}-{region}",
                    resident_id=f"{short}-{region}",
                    pooling_region_code=region,
                    village_code=county.village(village),
                    first_month=to_year_month(first),
                )
            ),
        )

    award("P1", 1, Month(2025, 1))
    award("P2", 2, APRIL)
    award("P3", 2, Month(2025, 1))
    county.add(
        county.before,
        s.topic_payout_resident,
        f"P1-{region}",
        "payout",
        payout_events.BenefitSuspended(
            resident_id=f"P1-{region}",
            award_id=f"A-P1-{region}",
            cause=payout_pb2.SUSPENSION_CAUSE_CERTIFICATION_OVERDUE,
            from_month=to_year_month(APRIL),
            pooling_region_code=region,
        ),
    )
    county.add(
        county.before,
        s.topic_payout_resident,
        f"P3-{region}",
        "payout",
        payout_events.BenefitStopped(
            resident_id=f"P3-{region}",
            award_id=f"A-P3-{region}",
            cause=payout_pb2.STOP_CAUSE_DEATH,
            from_month=to_year_month(MAY),
            date_of_death=to_calendar_date(date(2025, 4, 12)),
            pooling_region_code=region,
        ),
    )
    county.add(
        county.before,
        s.topic_enrolment_resident,
        f"P3-{region}",
        "enrolment",
        enrolment_events.EnrolmentTerminated(
            resident_id=f"P3-{region}",
            cause=enrolment_pb2.TERMINATION_CAUSE_DEATH,
            terminated_on=to_calendar_date(date(2025, 4, 12)),
            pooling_region_code=region,
        ),
    )
    county.add(
        county.after,
        s.topic_payout_resident,
        f"P1-{region}",
        "payout",
        payout_events.BenefitResumed(
            resident_id=f"P1-{region}",
            award_id=f"A-P1-{region}",
            cause=payout_pb2.RESUMPTION_CAUSE_CERTIFIED,
            from_month=to_year_month(MAY),
            pooling_region_code=region,
        ),
    )

    def payroll(batch: list[dict[str, Any]], month: Month, who: list[tuple[str, int]], surplus: int = 0) -> None:
        run_id = f"PR-{region}-{month.year:04d}{month.month:02d}"
        payments = []
        for n, (short, village) in enumerate(who):
            amounts = [
                types_pb2.BenefitAmount(
                    component=types_pb2.BENEFIT_COMPONENT_BASIC_PENSION, fund=POOLED, amount_fen=17_300
                ),
                types_pb2.BenefitAmount(
                    component=types_pb2.BENEFIT_COMPONENT_ACCOUNT_PENSION, fund=INDIVIDUAL, amount_fen=1_000 + n
                ),
            ]
            payment = payout_pb2.Payment(
                payment_id=f"{run_id}-{short}",
                resident_id=f"{short}-{region}",
                pooling_region_code=region,
                month=to_year_month(month),
                kind=payout_pb2.PAYMENT_KIND_REGULAR,
                payroll_run_id=run_id,
                attempt=1,
                amounts=amounts,
                amount_fen=sum(a.amount_fen for a in amounts),
                village_code=county.village(village),
            )
            payments.append(payment)
            county.add(
                batch,
                s.topic_payout_resident,
                f"{short}-{region}",
                "payout",
                payout_events.PaymentPaid(payment=payment),
            )
        county.paid[month] = payments
        total = sum(p.amount_fen for p in payments)
        county.add(
            batch,
            s.topic_payout_region,
            region,
            "payout",
            payout_events.PayrollExported(
                pooling_region_code=region,
                payroll_run_id=run_id,
                month=to_year_month(month),
                record_count=len(payments),
                total_fen=total,
            ),
        )
        county.add(
            batch,
            s.topic_payout_region,
            region,
            "payout",
            payout_events.BankReturnImported(
                pooling_region_code=region,
                payroll_run_id=run_id,
                month=to_year_month(month),
                batch=payout_pb2.BankBatch(
                    batch_id=f"{run_id}-B1",
                    record_count=len(payments),
                    total_fen=total,
                    paid_count=len(payments),
                    paid_fen=total + surplus,
                ),
            ),
        )

    payroll(county.before, MARCH, [("P1", 1), ("P3", 2)])
    payroll(county.before, APRIL, [("P2", 2), ("P3", 2)], surplus=BANK_SURPLUS_FEN)
    payroll(county.after, MAY, [("P1", 1), ("P2", 2)])
    return county


@dataclass
class Statistics:
    county: County
    database: AsyncDatabase[Document]
    service: MonthlyStatisticsService
    deliver_after: Any


@pytest.fixture
async def statistics(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[Statistics]:
    settings = SupervisionSettings(
        kafka_bootstrap_servers=kafka_broker.bootstrap_servers,
        mongo_uri=ferretdb.mongo_uri,
        mongo_database=f"supervision_statistics_{uuid.uuid4().hex[:8]}",
        reports_consumer_group=f"supervision-reports-{uuid.uuid4().hex[:8]}",
    )
    client = create_client(settings)
    database = client[settings.database_name]
    await ensure_indexes(database, [*report_facts.INDEXES, *statistics_store.INDEXES, *CONSUMER_INDEXES])
    topics = [
        settings.topic_enrolment_resident,
        settings.topic_enrolment_region,
        settings.topic_payout_resident,
        settings.topic_payout_region,
        settings.topic_verification_resident,  # the review lists' certifications, read by the same consumer
    ]
    await create_topics(settings.kafka_bootstrap_servers, topics)
    await start_at_the_end(settings.kafka_bootstrap_servers, [settings.reports_consumer_group], topics)
    county = generate(settings, random_region(4))
    policies = RegionPolicies(database)
    # Supervision has heard the county's policy (the alerts consumer keeps it from PolicyChanged).
    await policies.record(policy_message(demo_policy(county.region, datetime(2011, 6, 1, tzinfo=UTC))))
    alerts = AlertService(
        AlertRepository(database), topic=settings.topic_supervision_region, notify_relay=lambda collection, ids: None
    )
    service = MonthlyStatisticsService(
        ReportFacts(database),
        policies,
        MongoRepository(database[statistics_store.MONTHLY_STATISTICS]),
        topic=settings.topic_supervision_region,
        notify_relay=lambda collection, ids: None,  # no relay: the published events stay in the outbox to count
        raise_alert=alerts.raise_alert,
    )
    consumer = report_consumer(settings, database, settings.reports_consumer_group, ReportFacts(database))
    task = asyncio.create_task(consumer.run())

    async def deliver(events: list[dict[str, Any]], total: int) -> None:
        # Every event twice, as an at-least-once relay may publish it.
        await publish(settings.kafka_bootstrap_servers, [e for event in events for e in (event, event)])

        async def done() -> bool:
            group = re.escape(settings.reports_consumer_group)
            return await database[PROCESSED].count_documents({"_id": {"$regex": f"^{group}/"}}) >= total

        await eventually(done, deadline=60, what=f"{total} events applied")

    try:
        await deliver(county.before, len(county.before))
        yield Statistics(
            county, database, service, lambda: deliver(county.after, len(county.before) + len(county.after))
        )
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await client.close()


def recount_contributions(county: County, month: Month, reversed_ids: set[str]) -> tuple[int, int, int]:
    """(contributors, personal + paid on behalf, subsidy) of the generated contributions paid in the month."""
    kept = [
        c
        for c in county.contributions
        if (c.paid_on.year, c.paid_on.month) == (month.year, month.month) and c.contribution_id not in reversed_ids
    ]
    return (
        len({c.resident_id for c in kept}),
        sum(c.personal_fen + c.paid_on_behalf_fen for c in kept),
        sum(c.subsidy_fen for c in kept),
    )


async def test_a_published_month_stays_and_a_late_reversal_is_a_correction_of_the_month_it_was_made(
    statistics: Statistics,
) -> None:
    county, service = statistics.county, statistics.service
    march, again = await service.publish(
        OFFICER, request_id="publish-march", pooling_region_code=county.region, month=MARCH
    )
    assert not again and march.version == 1 and march.checks_agree
    figures = march.region.figures
    assert (figures.contributors, figures.personal_fen + figures.paid_on_behalf_fen, figures.subsidy_fen) == (
        recount_contributions(county, MARCH, set())
    )
    assert [(g.grade_fen, g.contributors) for g in figures.grades] == [(20_000, 1), (50_000, 1), (100_000, 1)]
    assert {c.channel for c in figures.channels} == {Channel.GOVERNMENT, Channel.CASH, Channel.BANK_WITHHOLDING}
    assert [(g.group, g.residents, g.paid_on_behalf_fen) for g in figures.special_groups] == [
        ("SEVERE_DISABILITY", 1, 20_000)
    ]
    # The subsidy split by level is policy's: the province 30 yuan of each grade, the county the rest; the
    # paid-on-behalf amount is the county's.
    levels = {f.level: (f.subsidy_fen, f.paid_on_behalf_fen) for f in figures.government_levels}
    assert levels == {Level.PROVINCIAL: (3 * 3_000, 0), Level.COUNTY: (4_000 + 6_000 + 8_000 - 9_000, 20_000)}
    assert (figures.pensioners_at_start, figures.pensioners_at_end, figures.benefit_paid_fen) == (
        2,
        2,
        sum(p.amount_fen for p in county.paid[MARCH]),
    )
    assert [v.code for v in march.villages] == [county.village(1), county.village(2)]
    assert [(t.code, t.name) for t in march.townships] == [
        (county.village(1)[:9], "城关镇"),
        (county.village(2)[:9], "河口乡"),
    ]

    await statistics.deliver_after()
    may, _ = await service.publish(OFFICER, request_id="publish-may", pooling_region_code=county.region, month=MAY)
    # March as published, unchanged; May carries the correction line, and its own figures are May's only.
    stored_march = await service.statistics(OFFICER, county.region, MARCH)
    assert stored_march.digest == march.digest and stored_march.region == march.region
    assert [(c.reference_id, c.corrected_month, c.personal_fen, c.subsidy_fen) for c in may.corrections] == [
        (f"C2-{county.region}", MARCH, -50_000, -6_000)
    ]
    assert may.corrections[0].subsidy_by_level == {Level.PROVINCIAL: -3_000, Level.COUNTY: -3_000}
    assert may.corrections[0].village_code == county.village(1)
    may_figures = may.region.figures
    assert (may_figures.contributors, may_figures.personal_fen, may_figures.subsidy_fen) == (
        recount_contributions(county, MAY, {f"C2-{county.region}"})
    )
    # The fund's May income (its ledger) is May's contributions less the March one taken back: the checks agree.
    assert may.checks_agree, may.cross_checks
    contributions = next(c for c in may.cross_checks if c.figure is CrossCheckFigure.CONTRIBUTIONS)
    assert contributions.report_fen == contributions.source_fen == 30_000 - 50_000
    # Pensioners: P1 resumed in May; P3 died in April (its last payable month); P2 new in April.
    assert (may_figures.pensioners_at_start, may_figures.pensioners_at_end, may_figures.resumptions) == (2, 2, 1)


async def test_publishing_again_answers_the_stored_report_with_one_event(statistics: Statistics) -> None:
    county, service = statistics.county, statistics.service
    first, repeated = await service.publish(OFFICER, request_id="a", pooling_region_code=county.region, month=MARCH)
    second, again = await service.publish(
        Caller("auditor-1", Role.AUDITOR), request_id="b", pooling_region_code=county.region, month=MARCH
    )
    third, same_request = await service.publish(OFFICER, request_id="a", pooling_region_code=county.region, month=MARCH)
    assert (repeated, again, same_request) == (False, True, True)
    assert first == second == third and second.published_by == "officer-1"
    documents = await statistics.database[statistics_store.MONTHLY_STATISTICS].find({}).to_list()
    assert len(documents) == 1
    (outbox,) = [d["outbox"] for d in documents]
    assert [e["event_type"] for e in outbox] == ["pension.supervision.v1.MonthlyReportPublished"]
    # The month not yet ended is refused; so is a caller who may not publish; an unpublished month is not found.
    with pytest.raises(FailedPrecondition) as refused:
        await service.publish(
            OFFICER, request_id="c", pooling_region_code=county.region, month=Month.of(today_in_china())
        )
    assert refused.value.reason == "MONTH_NOT_ENDED"
    with pytest.raises(PermissionDenied):
        await service.publish(
            Caller("agent-1", Role.VILLAGE_AGENT), request_id="d", pooling_region_code=county.region, month=MARCH
        )
    with pytest.raises(NotFound):
        await service.statistics(OFFICER, county.region, APRIL)


async def test_a_bank_return_that_disagrees_raises_the_reconciliation_alert(statistics: Statistics) -> None:
    county, service = statistics.county, statistics.service
    april, _ = await service.publish(OFFICER, request_id="april", pooling_region_code=county.region, month=APRIL)
    paid = sum(p.amount_fen for p in county.paid[APRIL])
    check = next(c for c in april.cross_checks if c.figure is CrossCheckFigure.BENEFIT_PAID)
    assert (check.report_fen, check.source_fen, check.agrees) == (paid, paid + BANK_SURPLUS_FEN, False)
    assert not april.checks_agree
    alert = await statistics.database[ALERTS].find_one({"_id": check.alert_id})
    assert alert is not None and alert["rule"] == AlertRule.PAYROLL_NOT_RECONCILED.value
    assert f"{paid / 100:.2f}" in alert["reason_en"] and f"{(paid + BANK_SURPLUS_FEN) / 100:.2f}" in alert["reason_en"]
    # The figures are still April's: P2's first month, P3's death (last paid in April), P1 suspended.
    figures = april.region.figures
    assert (figures.new_awards, figures.suspensions, figures.suspended_at_end) == (1, 1, 1)
    assert figures.benefit_stops == {BenefitStopCause.DEATH: 1}
    assert figures.enrolment_ends == {EnrolmentEndCause.DEATH: 1}
    assert (figures.pensioners_at_start, figures.pensioners_at_end) == (2, 2)
    # Published again, the same alert (one), and the same report.
    await service.publish(OFFICER, request_id="april-again", pooling_region_code=county.region, month=APRIL)
    assert await statistics.database[ALERTS].count_documents({"_id": check.alert_id}) == 1
