"""A policy version survives the trip to the contract and to the database and back, every field intact."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2
from pension_contracts.policy import policy_from_message, policy_message
from pension_enrolment.adapters.policies import policy_document, policy_version
from pension_kit.errors import InvalidArgument
from pension_kit.policy import InterestRate, PaidOnBehalfRule, PolicyVersion, SpecialGroup, demo_policy

DEMO = demo_policy("411723", datetime(2026, 1, 1, 8, 30, tzinfo=UTC))
# Unlike the demo: a county that pays only part of the grade, without subsidy, for one group.
PARTIAL = replace(
    DEMO,
    policy_version_id="411723:2027-01-01:abc",
    effective_from=date(2027, 1, 1),
    paid_on_behalf_rules=(PaidOnBehalfRule(SpecialGroup.EXTREME_POVERTY, 30_000, 10_000, False),),
    interest_rates=(InterestRate(2026, 26_100), InterestRate(2027, 18_500)),
    changed_by="officer-7",
    reason="provincial notice 2026-41",
    face_data_retention_days=365,
    data_certification_sources=("HOSPITAL_VISIT",),
)


@pytest.mark.parametrize("version", [DEMO, PARTIAL], ids=["demo", "partial"])
def test_the_contract_carries_every_field(version: PolicyVersion) -> None:
    assert policy_from_message(policy_message(version)) == version


@pytest.mark.parametrize("version", [DEMO, PARTIAL], ids=["demo", "partial"])
def test_the_stored_document_carries_every_field(version: PolicyVersion) -> None:
    document = policy_document(version, change_number=2, request_id="r-1", previous_policy_version_id="p")
    assert policy_version(document) == version
    assert isinstance(document["effective_from"], str)  # dates are ISO strings, as in the rest of the documents


def test_enums_keep_their_contract_numbers() -> None:
    message = policy_message(PARTIAL)
    assert message.paid_on_behalf_rules[0].group == types_pb2.SPECIAL_GROUP_EXTREME_POVERTY
    assert [part.level for part in policy_message(DEMO).basic_pension_parts] == [
        types_pb2.GOVERNMENT_LEVEL_CENTRAL,
        types_pb2.GOVERNMENT_LEVEL_PROVINCIAL,
        types_pb2.GOVERNMENT_LEVEL_COUNTY,
    ]


def test_a_proposal_without_an_effective_date_is_refused() -> None:
    message = policy_message(DEMO)
    message.ClearField("effective_from")
    with pytest.raises(InvalidArgument) as refused:
        policy_from_message(message)
    assert (refused.value.reason, refused.value.field) == ("DATE_REQUIRED", "policy.effective_from")


def test_amounts_stay_integers_of_fen() -> None:
    message = policy_message(DEMO)
    assert isinstance(message, enrolment_pb2.Policy)
    assert [g.subsidy_fen for g in message.grades][:4] == [4_000, 4_000, 4_000, 6_000]
    assert all(isinstance(g.annual_fen, int) for g in message.grades)
