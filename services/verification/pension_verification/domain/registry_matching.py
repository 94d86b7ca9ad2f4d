"""Registry records (deaths, employees' pensions, imprisonment) matched to residents: exact, for review, or none."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Final

from pension_kit.errors import FailedPrecondition, InvalidArgument
from pension_kit.identifiers import IdentifierError, Month, validate_name
from pension_kit.text import REASON_MAX, check_free_text

# pension.verification.v1.RegistrySource, by name.
CIVIL_AFFAIRS_DEATH: Final = "CIVIL_AFFAIRS_DEATH"
PUBLIC_SECURITY_HOUSEHOLD_CANCELLATION: Final = "PUBLIC_SECURITY_HOUSEHOLD_CANCELLATION"
CREMATION: Final = "CREMATION"
EMPLOYEE_PENSION: Final = "EMPLOYEE_PENSION"
PRISON: Final = "PRISON"
SOURCES: Final = (CIVIL_AFFAIRS_DEATH, PUBLIC_SECURITY_HOUSEHOLD_CANCELLATION, CREMATION, EMPLOYEE_PENSION, PRISON)

EXACT: Final = "EXACT"
REVIEW: Final = "REVIEW"
NO_MATCH: Final = "NO_MATCH"

# Points of a match without the citizen ID number (see `score`).
NAME_POINTS: Final = 50
BIRTH_DATE_POINTS: Final = 30
VILLAGE_POINTS: Final = 20
# Name, birth date and village all agree: the only score that reaches review by default.
DEFAULT_REVIEW_THRESHOLD: Final = NAME_POINTS + BIRTH_DATE_POINTS + VILLAGE_POINTS

PENDING: Final = "PENDING"
ACCEPTED: Final = "ACCEPTED"
REJECTED: Final = "REJECTED"


@dataclass(frozen=True, slots=True)
class DeathDetail:
    date_of_death: date


@dataclass(frozen=True, slots=True)
class EmployeePensionDetail:
    receiving_from: Month
    scheme_ref: str


@dataclass(frozen=True, slots=True)
class ImprisonmentDetail:
    term_start: date
    term_end: date | None


@dataclass(frozen=True, slots=True)
class ReleaseDetail:
    released_on: date


Detail = DeathDetail | EmployeePensionDetail | ImprisonmentDetail | ReleaseDetail


@dataclass(frozen=True, slots=True)
class RegistryRecord:
    """One record of a registry delivery, as matching needs it.

    `citizen_id_hash` is the keyed hash of the record's citizen ID number (computed outside, by the vault),
    None when the number is missing or fails its check character; the clear number never reaches the rules.
    `name_key` is the keyed hash of the normalized name (`name_key`, below), "" when the feed gives no name:
    names are compared by it, so neither the feed's nor a resident's clear name is kept for matching.
    `name_masked` is the name as shown to an officer (张*明). `record_ref` is the feed's own id of the record,
    "" when the feed has none.
    """

    source: str
    record_ref: str
    batch_name: str
    citizen_id_hash: str | None
    name_key: str
    name_masked: str
    birth_date: date | None
    village_code: str | None
    detail: Detail


@dataclass(frozen=True, slots=True)
class Resident:
    """A resident as matching sees them."""

    resident_id: str
    citizen_id_hash: str
    name_key: str
    birth_date: date
    village_code: str
    pooling_region_code: str


def normalized_name(name: str) -> str:
    """A name compared across systems: no blanks, look-alike middle dots as U+00B7; kept as given if not a name."""
    squeezed = "".join(name.split())
    try:
        return validate_name(squeezed)
    except IdentifierError:
        return squeezed


def name_key(name: str, keyed_hash: Callable[[str], str]) -> str:
    """The key a name is compared by: the keyed hash (the vault's, purpose "registry_name") of its normalized
    form, so that blanks and look-alike middle dots do not make two names; "" for no name."""
    normalized = normalized_name(name)
    return keyed_hash(normalized) if normalized else ""


def record_key(record: RegistryRecord) -> str:
    """The key a record is applied under once: its source and the feed's id, or else a hash of what it says.

    The same record in a re-imported file gets the same key, so it changes nothing the second time. Without a
    feed id the hash covers the normalized fields (blanks and look-alike dots in a name do not make a new record).
    """
    if record.record_ref.strip():
        return f"{record.source}:{record.record_ref.strip()}"
    fields = (
        record.source,
        record.citizen_id_hash or "",
        record.name_key,
        record.birth_date.isoformat() if record.birth_date else "",
        (record.village_code or "").strip(),
        _detail_text(record.detail),
    )
    digest = hashlib.sha256("\x1f".join(fields).encode()).hexdigest()
    return f"{record.source}:sha256:{digest}"


def _detail_text(detail: Detail) -> str:
    match detail:
        case DeathDetail():
            return f"death|{detail.date_of_death.isoformat()}"
        case EmployeePensionDetail():
            return f"employee_pension|{detail.receiving_from}|{detail.scheme_ref.strip()}"
        case ImprisonmentDetail():
            end = detail.term_end.isoformat() if detail.term_end else ""
            return f"imprisonment|{detail.term_start.isoformat()}|{end}"
        case ReleaseDetail():
            return f"release|{detail.released_on.isoformat()}"


@dataclass(frozen=True, slots=True)
class Candidate:
    resident_id: str
    score: int


@dataclass(frozen=True, slots=True)
class Match:
    """What a record matched: one resident exactly (acts by itself), candidates for an officer, or nobody."""

    kind: str
    resident_id: str = ""  # exact only
    candidates: tuple[Candidate, ...] = ()  # review only, best first


def score(record: RegistryRecord, resident: Resident) -> int:
    """How well a record without a usable citizen ID number fits a resident, 0-100.

    Name (by its key) 50, birth date 30, village 20. The village is a condition, not only points: a
    namesake born the same day in another village scores 0, because common names (王秀英, 张伟) share birth
    dates across a county often enough that an officer would be sent mostly false leads. A different name
    scores 0 too: the name is what ties the record to a person at all. A record without a birth date can
    reach 70 at most, under the default threshold.
    """
    if not record.name_key or record.name_key != resident.name_key:
        return 0
    if (record.village_code or "").strip() != resident.village_code:
        return 0
    points = NAME_POINTS + VILLAGE_POINTS
    if record.birth_date is not None and record.birth_date == resident.birth_date:
        points += BIRTH_DATE_POINTS
    return points


def match(
    record: RegistryRecord,
    *,
    by_hash: Resident | None,
    namesakes: Iterable[Resident],
    review_threshold: int = DEFAULT_REVIEW_THRESHOLD,
) -> Match:
    """The match of `record`: `by_hash` is the resident whose keyed hash equals the record's, if any;
    `namesakes` the residents found by name (the caller's index), scored when no hash matches.

    Only the exact match acts by itself; scored ones at or above the threshold wait for an officer.
    """
    if by_hash is not None and record.citizen_id_hash is not None and by_hash.citizen_id_hash == record.citizen_id_hash:
        return Match(EXACT, resident_id=by_hash.resident_id)
    scored = [Candidate(resident.resident_id, score(record, resident)) for resident in namesakes]
    candidates = tuple(
        sorted(
            (candidate for candidate in scored if candidate.score >= review_threshold),
            key=lambda candidate: (-candidate.score, candidate.resident_id),
        )
    )
    return Match(REVIEW, candidates=candidates) if candidates else Match(NO_MATCH)


# --- what an applied record announces (plain values; the adapters make the contract's messages) ----------


@dataclass(frozen=True, slots=True)
class DeathConfirmed:
    resident_id: str
    date_of_death: date
    registry_source: str
    record_ref: str
    pooling_region_code: str


@dataclass(frozen=True, slots=True)
class DuplicateReceiptFound:
    resident_id: str
    from_month: Month
    scheme_ref: str
    record_ref: str
    batch_name: str
    pooling_region_code: str


@dataclass(frozen=True, slots=True)
class ImprisonmentRecorded:
    resident_id: str
    term_start: date
    term_end: date | None
    record_ref: str
    batch_name: str
    pooling_region_code: str


@dataclass(frozen=True, slots=True)
class ReleasedFromPrison:
    resident_id: str
    released_on: date
    record_ref: str
    batch_name: str
    pooling_region_code: str


Finding = DeathConfirmed | DuplicateReceiptFound | ImprisonmentRecorded | ReleasedFromPrison


def finding(record: RegistryRecord, resident: Resident) -> Finding:
    """What `record`, matched to `resident`, announces; it refers to the record by its key, never its number."""
    ref = record_key(record)
    region = resident.pooling_region_code
    match record.detail:
        case DeathDetail():
            return DeathConfirmed(resident.resident_id, record.detail.date_of_death, record.source, ref, region)
        case EmployeePensionDetail():
            detail = record.detail
            return DuplicateReceiptFound(
                resident.resident_id, detail.receiving_from, detail.scheme_ref, ref, record.batch_name, region
            )
        case ImprisonmentDetail():
            term = record.detail
            return ImprisonmentRecorded(
                resident.resident_id, term.term_start, term.term_end, ref, record.batch_name, region
            )
        case ReleaseDetail():
            return ReleasedFromPrison(resident.resident_id, record.detail.released_on, ref, record.batch_name, region)


# --- the review queue ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Review:
    """A record matched only by name, birth date and village, waiting for an officer (keyed by the record's key)."""

    review_id: str
    record: RegistryRecord
    candidates: tuple[Candidate, ...]
    status: str = PENDING
    resident_id: str = ""  # the candidate accepted
    decided_by: str = ""
    decided_at: datetime | None = None
    reason: str = ""


def review_of(record: RegistryRecord, found: Match) -> Review:
    if found.kind != REVIEW:
        raise ValueError(f"only a match for review is queued, not {found.kind}")
    return Review(record_key(record), record, found.candidates)


def _refuse_decided(review: Review) -> None:
    if review.status != PENDING:
        raise FailedPrecondition(
            "REVIEW_ALREADY_DECIDED",
            f"review {review.review_id} was {review.status.lower()} by {review.decided_by}",
            field="review_id",
            message_zh="该疑似匹配已经处理过",
        )


def accepted(
    review: Review, candidate: Resident, *, officer: str, at: datetime, reason: str = ""
) -> tuple[Review, Finding]:
    """The officer's yes: the record is `candidate`'s, and its finding is announced as an exact match's would be."""
    _refuse_decided(review)
    if candidate.resident_id not in {c.resident_id for c in review.candidates}:
        raise InvalidArgument(
            "REVIEW_NOT_A_CANDIDATE",
            f"{candidate.resident_id} is not a candidate of review {review.review_id}",
            field="resident_id",
            message_zh="所选人员不在疑似匹配名单中",
        )
    check_free_text(reason, field="reason", max_length=REASON_MAX)
    decided = replace(
        review, status=ACCEPTED, resident_id=candidate.resident_id, decided_by=officer, decided_at=at, reason=reason
    )
    return decided, finding(review.record, candidate)


def rejected(review: Review, *, officer: str, at: datetime, reason: str) -> Review:
    """The officer's no, with the reason (required: a record left unapplied must say why); nothing is announced."""
    _refuse_decided(review)
    if not reason.strip():
        raise InvalidArgument(
            "REVIEW_REASON_REQUIRED", "a rejection needs its reason", field="reason", message_zh="请填写不予认定的理由"
        )
    check_free_text(reason, field="reason", max_length=REASON_MAX)
    return replace(review, status=REJECTED, decided_by=officer, decided_at=at, reason=reason)
