"""Recording an agent's visit in person as a proof of life: the village's own agent, near the village, recently,
with a photo, and not certifying themself or a relative; a visit too far away is refused and announced.

Every check is made before anything is written. A visit too far from the village committee is refused with
VISIT_TOO_FAR and, in one write to the pensioner's certification, a CertificationFailed event for supervision (an
agent "certifying" from town is what its rules look for); a repeat of that request is refused the same way without
a second event. A visit that passes stores its photo (GridFS, kind "visit", under an id derived from the request)
and records the proof through ProofService.record; should the proof then be refused, the photo stored for it is
deleted again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Final

from pension_kit.clock import CHINA, now_to_millisecond
from pension_kit.errors import DomainError, FailedPrecondition, InvalidArgument
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document
from pension_kit.outbox import NotifyRelay
from pension_kit.text import REASON_MAX, check_free_text
from pension_kit.unit_of_work import Decision
from pension_verification.adapters.certification_messages import failed_message
from pension_verification.adapters.certification_repository import Certifications
from pension_verification.adapters.face_model import DecodedImage, decode_image
from pension_verification.adapters.photo_store import VISIT, PhotoStore
from pension_verification.adapters.store import visit_photo_id
from pension_verification.adapters.visit_repository import VisitRecords
from pension_verification.domain.certification import AGENT_VISIT
from pension_verification.domain.proofs import PensionerCertification
from pension_verification.domain.visits import (
    Position,
    check_not_related,
    check_visited_at,
    checked_position,
    too_far,
)
from pension_verification.service_layer import certification_unit, change_certification, not_a_pensioner
from pension_verification.service_layer.arguments import agent_is_caller, required_id
from pension_verification.service_layer.arguments import request_id as checked_request_id
from pension_verification.service_layer.proofs import ProofService, Recorded

CONTENT_TYPES: Final = {"JPEG": "image/jpeg", "PNG": "image/png"}


async def _decoded_photo(photo: bytes) -> DecodedImage:
    """The photo checked as the face images are (adapters/face_model.py: size, format, dimensions), off the event
    loop; a refusal names this request's field, `photo`."""
    if not photo:
        raise InvalidArgument(
            "PHOTO_REQUIRED", "a visit needs its photo", field="photo", message_zh="入户认证须上传现场照片"
        )
    try:
        return await asyncio.to_thread(decode_image, photo)
    except InvalidArgument as refusal:
        raise InvalidArgument(refusal.reason, refusal.message, field="photo", message_zh=refusal.message_zh) from None


class VisitService:
    def __init__(
        self,
        repository: Certifications,
        visits: VisitRecords,
        photos: PhotoStore,
        proofs: ProofService,
        *,
        topic: str,
        notify_relay: NotifyRelay,
        max_distance_m: int,
        max_age_days: int,
        now: Callable[[], datetime] = now_to_millisecond,
    ) -> None:
        self.repository = repository
        self.visits = visits
        self.photos = photos
        self.proofs = proofs
        self.max_distance_m = max_distance_m
        self.max_age_days = max_age_days
        self.now = now
        self.unit = certification_unit(repository, topic=topic, notify_relay=notify_relay)

    async def record_visit(
        self,
        resident_id: str,
        *,
        agent_id: str,
        position: Position,
        visited_at: datetime | None,
        photo: bytes,
        note: str,
        request_id: str,
        caller: Caller,
    ) -> Recorded:
        """The agent in the token visited the pensioner at `position` on `visited_at` and took `photo`."""
        caller.require_role(Role.VILLAGE_AGENT)
        resident_id = required_id(resident_id, "resident_id")
        request_id = checked_request_id(request_id)
        agent_is_caller(agent_id, caller)
        note = check_free_text(note, field="note", max_length=REASON_MAX).strip()
        if visited_at is None:
            raise InvalidArgument(
                "VISITED_AT_REQUIRED", "visited_at is required", field="visited_at", message_zh="缺少认证时间"
            )
        check_visited_at(visited_at, now=self.now(), max_age_days=self.max_age_days)
        position = checked_position(position, field="position")
        decoded = await _decoded_photo(photo)

        certification = await self.repository.certification(resident_id)
        caller.require_resident_found(
            resident_id,
            None if certification is None else certification.state.village_code,
            not_found=lambda: not_a_pensioner(resident_id),
        )
        assert certification is not None
        state = certification.state
        relation = await self.visits.relation(caller.user_id, resident_id)
        check_not_related(relation.relation if relation is not None else None)
        village = await self.visits.village(state.village_code)
        if village is None or village.position is None or not village.position.known:
            raise FailedPrecondition(
                "VILLAGE_POSITION_UNKNOWN",
                f"verification has no position of village {state.village_code}",
                field="village_code",
                message_zh="尚未登记该村村委会位置，暂不能入户认证",
            )
        refusal = too_far(position, village.position, max_distance_m=self.max_distance_m)
        if refusal is not None:
            await self._announce_failure(
                certification,
                refusal,
                request_id=request_id,
                caller=caller,
                position=position,
                evidence_ref=f"sha256:{decoded.digest}",
            )
            raise refusal

        photo_id = visit_photo_id(resident_id, request_id)
        stored_before = await self.photos.photo(photo_id) is not None
        await self.photos.put(
            photo_id, photo, resident_id=resident_id, kind=VISIT, content_type=CONTENT_TYPES[decoded.format]
        )
        try:
            return await self.proofs.record(
                resident_id,
                kind=AGENT_VISIT,
                on=visited_at.astimezone(CHINA).date(),
                evidence_ref=photo_id,
                request_id=request_id,
                caller=caller,
                reason=note or "agent's visit in person",
                agent_id=caller.user_id,
                position=position,
            )
        except DomainError:
            if not stored_before:  # nothing half-written: the photo of a refused visit goes too
                await self.photos.delete(photo_id)
            raise

    async def _announce_failure(
        self,
        certification: PensionerCertification,
        refusal: DomainError,
        *,
        request_id: str,
        caller: Caller,
        position: Position,
        evidence_ref: str,
    ) -> None:
        """The refused attempt kept with the pensioner's certification, and announced (CertificationFailed) in the
        same write; a repeat of the request finds it applied and announces nothing more."""
        state = certification.state
        attempted_at = self.now()

        def decide(document: Document) -> Decision[None]:
            attempt = {
                "request_id": request_id,
                "method": AGENT_VISIT,
                "failure_code": refusal.reason,
                "agent_id": caller.user_id,
                "attempted_at": attempted_at,
                "evidence_ref": evidence_ref,
            }
            payload = failed_message(
                resident_id=state.resident_id,
                method=AGENT_VISIT,
                failure_code=refusal.reason,
                agent_id=caller.user_id,
                position=position,
                attempted_at=attempted_at,
                evidence_ref=evidence_ref,
                pooling_region_code=state.pooling_region_code,
                village_code=str(document["village_code"]),
            )
            return Decision({"$push": {"failed_attempts": attempt}}, [payload], None)

        await change_certification(
            self.unit,
            state.resident_id,
            caller=caller,
            request_id=request_id,
            reason=refusal.message,
            decide=decide,
            repeated=lambda document: None,
        )
