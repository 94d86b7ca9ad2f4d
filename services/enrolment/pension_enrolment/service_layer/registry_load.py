"""The load of an employees' pension registry file, which keeps its people from enrolling (docs/migration-import.md)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

from pension.enrolment.v1 import events_pb2
from pension_contracts.migration_files import REGISTRY_FILE_COLUMNS
from pension_enrolment.adapters.employee_registry import EmployeePensionRegistryRepository
from pension_enrolment.adapters.migration_files import Report, read_rows
from pension_enrolment.adapters.migration_repository import DEFAULT_BATCH_SIZE
from pension_enrolment.domain.migration import validate_registry_row
from pension_enrolment.service_layer import PRODUCER
from pension_enrolment.service_layer.enrolment import derived_event_id
from pension_enrolment.service_layer.legacy_residents import registry_document
from pension_kit.events import new_event
from pension_kit.mongo import Document
from pension_kit.pii import PersonalDataVault


@dataclass
class RegistryLoadSummary:
    """What one load did: rows read, records stored new or updated, rows refused, and whether it was announced."""

    rows: int = 0
    new: int = 0
    updated: int = 0
    refused: int = 0
    already_loaded: bool = False

    def lines(self) -> list[str]:
        announced = "no (this file was loaded before)" if self.already_loaded else "yes"
        return [
            f"rows read: {self.rows}",
            f"stored: {self.new} new, {self.updated} updated",
            f"refused: {self.refused}",
            f"EmployeePensionRegistryLoaded announced: {announced}",
        ]


@dataclass
class RegistryLoad:
    """Loads an employees' pension registry file: one record per person, found by the keyed hash only."""

    registry: EmployeePensionRegistryRepository
    vault: PersonalDataVault
    pooling_region: str
    actor: str
    region_topic: str
    today: date
    batch_size: int = DEFAULT_BATCH_SIZE

    async def run(self, lines: Iterable[str], *, source: str, report: Report) -> RegistryLoadSummary:
        summary = RegistryLoadSummary()
        # The load's id is the hash of what was loaded: the same file from the same source is one load.
        digest = hashlib.sha256(f"{self.pooling_region}\x00{source}\x00".encode())

        def hashed(stream: Iterable[str]) -> Iterator[str]:
            for line in stream:
                digest.update(line.encode())
                yield line

        loaded_at = datetime.now(UTC)
        batch: list[Document] = []
        for line, values in read_rows(hashed(lines), REGISTRY_FILE_COLUMNS):
            summary.rows += 1
            record = self._record(line, values, source, report)
            if record is None:
                summary.refused += 1
                continue
            batch.append(record)
            if len(batch) >= self.batch_size:
                await self._store(batch, loaded_at, summary)
                batch = []
        await self._store(batch, loaded_at, summary)
        load_id = digest.hexdigest()[:32]
        event = new_event(
            topic=self.region_topic,
            payload=events_pb2.EmployeePensionRegistryLoaded(
                pooling_region_code=self.pooling_region,
                source=source,
                loaded=summary.new + summary.updated,
                refused=summary.refused,
            ),
            subject_key=self.pooling_region,
            producer=PRODUCER,
            actor=self.actor,
            reason=f"employees' pension registry loaded from {source}",
            occurred_at=loaded_at,
            event_id=derived_event_id("registry-load", load_id),
        )
        recorded = await self.registry.record_load(
            {
                "_id": load_id,
                "pooling_region_code": self.pooling_region,
                "source": source,
                "rows": summary.rows,
                "new": summary.new,
                "updated": summary.updated,
                "refused": summary.refused,
                "loaded_by": self.actor,
                "loaded_at": loaded_at,
            },
            [event],
        )
        summary.already_loaded = not recorded
        return summary

    def _record(self, line: int, values: list[str], source: str, report: Report) -> Document | None:
        row, problems = validate_registry_row(line, values, today=self.today)
        for problem in problems:
            report(problem)
        if row is None:
            return None
        return registry_document(self.vault, row, source=source, pooling_region=self.pooling_region)

    async def _store(self, batch: list[Document], loaded_at: datetime, summary: RegistryLoadSummary) -> None:
        new, updated = await self.registry.upsert(batch, loaded_at=loaded_at)
        summary.new += new
        summary.updated += updated
