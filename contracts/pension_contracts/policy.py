"""Policy versions to and from the contract's Policy message (enrolment's replies, the PolicyChanged event)."""

from __future__ import annotations

from datetime import UTC, date

from google.protobuf.timestamp_pb2 import Timestamp
from pymongo.asynchronous.collection import AsyncCollection

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2
from pension_kit.mongo import Document
from pension_kit.policy import (
    DEFAULT_FACE_DATA_RETENTION_DAYS,
    SIGN_OF_LIFE_SOURCES,
    BasicPensionPart,
    ContributionGrade,
    InterestRate,
    OldAgeBonusBand,
    PaidOnBehalfRule,
    PolicyVersion,
    SubsidyPart,
    SupervisionThresholds,
)
from pension_kit.protoconv import from_calendar_date, to_calendar_date

__all__ = [
    "HeardPolicyVersions",
    "policy_from_message",
    "policy_message",
    "supervision_thresholds_from_message",
    "supervision_thresholds_message",
]


class HeardPolicyVersions:
    """The policy versions a service has heard on enrolment's policy topic (PolicyChanged), kept in one of its
    collections as the contract's message under the version's id; payout and verification keep them alike."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self._collection = collection

    async def of_region(self, pooling_region_code: str) -> list[PolicyVersion]:
        """Every version of the region's policy heard (few: one or two a year)."""
        return [
            policy_from_message(enrolment_pb2.Policy.FromString(document["policy"]))
            async for document in self._collection.find({"pooling_region_code": pooling_region_code})
        ]

    async def record(self, policy: enrolment_pb2.Policy) -> None:
        """Keeps a heard version; hearing it again changes nothing."""
        await self._collection.update_one(
            {"_id": policy.policy_version_id},
            {"$set": {"pooling_region_code": policy.pooling_region_code, "policy": policy.SerializeToString()}},
            upsert=True,
        )


def policy_message(version: PolicyVersion) -> enrolment_pb2.Policy:
    """The version as the contract's Policy (replies and the PolicyChanged event)."""
    changed_at = Timestamp()
    changed_at.FromDatetime(version.changed_at)
    return enrolment_pb2.Policy(
        policy_version_id=version.policy_version_id,
        pooling_region_code=version.pooling_region_code,
        effective_from=to_calendar_date(version.effective_from),
        grades=[
            enrolment_pb2.ContributionGrade(
                annual_fen=g.annual_fen,
                subsidy_fen=g.subsidy_fen,
                subsidy_parts=[
                    enrolment_pb2.SubsidyPart(level=types_pb2.GovernmentLevel.Name(p.level), annual_fen=p.annual_fen)
                    for p in g.subsidy_parts
                ],
            )
            for g in version.grades
        ],
        paid_on_behalf_rules=[
            enrolment_pb2.PaidOnBehalfRule(
                group=types_pb2.SpecialGroup.Name(rule.group),
                grade_fen=rule.grade_fen,
                paid_on_behalf_fen=rule.paid_on_behalf_fen,
                with_subsidy=rule.with_subsidy,
            )
            for rule in version.paid_on_behalf_rules
        ],
        scheme_start_date=to_calendar_date(version.scheme_start_date),
        pension_age=version.pension_age,
        full_contribution_years=version.full_contribution_years,
        basic_pension_parts=[
            enrolment_pb2.BasicPensionPart(
                level=types_pb2.GovernmentLevel.Name(part.level), monthly_fen=part.monthly_fen
            )
            for part in version.basic_pension_parts
        ],
        long_contribution_bonus_per_year_fen=version.long_contribution_bonus_per_year_fen,
        old_age_bonus_bands=[
            enrolment_pb2.OldAgeBonusBand(from_age=band.from_age, monthly_fen=band.monthly_fen)
            for band in version.old_age_bonus_bands
        ],
        account_pension_divisor=version.account_pension_divisor,
        interest_rates=[enrolment_pb2.InterestRate(year=r.year, rate_ppm=r.rate_ppm) for r in version.interest_rates],
        certification_period_months=version.certification_period_months,
        certification_notice_days=version.certification_notice_days,
        minimum_enrolment_age=version.minimum_enrolment_age,
        cash_settlement_days=version.cash_settlement_days,
        face_data_retention_days=version.face_data_retention_days,
        data_certification_sources=list(version.data_certification_sources),
        supervision=supervision_thresholds_message(version.supervision),
        changed_by=version.changed_by,
        changed_at=changed_at,
        reason=version.reason,
    )


def policy_from_message(message: enrolment_pb2.Policy) -> PolicyVersion:
    """A proposed version from the contract; its id and who, when and why are the service's to assign."""
    return PolicyVersion(
        policy_version_id=message.policy_version_id,
        pooling_region_code=message.pooling_region_code.strip(),
        effective_from=from_calendar_date(message.effective_from, field="policy.effective_from") or date.min,
        grades=tuple(
            ContributionGrade(
                g.annual_fen, g.subsidy_fen, tuple(SubsidyPart(p.level, p.annual_fen) for p in g.subsidy_parts)
            )
            for g in message.grades
        ),
        paid_on_behalf_rules=tuple(
            PaidOnBehalfRule(
                group=rule.group,
                grade_fen=rule.grade_fen,
                paid_on_behalf_fen=rule.paid_on_behalf_fen,
                with_subsidy=rule.with_subsidy,
            )
            for rule in message.paid_on_behalf_rules
        ),
        scheme_start_date=from_calendar_date(message.scheme_start_date, field="policy.scheme_start_date") or date.min,
        pension_age=message.pension_age,
        full_contribution_years=message.full_contribution_years,
        basic_pension_parts=tuple(BasicPensionPart(p.level, p.monthly_fen) for p in message.basic_pension_parts),
        long_contribution_bonus_per_year_fen=message.long_contribution_bonus_per_year_fen,
        old_age_bonus_bands=tuple(OldAgeBonusBand(b.from_age, b.monthly_fen) for b in message.old_age_bonus_bands),
        account_pension_divisor=message.account_pension_divisor,
        interest_rates=tuple(InterestRate(r.year, r.rate_ppm) for r in message.interest_rates),
        certification_period_months=message.certification_period_months,
        certification_notice_days=message.certification_notice_days,
        minimum_enrolment_age=message.minimum_enrolment_age,
        cash_settlement_days=message.cash_settlement_days,
        face_data_retention_days=message.face_data_retention_days or DEFAULT_FACE_DATA_RETENTION_DAYS,
        data_certification_sources=tuple(message.data_certification_sources) or SIGN_OF_LIFE_SOURCES,
        supervision=supervision_thresholds_from_message(message.supervision),
        changed_by=message.changed_by,
        changed_at=message.changed_at.ToDatetime(tzinfo=UTC),
        reason=message.reason,
    )


def supervision_thresholds_message(thresholds: SupervisionThresholds) -> enrolment_pb2.SupervisionThresholds:
    """The thresholds as the contract carries them (every field written, the demo values too)."""
    return enrolment_pb2.SupervisionThresholds(
        max_pensioners_per_bank_account=thresholds.max_pensioners_per_bank_account,
        centenarian_age=thresholds.centenarian_age,
        same_agent_years=thresholds.same_agent_years,
        far_from_village_metres=thresholds.far_from_village_metres,
        burst_certifications=thresholds.burst_certifications,
        burst_minutes=thresholds.burst_minutes,
        escalation_threshold_fen=thresholds.escalation_threshold_fen,
    )


def supervision_thresholds_from_message(message: enrolment_pb2.SupervisionThresholds) -> SupervisionThresholds:
    """The thresholds from the contract: a zero (unset) field is the demo value, as the contract says."""
    demo = SupervisionThresholds()
    return SupervisionThresholds(
        max_pensioners_per_bank_account=message.max_pensioners_per_bank_account or demo.max_pensioners_per_bank_account,
        centenarian_age=message.centenarian_age or demo.centenarian_age,
        same_agent_years=message.same_agent_years or demo.same_agent_years,
        far_from_village_metres=message.far_from_village_metres or demo.far_from_village_metres,
        burst_certifications=message.burst_certifications or demo.burst_certifications,
        burst_minutes=message.burst_minutes or demo.burst_minutes,
        escalation_threshold_fen=message.escalation_threshold_fen or demo.escalation_threshold_fen,
    )
