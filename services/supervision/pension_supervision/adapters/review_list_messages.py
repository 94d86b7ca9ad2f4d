"""The contract's messages of the review lists and the annual check, from the domain's (a published village is
stored as these bytes, so that it is read back exactly as published)."""

from __future__ import annotations

from pension.common.v1 import types_pb2
from pension.supervision.v1 import review_lists_pb2 as messages
from pension_kit.protoconv import to_calendar_date, to_year_month
from pension_supervision.domain.facts import Component
from pension_supervision.domain.review_lists import (
    CheckCounts,
    CheckedPensioner,
    ReviewTotals,
    VillageCheck,
    VillageReview,
)


def _channel(name: str) -> str:
    """The contract's channel of a fact's; one the contract does not know (a fact kept by a newer version) shows
    as not recorded rather than stopping the list."""
    full = f"CONTRIBUTION_CHANNEL_{name}"
    known = types_pb2.ContributionChannel.keys()
    return full if full in known else "CONTRIBUTION_CHANNEL_UNSPECIFIED"


def totals_message(totals: ReviewTotals) -> messages.ReviewTotals:
    return messages.ReviewTotals(
        contributor_count=totals.contributor_count,
        contributed_fen=totals.contributed_fen,
        subsidy_fen=totals.subsidy_fen,
        pensioner_count=totals.pensioner_count,
        paid_fen=totals.paid_fen,
        new_pensioner_count=totals.new_pensioner_count,
        new_monthly_fen=totals.new_monthly_fen,
    )


def village_review_message(village: VillageReview) -> messages.ReviewVillage:
    return messages.ReviewVillage(
        village_code=village.village.village_code,
        village_name=village.village.village_name,
        township_name=village.village.township_name,
        contributors=[
            messages.ReviewContributor(
                name_masked=line.name_masked,
                citizen_id_masked=line.citizen_id_masked,
                year=line.year,
                kind=f"CONTRIBUTION_KIND_{line.kind.value}",
                grade_fen=line.grade_fen,
                channel=_channel(line.channel),
                paid_on=to_calendar_date(line.paid_on),
                amount_fen=line.amount_fen,
                subsidy_fen=line.subsidy_fen,
            )
            for line in village.contributors
        ],
        pensioners=[
            messages.ReviewPensioner(
                name_masked=line.name_masked,
                citizen_id_masked=line.citizen_id_masked,
                basic_pension_fen=line.components.get(Component.BASIC_PENSION, 0),
                long_contribution_bonus_fen=line.components.get(Component.LONG_CONTRIBUTION_BONUS, 0),
                old_age_bonus_fen=line.components.get(Component.OLD_AGE_BONUS, 0),
                account_pension_fen=line.components.get(Component.ACCOUNT_PENSION, 0),
                amount_fen=line.amount_fen,
                back_pay_fen=line.back_pay_fen,
            )
            for line in village.pensioners
        ],
        new_pensioners=[
            messages.NewPensioner(
                name_masked=line.name_masked,
                citizen_id_masked=line.citizen_id_masked,
                first_month=to_year_month(line.first_month),
                monthly_total_fen=line.monthly_total_fen,
            )
            for line in village.new_pensioners
        ],
        totals=totals_message(village.totals),
    )


def counts_message(counts: CheckCounts) -> messages.AnnualCheckCounts:
    return messages.AnnualCheckCounts(
        pensioner_count=counts.pensioner_count,
        certified_count=counts.certified_count,
        overdue_count=counts.overdue_count,
        none_count=counts.none_count,
    )


def _checked(pensioner: CheckedPensioner) -> messages.CheckedPensioner:
    return messages.CheckedPensioner(
        name_masked=pensioner.name_masked,
        citizen_id_masked=pensioner.citizen_id_masked,
        status=f"ANNUAL_CHECK_STATUS_{pensioner.status.value}",
        certifications=[
            messages.CheckedCertification(
                outcome=f"CERTIFICATION_OUTCOME_{fact.outcome.value}",
                method=f"CERTIFICATION_METHOD_{fact.method or 'UNSPECIFIED'}",
                on=to_calendar_date(fact.on),
                failure_code=fact.failure_code,
            )
            for fact in pensioner.certifications
        ],
        next_due_on=to_calendar_date(pensioner.next_due_on),
    )


def village_check_message(village: VillageCheck) -> messages.AnnualCheckVillage:
    return messages.AnnualCheckVillage(
        village_code=village.village.village_code,
        village_name=village.village.village_name,
        township_name=village.village.township_name,
        pensioners=[_checked(pensioner) for pensioner in village.pensioners],
        counts=counts_message(village.counts),
    )
