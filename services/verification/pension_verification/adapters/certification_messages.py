"""The contract's messages of the certification cycle: the events its announcements become, and the replies' parts.

The domain announces plain values (domain.certification's CertificationPassed, CertificationDueSoon,
CertificationOverdue); these builders make the events payout and supervision read of them, and the replies reuse
the same Certification and CertificationStatus messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

from google.protobuf.message import Message

from pension.common.v1 import types_pb2
from pension.verification.v1 import events_pb2, verification_pb2
from pension_kit.protoconv import to_calendar_date, to_timestamp, to_year_month
from pension_verification.domain.certification import (
    AGENT_VISIT,
    CURRENT,
    DATA,
    DECEASED,
    DUE_SOON,
    FACE,
    NOT_REQUIRED,
    OVERDUE,
    CertificationDueSoon,
    CertificationOverdue,
    CertificationPassed,
    CycleEvent,
)
from pension_verification.domain.proofs import (
    BANK_COUNTER_WITHDRAWAL,
    GOVERNMENT_SERVICE,
    HOSPITAL_VISIT,
    PensionerCertification,
    Proof,
)
from pension_verification.domain.visits import Position

METHOD_NUMBERS: Final = {
    FACE: verification_pb2.CERTIFICATION_METHOD_FACE,
    AGENT_VISIT: verification_pb2.CERTIFICATION_METHOD_AGENT_VISIT,
    DATA: verification_pb2.CERTIFICATION_METHOD_DATA,
}
SIGN_OF_LIFE_NUMBERS: Final = {
    HOSPITAL_VISIT: verification_pb2.SIGN_OF_LIFE_SOURCE_HOSPITAL_VISIT,
    BANK_COUNTER_WITHDRAWAL: verification_pb2.SIGN_OF_LIFE_SOURCE_BANK_COUNTER_WITHDRAWAL,
    GOVERNMENT_SERVICE: verification_pb2.SIGN_OF_LIFE_SOURCE_GOVERNMENT_SERVICE,
}
SIGN_OF_LIFE_NAMES: Final[dict[int, str]] = {number: name for name, number in SIGN_OF_LIFE_NUMBERS.items()}
STATE_NUMBERS: Final = {
    CURRENT: verification_pb2.CERTIFICATION_STATE_CURRENT,
    DUE_SOON: verification_pb2.CERTIFICATION_STATE_DUE_SOON,
    OVERDUE: verification_pb2.CERTIFICATION_STATE_OVERDUE,
    DECEASED: verification_pb2.CERTIFICATION_STATE_DECEASED,
    NOT_REQUIRED: verification_pb2.CERTIFICATION_STATE_NOT_REQUIRED,
}


ACTION_NUMBERS: Final = {
    "BLINK": verification_pb2.LIVENESS_ACTION_BLINK,
    "TURN_LEFT": verification_pb2.LIVENESS_ACTION_TURN_LEFT,
    "TURN_RIGHT": verification_pb2.LIVENESS_ACTION_TURN_RIGHT,
}
# The contract's words for the domain's outcomes and check statuses.
OUTCOME_NAMES: Final = {"PASSED": "PASSED", "FAILED": "REFUSED", "RETAKE": "RETAKE"}
CHECK_STATUS_NAMES: Final = {"PASSED": "PASSED", "FAILED": "FAILED", "NOT_RUN": "NOT_CHECKED"}


def _millionths(value: float) -> int:
    return round(value * 1_000_000)


def face_decision_message(attempt: Mapping[str, Any]) -> verification_pb2.FaceDecision:
    """A face decision as stored (adapters.face_documents) in the contract's terms: distances in millionths."""
    return verification_pb2.FaceDecision(
        challenge_id=attempt["challenge_id"],
        outcome=OUTCOME_NAMES[attempt["outcome"]],
        reasons=attempt["reasons"],
        checks=[
            verification_pb2.FaceCheck(
                name=check["name"], status=CHECK_STATUS_NAMES[check["status"]], detail=check["detail"]
            )
            for check in attempt["checks"]
        ],
        frame_distances_e6=[_millionths(d["distance"]) for d in attempt["distances"]],
        max_distance_e6=_millionths(attempt["max_distance"]),
        model=attempt["model"],
        model_version=attempt["model_version"],
        actions=[ACTION_NUMBERS[action] for action in attempt["actions"]],
    )


def retake_hint_messages(attempt: Mapping[str, Any]) -> list[verification_pb2.RetakeHint]:
    return [
        verification_pb2.RetakeHint(
            code=hint["code"], frame=hint["frame"], message_zh=hint["message_zh"], message_en=hint["message_en"]
        )
        for hint in attempt.get("retake_hints") or ()
    ]


def _score_permille(attempt: Mapping[str, Any]) -> int:
    """1000 x (1 - the worst frame's distance), within 0-1000 (as FaceDecision.score_permille)."""
    worst = max((d["distance"] for d in attempt["distances"]), default=None)
    return 0 if worst is None else max(0, min(1000, round(1000 * (1 - worst))))


def face_failed_message(
    attempt: Mapping[str, Any],
    *,
    resident_id: str,
    agent_id: str,
    evidence_ref: str,
    pooling_region_code: str,
    village_code: str,
) -> events_pb2.CertificationFailed:
    """A face proof that failed or asks for a retake, with its whole decision (never a descriptor)."""
    message = failed_message(
        resident_id=resident_id,
        method=FACE,
        failure_code=attempt["failure_code"],
        agent_id=agent_id,
        position=None,
        attempted_at=attempt["decided_at"],
        evidence_ref=evidence_ref,
        pooling_region_code=pooling_region_code,
        village_code=village_code,
    )
    message.face_decision.CopyFrom(face_decision_message(attempt))
    return message


def certification_message(
    resident_id: str, proof: Proof, face: Mapping[str, Any] | None = None
) -> verification_pb2.Certification:
    message = verification_pb2.Certification(
        certification_id=proof.certification_id,
        resident_id=resident_id,
        method=METHOD_NUMBERS[proof.method],
        certified_on=to_calendar_date(proof.certified_on),
        certified_at=to_timestamp(proof.certified_at),
        evidence_ref=proof.evidence_ref,
        agent_id=proof.agent_id,
        next_due_on=to_calendar_date(proof.next_due_on),
        village_code=proof.village_code,
        sign_of_life_ref=proof.sign_of_life_ref,
    )
    if proof.sign_of_life_source:
        message.sign_of_life_source = SIGN_OF_LIFE_NUMBERS[proof.sign_of_life_source]
    if proof.position is not None:
        message.position.CopyFrom(geo_point(proof.position))
    if face is not None:  # a face proof's decision (`face`, as stored): only a passed one becomes a proof
        message.face_decision.CopyFrom(face_decision_message(face))
        message.face_match_score_permille = _score_permille(face)
        message.liveness_passed = face["outcome"] == "PASSED"
    return message


def geo_point(position: Position) -> types_pb2.GeoPoint:
    return types_pb2.GeoPoint(
        latitude_e6=position.latitude_e6, longitude_e6=position.longitude_e6, accuracy_m=position.accuracy_m
    )


def failed_message(
    *,
    resident_id: str,
    method: str,
    failure_code: str,
    agent_id: str,
    position: Position | None,
    attempted_at: datetime,
    evidence_ref: str,
    pooling_region_code: str,
    village_code: str,
) -> events_pb2.CertificationFailed:
    """A proof-of-life attempt refused, for supervision's rules (an agent certifying far from the village)."""
    message = events_pb2.CertificationFailed(
        resident_id=resident_id,
        method=METHOD_NUMBERS[method],
        failure_code=failure_code,
        agent_id=agent_id,
        attempted_at=to_timestamp(attempted_at),
        evidence_ref=evidence_ref,
        pooling_region_code=pooling_region_code,
        village_code=village_code,
    )
    if position is not None:
        message.position.CopyFrom(geo_point(position))
    return message


def passed_message(
    passed: CertificationPassed, proof: Proof, face: Mapping[str, Any] | None = None
) -> events_pb2.CertificationPassed:
    """A proof of life passed: when `was_overdue`, payout resumes from `resumes_from` (the month it is recorded in)."""
    message = events_pb2.CertificationPassed(
        certification=certification_message(passed.resident_id, proof, face),
        was_overdue=passed.was_overdue,
        pooling_region_code=passed.pooling_region_code,
    )
    if passed.resumes_from is not None:
        message.resumes_from.CopyFrom(to_year_month(passed.resumes_from))
    return message


def due_soon_message(due: CertificationDueSoon) -> events_pb2.CertificationDueSoon:
    return events_pb2.CertificationDueSoon(
        resident_id=due.resident_id,
        due_on=to_calendar_date(due.due_on),
        last_certified_on=to_calendar_date(due.last_certified_on),
        village_code=due.village_code,
        pooling_region_code=due.pooling_region_code,
    )


def overdue_message(overdue: CertificationOverdue) -> events_pb2.CertificationOverdue:
    """Past the due date without proof: payout suspends from `suspend_from`."""
    return events_pb2.CertificationOverdue(
        resident_id=overdue.resident_id,
        due_on=to_calendar_date(overdue.due_on),
        last_certified_on=to_calendar_date(overdue.last_certified_on),
        suspend_from=to_year_month(overdue.suspend_from),
        village_code=overdue.village_code,
        pooling_region_code=overdue.pooling_region_code,
    )


def event_message(event: CycleEvent, proof: Proof | None = None, face: Mapping[str, Any] | None = None) -> Message:
    """The event an announcement becomes; a passed proof needs the proof as kept (`proof`), a face proof its
    decision as stored (`face`)."""
    match event:
        case CertificationPassed():
            if proof is None:
                raise ValueError("a CertificationPassed event needs its proof")
            return passed_message(event, proof, face)
        case CertificationDueSoon():
            return due_soon_message(event)
        case CertificationOverdue():
            return overdue_message(event)


def status_message(
    certification: PensionerCertification, status: str, *, death_reported: bool = False
) -> verification_pb2.CertificationStatus:
    """Where a pensioner stands: `status` as of the day asked (see service_layer.certification_queries), with the
    eligibility flags; `death_reported` while an agent's report of the death awaits a decision."""
    state = certification.state
    eligibility = certification.eligibility
    message = verification_pb2.CertificationStatus(
        resident_id=state.resident_id,
        state=STATE_NUMBERS[status],
        due_on=to_calendar_date(None if state.ended else state.valid_until),
        village_code=state.village_code,
        date_of_death=to_calendar_date(eligibility.date_of_death),
        death_reported=death_reported,
        imprisoned=eligibility.imprisoned,
        duplicate_receipt=eligibility.duplicate_receipt,
    )
    last = certification.last_proof
    if last is not None:
        message.last_certification.CopyFrom(certification_message(state.resident_id, last))
    return message
