"""How a resident's parts are stored and announced: one place for the bank account and special groups."""

from __future__ import annotations

from datetime import date
from typing import Any

from pension.enrolment.v1 import enrolment_pb2
from pension_enrolment.domain.enrolment import SpecialGroupClaim
from pension_kit.masking import mask_bank_card
from pension_kit.pii import PersonalDataVault
from pension_kit.protoconv import to_calendar_date


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


def special_group_messages(documents: list[dict[str, Any]]) -> list[enrolment_pb2.SpecialGroupMembership]:
    return [
        enrolment_pb2.SpecialGroupMembership(
            group=document["group"],
            evidence_ref=document["evidence_ref"],
            effective_from=to_calendar_date(date.fromisoformat(document["effective_from"])),
            effective_until=to_calendar_date(
                date.fromisoformat(document["effective_until"]) if document["effective_until"] else None
            ),
        )
        for document in documents
    ]
