"""A small generated county through real Kafka into the reports consumer on FerretDB: the village notice, the
month's reconciliation (balanced, then a fund-account figure that differs: an alert draft with both figures) and the
disclosure, equal to a recount of what was generated; every event delivered twice, and applied again after the
consumer's own memory of applied events is lost, counts once."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

import pytest
from google.protobuf.message import Message
from pymongo.asynchronous.database import AsyncDatabase

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2
from pension.enrolment.v1 import events_pb2 as enrolment_events
from pension.payout.v1 import events_pb2 as payout_events
from pension.payout.v1 import payout_pb2
from pension.supervision.v1 import supervision_pb2, supervision_service_pb2
from pension_deploy.infra import create_topics
from pension_kit.consumer import CONSUMER_INDEXES, PROCESSED
from pension_kit.errors import InvalidArgument, PermissionDenied
from pension_kit.events import new_event
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role, current_caller
from pension_kit.mongo import Document, create_client, ensure_indexes
from pension_kit.protoconv import to_calendar_date, to_year_month
from pension_kit.unit_of_work import MongoRepository
from pension_supervision.adapters import report_facts
from pension_supervision.adapters.alert_repository import ALERTS, AlertRepository
from pension_supervision.adapters.report_facts import RECONCILIATIONS, ReportFacts
from pension_supervision.config import SupervisionSettings
from pension_supervision.domain.alerts import AlertDraft, AlertRule
from pension_supervision.domain.disclosure import ExpenditureKind, IncomeSource
from pension_supervision.domain.facts import FundName
from pension_supervision.domain.reconciliation import FundAccountFigure, Item
from pension_supervision.entrypoints.report_consumer import report_consumer
from pension_supervision.entrypoints.report_rpcs import ReportRpcs
from pension_supervision.service_layer.alerts import AlertService
from pension_supervision.service_layer.disclosure import DisclosureService
from pension_supervision.service_layer.notices import NoticeService
from pension_supervision.service_layer.reconciliation import ReconciliationService
from pension_testkit import eventually, publish, random_region, start_at_the_end

JULY = Month(2026, 7)
OFFICER = Caller("officer-1", Role.COUNTY_OFFICER)
POOLED = types_pb2.FUND_POOLED
INDIVIDUAL = types_pb2.FUND_INDIVIDUAL_ACCOUNT


@dataclass
class County:
    """What the generator made, kept to recount the figures independently of the service."""

    region: str
    events: list[dict[str, Any]] = field(default_factory=list)
    residents: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # id -> village, name, ID (masked)
    contributions: list[enrolment_events.ContributionRecorded] = field(default_factory=list)
    reversed_ids: set[str] = field(default_factory=set)
    payments: list[tuple[str, payout_pb2.Payment]] = field(default_factory=list)  # (outcome, payment)
    ended: set[str] = field(default_factory=set)
    inheritance_fen: int = 0
    recovered_fen: int = 0
    interest_fen: int = 0

    def village(self, n: int) -> str:
        return f"{self.region}101{200 + n:03d}"

    def add(self, topic: str, key: str, producer: str, payload: Message) -> None:
        self.events.append(new_event(topic=topic, payload=payload, subject_key=key, producer=producer, actor="test"))


def generate(settings: SupervisionSettings, region: str) -> County:
    county = County(region)
    enrolment_resident, enrolment_region = settings.topic_enrolment_resident, settings.topic_enrolment_region
    payout_resident, payout_region = settings.topic_payout_resident, settings.topic_payout_region
    for n, name in ((1, "李庄村"), (2, "王庄村")):
        village = enrolment_pb2.Village(
            village_code=county.village(n), name=name, township_code=f"{region}101", pooling_region_code=region
        )
        county.add(enrolment_region, region, "enrolment", enrolment_events.VillageRegistered(village=village))
    people = [
        ("R1", 1, "张*明"),
        ("R2", 1, "李*"),
        ("R3", 1, "王*华"),
        ("R4", 1, "赵*国"),
        ("R5", 2, "孙*"),
        ("R6", 2, "周*平"),
    ]
    for index, (short, village_n, name) in enumerate(people):
        resident_id = f"{short}-{region}"
        citizen_id = f"{region[:4]}**********{index:03d}X"
        county.residents[resident_id] = (county.village(village_n), name, citizen_id)
        county.add(
            enrolment_resident,
            resident_id,
            "enrolment",
            enrolment_events.ResidentEnrolled(
                resident_id=resident_id,
                pooling_region_code=region,
                village_code=county.village(village_n),
                citizen_id_masked=citizen_id,
                name_masked=name,
                enrolled_on=to_calendar_date(date(2020, 3, 1)),
            ),
        )

    def rid(short: str) -> str:
        return f"{short}-{region}"

    def contribute(
        n: int, short: str, paid_on: date, kind: types_pb2.ContributionKind, personal: int, subsidy: int, pob: int = 0
    ) -> None:
        resident_id = rid(short)
        recorded = enrolment_events.ContributionRecorded(
            resident_id=resident_id,
            contribution_id=f"C{n}-{region}",
            year=paid_on.year,
            kind=kind,
            channel=types_pb2.CONTRIBUTION_CHANNEL_CASH,
            grade_fen=personal or pob,
            personal_fen=personal,
            subsidy_fen=subsidy,
            paid_on_behalf_fen=pob,
            paid_on=to_calendar_date(paid_on),
            village_code=county.residents[resident_id][0],
            pooling_region_code=region,
        )
        county.contributions.append(recorded)
        county.add(enrolment_resident, resident_id, "enrolment", recorded)

    own, pob = types_pb2.CONTRIBUTION_KIND_OWN, types_pb2.CONTRIBUTION_KIND_PAID_ON_BEHALF
    contribute(1, "R1", date(2026, 6, 30), own, 20_000, 4_000)  # June's: not on July's notice
    contribute(2, "R1", date(2026, 7, 1), own, 20_000, 4_000)
    contribute(3, "R2", date(2026, 7, 15), pob, 0, 3_000, pob=10_000)
    contribute(4, "R2", date(2026, 7, 16), own, 50_000, 6_000)  # reversed below: a mistake
    contribute(5, "R6", date(2026, 7, 31), own, 30_000, 5_000)

    def reverse(n: int, short: str, amount: int, on: date) -> None:
        county.reversed_ids.add(f"C{n}-{region}")
        county.add(
            enrolment_resident,
            rid(short),
            "enrolment",
            enrolment_events.ContributionReversed(
                resident_id=rid(short),
                contribution_id=f"C{n}-{region}",
                year=on.year,
                kind=own,
                entries=[
                    enrolment_pb2.AccountEntry(
                        entry_id=f"C{n}-{region}-reversal",
                        kind=enrolment_pb2.ACCOUNT_ENTRY_KIND_PERSONAL_CONTRIBUTION,
                        amount_fen=-amount,
                        value_date=to_calendar_date(on),
                    )
                ],
                pooling_region_code=region,
            ),
        )

    reverse(4, "R2", 50_000, date(2026, 7, 20))  # R2 still contributed in July (C3)
    contribute(6, "R3", date(2026, 7, 3), own, 10_000, 0)
    reverse(6, "R3", 10_000, date(2026, 7, 21))  # R3 did not contribute after all
    county.interest_fen = 500
    county.add(
        enrolment_resident,
        rid("R1"),
        "enrolment",
        enrolment_events.InterestCredited(
            resident_id=rid("R1"),
            year=2025,
            interest_fen=500,
            entry=enrolment_pb2.AccountEntry(entry_id=f"I1-{region}", value_date=to_calendar_date(date(2025, 12, 31))),
            pooling_region_code=region,
        ),
    )

    run_id = f"PR-{region}-202607"

    def pay(
        n: int,
        short: str,
        month: Month,
        kind: payout_pb2.PaymentKind,
        outcome: str,
        pooled: list[tuple[types_pb2.BenefitComponent, int]],
        account: int,
        *,
        with_village: bool = True,  # events written before payments carried the village
    ) -> None:
        resident_id = rid(short)
        amounts = [types_pb2.BenefitAmount(component=c, fund=POOLED, amount_fen=fen) for c, fen in pooled]
        amounts.append(
            types_pb2.BenefitAmount(
                component=types_pb2.BENEFIT_COMPONENT_ACCOUNT_PENSION, fund=INDIVIDUAL, amount_fen=account
            )
        )
        payment = payout_pb2.Payment(
            payment_id=f"P{n}-{region}",
            resident_id=resident_id,
            pooling_region_code=region,
            month=to_year_month(month),
            kind=kind,
            payroll_run_id=run_id,
            attempt=1,
            amounts=amounts,
            amount_fen=sum(a.amount_fen for a in amounts),
            village_code=county.residents[resident_id][0] if with_village else "",
        )
        county.payments.append((outcome, payment))
        event = payout_events.PaymentPaid if outcome == "PAID" else payout_events.PaymentFailed
        county.add(payout_resident, resident_id, "payout", event(payment=payment))

    basic, old_age = types_pb2.BENEFIT_COMPONENT_BASIC_PENSION, types_pb2.BENEFIT_COMPONENT_OLD_AGE_BONUS
    regular, back = payout_pb2.PAYMENT_KIND_REGULAR, payout_pb2.PAYMENT_KIND_BACK_PAY
    pay(1, "R3", JULY, regular, "PAID", [(basic, 15_000)], 5_000)
    pay(2, "R3", Month(2026, 6), back, "PAID", [(basic, 13_000)], 5_000)
    pay(3, "R4", JULY, regular, "FAILED", [(basic, 15_000)], 5_000)
    pay(4, "R5", JULY, regular, "PAID", [(basic, 18_000), (old_age, 2_000)], 5_000, with_village=False)
    exported = sum(p.amount_fen for _, p in county.payments)
    paid = sum(p.amount_fen for outcome, p in county.payments if outcome == "PAID")
    county.add(
        payout_region,
        region,
        "payout",
        payout_events.PayrollExported(
            pooling_region_code=region,
            payroll_run_id=run_id,
            month=to_year_month(JULY),
            record_count=len(county.payments),
            total_fen=exported,
        ),
    )
    county.add(
        payout_region,
        region,
        "payout",
        payout_events.BankReturnImported(
            pooling_region_code=region,
            payroll_run_id=run_id,
            month=to_year_month(JULY),
            batch=payout_pb2.BankBatch(
                batch_id=f"{run_id}-B1",
                record_count=len(county.payments),
                total_fen=exported,
                paid_count=3,
                paid_fen=paid,
                failed_count=1,
                failed_fen=exported - paid,
            ),
        ),
    )
    # R4 died; the account's balance went to the heir; an overpayment was recovered.
    county.ended.add(rid("R4"))
    county.add(
        enrolment_resident,
        rid("R4"),
        "enrolment",
        enrolment_events.EnrolmentTerminated(
            resident_id=rid("R4"),
            cause=enrolment_pb2.TERMINATION_CAUSE_DEATH,
            terminated_on=to_calendar_date(date(2026, 7, 10)),
            pooling_region_code=region,
        ),
    )
    county.inheritance_fen = 12_000
    county.add(
        payout_resident,
        rid("R4"),
        "payout",
        payout_events.InheritancePaid(
            inheritance=payout_pb2.InheritancePayout(
                inheritance_id=f"H1-{region}",
                resident_id=rid("R4"),
                pooling_region_code=region,
                heir_name_masked="赵*",
                balance_fen=12_000,
                net_fen=12_000,
                paid_on=to_calendar_date(date(2026, 7, 20)),
            )
        ),
    )
    county.recovered_fen = 2_000
    county.add(
        payout_resident,
        rid("R4"),
        "payout",
        payout_events.RecoveryRecorded(
            resident_id=rid("R4"),
            overpayment_case_id=f"OC1-{region}",
            recovery=payout_pb2.Recovery(
                recovery_id=f"RV1-{region}", amount_fen=2_000, recovered_on=to_calendar_date(date(2026, 7, 25))
            ),
            pooling_region_code=region,
        ),
    )
    return county


@dataclass
class Reports:
    settings: SupervisionSettings
    database: AsyncDatabase[Document]
    county: County
    notices: NoticeService
    reconciliation: ReconciliationService
    disclosure: DisclosureService
    drafts: list[AlertDraft]


@pytest.fixture
async def reports(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[Reports]:
    settings = SupervisionSettings(
        kafka_bootstrap_servers=kafka_broker.bootstrap_servers,
        mongo_uri=ferretdb.mongo_uri,
        mongo_database=f"supervision_reports_{uuid.uuid4().hex[:8]}",
        reports_consumer_group=f"supervision-reports-{uuid.uuid4().hex[:8]}",
    )
    client = create_client(settings)
    database = client[settings.database_name]
    await ensure_indexes(database, [*report_facts.INDEXES, *CONSUMER_INDEXES])
    topics = [
        settings.topic_enrolment_resident,
        settings.topic_enrolment_region,
        settings.topic_payout_resident,
        settings.topic_payout_region,
        settings.topic_verification_resident,  # the review lists' certifications, read by the same consumer
    ]
    await create_topics(settings.kafka_bootstrap_servers, topics)
    await start_at_the_end(settings.kafka_bootstrap_servers, [settings.reports_consumer_group], topics)
    facts = ReportFacts(database)
    drafts: list[AlertDraft] = []
    alerts = AlertService(
        AlertRepository(database), topic=settings.topic_supervision_region, notify_relay=lambda collection, ids: None
    )

    async def raise_alert(draft: AlertDraft) -> None:
        drafts.append(draft)
        await alerts.raise_alert(draft)

    county = generate(settings, random_region(4))
    consumer = report_consumer(settings, database, settings.reports_consumer_group, facts)
    task = asyncio.create_task(consumer.run())
    try:
        # Every event twice, as an at-least-once relay may publish it.
        await publish(settings.kafka_bootstrap_servers, [e for event in county.events for e in (event, event)])
        await applied(database, settings.reports_consumer_group, len(county.events))
        yield Reports(
            settings,
            database,
            county,
            NoticeService(facts, dispute_contact=settings.notice_dispute_contact),
            ReconciliationService(
                facts,
                MongoRepository(database[RECONCILIATIONS]),
                topic=settings.topic_supervision_region,
                notify_relay=lambda collection, ids: None,
                raise_alert=raise_alert,
            ),
            DisclosureService(facts),
            drafts,
        )
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await client.close()


async def applied(database: AsyncDatabase[Document], group: str, count: int) -> None:
    async def done() -> bool:
        return await database[PROCESSED].count_documents({"_id": {"$regex": f"^{re.escape(group)}/"}}) >= count

    await eventually(done, deadline=60, what=f"{count} events applied by {group}")


async def test_the_notice_lists_exactly_the_villages_contributors_and_recipients_masked(reports: Reports) -> None:
    county = reports.county
    village = county.village(1)
    notice = await reports.notices.notice(OFFICER, village, JULY)
    assert notice.village_name == "李庄村"
    expected_contributors = sorted(
        (county.residents[c.resident_id][1], c.personal_fen, c.subsidy_fen, c.paid_on_behalf_fen)
        for c in county.contributions
        if county.residents[c.resident_id][0] == village
        and c.contribution_id not in county.reversed_ids
        and (c.paid_on.year, c.paid_on.month) == (2026, 7)
    )
    assert sorted(
        (c.name_masked, c.personal_fen, c.subsidy_fen, c.paid_on_behalf_fen) for c in notice.contributors
    ) == (expected_contributors)
    assert len(expected_contributors) == 2
    r3 = county.residents[f"R3-{county.region}"]
    assert [(r.name_masked, r.citizen_id_masked, r.amount_fen, r.back_pay_fen) for r in notice.recipients] == [
        (r3[1], r3[2], 38_000, 18_000)
    ]
    assert notice.paid_fen == 38_000 and notice.contributed_fen == 20_000 + 4_000 + 3_000 + 10_000
    assert notice.dispute_contact == "12333"
    shown = [(c.name_masked, c.citizen_id_masked) for c in notice.contributors]
    shown += [(r.name_masked, r.citizen_id_masked) for r in notice.recipients]
    for name_masked, citizen_id_masked in shown:
        assert re.fullmatch(r"\d{4}\*{10}\d{3}[\dX]", citizen_id_masked)
        assert "*" in name_masked
    other = await reports.notices.notice(OFFICER, county.village(2), JULY)
    assert [c.name_masked for c in other.contributors] == ["周*平"]
    assert [(r.name_masked, r.amount_fen) for r in other.recipients] == [("孙*", 25_000)]
    # A village agent reads their own village's notice only.
    agent = Caller("agent-1", Role.VILLAGE_AGENT, frozenset({county.village(2)}))
    assert (await reports.notices.notice(agent, county.village(2), JULY)).recipients
    with pytest.raises(PermissionDenied):
        await reports.notices.notice(agent, village, JULY)
    with pytest.raises(PermissionDenied):
        await reports.notices.notice(Caller("hotline-1", Role.HOTLINE), village, JULY)


async def test_reconciliation_balances_when_the_figures_agree_and_alerts_with_both_figures_when_one_differs(
    reports: Reports,
) -> None:
    region = reports.county.region
    agreeing = [
        FundAccountFigure(Item.CONTRIBUTION_INCOME, FundName.INDIVIDUAL_ACCOUNT, 20_000 + 10_000 + 30_000),
        FundAccountFigure(Item.SUBSIDY_INCOME, FundName.INDIVIDUAL_ACCOUNT, 4_000 + 3_000 + 5_000),
        FundAccountFigure(Item.BENEFIT_EXPENDITURE, FundName.POOLED, 15_000 + 13_000 + 18_000 + 2_000),
        FundAccountFigure(Item.BENEFIT_EXPENDITURE, FundName.INDIVIDUAL_ACCOUNT, 15_000),
        FundAccountFigure(Item.INHERITANCE_EXPENDITURE, FundName.INDIVIDUAL_ACCOUNT, 12_000),
        FundAccountFigure(Item.RECOVERIES, FundName.POOLED, 2_000),
    ]
    first = await reports.reconciliation.run(
        OFFICER, request_id="run-1", pooling_region_code=region, month=JULY, figures=agreeing
    )
    assert first.balanced, [line.explanation for line in first.lines if line.difference_fen]
    payroll = next(line for line in first.lines if line.item is Item.PAYROLL_VS_BANK_RETURN)
    assert (payroll.ledger_fen, payroll.bank_fen) == (83_000, 83_000)
    assert reports.drafts == []

    differing = [*agreeing[:2], FundAccountFigure(Item.BENEFIT_EXPENDITURE, FundName.POOLED, 47_000), *agreeing[3:]]
    second = await reports.reconciliation.run(
        OFFICER, request_id="run-2", pooling_region_code=region, month=JULY, figures=differing
    )
    assert not second.balanced
    assert second.reconciliation_id != first.reconciliation_id
    [draft] = reports.drafts
    assert draft.rule is AlertRule.PAYROLL_NOT_RECONCILED and draft.amount_fen == 1_000
    assert "480.00" in draft.reason_zh and "470.00" in draft.reason_zh
    assert "480.00" in draft.reason_en and "470.00" in draft.reason_en
    assert {e.event_type for e in draft.evidence} >= {
        "pension.supervision.v1.ReconciliationCompleted",
        "pension.payout.v1.PayrollExported",
        "pension.payout.v1.BankReturnImported",
    }
    # The same request again is answered from the stored run; its alert has the same facts (one alert).
    repeat = await reports.reconciliation.run(
        OFFICER, request_id="run-2", pooling_region_code=region, month=JULY, figures=differing
    )
    assert repeat.reconciliation_id == second.reconciliation_id
    assert {d.alert_id for d in reports.drafts} == {draft.alert_id}
    assert await reports.database[ALERTS].count_documents({"rule": "PAYROLL_NOT_RECONCILED"}) == 1
    stored = await reports.reconciliation.reconciliation(Caller("approver-1", Role.COUNTY_APPROVER), region, JULY)
    assert stored.reconciliation_id == second.reconciliation_id and not stored.balanced
    document = await reports.database[RECONCILIATIONS].find_one({"_id": f"{region}-202607"})
    assert document is not None and len(document["outbox"]) == 2  # each run announced once
    with pytest.raises(PermissionDenied):
        await reports.reconciliation.run(
            Caller("agent-1", Role.VILLAGE_AGENT), request_id="x", pooling_region_code=region, month=JULY, figures=[]
        )


async def test_the_disclosure_equals_a_recount_and_a_second_delivery_changes_nothing(reports: Reports) -> None:
    county = reports.county
    hotline = Caller("hotline-1", Role.HOTLINE)
    before = await reports.disclosure.disclosure(hotline, county.region, 2026, 7)

    kept = [c for c in county.contributions if c.contribution_id not in county.reversed_ids]
    july = [c for c in kept if (c.paid_on.year, c.paid_on.month) == (2026, 7)]
    paid = [p for outcome, p in county.payments if outcome == "PAID"]

    def component(payments: list[payout_pb2.Payment], which: int) -> int:
        return sum(a.amount_fen for p in payments for a in p.amounts if a.component == which)

    def fund(payments: list[payout_pb2.Payment], which: int) -> int:
        return sum(a.amount_fen for p in payments for a in p.amounts if a.fund == which)

    assert before.enrolled == len(county.residents) - len(county.ended)
    assert before.contributing == len({c.resident_id for c in july})
    assert before.receiving == len({p.resident_id for p in paid})
    assert dict(before.income) == {
        IncomeSource.PERSONAL_CONTRIBUTION: sum(c.personal_fen for c in july),
        IncomeSource.SUBSIDY: sum(c.subsidy_fen for c in july),
        IncomeSource.COLLECTIVE: 0,
        IncomeSource.PAID_ON_BEHALF: sum(c.paid_on_behalf_fen for c in july),
        IncomeSource.INTEREST: 0,  # credited for 2025
        IncomeSource.TRANSFER_IN: 0,
        IncomeSource.BASIC_PENSION_FINANCING: fund(paid, POOLED),
        IncomeSource.RECOVERY: county.recovered_fen,
    }
    assert dict(before.expenditure) == {
        ExpenditureKind.BASIC_PENSION: component(paid, types_pb2.BENEFIT_COMPONENT_BASIC_PENSION),
        ExpenditureKind.LONG_CONTRIBUTION_BONUS: 0,
        ExpenditureKind.OLD_AGE_BONUS: component(paid, types_pb2.BENEFIT_COMPONENT_OLD_AGE_BONUS),
        ExpenditureKind.ACCOUNT_PENSION: component(paid, types_pb2.BENEFIT_COMPONENT_ACCOUNT_PENSION),
        ExpenditureKind.INHERITANCE: county.inheritance_fen,
        ExpenditureKind.TRANSFER_OUT: 0,
    }
    contributed = sum(c.personal_fen + c.subsidy_fen + c.paid_on_behalf_fen + c.collective_fen for c in kept)
    assert dict(before.fund_balances) == {
        FundName.INDIVIDUAL_ACCOUNT: contributed
        + county.interest_fen
        - fund(paid, INDIVIDUAL)
        - county.inheritance_fen,
        FundName.POOLED: county.recovered_fen,
    }
    year = await reports.disclosure.disclosure(hotline, county.region, 2026, 0)
    assert dict(year.income)[IncomeSource.PERSONAL_CONTRIBUTION] == sum(c.personal_fen for c in kept)

    # The consumer forgets what it applied (a crash between a handler's write and its record): everything is
    # delivered and applied again, and no figure moves.
    await reports.database[PROCESSED].delete_many({})
    await publish(reports.settings.kafka_bootstrap_servers, county.events)
    await applied(reports.database, reports.settings.reports_consumer_group, len(county.events))
    after = await reports.disclosure.disclosure(hotline, county.region, 2026, 7)
    assert (after.enrolled, after.contributing, after.receiving) == (
        before.enrolled,
        before.contributing,
        before.receiving,
    )
    assert (after.income, after.expenditure, after.fund_balances) == (
        before.income,
        before.expenditure,
        before.fund_balances,
    )
    notice = await reports.notices.notice(OFFICER, county.village(1), JULY)
    assert len(notice.contributors) == 2 and notice.paid_fen == 38_000


async def test_the_rpcs_map_requests_and_refuse_bad_ones(reports: Reports) -> None:
    rpcs = ReportRpcs()
    rpcs._notices, rpcs._reconciliation, rpcs._disclosure = reports.notices, reports.reconciliation, reports.disclosure
    token = current_caller.set(OFFICER)
    try:
        reply = await rpcs.GetPublicNotice(
            supervision_service_pb2.GetPublicNoticeRequest(
                village_code=reports.county.village(1), month=to_year_month(JULY)
            ),
            None,
        )
        assert reply.notice.paid_fen == 38_000 and reply.notice.contributors[0].kind
        disclosure = await rpcs.GetDisclosure(
            supervision_service_pb2.GetDisclosureRequest(pooling_region_code=reports.county.region, year=2026, month=7),
            None,
        )
        assert {f.fund for f in disclosure.disclosure.fund_balances} == {POOLED, INDIVIDUAL}
        bad_figure = supervision_pb2.FundAccountFigure(item=cast(Any, 99), fund=POOLED, amount_fen=1)
        for request, reason in [
            (
                supervision_service_pb2.RunReconciliationRequest(
                    request_id="r",
                    pooling_region_code=reports.county.region,
                    month=to_year_month(JULY),
                    fund_account_figures=[bad_figure],
                ),
                "ENUM_VALUE_UNKNOWN",
            ),
            (
                supervision_service_pb2.RunReconciliationRequest(
                    request_id="r", pooling_region_code="4101", month=to_year_month(JULY)
                ),
                "DIVISION_CODE_FORMAT",
            ),
            (
                supervision_service_pb2.RunReconciliationRequest(
                    request_id="r", pooling_region_code=reports.county.region
                ),
                "MONTH_REQUIRED",
            ),
        ]:
            with pytest.raises(InvalidArgument) as refused:
                await rpcs.RunReconciliation(request, None)
            assert refused.value.reason == reason
        assert await reports.database[RECONCILIATIONS].count_documents({}) == 0  # nothing changed
    finally:
        current_caller.reset(token)


async def test_transfers_of_two_residents_under_one_letter_reference_both_count(reports: Reports) -> None:
    # A transfer letter's reference is the sending region's numbering: two residents' letters from two regions, or
    # one household's letter, share it. Each resident's transfer counts once, and neither hides the other.
    county, settings = reports.county, reports.settings
    region, topic = county.region, settings.topic_enrolment_resident
    august = date(2026, 8, 3)
    moves: list[dict[str, Any]] = []
    for short, fen, sender in (("R5", 31_000, "410122"), ("R6", 47_000, "410183")):
        resident_id = f"{short}-{region}"
        arrived = enrolment_events.ResidentTransferredIn(
            resident_id=resident_id,
            from_pooling_region_code=sender,
            transfer_reference="2026-015",
            balance_fen=fen,
            entry=enrolment_pb2.AccountEntry(entry_id=f"TI-{resident_id}", value_date=to_calendar_date(august)),
        )
        moves.append(new_event(topic=topic, payload=arrived, subject_key=resident_id, producer="enrolment", actor="t"))
    for short, fen in (("R1", 52_000), ("R2", 9_000)):
        resident_id = f"{short}-{region}"
        left = enrolment_events.EnrolmentTerminated(
            resident_id=resident_id,
            cause=enrolment_pb2.TERMINATION_CAUSE_TRANSFER_OUT,
            terminated_on=to_calendar_date(date(2026, 8, 20)),
            to_pooling_region_code="410122",
            transfer_reference="ZC-2026-8",  # one household moving on one letter
            transferred_balance_fen=fen,
            transfer_out_entry=enrolment_pb2.AccountEntry(entry_id=f"TO-{resident_id}"),
            pooling_region_code=region,
        )
        moves.append(new_event(topic=topic, payload=left, subject_key=resident_id, producer="enrolment", actor="t"))
    await publish(settings.kafka_bootstrap_servers, [e for event in moves for e in (event, event)])
    await applied(reports.database, settings.reports_consumer_group, len(county.events) + len(moves))
    disclosed = await reports.disclosure.disclosure(Caller("hotline-1", Role.HOTLINE), region, 2026, 8)
    assert dict(disclosed.income)[IncomeSource.TRANSFER_IN] == 31_000 + 47_000
    assert dict(disclosed.expenditure)[ExpenditureKind.TRANSFER_OUT] == 52_000 + 9_000
