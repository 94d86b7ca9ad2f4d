"""The certification cycle's stored shape and contract messages (adapters): payout reads what the domain said."""

from __future__ import annotations

from datetime import UTC, date, datetime

from pension.verification.v1 import events_pb2, verification_pb2
from pension_kit.identifiers import Month
from pension_verification.adapters.certification_documents import (
    certification_of,
    new_certification_document,
    proof_document,
    state_fields,
    state_of,
)
from pension_verification.adapters.certification_messages import event_message, status_message
from pension_verification.adapters.store import certification_id, proof_id
from pension_verification.domain.certification import (
    DATA,
    DUE_SOON,
    OVERDUE,
    CertificationOverdue,
    CertificationPassed,
    CertificationPolicy,
    CertificationState,
)
from pension_verification.domain.proofs import HOSPITAL_VISIT, PensionerCertification, Proof

POLICY = CertificationPolicy(validity_months=12, due_days_before=30)
VILLAGE = "411723101201"


def started() -> CertificationState:
    return CertificationState.started(
        "award-event",
        resident_id="R1",
        award_id="AW-R1",
        pooling_region_code="411723",
        village_code=VILLAGE,
        first_month=Month(2025, 1),
        policy=POLICY,
    )


def test_a_cycle_and_its_proofs_read_back_as_written() -> None:
    state = started()
    document = new_certification_document(state)
    assert document["_id"] == certification_id("R1") == "CE-R1"
    assert state_of(document) == state
    proof = Proof(
        certification_id=proof_id("R1", "req-1"),
        request_id="req-1",
        method=DATA,
        certified_on=date(2026, 1, 10),
        certified_at=datetime(2026, 1, 15, 2, 0, tzinfo=UTC),
        evidence_ref="HIS-778",
        agent_id="",
        next_due_on=date(2027, 1, 10),
        village_code=VILLAGE,
        sign_of_life_source=HOSPITAL_VISIT,
        sign_of_life_ref="HIS-778",
    )
    moved = state.advance(date(2026, 1, 2), POLICY).after
    stored = {**document, **state_fields(moved), "proofs": [proof_document(proof)]}
    assert certification_of(stored) == PensionerCertification(moved, (proof,))
    assert certification_of(stored).proof_of_request("req-1") == proof
    assert certification_of(stored).proof_of_request("req-2") is None


def test_proof_ids_are_the_same_for_a_repeated_request_and_differ_between_requests() -> None:
    assert proof_id("R1", "a") == proof_id("R1", "a")
    assert len({proof_id("R1", "a"), proof_id("R1", "b"), proof_id("R2", "a")}) == 3


def test_the_overdue_event_carries_what_payout_suspends_on() -> None:
    overdue = CertificationOverdue("R1", date(2026, 1, 1), date(2025, 1, 1), Month(2026, 2), VILLAGE, "411723")
    message = event_message(overdue)
    assert isinstance(message, events_pb2.CertificationOverdue)
    assert (message.resident_id, message.village_code, message.pooling_region_code) == ("R1", VILLAGE, "411723")
    assert (message.suspend_from.year, message.suspend_from.month) == (2026, 2)
    assert (message.due_on.year, message.due_on.month, message.due_on.day) == (2026, 1, 1)


def test_a_late_proof_says_so_and_names_the_month_payment_resumes_from() -> None:
    overdue_state = started().advance(date(2026, 1, 2), POLICY).after
    assert overdue_state.status == OVERDUE
    transition = overdue_state.record_proof(
        "CT-1", kind=DATA, on=date(2026, 1, 10), evidence_ref="HIS-778", policy=POLICY
    )
    (passed,) = transition.events
    assert isinstance(passed, CertificationPassed)
    proof = Proof(
        "CT-1", "req-1", DATA, date(2026, 1, 10), datetime(2026, 1, 15, tzinfo=UTC), "HIS-778", "",
        transition.after.valid_until, VILLAGE, HOSPITAL_VISIT, "HIS-778",
    )  # fmt: skip
    message = event_message(passed, proof)
    assert isinstance(message, events_pb2.CertificationPassed)
    assert message.was_overdue
    assert (message.resumes_from.year, message.resumes_from.month) == (2026, 1)
    certification = message.certification
    assert certification.resident_id == "R1" and certification.method == verification_pb2.CERTIFICATION_METHOD_DATA
    assert certification.sign_of_life_source == verification_pb2.SIGN_OF_LIFE_SOURCE_HOSPITAL_VISIT
    assert (certification.next_due_on.year, certification.next_due_on.month) == (2027, 1)
    on_time = started().record_proof("CT-2", kind=DATA, on=date(2025, 6, 1), evidence_ref="x", policy=POLICY)
    on_time_message = event_message(on_time.events[0], proof)
    assert isinstance(on_time_message, events_pb2.CertificationPassed)
    assert not on_time_message.HasField("resumes_from")


def test_the_status_reply_names_the_state_due_date_and_last_proof() -> None:
    state = started()
    message = status_message(PensionerCertification(state), DUE_SOON)
    assert message.state == verification_pb2.CERTIFICATION_STATE_DUE_SOON
    assert (message.due_on.year, message.due_on.month, message.due_on.day) == (2026, 1, 1)
    assert not message.HasField("last_certification")
