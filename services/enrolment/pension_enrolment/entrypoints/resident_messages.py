"""The contract's messages of a resident and their account: requests to domain values, results to replies.

Both servicer modules (grpc_servicer, grpc_account) map through this one module.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2, enrolment_service_pb2
from pension_enrolment.adapters.event_messages import contribution_fields, entry_message, special_group_messages
from pension_enrolment.domain.contributions import ContributionRecord
from pension_enrolment.domain.enrolment import EnrolmentApplication, SpecialGroupClaim
from pension_enrolment.service_layer.contributions import PostedContributions, Statement
from pension_kit.mongo import Document
from pension_kit.protoconv import bank_account_ref, check_enum, from_calendar_date, to_calendar_date, to_timestamp


def _optional_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def resident_message(document: Document) -> enrolment_pb2.Resident:
    """The Resident reply: identifiers masked, the bank account masked and tokenised (its sealed form stays here)."""
    return enrolment_pb2.Resident(
        resident_id=document["_id"],
        citizen_id_masked=document["citizen_id_masked"],
        name=document["name"],
        name_masked=document["name_masked"],
        sex=document["sex"],
        birth_date=to_calendar_date(date.fromisoformat(document["birth_date"])),
        pooling_region_code=document["pooling_region_code"],
        village_code=document["village_code"],
        mobile=document["mobile"],
        mobile_masked=document["mobile_masked"],
        bank_account=bank_account_ref(document["bank_account"], sealed=False),
        special_groups=special_group_messages(document["special_groups"]),
        photo_ref=document["photo_ref"],
        enrolled_on=to_calendar_date(date.fromisoformat(document["enrolled_on"])),
        enrolled_by_agent_id=document["enrolled_by_agent_id"],
        status=document["status"],
        termination_cause=document.get("termination_cause", 0),
        terminated_on=to_calendar_date(_optional_date(document.get("terminated_on"))),
        date_of_death=to_calendar_date(_optional_date(document.get("date_of_death"))),
        created_at=to_timestamp(document["created_at"]),
        updated_at=to_timestamp(document["updated_at"]),
    )


def application_from(request: enrolment_service_pb2.EnrolRequest) -> EnrolmentApplication:
    return EnrolmentApplication(
        citizen_id_number=request.citizen_id_number,
        name=request.name,
        village_code=request.village_code,
        mobile=request.mobile,
        bank_card_number=request.bank_card_number,
        bank_code=request.bank_code,
        bank_name=request.bank_name,
        special_groups=special_group_claims(request.special_groups),
        photo_ref=request.photo_ref,
        enrolled_on=from_calendar_date(request.enrolled_on, field="enrolled_on") or date.min,
        agent_id=request.agent_id,
        full_time_student=request.full_time_student,
    )


def special_group_claims(memberships: Iterable[enrolment_pb2.SpecialGroupMembership]) -> tuple[SpecialGroupClaim, ...]:
    claims = []
    for index, membership in enumerate(memberships):
        field = f"special_groups[{index}]"
        # Unspecified is refused by validate_special_groups with its own reason (SPECIAL_GROUP_REQUIRED).
        check_enum(
            membership.group, types_pb2.SpecialGroup.DESCRIPTOR, field=f"{field}.group", unspecified_allowed=True
        )
        claims.append(
            SpecialGroupClaim(
                group=membership.group,
                evidence_ref=membership.evidence_ref,
                effective_from=from_calendar_date(membership.effective_from, field=f"{field}.effective_from")
                or date.min,
                effective_until=from_calendar_date(
                    membership.effective_until, field=f"{field}.effective_until", required=False
                ),
            )
        )
    return tuple(claims)


def history_messages(document: Document) -> list[enrolment_pb2.ResidentChange]:
    return [
        enrolment_pb2.ResidentChange(
            kind=entry["kind"],
            old_value=entry["old_value"],
            new_value=entry["new_value"],
            actor=entry["actor"],
            reason=entry["reason"],
            changed_at=to_timestamp(entry["changed_at"]),
            event_id=entry["event_id"],
        )
        for entry in document.get("history", [])
    ]


def contribution_message(resident_id: str, record: ContributionRecord) -> enrolment_pb2.Contribution:
    return enrolment_pb2.Contribution(
        resident_id=resident_id,
        **contribution_fields(record),
        status=(
            enrolment_pb2.CONTRIBUTION_STATUS_REVERSED
            if record.reversed
            else enrolment_pb2.CONTRIBUTION_STATUS_RECORDED
        ),
        reversal_reason=record.reversal_reason,
        batch_id=record.batch_id,  # the contract's name for the posting run
    )


def posted_entry_messages(result: PostedContributions) -> list[enrolment_pb2.AccountEntry]:
    return [entry_message(result.resident_id, entry, result.posted_at) for entry in result.entries]


def statement_message(found: Statement) -> enrolment_service_pb2.AnnualStatement:
    resident, statement = found.resident, found.statement
    return enrolment_service_pb2.AnnualStatement(
        resident_id=resident["_id"],
        name_masked=resident["name_masked"],
        citizen_id_masked=resident["citizen_id_masked"],
        year=statement.year,
        opening_balance_fen=statement.opening_balance_fen,
        personal_fen=statement.personal_fen,
        subsidy_fen=statement.subsidy_fen,
        collective_fen=statement.collective_fen,
        paid_on_behalf_fen=statement.paid_on_behalf_fen,
        interest_fen=statement.interest_fen,
        transfer_in_fen=statement.transfer_in_fen,
        transfer_out_fen=statement.transfer_out_fen,
        drawdown_fen=statement.drawdown_fen,
        inheritance_payout_fen=statement.inheritance_payout_fen,
        closing_balance_fen=statement.closing_balance_fen,
        contributed_years=statement.contributed_years,
        entries=[
            entry_message(resident["_id"], entry, found.posted_at.get(entry.entry_id)) for entry in statement.entries
        ],
    )
