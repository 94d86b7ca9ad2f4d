"""Changes to an enrolled resident: mobile, bank account, village, special groups, termination; each kept in history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from google.protobuf.message import Message

from pension.enrolment.v1 import enrolment_pb2, events_pb2
from pension_enrolment.adapters.event_messages import special_group_messages
from pension_enrolment.adapters.resident_documents import bank_account_document, special_group_documents
from pension_enrolment.domain.enrolment import SpecialGroupClaim, validate_special_groups
from pension_enrolment.service_layer.contributions import ResidentWriter
from pension_enrolment.service_layer.enrolment import ENROLLING_ROLES
from pension_kit.errors import FailedPrecondition, InvalidArgument
from pension_kit.identifiers import validate_bank_card, validate_mobile, validate_village_code
from pension_kit.identity import Caller, Role
from pension_kit.masking import mask_mobile
from pension_kit.mongo import Document
from pension_kit.outbox import NotifyRelay
from pension_kit.pii import PersonalDataVault
from pension_kit.protoconv import bank_account_ref, to_calendar_date, to_sealed_value
from pension_kit.text import (
    BANK_CODE_MAX,
    BANK_NAME_MAX,
    ID_MAX,
    IDENTIFIER_MAX,
    REASON_MAX,
    REQUEST_ID_MAX,
    check_free_text,
    check_length,
)
from pension_kit.unit_of_work import Decision as UnitDecision
from pension_kit.unit_of_work import VersionedRepository

# A decision: the update to apply, the events it causes, and the history line that explains it.
Decision = tuple[Document, list[Message], dict[str, Any]]

TERMINATING_ROLES = (Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER, Role.SYSTEM)
ACTIVE = enrolment_pb2.ENROLMENT_STATUS_ACTIVE


def _require_reason(reason: str) -> str:
    # The reason rides in the event's envelope to every consumer of the topic: no personal number in it.
    check_free_text(reason, field="reason", max_length=REASON_MAX)
    if not reason.strip():
        raise InvalidArgument("REASON_REQUIRED", "a change needs a reason", field="reason", message_zh="请填写变更原因")
    return reason.strip()


def _require_active(resident: Document) -> None:
    if resident["status"] != ACTIVE:
        raise FailedPrecondition(
            "ENROLMENT_TERMINATED",
            "the enrolment has ended; it cannot be changed",
            field="resident_id",
            message_zh="该参保人已终止参保，不能变更",
        )


@dataclass
class ResidentChangeService:
    residents: VersionedRepository
    vault: PersonalDataVault
    topic: str
    notify_relay: NotifyRelay

    async def change_mobile(
        self, resident_id: str, mobile: str, *, reason: str, request_id: str, caller: Caller
    ) -> Document:
        new_mobile = validate_mobile(check_length(mobile, field="mobile", max_length=IDENTIFIER_MAX), field="mobile")

        def decide(resident: Document) -> Decision:
            event = events_pb2.MobileChanged(
                resident_id=resident["_id"],
                old_mobile_masked=resident["mobile_masked"],
                mobile_masked=mask_mobile(new_mobile),
                sealed_mobile=to_sealed_value(self.vault.seal(new_mobile, purpose="mobile")),
            )
            update = {"$set": {"mobile": new_mobile, "mobile_masked": mask_mobile(new_mobile)}}
            history = _history(
                enrolment_pb2.RESIDENT_CHANGE_KIND_MOBILE, resident["mobile_masked"], mask_mobile(new_mobile)
            )
            return update, [event], history

        return await self._change(resident_id, request_id, caller, reason, decide, ENROLLING_ROLES)

    async def change_bank_account(
        self,
        resident_id: str,
        card: str,
        bank_code: str,
        bank_name: str,
        *,
        reason: str,
        request_id: str,
        caller: Caller,
    ) -> Document:
        check_length(card, field="bank_card_number", max_length=IDENTIFIER_MAX)
        check_free_text(bank_code, field="bank_code", max_length=BANK_CODE_MAX)
        check_free_text(bank_name, field="bank_name", max_length=BANK_NAME_MAX)
        card = validate_bank_card(card, field="bank_card_number")
        if not bank_code.strip():
            raise InvalidArgument("BANK_CODE_REQUIRED", "bank_code is required", field="bank_code")

        def decide(resident: Document) -> Decision:
            account = bank_account_document(self.vault, card, bank_code.strip(), bank_name.strip())
            event = events_pb2.BankAccountChanged(
                resident_id=resident["_id"],
                old_account_masked=resident["bank_account"]["account_masked"],
                bank_account=bank_account_ref(account, sealed=True),
            )
            history = _history(
                enrolment_pb2.RESIDENT_CHANGE_KIND_BANK_ACCOUNT,
                resident["bank_account"]["account_masked"],
                account["account_masked"],
            )
            return {"$set": {"bank_account": account}}, [event], history

        return await self._change(resident_id, request_id, caller, reason, decide, ENROLLING_ROLES)

    async def change_village(
        self, resident_id: str, village_code: str, *, reason: str, request_id: str, caller: Caller
    ) -> Document:
        check_length(village_code, field="village_code", max_length=IDENTIFIER_MAX)
        village = validate_village_code(village_code, field="village_code")
        # An agent may move a resident only between villages they serve; officers anywhere in the region.
        caller.require_village(village.code)

        def decide(resident: Document) -> Decision:
            if village.county_code != resident["pooling_region_code"]:
                raise FailedPrecondition(
                    "VILLAGE_OUTSIDE_POOLING_REGION",
                    "a move to another pooling region is a transfer out, not a change of village",
                    field="village_code",
                    message_zh="跨统筹地区迁移须办理转出",
                )
            event = events_pb2.VillageChanged(
                resident_id=resident["_id"],
                old_village_code=resident["village_code"],
                village_code=village.code,
                pooling_region_code=village.county_code,
            )
            history = _history(enrolment_pb2.RESIDENT_CHANGE_KIND_VILLAGE, resident["village_code"], village.code)
            return {"$set": {"village_code": village.code}}, [event], history

        return await self._change(resident_id, request_id, caller, reason, decide, ENROLLING_ROLES)

    async def set_special_groups(
        self, resident_id: str, claims: tuple[SpecialGroupClaim, ...], *, reason: str, request_id: str, caller: Caller
    ) -> Document:
        validate_special_groups(claims)
        documents = special_group_documents(claims)

        def decide(resident: Document) -> Decision:
            event = events_pb2.SpecialGroupsChanged(
                resident_id=resident["_id"], special_groups=special_group_messages(documents)
            )
            history = _history(
                enrolment_pb2.RESIDENT_CHANGE_KIND_SPECIAL_GROUPS,
                _groups_summary(resident["special_groups"]),
                _groups_summary(documents),
            )
            return {"$set": {"special_groups": documents}}, [event], history

        return await self._change(resident_id, request_id, caller, reason, decide, ENROLLING_ROLES)

    async def terminate(
        self,
        resident_id: str,
        cause: int,
        terminated_on: date,
        *,
        date_of_death: date | None,
        reason: str,
        request_id: str,
        caller: Caller,
    ) -> Document:
        """Ends an enrolment on death or on joining the employees' scheme (a transfer out has its own call)."""
        if cause not in (
            enrolment_pb2.TERMINATION_CAUSE_DEATH,
            enrolment_pb2.TERMINATION_CAUSE_JOINED_EMPLOYEES_SCHEME,
        ):
            raise InvalidArgument(
                "TERMINATION_CAUSE_INVALID", "cause must be death or joining the employees' scheme", field="cause"
            )
        if cause == enrolment_pb2.TERMINATION_CAUSE_DEATH and date_of_death is None:
            raise InvalidArgument("DATE_OF_DEATH_REQUIRED", "a death needs its date", field="date_of_death")

        def decide(resident: Document) -> Decision:
            event = events_pb2.EnrolmentTerminated(
                resident_id=resident["_id"],
                cause=cause,  # type: ignore[arg-type]
                terminated_on=to_calendar_date(terminated_on),
                date_of_death=to_calendar_date(date_of_death),
                pooling_region_code=resident["pooling_region_code"],
            )
            update = {
                "$set": {
                    "status": enrolment_pb2.ENROLMENT_STATUS_TERMINATED,
                    "termination_cause": cause,
                    "terminated_on": terminated_on.isoformat(),
                    "date_of_death": date_of_death.isoformat() if date_of_death else None,
                }
            }
            history = _history(
                enrolment_pb2.RESIDENT_CHANGE_KIND_TERMINATED, "", enrolment_pb2.TerminationCause.Name(cause)
            )
            return update, [event], history

        return await self._change(resident_id, request_id, caller, reason, decide, TERMINATING_ROLES)

    async def _change(
        self,
        resident_id: str,
        request_id: str,
        caller: Caller,
        reason: str,
        decide: Callable[[Document], Decision],
        roles: tuple[Role, ...],
    ) -> Document:
        """Read, decide, write if unchanged meanwhile; a repeated request id returns the resident as it is."""
        caller.require_role(*roles)
        if not request_id:
            raise InvalidArgument("REQUEST_ID_REQUIRED", "request_id is required", field="request_id")
        check_length(request_id, field="request_id", max_length=REQUEST_ID_MAX)
        check_length(resident_id, field="resident_id", max_length=ID_MAX)
        reason = _require_reason(reason)

        def decide_change(resident: Document) -> UnitDecision[Document | None]:
            _require_active(resident)
            update, payloads, history = decide(resident)
            history.update(actor=caller.user_id, reason=reason)
            update.setdefault("$push", {})["history"] = history  # the writer names its event in it
            return UnitDecision(update, payloads, None)

        unchanged = await ResidentWriter(self.residents, self.topic, self.notify_relay).write(
            resident_id,
            request_id=request_id,
            caller=caller,
            reason=reason,
            decide=decide_change,
            repeated=lambda resident: resident,  # a repeated request id returns the resident as it is
        )
        if unchanged is not None:
            return unchanged
        changed = await self.residents.get(resident_id)
        assert changed is not None
        return changed


def _history(kind: int, old_value: str, new_value: str) -> dict[str, Any]:
    return {"kind": kind, "old_value": old_value, "new_value": new_value, "changed_at": datetime.now(UTC)}


def _groups_summary(documents: list[dict[str, Any]]) -> str:
    return ",".join(sorted(str(document["group"]) for document in documents))
