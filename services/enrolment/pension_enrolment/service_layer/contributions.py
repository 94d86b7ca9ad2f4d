"""Contributions and the individual account: record, reverse, list, account, annual statement, transfers in and out."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final, Protocol, TypeVar

from google.protobuf.message import Message

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2, events_pb2
from pension_enrolment.adapters.account_documents import (
    account_of,
    contribution_record,
    entry_document,
    ledger_entry,
    recorded_contribution_document,
)
from pension_enrolment.adapters.event_messages import contribution_fields, entry_message
from pension_enrolment.adapters.residents import RESIDENTS, ResidentRepository
from pension_enrolment.domain.account import (
    AccountEntryKind,
    AnnualStatement,
    LedgerEntry,
    annual_statement,
    balance,
    debit_entry,
    ledger_contribution_years,
    transfer_in_entry,
)
from pension_enrolment.domain.contributions import (
    ContributionChannel,
    ContributionKind,
    ContributionRecord,
    Planned,
    arrears_contribution_id,
    plan_arrears,
    plan_collective_contribution,
    plan_own_contribution,
    plan_reversal,
)
from pension_enrolment.service_layer import PRODUCER, resident_not_found
from pension_enrolment.service_layer.policy import PolicyService
from pension_kit.clock import now_to_millisecond, today_in_china
from pension_kit.errors import (
    Aborted,
    AlreadyExists,
    DomainError,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
)
from pension_kit.identifiers import division_code_of_pooling_region
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document
from pension_kit.outbox import NotifyRelay
from pension_kit.protoconv import to_calendar_date
from pension_kit.text import (
    ID_MAX,
    IDENTIFIER_MAX,
    REASON_MAX,
    RECEIPT_NUMBER_MAX,
    REFERENCE_MAX,
    REQUEST_ID_MAX,
    check_free_text,
    check_items,
    check_length,
)
from pension_kit.unit_of_work import Decision, UnitOfWork, VersionedRepository

T = TypeVar("T")
# (agent id, receipt number, resident id): raises when the agent issued the number to someone else.
ReceiptNumberCheck = Callable[[str, str, str], Awaitable[None]]


class RequestIdClaims(Protocol):
    """Which resident each contribution request id is for (adapters.contribution_requests)."""

    async def claim(self, request_id: str, resident_id: str) -> bool: ...


CONTRIBUTING_ROLES: Final = (Role.VILLAGE_AGENT, Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER)
REVERSING_ROLES: Final = (Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER)
ACCOUNT_READING_ROLES: Final = (*CONTRIBUTING_ROLES, Role.COUNTY_APPROVER, Role.AUDITOR, Role.HOTLINE, Role.SYSTEM)
TRANSFER_ROLES: Final = (Role.COUNTY_OFFICER, Role.SYSTEM)
# What a request may record; paid on behalf comes only from the county's posting run, legacy data only from the
# import.
RECORDABLE_KINDS: Final = frozenset({ContributionKind.OWN, ContributionKind.ARREARS, ContributionKind.COLLECTIVE})
PAYING_CHANNELS: Final = frozenset(
    {ContributionChannel.CASH, ContributionChannel.BANK_WITHHOLDING, ContributionChannel.ONLINE}
)
ACTIVE: Final = enrolment_pb2.ENROLMENT_STATUS_ACTIVE
# Calendar years a transfer may bring: more than a lifetime of contributions.
MAX_TRANSFERRED_YEARS: Final = 100


# --- the events -------------------------------------------------------------------------------------------


def contribution_recorded(
    resident: Document,
    record: ContributionRecord,
    entries: Sequence[LedgerEntry],
    *,
    balance_after_fen: int,
    contributed_years: int,
    posted_at: datetime,
) -> events_pb2.ContributionRecorded:
    return events_pb2.ContributionRecorded(
        resident_id=resident["_id"],
        **contribution_fields(record),
        entries=[entry_message(resident["_id"], entry, posted_at) for entry in entries],
        balance_after_fen=balance_after_fen,
        contributed_years=contributed_years,
        village_code=resident["village_code"],
        pooling_region_code=resident["pooling_region_code"],
        batch_id=record.batch_id,  # the contract's name for the posting run
    )


# --- writing one resident: read, decide, write if unchanged meanwhile -------------------------------


# A repeated request's answer is read back from the document, so instants are kept to the millisecond.
now = now_to_millisecond


def require_active(resident: Document) -> None:
    if resident["status"] != ACTIVE:
        raise FailedPrecondition(
            "ENROLMENT_TERMINATED",
            "the enrolment has ended; its account takes no more contributions or transfers",
            field="resident_id",
            message_zh="该参保人已终止参保，不能办理此业务",
        )


def posted(entries: Iterable[LedgerEntry], at: datetime) -> list[Document]:
    """Ledger entries as stored, with the moment they were posted."""
    return [{**entry_document(entry), "posted_at": at} for entry in entries]


def _history_names_its_event(update: Document, events: list[dict[str, Any]]) -> None:
    """The history line a change pushes names the event that announced it."""
    history = update.get("$push", {}).get("history")
    if history is not None and events:
        history["event_id"] = events[0]["event_id"]


def _resident_kept_changing() -> DomainError:
    return Aborted(
        "CONCURRENT_CHANGE",
        "the resident kept changing while this change was made; try again",
        field="resident_id",
        message_zh="该参保人信息正被他人修改，请重试",
    )


def resident_unit_of_work(residents: VersionedRepository, topic: str, notify_relay: NotifyRelay) -> UnitOfWork:
    """The unit of work over residents: events keyed by the resident, a history line naming its event."""
    return UnitOfWork(
        residents,
        RESIDENTS,
        topic,
        PRODUCER,
        notify_relay,
        attempts=5,
        conflict=_resident_kept_changing,
        annotate=_history_names_its_event,
        notify_without_events=True,
    )


@dataclass
class ResidentWriter:
    """The optimistic read-decide-write of one resident (pension_kit.unit_of_work), as the caller may do it.

    The request id is recorded by the write, so a retried request is answered by `repeated` from the stored
    state instead of being applied again; the caller must serve the resident's village.
    """

    residents: VersionedRepository
    topic: str
    notify_relay: NotifyRelay

    async def write(
        self,
        resident_id: str,
        *,
        request_id: str,
        caller: Caller,
        reason: str,
        decide: Callable[[Document], Decision[T]],
        repeated: Callable[[Document], T],
        read: Document | None = None,
    ) -> T:
        return await resident_unit_of_work(self.residents, self.topic, self.notify_relay).write(
            resident_id,
            request_id=request_id,
            actor=caller.user_id,
            reason=reason,
            decide=decide,
            repeated=repeated,
            not_found=lambda: resident_not_found(resident_id),
            # An agent writing to another village's resident is answered as if the id were unknown.
            check=lambda resident: caller.require_resident_found(
                resident_id, resident["village_code"], not_found=lambda: resident_not_found(resident_id)
            ),
            read=read,
        )


# --- results -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PostedContributions:
    """Contributions a request recorded or reversed, the entries it posted, and the balance right after."""

    resident_id: str
    contributions: tuple[ContributionRecord, ...]
    entries: tuple[LedgerEntry, ...]
    balance_fen: int
    posted_at: datetime | None


@dataclass(frozen=True)
class Account:
    resident_id: str
    entries: tuple[LedgerEntry, ...]
    posted_at: dict[str, datetime]
    balance_fen: int
    contribution_years: tuple[int, ...]


@dataclass(frozen=True)
class Statement:
    resident: Document
    statement: AnnualStatement
    posted_at: dict[str, datetime]


@dataclass(frozen=True)
class TransferredIn:
    resident_id: str
    entry: LedgerEntry
    posted_at: datetime | None
    balance_fen: int
    contributed_years: int


@dataclass(frozen=True)
class TransferredOut:
    resident: Document
    balance_fen: int
    contribution_years: tuple[int, ...]


@dataclass(frozen=True)
class ContributionRequest:
    """One contribution as the caller asks for it (RecordContributionRequest)."""

    resident_id: str
    year: int
    kind: int
    channel: int
    grade_fen: int
    collective_fen: int
    receipt_number: str
    agent_id: str
    paid_on: date | None
    payment_ref: str
    reason: str


# --- helpers over the stored account -------------------------------------------------------------------


def _posted_at(resident: Document) -> dict[str, datetime]:
    return {d["entry_id"]: d["posted_at"] for d in resident.get("ledger", []) if d.get("posted_at") is not None}


def _balance_after(resident: Document, entry_ids: set[str]) -> int:
    """The balance right after the last of `entry_ids` was posted (the first answer to a repeated request)."""
    running, after = 0, 0
    for document in resident.get("ledger", []):
        running += document["amount_fen"]
        if document["entry_id"] in entry_ids:
            after = running
    return after


def transferred_years_as_of(resident: Document, as_of: date | None) -> list[int]:
    """Years transferred in by `as_of` (all of them when None); years without a dated transfer always count."""
    transfers = resident.get("transfers_in", [])
    dated = {year for transfer in transfers for year in transfer["contribution_years"]}
    years = {year for year in resident.get("transferred_in_years", []) if year not in dated}
    for transfer in transfers:
        if as_of is None or date.fromisoformat(transfer["transferred_on"]) <= as_of:
            years.update(transfer["contribution_years"])
    return sorted(years)


def _history(kind: int, old_value: str, new_value: str, *, caller: Caller, reason: str, at: datetime) -> Document:
    return {
        "kind": kind,
        "old_value": old_value,
        "new_value": new_value,
        "actor": caller.user_id,
        "reason": reason,
        "changed_at": at,
        "event_id": "",
    }


def _require_request_id(request_id: str) -> None:
    if not request_id:
        raise InvalidArgument("REQUEST_ID_REQUIRED", "request_id is required", field="request_id")
    check_length(request_id, field="request_id", max_length=REQUEST_ID_MAX)


def _check_reason(reason: str) -> str:
    """The reason rides in the event's envelope to every consumer of the topic: no personal number in it."""
    return check_free_text(reason, field="reason", max_length=REASON_MAX)


def _check_reference(reference: str, field: str) -> str:
    # Serials of other parties (a payment, another region's transfer document) are copied exactly and are
    # not searched for personal numbers: one 16-19-digit serial in ten passes the card check, and refusing
    # it would stop recording money that has moved (docs/limits.md).
    return check_length(reference, field=field, max_length=REFERENCE_MAX)


def _require_reason(reason: str) -> str:
    _check_reason(reason)
    if not reason.strip():
        raise InvalidArgument("REASON_REQUIRED", "a reason is required", field="reason", message_zh="请填写办理原因")
    return reason.strip()


def _refuse_interest_credited_after(entries: Sequence[LedgerEntry], paid_on: date) -> None:
    # Money valued in year Y is in the 1 January balance of every later year; once such a later year's interest
    # is credited, a payment valued before it would change an interest already paid, and a recomputation of
    # that year would no longer give the same result.
    credited = [e.year for e in entries if e.kind == AccountEntryKind.INTEREST and e.year > paid_on.year]
    if credited:
        raise FailedPrecondition(
            "INTEREST_ALREADY_CREDITED",
            f"interest for {max(credited)} is already credited; a payment of {paid_on.year} can no longer be valued",
            field="paid_on",
            message_zh="该日期之后年度的利息已记账，不能补记该日期的缴费",
        )


def _transfer_region(code: str, field: str, own_region: str) -> str:
    code = code.strip()
    division_code_of_pooling_region(code, field=field)
    if code == own_region:
        raise InvalidArgument(
            "TRANSFER_WITHIN_REGION",
            "a transfer is between two pooling regions; within one region the resident changes village",
            field=field,
            message_zh="统筹地区内迁移无需转移账户",
        )
    return code


# --- the service -----------------------------------------------------------------------------------------


@dataclass
class ContributionService:
    """Contributions and the individual account of one resident at a time; each write is one update."""

    residents: ResidentRepository
    policies: PolicyService
    topic: str
    notify_relay: NotifyRelay
    # Refuses a cash receipt number the collecting agent already issued to someone else (AgentCashService's check).
    require_receipt_number_free: ReceiptNumberCheck
    request_ids: RequestIdClaims
    today: Callable[[], date] = today_in_china

    @property
    def _writer(self) -> ResidentWriter:
        return ResidentWriter(self.residents, self.topic, self.notify_relay)

    async def _resident(self, resident_id: str, caller: Caller) -> Document:
        check_length(resident_id, field="resident_id", max_length=ID_MAX)
        resident = await self.residents.get(resident_id)
        caller.require_resident_found(
            resident_id,
            None if resident is None else resident["village_code"],
            not_found=lambda: resident_not_found(resident_id),
        )
        assert resident is not None
        return resident

    def _past_or_today(self, day: date | None, field: str) -> date:
        day = day or self.today()
        if day > self.today():
            raise InvalidArgument(f"{field.upper()}_FUTURE", f"{field} is in the future", field=field)
        return day

    # --- contributions ---

    async def record(self, request: ContributionRequest, *, request_id: str, caller: Caller) -> PostedContributions:
        """Records an own, arrears or collective contribution; the request id becomes the contribution id."""
        caller.require_role(*CONTRIBUTING_ROLES)
        _require_request_id(request_id)
        check_length(request.resident_id, field="resident_id", max_length=ID_MAX)
        # A receipt number travels in ContributionRecorded; it is the agency's own numbering, checked like a serial.
        check_length(request.receipt_number, field="receipt_number", max_length=RECEIPT_NUMBER_MAX)
        check_length(request.agent_id, field="agent_id", max_length=ID_MAX)
        _check_reference(request.payment_ref, "payment_ref")
        _check_reason(request.reason)
        if request.kind not in RECORDABLE_KINDS:
            raise InvalidArgument(
                "CONTRIBUTION_KIND_NOT_RECORDABLE",
                "record own, arrears or collective contributions; paid on behalf comes from the county's posting run",
                field="kind",
            )
        if request.channel not in PAYING_CHANNELS:
            raise InvalidArgument(
                "CHANNEL_NOT_ALLOWED", "a contribution is paid in cash, by bank withholding or online", field="channel"
            )
        kind, channel = ContributionKind(request.kind), ContributionChannel(request.channel)
        paid_on = self._past_or_today(request.paid_on, "paid_on")
        if kind == ContributionKind.ARREARS and not request.year:
            raise InvalidArgument("YEAR_REQUIRED", "arrears name the past year they pay for", field="year")
        # An own or collective contribution is for the year it is paid in, so the year may be left out.
        year = request.year or paid_on.year
        resident = await self._resident(request.resident_id, caller)
        agent_id = request.agent_id.strip()
        if caller.role is Role.VILLAGE_AGENT and channel == ContributionChannel.CASH:
            # The agent who collects the cash owes it until deposited, so an agent collects in their own name.
            if agent_id and agent_id != caller.user_id:
                raise PermissionDenied(
                    "AGENT_MISMATCH",
                    "a village agent collects cash in their own name",
                    field="agent_id",
                    message_zh="协办员只能以本人名义收取现金",
                )
            agent_id = caller.user_id
        policy = await self.policies.in_force(resident["pooling_region_code"], paid_on)
        ids = {request_id, arrears_contribution_id(request_id, year)}
        if channel == ContributionChannel.CASH and agent_id and request.receipt_number.strip():
            await self.require_receipt_number_free(agent_id, request.receipt_number.strip(), resident["_id"])
        # The id is bound to the resident even if the write below refuses: only that resident's request, retried,
        # may use it again (a contribution's id names one contribution in every service's records).
        if not await self.request_ids.claim(request_id, resident["_id"]):
            raise InvalidArgument(
                "REQUEST_ID_REUSED",
                "this request id was used for another resident's contribution; a new contribution takes a new id",
                field="request_id",
            )

        def decide(resident: Document) -> Decision[PostedContributions]:
            require_active(resident)
            if paid_on < date.fromisoformat(resident["enrolled_on"]):
                raise FailedPrecondition(
                    "PAID_BEFORE_ENROLMENT",
                    f"the resident was enrolled on {resident['enrolled_on']}, after {paid_on.isoformat()}",
                    field="paid_on",
                    message_zh="缴费日期早于参保日期",
                )
            contributions, entries, transferred = account_of(resident)
            _refuse_interest_credited_after(entries, paid_on)
            birth_date = date.fromisoformat(resident["birth_date"])
            planned: Sequence[Planned]
            if kind == ContributionKind.OWN:
                planned = [
                    plan_own_contribution(
                        contribution_id=request_id,
                        birth_date=birth_date,
                        contributions=contributions,
                        year=year,
                        grade_fen=request.grade_fen,
                        channel=channel,
                        receipt_number=request.receipt_number,
                        agent_id=agent_id,
                        paid_on=paid_on,
                        policy=policy,
                    )
                ]
            elif kind == ContributionKind.ARREARS:
                planned = plan_arrears(
                    request_id=request_id,
                    birth_date=birth_date,
                    contributions=contributions,
                    transferred_in_years=transferred,
                    years=[year],
                    grade_fen=request.grade_fen,
                    channel=channel,
                    receipt_number=request.receipt_number,
                    agent_id=agent_id,
                    paid_on=paid_on,
                    policy=policy,
                )
            else:
                planned = [
                    plan_collective_contribution(
                        contribution_id=request_id,
                        birth_date=birth_date,
                        contributions=contributions,
                        year=year,
                        collective_fen=request.collective_fen,
                        channel=channel,
                        receipt_number=request.receipt_number,
                        agent_id=agent_id,
                        paid_on=paid_on,
                        policy=policy,
                    )
                ]
            return _contribution_decision(
                resident,
                planned,
                entries,
                transferred,
                recorded_by=caller.user_id,
                payment_ref=request.payment_ref.strip(),
                at=now(),
            )

        def repeated(resident: Document) -> PostedContributions:
            return _recorded_by_request(resident, ids, request_id)

        return await self._writer.write(
            resident["_id"],
            request_id=request_id,
            caller=caller,
            reason=request.reason.strip() or f"{kind.name.lower()} contribution for {year}",
            decide=decide,
            repeated=repeated,
            read=resident,
        )

    async def reverse(
        self, resident_id: str, contribution_id: str, *, reason: str, request_id: str, caller: Caller
    ) -> PostedContributions:
        """Reverses a resident's contribution by compensating entries valued today; the contribution stays listed,
        reversed. The caller names the resident (the officer reverses from the resident's list): the record is
        read by key, where a lookup by the contribution alone would need an index on an array field."""
        caller.require_role(*REVERSING_ROLES)
        _require_request_id(request_id)
        check_length(contribution_id, field="contribution_id", max_length=ID_MAX)
        _check_reason(reason)
        if not reason.strip():
            raise InvalidArgument(
                "REVERSAL_REASON_REQUIRED", "a reversal needs a reason", field="reason", message_zh="请填写冲正原因"
            )
        resident = await self._resident(resident_id, caller)
        if all(c.get("contribution_id") != contribution_id for c in resident.get("contributions", [])):
            raise NotFound(
                "CONTRIBUTION_NOT_FOUND",
                f"no contribution {contribution_id} of resident {resident_id}",
                field="contribution_id",
                message_zh="该参保人没有这条缴费记录",
            )
        on = self.today()

        def decide(resident: Document) -> Decision[PostedContributions]:
            # A terminated enrolment's balance went with a transfer or is the heir's due, as it stood.
            require_active(resident)
            contributions, entries, transferred = account_of(resident)
            record, compensating = plan_reversal(contributions, entries, contribution_id, reason, on=on)
            index = next(i for i, c in enumerate(contributions) if c.contribution_id == contribution_id)
            at = now()
            after = balance(entries) + balance(compensating)
            years = ledger_contribution_years([*entries, *compensating], transferred)
            update: Document = {
                # The record keeps its figures; only its status and reason change. The money is reversed by
                # new ledger entries, never by editing the old ones.
                "$set": {
                    f"contributions.{index}.reversed": True,
                    f"contributions.{index}.reversal_reason": record.reversal_reason,
                    f"contributions.{index}.reversed_by": caller.user_id,
                    f"contributions.{index}.reversed_at": at,
                },
                "$push": {"ledger": {"$each": posted(compensating, at)}},
            }
            event = events_pb2.ContributionReversed(
                resident_id=resident["_id"],
                contribution_id=contribution_id,
                year=record.year,
                kind=types_pb2.ContributionKind.Name(record.kind),
                channel=types_pb2.ContributionChannel.Name(record.channel),
                receipt_number=record.receipt_number,
                agent_id=record.agent_id,
                entries=[entry_message(resident["_id"], entry, at) for entry in compensating],
                balance_after_fen=after,
                contributed_years=len(years),
                pooling_region_code=resident["pooling_region_code"],
            )
            return Decision(update, [event], PostedContributions(resident["_id"], (record,), compensating, after, at))

        def repeated(resident: Document) -> PostedContributions:
            contributions, entries, _ = account_of(resident)
            record = next((c for c in contributions if c.contribution_id == contribution_id), None)
            compensating = tuple(e for e in entries if e.contribution_id == contribution_id and e.reverses_entry_id)
            if record is None or not compensating:
                raise _request_id_reused(request_id)
            ids = {e.entry_id for e in compensating}
            return PostedContributions(
                resident["_id"],
                (record,),
                compensating,
                _balance_after(resident, ids),
                _posted_at(resident).get(compensating[0].entry_id),
            )

        return await self._writer.write(
            resident["_id"],
            request_id=request_id,
            caller=caller,
            reason=reason.strip(),
            decide=decide,
            repeated=repeated,
            read=resident,
        )

    # --- reads ---

    async def contributions(self, resident_id: str, *, caller: Caller) -> tuple[str, list[ContributionRecord]]:
        """Every contribution, reversed ones included, oldest year first (in recording order within a year)."""
        caller.require_role(*ACCOUNT_READING_ROLES)
        resident = await self._resident(resident_id, caller)
        records = [contribution_record(d) for d in resident.get("contributions", [])]
        return resident["_id"], sorted(records, key=lambda record: record.year)

    async def account(self, resident_id: str, as_of: date | None, *, caller: Caller) -> Account:
        """The ledger up to the end of `as_of` (all of it when None), its balance and the contributed years."""
        caller.require_role(*ACCOUNT_READING_ROLES)
        resident = await self._resident(resident_id, caller)
        _, entries, _ = account_of(resident)
        shown = tuple(e for e in entries if as_of is None or e.value_date <= as_of)
        years = ledger_contribution_years(shown, transferred_years_as_of(resident, as_of))
        return Account(resident["_id"], shown, _posted_at(resident), balance(shown), years)

    async def statement(self, resident_id: str, year: int, *, caller: Caller) -> Statement:
        """The annual statement (权益记录单) of a calendar year up to today."""
        caller.require_role(*ACCOUNT_READING_ROLES)
        if not 1900 <= year <= self.today().year:
            raise InvalidArgument("YEAR_INVALID", f"{year} is not a past or current year", field="year")
        resident = await self._resident(resident_id, caller)
        contributions, entries, transferred = account_of(resident)
        return Statement(resident, annual_statement(entries, contributions, year, transferred), _posted_at(resident))

    # --- transfers ---

    async def transfer_in(
        self,
        resident_id: str,
        *,
        from_pooling_region_code: str,
        transfer_reference: str,
        balance_fen: int,
        contribution_years: Sequence[int],
        transferred_on: date | None,
        reason: str,
        request_id: str,
        caller: Caller,
    ) -> TransferredIn:
        """Credits a balance and years brought from another region: a TRANSFER_IN entry; a reference applies once."""
        caller.require_role(*TRANSFER_ROLES)
        _require_request_id(request_id)
        check_length(resident_id, field="resident_id", max_length=ID_MAX)
        check_length(from_pooling_region_code, field="from_pooling_region_code", max_length=IDENTIFIER_MAX)
        check_items(contribution_years, field="contribution_years", max_items=MAX_TRANSFERRED_YEARS)
        reason = _require_reason(reason)
        reference = _check_reference(transfer_reference, "transfer_reference").strip()
        if not reference:
            raise InvalidArgument(
                "TRANSFER_REFERENCE_REQUIRED",
                "the transfer document's reference is required",
                field="transfer_reference",
            )
        on = self._past_or_today(transferred_on, "transferred_on")
        years = sorted(contribution_years)
        if len(set(years)) != len(years):
            raise InvalidArgument("YEAR_REPEATED", "a year is named twice", field="contribution_years")
        if any(not 1900 <= year <= on.year for year in years):
            raise InvalidArgument(
                "CONTRIBUTION_YEAR_INVALID",
                f"transferred years are calendar years up to {on.year}",
                field="contribution_years",
            )

        def decide(resident: Document) -> Decision[TransferredIn]:
            require_active(resident)
            source = _transfer_region(
                from_pooling_region_code, "from_pooling_region_code", resident["pooling_region_code"]
            )
            if any(t["transfer_reference"] == reference for t in resident.get("transfers_in", [])):
                raise AlreadyExists(
                    "TRANSFER_ALREADY_APPLIED",
                    f"transfer {reference} is already credited",
                    field="transfer_reference",
                    message_zh="该转移单已办理转入",
                )
            _, entries, transferred = account_of(resident)
            entry = transfer_in_entry(
                entry_id=f"{resident['_id']}:transfer_in:{reference}",
                amount_fen=balance_fen,
                value_date=on,
                source_ref=reference,
            )
            at = now()
            all_years = sorted({*transferred, *years})
            after = balance(entries) + entry.amount_fen
            counted = len(ledger_contribution_years([*entries, entry], all_years))
            transfer = {
                "request_id": request_id,
                "transfer_reference": reference,
                "from_pooling_region_code": source,
                "balance_fen": balance_fen,
                "contribution_years": years,
                "transferred_on": on.isoformat(),
                "entry_id": entry.entry_id,
            }
            update: Document = {
                "$set": {"transferred_in_years": all_years},
                "$push": {
                    "ledger": {"$each": posted([entry], at)},
                    "transfers_in": transfer,
                    "history": _history(
                        enrolment_pb2.RESIDENT_CHANGE_KIND_TRANSFERRED_IN,
                        "",
                        f"{source} {reference}: {balance_fen} fen, {len(years)} years",
                        caller=caller,
                        reason=reason,
                        at=at,
                    ),
                },
            }
            event = events_pb2.ResidentTransferredIn(
                resident_id=resident["_id"],
                from_pooling_region_code=source,
                transfer_reference=reference,
                balance_fen=balance_fen,
                contribution_years=years,
                entry=entry_message(resident["_id"], entry, at),
                balance_after_fen=after,
                contributed_years=counted,
            )
            return Decision(update, [event], TransferredIn(resident["_id"], entry, at, after, counted))

        def repeated(resident: Document) -> TransferredIn:
            transfer = next((t for t in resident.get("transfers_in", []) if t["request_id"] == request_id), None)
            if transfer is None:
                raise _request_id_reused(request_id)
            stored = next(d for d in resident["ledger"] if d["entry_id"] == transfer["entry_id"])
            _, entries, transferred = account_of(resident)
            return TransferredIn(
                resident["_id"],
                ledger_entry(stored),
                stored.get("posted_at"),
                balance(entries),
                len(ledger_contribution_years(entries, transferred)),
            )

        return await self._writer.write(
            resident_id, request_id=request_id, caller=caller, reason=reason, decide=decide, repeated=repeated
        )

    async def transfer_out(
        self,
        resident_id: str,
        *,
        to_pooling_region_code: str,
        transfer_reference: str,
        transferred_on: date | None,
        reason: str,
        request_id: str,
        caller: Caller,
    ) -> TransferredOut:
        """Sends the whole balance and the years to another region and ends the enrolment, in one update."""
        caller.require_role(*TRANSFER_ROLES)
        _require_request_id(request_id)
        check_length(resident_id, field="resident_id", max_length=ID_MAX)
        check_length(to_pooling_region_code, field="to_pooling_region_code", max_length=IDENTIFIER_MAX)
        reason = _require_reason(reason)
        reference = _check_reference(transfer_reference, "transfer_reference").strip()
        if not reference:
            raise InvalidArgument(
                "TRANSFER_REFERENCE_REQUIRED",
                "the transfer document's reference is required",
                field="transfer_reference",
            )
        on = self._past_or_today(transferred_on, "transferred_on")

        def decide(resident: Document) -> Decision[TransferredOut]:
            require_active(resident)
            target = _transfer_region(to_pooling_region_code, "to_pooling_region_code", resident["pooling_region_code"])
            _, entries, transferred = account_of(resident)
            amount = balance(entries)
            years = ledger_contribution_years(entries, transferred)
            # An empty account still transfers its years; there is just no money to debit.
            debit = (
                debit_entry(
                    entries,
                    entry_id=f"{resident['_id']}:transfer_out:{reference}",
                    kind=AccountEntryKind.TRANSFER_OUT,
                    amount_fen=amount,
                    value_date=on,
                    source_ref=reference,
                )
                if amount > 0
                else None
            )
            at = now()
            cause = enrolment_pb2.TERMINATION_CAUSE_TRANSFER_OUT
            update: Document = {
                "$set": {
                    "status": enrolment_pb2.ENROLMENT_STATUS_TERMINATED,
                    "termination_cause": cause,
                    "terminated_on": on.isoformat(),
                    "date_of_death": None,
                    "transfer_out": {
                        "request_id": request_id,
                        "transfer_reference": reference,
                        "to_pooling_region_code": target,
                        "balance_fen": amount,
                        "contribution_years": list(years),
                        "transferred_on": on.isoformat(),
                    },
                },
                "$push": {
                    "history": _history(
                        enrolment_pb2.RESIDENT_CHANGE_KIND_TERMINATED,
                        "",
                        enrolment_pb2.TerminationCause.Name(cause),
                        caller=caller,
                        reason=reason,
                        at=at,
                    )
                },
            }
            if debit is not None:
                update["$push"]["ledger"] = {"$each": posted([debit], at)}
            event = events_pb2.EnrolmentTerminated(
                resident_id=resident["_id"],
                cause=enrolment_pb2.TerminationCause.Name(cause),
                terminated_on=to_calendar_date(on),
                to_pooling_region_code=target,
                transfer_reference=reference,
                transferred_balance_fen=amount,
                transferred_contribution_years=years,
                transfer_out_entry=entry_message(resident["_id"], debit, at) if debit else None,
                balance_after_fen=0,
                pooling_region_code=resident["pooling_region_code"],
            )
            return Decision(update, [event], TransferredOut(resident, amount, years))

        def repeated(resident: Document) -> TransferredOut:
            transfer = resident.get("transfer_out") or {}
            if transfer.get("request_id") != request_id:
                raise _request_id_reused(request_id)
            return TransferredOut(resident, transfer["balance_fen"], tuple(transfer["contribution_years"]))

        result = await self._writer.write(
            resident_id, request_id=request_id, caller=caller, reason=reason, decide=decide, repeated=repeated
        )
        after = await self.residents.get(result.resident["_id"])
        assert after is not None
        return TransferredOut(after, result.balance_fen, result.contribution_years)


def _request_id_reused(request_id: str) -> AlreadyExists:
    return AlreadyExists(
        "REQUEST_ID_REUSED",
        f"request {request_id} was already used for another change of this resident",
        field="request_id",
    )


def _contribution_decision(
    resident: Document,
    planned: Sequence[Planned],
    entries: Sequence[LedgerEntry],
    transferred: Sequence[int],
    *,
    recorded_by: str,
    payment_ref: str,
    at: datetime,
) -> Decision[PostedContributions]:
    """The update and ContributionRecorded events of planned contributions, each with the balance after it."""
    ledger = list(entries)
    payloads: list[Message] = []
    for record, new_entries in planned:
        ledger.extend(new_entries)
        payloads.append(
            contribution_recorded(
                resident,
                record,
                new_entries,
                balance_after_fen=balance(ledger),
                contributed_years=len(ledger_contribution_years(ledger, transferred)),
                posted_at=at,
            )
        )
    records = tuple(record for record, _ in planned)
    new = tuple(entry for _, new_entries in planned for entry in new_entries)
    update: Document = {
        "$push": {
            "contributions": {
                "$each": [
                    recorded_contribution_document(r, payment_ref=payment_ref, recorded_by=recorded_by, recorded_at=at)
                    for r in records
                ]
            },
            "ledger": {"$each": posted(new, at)},
        }
    }
    return Decision(update, payloads, PostedContributions(resident["_id"], records, new, balance(ledger), at))


def _recorded_by_request(resident: Document, ids: set[str], request_id: str) -> PostedContributions:
    contributions, entries, _ = account_of(resident)
    records = tuple(c for c in contributions if c.contribution_id in ids)
    if not records:
        raise _request_id_reused(request_id)
    new = tuple(e for e in entries if e.contribution_id in ids and not e.reverses_entry_id)
    entry_ids = {e.entry_id for e in new}
    at = _posted_at(resident).get(new[0].entry_id) if new else None
    return PostedContributions(resident["_id"], records, new, _balance_after(resident, entry_ids), at)
