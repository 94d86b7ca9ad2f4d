"""The contract's messages of the monthly statistics (the MonthlyStatistics reply and the MonthlyReportPublished
event)."""

from __future__ import annotations

from pension.supervision.v1 import events_pb2, supervision_pb2
from pension_kit.protoconv import to_timestamp, to_year_month
from pension_supervision.adapters.report_messages import fund_number
from pension_supervision.domain.monthly_statistics import (
    CorrectionLine,
    CrossCheck,
    LevelFigure,
    MonthlyStatistics,
    StatisticsFigures,
    StatisticsRow,
)

STATISTICS_KIND = "MONTHLY_REPORT_KIND_STATISTICS"


def _levels(figures: tuple[LevelFigure, ...]) -> list[supervision_pb2.GovernmentLevelFigure]:
    return [
        supervision_pb2.GovernmentLevelFigure(
            level=f"GOVERNMENT_LEVEL_{f.level.value}",
            subsidy_fen=f.subsidy_fen,
            paid_on_behalf_fen=f.paid_on_behalf_fen,
        )
        for f in figures
    ]


def figures_message(f: StatisticsFigures) -> supervision_pb2.StatisticsFigures:
    return supervision_pb2.StatisticsFigures(
        enrolled_at_end=f.enrolled_at_end,
        new_enrolments=f.new_enrolments,
        enrolment_ends=[
            supervision_pb2.EnrolmentEndFigure(cause=f"ENROLMENT_END_CAUSE_{cause.value}", residents=count)
            for cause, count in f.enrolment_ends.items()
        ],
        contributors=f.contributors,
        grades=[
            supervision_pb2.GradeFigure(
                grade_fen=g.grade_fen,
                contributors=g.contributors,
                contributions=g.contributions,
                personal_fen=g.personal_fen,
                subsidy_fen=g.subsidy_fen,
                paid_on_behalf_fen=g.paid_on_behalf_fen,
                collective_fen=g.collective_fen,
            )
            for g in f.grades
        ],
        channels=[
            supervision_pb2.ChannelFigure(
                channel=f"CONTRIBUTION_CHANNEL_{c.channel.value}",
                contributors=c.contributors,
                contributions=c.contributions,
                amount_fen=c.amount_fen,
            )
            for c in f.channels
        ],
        special_groups=[
            supervision_pb2.SpecialGroupFigure(
                group=f"SPECIAL_GROUP_{g.group or 'UNSPECIFIED'}",
                residents=g.residents,
                paid_on_behalf_fen=g.paid_on_behalf_fen,
                subsidy_fen=g.subsidy_fen,
            )
            for g in f.special_groups
        ],
        government_levels=_levels(f.government_levels),
        personal_fen=f.personal_fen,
        subsidy_fen=f.subsidy_fen,
        paid_on_behalf_fen=f.paid_on_behalf_fen,
        collective_fen=f.collective_fen,
        pensioners_at_start=f.pensioners_at_start,
        pensioners_at_end=f.pensioners_at_end,
        new_awards=f.new_awards,
        suspensions=f.suspensions,
        resumptions=f.resumptions,
        benefit_stops=[
            supervision_pb2.BenefitStopFigure(cause=f"BENEFIT_STOP_CAUSE_{cause.value}", pensioners=count)
            for cause, count in f.benefit_stops.items()
        ],
        suspended_at_end=f.suspended_at_end,
        pensioners_paid=f.pensioners_paid,
        benefit_paid_fen=f.benefit_paid_fen,
        paid_by_component=[
            supervision_pb2.ComponentFigure(component=f"BENEFIT_COMPONENT_{c.value}", amount_fen=fen)
            for c, fen in f.paid_by_component.items()
        ],
        paid_by_fund=[
            supervision_pb2.FundFigure(fund=fund_number(fund), amount_fen=fen) for fund, fen in f.paid_by_fund.items()
        ],
    )


def row_message(row: StatisticsRow) -> supervision_pb2.StatisticsRow:
    return supervision_pb2.StatisticsRow(
        level=f"STATISTICS_LEVEL_{row.level.value}",
        code=row.code,
        name=row.name,
        township_code=row.township_code,
        figures=figures_message(row.figures),
    )


def _correction(line: CorrectionLine) -> supervision_pb2.CorrectionLine:
    return supervision_pb2.CorrectionLine(
        kind=f"CORRECTION_KIND_{line.kind.value}",
        corrected_month=to_year_month(line.corrected_month),
        reference_id=line.reference_id,
        village_code=line.village_code,
        grade_fen=line.grade_fen,
        personal_fen=line.personal_fen,
        subsidy_fen=line.subsidy_fen,
        paid_on_behalf_fen=line.paid_on_behalf_fen,
        collective_fen=line.collective_fen,
        government_levels=[
            supervision_pb2.GovernmentLevelFigure(level=f"GOVERNMENT_LEVEL_{level.value}", subsidy_fen=fen)
            for level, fen in line.subsidy_by_level.items()
        ],
    )


def _check(check: CrossCheck) -> supervision_pb2.CrossCheck:
    return supervision_pb2.CrossCheck(
        figure=f"CROSS_CHECK_FIGURE_{check.figure.value}",
        report_fen=check.report_fen,
        source_fen=check.source_fen,
        source=check.source,
        agrees=check.agrees,
        alert_id=check.alert_id,
    )


def statistics_message(report: MonthlyStatistics) -> supervision_pb2.MonthlyStatistics:
    return supervision_pb2.MonthlyStatistics(
        report_id=report.report_id,
        pooling_region_code=report.pooling_region_code,
        month=to_year_month(report.month),
        version=report.version,
        published_at=to_timestamp(report.published_at),
        published_by=report.published_by,
        digest=report.digest,
        region=row_message(report.region),
        townships=[row_message(row) for row in report.townships],
        villages=[row_message(row) for row in report.villages],
        corrections=[_correction(line) for line in report.corrections],
        cross_checks=[_check(check) for check in report.cross_checks],
        checks_agree=report.checks_agree,
    )


def published_event(report: MonthlyStatistics) -> events_pb2.MonthlyReportPublished:
    return events_pb2.MonthlyReportPublished(
        report_kind=STATISTICS_KIND,
        pooling_region_code=report.pooling_region_code,
        month=to_year_month(report.month),
        version=report.version,
        published_at=to_timestamp(report.published_at),
        digest=report.digest,
        report_id=report.report_id,
    )
