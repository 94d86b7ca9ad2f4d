"""Supervision's thresholds in a policy version: the demo values, zero meaning the demo value, and refusals."""

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from pension.enrolment.v1 import enrolment_pb2
from pension_contracts.policy import policy_from_message, policy_message
from pension_enrolment.adapters.policies import policy_document, policy_version
from pension_kit.errors import InvalidArgument
from pension_kit.policy import SupervisionThresholds, demo_policy, validate_policy

DEMO = demo_policy("411723", datetime(2026, 1, 1, tzinfo=UTC))
OWN = replace(
    DEMO,
    supervision=SupervisionThresholds(
        max_pensioners_per_bank_account=3,
        centenarian_age=95,
        same_agent_years=4,
        far_from_village_metres=2_000,
        burst_certifications=6,
        burst_minutes=30,
        escalation_threshold_fen=5_000_000,
    ),
)


def test_the_demo_policy_carries_the_demo_thresholds() -> None:
    thresholds = DEMO.supervision
    assert (thresholds.max_pensioners_per_bank_account, thresholds.centenarian_age, thresholds.same_agent_years) == (
        2,
        100,
        3,
    )
    assert (thresholds.far_from_village_metres, thresholds.burst_certifications, thresholds.burst_minutes) == (
        5_000,
        10,
        10,
    )
    assert thresholds.escalation_threshold_fen == 10_000_000


def test_a_region_s_own_thresholds_survive_the_contract_and_the_store() -> None:
    assert policy_from_message(policy_message(OWN)).supervision == OWN.supervision
    document = policy_document(OWN, change_number=1, request_id="r", previous_policy_version_id="")
    assert policy_version(document).supervision == OWN.supervision


def test_a_zero_field_in_the_contract_is_the_demo_value() -> None:
    message = policy_message(OWN)
    message.supervision.CopyFrom(enrolment_pb2.SupervisionThresholds(burst_minutes=45))
    thresholds = policy_from_message(message).supervision
    assert thresholds.burst_minutes == 45
    assert thresholds.burst_certifications == 10
    assert thresholds.centenarian_age == 100


def test_a_version_stored_before_the_thresholds_existed_reads_the_demo_values() -> None:
    document = policy_document(DEMO, change_number=1, request_id="r", previous_policy_version_id="")
    del document["supervision"]
    assert policy_version(document).supervision == SupervisionThresholds()


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"max_pensioners_per_bank_account": 0}, "MAX_PENSIONERS_PER_BANK_ACCOUNT_OUT_OF_RANGE"),
        ({"centenarian_age": 200}, "CENTENARIAN_AGE_OUT_OF_RANGE"),
        ({"same_agent_years": 1}, "SAME_AGENT_YEARS_OUT_OF_RANGE"),
        ({"far_from_village_metres": -5}, "FAR_FROM_VILLAGE_METRES_OUT_OF_RANGE"),
        ({"burst_certifications": 1}, "BURST_CERTIFICATIONS_OUT_OF_RANGE"),
        ({"burst_minutes": 0}, "BURST_MINUTES_OUT_OF_RANGE"),
        ({"escalation_threshold_fen": 0}, "ESCALATION_THRESHOLD_NOT_POSITIVE"),
    ],
)
def test_a_threshold_out_of_range_is_refused_with_its_field(change: dict[str, int], reason: str) -> None:
    proposed = replace(DEMO, supervision=replace(DEMO.supervision, **change))
    with pytest.raises(InvalidArgument) as error:
        validate_policy(proposed)
    assert error.value.reason == reason
    assert error.value.field == f"supervision.{next(iter(change))}"


def test_the_demo_and_a_region_s_own_thresholds_are_valid() -> None:
    validate_policy(DEMO)
    validate_policy(OWN)
