"""Pensioners' certifications as stored documents, and back: the one mapping of the certifications collection."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from pension_kit.clock import now_to_millisecond
from pension_kit.mongo import Document
from pension_verification.adapters.store import certification_id
from pension_verification.domain.certification import CertificationState
from pension_verification.domain.eligibility import Eligibility
from pension_verification.domain.proofs import PensionerCertification, Proof
from pension_verification.domain.visits import Position


def state_fields(state: CertificationState) -> Document:
    """The fields a change of the cycle sets (the applied inputs are written with them, whole)."""
    return {
        "status": state.status,
        "village_code": state.village_code,
        "valid_until": state.valid_until.isoformat(),
        "last_proof_on": state.last_proof_on.isoformat(),
        "last_proof_kind": state.last_proof_kind,
        "applied_events": sorted(state.applied_events),
    }


def ended_fields(before: CertificationState, after: CertificationState) -> Document:
    """`ended_at` when a change ends the cycle (death, transfer out): the face data retention period runs from it
    (service_layer/face_retention.py); nothing otherwise."""
    return {"ended_at": now_to_millisecond()} if after.ended and not before.ended else {}


def new_certification_document(state: CertificationState) -> Document:
    """A cycle just started, as inserted (its outbox is added by the writer)."""
    return {
        "_id": certification_id(state.resident_id),
        "resident_id": state.resident_id,
        "award_id": state.award_id,
        "pooling_region_code": state.pooling_region_code,
        **state_fields(state),
        "proofs": [],
        "version": 1,
        "applied_requests": [],
    }


def state_of(document: Mapping[str, Any]) -> CertificationState:
    return CertificationState(
        resident_id=document["resident_id"],
        award_id=document["award_id"],
        pooling_region_code=document["pooling_region_code"],
        village_code=document["village_code"],
        status=document["status"],
        valid_until=date.fromisoformat(document["valid_until"]),
        last_proof_on=date.fromisoformat(document["last_proof_on"]),
        last_proof_kind=document.get("last_proof_kind"),
        applied_events=frozenset(document.get("applied_events") or ()),
    )


def proof_document(proof: Proof) -> Document:
    return {
        "certification_id": proof.certification_id,
        "request_id": proof.request_id,
        "method": proof.method,
        "certified_on": proof.certified_on.isoformat(),
        "certified_at": proof.certified_at,
        "evidence_ref": proof.evidence_ref,
        "agent_id": proof.agent_id,
        "next_due_on": proof.next_due_on.isoformat(),
        "village_code": proof.village_code,
        "sign_of_life_source": proof.sign_of_life_source,
        "sign_of_life_ref": proof.sign_of_life_ref,
        "position": position_document(proof.position),
    }


def position_document(position: Position | None) -> Document | None:
    if position is None:
        return None
    return {
        "latitude_e6": position.latitude_e6,
        "longitude_e6": position.longitude_e6,
        "accuracy_m": position.accuracy_m,
    }


def position_of(document: Mapping[str, Any] | None) -> Position | None:
    if not document:
        return None
    return Position(int(document["latitude_e6"]), int(document["longitude_e6"]), int(document.get("accuracy_m", 0)))


def proof_of(document: Mapping[str, Any]) -> Proof:
    return Proof(
        certification_id=document["certification_id"],
        request_id=document["request_id"],
        method=document["method"],
        certified_on=date.fromisoformat(document["certified_on"]),
        certified_at=document["certified_at"],
        evidence_ref=document["evidence_ref"],
        agent_id=document.get("agent_id", ""),
        next_due_on=date.fromisoformat(document["next_due_on"]),
        village_code=document["village_code"],
        sign_of_life_source=document.get("sign_of_life_source", ""),
        sign_of_life_ref=document.get("sign_of_life_ref", ""),
        position=position_of(document.get("position")),
    )


def eligibility_fields(eligibility: Eligibility) -> Document:
    """The status flags registry findings and death confirmations set (absent on a cycle none has touched)."""
    died = eligibility.date_of_death
    return {
        "date_of_death": died.isoformat() if died else None,
        "imprisoned": eligibility.imprisoned,
        "duplicate_receipt": eligibility.duplicate_receipt,
    }


def eligibility_of(document: Mapping[str, Any]) -> Eligibility:
    died = document.get("date_of_death")
    return Eligibility(
        date_of_death=date.fromisoformat(died) if died else None,
        imprisoned=bool(document.get("imprisoned", False)),
        duplicate_receipt=bool(document.get("duplicate_receipt", False)),
    )


def certification_of(document: Mapping[str, Any]) -> PensionerCertification:
    return PensionerCertification(
        state=state_of(document),
        proofs=tuple(proof_of(proof) for proof in document.get("proofs") or ()),
        eligibility=eligibility_of(document),
    )
