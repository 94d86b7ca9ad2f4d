"""How a resident is stored: the document of a new resident, its bank account and special groups, and its id."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2
from pension_enrolment.adapters.account_documents import empty_account
from pension_enrolment.domain.enrolment import SpecialGroupClaim, ValidatedEnrolment
from pension_kit.masking import mask_bank_card, mask_citizen_id, mask_mobile, mask_name
from pension_kit.mongo import Document
from pension_kit.outbox import outbox_fields
from pension_kit.pii import PersonalDataVault

# Purposes of the keyed hashes: the lookup of a citizen ID number (unique index of residents and of the
# employees' pension registry) and the resident id the migration import derives from it.
CITIZEN_ID_PURPOSE = "citizen_id_number"
RESIDENT_ID_PURPOSE = "resident_id"


# The stored copy of a citizen ID number's last four characters (what its masked form shows anyway).
CITIZEN_ID_LAST4 = "citizen_id_last4"


def derived_resident_id(vault: PersonalDataVault, citizen_id_number: str) -> str:
    """A resident's id: the same number always gives the same id, so a second enrolment or import collides on `_id`.

    A keyed hash, so the id reveals nothing about the number to whoever lacks the lookup key.
    """
    return "R" + vault.lookup_hash(citizen_id_number, purpose=RESIDENT_ID_PURPOSE)[:20].upper()


def bank_account_document(vault: PersonalDataVault, card: str, bank_code: str, bank_name: str) -> dict[str, Any]:
    """The stored bank account: masked, tokenised for lookups, and sealed (never in the clear)."""
    return {
        "bank_code": bank_code,
        "bank_name": bank_name,
        "account_masked": mask_bank_card(card),
        "account_token": vault.lookup_hash(card, purpose="bank_card_number"),
        "sealed_card_number": vault.seal(card, purpose="bank_card_number").to_document(),
    }


def special_group_documents(claims: tuple[SpecialGroupClaim, ...]) -> list[dict[str, Any]]:
    return [
        {
            "group": claim.group,
            "evidence_ref": claim.evidence_ref,
            "effective_from": claim.effective_from.isoformat(),
            "effective_until": claim.effective_until.isoformat() if claim.effective_until else None,
        }
        for claim in claims
    ]


def special_groups_of(resident: Document) -> list[SpecialGroupClaim]:
    """The resident's stored special groups as domain claims (the inverse of `special_group_documents`)."""
    return [
        SpecialGroupClaim(
            group=g["group"],
            evidence_ref=g["evidence_ref"],
            effective_from=date.fromisoformat(g["effective_from"]),
            effective_until=date.fromisoformat(g["effective_until"]) if g["effective_until"] else None,
        )
        for g in resident.get("special_groups", [])
    ]


def stored_sex(valid: ValidatedEnrolment) -> types_pb2.Sex:
    """The sex as stored and announced: the contract's enum value."""
    return types_pb2.SEX_MALE if valid.citizen.sex == "M" else types_pb2.SEX_FEMALE


def resident_document(
    vault: PersonalDataVault,
    valid: ValidatedEnrolment,
    *,
    resident_id: str,
    request_id: str,
    actor: str,
    reason: str,
    now: datetime,
    bank_account: dict[str, Any],
    special_groups: list[dict[str, Any]],
    citizen_id_hash: str | None,
    enrolled_event: dict[str, Any],
) -> Document:
    """A newly enrolled resident: personal data sealed and masked, the keyed hash that keeps one enrolment per
    citizen ID number, an empty account, the first history line, and `enrolled_event` in its outbox.

    The bank account and special groups are passed in as stored (`bank_account_document`,
    `special_group_documents`), so that the document and the event announce the same sealed values.
    """
    citizen_id = valid.citizen.number
    return {
        "_id": resident_id,
        "request_id": request_id,
        "citizen_id_hash": citizen_id_hash or vault.lookup_hash(citizen_id, purpose=CITIZEN_ID_PURPOSE),
        "citizen_id_sealed": vault.seal(citizen_id, purpose=CITIZEN_ID_PURPOSE).to_document(),
        "citizen_id_masked": mask_citizen_id(citizen_id),
        # The four characters a masked number shows, kept apart so that an agent can search by them
        # (ListVillageResidents' citizen_id_suffix) without the clear number ever being queried.
        CITIZEN_ID_LAST4: citizen_id[-4:],
        "name": valid.name,
        "name_masked": mask_name(valid.name),
        "sex": stored_sex(valid),
        "birth_date": valid.citizen.birth_date.isoformat(),
        "pooling_region_code": valid.village.county_code,
        "village_code": valid.village.code,
        "mobile": valid.mobile,
        "mobile_masked": mask_mobile(valid.mobile),
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
                "event_id": enrolled_event["event_id"],
            }
        ],
        **empty_account(),
        **outbox_fields([enrolled_event]),
    }
