"""Recording a passed proof of life: one unit of work per proof, its CertificationPassed event in the same write.

A proof while overdue says so in the event, and payout resumes the pension on it with back pay. The proof's id
is derived from the pensioner and the request id, and a repeated request is answered with the proof it recorded.
Face and agent-visit proofs come through `record` after their own checks (service_layer/visits.py); a data proof
counts only from a source the region's policy in force on the day observed lists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Final

from pension_kit.clock import now_to_millisecond, today_in_china
from pension_kit.errors import AlreadyExists
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document
from pension_kit.outbox import NotifyRelay
from pension_kit.text import REASON_MAX, REFERENCE_MAX, check_free_text
from pension_kit.unit_of_work import Decision
from pension_verification.adapters.certification_documents import certification_of, proof_document, state_fields
from pension_verification.adapters.certification_messages import event_message
from pension_verification.adapters.certification_repository import Certifications
from pension_verification.adapters.face_documents import attempts_with
from pension_verification.adapters.store import proof_id
from pension_verification.domain.certification import DATA
from pension_verification.domain.proofs import (
    PensionerCertification,
    Proof,
    check_sign_of_life,
    check_source_allowed,
)
from pension_verification.domain.visits import Position
from pension_verification.service_layer import certification_unit, change_certification
from pension_verification.service_layer.arguments import request_id as checked_request_id
from pension_verification.service_layer.arguments import required_id
from pension_verification.service_layer.policies import policy_on

# Who records a proof from data another system holds: officers, and the service's own feeds.
DATA_ROLES: Final = (Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER, Role.SYSTEM)


@dataclass(frozen=True)
class Recorded:
    """The proof recorded (or recorded before by the same request) and the pensioner's certification after it."""

    proof: Proof
    certification: PensionerCertification


class ProofService:
    def __init__(
        self,
        repository: Certifications,
        *,
        topic: str,
        notify_relay: NotifyRelay,
        data_max_age_days: int,
        today: Callable[[], date] = today_in_china,
    ) -> None:
        self.repository = repository
        self.data_max_age_days = data_max_age_days
        self.today = today
        self.unit = certification_unit(repository, topic=topic, notify_relay=notify_relay)

    async def record_data(
        self,
        resident_id: str,
        *,
        source: str,
        source_ref: str,
        observed_on: date,
        reason: str,
        request_id: str,
        caller: Caller,
    ) -> Recorded:
        """A sign of life another system holds (a hospital visit, a bank counter withdrawal, a government
        service used in person), observed recently, as the pensioner's proof of life dated the day observed."""
        caller.require_role(*DATA_ROLES)
        resident_id = required_id(resident_id, "resident_id")
        request_id = checked_request_id(request_id)
        source_ref = required_id(
            check_free_text(source_ref, field="source_ref", max_length=REFERENCE_MAX), "source_ref"
        )
        reason = check_free_text(reason, field="reason", max_length=REASON_MAX).strip()
        check_sign_of_life(source, observed_on, today=self.today(), max_age_days=self.data_max_age_days)
        return await self.record(
            resident_id,
            kind=DATA,
            on=observed_on,
            evidence_ref=source_ref,
            request_id=request_id,
            caller=caller,
            reason=reason or f"sign of life: {source.lower().replace('_', ' ')}",
            sign_of_life_source=source,
            sign_of_life_ref=source_ref,
        )

    async def record(
        self,
        resident_id: str,
        *,
        kind: str,
        on: date,
        evidence_ref: str,
        request_id: str,
        caller: Caller,
        reason: str,
        agent_id: str = "",
        sign_of_life_source: str = "",
        sign_of_life_ref: str = "",
        face: Document | None = None,
        position: Position | None = None,
    ) -> Recorded:
        """Records a proof already checked for its kind; the domain refuses one for an ended cycle or one older
        than the proof in force. An agent records only for a pensioner of their villages. A face proof's decision
        (`face`, adapters.face_documents) is kept with the certification's attempts and carried by the event."""
        certification_of_proof = proof_id(resident_id, request_id)

        async def decide(document: Document) -> Decision[Recorded]:
            certification = certification_of(document)
            state = certification.state
            policy = await policy_on(self.repository, state.pooling_region_code, on)
            if kind == DATA:
                check_source_allowed(sign_of_life_source, policy.data_sources)
            transition = state.record_proof(
                certification_of_proof,
                kind=kind,
                on=on,
                evidence_ref=evidence_ref,
                policy=policy,
                agent_id=agent_id,
                recorded_on=self.today(),
            )
            proof = Proof(
                certification_id=certification_of_proof,
                request_id=request_id,
                method=kind,
                certified_on=on,
                certified_at=now_to_millisecond(),
                evidence_ref=evidence_ref,
                agent_id=agent_id,
                next_due_on=transition.after.valid_until,
                village_code=state.village_code,
                sign_of_life_source=sign_of_life_source,
                sign_of_life_ref=sign_of_life_ref,
                position=position,
            )
            fields = state_fields(transition.after)
            if face is not None:
                fields["face_attempts"] = attempts_with(document, face)
            update = {"$set": fields, "$push": {"proofs": proof_document(proof)}}
            payloads = [event_message(event, proof, face) for event in transition.events]
            return Decision(
                update,
                payloads,
                Recorded(
                    proof,
                    PensionerCertification(transition.after, (*certification.proofs, proof), certification.eligibility),
                ),
            )

        def repeated(document: Document) -> Recorded:
            certification = certification_of(document)
            proof = certification.proof_of_request(request_id)
            if proof is None:  # the request id was used for another change of this pensioner
                raise AlreadyExists(
                    "REQUEST_ID_REUSED",
                    f"request {request_id} was already used for another change of this pensioner",
                    field="request_id",
                )
            return Recorded(proof, certification)

        return await change_certification(
            self.unit,
            resident_id,
            caller=caller,
            request_id=request_id,
            reason=reason,
            decide=decide,
            repeated=repeated,
        )
