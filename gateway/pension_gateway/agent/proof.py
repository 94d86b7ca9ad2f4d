"""Face proof and the enrolment photo on the agent's phone: the /v1 proof-of-life routes, for my villagers only.

Each route first finds the resident among the agent's villagers (a resident of another village is answered as an
unknown id, 404 `RESIDENT_NOT_FOUND`), then does what its /v1 counterpart does (api/routes/certifications.py); the
phone that took the frames is the one the token names, never one the body gives.
"""

from __future__ import annotations

from fastapi import APIRouter, status

from pension_gateway.agent.deps import AgentCaller
from pension_gateway.agent.reads import own_resident
from pension_gateway.api.access import allow
from pension_gateway.api.deps import Clients, Settings
from pension_gateway.api.problems import problem_responses
from pension_gateway.api.routes import certifications
from pension_gateway.api.routes.certifications import (
    EnrolmentPhotoIn,
    EnrolmentPhotoOut,
    FaceCertificationIn,
    FaceCertificationOut,
    FaceProofIn,
    LivenessChallengeOut,
)
from pension_gateway.api.routes.fields import (
    ResidentId,
)
from pension_kit.identity import Role

router = APIRouter(tags=["agent: proof of life"])


class AgentFaceCertificationIn(FaceProofIn):
    """A face proof from the phone: as `POST /v1/residents/{id}/face-certifications` takes it, without `device_id`
    (the signed-in phone's)."""


@router.post(
    "/residents/{resident_id}/photo",
    status_code=status.HTTP_201_CREATED,
    response_model=EnrolmentPhotoOut,
    responses=problem_responses(400, 401, 403, 404, 413, 415, 422, 503),
    **allow(Role.VILLAGE_AGENT),
)
async def upload_photo(
    resident_id: ResidentId, body: EnrolmentPhotoIn, caller: AgentCaller, clients: Clients, settings: Settings
) -> EnrolmentPhotoOut:
    """Store my villager's enrolment photo (one clear face; JPEG or PNG in base64, at most 4 MiB decoded), which
    later face proofs are matched against; it replaces an earlier one."""
    await own_resident(caller, clients, settings, resident_id)
    return await certifications.upload_enrolment_photo(resident_id, body, caller, clients, settings)


@router.post(
    "/residents/{resident_id}/liveness-challenges",
    status_code=status.HTTP_201_CREATED,
    response_model=LivenessChallengeOut,
    responses=problem_responses(400, 401, 403, 404, 422, 503),
    **allow(Role.VILLAGE_AGENT),
)
async def start_face_proof(
    resident_id: ResidentId, caller: AgentCaller, clients: Clients, settings: Settings
) -> LivenessChallengeOut:
    """Start a face proof of my villager: the actions to perform in front of the camera, in order, and the token
    to send back with the frames (valid a few minutes, once). No body."""
    await own_resident(caller, clients, settings, resident_id)
    return await certifications.issue_liveness_challenge(resident_id, caller, clients, settings)


@router.post(
    "/residents/{resident_id}/face-certifications",
    response_model=FaceCertificationOut,
    responses=problem_responses(400, 401, 403, 404, 409, 413, 415, 422, 503),
    **allow(Role.VILLAGE_AGENT),
)
async def record_face_proof(
    resident_id: ResidentId, body: AgentFaceCertificationIn, caller: AgentCaller, clients: Clients, settings: Settings
) -> FaceCertificationOut:
    """My villager's face proof of life: the frames taken while they followed the challenge's actions. The answer
    says whether it passed, and if not why and, for an unusable frame, what to do for a retake (Chinese, English)."""
    await own_resident(caller, clients, settings, resident_id)
    # Already validated: the frames are bytes now, so the /v1 body is built without validating them again.
    proof = FaceCertificationIn.model_construct(**dict(body), device_id=caller.device_id)
    return await certifications.record_face_certification(resident_id, proof, caller, clients, settings)
