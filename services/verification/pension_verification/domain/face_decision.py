"""The decision on a face proof of life: the challenge, the frames' quality, the liveness actions and the match of
every frame against the enrolment template, kept whole so that the adapter stores it as it is and an auditor reads
from it what was measured, against which thresholds, with which model, and why it was decided so.

The order of the checks: the challenge (signature, expiry, single use, the same resident); a challenge refused
fails the proof and nothing else is looked at. Then the frames' quality: any problem asks for a retake (RETAKE,
with the quality codes) before anything is judged on them. Then liveness (frame count, order, distinct frames,
each action) and the match of every frame; any of them failing fails the proof (FAILED, with every reason).

Face distance is the Euclidean distance between the frame's 128-dimension descriptor and the enrolment template's
(dlib's ResNet model; the adapter computes both). dlib's convention accepts at 0.6 or less, tuned on public figures
(LFW). Between photos of one person the model gives about 0.35-0.42 and between two people 0.76-0.85 (issue 9);
the default here accepts at 0.50 or less: the same person's photos stay 0.08 below it and two people's 0.26
above, and the likeliest impostor of a pension (a relative of a dead pensioner) resembles them more than two
strangers do; a refused honest pensioner retakes or is visited by the agent.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Final

from pension_verification.domain.face_quality import QualityReport
from pension_verification.domain.liveness import (
    Challenge,
    ChallengeChecks,
    Frame,
    LivenessResult,
    LivenessThresholds,
    check_actions,
)

__all__ = [
    "FACE_MISMATCH",
    "LIVENESS_FAILED",
    "Check",
    "CheckStatus",
    "FaceDecision",
    "FaceModel",
    "FrameDistance",
    "MatchThresholds",
    "Outcome",
    "decide_face_proof",
]

FACE_MISMATCH: Final = "FACE_MISMATCH"
LIVENESS_FAILED: Final = "LIVENESS_FAILED"
CHALLENGE_REASONS: Final = {
    "CHALLENGE_SIGNATURE": "CHALLENGE_SIGNATURE_INVALID",
    "CHALLENGE_NOT_EXPIRED": "CHALLENGE_EXPIRED",
    "CHALLENGE_NOT_USED": "CHALLENGE_USED",
    "CHALLENGE_FOR_RESIDENT": "CHALLENGE_OTHER_RESIDENT",
}


class Outcome(StrEnum):
    PASSED = "PASSED"
    FAILED = "FAILED"
    RETAKE = "RETAKE"  # the frames' quality did not allow a decision: take them again (on a new challenge)


class CheckStatus(StrEnum):
    PASSED = "PASSED"
    FAILED = "FAILED"
    NOT_RUN = "NOT_RUN"  # an earlier check decided already


@dataclass(frozen=True, slots=True)
class Check:
    """One check of the decision: a stable name, how it went, and what it measured."""

    name: str
    status: CheckStatus
    detail: str = ""


@dataclass(frozen=True, slots=True)
class FaceModel:
    """The face recognition model that computed the distances, as the adapter loaded it."""

    name: str
    version: str


@dataclass(frozen=True, slots=True)
class MatchThresholds:
    max_distance: float = 0.50  # accept a frame at this distance or less (module docstring: why 0.50)


@dataclass(frozen=True, slots=True)
class FrameDistance:
    sequence: int
    distance: float
    matched: bool


@dataclass(frozen=True, slots=True)
class FaceDecision:
    """A face proof's decision, whole: what the adapter stores and the auditor reads."""

    challenge_id: str
    resident_id: str
    actions: tuple[str, ...]  # what the challenge asked, in order
    decided_at: datetime
    outcome: Outcome
    reasons: tuple[str, ...]  # every reason code, in the order of the checks; empty when PASSED
    checks: tuple[Check, ...]
    distances: tuple[FrameDistance, ...]
    model: FaceModel
    match_thresholds: MatchThresholds
    liveness_thresholds: LivenessThresholds
    quality: QualityReport | None  # each frame's quality codes and the thresholds used; None if not looked at
    liveness: LivenessResult | None = None  # each frame's EAR and yaw, the actions observed

    @property
    def passed(self) -> bool:
        return self.outcome is Outcome.PASSED

    @property
    def worst_distance(self) -> float | None:
        return max((d.distance for d in self.distances), default=None)

    @property
    def score_permille(self) -> int:
        """The contract's face_match_score_permille: 1000 x (1 - the worst frame's distance), within 0-1000."""
        worst = self.worst_distance
        return 0 if worst is None else max(0, min(1000, round(1000 * (1 - worst))))

    @property
    def failure_code(self) -> str:
        """The contract's one failure code: a challenge's reason, FACE_MISMATCH (before liveness: a wrong person
        matters more), LIVENESS_FAILED, or the first quality code of a retake; '' when passed."""
        if self.passed:
            return ""
        if self.outcome is Outcome.RETAKE or self.reasons[0] in CHALLENGE_REASONS.values():
            return self.reasons[0]
        return FACE_MISMATCH if FACE_MISMATCH in self.reasons else LIVENESS_FAILED

    def explain(self) -> str:
        """The decision in lines an auditor reads."""
        lines = [
            f"face proof of {self.resident_id} on challenge {self.challenge_id} ({', '.join(self.actions)}), "
            f"decided {self.decided_at.isoformat()}: {self.outcome}"
            + (f" ({', '.join(self.reasons)})" if self.reasons else ""),
            f"model {self.model.name} {self.model.version}; a frame matches at distance <= "
            f"{self.match_thresholds.max_distance:.2f}",
            f"liveness thresholds: {self.liveness_thresholds}",
        ]
        if self.quality is not None:
            lines.append(f"quality thresholds: {self.quality.thresholds}")
        lines.extend(f"{c.name}: {c.status}" + (f" ({c.detail})" if c.detail else "") for c in self.checks)
        return "\n".join(lines)


def _status(passed: bool) -> CheckStatus:
    return CheckStatus.PASSED if passed else CheckStatus.FAILED


def _action_name(position: int, action: str) -> str:
    return f"ACTION_{position + 1}_{action}"


def decide_face_proof(
    challenge: Challenge,
    challenge_checks: ChallengeChecks,
    *,
    resident_id: str,
    decided_at: datetime,
    model: FaceModel,
    quality: QualityReport | None = None,
    frames: Sequence[Frame] = (),
    distances: Mapping[int, float] | None = None,
    liveness_thresholds: LivenessThresholds | None = None,
    match_thresholds: MatchThresholds | None = None,
) -> FaceDecision:
    """Decides a face proof of `resident_id` answering `challenge` (checked by liveness.check_challenge).

    `quality` is needed once the challenge passes; `frames` (their landmarks) and `distances` (by frame sequence,
    one for every frame) once the quality is good. What the order of the checks did not need may be left out."""
    lt = liveness_thresholds or LivenessThresholds()
    mt = match_thresholds or MatchThresholds()
    checks = [
        Check("CHALLENGE_SIGNATURE", _status(challenge_checks.signature_valid)),
        Check(
            "CHALLENGE_NOT_EXPIRED",
            _status(challenge_checks.not_expired),
            f"expires {challenge.expires_at.isoformat()}",
        ),
        Check("CHALLENGE_NOT_USED", _status(challenge_checks.not_used)),
        Check(
            "CHALLENGE_FOR_RESIDENT",
            _status(challenge.resident_id == resident_id),
            f"issued to {challenge.resident_id}",
        ),
    ]
    later = ["FRAME_QUALITY", "FRAME_COUNT", "FRAMES_IN_ORDER", "FRAMES_DISTINCT"]
    later += [_action_name(i, action) for i, action in enumerate(challenge.actions)]
    later += ["FACE_MATCH"]

    def decision(
        outcome: Outcome,
        reasons: Sequence[str],
        ran: Sequence[Check],
        liveness: LivenessResult | None = None,
        matched: Sequence[FrameDistance] = (),
    ) -> FaceDecision:
        done = {check.name for check in ran}
        rest = [Check(name, CheckStatus.NOT_RUN) for name in later if name not in done]
        return FaceDecision(
            challenge.challenge_id,
            resident_id,
            tuple(str(action) for action in challenge.actions),
            decided_at,
            outcome,
            tuple(reasons),
            (*ran, *rest),
            tuple(matched),
            model,
            mt,
            lt,
            quality,
            liveness,
        )

    refused = [CHALLENGE_REASONS[c.name] for c in checks if c.status is CheckStatus.FAILED]
    if refused:
        return decision(Outcome.FAILED, refused, checks)

    if quality is None:
        raise ValueError("a face proof on a valid challenge needs the frames' quality")
    checks.append(Check("FRAME_QUALITY", _status(quality.usable), ", ".join(quality.codes)))
    if not quality.usable:
        return decision(Outcome.RETAKE, quality.codes, checks)

    distances = distances or {}
    sequences = [frame.sequence for frame in frames]
    if set(distances) != set(sequences) or any(math.isnan(d) or d < 0 for d in distances.values()):
        raise ValueError("a face proof needs one distance, a number at least 0, for every frame")
    liveness = check_actions(challenge, frames, lt)
    looked = liveness.frame_count_ok and liveness.in_order
    checks.append(Check("FRAME_COUNT", _status(liveness.frame_count_ok), f"{len(frames)} frames"))
    checks.append(Check("FRAMES_IN_ORDER", _status(liveness.in_order)))
    if looked:
        checks.append(Check("FRAMES_DISTINCT", _status(liveness.distinct)))
        for action in liveness.actions:
            shown = ", ".join(map(str, action.frames))
            seen = f"frames {shown}" if action.passed else f"saw {action.observed or 'nothing'} there"
            checks.append(Check(_action_name(action.position, action.action), _status(action.passed), seen))

    matched = [FrameDistance(s, distances[s], distances[s] <= mt.max_distance) for s in sequences]
    every_frame = bool(matched) and all(d.matched for d in matched)
    checks.append(
        Check(
            "FACE_MATCH",
            _status(every_frame),
            "; ".join(f"frame {d.sequence} {d.distance:.3f}" for d in matched) + f" (at most {mt.max_distance:.2f})",
        )
    )
    reasons = [*liveness.refusals, *([] if every_frame else [FACE_MISMATCH])]
    return decision(Outcome.FAILED if reasons else Outcome.PASSED, reasons, checks, liveness, matched)
