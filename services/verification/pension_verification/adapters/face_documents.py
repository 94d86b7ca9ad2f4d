"""A face decision as the certification document keeps it (`face_attempts`): every measurement, threshold, check and
reason of domain.face_decision.FaceDecision, with the request that made it and the frames kept as evidence, so
that a repeated request is answered from it and an auditor reads it whole. No descriptor is in it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any, Final

from pension_kit.mongo import Document
from pension_verification.domain.face_decision import FaceDecision, Outcome
from pension_verification.domain.face_quality import MESSAGES

# The attempts a certification keeps (the passed proofs are kept in `proofs` besides): enough for an auditor to
# see a run of failures, bounded so that the document stays small.
ATTEMPTS_KEPT: Final = 20


def retake_hints(decision: FaceDecision) -> list[Document]:
    """What to retake, frame by frame (0-based, as the frames were sent), in Chinese and English."""
    if decision.outcome is not Outcome.RETAKE or decision.quality is None:
        return []
    hints: list[Document] = []
    for frame in decision.quality.frames:
        for code in frame.codes:
            english, chinese = MESSAGES[code]
            hints.append({"frame": frame.sequence - 1, "code": str(code), "message_en": english, "message_zh": chinese})
    return hints


def face_decision_document(
    decision: FaceDecision, *, request_id: str, attempt_id: str, frame_refs: Sequence[str]
) -> Document:
    liveness = decision.liveness
    quality = decision.quality
    return {
        "attempt_id": attempt_id,
        "request_id": request_id,
        "challenge_id": decision.challenge_id,
        "resident_id": decision.resident_id,
        "actions": list(decision.actions),
        "decided_at": decision.decided_at,
        "outcome": str(decision.outcome),
        "reasons": list(decision.reasons),
        "failure_code": decision.failure_code,
        "checks": [{"name": c.name, "status": str(c.status), "detail": c.detail} for c in decision.checks],
        "distances": [{"frame": d.sequence, "distance": d.distance, "matched": d.matched} for d in decision.distances],
        "max_distance": decision.match_thresholds.max_distance,
        "model": decision.model.name,
        "model_version": decision.model.version,
        "liveness_thresholds": asdict(decision.liveness_thresholds),
        "quality_thresholds": asdict(quality.thresholds) if quality is not None else None,
        "quality": [{"frame": f.sequence, "codes": [str(c) for c in f.codes]} for f in quality.frames]
        if quality is not None
        else [],
        "readings": [{"frame": r.sequence, "ear": r.ear, "yaw": r.yaw} for r in liveness.readings]
        if liveness is not None
        else [],
        "observed": [str(action) for action in liveness.observed] if liveness is not None else [],
        "retake_hints": retake_hints(decision),
        "frames": list(frame_refs),
    }


def attempts_with(document: Mapping[str, Any], attempt: Document) -> list[Document]:
    """The certification's attempts with `attempt` appended, the oldest dropped beyond ATTEMPTS_KEPT."""
    return [*(document.get("face_attempts") or ()), attempt][-ATTEMPTS_KEPT:]


def attempt_of_request(document: Mapping[str, Any], request_id: str) -> Document | None:
    return next((a for a in document.get("face_attempts") or () if a.get("request_id") == request_id), None)
