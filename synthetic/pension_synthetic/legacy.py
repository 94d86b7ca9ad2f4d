"""A synthetic county as the legacy export that enrolment's migration import reads (docs/migration-import.md)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Final

from pension_contracts.migration_files import CONTRIBUTION_COLUMNS, RESIDENT_FILE_COLUMNS
from pension_kit.policy import PolicyVersion
from pension_synthetic.records import ResidentRecord

# The layout of `python -m pension_enrolment.entrypoints.cli import-residents`.
LEGACY_COLUMNS: Final = RESIDENT_FILE_COLUMNS


@dataclass(frozen=True, slots=True)
class LegacyFileSummary:
    """What a legacy file holds: residents, their contributions, and the rows written for them."""

    residents: int
    contributions: int
    rows: int


def legacy_rows(resident: ResidentRecord, policy: PolicyVersion) -> Iterator[list[str]]:
    """The resident's rows: one per contribution, or one with the contribution columns empty if there is none.

    The generator keeps no subsidy; a legacy system credited the one of the grade in force (none on arrears,
    the lowest grade's on a contribution paid on behalf), so it is written as `policy` says.
    """
    groups = ";".join(
        "|".join(
            (
                group.kind,
                group.evidence_ref,
                group.effective_from.isoformat(),
                group.effective_to.isoformat() if group.effective_to else "",
            )
        )
        for group in resident.special_groups
    )
    person = [
        resident.citizen_id,
        resident.name,
        resident.village_code,
        resident.mobile,
        resident.bank_code,
        resident.bank_name,
        resident.bank_card,
        resident.enrolled_on.isoformat(),
        resident.enrolling_agent_id,
        resident.photo_ref,
        groups,
    ]
    if not resident.contributions:
        yield person + [""] * len(CONTRIBUTION_COLUMNS)
        return
    for contribution in resident.contributions:
        subsidy = 0 if contribution.kind == "arrears" else policy.grade(contribution.grade_fen).subsidy_fen
        yield [
            *person,
            str(contribution.year),
            contribution.kind,
            contribution.channel,
            str(contribution.grade_fen),
            str(contribution.personal_fen),
            str(subsidy),
            str(contribution.paid_on_behalf_fen),
            "0",
            contribution.paid_on.isoformat(),
            contribution.receipt_no or "",
            contribution.agent_id or "",
        ]


def write_legacy_csv(out: IO[str], residents: Iterable[ResidentRecord], policy: PolicyVersion) -> LegacyFileSummary:
    """Writes the header and every resident's rows to `out` (opened with newline=""); streams, memory stays flat."""
    writer = csv.writer(out)
    writer.writerow(LEGACY_COLUMNS)
    people = contributions = rows = 0
    for resident in residents:
        people += 1
        contributions += len(resident.contributions)
        for row in legacy_rows(resident, policy):
            writer.writerow(row)
            rows += 1
    return LegacyFileSummary(people, contributions, rows)
