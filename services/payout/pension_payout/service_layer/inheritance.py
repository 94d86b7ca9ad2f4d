"""The one payout of a deceased resident's remaining account balance to an heir, net of what they were overpaid."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from google.protobuf.message import Message

from pension.enrolment.v1 import enrolment_pb2
from pension_kit.clock import now_to_millisecond, today_in_china
from pension_kit.errors import (
    Aborted,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    from_identifier_error,
)
from pension_kit.events import new_event
from pension_kit.identifiers import IdentifierError, parse_citizen_id, validate_bank_card, validate_name
from pension_kit.identity import Caller, Role
from pension_kit.masking import mask_bank_card, mask_citizen_id, mask_name, redact_text
from pension_kit.mongo import Document
from pension_kit.outbox import NotifyRelay, outbox_fields
from pension_kit.pii import PersonalDataVault
from pension_kit.text import BANK_CODE_MAX, BANK_NAME_MAX, EVIDENCE_REF_MAX, REASON_MAX, REFERENCE_MAX, mask_free_text
from pension_kit.unit_of_work import Decision, UnitOfWork
from pension_payout.adapters.case_messages import inheritance_approved, inheritance_requested, inheritance_result
from pension_payout.adapters.inheritance_payouts import (
    InheritancePayouts,
    MongoInheritancePayouts,
    offsets_document,
    offsets_of,
)
from pension_payout.adapters.overpayment_cases import case_from_document
from pension_payout.adapters.store import INHERITANCE_PAYOUTS, PayoutStore, inheritance_id
from pension_payout.domain.inheritance import (
    APPROVED,
    FAILED,
    PAID,
    REQUESTED,
    Amounts,
    check_amounts_unchanged,
    check_may_approve,
    check_may_record_result,
    check_may_request,
    offsets,
)
from pension_payout.domain.overpayment import RECOVERY_METHOD_INHERITANCE_OFFSET
from pension_payout.service_layer import PRODUCER
from pension_payout.service_layer.overpayments import OverpaymentService

log = logging.getLogger(__name__)

REQUESTING_ROLES: Final = (Role.COUNTY_OFFICER,)
APPROVING_ROLES: Final = (Role.COUNTY_APPROVER,)
RESULT_ROLES: Final = (Role.COUNTY_OFFICER,)
READING_ROLES: Final = (Role.COUNTY_OFFICER, Role.COUNTY_APPROVER, Role.AUDITOR, Role.HOTLINE, Role.SYSTEM)
# The purposes enrolment seals and hashes with, so that one number gives one keyed hash platform-wide.
CITIZEN_ID_PURPOSE: Final = "citizen_id_number"
BANK_CARD_PURPOSE: Final = "bank_card_number"
NAME_PURPOSE: Final = "name"
RELATIONSHIP_MAX_LENGTH: Final = 20
_WRITE_ATTEMPTS: Final = 8


@dataclass(frozen=True)
class HeirClaim:
    """What an officer states about the heir, in the clear as typed; validated before anything is kept."""

    name: str
    citizen_id_number: str
    relationship: str
    bank_card_number: str
    bank_code: str
    bank_name: str
    evidence_ref: str
    reason: str


def _required(value: str, field: str, reason: str, message_zh: str) -> str:
    text = value.strip()
    if not text:
        raise InvalidArgument(reason, f"{field} is required", field=field, message_zh=message_zh)
    return text


def _not_found(identifier: str) -> NotFound:
    return NotFound(
        "INHERITANCE_NOT_FOUND",
        f"no inheritance payout {identifier}",
        field="inheritance_id",
        message_zh="遗属继承支付记录不存在",
    )


class InheritanceService:
    """Request (an officer), approve (another), record the bank's result; paid once, offset against overpayments."""

    def __init__(
        self,
        store: PayoutStore,
        overpayments: OverpaymentService,
        *,
        vault: PersonalDataVault,
        resident_topic: str,
        notify_relay: NotifyRelay,
        today: Callable[[], date] = today_in_china,
        payouts: InheritancePayouts | None = None,
    ) -> None:
        self.store = store
        self.payouts = payouts or MongoInheritancePayouts(store.inheritance_payouts)
        self.overpayments = overpayments
        self.vault = vault
        self.resident_topic = resident_topic
        self.notify_relay = notify_relay
        self.today = today

    # --- request ---------------------------------------------------------------------------------

    async def request(self, resident_id: str, claim: HeirClaim, *, request_id: str, caller: Caller) -> Document:
        """Asks to pay the deceased's balance to the heir; again after a failed transfer (a corrected account), or
        to correct a request nobody has approved yet."""
        caller.require_role(*REQUESTING_ROLES)
        if not request_id:
            raise InvalidArgument("REQUEST_ID_REQUIRED", "request_id is required", field="request_id")
        resident_id = _required(resident_id, "resident_id", "RESIDENT_ID_REQUIRED", "请指定已故参保人")
        heir, card = self._heir(claim)
        # Officers' text, often copied from a court's or a notary's document: kept, any personal number masked.
        evidence = _required(
            mask_free_text(claim.evidence_ref, field="evidence_ref", max_length=EVIDENCE_REF_MAX),
            "evidence_ref",
            "EVIDENCE_REQUIRED",
            "请提供继承关系证明",
        )
        reason = _required(
            mask_free_text(claim.reason, field="reason", max_length=REASON_MAX),
            "reason",
            "REASON_REQUIRED",
            "请填写申请原因",
        )
        identifier = inheritance_id(resident_id)

        async def requested() -> dict[str, Any]:
            """The request's fields, from the deceased's account as it stands."""
            resident = await self._deceased(resident_id)
            if card["account_token"] == (resident.get("bank_account") or {}).get("account_token"):
                raise InvalidArgument(
                    "HEIR_ACCOUNT_IS_DECEASEDS",
                    "the inheritance is paid to the heir's own account, not the deceased's",
                    field="heir_bank_card_number",
                    message_zh="继承款须支付至继承人本人账户，不能支付至已故参保人账户",
                )
            balance, withheld = await self._amounts(resident)
            offset = sum(entry.amount_fen for entry in withheld)
            return {
                "resident_id": resident_id,
                "pooling_region_code": resident["pooling_region_code"],
                "heir": {**heir, "bank_account": card},
                "evidence_ref": evidence,
                "reason": reason,
                "date_of_death": resident.get("date_of_death"),
                "balance_fen": balance,
                "offsets": offsets_document(withheld),
                "overpayment_offset_fen": offset,
                "net_fen": balance - offset,
                "status": REQUESTED,
                "requested_by": caller.user_id,
                "requested_at": now_to_millisecond(),
                "approved_by": None,
                "approved_at": None,
                "paid_on": None,
                "bank_reference": "",
                "offset_recorded": False,
            }

        async def create() -> Document | None:
            fields = await requested()
            event = self._event(inheritance_requested({"_id": identifier, **fields}), fields, caller, reason)
            document = {
                "_id": identifier,
                **fields,
                "attempts": [],
                "applied_requests": [request_id],
                "version": 1,
                **outbox_fields([event]),
            }
            if not await self.payouts.insert(document):
                return None  # requested at the same moment by another officer: decide on that one
            self.notify_relay(INHERITANCE_PAYOUTS, [identifier])
            return {key: value for key, value in document.items() if key != "outbox"}

        async def decide(existing: Document) -> Decision[Document | None]:
            check_may_request(identifier, existing["status"])
            fields = await requested()
            previous = {
                "status": existing["status"],
                "account_masked": existing["heir"]["bank_account"]["account_masked"],
                "requested_by": existing["requested_by"],
                "bank_reference": existing.get("bank_reference", ""),
                "replaced_at": now_to_millisecond(),
            }
            payload = inheritance_requested({"_id": identifier, **fields})
            return Decision({"$set": fields, "$push": {"attempts": previous}}, [payload], None)

        return await self._write(
            identifier, request_id=request_id, caller=caller, reason=reason, decide=decide, create=create
        )

    def _heir(self, claim: HeirClaim) -> tuple[dict[str, Any], dict[str, Any]]:
        """The heir as kept: name and ID number masked (the name sealed too, for the bank), the card sealed,
        masked and tokenised. Nothing is kept in the clear."""
        try:
            name = validate_name(claim.name, field="heir_name")
            citizen = parse_citizen_id(claim.citizen_id_number, today=self.today(), field="heir_citizen_id_number")
            relationship = _required(claim.relationship, "relationship", "RELATIONSHIP_REQUIRED", "请填写与已故者关系")
            if len(relationship) > RELATIONSHIP_MAX_LENGTH:
                raise InvalidArgument(
                    "RELATIONSHIP_TOO_LONG",
                    f"relationship has at most {RELATIONSHIP_MAX_LENGTH} characters",
                    field="relationship",
                    message_zh="与已故者关系填写过长",
                )
            card_number = validate_bank_card(claim.bank_card_number, field="heir_bank_card_number")
        except IdentifierError as exc:
            raise from_identifier_error(exc) from None
        bank_code = _required(
            mask_free_text(claim.bank_code, field="heir_bank_code", max_length=BANK_CODE_MAX),
            "heir_bank_code",
            "BANK_CODE_REQUIRED",
            "请填写开户银行代码",
        )
        bank_name = _required(
            mask_free_text(claim.bank_name, field="heir_bank_name", max_length=BANK_NAME_MAX),
            "heir_bank_name",
            "BANK_NAME_REQUIRED",
            "请填写开户银行名称",
        )
        heir = {
            "name_masked": mask_name(name),
            "sealed_name": self.vault.seal(name, purpose=NAME_PURPOSE).to_document(),
            "citizen_id_masked": mask_citizen_id(citizen.number),
            "citizen_id_hash": self.vault.lookup_hash(citizen.number, purpose=CITIZEN_ID_PURPOSE),
            "relationship": redact_text(relationship),
        }
        card = {
            "bank_code": bank_code,
            "bank_name": bank_name,
            "account_masked": mask_bank_card(card_number),
            "account_token": self.vault.lookup_hash(card_number, purpose=BANK_CARD_PURPOSE),
            "sealed_card_number": self.vault.seal(card_number, purpose=BANK_CARD_PURPOSE).to_document(),
        }
        return heir, card

    async def _deceased(self, resident_id: str) -> Document:
        resident = await self.store.residents.find_one({"_id": resident_id})
        if resident is None:
            raise NotFound(
                "RESIDENT_NOT_FOUND", f"no resident {resident_id}", field="resident_id", message_zh="参保人不存在"
            )
        if (
            resident.get("status") != "TERMINATED"
            or resident.get("termination_cause") != enrolment_pb2.TERMINATION_CAUSE_DEATH
        ):
            raise FailedPrecondition(
                "INHERITANCE_NOT_DECEASED",
                f"resident {resident_id} is not recorded as deceased",
                field="resident_id",
                message_zh="该参保人未登记死亡，不能办理继承",
            )
        return resident

    async def _amounts(self, resident: Document) -> Amounts:
        """The balance to inherit and what of it goes to the open overpayment cases first, case by case."""
        balance = int(resident.get("account_balance_fen") or 0)
        cases = await self.overpayments.cases_of_resident(resident["_id"])
        return balance, offsets(balance, (case_from_document(case) for case in cases))

    # --- approve ---------------------------------------------------------------------------------

    async def approve(self, identifier: str, *, reason: str, request_id: str, caller: Caller) -> Document:
        """The second officer's sign-off; refused if the balance or the overpayments changed since the request."""
        caller.require_role(*APPROVING_ROLES)
        if not request_id:
            raise InvalidArgument("REQUEST_ID_REQUIRED", "request_id is required", field="request_id")
        note = mask_free_text(reason, field="reason", max_length=REASON_MAX).strip()

        async def decide(payout: Document) -> Decision[Document | None]:
            check_may_approve(
                identifier, payout["status"], requested_by=payout["requested_by"], approver=caller.user_id
            )
            resident = await self._deceased(payout["resident_id"])
            requested = (payout["balance_fen"], offsets_of(payout))
            check_amounts_unchanged(identifier, requested, await self._amounts(resident))
            fields = {"status": APPROVED, "approved_by": caller.user_id, "approved_at": now_to_millisecond()}
            payload = inheritance_approved({**payout, **fields})
            return Decision({"$set": {**fields, "approval_note": note}}, [payload], None)

        return await self._write(
            identifier, request_id=request_id, caller=caller, reason=note or "approved", decide=decide
        )

    # --- the bank's result -----------------------------------------------------------------------

    async def record_result(
        self,
        identifier: str,
        *,
        paid: bool,
        paid_on: date | None,
        bank_reference: str,
        reason: str,
        request_id: str,
        caller: Caller,
    ) -> Document:
        """PAID once (then the offset is recovered from the open cases), or FAILED (then it may be asked again)."""
        caller.require_role(*RESULT_ROLES)
        if not request_id:
            raise InvalidArgument("REQUEST_ID_REQUIRED", "request_id is required", field="request_id")
        # The bank's transfer reference or its failure notice, as the bank wrote it: kept, numbers masked.
        reference = _required(
            mask_free_text(bank_reference, field="bank_reference", max_length=REFERENCE_MAX),
            "bank_reference",
            "BANK_REFERENCE_REQUIRED",
            "请填写银行转账凭证号或失败原因",
        )
        note = mask_free_text(reason, field="reason", max_length=REASON_MAX).strip()
        if paid and paid_on is None:
            raise InvalidArgument(
                "DATE_REQUIRED", "paid_on is required when paid", field="paid_on", message_zh="日期必填"
            )
        if paid and paid_on is not None and paid_on > self.today():
            raise InvalidArgument(
                "PAID_ON_IN_FUTURE",
                f"paid_on {paid_on.isoformat()} is in the future",
                field="paid_on",
                message_zh="支付日期不能晚于今天",
            )

        async def decide(payout: Document) -> Decision[Document | None]:
            if payout["status"] == PAID:
                # A result recorded twice: the first completed the payout; what was withheld is recovered now
                # if a crash left that undone.
                await self._recover_offset(payout, caller)
            check_may_record_result(identifier, payout["status"])
            fields: dict[str, Any] = {
                "status": PAID if paid else FAILED,
                "bank_reference": reference,
                "result_recorded_by": caller.user_id,
                "result_recorded_at": now_to_millisecond(),
            }
            if paid and paid_on is not None:
                fields["paid_on"] = paid_on.isoformat()
            return Decision({"$set": fields}, [inheritance_result({**payout, **fields}, paid=paid)], None)

        # A repeated request, like the first, completes the recovery of what was withheld.
        written = await self._write(
            identifier,
            request_id=request_id,
            caller=caller,
            reason=note or ("paid" if paid else "transfer failed"),
            decide=decide,
        )
        return await self._recover_offset(written, caller)

    async def _recover_offset(self, payout: Document, caller: Caller) -> Document:
        """Records the withheld part against the open cases once the payout is PAID. Each recovery is idempotent by
        its own request id, so a retry after a crash completes what was left undone."""
        if payout["status"] != PAID or payout.get("offset_recorded") or not payout.get("offsets"):
            return payout
        recovered_on = date.fromisoformat(payout["paid_on"])
        for entry in payout["offsets"]:
            request = f"{payout['_id']}:offset:{entry['overpayment_case_id']}"
            case = await self.overpayments.cases.get(entry["overpayment_case_id"])
            if case is None or request in case.get("applied_requests", []):
                continue
            # The approval checked the amounts; a recovery recorded since then leaves less due than was withheld.
            amount = min(entry["amount_fen"], case["balance_due_fen"])
            if amount < entry["amount_fen"]:
                log.warning(
                    "inheritance %s withheld %d fen for %s, which had only %d fen left due",
                    payout["_id"],
                    entry["amount_fen"],
                    case["_id"],
                    case["balance_due_fen"],
                )
            if amount <= 0:
                continue
            await self.overpayments.record_recovery(
                case["_id"],
                amount,
                RECOVERY_METHOD_INHERITANCE_OFFSET,
                recovered_on,
                reference=payout["_id"],
                reason=f"deducted from the inheritance payout {payout['_id']}",
                request_id=request,
                caller=caller,
            )
        await self.payouts.mark_offset_recorded(payout["_id"])
        return {**payout, "offset_recorded": True}

    # --- reading ---------------------------------------------------------------------------------

    async def get(self, identifier: str = "", resident_id: str = "", *, caller: Caller) -> Document:
        caller.require_role(*READING_ROLES)
        if not identifier and not resident_id:
            raise InvalidArgument(
                "INHERITANCE_ID_OR_RESIDENT_REQUIRED",
                "name the inheritance payout or the deceased resident",
                field="inheritance_id",
                message_zh="请指定继承支付编号或已故参保人",
            )
        identifier = identifier or inheritance_id(resident_id)
        payout = await self.payouts.get(identifier)
        # The hotline reads only the payout of the resident whose caller it verified, found or not.
        caller.require_resident_found(
            resident_id or ("" if payout is None else str(payout["resident_id"])),
            None if payout is None else str(payout.get("village_code", "")),
            not_found=lambda: _not_found(identifier),
        )
        assert payout is not None
        if resident_id and payout["resident_id"] != resident_id:
            raise _not_found(identifier)
        return payout

    async def _get(self, identifier: str) -> Document:
        payout = await self.payouts.get(identifier)
        if payout is None:
            raise _not_found(identifier)
        return payout

    # --- writing ---------------------------------------------------------------------------------

    async def _write(
        self,
        identifier: str,
        *,
        request_id: str,
        caller: Caller,
        reason: str,
        decide: Callable[[Document], Awaitable[Decision[Document | None]]],
        create: Callable[[], Awaitable[Document | None]] | None = None,
    ) -> Document:
        """One read-decide-write of the payout (pension_kit.unit_of_work); a repeated request id gets the payout as
        it is, a write the payout as written."""
        unit = UnitOfWork(
            self.payouts,
            INHERITANCE_PAYOUTS,
            self.resident_topic,
            PRODUCER,
            self.notify_relay,
            attempts=_WRITE_ATTEMPTS,
            subject_key=lambda payout: str(payout["resident_id"]),
            conflict=lambda: self._kept_changing(identifier),
        )
        unchanged = await unit.write(
            identifier,
            request_id=request_id,
            actor=caller.user_id,
            reason=reason,
            decide=decide,
            repeated=lambda payout: payout,
            not_found=lambda: _not_found(identifier),
            create=create,
        )
        return unchanged if unchanged is not None else await self._get(identifier)

    def _event(self, payload: Message, payout: Document, caller: Caller, reason: str) -> dict[str, Any]:
        return new_event(
            topic=self.resident_topic,
            payload=payload,
            subject_key=payout["resident_id"],
            producer=PRODUCER,
            actor=caller.user_id,
            reason=reason,
        )

    @staticmethod
    def _kept_changing(identifier: str) -> Aborted:
        return Aborted(
            "INHERITANCE_CHANGED",
            f"{identifier} kept changing; try again with the same request id",
            field="inheritance_id",
            message_zh="继承支付正被他人办理，请重试",
        )
