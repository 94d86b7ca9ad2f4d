"""County officers' commands, run on the server against the service's database: the migration import and registry load.

    python -m pension_enrolment.entrypoints.cli import-residents FILE.csv --pooling-region 411731 --actor officer-1
    python -m pension_enrolment.entrypoints.cli load-employee-registry FILE.csv --pooling-region 411731 \\
        --actor officer-1 --source "provincial employees' pension system, 2026-07 export"

Both read the enrolment service's own settings (PENSION_MONGO_URI, PENSION_MONGO_DATABASE, PENSION_PII_KEYS,
PENSION_LOOKUP_KEY, topic names): the keys must be the service's, or the keyed hashes would not find anyone. They
write the documents and events the service writes, through the same functions; the running service's outbox
relay publishes the events. Layouts: docs/migration-import.md.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pension_enrolment.adapters import employee_registry, residents
from pension_enrolment.adapters.migration_files import REPORT_COLUMNS, ImportFileError
from pension_enrolment.adapters.migration_repository import DEFAULT_BATCH_SIZE, MigrationRepository
from pension_enrolment.adapters.policies import PolicyRepository
from pension_enrolment.config import EnrolmentSettings
from pension_enrolment.domain.migration import RowProblem
from pension_enrolment.service_layer.migration_import import ImportSummary, ResidentImport
from pension_enrolment.service_layer.policy import PolicyService
from pension_enrolment.service_layer.registry_load import RegistryLoad, RegistryLoadSummary
from pension_kit.clock import today_in_china
from pension_kit.config import Environment, load_settings
from pension_kit.identifiers import IdentifierError, division_code_of_pooling_region
from pension_kit.mongo import IndexSpec, create_client, ensure_indexes
from pension_kit.outbox import outbox_indexes
from pension_kit.pii import PersonalDataVault

# Exit codes: everything imported; some rows reported in the error report; nothing done (usage, file, settings).
EXIT_OK = 0
EXIT_ROWS_REPORTED = 1
EXIT_FAILED = 2


@dataclass(frozen=True)
class ImportOptions:
    path: Path
    pooling_region: str
    actor: str
    errors_path: Path
    batch_size: int = DEFAULT_BATCH_SIZE
    today: date | None = None


class ErrorReport:
    """The error report, written as problems are found (line, field, reason, message), so memory stays flat."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = path.open("w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._file)
        self._writer.writerow(REPORT_COLUMNS)
        self.count = 0

    def __call__(self, problem: RowProblem) -> None:
        self._writer.writerow(problem.as_row())
        self.count += 1

    def close(self) -> None:
        self._file.close()


def _index_specs() -> list[IndexSpec]:
    specs = [*residents.INDEXES, *employee_registry.INDEXES]
    for collection in (residents.RESIDENTS, *employee_registry.OUTBOX_COLLECTIONS):
        specs.extend(outbox_indexes(collection))
    return specs


async def import_residents(settings: EnrolmentSettings, options: ImportOptions) -> ImportSummary:
    """What `import-residents` does: the whole import of one file (also what the benchmark times)."""
    client = create_client(settings)
    report = ErrorReport(options.errors_path)
    try:
        database = client[settings.database_name]
        # The service may never have run against this database: the unique indexes are the import's guard.
        await ensure_indexes(database, _index_specs())
        # As the service does: in development the demo regions get the demo version on first read.
        development = settings.env is Environment.DEVELOPMENT
        policies = PolicyService(
            PolicyRepository(database),
            topic=settings.topic_enrolment_region,
            notify_relay=lambda: None,
            demo_regions=settings.demo_policy_region_codes() if development else frozenset(),
        )
        versions = await policies.versions(options.pooling_region)
        if not versions:
            raise ImportFileError(
                RowProblem(
                    0,
                    "pooling_region",
                    "POLICY_NOT_IN_FORCE",
                    f"pooling region {options.pooling_region} has no policy version; add one (ChangePolicy) first",
                )
            )
        importer = ResidentImport(
            residents=MigrationRepository(database),
            vault=PersonalDataVault.from_settings(settings),
            registry=employee_registry.EmployeePensionRegistryRepository(database),
            policy_versions=versions,
            pooling_region=options.pooling_region,
            actor=options.actor,
            topic=settings.topic_enrolment_resident,
            region_topic=settings.topic_enrolment_region,
            today=options.today or today_in_china(),
            batch_size=options.batch_size,
        )
        # utf-8-sig: a file saved by a spreadsheet starts with a byte-order mark, which is not part of the header.
        with options.path.open(encoding="utf-8-sig", newline="") as lines:
            return await importer.run(lines, source=options.path.name, report=report)
    finally:
        report.close()
        await client.close()


async def load_employee_registry(
    settings: EnrolmentSettings, path: Path, *, pooling_region: str, actor: str, source: str, errors_path: Path
) -> RegistryLoadSummary:
    """What `load-employee-registry` does."""
    client = create_client(settings)
    report = ErrorReport(errors_path)
    try:
        database = client[settings.database_name]
        await ensure_indexes(database, _index_specs())
        load = RegistryLoad(
            registry=employee_registry.EmployeePensionRegistryRepository(database),
            vault=PersonalDataVault.from_settings(settings),
            pooling_region=pooling_region,
            actor=actor,
            region_topic=settings.topic_enrolment_region,
            today=today_in_china(),
        )
        with path.open(encoding="utf-8-sig", newline="") as lines:
            return await load.run(lines, source=source, report=report)
    finally:
        report.close()
        await client.close()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pension_enrolment.entrypoints.cli",
        description="County officers' commands against the enrolment database (layouts: docs/migration-import.md).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    residents_command = commands.add_parser(
        "import-residents", help="import a legacy system's residents and contributions from a CSV file"
    )
    residents_command.add_argument("file", type=Path, help="the CSV file (UTF-8)")
    registry_command = commands.add_parser(
        "load-employee-registry", help="load people receiving an employees' pension from a CSV file"
    )
    registry_command.add_argument("file", type=Path, help="the CSV file (UTF-8)")
    registry_command.add_argument("--source", default="", help="where the records come from (default: the file's name)")
    for command in (residents_command, registry_command):
        command.add_argument("--pooling-region", required=True, help="6-digit county code; every village must be in it")
        command.add_argument("--actor", required=True, help="user id of the officer running it (recorded in events)")
        command.add_argument("--errors", type=Path, help="where to write the error report (default FILE.errors.csv)")
    residents_command.add_argument(
        "--batch-size", type=int, default=DEFAULT_BATCH_SIZE, help="residents per insert (default 1000)"
    )
    return parser


def _write(lines: list[str]) -> None:
    sys.stdout.write("".join(f"{line}\n" for line in lines))


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        division_code_of_pooling_region(args.pooling_region, field="pooling_region")
    except IdentifierError as error:
        sys.stderr.write(f"--pooling-region: {error.message}\n")
        return EXIT_FAILED
    if not args.actor.strip():
        sys.stderr.write("--actor: the officer's user id is required\n")
        return EXIT_FAILED
    path: Path = args.file
    if not path.is_file():
        sys.stderr.write(f"{path}: no such file\n")
        return EXIT_FAILED
    errors_path: Path = args.errors or path.with_name(f"{path.stem}.errors.csv")
    settings = load_settings(EnrolmentSettings)
    try:
        if args.command == "import-residents":
            options = ImportOptions(path, args.pooling_region, args.actor.strip(), errors_path, args.batch_size)
            summary = asyncio.run(import_residents(settings, options))
            _write([*summary.lines(), f"error report: {errors_path}"])
            return EXIT_ROWS_REPORTED if summary.problems else EXIT_OK
        registry = asyncio.run(
            load_employee_registry(
                settings,
                path,
                pooling_region=args.pooling_region,
                actor=args.actor.strip(),
                source=args.source.strip() or path.name,
                errors_path=errors_path,
            )
        )
        _write([*registry.lines(), f"error report: {errors_path}"])
        return EXIT_ROWS_REPORTED if registry.refused else EXIT_OK
    except ImportFileError as error:
        sys.stderr.write(f"{path}: {error}; nothing was imported\n")
        return EXIT_FAILED
    except UnicodeDecodeError as error:
        sys.stderr.write(f"{path}: not UTF-8 ({error.reason} at byte {error.start}); rows before it were loaded\n")
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
