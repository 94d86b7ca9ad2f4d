"""Every alert rule from its events on the real Kafka and FerretDB: a region's thresholds from PolicyChanged, the
facts completed in either order (a village heard after the visit, a birth date after the certifications), and each
alert's evidence naming the events that show it."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from alert_stack import Supervision, event, started_supervision

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2
from pension.enrolment.v1 import events_pb2 as enrolment_events
from pension.payout.v1 import events_pb2 as payout_events
from pension.payout.v1 import payout_pb2
from pension.verification.v1 import events_pb2 as verification_events
from pension.verification.v1 import verification_pb2
from pension_contracts.policy import policy_message
from pension_kit.mongo import Document
from pension_kit.policy import demo_policy
from pension_kit.protoconv import to_calendar_date, to_timestamp
from pension_testkit import eventually, publish, random_region


@pytest.fixture
async def supervision(kafka_bootstrap: str, mongo_uri: str) -> AsyncIterator[Supervision]:
    async for service in started_supervision(kafka_bootstrap, mongo_uri):
        yield service


def ids(*events: dict[str, Any]) -> list[str]:
    return [e["event_id"] for e in events]


async def alert_of(supervision: Supervision, region: str, rule: str, count: int = 1) -> list[Document]:
    async def found() -> list[Document] | None:
        alerts = await supervision.alerts(pooling_region_code=region, rule=rule)
        return alerts if len(alerts) >= count else None

    return await eventually(found, what=f"{rule} raised")


def certification(
    settings: Any,
    region: str,
    village: str,
    *,
    resident: str,
    method: int,
    agent: str = "",
    at: datetime,
    position: tuple[int, int] = (0, 0),
) -> dict[str, Any]:
    passed = verification_events.CertificationPassed(
        certification=verification_pb2.Certification(
            certification_id=f"C-{uuid.uuid4().hex[:12]}",
            resident_id=resident,
            method=method,  # type: ignore[arg-type]
            certified_on=to_calendar_date(at.date()),
            certified_at=to_timestamp(at),
            agent_id=agent,
            position=types_pb2.GeoPoint(latitude_e6=position[0], longitude_e6=position[1]),
            village_code=village,
        ),
        pooling_region_code=region,
    )
    return event(settings.topic_verification_resident, passed, resident)


async def test_certification_rules_with_the_region_s_own_thresholds(
    supervision: Supervision, kafka_bootstrap: str
) -> None:
    settings = supervision.settings
    region = random_region(4)
    village = f"{region}001001"
    # The region lowers the burst threshold to 3 certifications in 10 minutes (demo: 10).
    policy = demo_policy(region, datetime(2026, 1, 1, tzinfo=UTC))
    own = replace(policy, supervision=replace(policy.supervision, burst_certifications=3))
    await publish(
        kafka_bootstrap,
        [event(settings.topic_enrolment_region, enrolment_events.PolicyChanged(policy=policy_message(own)), region)],
    )

    async def policy_heard() -> Document | None:
        return await supervision.database["policies"].find_one({"pooling_region_code": region})

    await eventually(policy_heard, what="the region's policy heard")

    agent = f"agent-{uuid.uuid4().hex[:6]}"
    start = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    far = (33_100_000, 114_000_000)  # about 11 km north of the village
    visits = [
        certification(
            settings,
            region,
            village,
            resident=f"R-{n}-{uuid.uuid4().hex[:6]}",
            method=verification_pb2.CERTIFICATION_METHOD_AGENT_VISIT,
            agent=agent,
            at=start + timedelta(minutes=2 * n),
            position=far if n == 0 else (33_000_100, 114_000_000),
        )
        for n in range(3)
    ]
    await publish(kafka_bootstrap, visits)
    (burst,) = await alert_of(supervision, region, "CERTIFICATION_BURST")
    assert sorted(e["event_id"] for e in burst["evidence"]) == sorted(ids(*visits))
    assert burst["agent_ids"] == [agent] and "3 people" in burst["reason_en"]

    # The village's position is heard after the visits: the far one is found then.
    registered = enrolment_events.VillageRegistered(
        village=enrolment_pb2.Village(
            village_code=village,
            name="李庄村",
            pooling_region_code=region,
            position=types_pb2.GeoPoint(latitude_e6=33_000_000, longitude_e6=114_000_000),
        )
    )
    await publish(kafka_bootstrap, [event(settings.topic_enrolment_region, registered, region)])
    (far_alert,) = await alert_of(supervision, region, "CERTIFICATION_FAR_FROM_VILLAGE")
    assert [e["event_id"] for e in far_alert["evidence"]] == ids(visits[0])
    assert "11.1 km" in far_alert["reason_en"]

    # A visit heard after the village is judged at once; judged visits leave the village's waiting list.
    later = certification(
        settings,
        region,
        village,
        resident="R-later",
        method=verification_pb2.CERTIFICATION_METHOD_AGENT_VISIT,
        agent=agent,
        at=start + timedelta(hours=3),
        position=far,
    )
    await publish(kafka_bootstrap, [later])
    alerts = await alert_of(supervision, region, "CERTIFICATION_FAR_FROM_VILLAGE", count=2)
    assert sorted(a["evidence"][0]["event_id"] for a in alerts) == sorted(ids(visits[0], later))

    async def nothing_waits() -> bool:
        facts = await supervision.facts(f"village:{village}")
        return facts is not None and facts["certifications"] == []

    await eventually(nothing_waits, what="the village's waiting list emptied")


async def test_a_centenarian_certified_only_by_data_is_found_when_the_birth_date_comes_last(
    supervision: Supervision, kafka_bootstrap: str
) -> None:
    settings = supervision.settings
    region = random_region(4)
    village = f"{region}001001"
    resident = f"R-{uuid.uuid4().hex[:10]}"
    data = certification(
        settings,
        region,
        village,
        resident=resident,
        method=verification_pb2.CERTIFICATION_METHOD_DATA,
        at=datetime(2026, 3, 2, 2, 0, tzinfo=UTC),
    )
    await publish(kafka_bootstrap, [data])

    async def certification_heard() -> Document | None:
        return await supervision.facts(f"resident:{resident}")

    await eventually(certification_heard, what="the certification recorded")
    assert await supervision.alerts(pooling_region_code=region) == []
    enrolled = enrolment_events.ResidentEnrolled(
        resident_id=resident,
        pooling_region_code=region,
        village_code=village,
        birth_date=to_calendar_date(date(1924, 2, 1)),
    )
    await publish(kafka_bootstrap, [event(settings.topic_enrolment_resident, enrolled, resident)])
    (alert,) = await alert_of(supervision, region, "CENTENARIAN_WEAK_CERTIFICATION")
    assert [e["event_id"] for e in alert["evidence"]] == ids(data)
    assert "aged 102" in alert["reason_en"]


async def test_enrolment_s_refusals_cash_and_payroll_totals_raise_their_alerts(
    supervision: Supervision, kafka_bootstrap: str
) -> None:
    settings = supervision.settings
    region = random_region(4)
    village = f"{region}001001"
    cash = enrolment_events.AgentCashOverdue(
        pooling_region_code=region,
        agent_id="agent-3",
        as_of=to_calendar_date(date(2026, 3, 5)),
        overdue_fen=120_000,
        oldest_collected_on=to_calendar_date(date(2026, 3, 1)),
        days_outstanding=4,
        settlement_days=1,
        receipt_numbers=["RC-1", "RC-2"],
    )
    employee = enrolment_events.EmployeePensionEnrolmentRefused(
        pooling_region_code=region,
        citizen_id_masked="4117**********123X",
        name_masked="张*明",
        attempted_village_code=village,
        attempted_by_agent_id="agent-3",
        registry_source="employees-2026-03",
    )
    duplicate = enrolment_events.DuplicateEnrolmentRefused(
        existing_resident_id="R-existing",
        citizen_id_masked="4117**********456X",
        attempted_village_code=f"{region}001002",
        attempted_by_agent_id="agent-3",
        existing_village_code=village,
        pooling_region_code=region,
    )
    receipt = verification_events.DuplicateReceiptFound(
        resident_id="R-double",
        from_month=types_pb2.YearMonth(year=2026, month=2),
        scheme_ref="EMP-7",
        pooling_region_code=region,
    )
    run_id = f"run-{uuid.uuid4().hex[:8]}"
    month = types_pb2.YearMonth(year=2026, month=3)
    exported = payout_events.PayrollExported(
        pooling_region_code=region, payroll_run_id=run_id, month=month, record_count=2, total_fen=34_600
    )
    returned = payout_events.BankReturnImported(
        pooling_region_code=region,
        payroll_run_id=run_id,
        month=month,
        batch=payout_pb2.BankBatch(batch_id="B1", paid_fen=17_300, failed_fen=0),
    )
    closed = payout_events.PayrollClosed(
        payroll=payout_pb2.PayrollRun(
            payroll_run_id=run_id, pooling_region_code=region, month=month, paid_fen=17_300, failed_fen=0
        )
    )
    published = [
        event(settings.topic_enrolment_region, cash, region),
        event(settings.topic_enrolment_region, employee, region),
        event(settings.topic_enrolment_resident, duplicate, "R-existing"),
        event(settings.topic_verification_resident, receipt, "R-double"),
        event(settings.topic_payout_region, exported, region),
        event(settings.topic_payout_region, returned, region),
        event(settings.topic_payout_region, closed, region),
    ]
    await publish(kafka_bootstrap, published)
    expected = {
        "CASH_NOT_DEPOSITED": ids(published[0]),
        "EMPLOYEE_PENSION_ENROLMENT": ids(published[1]),
        "DUPLICATE_ENROLMENT": ids(published[2]),
        "DUPLICATE_RECEIPT": ids(published[3]),
        "PAYROLL_NOT_RECONCILED": ids(*published[4:]),
    }
    for rule, evidence in expected.items():
        (alert,) = await alert_of(supervision, region, rule)
        assert [e["event_id"] for e in alert["evidence"]] == evidence, rule
    (cash_alert,) = await supervision.alerts(pooling_region_code=region, rule="CASH_NOT_DEPOSITED")
    assert cash_alert["amount_fen"] == 120_000 and cash_alert["agent_ids"] == ["agent-3"]
    (payroll_alert,) = await supervision.alerts(pooling_region_code=region, rule="PAYROLL_NOT_RECONCILED")
    assert payroll_alert["amount_fen"] == 17_300 and "346.00" in payroll_alert["reason_en"]
