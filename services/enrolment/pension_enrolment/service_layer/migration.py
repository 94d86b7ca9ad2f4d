"""The migration import of a legacy system's residents and contributions, and the employees' pension registry load."""

from __future__ import annotations

import asyncio
import csv
import hashlib
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Final

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError

from pension.enrolment.v1 import events_pb2
from pension_contracts.migration_files import (
    REGISTRY_FILE_COLUMNS,
    RESIDENT_COLUMNS,
    RESIDENT_FILE_COLUMNS,
)
from pension_enrolment.adapters.account_documents import contribution_document
from pension_enrolment.adapters.employee_registry import EmployeePensionRegistry
from pension_enrolment.adapters.residents import RESIDENTS
from pension_enrolment.domain.account import LedgerEntry, balance
from pension_enrolment.domain.contributions import (
    ContributionChannel,
    ContributionKind,
    ContributionRecord,
    # The credits a recorded contribution posts (one entry per kind of money), as every contribution gets them.
    _entries_of,
    contributed_years,
    first_contribution_year,
    last_contribution_year,
)
from pension_enrolment.domain.enrolment import (
    EnrolmentApplication,
    SpecialGroupClaim,
    ValidatedEnrolment,
    validate_application,
)
from pension_enrolment.service_layer.contributions import contribution_recorded, posted
from pension_enrolment.service_layer.resident_documents import (
    CITIZEN_ID_PURPOSE,
    PRODUCER,
    derived_event_id,
    derived_resident_id,
    employee_pension_refusal,
    resident_document,
)
from pension_kit.errors import DomainError
from pension_kit.events import new_event
from pension_kit.identifiers import IdentifierError, parse_citizen_id, parse_period
from pension_kit.masking import mask_citizen_id
from pension_kit.mongo import Document
from pension_kit.pii import PersonalDataVault
from pension_kit.policy import PolicyVersion, SpecialGroup, in_force
from pension_kit.text import ID_MAX, RECEIPT_NUMBER_MAX, check_length

# --- the layouts (docs/migration-import.md) ---------------------------------------------------------------

REPORT_COLUMNS: Final = ("line", "field", "reason", "message")

KINDS: Final = {
    "personal": ContributionKind.OWN,
    "arrears": ContributionKind.ARREARS,
    "paid_on_behalf": ContributionKind.PAID_ON_BEHALF,
    "collective": ContributionKind.COLLECTIVE,
}
CHANNELS: Final = frozenset({"cash", "bank_withholding", "online", "county_batch"})
SPECIAL_GROUPS: Final = {
    "severe_disability": SpecialGroup.SEVERE_DISABILITY,
    "minimum_living_allowance": SpecialGroup.MINIMUM_LIVING_ALLOWANCE,
    "extreme_poverty": SpecialGroup.EXTREME_POVERTY,
}
_AMOUNT_COLUMNS: Final = ("grade_fen", "personal_fen", "subsidy_fen", "paid_on_behalf_fen", "collective_fen")
# The money column a contribution of each kind must have (a contribution that moves no money is not one).
_MAIN_AMOUNT: Final = {
    ContributionKind.OWN: "personal_fen",
    ContributionKind.ARREARS: "personal_fen",
    ContributionKind.PAID_ON_BEHALF: "paid_on_behalf_fen",
    ContributionKind.COLLECTIVE: "collective_fen",
}
# The resident's own money for a year is paid once, as an own contribution or as arrears, never both.
_SAME_YEAR_GROUP: Final = {
    ContributionKind.OWN: ContributionKind.OWN,
    ContributionKind.ARREARS: ContributionKind.OWN,
    ContributionKind.PAID_ON_BEHALF: ContributionKind.PAID_ON_BEHALF,
    ContributionKind.COLLECTIVE: ContributionKind.COLLECTIVE,
}
# validate_application names its fields as the enrolment request does; the report names the file's columns.
_COLUMN_OF_FIELD: Final = {"agent_id": "enrolled_by_agent_id"}
_YEAR_RE: Final = re.compile(r"[0-9]{4}")
_FEN_RE: Final = re.compile(r"[0-9]{1,15}")  # int64 fen, no sign, no decimals
_DATE_RE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_CITIZEN_ID_COLUMN: Final = 0
_RESIDENT_WIDTH: Final = len(RESIDENT_COLUMNS)

DEFAULT_BATCH_SIZE: Final = 1000
# Residents built between two chances for the write in flight to move its bytes (see ResidentImport.run).
_YIELD_EVERY: Final = 8
_DUPLICATE_KEY: Final = 11000
# Lookups of duplicates sent at once: enough to keep the database busy, few enough not to crowd out the inserts.
_LOOKUPS_IN_FLIGHT: Final = 8


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why a line of a file was not imported: the line number, the column, a stable reason and a message."""

    line: int
    field: str
    reason: str
    message: str

    def as_row(self) -> tuple[str, str, str, str]:
        return str(self.line), self.field, self.reason, self.message


class ImportFileError(Exception):
    """The file as a whole cannot be read (no header, missing columns): nothing was imported."""

    def __init__(self, problem: RowProblem) -> None:
        super().__init__(f"line {problem.line}: {problem.message} ({problem.reason})")
        self.problem = problem


# --- reading: rows of one resident, consecutive -----------------------------------------------------------


@dataclass(slots=True)
class ResidentRows:
    """The consecutive rows of one resident: (line number, values in RESIDENT_FILE_COLUMNS order) each."""

    rows: list[tuple[int, list[str]]]

    @property
    def first_line(self) -> int:
        return self.rows[0][0]


def _column_positions(header: list[str] | None, columns: Sequence[str]) -> list[int]:
    if header is None:
        raise ImportFileError(
            RowProblem(1, "", "HEADER_MISSING", "the file is empty; its first line names the columns")
        )
    names = [name.strip().lower() for name in header]
    missing = [column for column in columns if column not in names]
    if missing:
        raise ImportFileError(
            RowProblem(1, missing[0], "COLUMN_MISSING", f"the header lacks the column(s) {', '.join(missing)}")
        )
    # Columns are found by name, so a legacy export may order them freely and carry extra ones.
    return [names.index(column) for column in columns]


def read_rows(lines: Iterable[str], columns: Sequence[str]) -> Iterator[tuple[int, list[str]]]:
    """The rows of a CSV file (first line: column names) as (line number, values in `columns` order).

    A quoted value may span lines; the number is the row's first line. A short row is padded with empty values.
    """
    reader = csv.reader(lines)
    positions = _column_positions(next(reader, None), columns)
    width = max(positions) + 1
    line = reader.line_num + 1
    for raw in reader:
        if raw and any(raw):
            if len(raw) < width:
                raw = raw + [""] * (width - len(raw))
            yield line, [raw[position].strip() for position in positions]
        line = reader.line_num + 1


def group_residents(rows: Iterable[tuple[int, list[str]]]) -> Iterator[ResidentRows]:
    """Consecutive rows with the same citizen ID number form one resident (the export is ordered by resident)."""
    current: list[tuple[int, list[str]]] = []
    key = ""
    for line, values in rows:
        row_key = values[_CITIZEN_ID_COLUMN].upper()
        if current and row_key != key:
            yield ResidentRows(current)
            current = []
        key = row_key
        current.append((line, values))
    if current:
        yield ResidentRows(current)


# --- validation: the enrolment rules, and the contribution rows -------------------------------------------


@dataclass(frozen=True, slots=True)
class LegacyContribution:
    """A valid contribution row, as the legacy system recorded it (its amounts are facts, never recomputed)."""

    line: int
    year: int
    kind: ContributionKind
    legacy_channel: str
    grade_fen: int
    personal_fen: int
    subsidy_fen: int
    paid_on_behalf_fen: int
    collective_fen: int
    paid_on: date
    receipt_number: str
    agent_id: str


@dataclass(frozen=True, slots=True)
class LegacyResident:
    """A resident whose every row is valid: ready to be written."""

    first_line: int
    enrolment: ValidatedEnrolment
    contributions: tuple[LegacyContribution, ...]


def _problem(line: int, error: IdentifierError | DomainError) -> RowProblem:
    column = error.field.split("[", 1)[0]
    return RowProblem(line, _COLUMN_OF_FIELD.get(column, column), error.reason, error.message)


def _parse_date(text: str) -> date | None:
    if _DATE_RE.fullmatch(text) is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


class RowValidator:
    """Validates the rows of one resident with the rules of an agent's enrolment and of contributions.

    Built once per import: the region, its policy versions and today are fixed for the whole file. A contribution
    row is judged by the version in force on the day it was paid.
    """

    def __init__(self, *, pooling_region: str, policy_versions: Sequence[PolicyVersion], today: date) -> None:
        self.pooling_region = pooling_region
        self.policy_versions = tuple(policy_versions)
        self.today = today
        # A county's history has a few thousand distinct payment days and a handful of versions: remember each answer.
        self._in_force: dict[date, PolicyVersion | DomainError] = {}

    def policy_on(self, day: date) -> PolicyVersion:
        found = self._in_force.get(day)
        if found is None:
            try:
                found = in_force(self.policy_versions, day)
            except DomainError as error:
                found = error
            self._in_force[day] = found
        if isinstance(found, DomainError):
            raise found
        return found

    def validate(self, resident: ResidentRows) -> tuple[LegacyResident | None, list[RowProblem]]:
        """The resident, or None with every problem found; a resident with any bad row is not imported."""
        problems: list[RowProblem] = []
        first_line, first = resident.rows[0]
        enrolment = self._enrolment(first_line, first, problems)
        contributions: list[LegacyContribution] = []
        for line, values in resident.rows:
            if values is not first:
                for index, column in enumerate(RESIDENT_COLUMNS):
                    if values[index] != first[index]:
                        problems.append(
                            RowProblem(
                                line,
                                column,
                                "RESIDENT_FIELDS_DIFFER",
                                f"{column} differs from line {first_line}, the resident's first row",
                            )
                        )
            if any(values[_RESIDENT_WIDTH:]):
                contribution = self._contribution(line, values, enrolment, problems)
                if contribution is not None:
                    contributions.append(contribution)
        self._refuse_repeated_years(contributions, problems)
        if problems or enrolment is None:
            return None, problems
        # Oldest first, so that each event's balance and contributed years after it follow the account's history.
        contributions.sort(key=lambda c: (c.paid_on, c.year, c.line))
        return LegacyResident(first_line, enrolment, tuple(contributions)), problems

    def _enrolment(self, line: int, values: list[str], problems: list[RowProblem]) -> ValidatedEnrolment | None:
        (
            citizen_id_number,
            name,
            village_code,
            mobile,
            bank_code,
            bank_name,
            bank_card_number,
            enrolled_on_text,
            agent_id,
            photo_ref,
            special_groups_text,
        ) = values[:_RESIDENT_WIDTH]
        enrolled_on = _parse_date(enrolled_on_text)
        if enrolled_on is None:
            problems.append(
                RowProblem(line, "enrolled_on", "DATE_FORMAT", "enrolled_on is a calendar date written YYYY-MM-DD")
            )
            return None
        special_groups = self._special_groups(line, special_groups_text, problems)
        if special_groups is None:
            return None
        application = EnrolmentApplication(
            citizen_id_number=citizen_id_number,
            name=name,
            village_code=village_code,
            mobile=mobile,
            bank_card_number=bank_card_number,
            bank_code=bank_code,
            bank_name=bank_name,
            special_groups=special_groups,
            photo_ref=photo_ref,
            enrolled_on=enrolled_on,
            agent_id=agent_id,
            # The legacy system exports enrolled residents; a full-time student could not have been one.
            full_time_student=False,
        )
        try:
            valid = validate_application(application, today=self.today)
        except (IdentifierError, DomainError) as error:
            problems.append(_problem(line, error))
            return None
        if valid.village.county_code != self.pooling_region:
            problems.append(
                RowProblem(
                    line,
                    "village_code",
                    "VILLAGE_OUTSIDE_POOLING_REGION",
                    f"the village is not in pooling region {self.pooling_region}, the one being imported",
                )
            )
            return None
        return valid

    def _special_groups(self, line: int, text: str, problems: list[RowProblem]) -> tuple[SpecialGroupClaim, ...] | None:
        if not text:
            return ()
        claims: list[SpecialGroupClaim] = []
        for part in text.split(";"):
            pieces = [piece.strip() for piece in part.split("|")]
            if len(pieces) != 4:
                problems.append(
                    RowProblem(
                        line,
                        "special_groups",
                        "SPECIAL_GROUP_FORMAT",
                        "each membership is group|evidence_ref|effective_from|effective_until, separated by ;",
                    )
                )
                return None
            group_name, evidence_ref, from_text, until_text = pieces
            group = SPECIAL_GROUPS.get(group_name)
            if group is None:
                problems.append(
                    RowProblem(
                        line,
                        "special_groups",
                        "SPECIAL_GROUP_UNKNOWN",
                        f"{group_name!r} is not one of {', '.join(SPECIAL_GROUPS)}",
                    )
                )
                return None
            effective_from = _parse_date(from_text)
            effective_until = _parse_date(until_text) if until_text else None
            if effective_from is None or (until_text and effective_until is None):
                problems.append(
                    RowProblem(line, "special_groups", "DATE_FORMAT", "special group dates are written YYYY-MM-DD")
                )
                return None
            claims.append(SpecialGroupClaim(group, evidence_ref, effective_from, effective_until))
        return tuple(claims)

    def _contribution(
        self, line: int, values: list[str], enrolment: ValidatedEnrolment | None, problems: list[RowProblem]
    ) -> LegacyContribution | None:
        (
            year_text,
            kind_text,
            channel,
            grade_text,
            personal_text,
            subsidy_text,
            behalf_text,
            collective_text,
            paid_on_text,
            receipt_number,
            agent_id,
        ) = values[_RESIDENT_WIDTH:]
        found = len(problems)
        year = int(year_text) if _YEAR_RE.fullmatch(year_text) else None
        if year is None:
            problems.append(RowProblem(line, "year", "CONTRIBUTION_YEAR_FORMAT", "year is a 4-digit calendar year"))
        kind = KINDS.get(kind_text)
        if kind is None:
            problems.append(RowProblem(line, "kind", "CONTRIBUTION_KIND_UNKNOWN", f"kind is one of {', '.join(KINDS)}"))
        if channel not in CHANNELS:
            problems.append(
                RowProblem(
                    line, "channel", "CONTRIBUTION_CHANNEL_UNKNOWN", f"channel is one of {', '.join(sorted(CHANNELS))}"
                )
            )
        amounts: dict[str, int] = {}
        for column, text in zip(
            _AMOUNT_COLUMNS, (grade_text, personal_text, subsidy_text, behalf_text, collective_text), strict=True
        ):
            if not text:
                amounts[column] = 0  # an export leaves a column empty where nothing was paid
            elif _FEN_RE.fullmatch(text):
                amounts[column] = int(text)
            else:
                problems.append(
                    RowProblem(line, column, "AMOUNT_FORMAT", f"{column} is a whole, non-negative number of fen")
                )
        paid_on = _parse_date(paid_on_text)
        if paid_on is None:
            problems.append(RowProblem(line, "paid_on", "DATE_FORMAT", "paid_on is a calendar date written YYYY-MM-DD"))
        elif paid_on > self.today:
            problems.append(RowProblem(line, "paid_on", "DATE_FUTURE", "paid_on is in the future"))
        if len(problems) > found or year is None or kind is None or paid_on is None:
            return None
        try:
            policy = self.policy_on(paid_on)
        except DomainError as error:
            problems.append(RowProblem(line, "paid_on", error.reason, error.message))
            return None
        self._check_contribution(
            line, year, kind, channel, amounts, paid_on, receipt_number, agent_id, policy, problems
        )
        if enrolment is not None:
            self._check_years(line, year, paid_on, enrolment, policy, problems)
        if len(problems) > found:
            return None
        return LegacyContribution(
            line=line,
            year=year,
            kind=kind,
            legacy_channel=channel,
            grade_fen=amounts["grade_fen"],
            personal_fen=amounts["personal_fen"],
            subsidy_fen=amounts["subsidy_fen"],
            paid_on_behalf_fen=amounts["paid_on_behalf_fen"],
            collective_fen=amounts["collective_fen"],
            paid_on=paid_on,
            receipt_number=receipt_number,
            agent_id=agent_id,
        )

    def _check_contribution(
        self,
        line: int,
        year: int,
        kind: ContributionKind,
        channel: str,
        amounts: dict[str, int],
        paid_on: date,
        receipt_number: str,
        agent_id: str,
        policy: PolicyVersion,
        problems: list[RowProblem],
    ) -> None:
        if year < policy.scheme_start_date.year:
            problems.append(
                RowProblem(
                    line,
                    "year",
                    "CONTRIBUTION_YEAR_BEFORE_SCHEME",
                    f"{year} is before the scheme started in the region ({policy.scheme_start_date.isoformat()})",
                )
            )
        if paid_on.year < year:
            problems.append(
                RowProblem(line, "paid_on", "CONTRIBUTION_PAID_BEFORE_YEAR", f"paid in {paid_on.year}, before {year}")
            )
        elif kind == ContributionKind.OWN and paid_on.year != year:
            problems.append(
                RowProblem(
                    line,
                    "year",
                    "CONTRIBUTION_YEAR_NOT_CURRENT",
                    f"an own contribution paid in {paid_on.year} is for {paid_on.year}; past years are arrears",
                )
            )
        if (kind == ContributionKind.PAID_ON_BEHALF) != (channel == "county_batch"):
            problems.append(
                RowProblem(
                    line,
                    "channel",
                    "CHANNEL_NOT_ALLOWED",
                    "paid-on-behalf contributions, and only they, come through the county_batch channel",
                )
            )
        for column, value, max_length in (
            ("receipt_number", receipt_number, RECEIPT_NUMBER_MAX),
            ("collected_by_agent_id", agent_id, ID_MAX),
        ):
            try:
                check_length(value, field=column, max_length=max_length)
            except DomainError as error:
                problems.append(_problem(line, error))
        if channel == "cash" and not receipt_number:
            problems.append(RowProblem(line, "receipt_number", "RECEIPT_REQUIRED", "cash needs a receipt number"))
        if channel == "cash" and not agent_id:
            problems.append(
                RowProblem(line, "collected_by_agent_id", "AGENT_REQUIRED", "cash needs the collecting agent")
            )
        main = _MAIN_AMOUNT[kind]
        if amounts[main] <= 0:
            problems.append(
                RowProblem(line, main, "AMOUNT_NOT_POSITIVE", f"a {kind.name.lower()} contribution has {main} > 0")
            )
        if kind == ContributionKind.ARREARS and amounts["subsidy_fen"]:
            problems.append(
                RowProblem(line, "subsidy_fen", "ARREARS_WITH_SUBSIDY", "arrears are paid without a subsidy")
            )

    def _check_years(
        self,
        line: int,
        year: int,
        paid_on: date,
        enrolment: ValidatedEnrolment,
        policy: PolicyVersion,
        problems: list[RowProblem],
    ) -> None:
        birth_date = enrolment.citizen.birth_date
        first = first_contribution_year(birth_date, policy)
        last = last_contribution_year(birth_date, policy)
        if policy.scheme_start_date.year <= year < first:
            problems.append(
                RowProblem(
                    line,
                    "year",
                    "CONTRIBUTION_YEAR_BEFORE_FIRST",
                    f"{year} is before the year the resident turned {policy.minimum_enrolment_age}",
                )
            )
        elif year > last:
            problems.append(
                RowProblem(
                    line,
                    "year",
                    "CONTRIBUTION_YEAR_AFTER_LAST",
                    f"{year} is after the resident's last contribution year {last} (pension age)",
                )
            )
        if paid_on < enrolment.enrolled_on:
            problems.append(
                RowProblem(line, "paid_on", "CONTRIBUTION_BEFORE_ENROLMENT", "paid before the resident enrolled")
            )

    @staticmethod
    def _refuse_repeated_years(contributions: list[LegacyContribution], problems: list[RowProblem]) -> None:
        seen: dict[tuple[int, ContributionKind], int] = {}
        for contribution in contributions:
            key = (contribution.year, _SAME_YEAR_GROUP[contribution.kind])
            earlier = seen.setdefault(key, contribution.line)
            if earlier != contribution.line:
                problems.append(
                    RowProblem(
                        contribution.line,
                        "year",
                        "CONTRIBUTION_YEAR_ALREADY_PAID",
                        f"{contribution.year} is already paid at line {earlier} ({key[1].name.lower()} money)",
                    )
                )


# --- building the resident document ---------------------------------------------------------------------


def legacy_contribution_record(resident_id: str, contribution: LegacyContribution) -> ContributionRecord:
    """The contribution as the platform records it. The channel is LEGACY_IMPORT, so that history is not taken
    for new business (cash imported from 2015 is not owed by the agent today); the original channel is kept
    beside it in the document."""
    return ContributionRecord(
        contribution_id=f"{resident_id}:legacy:{contribution.year}:{contribution.kind.name.lower()}",
        year=contribution.year,
        kind=contribution.kind,
        channel=ContributionChannel.LEGACY_IMPORT,
        grade_fen=contribution.grade_fen,
        personal_fen=contribution.personal_fen,
        subsidy_fen=contribution.subsidy_fen,
        paid_on_behalf_fen=contribution.paid_on_behalf_fen,
        collective_fen=contribution.collective_fen,
        receipt_number=contribution.receipt_number,
        agent_id=contribution.agent_id,
        paid_on=contribution.paid_on,
        policy_version_id="",  # legacy amounts: no policy version of ours computed them
    )


@dataclass(frozen=True, slots=True)
class ImportContext:
    """What every document of one import run shares."""

    vault: PersonalDataVault
    topic: str
    actor: str
    source: str
    import_id: str
    now: datetime

    @property
    def reason(self) -> str:
        return f"migration import from {self.source}"


def legacy_resident_document(context: ImportContext, resident: LegacyResident, citizen_id_hash: str) -> Document:
    """The document enrolment would write (same builder), with the legacy contributions, their ledger entries,
    and one ContributionRecorded event per contribution after the ResidentEnrolled event in its outbox."""
    vault = context.vault
    resident_id = derived_resident_id(vault, resident.enrolment.citizen.number)
    document = resident_document(
        vault,
        resident.enrolment,
        resident_id=resident_id,
        request_id=f"import:{resident_id}",
        actor=context.actor,
        topic=context.topic,
        reason=context.reason,
        now=context.now,
        citizen_id_hash=citizen_id_hash,
    )
    contributions: list[Document] = []
    ledger: list[Document] = []
    outbox: list[Document] = document["outbox"]
    records: list[ContributionRecord] = []
    posted_entries: list[LedgerEntry] = []
    for contribution in resident.contributions:
        record = legacy_contribution_record(resident_id, contribution)
        entries: tuple[LedgerEntry, ...] = _entries_of(record)
        records.append(record)
        posted_entries.extend(entries)
        # Stored as the contributions service stores a recorded contribution, plus the legacy channel.
        contributions.append(
            {
                **contribution_document(record),
                "payment_ref": "",
                "recorded_by": context.actor,
                "recorded_at": context.now,
                "legacy_channel": contribution.legacy_channel,
            }
        )
        ledger.extend(posted(entries, context.now))
        event = contribution_recorded(
            document,
            record,
            entries,
            balance_after_fen=balance(posted_entries),
            contributed_years=contributed_years(records),
            posted_at=context.now,
        )
        outbox.append(
            new_event(
                topic=context.topic,
                payload=event,
                subject_key=resident_id,
                producer=PRODUCER,
                actor=context.actor,
                reason=context.reason,
                occurred_at=context.now,
            )
        )
    document["contributions"] = contributions
    document["ledger"] = ledger
    document["imported_from"] = {
        "source": context.source,
        "line": resident.first_line,
        "import_id": context.import_id,
    }
    return document


# --- writing: batches of documents, duplicates tolerated -------------------------------------------------


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


Report = Callable[[RowProblem], None]


@dataclass
class ResidentImport:
    """Imports a legacy file into the residents collection, writing what Enrol writes, in batches.

    Runs directly against the service's database (county officers run it on the server through the CLI); the
    events it writes into the documents' outboxes are published by the service's outbox relay.
    """

    database: AsyncDatabase[Document]
    vault: PersonalDataVault
    registry: EmployeePensionRegistry
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
        residents: AsyncCollection[Document] = self.database[RESIDENTS]
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
                        in_flight = asyncio.create_task(self._write(residents, batch, listed, context, report))
                        batch = []
                if in_flight is not None and count % _YIELD_EVERY == 0:
                    # Building is CPU work on the event loop; yielding lets the write in flight send its bytes
                    # and read its reply instead of waiting for the whole next batch.
                    await asyncio.sleep(0)
            if in_flight is not None:
                await in_flight
                in_flight = None
            if batch:
                await self._write(residents, batch, listed, context, report)
        finally:
            if in_flight is not None:
                in_flight.cancel()
        summary.bad_lines = len(self._bad_lines)
        return summary

    async def _write(
        self,
        residents: AsyncCollection[Document],
        batch: list[_Built],
        listed: dict[str, str],
        context: ImportContext,
        report: Report,
    ) -> None:
        refused = [built for built in batch if built.citizen_id_hash in listed]
        if refused:
            await self._refuse_listed(refused, listed, context, report)
            batch = [built for built in batch if built.citizen_id_hash not in listed]
        if not batch:
            return
        duplicates: list[_Built] = []
        try:
            await residents.insert_many([built.document for built in batch], ordered=False)
        except BulkWriteError as error:
            write_errors = error.details.get("writeErrors", [])
            if any(e.get("code") != _DUPLICATE_KEY for e in write_errors):
                raise
            duplicates = [batch[e["index"]] for e in write_errors]
        failed = {id(built) for built in duplicates}
        for built in batch:
            if id(built) not in failed:
                self.summary.imported += 1
                self.summary.contributions_imported += built.contributions
        if duplicates:
            await self._classify_duplicates(residents, duplicates, context, report)

    async def _classify_duplicates(
        self, residents: AsyncCollection[Document], duplicates: list[_Built], context: ImportContext, report: Report
    ) -> None:
        """A duplicate key is this import's own resident written before (by an earlier run, or by this run from
        rows earlier in the file), or else someone an agent enrolled: both have the id derived from the citizen
        ID number, and only an imported resident carries `imported_from`. Looked up by `_id`, the one lookup
        FerretDB 1.x answers from an index, a few at a time."""
        limit = asyncio.Semaphore(_LOOKUPS_IN_FLIGHT)

        async def earlier_import(built: _Built) -> Document | None:
            async with limit:
                return await residents.find_one({"_id": built.document["_id"]}, {"imported_from": 1})

        found = await asyncio.gather(*(earlier_import(built) for built in duplicates))
        for built, existing in zip(duplicates, found, strict=True):
            if existing is None or not existing.get("imported_from"):
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
            earlier = existing.get("imported_from") or {}
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


# --- the employees' pension registry ---------------------------------------------------------------------


@dataclass
class RegistryLoadSummary:
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

    registry: EmployeePensionRegistry
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
        citizen_id_text, scheme_ref, from_month_text = values
        problems: list[RowProblem] = []
        number = ""
        try:
            number = parse_citizen_id(citizen_id_text, today=self.today, field="citizen_id_number").number
        except IdentifierError as error:
            problems.append(_problem(line, error))
        if not scheme_ref:
            problems.append(
                RowProblem(line, "scheme_ref", "SCHEME_REF_REQUIRED", "scheme_ref names the employees' pension record")
            )
        from_month = ""
        try:
            from_month = str(parse_period(from_month_text, field="from_month"))
        except IdentifierError as error:
            problems.append(_problem(line, error))
        for problem in problems:
            report(problem)
        if problems:
            return None
        return {
            "citizen_id_hash": self.vault.lookup_hash(number, purpose=CITIZEN_ID_PURPOSE),
            "citizen_id_masked": mask_citizen_id(number),
            "scheme_ref": scheme_ref,
            "from_month": from_month,
            "source": source,
            "pooling_region_code": self.pooling_region,
        }

    async def _store(self, batch: list[Document], loaded_at: datetime, summary: RegistryLoadSummary) -> None:
        new, updated = await self.registry.upsert(batch, loaded_at=loaded_at)
        summary.new += new
        summary.updated += updated
