"""The rules of a migration file's rows: a legacy resident's rows judged by the rules of an agent's enrolment and of
contributions (domain.enrolment, domain.contributions), and a row of the employees' pension registry."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from pension_contracts.migration_files import RESIDENT_COLUMNS
from pension_enrolment.domain.contributions import (
    KIND_MONEY,
    ContributionChannel,
    ContributionKind,
    ContributionRecord,
    amount_refusals,
    cash_refusals,
    channel_refusals,
    contribution_year_refusals,
    current_year_refusals,
)
from pension_enrolment.domain.enrolment import (
    EnrolmentApplication,
    SpecialGroupClaim,
    ValidatedEnrolment,
    validate_application,
)
from pension_kit.errors import DomainError
from pension_kit.identifiers import IdentifierError, parse_citizen_id, parse_month
from pension_kit.policy import PolicyVersion, SpecialGroup, in_force
from pension_kit.text import ID_MAX, RECEIPT_NUMBER_MAX, check_length

# --- the legacy file's words for the domain's values (docs/migration-import.md) ----------------------------

KINDS: Final = {
    "personal": ContributionKind.OWN,
    "arrears": ContributionKind.ARREARS,
    "paid_on_behalf": ContributionKind.PAID_ON_BEHALF,
    "collective": ContributionKind.COLLECTIVE,
}
CHANNELS: Final = {
    "cash": ContributionChannel.CASH,
    "bank_withholding": ContributionChannel.BANK_WITHHOLDING,
    "online": ContributionChannel.ONLINE,
    # The county's paid-on-behalf batch: GOVERNMENT, as the platform's own batch records it.
    "county_batch": ContributionChannel.GOVERNMENT,
}
SPECIAL_GROUPS: Final = {
    "severe_disability": SpecialGroup.SEVERE_DISABILITY,
    "minimum_living_allowance": SpecialGroup.MINIMUM_LIVING_ALLOWANCE,
    "extreme_poverty": SpecialGroup.EXTREME_POVERTY,
}
_AMOUNT_COLUMNS: Final = ("grade_fen", "personal_fen", "subsidy_fen", "paid_on_behalf_fen", "collective_fen")
# The resident's own money for a year is paid once, as an own contribution or as arrears, never both.
_SAME_YEAR_GROUP: Final = {
    ContributionKind.OWN: ContributionKind.OWN,
    ContributionKind.ARREARS: ContributionKind.OWN,
    ContributionKind.PAID_ON_BEHALF: ContributionKind.PAID_ON_BEHALF,
    ContributionKind.COLLECTIVE: ContributionKind.COLLECTIVE,
}
# The domain names its fields as the requests do; the report names the file's columns. The resident's agent is
# the one who enrolled them, a contribution's the one who collected it.
_RESIDENT_COLUMN_OF_FIELD: Final = {"agent_id": "enrolled_by_agent_id"}
_CONTRIBUTION_COLUMN_OF_FIELD: Final = {"agent_id": "collected_by_agent_id"}
_YEAR_RE: Final = re.compile(r"[0-9]{4}")
_FEN_RE: Final = re.compile(r"[0-9]{1,15}")  # int64 fen, no sign, no decimals
_DATE_RE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_RESIDENT_WIDTH: Final = len(RESIDENT_COLUMNS)


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why a line of a file was not imported: the line number, the column, a stable reason and a message."""

    line: int
    field: str
    reason: str
    message: str

    def as_row(self) -> tuple[str, str, str, str]:
        return str(self.line), self.field, self.reason, self.message


@dataclass(slots=True)
class ResidentRows:
    """The consecutive rows of one resident: (line number, values in RESIDENT_FILE_COLUMNS order) each."""

    rows: list[tuple[int, list[str]]]

    @property
    def first_line(self) -> int:
        return self.rows[0][0]


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


def _problem(
    line: int, error: IdentifierError | DomainError, columns: dict[str, str] = _RESIDENT_COLUMN_OF_FIELD
) -> RowProblem:
    column = error.field.split("[", 1)[0]
    return RowProblem(line, columns.get(column, column), error.reason, error.message)


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
        resident_values = first[:_RESIDENT_WIDTH]
        for line, values in resident.rows:
            # One comparison of the resident's columns per row; which of them differ is looked for only if some do.
            if values is not first and values[:_RESIDENT_WIDTH] != resident_values:
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
            line, year, kind, CHANNELS[channel], amounts, paid_on, receipt_number, agent_id, policy, problems
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
        channel: ContributionChannel,
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
        # The domain's refusals, in the order the report has always listed them.
        refusals: list[DomainError] = []
        if paid_on.year < year:
            problems.append(
                RowProblem(line, "paid_on", "CONTRIBUTION_PAID_BEFORE_YEAR", f"paid in {paid_on.year}, before {year}")
            )
        elif kind == ContributionKind.OWN:
            # Only an own contribution must be for the year paid: a legacy collective subsidy may be for a past year.
            refusals += current_year_refusals(year, paid_on)
        refusals += channel_refusals(kind, channel)
        for column, value, max_length in (
            ("receipt_number", receipt_number, RECEIPT_NUMBER_MAX),
            ("collected_by_agent_id", agent_id, ID_MAX),
        ):
            try:
                check_length(value, field=column, max_length=max_length)
            except DomainError as error:
                refusals.append(error)
        refusals += cash_refusals(channel, receipt_number, agent_id)
        refusals += amount_refusals(kind, amounts[KIND_MONEY[kind]], amounts["subsidy_fen"])
        if refusals:
            problems.extend(_problem(line, error, _CONTRIBUTION_COLUMN_OF_FIELD) for error in refusals)

    def _check_years(
        self,
        line: int,
        year: int,
        paid_on: date,
        enrolment: ValidatedEnrolment,
        policy: PolicyVersion,
        problems: list[RowProblem],
    ) -> None:
        # A year before the scheme is reported as such by _check_contribution, whatever the resident's age.
        if year >= policy.scheme_start_date.year:
            for error in contribution_year_refusals(enrolment.citizen.birth_date, year, policy):
                problems.append(_problem(line, error, _CONTRIBUTION_COLUMN_OF_FIELD))
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


# --- the contribution as the platform records it ---------------------------------------------------------


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


# --- the employees' pension registry's rows ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RegistryRow:
    """A valid row of an employees' pension registry file."""

    citizen_id_number: str
    scheme_ref: str
    from_month: str


def validate_registry_row(line: int, values: list[str], *, today: date) -> tuple[RegistryRow | None, list[RowProblem]]:
    """The row (citizen_id_number, scheme_ref, from_month), or None with every problem found."""
    citizen_id_text, scheme_ref, from_month_text = values
    problems: list[RowProblem] = []
    number = ""
    try:
        number = parse_citizen_id(citizen_id_text, today=today, field="citizen_id_number").number
    except IdentifierError as error:
        problems.append(_problem(line, error))
    if not scheme_ref:
        problems.append(
            RowProblem(line, "scheme_ref", "SCHEME_REF_REQUIRED", "scheme_ref names the employees' pension record")
        )
    from_month = ""
    try:
        from_month = str(parse_month(from_month_text, field="from_month"))
    except IdentifierError as error:
        problems.append(_problem(line, error))
    if problems:
        return None, problems
    return RegistryRow(number, scheme_ref, from_month), problems
