"""Face proof of life: the enrolment photo and its sealed template, the liveness challenge, and the proof itself.

A proof answers one signed, single-use challenge with 2 to 5 frames. Each frame is decoded within limits and
measured once by the model (one detection, 68 landmarks and one descriptor), and kept in the photo store as
evidence. The domain decides (domain/face_decision.py): a retake when a frame is unusable, else liveness and the
match of every frame against the template (opened in memory only). A pass is recorded through ProofService.record
(CertificationPassed); a failure or a retake is kept on the certification with a CertificationFailed event, in one
unit of work either way. The same request id is answered from what it recorded.
"""

from __future__ import annotations

import asyncio
import random
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final

from pension_kit.clock import today_in_china
from pension_kit.errors import AlreadyExists, DomainError, FailedPrecondition, InvalidArgument, NotFound
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document
from pension_kit.outbox import NotifyRelay
from pension_kit.unit_of_work import Decision
from pension_verification.adapters.certification_documents import certification_of, state_of
from pension_verification.adapters.certification_messages import face_failed_message
from pension_verification.adapters.certification_repository import Certifications
from pension_verification.adapters.face_documents import attempt_of_request, attempts_with, face_decision_document
from pension_verification.adapters.face_model import (
    PNG_MAGIC,
    Descriptor,
    DlibFaceModel,
    FrameMeasurement,
    face_distance,
)
from pension_verification.adapters.face_templates import FaceTemplates
from pension_verification.adapters.liveness_challenges import (
    Consumption,
    LivenessChallenges,
    decode_token,
    encode_token,
)
from pension_verification.adapters.photo_store import ENROLMENT, FACE_FRAME, PhotoStore
from pension_verification.adapters.resident_villages import ResidentVillages
from pension_verification.adapters.store import certification_id, enrolment_photo_id, face_attempt_id, face_frame_id
from pension_verification.domain.certification import FACE
from pension_verification.domain.face_decision import FaceModel, decide_face_proof
from pension_verification.domain.face_quality import assess_quality
from pension_verification.domain.liveness import (
    Challenge,
    ChallengeChecks,
    Frame,
    LivenessThresholds,
    issue_challenge,
    require_usable,
)
from pension_verification.domain.proofs import PensionerCertification, Proof
from pension_verification.service_layer import (
    certification_unit,
    change_certification,
    client_request,
    not_a_pensioner,
)
from pension_verification.service_layer.arguments import request_id as checked_request_id
from pension_verification.service_layer.arguments import required_id
from pension_verification.service_layer.proofs import ProofService

# Who takes a face proof or an enrolment photo: the agent of the pensioner's village (on their phone), officers.
FACE_ROLES: Final = (Role.VILLAGE_AGENT, Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER)


@dataclass(frozen=True)
class EnrolmentPhoto:
    photo_ref: str
    model: FaceModel


@dataclass(frozen=True)
class IssuedChallenge:
    challenge: Challenge
    token: str


@dataclass(frozen=True)
class FaceAnswer:
    """A face proof's answer: its decision as stored, the proof when it passed, the certification after it."""

    attempt: Document
    proof: Proof | None
    certification: PensionerCertification

    @property
    def passed(self) -> bool:
        return self.proof is not None


def _unknown_resident(resident_id: str) -> NotFound:
    return NotFound(
        "RESIDENT_NOT_FOUND", f"resident {resident_id} is not known", field="resident_id", message_zh="未找到该参保人"
    )


def _content_type(data: bytes) -> str:
    return "image/png" if data.startswith(PNG_MAGIC) else "image/jpeg"


class FaceService:
    def __init__(
        self,
        repository: Certifications,
        *,
        proofs: ProofService,
        templates: FaceTemplates,
        challenges: LivenessChallenges,
        photos: PhotoStore,
        villages: ResidentVillages,
        model: Callable[[], DlibFaceModel],
        challenge_key: bytes,
        challenge_ttl: timedelta,
        topic: str,
        notify_relay: NotifyRelay,
        liveness_thresholds: LivenessThresholds | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        rng: random.Random | None = None,
    ) -> None:
        self.repository = repository
        self.proofs = proofs
        self.templates = templates
        self.challenges = challenges
        self.photos = photos
        self.villages = villages
        self._model = model  # loaded at first use: about a second, and 100 MB a process without faces need not hold
        self._key = challenge_key
        self.challenge_ttl = challenge_ttl
        self.liveness_thresholds = liveness_thresholds or LivenessThresholds()
        self.now = now
        self.rng = rng or secrets.SystemRandom()
        self.unit = certification_unit(repository, topic=topic, notify_relay=notify_relay)

    @property
    def model(self) -> DlibFaceModel:
        return self._model()

    async def _resident_village(self, resident_id: str, caller: Caller) -> str:
        village = await self.villages.village_of(resident_id)
        caller.require_resident_found(resident_id, village, not_found=lambda: _unknown_resident(resident_id))
        assert village is not None
        return village

    async def _measure(self, data: bytes) -> FrameMeasurement:
        # The model is blocking and CPU-bound: never on the event loop.
        return await asyncio.to_thread(self.model.measure, data)

    # --- the enrolment photo ---------------------------------------------------------------------------

    async def upload_enrolment_photo(
        self, resident_id: str, image: bytes, *, request_id: str, caller: Caller
    ) -> EnrolmentPhoto:
        """Keeps a photo of exactly one clear face and its sealed template (replacing an earlier one); a photo the
        model cannot use is refused with its retake code, and nothing is stored."""
        caller.require_role(*FACE_ROLES)
        resident_id = required_id(resident_id, "resident_id")
        request = checked_request_id(request_id)
        await self._resident_village(resident_id, caller)
        photo_ref = enrolment_photo_id(resident_id, request)
        stored = await self.photos.photo(photo_ref)
        template = await self.templates.record(resident_id)
        # This request's, or replaced since by a later upload: the first answer stands.
        if (
            stored is not None
            and template is not None
            and (template.photo_ref == photo_ref or template.created_at >= stored.uploaded_at)
        ):
            return EnrolmentPhoto(photo_ref, template.model if template.photo_ref == photo_ref else self.model.model)
        measurement = await self._measure(image)
        report = assess_quality([measurement.quality(1)])
        if not report.usable:
            advice = report.advice()[0]
            raise InvalidArgument(str(advice.code), advice.message, field="image", message_zh=advice.message_zh)
        assert measurement.descriptor is not None  # one usable face has one
        await self.photos.put(
            photo_ref, image, resident_id=resident_id, kind=ENROLMENT, content_type=_content_type(image)
        )
        model = self.model.model
        await self.templates.replace(
            resident_id,
            measurement.descriptor,
            model=model,
            photo_ref=photo_ref,
            request_id=request,
            created_at=self.now(),
        )
        return EnrolmentPhoto(photo_ref, model)

    # --- the liveness challenge ------------------------------------------------------------------------

    async def issue_liveness_challenge(self, resident_id: str, *, caller: Caller) -> IssuedChallenge:
        """A new random challenge of 2 or 3 actions for the resident, signed and stored unused."""
        caller.require_role(*FACE_ROLES)
        resident_id = required_id(resident_id, "resident_id")
        await self._resident_village(resident_id, caller)
        challenge = issue_challenge(
            f"LC-{secrets.token_hex(16)}",
            resident_id,
            key=self._key,
            now=self.now(),
            rng=self.rng,
            ttl=self.challenge_ttl,
        )
        await self.challenges.issued(challenge)
        return IssuedChallenge(challenge, encode_token(challenge))

    # --- the proof -------------------------------------------------------------------------------------

    async def record_face(
        self,
        resident_id: str,
        *,
        request_id: str,
        challenge_token: str,
        frames: Sequence[bytes],
        caller: Caller,
    ) -> FaceAnswer:
        """A face proof of life: 2 to 5 frames answering a challenge of this service, for a pensioner of the caller's
        villages. Refused (nothing written): a challenge not this service's, expired, another resident's or used
        by another request; no enrolment photo; a frame that is no image; an ended cycle. Decided otherwise:
        PASSED (the proof and CertificationPassed), FAILED or RETAKE (the attempt and CertificationFailed)."""
        caller.require_role(*FACE_ROLES)
        resident_id = required_id(resident_id, "resident_id")
        request = checked_request_id(request_id)
        limits = self.liveness_thresholds
        if not limits.min_frames <= len(frames) <= limits.max_frames:
            raise InvalidArgument(
                "FRAME_COUNT",
                f"a face proof has {limits.min_frames} to {limits.max_frames} frames, not {len(frames)}",
                field="frames",
                message_zh=f"请拍摄{limits.min_frames}至{limits.max_frames}张照片",
            )
        challenge = decode_token(challenge_token)
        identifier = certification_id(resident_id)
        document = await self.repository.get(identifier)
        caller.require_resident_found(
            resident_id,
            None if document is None else document["village_code"],
            not_found=lambda: not_a_pensioner(resident_id),
        )
        assert document is not None
        if client_request(request) in document.get("applied_requests", ()):
            return self._answered(document, request)
        state_of(document).require_open()  # before a challenge is used or a frame kept

        now = self.now()
        descriptor = await self._usable(challenge, resident_id, request, now)

        attempt_id = face_attempt_id(resident_id, request)
        frame_refs = [face_frame_id(attempt_id, index) for index in range(len(frames))]
        measurements = await self._measure_and_keep(frames, frame_refs, resident_id)
        quality = assess_quality([m.quality(i + 1) for i, m in enumerate(measurements)])
        read: list[Frame] = []
        distances: dict[int, float] = {}
        if quality.usable:
            for i, measurement in enumerate(measurements):
                assert measurement.descriptor is not None
                # The frames come in the order they were taken; the contract carries no time of each.
                read.append(measurement.frame(i + 1, now + timedelta(microseconds=i)))
                distances[i + 1] = face_distance(descriptor, measurement.descriptor)
        decision = decide_face_proof(
            challenge,
            ChallengeChecks(signature_valid=True, not_expired=True, not_used=True),
            resident_id=resident_id,
            decided_at=now,
            model=self.model.model,
            quality=quality,
            frames=read,
            distances=distances,
            liveness_thresholds=self.liveness_thresholds,
        )
        attempt = face_decision_document(decision, request_id=request, attempt_id=attempt_id, frame_refs=frame_refs)
        agent_id = caller.user_id if caller.role is Role.VILLAGE_AGENT else ""
        if decision.passed:
            recorded = await self.proofs.record(
                resident_id,
                kind=FACE,
                on=today_in_china(),
                evidence_ref=attempt_id,
                request_id=request,
                caller=caller,
                reason="face proof of life",
                agent_id=agent_id,
                face=attempt,
            )
            return FaceAnswer(attempt, recorded.proof, recorded.certification)
        return await self._failed(resident_id, request, attempt, agent_id, caller)

    async def _usable(self, challenge: Challenge, resident_id: str, request: str, now: datetime) -> Descriptor:
        """Checks the challenge (signature, expiry, resident), that the resident has a template of this model, and
        uses the challenge for `request` once; returns the template's descriptor, opened in memory."""
        try:
            require_usable(challenge, key=self._key, now=now, already_used=False)
        except DomainError as refusal:  # named after the request's field, which carries the challenge
            refusal.field = "challenge_token"
            raise
        if challenge.resident_id != resident_id:
            raise InvalidArgument(
                "CHALLENGE_OTHER_RESIDENT",
                "the challenge was issued for another resident",
                field="challenge_token",
                message_zh="认证挑战不属于该参保人，请重新获取",
            )
        opened = await self.templates.opened(resident_id)
        if opened is None:
            raise FailedPrecondition(
                "ENROLMENT_PHOTO_MISSING",
                f"{resident_id} has no enrolment photo to match against",
                field="resident_id",
                message_zh="该参保人尚未采集登记照片，请先上传",
            )
        template, descriptor = opened
        model = self.model.model
        if template.model != model:
            raise FailedPrecondition(
                "TEMPLATE_MODEL_CHANGED",
                f"the enrolment photo was measured by {template.model.version}, not {model.version}: upload it again",
                field="resident_id",
                message_zh="人脸模型已更新，请重新上传登记照片",
            )
        consumed = await self.challenges.consume(challenge.challenge_id, request_id=request, now=now)
        if consumed is Consumption.OTHER_REQUEST:
            raise FailedPrecondition(
                "CHALLENGE_ALREADY_USED",
                "the challenge was answered already",
                field="challenge_token",
                message_zh="认证挑战已使用，请重新获取",
            )
        if consumed is Consumption.UNKNOWN:
            raise InvalidArgument(
                "CHALLENGE_UNKNOWN",
                "the challenge was not issued by this service",
                field="challenge_token",
                message_zh="认证挑战无效，请重新获取",
            )
        return descriptor

    async def _measure_and_keep(
        self, frames: Sequence[bytes], frame_refs: Sequence[str], resident_id: str
    ) -> list[FrameMeasurement]:
        """Each frame measured once (in a worker thread); a frame measured is stored as evidence while the next is
        measured. A frame refused (not an image, too large) refuses the proof, and the frames stored are deleted."""
        measurements: list[FrameMeasurement] = []
        storing: list[asyncio.Task[None]] = []
        try:
            for data, ref in zip(frames, frame_refs, strict=True):
                measurements.append(await self._measure(data))
                storing.append(
                    asyncio.create_task(
                        self.photos.keep(
                            ref, data, resident_id=resident_id, kind=FACE_FRAME, content_type=_content_type(data)
                        )
                    )
                )
            await asyncio.gather(*storing)
        except BaseException:
            await asyncio.gather(*storing, return_exceptions=True)
            for ref in frame_refs:
                await self.photos.delete(ref)
            raise
        return measurements

    async def _failed(
        self, resident_id: str, request: str, attempt: Document, agent_id: str, caller: Caller
    ) -> FaceAnswer:
        def decide(document: Document) -> Decision[FaceAnswer]:
            certification = certification_of(document)
            state = certification.state
            message = face_failed_message(
                attempt,
                resident_id=resident_id,
                agent_id=agent_id,
                evidence_ref=attempt["attempt_id"],
                pooling_region_code=state.pooling_region_code,
                village_code=state.village_code,
            )
            update = {"$set": {"face_attempts": attempts_with(document, attempt)}}
            return Decision(update, [message], FaceAnswer(attempt, None, certification))

        return await change_certification(
            self.unit,
            resident_id,
            caller=caller,
            request_id=request,
            reason=f"face proof of life not passed: {attempt['failure_code']}",
            decide=decide,
            repeated=lambda document: self._answered(document, request),
        )

    def _answered(self, document: Document, request: str) -> FaceAnswer:
        """The answer a request gave (a repeat): its decision, and its proof when it passed."""
        certification = certification_of(document)
        attempt = attempt_of_request(document, request)
        if attempt is None:
            raise AlreadyExists(
                "REQUEST_ID_REUSED",
                f"request {request} was already used for another change of this pensioner",
                field="request_id",
            )
        proof = certification.proof_of_request(request) if attempt["outcome"] == "PASSED" else None
        return FaceAnswer(attempt, proof, certification)
