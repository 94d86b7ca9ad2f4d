"""Alert rules on the real Kafka and FerretDB: events published to the topics raise alerts with their evidence,
once per facts whatever the deliveries and their order, the rules' state survives a restart of the consumer, and
the alerts are listed, read and dismissed through the servicer by the roles allowed."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import grpc
import pytest
from alert_stack import Supervision, event, started_supervision

from pension.common.v1 import types_pb2
from pension.payout.v1 import events_pb2 as payout_events
from pension.payout.v1 import payout_pb2
from pension.supervision.v1 import events_pb2 as supervision_events
from pension.supervision.v1 import supervision_pb2, supervision_service_pb2, supervision_service_pb2_grpc
from pension.verification.v1 import events_pb2 as verification_events
from pension_kit.events import parse_envelope, unpack_payload
from pension_kit.grpc_client import create_channel
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document
from pension_kit.protoconv import to_calendar_date
from pension_supervision.adapters.audit_repository import ENTRIES
from pension_supervision.config import SupervisionSettings
from pension_testkit import eventually, publish, random_region, signed

AUDITOR = Caller("auditor-7", Role.AUDITOR)
OFFICER = Caller("officer-7", Role.COUNTY_OFFICER)
APPROVER = Caller("approver-7", Role.COUNTY_APPROVER)


@pytest.fixture
async def supervision(kafka_bootstrap: str, mongo_uri: str) -> AsyncIterator[Supervision]:
    async for service in started_supervision(kafka_bootstrap, mongo_uri):
        yield service


def paid(
    settings: SupervisionSettings, resident: str, region: str, month: tuple[int, int], *, token: str, village: str
) -> dict[str, Any]:
    payment = payout_pb2.Payment(
        payment_id=f"{resident}/{month[0]}-{month[1]:02d}",
        resident_id=resident,
        pooling_region_code=region,
        month=types_pb2.YearMonth(year=month[0], month=month[1]),
        amount_fen=17_300,
        bank_account=types_pb2.BankAccountRef(bank_code="ABC", account_masked="6222********1234", account_token=token),
        village_code=village,
    )
    return event(settings.topic_payout_resident, payout_events.PaymentPaid(payment=payment), resident)


def death(settings: SupervisionSettings, resident: str, region: str, died: date) -> dict[str, Any]:
    payload = verification_events.DeathConfirmed(
        resident_id=resident, date_of_death=to_calendar_date(died), pooling_region_code=region
    )
    return event(settings.topic_verification_resident, payload, resident)


async def test_a_payment_after_death_raises_one_alert_with_its_evidence_whatever_the_order_and_deliveries(
    supervision: Supervision, kafka_bootstrap: str
) -> None:
    settings = supervision.settings
    region = random_region(4)
    village = f"{region}001001"
    # Resident A: the death first, then the payment. Resident B: the payment first, then the death.
    a, b = f"R-{uuid.uuid4().hex[:10]}", f"R-{uuid.uuid4().hex[:10]}"
    died_a, paid_a = (
        death(settings, a, region, date(2026, 5, 20)),
        paid(settings, a, region, (2026, 6), token="ta", village=village),
    )
    paid_b, died_b = (
        paid(settings, b, region, (2026, 6), token="tb", village=village),
        death(settings, b, region, date(2026, 5, 20)),
    )
    await publish(kafka_bootstrap, [died_a, paid_a, paid_b])
    await publish(kafka_bootstrap, [died_b])

    async def two_alerts() -> list[Document] | None:
        alerts = await supervision.alerts(pooling_region_code=region)
        return alerts if len(alerts) == 2 else None

    alerts = {tuple(d["resident_ids"]): d for d in await eventually(two_alerts, what="both alerts raised")}
    alert_a = alerts[(a,)]
    assert alert_a["rule"] == "PAYMENT_AFTER_DEATH" and alert_a["status"] == "OPEN"
    assert [e["event_id"] for e in alert_a["evidence"]] == [died_a["event_id"], paid_a["event_id"]]
    assert alert_a["amount_fen"] == 17_300 and "2026-06" in alert_a["reason_en"] and alert_a["reason_zh"]
    assert [e["event_id"] for e in alerts[(b,)]["evidence"]] == [died_b["event_id"], paid_b["event_id"]]

    # The same envelopes again, then another event of the same facts (a second death record for A) and a payment
    # for a month before the death: markers whose arrival in A's facts shows the repeats before them were handled.
    again = death(settings, a, region, date(2026, 5, 21))
    before_death = paid(settings, a, region, (2026, 4), token="ta", village=village)
    await publish(kafka_bootstrap, [paid_a, died_a, paid_a])
    await publish(kafka_bootstrap, [again, before_death])

    # Each marker comes after the repeats on its own topic (same key, same partition, read in order).
    async def markers_heard() -> bool:
        facts = await supervision.facts(f"resident:{a}")
        if facts is None:
            return False
        return len(facts["deaths"]) == 2 and any(p["month"] == "2026-04" for p in facts["payments"])

    await eventually(markers_heard, what="both markers recorded")
    assert len(await supervision.alerts(pooling_region_code=region)) == 2
    facts = await supervision.facts(f"resident:{a}")
    assert facts is not None and len(facts["payments"]) == 2 and len(facts["deaths"]) == 2


async def test_the_rules_state_survives_a_restart_of_the_consumer(
    supervision: Supervision, kafka_bootstrap: str
) -> None:
    settings = supervision.settings
    region = random_region(4)
    token = uuid.uuid4().hex
    first, second = f"R-{uuid.uuid4().hex[:10]}", f"R-{uuid.uuid4().hex[:10]}"
    first_paid = paid(settings, first, region, (2026, 3), token=token, village=f"{region}001001")
    await publish(kafka_bootstrap, [first_paid])

    async def first_heard() -> Document | None:
        return await supervision.facts(f"account:{token}")

    await eventually(first_heard, what="the first payment into the account recorded")
    assert await supervision.alerts(pooling_region_code=region) == []

    await supervision.stop()
    await supervision.start()
    # A resident of another village paid into the same account: with the first, two unrelated people.
    second_paid = paid(settings, second, region, (2026, 3), token=token, village=f"{region}002001")
    await publish(kafka_bootstrap, [second_paid])

    async def raised() -> list[Document] | None:
        return await supervision.alerts(pooling_region_code=region) or None

    (alert,) = await eventually(raised, what="the shared account alert")
    assert alert["rule"] == "SHARED_BANK_ACCOUNT"
    assert sorted(alert["resident_ids"]) == sorted([first, second])
    assert {e["event_id"] for e in alert["evidence"]} == {first_paid["event_id"], second_paid["event_id"]}
    assert "6222********1234" in alert["reason_en"] and token not in alert["reason_en"]


async def test_alerts_are_listed_read_and_dismissed_by_the_roles_allowed(
    supervision: Supervision, kafka_bootstrap: str
) -> None:
    settings = supervision.settings
    region = random_region(4)
    resident = f"R-{uuid.uuid4().hex[:10]}"
    await publish(
        kafka_bootstrap,
        [
            death(settings, resident, region, date(2026, 1, 10)),
            paid(settings, resident, region, (2026, 2), token="t1", village=f"{region}001001"),
            paid(settings, resident, region, (2026, 3), token="t1", village=f"{region}001001"),
        ],
    )

    async def two() -> list[Document] | None:
        alerts = await supervision.alerts(pooling_region_code=region)
        return alerts if len(alerts) == 2 else None

    await eventually(two, what="two alerts")
    assert supervision.runtime is not None
    channel = create_channel(f"127.0.0.1:{supervision.runtime.port}")
    stub = supervision_service_pb2_grpc.SupervisionServiceStub(channel)
    try:
        listing = supervision_service_pb2.ListAlertsRequest(pooling_region_code=region, page_size=1)
        first = await stub.ListAlerts(listing, metadata=signed(AUDITOR), timeout=10)
        assert len(first.alerts) == 1 and first.next_page_token
        listing.page_token = first.next_page_token
        second = await stub.ListAlerts(listing, metadata=signed(APPROVER), timeout=10)
        assert len(second.alerts) == 1 and second.alerts[0].alert_id != first.alerts[0].alert_id
        assert first.alerts[0].raised_at.ToDatetime() >= second.alerts[0].raised_at.ToDatetime()
        alert = first.alerts[0]
        assert alert.rule == supervision_pb2.ALERT_RULE_PAYMENT_AFTER_DEATH and len(alert.evidence) == 2

        with pytest.raises(grpc.aio.AioRpcError) as bad:
            await stub.ListAlerts(
                supervision_service_pb2.ListAlertsRequest(pooling_region_code="41172"), metadata=signed(AUDITOR)
            )
        assert (from_rpc_error(bad.value).reason, from_rpc_error(bad.value).field) == (
            "DIVISION_CODE_FORMAT",
            "pooling_region_code",
        )

        got = await stub.GetAlert(
            supervision_service_pb2.GetAlertRequest(alert_id=alert.alert_id), metadata=signed(AUDITOR), timeout=10
        )
        assert got.alert == alert

        async def refused(caller: Caller, request: supervision_service_pb2.DismissAlertRequest) -> tuple[Any, str]:
            with pytest.raises(grpc.aio.AioRpcError) as error:
                await stub.DismissAlert(request, metadata=signed(caller), timeout=10)
            remote = from_rpc_error(error.value)
            return remote.code, remote.reason

        # A township officer reads the alerts of their villages' region, and no other region's.
        township = Caller("township-1", Role.TOWNSHIP_OFFICER, frozenset({f"{region}001001"}))
        theirs = await stub.ListAlerts(
            supervision_service_pb2.ListAlertsRequest(), metadata=signed(township), timeout=10
        )
        assert {a.alert_id for a in theirs.alerts} == {first.alerts[0].alert_id, second.alerts[0].alert_id}
        elsewhere = Caller("township-2", Role.TOWNSHIP_OFFICER, frozenset({"419999001001"}))
        with pytest.raises(grpc.aio.AioRpcError) as error:
            await stub.ListAlerts(
                supervision_service_pb2.ListAlertsRequest(pooling_region_code=region), metadata=signed(elsewhere)
            )
        assert from_rpc_error(error.value).reason == "REGION_NOT_ASSIGNED"
        with pytest.raises(grpc.aio.AioRpcError) as error:
            await stub.GetAlert(
                supervision_service_pb2.GetAlertRequest(alert_id=alert.alert_id), metadata=signed(elsewhere)
            )
        assert error.value.code() == grpc.StatusCode.NOT_FOUND

        dismiss = supervision_service_pb2.DismissAlertRequest(
            request_id=uuid.uuid4().hex, alert_id=alert.alert_id, reason="paid back by the family on 2026-04-02"
        )
        assert await refused(APPROVER, dismiss) == (grpc.StatusCode.PERMISSION_DENIED, "ROLE_NOT_ALLOWED")
        no_reason = supervision_service_pb2.DismissAlertRequest(request_id="r-2", alert_id=alert.alert_id)
        assert await refused(OFFICER, no_reason) == (grpc.StatusCode.INVALID_ARGUMENT, "REASON_REQUIRED")

        dismissed = await stub.DismissAlert(dismiss, metadata=signed(OFFICER), timeout=10)
        repeated = await stub.DismissAlert(dismiss, metadata=signed(OFFICER), timeout=10)
        assert dismissed.alert.status == supervision_pb2.ALERT_STATUS_DISMISSED
        assert repeated.alert == dismissed.alert and dismissed.alert.dismissal_reason == dismiss.reason
        dismiss.request_id = uuid.uuid4().hex
        assert await refused(AUDITOR, dismiss) == (grpc.StatusCode.FAILED_PRECONDITION, "ALERT_NOT_OPEN")

        (stored,) = await supervision.alerts(_id=alert.alert_id)
        assert stored["version"] == 2 and stored["status"] == "DISMISSED"
        open_only = await stub.ListAlerts(
            supervision_service_pb2.ListAlertsRequest(
                pooling_region_code=region, status=supervision_pb2.ALERT_STATUS_OPEN
            ),
            metadata=signed(AUDITOR),
            timeout=10,
        )
        assert [a.alert_id for a in open_only.alerts] == [second.alerts[0].alert_id]
    finally:
        await channel.close()


async def test_a_raised_alert_is_announced_on_the_supervision_topic(
    supervision: Supervision, kafka_bootstrap: str
) -> None:
    settings = supervision.settings
    region = random_region(4)
    resident = f"R-{uuid.uuid4().hex[:10]}"
    await publish(
        kafka_bootstrap,
        [
            death(settings, resident, region, date(2026, 1, 10)),
            paid(settings, resident, region, (2026, 2), token="t1", village=f"{region}001001"),
        ],
    )

    # The service's own audit consumer reads every topic: the AlertRaised it finds there went through Kafka.
    async def announced() -> Document | None:
        return await supervision.database[ENTRIES].find_one(
            {"event_type": "pension.supervision.v1.AlertRaised", "subject_key": region}
        )

    entry = await eventually(announced, what="AlertRaised on the supervision topic")
    assert entry["topic"] == settings.topic_supervision_region
    envelope = parse_envelope(entry["envelope"])
    raised = unpack_payload(envelope)
    assert isinstance(raised, supervision_events.AlertRaised)
    (stored,) = await supervision.alerts(pooling_region_code=region)
    assert raised.alert.alert_id == stored["_id"] and raised.alert.facts_key == stored["facts_key"]
