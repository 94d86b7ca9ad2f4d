"""The checks of one registry record as a feed delivers it: a record to match, or the violations that refuse it.

A citizen ID number that is missing or fails its check is not a refusal when the name, birth date and village are
given: the record goes to matching by name (an officer decides). The number is hashed at once (the `keys` given)
and only its keyed hash leaves this function; the name likewise, keyed and masked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Final

from pension_kit.errors import DomainError, InvalidArgument, from_identifier_error
from pension_kit.identifiers import IdentifierError, Month, parse_citizen_id, validate_village_code
from pension_kit.masking import mask_name
from pension_kit.text import IDENTIFIER_MAX, REFERENCE_MAX, check_free_text, check_length
from pension_verification.domain.registry_matching import (
    CIVIL_AFFAIRS_DEATH,
    CREMATION,
    EMPLOYEE_PENSION,
    PRISON,
    PUBLIC_SECURITY_HOUSEHOLD_CANCELLATION,
    DeathDetail,
    Detail,
    EmployeePensionDetail,
    ImprisonmentDetail,
    RegistryRecord,
    ReleaseDetail,
    normalized_name,
)

# What a record says (pension.verification.v1.RegistryReview.record_kind).
DEATH: Final = "DEATH"
EMPLOYEE_PENSION_KIND: Final = "EMPLOYEE_PENSION"
IMPRISONMENT: Final = "IMPRISONMENT"
RELEASE: Final = "RELEASE"
SIGN_OF_LIFE: Final = "SIGN_OF_LIFE"

# The kinds of record each feed delivers.
KINDS_OF_SOURCE: Final[dict[str, tuple[str, ...]]] = {
    CIVIL_AFFAIRS_DEATH: (DEATH,),
    PUBLIC_SECURITY_HOUSEHOLD_CANCELLATION: (DEATH,),
    CREMATION: (DEATH,),
    EMPLOYEE_PENSION: (EMPLOYEE_PENSION_KIND,),
    PRISON: (IMPRISONMENT, RELEASE),
}
# A request carries at most this many records (the command line sends files in chunks of this size).
MAX_RECORDS: Final = 10_000
BATCH_NAME_MAX: Final = 100


@dataclass(frozen=True, slots=True)
class RawRecord:
    """A record as read from a request or a file, before any check. `unreadable` holds what the edge could not
    read at all (a date that is no date), refused with the rest."""

    record_ref: str = ""
    citizen_id_number: str = ""
    name: str = ""
    birth_date: date | None = None
    village_code: str = ""
    kind: str = ""
    date_of_death: date | None = None
    receiving_from: Month | None = None
    scheme_ref: str = ""
    term_start: date | None = None
    term_end: date | None = None
    released_on: date | None = None
    unreadable: tuple[DomainError, ...] = ()


@dataclass(frozen=True, slots=True)
class RecordKeys:
    """The vault's keyed hashes, given by the service: of a valid citizen ID number, and of a name."""

    citizen_id_hash: Callable[[str], str]
    name_key: Callable[[str], str]


def kind_of(detail: Detail) -> str:
    match detail:
        case DeathDetail():
            return DEATH
        case EmployeePensionDetail():
            return EMPLOYEE_PENSION_KIND
        case ImprisonmentDetail():
            return IMPRISONMENT
        case ReleaseDetail():
            return RELEASE


def _required(value: date | None, field: str, today: date, problems: list[DomainError]) -> date | None:
    if value is None:
        problems.append(InvalidArgument("DATE_REQUIRED", f"{field} is required", field=field, message_zh="日期必填"))
        return None
    if value > today:
        problems.append(
            InvalidArgument(
                "DATE_IN_FUTURE",
                f"{field} {value.isoformat()} is after today ({today.isoformat()})",
                field=field,
                message_zh="日期晚于今天",
            )
        )
    return value


def _detail(raw: RawRecord, source: str, today: date, problems: list[DomainError]) -> Detail | None:
    kinds = KINDS_OF_SOURCE.get(source, ())
    if raw.kind not in kinds:
        problems.append(
            InvalidArgument(
                "REGISTRY_DETAIL_NOT_OF_SOURCE",
                f"a {source} record says {', '.join(kinds) or 'nothing'}, not {raw.kind or 'nothing'}",
                field="detail",
                message_zh="记录内容与数据来源不符",
            )
        )
        return None
    if raw.kind == DEATH:
        died = _required(raw.date_of_death, "date_of_death", today, problems)
        return DeathDetail(died) if died is not None else None
    if raw.kind == EMPLOYEE_PENSION_KIND:
        if raw.receiving_from is None:
            problems.append(
                InvalidArgument(
                    "MONTH_REQUIRED", "receiving_from is required", field="receiving_from", message_zh="月份必填"
                )
            )
        _checked(lambda: check_free_text(raw.scheme_ref, field="scheme_ref", max_length=REFERENCE_MAX), problems)
        if raw.receiving_from is None:
            return None
        return EmployeePensionDetail(raw.receiving_from, raw.scheme_ref.strip())
    if raw.kind == IMPRISONMENT:
        start = _required(raw.term_start, "term_start", today, problems)
        if start is not None and raw.term_end is not None and raw.term_end < start:
            problems.append(
                InvalidArgument(
                    "TERM_END_BEFORE_START",
                    f"term_end {raw.term_end.isoformat()} is before term_start {start.isoformat()}",
                    field="term_end",
                    message_zh="刑期结束日期早于开始日期",
                )
            )
        return ImprisonmentDetail(start, raw.term_end) if start is not None else None
    released = _required(raw.released_on, "released_on", today, problems)
    return ReleaseDetail(released) if released is not None else None


def _checked(check: Callable[[], object], problems: list[DomainError]) -> bool:
    try:
        check()
    except DomainError as error:
        problems.append(error)
        return False
    return True


def checked_record(
    raw: RawRecord, *, source: str, batch_name: str, today: date, keys: RecordKeys
) -> RegistryRecord | list[DomainError]:
    """The record to match, or every violation found in it (each naming its field and a stable reason)."""
    problems: list[DomainError] = list(raw.unreadable)
    _checked(lambda: check_free_text(raw.record_ref, field="record_ref", max_length=REFERENCE_MAX), problems)
    detail = _detail(raw, source, today, problems)

    village = raw.village_code.strip()
    if village:
        try:
            validate_village_code(village, field="village_code")
        except IdentifierError as error:
            problems.append(from_identifier_error(error))
            village = ""
    name = raw.name.strip()
    name_ok = _checked(lambda: check_length(raw.name, field="name", max_length=IDENTIFIER_MAX), problems)
    birth_date = raw.birth_date
    if birth_date is not None and birth_date > today:
        problems.append(
            InvalidArgument(
                "DATE_IN_FUTURE",
                f"birth_date {birth_date.isoformat()} is after today",
                field="birth_date",
                message_zh="出生日期晚于今天",
            )
        )
        birth_date = None

    citizen_id_hash: str | None = None
    number = raw.citizen_id_number.strip()
    by_name = bool(name and name_ok and birth_date is not None and village)
    if number:
        try:
            citizen = parse_citizen_id(number[:IDENTIFIER_MAX], today=today, field="citizen_id_number")
        except IdentifierError as error:
            if not by_name:  # a wrong number is matched by name only when the name can carry the match
                problems.append(from_identifier_error(error))
        else:
            citizen_id_hash = keys.citizen_id_hash(citizen.number)
            birth_date = birth_date or citizen.birth_date
    elif not by_name:
        problems.append(
            InvalidArgument(
                "CITIZEN_ID_REQUIRED",
                "a record needs the citizen ID number, or else the name, birth date and village",
                field="citizen_id_number",
                message_zh="缺少身份证号码时须提供姓名、出生日期和村（居）",
            )
        )
    if problems or detail is None:
        return problems
    return RegistryRecord(
        source=source,
        record_ref=raw.record_ref.strip(),
        batch_name=batch_name,
        citizen_id_hash=citizen_id_hash,
        name_key=keys.name_key(name) if name_ok else "",
        name_masked=mask_name(normalized_name(name)) if name else "",
        birth_date=birth_date,
        village_code=village or None,
        detail=detail,
    )
