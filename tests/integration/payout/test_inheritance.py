"""The heir's payout on the real database: requested, approved by another officer, paid once, net of overpayments."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from pension.payout.v1 import events_pb2 as payout_events
from pension_kit.errors import DomainError
from pension_kit.events import parse_envelope, unpack_payload
from pension_kit.identifiers import Month, luhn_check_digit, make_citizen_id
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document, create_client, ensure_indexes
from pension_kit.pii import PersonalDataVault, Sealed
from pension_payout.adapters.store import INDEXES, PayoutStore, award_id, case_id, inheritance_id, payment_id
from pension_payout.config import PayoutSettings
from pension_payout.service_layer.inheritance import HeirClaim, InheritanceService
from pension_payout.service_layer.overpayments import OverpaymentService
from pension_testkit import random_region

TODAY = date(2026, 7, 15)
REQUESTER = Caller("officer-1", Role.COUNTY_OFFICER)
OTHER_OFFICER = Caller("officer-2", Role.COUNTY_OFFICER)
APPROVER = Caller("approver-1", Role.COUNTY_APPROVER)
REQUESTER_AS_APPROVER = Caller("officer-1", Role.COUNTY_APPROVER)
HOTLINE = Caller("hotline-1", Role.HOTLINE)
BALANCE_FEN = 1_234_567
OVERPAID_FEN = 20_350
HEIR_ID = make_citizen_id("411723", date(1985, 6, 15), 124)


def card(seed: int) -> str:
    partial = f"62170000{seed:010d}"
    return partial + luhn_check_digit(partial)


HEIR_CARD = card(11)
CORRECTED_CARD = card(12)
DECEASED_CARD = card(13)
CLAIM = HeirClaim(
    name="王小红",
    citizen_id_number=HEIR_ID,
    relationship="女儿",
    bank_card_number=HEIR_CARD,
    bank_code="ICBC",
    bank_name="中国工商银行",
    evidence_ref="DOC-2026-0042",
    reason="亲属申请继承个人账户余额",
)


@dataclass
class Payout:
    database: AsyncDatabase[Document]
    store: PayoutStore
    vault: PersonalDataVault
    overpayments: OverpaymentService
    inheritance: InheritanceService
    region: str


@pytest.fixture
async def payout(ferretdb: Any) -> AsyncIterator[Payout]:
    settings = PayoutSettings(mongo_uri=ferretdb.mongo_uri, mongo_database=f"payout_heirs_{uuid.uuid4().hex[:8]}")
    client = create_client(settings)
    database = client[settings.database_name]
    await ensure_indexes(database, INDEXES)
    store = PayoutStore(database)
    vault = PersonalDataVault.from_settings(settings)

    def notify(collection: str, ids: Any) -> None:
        return None  # no relay here: the events are read from the documents' outboxes

    overpayments = OverpaymentService(
        store, resident_topic=settings.topic_payout_resident, notify_relay=notify, today=lambda: TODAY
    )
    inheritance = InheritanceService(
        store,
        overpayments,
        vault=vault,
        resident_topic=settings.topic_payout_resident,
        notify_relay=notify,
        today=lambda: TODAY,
    )
    yield Payout(database, store, vault, overpayments, inheritance, random_region(4))
    await client.close()


async def seed_resident(payout: Payout, *, deceased: bool = True, balance_fen: int = BALANCE_FEN) -> str:
    """A resident as payout's projection of enrolment's events keeps them."""
    resident_id = f"R{uuid.uuid4().hex[:20].upper()}"
    await payout.store.residents.insert_one(
        {
            "_id": resident_id,
            "pooling_region_code": payout.region,
            "village_code": f"{payout.region}101201",
            "status": "TERMINATED" if deceased else "ENROLLED",
            "termination_cause": 1 if deceased else None,
            "date_of_death": "2026-03-10" if deceased else None,
            "account_balance_fen": balance_fen,
            "bank_account": {
                "bank_code": "ABC",
                "bank_name": "中国农业银行",
                "account_masked": "6217***********0013",
                "account_token": payout.vault.lookup_hash(DECEASED_CARD, purpose="bank_card_number"),
                "sealed_card_number": payout.vault.seal(DECEASED_CARD, purpose="bank_card_number").to_document(),
            },
        }
    )
    return resident_id


async def seed_overpayment(payout: Payout, resident_id: str) -> str:
    """The deceased's award, stopped, with April paid after a March death: an open case of OVERPAID_FEN."""
    award: dict[str, Any] = {
        "_id": award_id(resident_id),
        "resident_id": resident_id,
        "pooling_region_code": payout.region,
        "village_code": f"{payout.region}101201",
        "first_month": "2025-01",
        "status": "STOPPED",
        "suspension": None,
        "stop": {"cause": 1, "from": "2026-04", "date_of_death": "2026-03-10", "cause_event_id": "E-death"},
        "back_pay_pending": [],
        "applied_events": ["E-death"],
        "version": 2,
    }
    await payout.store.awards.insert_one(award)
    await payout.store.payments.insert_one(
        {
            "_id": payment_id(award["_id"], Month(2026, 4)),
            "award_id": award["_id"],
            "resident_id": resident_id,
            "pooling_region_code": payout.region,
            "month": "2026-04",
            "amount_fen": OVERPAID_FEN,
            "status": "PAID",
            "paid_on": "2026-04-05",
        }
    )
    [case] = await payout.overpayments.refresh_for_award(award)
    assert case["balance_due_fen"] == OVERPAID_FEN
    return str(case["_id"])


async def refusal(call: Any) -> tuple[str, str]:
    with pytest.raises(DomainError) as raised:
        await call
    return raised.value.reason, raised.value.field


def payloads(document: dict[str, Any]) -> list[Any]:
    return [unpack_payload(parse_envelope(bytes(entry["envelope"]))) for entry in document.get("outbox", [])]


async def stored(payout: Payout, resident_id: str) -> dict[str, Any] | None:
    return await payout.store.inheritance_payouts.find_one({"_id": inheritance_id(resident_id)})


async def test_the_heir_is_paid_once_net_of_the_overpayment_after_a_failed_transfer(payout: Payout) -> None:
    resident = await seed_resident(payout)
    overpayment = await seed_overpayment(payout, resident)
    requests = payout.inheritance

    requested = await requests.request(resident, CLAIM, request_id="req-1", caller=REQUESTER)
    assert await requests.request(resident, CLAIM, request_id="req-1", caller=REQUESTER) == requested
    assert requested["status"] == "REQUESTED"
    assert requested["balance_fen"] == BALANCE_FEN
    assert requested["overpayment_offset_fen"] == OVERPAID_FEN
    assert requested["net_fen"] == BALANCE_FEN - OVERPAID_FEN
    identifier = requested["_id"]

    # The heir's card and ID number are kept sealed, masked and tokenised, never in the clear.
    document = await stored(payout, resident)
    assert document is not None
    text = repr(document)
    assert HEIR_CARD not in text and HEIR_ID not in text and "王小红" not in text
    assert document["heir"]["citizen_id_masked"] == "4117**********" + HEIR_ID[-4:]
    assert (
        document["heir"]["bank_account"]["account_masked"]
        == HEIR_CARD[:4] + "*" * (len(HEIR_CARD) - 8) + HEIR_CARD[-4:]
    )
    sealed = document["heir"]["bank_account"]["sealed_card_number"]
    assert payout.vault.open(Sealed.from_document(sealed), purpose="bank_card_number") == HEIR_CARD

    assert await refusal(requests.approve(identifier, reason="", request_id="a-0", caller=REQUESTER_AS_APPROVER)) == (
        "INHERITANCE_APPROVER_IS_REQUESTER",
        "approver_id",
    )
    assert await refusal(
        requests.record_result(
            identifier,
            paid=True,
            paid_on=TODAY,
            bank_reference="T1",
            reason="",
            request_id="r-0",
            caller=REQUESTER,
        )
    ) == ("INHERITANCE_NOT_APPROVED", "inheritance_id")
    approved = await requests.approve(identifier, reason="证明齐全", request_id="a-1", caller=APPROVER)
    assert approved["status"] == "APPROVED" and approved["approved_by"] == APPROVER.user_id
    assert await refusal(requests.request(resident, CLAIM, request_id="req-x", caller=OTHER_OFFICER)) == (
        "INHERITANCE_IN_PROGRESS",
        "resident_id",
    )

    failed = await requests.record_result(
        identifier,
        paid=False,
        paid_on=None,
        bank_reference="账户已销户",
        reason="",
        request_id="r-1",
        caller=REQUESTER,
    )
    assert failed["status"] == "FAILED"

    # A new request with the corrected account, approved again, paid.
    corrected = await requests.request(
        resident, replace(CLAIM, bank_card_number=CORRECTED_CARD), request_id="req-2", caller=OTHER_OFFICER
    )
    assert corrected["status"] == "REQUESTED" and corrected["requested_by"] == OTHER_OFFICER.user_id
    assert corrected["heir"]["bank_account"]["account_masked"].endswith(CORRECTED_CARD[-4:])
    await requests.approve(identifier, reason="", request_id="a-2", caller=APPROVER)
    paid = await requests.record_result(
        identifier,
        paid=True,
        paid_on=date(2026, 7, 10),
        bank_reference="ICBC-TX-991",
        reason="",
        request_id="r-2",
        caller=REQUESTER,
    )
    assert paid["status"] == "PAID" and paid["paid_on"] == "2026-07-10"
    again = await requests.record_result(
        identifier,
        paid=True,
        paid_on=date(2026, 7, 10),
        bank_reference="ICBC-TX-991",
        reason="",
        request_id="r-2",
        caller=REQUESTER,
    )
    assert again["status"] == "PAID"

    # The withheld part is recovered against the case, once.
    case = await payout.overpayments.get_case(overpayment, caller=replace(HOTLINE, resident_id=resident))
    assert case["status"] == "RECOVERED" and case["balance_due_fen"] == 0
    assert [(r["amount_fen"], r["method"], r["reference"]) for r in case["recoveries"]] == [
        (OVERPAID_FEN, 3, identifier)
    ]

    # Paid once: neither a second result nor a new request.
    assert await refusal(
        requests.record_result(
            identifier,
            paid=True,
            paid_on=date(2026, 7, 11),
            bank_reference="ICBC-TX-992",
            reason="",
            request_id="r-3",
            caller=REQUESTER,
        )
    ) == ("INHERITANCE_ALREADY_PAID", "inheritance_id")
    assert (await refusal(requests.request(resident, CLAIM, request_id="req-3", caller=REQUESTER)))[0] == (
        "INHERITANCE_ALREADY_PAID"
    )

    document = await stored(payout, resident)
    assert document is not None
    events = payloads(document)
    assert [type(p).__name__ for p in events] == [
        "InheritancePayoutRequested",
        "InheritancePayoutApproved",
        "InheritancePayoutFailed",
        "InheritancePayoutRequested",
        "InheritancePayoutApproved",
        "InheritancePaid",
    ]
    inherited = events[-1]
    assert isinstance(inherited, payout_events.InheritancePaid)
    assert inherited.inheritance.balance_fen == BALANCE_FEN
    assert inherited.inheritance.net_fen == BALANCE_FEN - OVERPAID_FEN
    assert HEIR_CARD not in repr(document["outbox"]) and HEIR_ID not in repr(document["outbox"])
    found = await requests.get(resident_id=resident, caller=replace(HOTLINE, resident_id=resident))
    assert found["_id"] == identifier


@pytest.mark.parametrize(
    ("change", "reason", "field"),
    [
        ({"name": "Wang Xiaohong"}, "NAME_CHARACTERS", "heir_name"),
        (
            {"citizen_id_number": HEIR_ID[:-1] + ("0" if HEIR_ID[-1] != "0" else "1")},
            "CITIZEN_ID_CHECK_CHARACTER",
            "heir_citizen_id_number",
        ),
        (
            {"bank_card_number": HEIR_CARD[:-1] + str((int(HEIR_CARD[-1]) + 1) % 10)},
            "BANK_CARD_CHECKSUM",
            "heir_bank_card_number",
        ),
        ({"bank_card_number": DECEASED_CARD}, "HEIR_ACCOUNT_IS_DECEASEDS", "heir_bank_card_number"),
        ({"bank_code": " "}, "BANK_CODE_REQUIRED", "heir_bank_code"),
        ({"bank_name": ""}, "BANK_NAME_REQUIRED", "heir_bank_name"),
        ({"relationship": ""}, "RELATIONSHIP_REQUIRED", "relationship"),
        ({"evidence_ref": ""}, "EVIDENCE_REQUIRED", "evidence_ref"),
        ({"reason": ""}, "REASON_REQUIRED", "reason"),
    ],
)
async def test_a_request_with_a_wrong_field_is_refused_naming_it_and_nothing_is_written(
    payout: Payout, change: dict[str, str], reason: str, field: str
) -> None:
    resident = await seed_resident(payout)
    refused = await refusal(
        payout.inheritance.request(resident, replace(CLAIM, **change), request_id="q", caller=REQUESTER)
    )
    assert refused == (reason, field)
    assert await stored(payout, resident) is None


async def test_only_a_deceased_residents_balance_is_inherited_and_only_by_an_officers_request(payout: Payout) -> None:
    living = await seed_resident(payout, deceased=False)
    assert await refusal(payout.inheritance.request(living, CLAIM, request_id="q", caller=REQUESTER)) == (
        "INHERITANCE_NOT_DECEASED",
        "resident_id",
    )
    assert await stored(payout, living) is None
    empty = await seed_resident(payout, balance_fen=0)
    assert (await refusal(payout.inheritance.request(empty, CLAIM, request_id="q", caller=REQUESTER)))[0] == (
        "INHERITANCE_NOTHING_TO_PAY"
    )
    deceased = await seed_resident(payout)
    assert (await refusal(payout.inheritance.request(deceased, CLAIM, request_id="q", caller=APPROVER)))[0] == (
        "ROLE_NOT_ALLOWED"
    )
    assert await refusal(payout.inheritance.request("R-NOBODY", CLAIM, request_id="q", caller=REQUESTER)) == (
        "RESIDENT_NOT_FOUND",
        "resident_id",
    )
    assert await stored(payout, deceased) is None


async def test_an_approval_is_refused_when_the_overpayment_changed_since_the_request(payout: Payout) -> None:
    resident = await seed_resident(payout)
    requested = await payout.inheritance.request(resident, CLAIM, request_id="q", caller=REQUESTER)
    assert requested["overpayment_offset_fen"] == 0
    await seed_overpayment(payout, resident)  # a payment after death came back paid meanwhile
    assert await refusal(payout.inheritance.approve(requested["_id"], reason="", request_id="a", caller=APPROVER)) == (
        "INHERITANCE_AMOUNT_CHANGED",
        "inheritance_id",
    )
    unchanged = await stored(payout, resident)
    assert unchanged is not None and unchanged["status"] == "REQUESTED" and unchanged["version"] == 1
    # The request is corrected before anyone approved it; then it is approved with the offset.
    again = await payout.inheritance.request(resident, CLAIM, request_id="q2", caller=REQUESTER)
    assert again["overpayment_offset_fen"] == OVERPAID_FEN
    approved = await payout.inheritance.approve(again["_id"], reason="", request_id="a2", caller=APPROVER)
    assert approved["status"] == "APPROVED"
    assert approved["offsets"] == [{"overpayment_case_id": case_id(resident, 1), "amount_fen": OVERPAID_FEN}]
