"""Overpayment cases (多领/冒领): what was paid for months an award does not pay, and what has been recovered."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import date
from typing import Final

from pension_kit.clock import now_to_millisecond, today_in_china
from pension_kit.errors import Aborted, InvalidArgument, NotFound
from pension_kit.events import new_event
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document
from pension_kit.outbox import NotifyRelay, outbox_fields
from pension_kit.paging import page_size as checked_page_size
from pension_kit.text import REASON_MAX, REFERENCE_MAX, mask_free_text
from pension_kit.unit_of_work import Decision, UnitOfWork
from pension_payout.adapters.award_documents import award_state
from pension_payout.adapters.award_reactions import AwardReactions, MongoAwardReactions
from pension_payout.adapters.case_messages import case_closed, case_opened, recovery_recorded
from pension_payout.adapters.overpayment_cases import (
    MongoOverpaymentCases,
    OverpaymentCases,
    case_document,
    case_from_document,
    paid_month,
    payments_fields,
    recovery_document,
    recovery_fields,
)
from pension_payout.adapters.store import OVERPAYMENT_CASES, PayoutStore, case_id, month_of
from pension_payout.domain.overpayment import CASE_STATUSES, RECOVERY_METHODS, Recovery, opened, recovered, refreshed
from pension_payout.domain.payroll import EXPORTED_RUN_STATUSES
from pension_payout.domain.reactions import OverpaymentCause, overpaid_ranges, overpayment_causes
from pension_payout.service_layer import PRODUCER
from pension_payout.service_layer.payroll_records import PayrollRecords, StoredPayroll

log = logging.getLogger(__name__)

ACTOR: Final = "system"
RECOVERING_ROLES: Final = (Role.COUNTY_OFFICER, Role.SYSTEM)
CASE_READING_ROLES: Final = (Role.COUNTY_OFFICER, Role.COUNTY_APPROVER, Role.AUDITOR, Role.HOTLINE, Role.SYSTEM)
# Payments exist for months up to the run being prepared (and back pay before it); an open range of
# unpayable months is searched up to this many months after the current one.
HORIZON_MONTHS: Final = 13
_WRITE_ATTEMPTS: Final = 8
_RECOVERY_ID_NAMESPACE: Final = uuid.UUID("2b0f7d5e-8c1a-4c55-9e0b-5a4d3f7c9e12")


def _refused_not_found(identifier: str) -> NotFound:
    return NotFound(
        "OVERPAYMENT_CASE_NOT_FOUND",
        f"no overpayment case {identifier}",
        field="overpayment_case_id",
        message_zh="多领追回案件不存在",
    )


def _kept_changing(message: str) -> Aborted:
    return Aborted(
        "OVERPAYMENT_CASE_CHANGED", message, field="overpayment_case_id", message_zh="多领追回案件正被他人修改，请重试"
    )


class OverpaymentService:
    """Opens and grows overpayment cases from the payments themselves, and records recoveries against them.

    The cases, awards and payments are read through repositories made from `store` unless given (unit tests
    give in-memory ones and no store).
    """

    def __init__(
        self,
        store: PayoutStore | None,
        *,
        resident_topic: str,
        notify_relay: NotifyRelay,
        today: Callable[[], date] = today_in_china,
        horizon_months: int = HORIZON_MONTHS,
        cases: OverpaymentCases | None = None,
        awards: AwardReactions | None = None,
        payroll: PayrollRecords | None = None,
    ) -> None:
        if cases is None or awards is None or payroll is None:
            if store is None:
                raise TypeError("OverpaymentService needs the store or all of its repositories")
            cases = cases or MongoOverpaymentCases(store.overpayment_cases)
            awards = awards or MongoAwardReactions(store.awards)
            payroll = payroll or StoredPayroll(store, resident_topic=resident_topic, notify_relay=notify_relay)
        self.cases = cases
        self.awards = awards
        self.payroll = payroll
        self.resident_topic = resident_topic
        self.notify_relay = notify_relay
        self.today = today
        self.horizon_months = horizon_months

    def horizon(self) -> Month:
        return Month.of(self.today()).plus_months(self.horizon_months)

    def _unit(self, conflict: str) -> UnitOfWork:
        return UnitOfWork(
            self.cases,
            OVERPAYMENT_CASES,
            self.resident_topic,
            PRODUCER,
            self.notify_relay,
            attempts=_WRITE_ATTEMPTS,
            subject_key=lambda case: str(case["resident_id"]),
            conflict=lambda: _kept_changing(conflict),
        )

    # --- opening and refreshing ------------------------------------------------------------------

    async def _at_the_bank(self, prepared: list[Document]) -> list[str]:
        """Prepared payments whose run has been exported: the bank may still pay them."""
        runs: dict[str, str] = {}
        at_bank = []
        for payment in prepared:
            run = payment["payroll_run_id"]
            if run not in runs:
                runs[run] = await self.payroll.run_status(run) or ""
            if runs[run] in EXPORTED_RUN_STATUSES:
                at_bank.append(payment["_id"])
        return sorted(at_bank)

    async def refresh_for_award_id(self, award_identifier: str) -> None:
        """`refresh_for_award` of a stored award: the payroll's hook when a payment turns PAID for a month its
        award no longer pays (fits PayrollService's `on_paid_when_not_payable`)."""
        award = await self.awards.get(award_identifier)
        if award is not None:
            await self.refresh_for_award(award)

    async def refresh_for_award(self, award: Document) -> list[Document]:
        """Refreshes every case the award's stop or prison terms give rise to; nothing when none applies."""
        cases = []
        for cause in overpayment_causes(award_state(award)):
            case = await self.refresh_case(award, cause)
            if case is not None:
                cases.append(case)
        return cases

    async def refresh_case(self, award: Document, cause: int) -> Document | None:
        """The case of `cause` as the award's payments stand: opened when a payment for an unpayable month is
        PAID, grown when another one is. Writes nothing when nothing changed, so it may be called at will."""
        overpayment = OverpaymentCause(cause)
        identifier = case_id(award["resident_id"], overpayment)
        ranges = overpaid_ranges(award_state(award), overpayment)
        if not ranges:
            # The cause does not apply to this award (a caller's guess): whatever case exists stays as it is.
            return await self.cases.get(identifier)
        first_month = month_of(award, "first_month")
        months = sorted(
            {
                month
                for unpayable in ranges
                for month in unpayable.months(self.horizon())
                if first_month is None or month >= first_month
            }
        )
        found = await self.payroll.payments_of_months(award["_id"], months)
        paid = {payment["_id"]: paid_month(payment) for payment in found if payment["status"] == "PAID"}
        exported = await self._at_the_bank([payment for payment in found if payment["status"] == "PREPARED"])

        async def create() -> Document | None:
            case = opened(
                identifier,
                resident_id=award["resident_id"],
                award_id=award["_id"],
                pooling_region_code=award["pooling_region_code"],
                village_code=award.get("village_code", ""),
                cause=overpayment,
                paid=paid.values(),
                at_bank=exported,
                now=now_to_millisecond(),
            )
            if case is None:
                return {}  # nothing paid for an unpayable month: no case (None would mean "read again")
            document = {**case_document(case), "applied_requests": [], "version": 1}
            # Inserted with its event (the unit of work changes what exists; this makes it exist).
            event = new_event(
                topic=self.resident_topic,
                payload=case_opened(document),
                subject_key=case.resident_id,
                producer=PRODUCER,
                actor=ACTOR,
                reason=f"paid for months the award does not pay ({overpayment.name.lower()})",
            )
            if not await self.cases.insert({**document, **outbox_fields([event])}):
                return None  # opened meanwhile by another refresh: refresh that one
            self.notify_relay(OVERPAYMENT_CASES, [identifier])
            log.info("overpayment case %s opened: %d fen", identifier, case.amount_fen)
            return document

        def decide(stored: Document) -> Decision[Document | None]:
            change = refreshed(case_from_document(stored), paid, exported, ranges, now=now_to_millisecond())
            if change is None:
                return Decision(None, [], stored)
            after = {**stored, **case_document(change.after)}
            payloads = []
            if change.grew:
                # Announced again with its new amount: supervision and the officers see the case grow.
                payloads.append(case_opened(after))
                log.info("overpayment case %s now %d fen", identifier, change.after.amount_fen)
            if change.closed:
                payloads.append(case_closed(after))
            return Decision({"$set": payments_fields(change.after)}, payloads, _written(after, request_id))

        # A refresh is no one's request: each is new, and it writes only when the payments have changed.
        request_id = f"refresh:{uuid.uuid4().hex}"
        case = await self._unit(f"{identifier} kept changing while it was refreshed").write(
            identifier,
            request_id=request_id,
            actor=ACTOR,
            reason="payments for months the award does not pay",
            decide=decide,
            repeated=lambda case: case,
            not_found=lambda: _refused_not_found(identifier),
            create=create,
        )
        return case or None

    # --- recoveries ------------------------------------------------------------------------------

    async def record_recovery(
        self,
        overpayment_case_id: str,
        amount_fen: int,
        method: int,
        recovered_on: date | None,
        reference: str,
        reason: str,
        request_id: str,
        caller: Caller,
    ) -> Document:
        """Records money recovered against a case; the case closes (RECOVERED) when nothing is left due."""
        caller.require_role(*RECOVERING_ROLES)
        if not request_id:
            raise InvalidArgument("REQUEST_ID_REQUIRED", "request_id is required", field="request_id")
        if amount_fen <= 0:
            raise InvalidArgument(
                "RECOVERY_AMOUNT_NOT_POSITIVE",
                f"a recovery is a positive amount of fen, not {amount_fen}",
                field="amount_fen",
                message_zh="追回金额必须大于零",
            )
        if method not in RECOVERY_METHODS:
            raise InvalidArgument(
                "RECOVERY_METHOD_INVALID",
                f"method must be one of {sorted(RECOVERY_METHODS)}, not {method}",
                field="method",
                message_zh="追回方式无效",
            )
        if recovered_on is None:
            raise InvalidArgument(
                "DATE_REQUIRED", "recovered_on is required", field="recovered_on", message_zh="日期必填"
            )
        if recovered_on > self.today():
            raise InvalidArgument(
                "RECOVERED_ON_IN_FUTURE",
                f"recovered_on {recovered_on.isoformat()} is in the future",
                field="recovered_on",
                message_zh="追回日期不能晚于今天",
            )
        # An officer's transcript of a bank's or a receipt's reference, and a note: kept, any personal number masked.
        reference = mask_free_text(reference, field="reference", max_length=REFERENCE_MAX)
        reason = mask_free_text(reason, field="reason", max_length=REASON_MAX)
        if not reference.strip():
            raise InvalidArgument(
                "REFERENCE_REQUIRED",
                "a recovery needs its bank or receipt reference",
                field="reference",
                message_zh="请填写银行或收据凭证号",
            )
        recovery_id = (
            "RC-" + uuid.uuid5(_RECOVERY_ID_NAMESPACE, f"{overpayment_case_id}\x00{request_id}").hex[:16].upper()
        )
        reference, reason = reference.strip(), reason.strip()

        def decide(stored: Document) -> Decision[Document]:
            recovery = Recovery(
                recovery_id=recovery_id,
                amount_fen=amount_fen,
                method=method,
                recovered_on=recovered_on,
                reference=reference,
                reason=reason,
                recorded_by=caller.user_id,
                recorded_at=now_to_millisecond(),
                request_id=request_id,
            )
            change = recovered(case_from_document(stored), recovery)
            after = {**stored, **case_document(change.after)}
            payloads = [recovery_recorded(after)]
            if change.closed:
                payloads.append(case_closed(after))
            update = {"$set": recovery_fields(change.after), "$push": {"recoveries": recovery_document(recovery)}}
            return Decision(update, payloads, _written(after, request_id))

        return await self._unit(
            f"{overpayment_case_id} kept changing; record the recovery again with the same request id"
        ).write(
            overpayment_case_id,
            request_id=request_id,
            actor=caller.user_id,
            # One reason for the envelopes of a write: the note, or the method (closing is said by the event).
            reason=reason or f"recovery by {RECOVERY_METHODS[method].lower()}",
            decide=decide,
            repeated=lambda case: case,
            not_found=lambda: _refused_not_found(overpayment_case_id),
        )

    # --- reading ---------------------------------------------------------------------------------

    async def get_case(self, overpayment_case_id: str, *, caller: Caller) -> Document:
        caller.require_role(*CASE_READING_ROLES)
        case = await self.cases.get(overpayment_case_id)
        # The hotline reads only the cases of the resident whose caller it verified.
        caller.require_resident_found(
            "" if case is None else str(case["resident_id"]),
            None if case is None else str(case.get("village_code", "")),
            not_found=lambda: _refused_not_found(overpayment_case_id),
        )
        assert case is not None
        return case

    async def cases_of_resident(self, resident_id: str) -> list[Document]:
        """A resident's cases, one per cause at most, ordered by id."""
        return await self.cases.of_resident(resident_id)

    async def list_cases(
        self,
        *,
        pooling_region_code: str,
        resident_id: str,
        status: str | None,
        page_size: int,
        page_token: str,
        caller: Caller,
    ) -> tuple[list[Document], str]:
        """One page of a region's or a resident's cases, ordered by id; the token is the last id of the page."""
        caller.require_role(*CASE_READING_ROLES)
        # The hotline lists one resident's cases, its verified caller's; never a region's.
        caller.require_verified_for(resident_id)
        size = checked_page_size(page_size)
        if status is not None and status not in CASE_STATUSES:
            raise InvalidArgument("STATUS_INVALID", f"unknown case status {status}", field="status")
        if resident_id:
            cases = [
                case
                for case in await self.cases.of_resident(resident_id)
                if (not pooling_region_code or case["pooling_region_code"] == pooling_region_code)
                and (status is None or case["status"] == status)
                and str(case["_id"]) > page_token
            ]
        elif pooling_region_code:
            cases = await self.cases.page_of_region(pooling_region_code, status, page_token, size + 1)
        else:
            raise InvalidArgument(
                "POOLING_REGION_OR_RESIDENT_REQUIRED",
                "list the cases of a pooling region or of a resident",
                field="pooling_region_code",
                message_zh="请指定统筹地区或参保人",
            )
        page = cases[:size]
        return page, str(page[-1]["_id"]) if len(cases) > size else ""


def _written(case: Document, request_id: str) -> Document:
    """The case as the unit of work writes it: the request recorded, the version moved on."""
    return {
        **case,
        "applied_requests": [*case.get("applied_requests", []), request_id],
        "version": case["version"] + 1,
    }
