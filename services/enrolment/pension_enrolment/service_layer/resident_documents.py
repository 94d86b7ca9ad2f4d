"""The resident document and the events written with it: one builder for Enrol and the migration import."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2, events_pb2
from pension_enrolment.adapters.account_documents import empty_account
from pension_enrolment.domain.enrolment import ValidatedEnrolment
from pension_enrolment.service_layer.records import (
    bank_account_document,
    special_group_documents,
    special_group_messages,
)
from pension_kit.events import new_event
from pension_kit.masking import mask_citizen_id, mask_mobile, mask_name
from pension_kit.mongo import Document
from pension_kit.outbox import outbox_fields
from pension_kit.pii import PersonalDataVault
from pension_kit.protoconv import bank_account_ref, to_calendar_date, to_sealed_value

PRODUCER = "enrolment"
# Purposes of the keyed hashes: the lookup of a citizen ID number (unique index of residents and of the
# employees' pension registry) and the resident id the migration import derives from it.
CITIZEN_ID_PURPOSE = "citizen_id_number"
RESIDENT_ID_PURPOSE = "resident_id"
# Event ids derived from their cause, so that a repeated cause gives the same id and consumers apply it once.
_EVENT_ID_NAMESPACE = uuid.UUID("6f1d3c52-52a4-4c8e-9a57-1c0a3e1f7b21")


def derived_resident_id(vault: PersonalDataVault, citizen_id_number: str) -> str:
    """A resident's id: the same number always gives the same id, so a second enrolment or import collides on `_id`.

    A keyed hash, so the id reveals nothing about the number to whoever lacks the lookup key.
    """
    return "R" + vault.lookup_hash(citizen_id_number, purpose=RESIDENT_ID_PURPOSE)[:20].upper()


def derived_event_id(*parts: str) -> str:
    """An event id fixed by what caused the event (e.g. a request id), so that a retried cause is deduplicated."""
    return str(uuid.uuid5(_EVENT_ID_NAMESPACE, "\x00".join(parts)))


def resident_document(
    vault: PersonalDataVault,
    valid: ValidatedEnrolment,
    *,
    resident_id: str,
    request_id: str,
    actor: str,
    topic: str,
    reason: str = "enrolment",
    now: datetime | None = None,
    citizen_id_hash: str | None = None,
) -> Document:
    """A newly enrolled resident: personal data sealed and masked, the keyed hash that keeps one enrolment per
    citizen ID number, an empty account, the first history line, and the ResidentEnrolled event in its outbox.

    `citizen_id_hash` may be passed when the caller has already computed it (the import needs it earlier).
    """
    now = now or datetime.now(UTC)
    citizen_id = valid.citizen.number
    citizen_id_masked = mask_citizen_id(citizen_id)
    name_masked = mask_name(valid.name)
    mobile_masked = mask_mobile(valid.mobile)
    sealed_name = vault.seal(valid.name, purpose="name")
    sealed_mobile = vault.seal(valid.mobile, purpose="mobile")
    bank_account = bank_account_document(vault, valid.bank_card_number, valid.bank_code, valid.bank_name)
    special_groups = special_group_documents(valid.special_groups)
    sex = types_pb2.SEX_MALE if valid.citizen.sex == "M" else types_pb2.SEX_FEMALE
    event = events_pb2.ResidentEnrolled(
        resident_id=resident_id,
        pooling_region_code=valid.village.county_code,
        village_code=valid.village.code,
        citizen_id_masked=citizen_id_masked,
        name_masked=name_masked,
        sex=sex,
        birth_date=to_calendar_date(valid.citizen.birth_date),
        enrolled_on=to_calendar_date(valid.enrolled_on),
        agent_id=valid.agent_id,
        special_groups=special_group_messages(special_groups),
        bank_account=bank_account_ref(bank_account, sealed=True),
        sealed_name=to_sealed_value(sealed_name),
        mobile_masked=mobile_masked,
        sealed_mobile=to_sealed_value(sealed_mobile),
        photo_ref=valid.photo_ref,
    )
    outbox_entry = new_event(
        topic=topic,
        payload=event,
        subject_key=resident_id,
        producer=PRODUCER,
        actor=actor,
        reason=reason,
        occurred_at=now,
    )
    return {
        "_id": resident_id,
        "request_id": request_id,
        "citizen_id_hash": citizen_id_hash or vault.lookup_hash(citizen_id, purpose=CITIZEN_ID_PURPOSE),
        "citizen_id_sealed": vault.seal(citizen_id, purpose=CITIZEN_ID_PURPOSE).to_document(),
        "citizen_id_masked": citizen_id_masked,
        "name": valid.name,
        "name_masked": name_masked,
        "sex": sex,
        "birth_date": valid.citizen.birth_date.isoformat(),
        "pooling_region_code": valid.village.county_code,
        "village_code": valid.village.code,
        "mobile": valid.mobile,
        "mobile_masked": mobile_masked,
        "bank_account": bank_account,
        "special_groups": special_groups,
        "photo_ref": valid.photo_ref,
        "enrolled_on": valid.enrolled_on.isoformat(),
        "enrolled_by_agent_id": valid.agent_id,
        "status": enrolment_pb2.ENROLMENT_STATUS_ACTIVE,
        "version": 0,
        "applied_requests": [request_id],
        "created_at": now,
        "updated_at": now,
        "history": [
            {
                "kind": enrolment_pb2.RESIDENT_CHANGE_KIND_ENROLLED,
                "old_value": "",
                "new_value": "",
                "actor": actor,
                "reason": reason,
                "changed_at": now,
                "event_id": outbox_entry["event_id"],
            }
        ],
        **empty_account(),
        **outbox_fields([outbox_entry]),
    }


def employee_pension_refusal(
    valid: ValidatedEnrolment, *, registry_source: str, topic: str, actor: str, event_id: str
) -> dict[str, Any]:
    """The outbox entry announcing an enrolment refused because the person receives an employees' pension.

    There is no resident, so it goes out on the region's key; `event_id` is derived from the attempt so that
    retrying the same attempt announces it once.
    """
    payload = events_pb2.EmployeePensionEnrolmentRefused(
        pooling_region_code=valid.village.county_code,
        citizen_id_masked=mask_citizen_id(valid.citizen.number),
        name_masked=mask_name(valid.name),
        attempted_village_code=valid.village.code,
        attempted_by_agent_id=valid.agent_id,
        registry_source=registry_source,
    )
    return new_event(
        topic=topic,
        payload=payload,
        subject_key=valid.village.county_code,
        producer=PRODUCER,
        actor=actor,
        reason="enrolment refused: listed in the employees' pension registry",
        event_id=event_id,
    )
