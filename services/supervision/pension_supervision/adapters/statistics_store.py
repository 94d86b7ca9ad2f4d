"""The published monthly statistics (collection `monthly_statistics`), one document per region, month and version
(`<region>-<YYYYMM>-v<version>`), written once with its MonthlyReportPublished event in the outbox and never
changed; and the stored form of a report, from which its digest is computed (so a stored report proves its own)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from pension_kit.identifiers import Month
from pension_kit.mongo import Document, IndexSpec
from pension_supervision.domain.facts import Component, FundName
from pension_supervision.domain.monthly_statistics import (
    BenefitStopCause,
    Channel,
    ChannelFigure,
    CorrectionKind,
    CorrectionLine,
    CrossCheck,
    CrossCheckFigure,
    EnrolmentEndCause,
    GradeFigure,
    Level,
    LevelFigure,
    MonthlyStatistics,
    SpecialGroupFigure,
    StatisticsFigures,
    StatisticsLevel,
    StatisticsRow,
)

MONTHLY_STATISTICS: Final = "monthly_statistics"
INDEXES: Final = [
    IndexSpec(MONTHLY_STATISTICS, [("region", 1), ("year", 1), ("month", 1), ("report_version", 1)], name="month")
]


def _month(text: str) -> Month:
    return Month(int(text[:4]), int(text[5:7]))


def _counts(values: Mapping[Any, int]) -> Document:
    return {str(key): fen for key, fen in values.items()}


def figures_document(figures: StatisticsFigures) -> Document:
    return {
        "enrolled_at_end": figures.enrolled_at_end,
        "new_enrolments": figures.new_enrolments,
        "enrolment_ends": _counts(figures.enrolment_ends),
        "contributors": figures.contributors,
        "grades": [
            {
                "grade_fen": g.grade_fen,
                "contributors": g.contributors,
                "contributions": g.contributions,
                "personal_fen": g.personal_fen,
                "subsidy_fen": g.subsidy_fen,
                "paid_on_behalf_fen": g.paid_on_behalf_fen,
                "collective_fen": g.collective_fen,
            }
            for g in figures.grades
        ],
        "channels": [
            {
                "channel": c.channel.value,
                "contributors": c.contributors,
                "contributions": c.contributions,
                "amount_fen": c.amount_fen,
            }
            for c in figures.channels
        ],
        "special_groups": [
            {
                "group": g.group,
                "residents": g.residents,
                "paid_on_behalf_fen": g.paid_on_behalf_fen,
                "subsidy_fen": g.subsidy_fen,
            }
            for g in figures.special_groups
        ],
        "government_levels": [
            {"level": f.level.value, "subsidy_fen": f.subsidy_fen, "paid_on_behalf_fen": f.paid_on_behalf_fen}
            for f in figures.government_levels
        ],
        "personal_fen": figures.personal_fen,
        "subsidy_fen": figures.subsidy_fen,
        "paid_on_behalf_fen": figures.paid_on_behalf_fen,
        "collective_fen": figures.collective_fen,
        "pensioners_at_start": figures.pensioners_at_start,
        "pensioners_at_end": figures.pensioners_at_end,
        "new_awards": figures.new_awards,
        "suspensions": figures.suspensions,
        "resumptions": figures.resumptions,
        "benefit_stops": _counts(figures.benefit_stops),
        "suspended_at_end": figures.suspended_at_end,
        "pensioners_paid": figures.pensioners_paid,
        "benefit_paid_fen": figures.benefit_paid_fen,
        "paid_by_component": _counts(figures.paid_by_component),
        "paid_by_fund": _counts(figures.paid_by_fund),
    }


def figures_from(d: Document) -> StatisticsFigures:
    return StatisticsFigures(
        enrolled_at_end=d["enrolled_at_end"],
        new_enrolments=d["new_enrolments"],
        enrolment_ends={EnrolmentEndCause(k): v for k, v in d["enrolment_ends"].items()},
        contributors=d["contributors"],
        grades=tuple(GradeFigure(**g) for g in d["grades"]),
        channels=tuple(
            ChannelFigure(Channel(c["channel"]), c["contributors"], c["contributions"], c["amount_fen"])
            for c in d["channels"]
        ),
        special_groups=tuple(SpecialGroupFigure(**g) for g in d["special_groups"]),
        government_levels=tuple(
            LevelFigure(Level(f["level"]), f["subsidy_fen"], f["paid_on_behalf_fen"]) for f in d["government_levels"]
        ),
        personal_fen=d["personal_fen"],
        subsidy_fen=d["subsidy_fen"],
        paid_on_behalf_fen=d["paid_on_behalf_fen"],
        collective_fen=d["collective_fen"],
        pensioners_at_start=d["pensioners_at_start"],
        pensioners_at_end=d["pensioners_at_end"],
        new_awards=d["new_awards"],
        suspensions=d["suspensions"],
        resumptions=d["resumptions"],
        benefit_stops={BenefitStopCause(k): v for k, v in d["benefit_stops"].items()},
        suspended_at_end=d["suspended_at_end"],
        pensioners_paid=d["pensioners_paid"],
        benefit_paid_fen=d["benefit_paid_fen"],
        paid_by_component={Component(k): v for k, v in d["paid_by_component"].items()},
        paid_by_fund={FundName(k): v for k, v in d["paid_by_fund"].items()},
    )


def row_document(row: StatisticsRow) -> Document:
    return {
        "level": row.level.value,
        "code": row.code,
        "name": row.name,
        "township_code": row.township_code,
        "figures": figures_document(row.figures),
    }


def row_from(d: Document) -> StatisticsRow:
    return StatisticsRow(
        level=StatisticsLevel(d["level"]),
        code=d["code"],
        name=d["name"],
        township_code=d["township_code"],
        figures=figures_from(d["figures"]),
    )


def correction_document(line: CorrectionLine) -> Document:
    return {
        "kind": line.kind.value,
        "corrected_month": str(line.corrected_month),
        "reference_id": line.reference_id,
        "village_code": line.village_code,
        "grade_fen": line.grade_fen,
        "personal_fen": line.personal_fen,
        "subsidy_fen": line.subsidy_fen,
        "paid_on_behalf_fen": line.paid_on_behalf_fen,
        "collective_fen": line.collective_fen,
        "subsidy_by_level": _counts(line.subsidy_by_level),
    }


def correction_from(d: Document) -> CorrectionLine:
    return CorrectionLine(
        kind=CorrectionKind(d["kind"]),
        corrected_month=_month(d["corrected_month"]),
        reference_id=d["reference_id"],
        village_code=d["village_code"],
        grade_fen=d["grade_fen"],
        personal_fen=d["personal_fen"],
        subsidy_fen=d["subsidy_fen"],
        paid_on_behalf_fen=d["paid_on_behalf_fen"],
        collective_fen=d["collective_fen"],
        subsidy_by_level={Level(k): v for k, v in d["subsidy_by_level"].items()},
    )


def check_document(check: CrossCheck) -> Document:
    return {
        "figure": check.figure.value,
        "report_fen": check.report_fen,
        "source_fen": check.source_fen,
        "source": check.source,
        "agrees": check.agrees,
        "alert_id": check.alert_id,
    }


def check_from(d: Document) -> CrossCheck:
    return CrossCheck(CrossCheckFigure(d["figure"]), d["report_fen"], d["source_fen"], d["source"], d["alert_id"])


def content_document(report: MonthlyStatistics) -> Document:
    """What the digest covers: the region and month, the rows, the corrections and the checks."""
    return {
        "region": report.pooling_region_code,
        "month_reported": str(report.month),
        "report_version": report.version,
        "region_row": row_document(report.region),
        "townships": [row_document(row) for row in report.townships],
        "villages": [row_document(row) for row in report.villages],
        "corrections": [correction_document(line) for line in report.corrections],
        "cross_checks": [check_document(check) for check in report.cross_checks],
    }


def report_from(d: Document) -> MonthlyStatistics:
    return MonthlyStatistics(
        pooling_region_code=d["region"],
        month=_month(d["month_reported"]),
        version=d["report_version"],
        published_at=d["published_at"],
        published_by=d["published_by"],
        region=row_from(d["region_row"]),
        townships=tuple(row_from(row) for row in d["townships"]),
        villages=tuple(row_from(row) for row in d["villages"]),
        corrections=tuple(correction_from(line) for line in d["corrections"]),
        cross_checks=tuple(check_from(check) for check in d["cross_checks"]),
        digest=d["digest"],
    )
