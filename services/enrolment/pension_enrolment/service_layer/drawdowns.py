"""Debits of the individual account once payout has paid: the account part of a pension, and the inheritance."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import events_pb2
from pension_enrolment.adapters.account_documents import account_of, ledger_entry
from pension_enrolment.adapters.event_messages import entry_message
from pension_enrolment.adapters.residents import ResidentRepository
from pension_enrolment.domain.account import AccountEntryKind, LedgerEntry, balance, debit_entry
from pension_enrolment.service_layer.contributions import ResidentWriter, now, posted
from pension_kit.clock import today_in_china
from pension_kit.errors import AlreadyExists, InvalidArgument, from_identifier_error
from pension_kit.identifiers import IdentifierError, Month
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document
from pension_kit.outbox import NotifyRelay
from pension_kit.unit_of_work import Decision

# Only payout's events draw the account: nobody debits it by hand.
DRAWING_ROLES: Final = (Role.SYSTEM,)


# --- the rules ------------------------------------------------------------------------------------------


def account_part_fen(amounts: Iterable[types_pb2.BenefitAmount]) -> int:
    """The part of a payment the individual account pays: its amounts paid by that fund (the rest is pooled)."""
    return sum(amount.amount_fen for amount in amounts if amount.fund == types_pb2.FUND_INDIVIDUAL_ACCOUNT)


def month_label(year: int, month: int) -> str:
    """A payroll month as `YYYY-MM` (the kit's Month); a month that does not exist is refused."""
    try:
        return str(Month(year, month))
    except IdentifierError as error:
        raise from_identifier_error(error) from None


def debit_value_date(entries: Sequence[LedgerEntry], paid_on: date) -> date:
    """The day a debit is valued: the day it was paid, but not before 1 January of the last year credited interest.

    Interest for year Y is on the balance of 1 January Y, so a debit valued in Y or later leaves it as it was; a
    payment reported so late that its day falls before that is valued then instead, and every interest already
    credited still recomputes to the same amount.
    """
    credited = [entry.year for entry in entries if entry.kind == AccountEntryKind.INTEREST]
    return max(paid_on, date(max(credited), 1, 1)) if credited else paid_on


def drawdown_entry_id(resident_id: str, payment_id: str) -> str:
    return f"{resident_id}:drawdown:{payment_id}"


def inheritance_entry_id(resident_id: str, inheritance_id: str) -> str:
    return f"{resident_id}:inheritance:{inheritance_id}"


def drawdown_debit(
    entries: Sequence[LedgerEntry], *, resident_id: str, payment_id: str, month: str, amount_fen: int, paid_on: date
) -> LedgerEntry:
    """The PENSION_DRAWDOWN entry of a paid payment's account part; refused if the account does not hold it."""
    return debit_entry(
        entries,
        entry_id=drawdown_entry_id(resident_id, payment_id),
        kind=AccountEntryKind.PENSION_DRAWDOWN,
        amount_fen=amount_fen,
        value_date=debit_value_date(entries, paid_on),
        source_ref=f"{payment_id} for {month}",
    )


def inheritance_debit(
    entries: Sequence[LedgerEntry], *, resident_id: str, inheritance_id: str, amount_fen: int, paid_on: date
) -> LedgerEntry:
    """The INHERITANCE_PAYOUT entry of the balance paid to the heir; refused if the account does not hold it."""
    return debit_entry(
        entries,
        entry_id=inheritance_entry_id(resident_id, inheritance_id),
        kind=AccountEntryKind.INHERITANCE_PAYOUT,
        amount_fen=amount_fen,
        value_date=debit_value_date(entries, paid_on),
        source_ref=inheritance_id,
    )


# --- the service ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Debited:
    """The entry a paid payment or inheritance posted, and the balance right after it."""

    resident_id: str
    entry: LedgerEntry
    posted_at: datetime | None
    balance_fen: int


@dataclass
class DrawdownService:
    """Writes payout's payments into the ledger, once each, with the event announcing each debit.

    There is no "enrolment must be active" guard: a month paid before a death may be paid after it, and the
    inheritance is paid only once the resident has died (and the enrolment ended).
    """

    residents: ResidentRepository
    topic: str
    notify_relay: NotifyRelay
    today: Callable[[], date] = today_in_china

    @property
    def _writer(self) -> ResidentWriter:
        return ResidentWriter(self.residents, self.topic, self.notify_relay)

    async def record_drawdown(
        self,
        resident_id: str,
        *,
        payment_id: str,
        paid_year: int,
        paid_month: int,
        amounts: Iterable[types_pb2.BenefitAmount],
        paid_on: date | None,
        caller: Caller,
    ) -> Debited | None:
        """Debits the account part of a paid payment; None when the pooled fund paid all of it."""
        caller.require_role(*DRAWING_ROLES)
        payment_id = _required(payment_id, "payment_id")
        month = month_label(paid_year, paid_month)
        amount = account_part_fen(amounts)
        if amount == 0:
            return None
        on = paid_on or self.today()
        # Keyed by the payment, not by the event: a payment paid once is drawn once, however often it is announced.
        request_id = f"drawdown:{payment_id}"

        def decide(resident: Document) -> Decision[Debited]:
            _, entries, _ = account_of(resident)
            entry = drawdown_debit(
                entries,
                resident_id=resident["_id"],
                payment_id=payment_id,
                month=month,
                amount_fen=amount,
                paid_on=on,
            )
            at = now()
            after = balance(entries) + entry.amount_fen
            event = events_pb2.AccountDrawdownRecorded(
                resident_id=resident["_id"],
                payment_id=payment_id,
                month=types_pb2.YearMonth(year=paid_year, month=paid_month),
                amount_fen=amount,
                entry=entry_message(resident["_id"], entry, at),
                balance_after_fen=after,
                pooling_region_code=resident["pooling_region_code"],
            )
            update: Document = {"$push": {"ledger": {"$each": posted([entry], at)}}}
            return Decision(update, [event], Debited(resident["_id"], entry, at, after))

        return await self._writer.write(
            resident_id,
            request_id=request_id,
            caller=caller,
            reason=f"pension paid: payment {payment_id} for {month}",
            decide=decide,
            repeated=lambda resident: _debited(resident, drawdown_entry_id(resident["_id"], payment_id), request_id),
        )

    async def record_inheritance_debit(
        self, resident_id: str, *, inheritance_id: str, balance_fen: int, paid_on: date | None, caller: Caller
    ) -> Debited | None:
        """Debits the balance paid out at death (to the heir, and any part offset against an overpayment: both
        leave the account); None when there was nothing left to pay."""
        caller.require_role(*DRAWING_ROLES)
        inheritance_id = _required(inheritance_id, "inheritance_id")
        if balance_fen == 0:
            return None
        on = paid_on or self.today()
        request_id = f"inheritance:{inheritance_id}"

        def decide(resident: Document) -> Decision[Debited]:
            _, entries, _ = account_of(resident)
            entry = inheritance_debit(
                entries, resident_id=resident["_id"], inheritance_id=inheritance_id, amount_fen=balance_fen, paid_on=on
            )
            at = now()
            after = balance(entries) + entry.amount_fen
            event = events_pb2.InheritanceDebitRecorded(
                resident_id=resident["_id"],
                inheritance_id=inheritance_id,
                amount_fen=balance_fen,
                entry=entry_message(resident["_id"], entry, at),
                balance_after_fen=after,
                pooling_region_code=resident["pooling_region_code"],
            )
            update: Document = {"$push": {"ledger": {"$each": posted([entry], at)}}}
            return Decision(update, [event], Debited(resident["_id"], entry, at, after))

        return await self._writer.write(
            resident_id,
            request_id=request_id,
            caller=caller,
            reason=f"inheritance {inheritance_id} paid to the heir",
            decide=decide,
            repeated=lambda resident: _debited(
                resident, inheritance_entry_id(resident["_id"], inheritance_id), request_id
            ),
        )


def _required(value: str, field: str) -> str:
    if not value.strip():
        raise InvalidArgument(f"{field.upper()}_REQUIRED", f"{field} is required", field=field)
    return value.strip()


def _debited(resident: Document, entry_id: str, request_id: str) -> Debited:
    """The answer to a repeated request, read back from the ledger: the entry and the balance right after it."""
    running = 0
    for document in resident.get("ledger", []):
        running += document["amount_fen"]
        if document["entry_id"] == entry_id:
            return Debited(resident["_id"], ledger_entry(document), document.get("posted_at"), running)
    raise AlreadyExists(
        "REQUEST_ID_REUSED",
        f"request {request_id} was already used for another change of this resident",
        field="request_id",
    )
