"""The 12333 hotline through the gateway on the real stack (enrolment, payout, verification, supervision, Kafka,
FerretDB): verify a caller by ID number, name and the bank card's last four or the last pension paid; every wrong
answer refused alike; three failures lock the number, also against the right answers, until the lock ends; the
call token reads that one resident; tickets; names masked to the hotline unless the call is verified."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import httpx
import pytest
from county_testkit import (
    APPROVERS,
    OFFICER,
    Pensioner,
    awarded,
    certification,
    enrol_two_pensioners,
    payments_of,
    running_county,
)
from payroll_testkit import pay_whole_month
from pymongo import AsyncMongoClient

from pension.enrolment.v1 import enrolment_service_pb2
from pension.payout.v1 import payout_pb2
from pension_gateway.config import GatewaySettings
from pension_gateway.hotline.verification import CALLER_ATTEMPTS, caller_key
from pension_kit.clock import today_in_china
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role
from pension_kit.masking import mask_name
from pension_kit.protoconv import to_calendar_date
from pension_testkit import DEMO_VILLAGE, InProcessGateway, eventually, new_enrolment, signed, token_for

HOTLINE = Caller("hotline-12333", Role.HOTLINE)
OTHER_HOTLINE = Caller("hotline-12333-b", Role.HOTLINE)
AGENT = Caller("agent-hl", Role.VILLAGE_AGENT, frozenset({DEMO_VILLAGE}))


@dataclass
class Hotline:
    http: httpx.AsyncClient
    settings: GatewaySettings
    pensioner: Pensioner  # awarded, paid this month
    other: Pensioner  # enrolled, never awarded
    last_paid_fen: int
    enrolled: dict[str, Any]  # a resident whose bank card the test knows
    database: Any

    def bearer(self, caller: Caller | str) -> dict[str, str]:
        token = caller if isinstance(caller, str) else token_for(caller)
        return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
async def hotline(kafka_bootstrap: str, mongo_uri: str) -> AsyncIterator[Hotline]:
    async with running_county(kafka_bootstrap, mongo_uri, with_supervision=True) as county:
        other, pensioner = await enrol_two_pensioners(county)
        await eventually(lambda: awarded(county, pensioner, Month(2026, 6)), deadline=60.0, what="awarded")
        this_month = Month.of(today_in_china())
        await pay_whole_month(county.payout, county.region, this_month, officer=OFFICER, approvers=APPROVERS)
        paid = [
            p for p in await payments_of(county, pensioner, this_month) if p.status == payout_pb2.PAYMENT_STATUS_PAID
        ]
        assert paid, "this month's pension was paid"

        async def cycle_started() -> bool:
            try:
                return bool(await certification(county, pensioner))
            except grpc.aio.AioRpcError as error:
                if error.code() is grpc.StatusCode.NOT_FOUND:  # payout's award has not reached verification yet
                    return False
                raise

        await eventually(cycle_started, what="the proof-of-life cycle started")
        body = new_enrolment(name="李秀英")
        body["enrolled_on"] = to_calendar_date(datetime.fromisoformat(body["enrolled_on"]).date())
        await county.enrolment.Enrol(enrolment_service_pb2.EnrolRequest(**body), metadata=signed(AGENT))
        settings = county.services.gateway_settings()
        gateway = InProcessGateway(settings)
        url = await gateway.start()
        client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_uri, tz_aware=True)
        try:
            async with httpx.AsyncClient(base_url=url, timeout=30) as http:
                yield Hotline(
                    http, settings, pensioner, other, paid[-1].amount_fen, body, client[settings.database_name]
                )
        finally:
            await client.close()
            await gateway.stop()


async def verify(
    hotline: Hotline,
    citizen_id: str,
    name: str,
    secret: dict[str, Any],
    *,
    caller: Caller = HOTLINE,
    request_id: str = "",
) -> httpx.Response:
    return await hotline.http.post(
        "/hotline/v1/calls",
        json={
            "request_id": request_id or uuid.uuid4().hex,
            "citizen_id_number": citizen_id,
            "name": name,
            "secret": secret,
        },
        headers=hotline.bearer(caller),
    )


def last4(card: str) -> dict[str, Any]:
    return {"kind": "bank_card_last4", "value": card[-4:]}


def wrong_last4(card: str) -> dict[str, Any]:
    return {"kind": "bank_card_last4", "value": f"{(int(card[-4:]) + 1) % 10000:04d}"}


async def test_a_caller_verified_by_the_last_four_gets_their_name_and_a_call_token_for_them_only(
    hotline: Hotline,
) -> None:
    body = hotline.enrolled
    answer = await verify(hotline, body["citizen_id_number"], "李秀英", last4(body["bank_card_number"]))
    assert answer.status_code == 201, answer.text
    call = answer.json()
    assert call["name"] == "李秀英" and call["call_id"].startswith("CALL-")
    assert call["citizen_id_masked"] != body["citizen_id_number"] and "*" in call["citizen_id_masked"]
    assert body["bank_card_number"] not in answer.text and body["mobile"] not in answer.text
    expires = datetime.fromisoformat(call["expires_at"])
    assert timedelta(minutes=15) <= expires - datetime.now(UTC) <= timedelta(minutes=30)

    resident = await hotline.http.get(
        f"/hotline/v1/residents/{call['resident_id']}", headers=hotline.bearer(call["call_token"])
    )
    assert resident.status_code == 200, resident.text
    assert resident.json()["name"] == "李秀英" and resident.json()["status"] == "active"
    # The same call token names nobody else: another resident's path is refused.
    elsewhere = await hotline.http.get(
        f"/hotline/v1/residents/{hotline.pensioner.resident_id}/account", headers=hotline.bearer(call["call_token"])
    )
    assert elsewhere.status_code == 403 and elsewhere.json()["code"] == "CALLER_NOT_VERIFIED"


async def test_a_pensioner_verified_by_the_last_payment_reads_their_pension_and_a_chinese_summary(
    hotline: Hotline,
) -> None:
    pensioner = hotline.pensioner
    answer = await verify(
        hotline, pensioner.citizen_id, pensioner.name, {"kind": "last_payment_fen", "value": hotline.last_paid_fen}
    )
    assert answer.status_code == 201, answer.text
    call = answer.json()
    assert call["resident_id"] == pensioner.resident_id and call["name"] == pensioner.name
    token = hotline.bearer(call["call_token"])
    base = f"/hotline/v1/residents/{pensioner.resident_id}"

    award = (await hotline.http.get(f"{base}/award", headers=token)).json()
    assert award["status"] == "active" and award["monthly_total_fen"] > 0
    assert sum(line["monthly_fen"] for line in award["lines"]) == award["monthly_total_fen"]
    payments = (await hotline.http.get(f"{base}/payments", headers=token)).json()
    assert payments[-1]["status"] == "paid" and payments[-1]["amount_fen"] == hotline.last_paid_fen
    assert "*" in payments[-1]["bank_account_masked"]
    account = (await hotline.http.get(f"{base}/account", headers=token)).json()
    assert isinstance(account["balance_fen"], int)
    contributions = await hotline.http.get(f"{base}/contributions", headers=token)
    assert contributions.status_code == 200 and isinstance(contributions.json(), list)
    proof = (await hotline.http.get(f"{base}/certification", headers=token)).json()
    assert proof["due_on"] is not None

    summary = (await hotline.http.get(f"{base}/summary", headers=token)).json()
    due = datetime.fromisoformat(proof["due_on"]).date()
    month = Month.of(today_in_china())
    yuan = f"{hotline.last_paid_fen // 100:,}.{hotline.last_paid_fen % 100:02d}"
    assert summary["lines"][0].startswith("参保状态：正常参保")
    assert summary["lines"][1].startswith("账户余额：") and "元" in summary["lines"][1]
    assert summary["lines"][2].startswith("待遇：") and summary["lines"][2].endswith("元/月")
    assert summary["lines"][3] == f"最近发放：{month.year}年{month.month}月 {yuan}元 已到账"
    assert summary["lines"][4] == f"认证到期日：{due.year}年{due.month}月{due.day}日"
    assert summary["monthly_pension_fen"] == award["monthly_total_fen"]
    assert summary["last_payment_status"] == "paid" and summary["certification_due_on"] == proof["due_on"]


async def test_a_wrong_name_a_wrong_secret_and_an_unknown_number_are_refused_alike(hotline: Hotline) -> None:
    pensioner = hotline.pensioner
    wrong_payment = {"kind": "last_payment_fen", "value": hotline.last_paid_fen + 1}
    refusals = [
        await verify(
            hotline, pensioner.citizen_id, "王大锤", {"kind": "last_payment_fen", "value": hotline.last_paid_fen}
        ),
        await verify(hotline, pensioner.citizen_id, pensioner.name, wrong_payment),
        # Never paid: no last payment to name.
        await verify(hotline, hotline.other.citizen_id, hotline.other.name, {"kind": "last_payment_fen", "value": 100}),
        await verify(
            hotline, new_enrolment()["citizen_id_number"], "李秀英", last4(hotline.enrolled["bank_card_number"])
        ),
        await verify(
            hotline, hotline.enrolled["citizen_id_number"], "李秀英", wrong_last4(hotline.enrolled["bank_card_number"])
        ),
    ]
    assert {r.status_code for r in refusals} == {403}
    assert len({r.text for r in refusals}) == 1, "one refusal, whatever was wrong"
    assert refusals[0].json()["code"] == "CALLER_NOT_VERIFIED" and refusals[0].json()["title_zh"]


async def test_three_failures_lock_the_number_for_every_hotline_client_until_the_lock_ends(hotline: Hotline) -> None:
    async def enrolled() -> dict[str, Any]:
        body = new_enrolment(name="赵丽")
        created = await hotline.http.post("/v1/residents", json=body, headers=hotline.bearer(AGENT))
        assert created.status_code == 201, created.text
        return body

    body = await enrolled()
    number, card = body["citizen_id_number"], body["bank_card_number"]
    # Failures counted across hotline clients; a retried request (same request id) counts once.
    first = await verify(hotline, number, "赵丽", wrong_last4(card), request_id="retry-1")
    again = await verify(hotline, number, "赵丽", wrong_last4(card), request_id="retry-1")
    assert first.status_code == again.status_code == 403
    assert (await verify(hotline, number, "赵六", last4(card), caller=OTHER_HOTLINE)).status_code == 403
    assert (await verify(hotline, number, "赵丽", wrong_last4(card))).status_code == 403
    locked = await verify(hotline, number, "赵丽", last4(card))
    assert locked.status_code == 429, locked.text
    assert locked.json()["code"] == "CALLER_LOCKED" and locked.json()["title_zh"]
    assert 0 < int(locked.headers["Retry-After"]) <= hotline.settings.hotline_lock_seconds
    assert (await verify(hotline, number, "赵丽", last4(card), caller=OTHER_HOTLINE)).status_code == 429
    # The key is a keyed hash: the number is nowhere in the store.
    stored = await hotline.database[CALLER_ATTEMPTS].find_one({"_id": caller_key(hotline.settings, number)})
    assert stored is not None and stored["locked"] and number not in str(stored)

    # The lock ends when its time is up (moved to now here, rather than waiting 30 minutes).
    await hotline.database[CALLER_ATTEMPTS].update_one(
        {"_id": caller_key(hotline.settings, number)}, {"$set": {"expires_at": datetime.now(UTC)}}
    )

    async def verified() -> httpx.Response | None:
        answer = await verify(hotline, number, "赵丽", last4(card))
        return answer if answer.status_code == 201 else None

    assert (await eventually(verified, deadline=10.0, what="verified once the lock ended")).json()["name"] == "赵丽"


async def test_simultaneous_guesses_get_no_more_checks_than_the_limit(hotline: Hotline) -> None:
    body = new_enrolment(name="钱多多")
    created = await hotline.http.post("/v1/residents", json=body, headers=hotline.bearer(AGENT))
    assert created.status_code == 201, created.text
    guesses = [
        verify(hotline, body["citizen_id_number"], "钱多多", {"kind": "bank_card_last4", "value": f"{n:04d}"})
        for n in range(10)
        if f"{n:04d}" != body["bank_card_number"][-4:]
    ]
    answers = await asyncio.gather(*guesses)
    statuses = sorted(a.status_code for a in answers)
    assert statuses.count(403) <= hotline.settings.hotline_failures_before_lock
    assert set(statuses) <= {403, 429}
    right = await verify(hotline, body["citizen_id_number"], "钱多多", last4(body["bank_card_number"]))
    assert right.status_code == 429


async def test_the_hotline_sees_names_masked_until_the_call_is_verified(hotline: Hotline) -> None:
    pensioner = hotline.pensioner
    unverified = [
        await hotline.http.post(
            "/v1/residents/lookup", json={"citizen_id_number": pensioner.citizen_id}, headers=hotline.bearer(HOTLINE)
        ),
        await hotline.http.get(f"/v1/residents/{pensioner.resident_id}", headers=hotline.bearer(HOTLINE)),
    ]
    for answer in unverified:
        # The services may refuse an unverified hotline outright (403 CALLER_NOT_VERIFIED); an answer given masks.
        assert pensioner.name not in answer.text, answer.text
        if answer.status_code == 200:
            assert answer.json()["name"] == mask_name(pensioner.name) == answer.json()["name_masked"]
        else:
            assert answer.status_code == 403 and answer.json()["code"] == "CALLER_NOT_VERIFIED", answer.text
    verified_token = token_for(Caller(HOTLINE.user_id, Role.HOTLINE, resident_id=pensioner.resident_id))
    verified = await hotline.http.get(f"/v1/residents/{pensioner.resident_id}", headers=hotline.bearer(verified_token))
    assert verified.json()["name"] == pensioner.name
    # Officers see the name as before.
    officer = await hotline.http.get(f"/v1/residents/{pensioner.resident_id}", headers=hotline.bearer(OFFICER))
    assert officer.json()["name"] == pensioner.name


async def test_an_unverified_hotline_token_reads_nothing_of_a_resident(hotline: Hotline) -> None:
    base = f"/hotline/v1/residents/{hotline.pensioner.resident_id}"
    for path in ("", "/contributions", "/account", "/award", "/payments", "/certification", "/summary"):
        answer = await hotline.http.get(base + path, headers=hotline.bearer(HOTLINE))
        assert answer.status_code == 403 and answer.json()["code"] == "CALLER_NOT_VERIFIED", path
        assert hotline.pensioner.name not in answer.text
    # Another role is refused before anything else; so is an agent trying to verify a caller.
    agent = await hotline.http.get(base + "/summary", headers=hotline.bearer(AGENT))
    assert agent.status_code == 403 and agent.json()["code"] == "ROLE_NOT_ALLOWED"
    posted = await verify(hotline, hotline.pensioner.citizen_id, hotline.pensioner.name, last4("0000"), caller=AGENT)
    assert posted.status_code == 403 and posted.json()["code"] == "ROLE_NOT_ALLOWED"


async def test_tickets_anonymous_and_from_a_verified_call_with_their_status(hotline: Hotline) -> None:
    anonymous = await hotline.http.post(
        "/hotline/v1/tickets",
        json={
            "request_id": uuid.uuid4().hex,
            "kind": "report",
            "subject": "村里有人冒领养老金",
            "pooling_region_code": hotline.pensioner.village_code[:6],
        },
        headers=hotline.bearer(HOTLINE),
    )
    assert anonymous.status_code == 201, anonymous.text
    assert anonymous.json()["channel"] == "hotline" and anonymous.json()["resident_id"] == ""

    pensioner = hotline.pensioner
    call_token = token_for(Caller(HOTLINE.user_id, Role.HOTLINE, resident_id=pensioner.resident_id))
    request = {
        "request_id": uuid.uuid4().hex,
        "kind": "enquiry",
        "subject": "养老金到账时间",
        "complainant_name": pensioner.name,
        "complainant_mobile": "13812345678",
    }
    linked = await hotline.http.post("/hotline/v1/tickets", json=request, headers=hotline.bearer(call_token))
    assert linked.status_code == 201, linked.text
    ticket = linked.json()
    assert ticket["resident_id"] == pensioner.resident_id and ticket["due_on"]
    assert ticket["village_code"] == pensioner.village_code
    assert ticket["complainant_name_masked"] == mask_name(pensioner.name) and "13812345678" not in linked.text
    repeated = await hotline.http.post("/hotline/v1/tickets", json=request, headers=hotline.bearer(call_token))
    assert repeated.json()["ticket_number"] == ticket["ticket_number"]

    status = await hotline.http.get(f"/hotline/v1/tickets/{ticket['ticket_number']}", headers=hotline.bearer(HOTLINE))
    assert status.status_code == 200, status.text
    assert status.json()["status"] == "received" and status.json()["due_on"] == ticket["due_on"]
    assert pensioner.name not in status.text
