"""A pensioner's eligibility beside the proof-of-life cycle: death, prison, an employees' pension; and what a
registry finding (or an officer's confirmation) changes of it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from pension_verification.domain.certification import DECEASED, CertificationState
from pension_verification.domain.registry_matching import (
    DeathConfirmed,
    DuplicateReceiptFound,
    Finding,
    ImprisonmentRecorded,
    ReleasedFromPrison,
)


@dataclass(frozen=True, slots=True)
class Eligibility:
    """The status flags of CertificationStatus kept with the certification (a pending death report is read from
    the reports, not kept here)."""

    date_of_death: date | None = None
    imprisoned: bool = False
    duplicate_receipt: bool = False


@dataclass(frozen=True, slots=True)
class Change:
    state: CertificationState
    eligibility: Eligibility


def died(state: CertificationState, eligibility: Eligibility, applied_id: str, on: date) -> Change | None:
    """A confirmed death ends the cycle (DECEASED); None when it changes nothing: dead already, or no longer a
    pensioner here (transferred out)."""
    if state.ended:
        return None
    transition = state.end(applied_id, deceased=True)
    assert transition.after.status == DECEASED
    return Change(transition.after, replace(eligibility, date_of_death=on))


def found(state: CertificationState, eligibility: Eligibility, finding: Finding, applied_id: str) -> Change | None:
    """What a registry finding changes of a pensioner's certification; None: nothing (and nothing is announced).

    A cycle that ended (dead, transferred out) takes no finding: payout pays nothing more to stop. A prison term
    while imprisoned, a release of someone not imprisoned and a second employees' pension change nothing.
    """
    if state.ended:
        return None
    match finding:
        case DeathConfirmed():
            return died(state, eligibility, applied_id, finding.date_of_death)
        case DuplicateReceiptFound():
            if eligibility.duplicate_receipt:
                return None
            return Change(state, replace(eligibility, duplicate_receipt=True))
        case ImprisonmentRecorded():
            if eligibility.imprisoned:
                return None
            return Change(state, replace(eligibility, imprisoned=True))
        case ReleasedFromPrison():
            if not eligibility.imprisoned:
                return None
            return Change(state, replace(eligibility, imprisoned=False))
