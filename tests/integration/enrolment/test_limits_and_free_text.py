"""Enrolment's limits on the real database and broker: long texts, personal numbers in free text and unknown
enum values are refused, naming the field, and nothing is stored or published."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import grpc
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from google.protobuf.message import Message

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2, enrolment_service_pb2, enrolment_service_pb2_grpc
from pension_contracts.policy import policy_message
from pension_kit.clock import today_in_china
from pension_kit.events import parse_envelope
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.identifiers import luhn_check_digit, make_citizen_id
from pension_kit.identity import Caller, Role
from pension_kit.policy import demo_policy
from pension_kit.protoconv import to_calendar_date
from pension_testkit import DEMO_VILLAGE, InProcessServices, eventually, new_enrolment, signed

RESIDENT_TOPIC = "pension.enrolment.resident.v1"
REGION = DEMO_VILLAGE[:6]
LIMITS_DOC = Path(__file__).resolve().parents[3] / "docs" / "limits.md"
OFFICER = Caller("officer-limits", Role.COUNTY_OFFICER)
# CheckCallerIdentity answers the hotline alone; every other request is sent as the officer.
HOTLINE = Caller("hotline-limits", Role.HOTLINE)
CALLER_OF: dict[str, Caller] = {"CheckCallerIdentityRequest": HOTLINE}
AGENT = Caller("agent-limits", Role.VILLAGE_AGENT, frozenset({DEMO_VILLAGE}))
Stub = enrolment_service_pb2_grpc.EnrolmentServiceStub

MOBILE = "13912345678"
CARD = "622848040256489001" + luhn_check_digit("622848040256489001")
CITIZEN_ID = make_citizen_id("411723", date(1956, 3, 2), 123)
# The numbers a person might type into free text, each as the field would receive it.
NUMBERS = {
    "mobile": f"联系电话{MOBILE}",
    "bank card": f"卡号{CARD}",
    "citizen ID": f"photos/{CITIZEN_ID}.jpg",
    "disability certificate": f"残疾证{CITIZEN_ID}41",
}


@dataclass
class Enrolment:
    stub: Stub
    kafka_bootstrap: str


@pytest.fixture
async def enrolment(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[Enrolment]:
    services = await InProcessServices(kafka_broker.bootstrap_servers, ferretdb.mongo_uri).start()
    assert services.enrolment is not None
    yield Enrolment(Stub(services.channel(services.enrolment)), kafka_broker.bootstrap_servers)
    await services.stop()


class TopicFromNow:
    """The records a topic receives from the moment it is opened, as envelopes and raw bytes."""

    def __init__(self, bootstrap: str, topic: str) -> None:
        self._bootstrap = bootstrap
        self._topic = topic
        self._consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
        self.records: list[bytes] = []

    async def __aenter__(self) -> TopicFromNow:
        producer = AIOKafkaProducer(bootstrap_servers=self._bootstrap)
        await producer.start()
        try:
            partitions = [TopicPartition(self._topic, p) for p in await producer.partitions_for(self._topic)]
        finally:
            await producer.stop()
        await self._consumer.start()
        self._consumer.assign(partitions)
        for partition, end in (await self._consumer.end_offsets(partitions)).items():
            self._consumer.seek(partition, end)
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._consumer.stop()

    async def events(self) -> list[tuple[str, str]]:
        """(event type, subject key) of every record so far."""
        for batch in (await self._consumer.getmany(timeout_ms=100)).values():
            self.records.extend(record.value for record in batch if record.value is not None)
        return [(e.event_type, e.subject_key) for e in map(parse_envelope, self.records)]


async def refusal(call: Any) -> tuple[grpc.StatusCode, str, str]:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await call
    error = from_rpc_error(refused.value)
    return error.code, error.reason, error.field


def enrol_request(**overrides: Any) -> enrolment_service_pb2.EnrolRequest:
    body = new_enrolment(**overrides)
    enrolled_on = date.fromisoformat(body.pop("enrolled_on"))
    special_groups = body.pop("special_groups", [])
    return enrolment_service_pb2.EnrolRequest(
        **body, enrolled_on=to_calendar_date(enrolled_on), special_groups=special_groups
    )


def membership(evidence_ref: str = "CDPF-411723-2019-0042", group: int = 1) -> enrolment_pb2.SpecialGroupMembership:
    return enrolment_pb2.SpecialGroupMembership(
        group=group,  # type: ignore[arg-type]
        evidence_ref=evidence_ref,
        effective_from=to_calendar_date(date(2020, 1, 1)),
    )


async def not_stored(stub: Stub, citizen_id_number: str) -> bool:
    request = enrolment_service_pb2.FindResidentByCitizenIdRequest(citizen_id_number=citizen_id_number)
    code, reason, _ = await refusal(stub.FindResidentByCitizenId(request, metadata=signed(OFFICER)))
    return (code, reason) == (grpc.StatusCode.NOT_FOUND, "RESIDENT_NOT_FOUND")


async def read_resident(stub: Stub, resident_id: str) -> enrolment_pb2.Resident:
    request = enrolment_service_pb2.GetResidentRequest(resident_id=resident_id)
    response: enrolment_service_pb2.GetResidentResponse = await stub.GetResident(request, metadata=signed(OFFICER))
    return response.resident


async def published_only(topic: TopicFromNow, expected: list[tuple[str, str]]) -> None:
    """Waits for the expected events, then checks that nothing else reached the topic and no number did."""

    async def arrived() -> bool:
        return sorted(await topic.events()) == sorted(expected) or len(await topic.events()) > len(expected)

    await eventually(arrived, what=f"{expected} published")
    assert sorted(await topic.events()) == sorted(expected)
    for raw in topic.records:
        for number in (MOBILE, CARD, CITIZEN_ID):
            assert number.encode() not in raw


# --- defect 1: the 1.1 MB photo reference ---------------------------------------------------------------


async def test_the_incidents_1_1_mb_photo_reference_is_refused_and_nothing_is_stored_or_published(
    enrolment: Enrolment,
) -> None:
    stub = enrolment.stub
    async with TopicFromNow(enrolment.kafka_bootstrap, RESIDENT_TOPIC) as topic:
        huge = enrol_request(photo_ref="p" * 1_100_000)
        assert await refusal(stub.Enrol(huge, metadata=signed(AGENT))) == (
            grpc.StatusCode.INVALID_ARGUMENT,
            "FIELD_TOO_LONG",
            "photo_ref",
        )
        assert await not_stored(stub, huge.citizen_id_number)
        # A normal enrolment after it is published, and it is the only event.
        sentinel = (await stub.Enrol(enrol_request(), metadata=signed(AGENT))).resident
        await published_only(topic, [("pension.enrolment.v1.ResidentEnrolled", sentinel.resident_id)])


# --- defect 3: personal numbers in free text -------------------------------------------------------------


async def test_each_kind_of_number_in_each_free_text_field_of_an_enrolment_is_refused_and_nothing_leaves(
    enrolment: Enrolment,
) -> None:
    stub = enrolment.stub
    cases: list[tuple[str, str, enrolment_service_pb2.EnrolRequest]] = []
    for kind, text in NUMBERS.items():
        cases.append(("bank_name", kind, enrol_request(bank_name=text)))
        cases.append(("photo_ref", kind, enrol_request(photo_ref=text)))
        cases.append(("special_groups[0].evidence_ref", kind, enrol_request(special_groups=[membership(text)])))
    # A bank code has 16 characters at most: a mobile or a 16-digit card fits, a citizen ID number does not.
    card16 = "622848040256489" + luhn_check_digit("622848040256489")
    cases += [("bank_code", "mobile", enrol_request(bank_code=MOBILE))]
    cases += [("bank_code", "bank card", enrol_request(bank_code=card16))]
    async with TopicFromNow(enrolment.kafka_bootstrap, RESIDENT_TOPIC) as topic:
        for field, kind, request in cases:
            assert await refusal(stub.Enrol(request, metadata=signed(AGENT))) == (
                grpc.StatusCode.INVALID_ARGUMENT,
                "FREE_TEXT_PERSONAL_NUMBER",
                field,
            ), f"{kind} in {field}"
            assert await not_stored(stub, request.citizen_id_number), f"{kind} in {field}"
        sentinel = (await stub.Enrol(enrol_request(), metadata=signed(AGENT))).resident
        await published_only(topic, [("pension.enrolment.v1.ResidentEnrolled", sentinel.resident_id)])
        for raw in topic.records:
            assert card16.encode() not in raw


async def test_numbers_in_the_reasons_and_free_text_of_changes_are_refused_and_change_nothing(
    enrolment: Enrolment,
) -> None:
    stub = enrolment.stub

    def request_id() -> str:
        return uuid.uuid4().hex

    async with TopicFromNow(enrolment.kafka_bootstrap, RESIDENT_TOPIC) as topic:
        rid = (await stub.Enrol(enrol_request(), metadata=signed(AGENT))).resident.resident_id
        resident = await read_resident(stub, rid)
        refused_calls: list[tuple[str, Callable[[], Any]]] = [
            (
                "reason",
                lambda: stub.ChangeMobile(
                    enrolment_service_pb2.ChangeMobileRequest(
                        request_id=request_id(), resident_id=rid, mobile="13900001111", reason=NUMBERS["bank card"]
                    ),
                    metadata=signed(AGENT),
                ),
            ),
            (
                "bank_name",
                lambda: stub.ChangeBankAccount(
                    enrolment_service_pb2.ChangeBankAccountRequest(
                        request_id=request_id(),
                        resident_id=rid,
                        bank_card_number=CARD,
                        bank_code="ABC",
                        bank_name=NUMBERS["mobile"],
                        reason="card lost",
                    ),
                    metadata=signed(AGENT),
                ),
            ),
            (
                "reason",
                lambda: stub.ChangeBankAccount(
                    enrolment_service_pb2.ChangeBankAccountRequest(
                        request_id=request_id(),
                        resident_id=rid,
                        bank_card_number=CARD,
                        bank_code="ABC",
                        bank_name="中国农业银行",
                        reason=f"身份证{CITIZEN_ID}本人办理",
                    ),
                    metadata=signed(AGENT),
                ),
            ),
            (
                "reason",
                lambda: stub.ChangeVillage(
                    enrolment_service_pb2.ChangeVillageRequest(
                        request_id=request_id(), resident_id=rid, village_code=DEMO_VILLAGE, reason=NUMBERS["mobile"]
                    ),
                    metadata=signed(AGENT),
                ),
            ),
            (
                "special_groups[0].evidence_ref",
                lambda: stub.SetSpecialGroups(
                    enrolment_service_pb2.SetSpecialGroupsRequest(
                        request_id=request_id(),
                        resident_id=rid,
                        special_groups=[membership(NUMBERS["disability certificate"])],
                        reason="certificate issued",
                    ),
                    metadata=signed(AGENT),
                ),
            ),
            (
                "reason",
                lambda: stub.TerminateEnrolment(
                    enrolment_service_pb2.TerminateEnrolmentRequest(
                        request_id=request_id(),
                        resident_id=rid,
                        cause=enrolment_pb2.TERMINATION_CAUSE_DEATH,
                        terminated_on=to_calendar_date(date(2026, 3, 2)),
                        date_of_death=to_calendar_date(date(2026, 3, 2)),
                        reason=f"死亡，身份证{CITIZEN_ID}",
                    ),
                    metadata=signed(OFFICER),
                ),
            ),
            (
                "reason",
                lambda: stub.RecordContribution(
                    enrolment_service_pb2.RecordContributionRequest(
                        request_id=request_id(),
                        resident_id=rid,
                        kind=types_pb2.CONTRIBUTION_KIND_OWN,
                        channel=types_pb2.CONTRIBUTION_CHANNEL_CASH,
                        grade_fen=20_000,
                        receipt_number="R-1",
                        reason=NUMBERS["mobile"],
                    ),
                    metadata=signed(AGENT),
                ),
            ),
            (
                "reason",
                lambda: stub.TransferIn(
                    enrolment_service_pb2.TransferInRequest(
                        request_id=request_id(),
                        resident_id=rid,
                        from_pooling_region_code="410122",
                        transfer_reference="ZY-2026-001",
                        balance_fen=100_000,
                        contribution_years=[2020],
                        reason=NUMBERS["bank card"],
                    ),
                    metadata=signed(OFFICER),
                ),
            ),
        ]
        for field, call in refused_calls:
            assert await refusal(call()) == (grpc.StatusCode.INVALID_ARGUMENT, "FREE_TEXT_PERSONAL_NUMBER", field)

        assert await read_resident(stub, rid) == resident
        history = await stub.GetResidentHistory(
            enrolment_service_pb2.GetResidentHistoryRequest(resident_id=rid), metadata=signed(OFFICER)
        )
        assert [c.kind for c in history.changes] == [enrolment_pb2.RESIDENT_CHANGE_KIND_ENROLLED]
        # A change with a clean reason goes through and is published after the enrolment, and nothing else is.
        await stub.ChangeMobile(
            enrolment_service_pb2.ChangeMobileRequest(
                request_id=request_id(), resident_id=rid, mobile="13900001111", reason="换了新手机"
            ),
            metadata=signed(AGENT),
        )
        await published_only(
            topic, [("pension.enrolment.v1.ResidentEnrolled", rid), ("pension.enrolment.v1.MobileChanged", rid)]
        )


# --- defect 2: enum values -------------------------------------------------------------------------------


async def test_enum_numbers_no_enum_defines_are_refused_and_nothing_is_stored(enrolment: Enrolment) -> None:
    stub = enrolment.stub
    invalid = grpc.StatusCode.INVALID_ARGUMENT
    group_99 = enrol_request(special_groups=[membership(group=99)])
    assert await refusal(stub.Enrol(group_99, metadata=signed(AGENT))) == (
        invalid,
        "ENUM_VALUE_UNKNOWN",
        "special_groups[0].group",
    )
    assert await not_stored(stub, group_99.citizen_id_number)

    enrolled = (await stub.Enrol(enrol_request(), metadata=signed(AGENT))).resident
    resident = await read_resident(stub, enrolled.resident_id)
    set_99 = enrolment_service_pb2.SetSpecialGroupsRequest(
        request_id=uuid.uuid4().hex, resident_id=resident.resident_id, special_groups=[membership(group=99)], reason="x"
    )
    assert await refusal(stub.SetSpecialGroups(set_99, metadata=signed(AGENT))) == (
        invalid,
        "ENUM_VALUE_UNKNOWN",
        "special_groups[0].group",
    )
    listing = enrolment_service_pb2.ListVillageResidentsRequest(village_code=DEMO_VILLAGE, status=99)  # type: ignore[arg-type]
    assert await refusal(stub.ListVillageResidents(listing, metadata=signed(OFFICER))) == (
        invalid,
        "ENUM_VALUE_UNKNOWN",
        "status",
    )
    for field in ("kind", "channel"):
        contribution = enrolment_service_pb2.RecordContributionRequest(
            request_id=uuid.uuid4().hex,
            resident_id=resident.resident_id,
            kind=types_pb2.CONTRIBUTION_KIND_OWN,
            channel=types_pb2.CONTRIBUTION_CHANNEL_CASH,
            grade_fen=20_000,
            receipt_number="R-1",
        )
        setattr(contribution, field, 99)
        assert await refusal(stub.RecordContribution(contribution, metadata=signed(AGENT))) == (
            invalid,
            "ENUM_VALUE_UNKNOWN",
            field,
        )
    terminate = enrolment_service_pb2.TerminateEnrolmentRequest(
        request_id=uuid.uuid4().hex,
        resident_id=resident.resident_id,
        cause=99,  # type: ignore[arg-type]
        terminated_on=to_calendar_date(date(2026, 3, 2)),
        reason="x",
    )
    assert await refusal(stub.TerminateEnrolment(terminate, metadata=signed(OFFICER))) == (
        invalid,
        "ENUM_VALUE_UNKNOWN",
        "cause",
    )
    assert await read_resident(stub, resident.resident_id) == resident


# --- defect 1: every limit docs/limits.md gives is the one the service enforces ------------------------


def documented_limits() -> list[tuple[str, str, str, int]]:
    """(request message, field path, "chars" or "entries", limit) of every limit in the EnrolmentService part."""
    text = LIMITS_DOC.read_text().split("## EnrolmentService", 1)[1].split("\n## ", 1)[0]
    limits: list[tuple[str, str, str, int]] = []
    message = ""
    for line in text.splitlines():
        heading = re.match(r"### `(\w+)`", line)
        if heading:
            message = heading.group(1)
        row = re.match(r"\| `([\w.\[\]]+)` \| (\d+)( entries)? \|", line)
        if row and message:
            limits.append((message, row.group(1), "entries" if row.group(3) else "chars", int(row.group(2))))
    return limits


def base_requests() -> dict[str, tuple[str, Callable[[], Message]]]:
    """For each request message, its RPC and a request that passes every check made before its texts'."""
    today = today_in_china()
    rid, req = "R0000000000000000000", "limits-request"
    card = CARD
    return {
        "EnrolRequest": ("Enrol", lambda: enrol_request(special_groups=[membership()])),
        "GetResidentRequest": ("GetResident", lambda: enrolment_service_pb2.GetResidentRequest(resident_id=rid)),
        "FindResidentByCitizenIdRequest": (
            "FindResidentByCitizenId",
            lambda: enrolment_service_pb2.FindResidentByCitizenIdRequest(citizen_id_number=CITIZEN_ID),
        ),
        "CheckCallerIdentityRequest": (
            "CheckCallerIdentity",
            lambda: enrolment_service_pb2.CheckCallerIdentityRequest(
                citizen_id_number=CITIZEN_ID, name="张三", bank_card_last4="1234"
            ),
        ),
        "ListVillageResidentsRequest": (
            "ListVillageResidents",
            lambda: enrolment_service_pb2.ListVillageResidentsRequest(village_code=DEMO_VILLAGE),
        ),
        "GetResidentHistoryRequest": (
            "GetResidentHistory",
            lambda: enrolment_service_pb2.GetResidentHistoryRequest(resident_id=rid),
        ),
        "ChangeMobileRequest": (
            "ChangeMobile",
            lambda: enrolment_service_pb2.ChangeMobileRequest(
                request_id=req, resident_id=rid, mobile="13900001111", reason="x"
            ),
        ),
        "ChangeBankAccountRequest": (
            "ChangeBankAccount",
            lambda: enrolment_service_pb2.ChangeBankAccountRequest(
                request_id=req, resident_id=rid, bank_card_number=card, bank_code="ABC", bank_name="农行", reason="x"
            ),
        ),
        "ChangeVillageRequest": (
            "ChangeVillage",
            lambda: enrolment_service_pb2.ChangeVillageRequest(
                request_id=req, resident_id=rid, village_code=DEMO_VILLAGE, reason="x"
            ),
        ),
        "SetSpecialGroupsRequest": (
            "SetSpecialGroups",
            lambda: enrolment_service_pb2.SetSpecialGroupsRequest(
                request_id=req, resident_id=rid, special_groups=[membership()], reason="x"
            ),
        ),
        "TerminateEnrolmentRequest": (
            "TerminateEnrolment",
            lambda: enrolment_service_pb2.TerminateEnrolmentRequest(
                request_id=req,
                resident_id=rid,
                cause=enrolment_pb2.TERMINATION_CAUSE_DEATH,
                terminated_on=to_calendar_date(today),
                date_of_death=to_calendar_date(today),
                reason="x",
            ),
        ),
        "TransferInRequest": (
            "TransferIn",
            lambda: enrolment_service_pb2.TransferInRequest(
                request_id=req,
                resident_id=rid,
                from_pooling_region_code="410122",
                transfer_reference="ZY-1",
                balance_fen=100,
                contribution_years=[2020],
                reason="x",
            ),
        ),
        "TransferOutRequest": (
            "TransferOut",
            lambda: enrolment_service_pb2.TransferOutRequest(
                request_id=req, resident_id=rid, to_pooling_region_code="410122", transfer_reference="ZY-1", reason="x"
            ),
        ),
        "RecordContributionRequest": (
            "RecordContribution",
            lambda: enrolment_service_pb2.RecordContributionRequest(
                request_id=req,
                resident_id=rid,
                kind=types_pb2.CONTRIBUTION_KIND_OWN,
                channel=types_pb2.CONTRIBUTION_CHANNEL_CASH,
                grade_fen=20_000,
                receipt_number="R-1",
                agent_id="agent-1",
                payment_ref="P-1",
                reason="x",
            ),
        ),
        "ReverseContributionRequest": (
            "ReverseContribution",
            lambda: enrolment_service_pb2.ReverseContributionRequest(
                request_id=req, contribution_id="C-1", reason="x", resident_id=rid
            ),
        ),
        "ListContributionsRequest": (
            "ListContributions",
            lambda: enrolment_service_pb2.ListContributionsRequest(resident_id=rid),
        ),
        "RunPaidOnBehalfBatchRequest": (
            "RunPaidOnBehalfBatch",
            lambda: enrolment_service_pb2.RunPaidOnBehalfBatchRequest(
                request_id=req, pooling_region_code=REGION, year=today.year, paid_on=to_calendar_date(today), reason="x"
            ),
        ),
        "RunYearEndInterestRequest": (
            "RunYearEndInterest",
            lambda: enrolment_service_pb2.RunYearEndInterestRequest(
                request_id=req, pooling_region_code=REGION, year=today.year - 1, reason="x"
            ),
        ),
        "GetAccountRequest": ("GetAccount", lambda: enrolment_service_pb2.GetAccountRequest(resident_id=rid)),
        "GetAnnualStatementRequest": (
            "GetAnnualStatement",
            lambda: enrolment_service_pb2.GetAnnualStatementRequest(resident_id=rid, year=today.year),
        ),
        "RecordCashDepositRequest": (
            "RecordCashDeposit",
            lambda: enrolment_service_pb2.RecordCashDepositRequest(
                request_id=req,
                agent_id="agent-1",
                amount_fen=20_000,
                deposited_on=to_calendar_date(today),
                deposit_slip_ref="SLIP-1",
                receipt_numbers=["R-1"],
                reason="x",
            ),
        ),
        "GetAgentCashOutstandingRequest": (
            "GetAgentCashOutstanding",
            lambda: enrolment_service_pb2.GetAgentCashOutstandingRequest(agent_id="agent-1"),
        ),
        "CheckAgentCashSettlementRequest": (
            "CheckAgentCashSettlement",
            lambda: enrolment_service_pb2.CheckAgentCashSettlementRequest(request_id=req, pooling_region_code=REGION),
        ),
        "GetPolicyRequest": ("GetPolicy", lambda: enrolment_service_pb2.GetPolicyRequest(pooling_region_code=REGION)),
        "ListPolicyVersionsRequest": (
            "ListPolicyVersions",
            lambda: enrolment_service_pb2.ListPolicyVersionsRequest(pooling_region_code=REGION),
        ),
        "LoadVillagesRequest": (
            "LoadVillages",
            lambda: enrolment_service_pb2.LoadVillagesRequest(
                request_id=req,
                pooling_region_code=REGION,
                villages=[
                    enrolment_pb2.Village(
                        village_code=f"{REGION}101201", name="李庄村", township_code="", township_name="城关镇"
                    )
                ],
                reason="x",
            ),
        ),
        "GetVillageRequest": (
            "GetVillage",
            lambda: enrolment_service_pb2.GetVillageRequest(village_code=f"{REGION}101201"),
        ),
        "ChangePolicyRequest": (
            "ChangePolicy",
            lambda: enrolment_service_pb2.ChangePolicyRequest(
                request_id=req, policy=policy_message(demo_policy(REGION, datetime.now(UTC))), reason="x"
            ),
        ),
    }


def over_the_limit(request: Message, path: str, unit: str, limit: int) -> str:
    """Puts one more character (or entry) than `limit` into the field at `path`; returns the field as refused."""
    *parents, last = path.split(".")
    target: Any = request
    for part in parents:
        target = getattr(target, part.removesuffix("[]"))
        if part.endswith("[]"):
            target = target[0]
    name = last.removesuffix("[]")
    if unit == "entries":
        entries = getattr(target, name)
        entries.extend([entries[0]] * limit)
        return path
    if last.endswith("[]"):
        getattr(target, name)[0] = "x" * (limit + 1)
    else:
        setattr(target, name, "x" * (limit + 1))
    return path.replace("[]", "[0]")


async def test_every_limit_in_docs_limits_is_enforced_naming_the_field(enrolment: Enrolment) -> None:
    bases = base_requests()
    limits = documented_limits()
    assert {message for message, *_ in limits} <= set(bases)
    for message, path, unit, limit in limits:
        rpc, base = bases[message]
        request = base()
        field = over_the_limit(request, path, unit, limit)
        reason = "TOO_MANY_ITEMS" if unit == "entries" else "FIELD_TOO_LONG"
        call = getattr(enrolment.stub, rpc)(request, metadata=signed(CALLER_OF.get(message, OFFICER)))
        assert await refusal(call) == (grpc.StatusCode.INVALID_ARGUMENT, reason, field), f"{message}.{path}"
