"""The migration import of a legacy system's residents and contributions (docs/migration-import.md)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Final

from pension_contracts.migration_files import RESIDENT_FILE_COLUMNS
from pension_enrolment.adapters.employee_registry import EmployeePensionRegistryRepository
from pension_enrolment.adapters.migration_files import Report, group_residents, read_rows
from pension_enrolment.adapters.migration_repository import DEFAULT_BATCH_SIZE, MigrationRepository
from pension_enrolment.adapters.resident_documents import CITIZEN_ID_PURPOSE
from pension_enrolment.domain.enrolment import ValidatedEnrolment
from pension_enrolment.domain.migration import RowProblem, RowValidator
from pension_enrolment.service_layer.enrolment import derived_event_id, employee_pension_refusal
from pension_enrolment.service_layer.legacy_residents import ImportContext, legacy_resident_document
from pension_kit.mongo import Document
from pension_kit.pii import PersonalDataVault
from pension_kit.policy import PolicyVersion

# Residents built between two chances for the write in flight to move its bytes (see ResidentImport.run).
_YIELD_EVERY: Final = 8


@dataclass
class ImportSummary:
    """What one run of the import did; `imported` + `already_imported` residents are on the platform after it."""

    rows: int = 0
    residents: int = 0
    imported: int = 0
    contributions_imported: int = 0
    already_imported: int = 0
    already_enrolled: int = 0
    employee_pension_registered: int = 0
    invalid: int = 0
    problems: int = 0
    bad_lines: int = 0

    def lines(self) -> list[str]:
        return [
            f"rows read: {self.rows}",
            f"residents read: {self.residents}",
            f"imported: {self.imported} residents, {self.contributions_imported} contributions",
            f"already imported earlier (skipped): {self.already_imported}",
            f"already enrolled on the platform (not imported): {self.already_enrolled}",
            f"listed in the employees' pension registry (not imported): {self.employee_pension_registered}",
            f"refused for bad rows: {self.invalid} residents, {self.bad_lines} lines, {self.problems} problems",
        ]


@dataclass(slots=True)
class _Built:
    first_line: int
    citizen_id_hash: str
    document: Document
    enrolment: ValidatedEnrolment
    contributions: int


@dataclass
class ResidentImport:
    """Imports a legacy file into the residents collection, writing what Enrol writes, in batches.

    Runs directly against the service's database (county officers run it on the server through the CLI); the
    events it writes into the documents' outboxes are published by the service's outbox relay.
    """

    residents: MigrationRepository
    vault: PersonalDataVault
    registry: EmployeePensionRegistryRepository
    policy_versions: Sequence[PolicyVersion]
    pooling_region: str
    actor: str
    topic: str
    region_topic: str
    today: date
    batch_size: int = DEFAULT_BATCH_SIZE
    summary: ImportSummary = field(default_factory=ImportSummary)
    # Lines with a problem (only bad lines are kept, so memory follows the errors, not the file).
    _bad_lines: set[int] = field(default_factory=set)

    async def run(self, lines: Iterable[str], *, source: str, report: Report) -> ImportSummary:
        """Reads `lines` (the file, streamed), reports each problem as found, and returns the summary."""
        validator = RowValidator(
            pooling_region=self.pooling_region, policy_versions=self.policy_versions, today=self.today
        )
        context = ImportContext(
            vault=self.vault,
            topic=self.topic,
            actor=self.actor,
            source=source,
            import_id=uuid.uuid4().hex,
            now=datetime.now(UTC),
        )
        lookup_hash = self.vault.lookup_hash
        summary = self.summary
        listed = await self.registry.sources_by_hash()

        def counting_rows() -> Iterator[tuple[int, list[str]]]:
            for row in read_rows(lines, RESIDENT_FILE_COLUMNS):
                summary.rows += 1
                yield row

        batch: list[_Built] = []
        in_flight: asyncio.Task[None] | None = None
        try:
            for count, rows in enumerate(group_residents(counting_rows()), start=1):
                summary.residents += 1
                resident, problems = validator.validate(rows)
                for problem in problems:
                    self._report(report, problem)
                if resident is None:
                    summary.invalid += 1
                else:
                    citizen_id_hash = lookup_hash(resident.enrolment.citizen.number, purpose=CITIZEN_ID_PURPOSE)
                    document = legacy_resident_document(context, resident, citizen_id_hash)
                    built = _Built(
                        resident.first_line, citizen_id_hash, document, resident.enrolment, len(resident.contributions)
                    )
                    batch.append(built)
                    if len(batch) >= self.batch_size:
                        # One batch in flight while the next is built: the database works while we compute.
                        if in_flight is not None:
                            await in_flight
                        in_flight = asyncio.create_task(self._write(batch, listed, context, report))
                        batch = []
                if in_flight is not None and count % _YIELD_EVERY == 0:
                    # Building is CPU work on the event loop; yielding lets the write in flight send its bytes
                    # and read its reply instead of waiting for the whole next batch.
                    await asyncio.sleep(0)
            if in_flight is not None:
                await in_flight
                in_flight = None
            if batch:
                await self._write(batch, listed, context, report)
        finally:
            if in_flight is not None:
                in_flight.cancel()
        summary.bad_lines = len(self._bad_lines)
        return summary

    async def _write(self, batch: list[_Built], listed: dict[str, str], context: ImportContext, report: Report) -> None:
        refused = [built for built in batch if built.citizen_id_hash in listed]
        if refused:
            await self._refuse_listed(refused, listed, context, report)
            batch = [built for built in batch if built.citizen_id_hash not in listed]
        if not batch:
            return
        refused_as_duplicates = await self.residents.insert_new([built.document for built in batch])
        duplicates = [batch[index] for index in refused_as_duplicates]
        failed = {id(built) for built in duplicates}
        for built in batch:
            if id(built) not in failed:
                self.summary.imported += 1
                self.summary.contributions_imported += built.contributions
        if duplicates:
            await self._classify_duplicates(duplicates, context, report)

    async def _classify_duplicates(self, duplicates: list[_Built], context: ImportContext, report: Report) -> None:
        """A duplicate key is this import's own resident written before (by an earlier run, or by this run from
        rows earlier in the file), or else someone an agent enrolled: both have the id derived from the citizen
        ID number, and only an imported resident carries `imported_from`."""
        found = await self.residents.imported_from([built.document["_id"] for built in duplicates])
        for built, earlier in zip(duplicates, found, strict=True):
            if not earlier:
                self.summary.already_enrolled += 1
                self._report(
                    report,
                    RowProblem(
                        built.first_line,
                        "citizen_id_number",
                        "ALREADY_ENROLLED",
                        "this citizen ID number is already enrolled on the platform; not imported",
                    ),
                )
                continue
            if earlier.get("import_id") == context.import_id and earlier.get("line") != built.first_line:
                self.summary.invalid += 1
                self._report(
                    report,
                    RowProblem(
                        built.first_line,
                        "citizen_id_number",
                        "RESIDENT_ROWS_NOT_CONSECUTIVE",
                        f"the resident's rows were already read at line {earlier.get('line')}; "
                        "a resident's rows must be consecutive",
                    ),
                )
                continue
            self.summary.already_imported += 1
            if earlier.get("source") != context.source:
                # Another file (a township's extract overlapping another's): its rows may differ from what was
                # imported, so they are reported, not silently passed over as a run of the same file again is.
                self._report(
                    report,
                    RowProblem(
                        built.first_line,
                        "citizen_id_number",
                        "IMPORTED_FROM_ANOTHER_FILE",
                        f"already imported from {earlier.get('source')} (line {earlier.get('line')}); this file's "
                        "rows for them were not imported: compare the two and correct any difference by hand",
                    ),
                )

    async def _refuse_listed(
        self, refused: list[_Built], listed: dict[str, str], context: ImportContext, report: Report
    ) -> None:
        """The same refusal as an agent's enrolment of someone receiving an employees' pension, with its event."""
        for built in refused:
            source = listed[built.citizen_id_hash]
            self.summary.employee_pension_registered += 1
            self._report(
                report,
                RowProblem(
                    built.first_line,
                    "citizen_id_number",
                    "EMPLOYEE_PENSION_REGISTERED",
                    f"listed in the employees' pension registry ({source}); not imported",
                ),
            )
            event = employee_pension_refusal(
                built.enrolment,
                registry_source=source,
                topic=self.region_topic,
                actor=context.actor,
                # The same file refused again announces the same event id: consumers apply it once.
                event_id=derived_event_id("import-refusal", context.source, built.document["_id"]),
            )
            await self.registry.announce(built.citizen_id_hash, [event])

    def _report(self, report: Report, problem: RowProblem) -> None:
        self.summary.problems += 1
        self._bad_lines.add(problem.line)
        report(problem)
