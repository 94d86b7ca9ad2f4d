"""Drawing the account once payout has paid: the account part only, never below zero, once per payment."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from pension.common.v1 import envelope_pb2, types_pb2
from pension.enrolment.v1 import enrolment_pb2, events_pb2
from pension_enrolment.adapters.account_documents import entry_document
from pension_enrolment.adapters.residents import ResidentRepository
from pension_enrolment.domain.account import AccountEntryKind, LedgerEntry, balance
from pension_enrolment.service_layer.drawdowns import (
    Debited,
    DrawdownService,
    account_part_fen,
    debit_value_date,
    drawdown_debit,
    inheritance_debit,
    month_label,
)
from pension_kit.errors import DomainError
from pension_kit.events import unpack_payload
from pension_kit.identity import SYSTEM_CALLER, Caller, Role
from pension_kit.mongo import Document

K = AccountEntryKind
RESIDENT = "R1"
PAID_ON = date(2026, 7, 10)


def account(*amounts_fen: int, interest_years: tuple[int, ...] = ()) -> list[LedgerEntry]:
    ledger = [
        LedgerEntry(
            f"c{i}:personal_contribution", K.PERSONAL_CONTRIBUTION, fen, date(2020 + i, 3, 1), 2020 + i, f"c{i}"
        )
        for i, fen in enumerate(amounts_fen)
    ]
    ledger += [LedgerEntry(f"{RESIDENT}:interest:{y}", K.INTEREST, 100, date(y, 12, 31), y) for y in interest_years]
    return ledger


def amount(
    fund: types_pb2.Fund,
    fen: int,
    component: types_pb2.BenefitComponent = types_pb2.BENEFIT_COMPONENT_ACCOUNT_PENSION,
) -> types_pb2.BenefitAmount:
    return types_pb2.BenefitAmount(component=component, fund=fund, amount_fen=fen)


# --- the rules ------------------------------------------------------------------------------------------


def test_only_the_amounts_the_individual_account_pays_are_drawn_from_it() -> None:
    amounts = [
        amount(types_pb2.FUND_POOLED, 17_300, types_pb2.BENEFIT_COMPONENT_BASIC_PENSION),
        amount(types_pb2.FUND_INDIVIDUAL_ACCOUNT, 4_000),
        amount(types_pb2.FUND_POOLED, 317),  # the account pension's remainder once the account ran out
        amount(types_pb2.FUND_INDIVIDUAL_ACCOUNT, 8),
    ]
    assert account_part_fen(amounts) == 4_008
    assert account_part_fen([amount(types_pb2.FUND_POOLED, 17_300)]) == 0
    assert account_part_fen([]) == 0


def test_a_drawdown_is_a_negative_entry_naming_the_payment_and_its_month() -> None:
    ledger = account(50_000)
    entry = drawdown_debit(
        ledger, resident_id=RESIDENT, payment_id="P-7", month="2026-06", amount_fen=4_008, paid_on=PAID_ON
    )
    assert (entry.entry_id, entry.kind, entry.amount_fen) == (f"{RESIDENT}:drawdown:P-7", K.PENSION_DRAWDOWN, -4_008)
    assert (entry.value_date, entry.source_ref, entry.year) == (PAID_ON, "P-7 for 2026-06", 0)
    assert balance([*ledger, entry]) == 45_992


def test_the_account_never_goes_below_zero() -> None:
    ledger = account(3_000, 1_000)
    emptied = drawdown_debit(
        ledger, resident_id=RESIDENT, payment_id="P-1", month="2026-06", amount_fen=4_000, paid_on=PAID_ON
    )
    assert balance([*ledger, emptied]) == 0
    with pytest.raises(DomainError) as more_than_held:
        drawdown_debit(
            ledger, resident_id=RESIDENT, payment_id="P-1", month="2026-06", amount_fen=4_001, paid_on=PAID_ON
        )
    with pytest.raises(DomainError) as inheritance_too_large:
        inheritance_debit(ledger, resident_id=RESIDENT, inheritance_id="I-1", amount_fen=4_001, paid_on=PAID_ON)
    with pytest.raises(DomainError) as already_empty:
        drawdown_debit(
            [*ledger, emptied], resident_id=RESIDENT, payment_id="P-2", month="2026-07", amount_fen=1, paid_on=PAID_ON
        )
    for refused in (more_than_held, inheritance_too_large, already_empty):
        assert (refused.value.reason, refused.value.field) == ("ACCOUNT_BALANCE_INSUFFICIENT", "amount_fen")


def test_the_inheritance_takes_the_whole_balance() -> None:
    ledger = account(30_000, 28_000)
    entry = inheritance_debit(ledger, resident_id=RESIDENT, inheritance_id="I-9", amount_fen=58_000, paid_on=PAID_ON)
    assert (entry.entry_id, entry.kind, entry.source_ref) == (
        f"{RESIDENT}:inheritance:I-9",
        K.INHERITANCE_PAYOUT,
        "I-9",
    )
    assert balance([*ledger, entry]) == 0


def test_a_debit_reported_late_is_not_valued_before_a_year_whose_interest_is_credited() -> None:
    # Interest for 2026 was computed on 1 January 2026's balance: a debit valued in 2025 would change it.
    ledger = account(50_000, interest_years=(2025, 2026))
    assert debit_value_date(ledger, date(2025, 11, 30)) == date(2026, 1, 1)
    assert debit_value_date(ledger, date(2026, 3, 5)) == date(2026, 3, 5)
    assert debit_value_date(account(50_000), date(2025, 11, 30)) == date(2025, 11, 30)


@pytest.mark.parametrize(("year", "month"), [(2026, 0), (2026, 13), (0, 0)])
def test_a_month_that_does_not_exist_is_refused(year: int, month: int) -> None:
    with pytest.raises(DomainError) as refused:
        month_label(year, month)
    assert refused.value.reason == "PERIOD_FORMAT"
    assert month_label(2026, 7) == "2026-07"


# --- the service on an in-memory resident -----------------------------------------------------------------


class InMemoryResidents(ResidentRepository):
    """The two calls the writer makes, on one dict per resident, with the events each write carried."""

    def __init__(self, *residents: Document) -> None:
        self.documents = {resident["_id"]: resident for resident in residents}
        self.events: list[dict[str, Any]] = []

    async def get(self, resident_id: str) -> Document | None:
        found = self.documents.get(resident_id)
        return copy.deepcopy(found) if found is not None else None

    async def apply(
        self, resident_id: str, *, expected_version: int, request_id: str, update: Document, events: list[Any]
    ) -> bool:
        resident = self.documents[resident_id]
        if resident["version"] != expected_version or request_id in resident["applied_requests"]:
            return False
        for field, value in update.get("$set", {}).items():
            resident[field] = value
        for field, value in update.get("$push", {}).items():
            resident.setdefault(field, []).extend(value["$each"] if isinstance(value, dict) else [value])
        resident["version"] += 1
        resident["applied_requests"].append(request_id)
        self.events.extend(events)
        return True

    def payloads(self) -> list[Any]:
        return [unpack_payload(envelope_pb2.EventEnvelope.FromString(e["envelope"])) for e in self.events]


def resident(*ledger: LedgerEntry, status: int = enrolment_pb2.ENROLMENT_STATUS_ACTIVE) -> Document:
    return {
        "_id": RESIDENT,
        "village_code": "411723101201",
        "pooling_region_code": "411723",
        "status": status,
        "version": 3,
        "applied_requests": [],
        "ledger": [entry_document(entry) for entry in ledger],
    }


def service(residents: InMemoryResidents) -> DrawdownService:
    return DrawdownService(residents, topic="t", notify_relay=lambda collection, ids: None, today=lambda: PAID_ON)


async def draw(
    drawdowns: DrawdownService, payment_id: str, account_fen: int, caller: Caller = SYSTEM_CALLER
) -> Debited | None:
    return await drawdowns.record_drawdown(
        RESIDENT,
        payment_id=payment_id,
        paid_year=2026,
        paid_month=6,
        amounts=[amount(types_pb2.FUND_POOLED, 17_300), amount(types_pb2.FUND_INDIVIDUAL_ACCOUNT, account_fen)],
        paid_on=PAID_ON,
        caller=caller,
    )


async def test_a_payment_announced_twice_is_drawn_once_and_announced_once() -> None:
    residents = InMemoryResidents(resident(*account(50_000)))
    drawdowns = service(residents)
    first = await draw(drawdowns, "P-1", 4_000)
    again = await draw(drawdowns, "P-1", 4_000)
    assert first is not None and again is not None
    assert first.balance_fen == again.balance_fen == 46_000 and first.entry == again.entry
    assert [d["amount_fen"] for d in residents.documents[RESIDENT]["ledger"]] == [50_000, -4_000]
    [event] = residents.payloads()
    assert isinstance(event, events_pb2.AccountDrawdownRecorded)
    assert (event.payment_id, event.amount_fen, event.balance_after_fen) == ("P-1", 4_000, 46_000)
    assert (event.month.year, event.month.month, event.entry.amount_fen) == (2026, 6, -4_000)


async def test_a_payment_the_pooled_fund_paid_in_full_changes_nothing() -> None:
    residents = InMemoryResidents(resident(*account(50_000)))
    assert await draw(service(residents), "P-1", 0) is None
    assert residents.events == [] and residents.documents[RESIDENT]["version"] == 3


async def test_an_overdrawing_payment_is_refused_and_nothing_is_written() -> None:
    residents = InMemoryResidents(resident(*account(3_000)))
    with pytest.raises(DomainError) as refused:
        await draw(service(residents), "P-1", 3_001)
    assert refused.value.reason == "ACCOUNT_BALANCE_INSUFFICIENT"
    assert residents.events == [] and len(residents.documents[RESIDENT]["ledger"]) == 1


async def test_only_payout_draws_the_account() -> None:
    residents = InMemoryResidents(resident(*account(50_000)))
    with pytest.raises(DomainError) as refused:
        await draw(service(residents), "P-1", 4_000, Caller("officer-1", Role.COUNTY_OFFICER))
    assert refused.value.reason == "ROLE_NOT_ALLOWED"
    assert residents.events == []


async def test_the_inheritance_of_a_deceased_resident_empties_the_account_once() -> None:
    residents = InMemoryResidents(resident(*account(58_000), status=enrolment_pb2.ENROLMENT_STATUS_TERMINATED))
    drawdowns = service(residents)
    for _ in range(2):
        debited = await drawdowns.record_inheritance_debit(
            RESIDENT, inheritance_id="I-1", balance_fen=58_000, paid_on=None, caller=SYSTEM_CALLER
        )
        assert debited is not None and debited.balance_fen == 0 and debited.entry.value_date == PAID_ON
    [event] = residents.payloads()
    assert isinstance(event, events_pb2.InheritanceDebitRecorded)
    assert (event.inheritance_id, event.amount_fen, event.balance_after_fen) == ("I-1", 58_000, 0)
    assert event.entry.kind == enrolment_pb2.ACCOUNT_ENTRY_KIND_INHERITANCE_PAYOUT
