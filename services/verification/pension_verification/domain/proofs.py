"""A passed proof of life as kept with a pensioner's certification, and the checks of a data proof's sign of life."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Final

from pension_kit.errors import FailedPrecondition, InvalidArgument
from pension_verification.domain.certification import CertificationState
from pension_verification.domain.eligibility import Eligibility
from pension_verification.domain.visits import Position

# pension.verification.v1.SignOfLifeSource, by name (a data proof says where its sign of life comes from).
HOSPITAL_VISIT: Final = "HOSPITAL_VISIT"
BANK_COUNTER_WITHDRAWAL: Final = "BANK_COUNTER_WITHDRAWAL"
GOVERNMENT_SERVICE: Final = "GOVERNMENT_SERVICE"
SIGN_OF_LIFE_SOURCES: Final = (HOSPITAL_VISIT, BANK_COUNTER_WITHDRAWAL, GOVERNMENT_SERVICE)


@dataclass(frozen=True, slots=True)
class Proof:
    """One passed proof of life: how, when, on what evidence, and until when it holds."""

    certification_id: str
    request_id: str  # the request that recorded it: a repeat of the request is answered with this proof
    method: str  # certification.METHODS
    certified_on: date
    certified_at: datetime
    evidence_ref: str
    agent_id: str
    next_due_on: date
    village_code: str
    sign_of_life_source: str = ""  # DATA only: one of SIGN_OF_LIFE_SOURCES
    sign_of_life_ref: str = ""  # DATA only: the other system's record
    position: Position | None = None  # AGENT_VISIT: where the photo was taken


@dataclass(frozen=True, slots=True)
class PensionerCertification:
    """A pensioner's certification as stored: the cycle's state and the proofs passed, oldest first."""

    state: CertificationState
    proofs: tuple[Proof, ...] = ()
    eligibility: Eligibility = field(default_factory=Eligibility)

    @property
    def last_proof(self) -> Proof | None:
        return self.proofs[-1] if self.proofs else None

    def proof_of_request(self, request_id: str) -> Proof | None:
        return next((proof for proof in reversed(self.proofs) if proof.request_id == request_id), None)


def check_source_known(source: str) -> None:
    if source not in SIGN_OF_LIFE_SOURCES:
        raise InvalidArgument(
            "SIGN_OF_LIFE_SOURCE_UNKNOWN",
            f"{source!r} is not a source of a sign of life ({', '.join(SIGN_OF_LIFE_SOURCES)})",
            field="source",
            message_zh="生存信息来源不正确",
        )


def check_sign_of_life(source: str, observed_on: date, *, today: date, max_age_days: int) -> None:
    """A data proof counts only for a sign of life of a known kind, observed recently (within `max_age_days`
    before `today`) and not in the future."""
    check_source_known(source)
    if observed_on > today:
        raise InvalidArgument(
            "OBSERVED_ON_IN_FUTURE",
            f"a sign of life observed on {observed_on.isoformat()} is after today ({today.isoformat()})",
            field="observed_on",
            message_zh="生存信息日期晚于今天",
        )
    if (today - observed_on).days > max_age_days:
        raise InvalidArgument(
            "SIGN_OF_LIFE_TOO_OLD",
            f"a sign of life counts for {max_age_days} days; {observed_on.isoformat()} is older",
            field="observed_on",
            message_zh=f"生存信息须为近{max_age_days}天内的记录",
        )


def check_source_allowed(source: str, allowed: tuple[str, ...]) -> None:
    """A region's policy says which signs of life count as proof (PolicyVersion.data_certification_sources)."""
    if source not in allowed:
        raise FailedPrecondition(
            "DATA_SOURCE_NOT_ALLOWED",
            f"the region's policy does not accept {source} as a proof of life ({', '.join(allowed) or 'none'})",
            field="source",
            message_zh="该统筹地区的政策不接受此类生存信息作为资格认证依据",
        )
