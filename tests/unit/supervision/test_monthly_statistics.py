"""The monthly statistics' pure computation: which month each fact counts in, the rows, the corrections, the subsidy
split by level of government, the stored form and its digest, and the cross-check's alert."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from pension_kit.identifiers import Month
from pension_kit.policy import ContributionGrade, GovernmentLevel, SubsidyPart, demo_policy
from pension_supervision.adapters.statistics_messages import statistics_message
from pension_supervision.adapters.statistics_store import content_document, report_from
from pension_supervision.domain.alert_rules.statistics_cross_check import statistics_mismatch
from pension_supervision.domain.alerts import AlertRule
from pension_supervision.domain.facts import (
    Component,
    ContributionFact,
    ContributionKind,
    FundName,
    PaymentFact,
    PaymentKind,
    PaymentOutcome,
)
from pension_supervision.domain.monthly_statistics import (
    AwardChange,
    AwardRecord,
    BenefitStopCause,
    Channel,
    ContributionRecord,
    CrossCheck,
    CrossCheckFigure,
    EnrolmentEndCause,
    EnrolmentRecord,
    Level,
    LevelFigure,
    MonthFacts,
    MonthlyStatistics,
    Village,
    compute,
    digest_of,
    report_contributions_fen,
    report_subsidy_fen,
    split_subsidy,
)
from pension_supervision.service_layer.monthly_statistics import subsidy_split

REGION = "411723"
MARCH, APRIL, MAY = Month(2025, 3), Month(2025, 4), Month(2025, 5)
V1, V2, V3 = f"{REGION}101201", f"{REGION}101202", f"{REGION}102201"  # V1, V2 in township 101; V3 in 102
DEMO_PARTS = {Level.PROVINCIAL: 3_000, Level.COUNTY: 1_000}


def contribution(
    n: int,
    village: str,
    month: Month,
    *,
    grade: int = 20_000,
    personal: int = 20_000,
    subsidy: int = 4_000,
    pob: int = 0,
    channel: Channel = Channel.CASH,
    group: str = "",
    reversed_in: Month | None = None,
    resident: str = "",
) -> ContributionRecord:
    return ContributionRecord(
        contribution_id=f"C{n}",
        resident_id=resident or f"R{n}",
        village_code=village,
        paid_month=month,
        grade_fen=grade,
        personal_fen=personal,
        subsidy_fen=subsidy,
        paid_on_behalf_fen=pob,
        collective_fen=0,
        channel=channel,
        special_group=group,
        subsidy_by_level=split_subsidy(subsidy, DEMO_PARTS),
        reversed_month=reversed_in,
    )


def payment(n: int, village: str, month: Month, pooled: int, account: int, outcome: PaymentOutcome) -> PaymentFact:
    return PaymentFact(
        payment_id=f"P{n}",
        attempt=1,
        resident_id=f"P{n}",
        pooling_region_code=REGION,
        village_code=village,
        payroll_month=month,
        benefit_month=month,
        kind=PaymentKind.REGULAR,
        outcome=outcome,
        amount_fen=pooled + account,
        components={Component.BASIC_PENSION: pooled, Component.ACCOUNT_PENSION: account},
        funds={FundName.POOLED: pooled, FundName.INDIVIDUAL_ACCOUNT: account},
    )


def month_facts(month: Month) -> MonthFacts:
    return MonthFacts(
        month=month,
        villages=[Village(V1, "李庄村", "城关镇"), Village(V2, "王庄村", "城关镇"), Village(V3, "张村", "河口乡")],
        enrolments=[
            EnrolmentRecord("R1", V1, date(2024, 1, 5)),
            EnrolmentRecord("R2", V1, date(2025, 3, 2)),
            EnrolmentRecord("R3", V2, date(2025, 3, 31), date(2025, 5, 3), EnrolmentEndCause.TRANSFER_OUT),
            EnrolmentRecord("R4", V3, date(2024, 6, 1), date(2025, 3, 20), EnrolmentEndCause.DEATH),
            EnrolmentRecord("R5", V3, date(2025, 4, 1)),  # after March: not counted then
        ],
        contributions=[
            contribution(1, V1, MARCH),
            contribution(2, V1, MARCH, grade=50_000, personal=50_000, subsidy=6_000, channel=Channel.ONLINE),
            contribution(3, V2, MARCH, personal=0, pob=20_000, channel=Channel.GOVERNMENT, group="SEVERE_DISABILITY"),
            contribution(4, V3, MARCH, reversed_in=MARCH),  # taken back the same month: never counts
            contribution(5, V3, MARCH, reversed_in=MAY, channel=Channel.BANK_WITHHOLDING),  # a correction in May
            contribution(6, V1, MARCH, resident="R1", channel=Channel.BANK_WITHHOLDING),  # R1's second: one person
        ],
        awards=[
            AwardRecord("A1", "P1", V1, Month(2024, 1)),
            AwardRecord("A2", "P2", V1, MARCH),
            AwardRecord("A3", "P3", V3, Month(2024, 1), stopped_last_month=MARCH, stop_cause=BenefitStopCause.DEATH),
            AwardRecord("A4", "P4", V2, Month(2024, 1), changes=(suspension(MARCH), resumption(MAY))),
        ],
        payments=[
            payment(1, V1, MARCH, 15_000, 2_000, PaymentOutcome.PAID),
            payment(2, V1, MARCH, 15_000, 0, PaymentOutcome.PAID),
            payment(3, V3, MARCH, 17_000, 1_000, PaymentOutcome.PAID),
            payment(4, V2, MARCH, 15_000, 0, PaymentOutcome.FAILED),
            payment(5, V1, APRIL, 15_000, 2_000, PaymentOutcome.PAID),  # April's run: not March's
        ],
    )


def suspension(month: Month, *, day: int = 1) -> AwardChange:
    return AwardChange(month, datetime(month.year, month.month, day, 9, tzinfo=UTC), f"E-s-{month}-{day}", True)


def resumption(month: Month, *, day: int = 1) -> AwardChange:
    return AwardChange(month, datetime(month.year, month.month, day, 9, tzinfo=UTC), f"E-r-{month}-{day}", False)


def test_of_a_resumption_and_a_suspension_taking_effect_in_one_month_the_one_announced_later_stands() -> None:
    # Released from prison (payment resumes from March), then the proof of life is missed (suspended from March).
    released_then_missed = AwardRecord(
        "A1",
        "P1",
        V1,
        Month(2024, 1),
        changes=tuple(sorted((suspension(Month(2025, 1)), resumption(MARCH, day=2), suspension(MARCH, day=20)))),
    )
    # A late proof the same month as the suspension it ends.
    missed_then_proved = AwardRecord(
        "A2", "P2", V1, Month(2024, 1), changes=(suspension(MARCH, day=1), resumption(MARCH, day=25))
    )
    facts = month_facts(MARCH)
    facts = replace(facts, awards=[released_then_missed, missed_then_proved], payments=[])
    region = compute(REGION, "", facts).region.figures
    assert (region.suspensions, region.resumptions, region.suspended_at_end) == (2, 2, 1)  # A1 suspended, A2 not
    april = compute(REGION, "", replace(facts, month=APRIL)).region.figures
    assert (april.suspensions, april.resumptions, april.suspended_at_end) == (0, 0, 1)


def test_the_region_row_counts_each_fact_in_its_month() -> None:
    computed = compute(REGION, "示范县", month_facts(MARCH))
    region = computed.region.figures
    assert (region.enrolled_at_end, region.new_enrolments) == (3, 2)  # R1, R2, R3; R4 died in March
    assert region.enrolment_ends == {EnrolmentEndCause.DEATH: 1}
    # C4 reversed within March never counts; C5 counts in March (reversed only in May).
    assert region.contributors == 4  # R1 (twice), R2, R3, R5
    assert [(g.grade_fen, g.contributors, g.contributions) for g in region.grades] == [(20_000, 3, 4), (50_000, 1, 1)]
    assert region.personal_fen == 20_000 * 3 + 50_000
    assert region.subsidy_fen == 4_000 * 4 + 6_000
    assert region.paid_on_behalf_fen == 20_000
    assert {c.channel: (c.contributors, c.amount_fen) for c in region.channels} == {
        Channel.CASH: (1, 20_000),
        Channel.ONLINE: (1, 50_000),
        Channel.GOVERNMENT: (1, 0),
        Channel.BANK_WITHHOLDING: (2, 40_000),
    }
    assert [(g.group, g.residents, g.paid_on_behalf_fen) for g in region.special_groups] == [
        ("SEVERE_DISABILITY", 1, 20_000)
    ]
    # The subsidy by level adds up to the subsidy; the paid-on-behalf amounts are the county's alone.
    levels = {f.level: f for f in region.government_levels}
    assert sum(f.subsidy_fen for f in levels.values()) == region.subsidy_fen
    assert levels[Level.COUNTY].paid_on_behalf_fen == 20_000
    assert levels[Level.PROVINCIAL] == LevelFigure(Level.PROVINCIAL, 3_000 * 4 + 4_500, 0)
    # Pensioners: A1, A3, A4 at the start; A2 new in March; A3 died in March (its last payable month).
    assert (region.pensioners_at_start, region.new_awards, region.pensioners_at_end) == (3, 1, 3)
    assert region.benefit_stops == {BenefitStopCause.DEATH: 1}
    assert (region.suspensions, region.resumptions, region.suspended_at_end) == (1, 0, 1)
    assert (region.pensioners_paid, region.benefit_paid_fen) == (3, 50_000)
    assert region.paid_by_fund == {FundName.POOLED: 47_000, FundName.INDIVIDUAL_ACCOUNT: 3_000}
    assert computed.corrections == ()


def test_townships_and_villages_add_up_to_the_region() -> None:
    computed = compute(REGION, "", month_facts(MARCH))
    assert [(t.code, t.name) for t in computed.townships] == [(f"{REGION}101", "城关镇"), (f"{REGION}102", "河口乡")]
    assert [v.code for v in computed.villages] == [V1, V2, V3]
    assert {v.township_code for v in computed.villages} == {f"{REGION}101", f"{REGION}102"}
    for name in ("enrolled_at_end", "personal_fen", "subsidy_fen", "pensioners_at_end", "benefit_paid_fen"):
        region = getattr(computed.region.figures, name)
        assert sum(getattr(t.figures, name) for t in computed.townships) == region, name
        assert sum(getattr(v.figures, name) for v in computed.villages) == region, name
    # Distinct people are counted per row: R1 paid twice in V1 and counts once there.
    v1 = computed.villages[0].figures
    assert v1.contributors == 2 and sum(g.contributions for g in v1.grades) == 3


def test_a_reversal_of_an_earlier_month_is_a_correction_line_of_the_month_it_was_made() -> None:
    may = compute(REGION, "", month_facts(MAY))
    assert [(c.reference_id, c.corrected_month, c.personal_fen, c.subsidy_fen) for c in may.corrections] == [
        ("C5", MARCH, -20_000, -4_000)
    ]
    assert may.corrections[0].subsidy_by_level == {Level.PROVINCIAL: -3_000, Level.COUNTY: -1_000}
    # May's own figures carry no March contribution; the fund's May income is the correction alone.
    assert may.region.figures.personal_fen == 0
    assert report_contributions_fen(may) == -20_000 and report_subsidy_fen(may) == -4_000
    assert compute(REGION, "", month_facts(APRIL)).corrections == ()
    # May: A4 resumed; R3 transferred out on 3 May.
    assert may.region.figures.resumptions == 1 and may.region.figures.suspended_at_end == 0
    assert may.region.figures.enrolment_ends == {EnrolmentEndCause.TRANSFER_OUT: 1}


def test_the_subsidy_split_follows_the_grades_parts() -> None:
    assert split_subsidy(4_000, DEMO_PARTS) == DEMO_PARTS
    assert split_subsidy(4_000, {}) == {Level.COUNTY: 4_000}  # no parts: the county's
    assert split_subsidy(0, DEMO_PARTS) == {}
    # Another amount than the grade's: in proportion, the county taking the remaining fen.
    assert split_subsidy(1_001, DEMO_PARTS) == {Level.PROVINCIAL: 750, Level.COUNTY: 251}


def test_a_contribution_is_split_as_its_policy_version_says() -> None:
    policy = demo_policy(REGION, datetime(2011, 6, 1, tzinfo=UTC))
    fact = ContributionFact(
        contribution_id="C1",
        resident_id="R1",
        pooling_region_code=REGION,
        village_code=V1,
        year=2025,
        kind=ContributionKind.OWN,
        grade_fen=100_000,
        personal_fen=100_000,
        subsidy_fen=8_000,
        paid_on_behalf_fen=0,
        collective_fen=0,
        paid_on=date(2025, 3, 5),
        policy_version_id=policy.policy_version_id,
    )
    assert subsidy_split(fact, [policy]) == {Level.PROVINCIAL: 3_000, Level.COUNTY: 5_000}
    assert subsidy_split(fact, []) == {Level.COUNTY: 8_000}  # no policy heard: the county's
    grade = ContributionGrade(
        100_000, 8_000, (SubsidyPart(GovernmentLevel.CENTRAL, 2_000), SubsidyPart(GovernmentLevel.COUNTY, 6_000))
    )
    assert grade.subsidy_by_level() == {GovernmentLevel.CENTRAL: 2_000, GovernmentLevel.COUNTY: 6_000}


def test_the_stored_report_reads_back_whole_and_its_digest_is_its_content() -> None:
    computed = compute(REGION, "", month_facts(MAY))
    report = MonthlyStatistics(
        pooling_region_code=REGION,
        month=MAY,
        version=1,
        published_at=datetime(2025, 6, 2, 1, tzinfo=UTC),
        published_by="officer-1",
        region=computed.region,
        townships=computed.townships,
        villages=computed.villages,
        corrections=computed.corrections,
        cross_checks=(CrossCheck(CrossCheckFigure.BENEFIT_PAID, 10, 10, "bank returns"),),
    )
    content = content_document(report)
    digest = digest_of(content)
    stored = {**content, "published_at": report.published_at, "published_by": "officer-1", "digest": digest}
    again = report_from(stored)
    assert content_document(again) == content and digest_of(content_document(again)) == digest
    message = statistics_message(again)
    assert message.report_id == f"{REGION}-202505-v1" and message.digest == digest and message.checks_agree
    assert [c.reference_id for c in message.corrections] == ["C5"]
    assert len(message.villages) == 3 and message.region.figures.resumptions == 1


def test_a_difference_names_the_figure_and_both_amounts() -> None:
    check = CrossCheck(CrossCheckFigure.BENEFIT_PAID, 50_000, 48_000, "bank returns")
    draft = statistics_mismatch(REGION, MARCH, check, ())
    assert draft is not None and draft.rule is AlertRule.PAYROLL_NOT_RECONCILED
    assert draft.amount_fen == 2_000
    assert "500.00" in draft.reason_en and "480.00" in draft.reason_en and "benefit paid" in draft.reason_en
    assert "待遇支付" in draft.reason_zh
    # The same difference is the same alert; agreeing figures raise none.
    assert statistics_mismatch(REGION, MARCH, check, ()).alert_id == draft.alert_id  # type: ignore[union-attr]
    assert statistics_mismatch(REGION, MARCH, CrossCheck(CrossCheckFigure.SUBSIDIES, 5, 5, "ledger"), ()) is None
