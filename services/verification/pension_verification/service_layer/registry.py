"""Registry feeds: a delivery's records checked, matched to residents and applied once each; the review queue.

Each record is applied once under its record key (domain.registry_matching.record_key): a re-imported file, a
repeated request or the same record in a later delivery answers ALREADY_APPLIED and changes nothing. An exact
match (the citizen ID number's keyed hash) acts by itself; a match by name, birth date and village waits in the
review queue for an officer; no match is NOT_A_RESIDENT. What a match does:

- a pensioner (verification keeps their certification): the finding's event and the status flag in one unit of
  work of the certification (death: DECEASED, DeathConfirmed; employees' pension: DuplicateReceiptFound; prison:
  ImprisonmentRecorded / ReleasedFromPrison), under the request id `registry:<record key>`;
- a resident who is not a pensioner: only a death matters (enrolment terminates the enrolment on DeathConfirmed,
  so no contribution is asked of the dead); it is announced from the record's own document in registry_records,
  written once with its event. An employees' pension or a prison term of a contributor changes no payment, so
  nothing is announced (NO_CHANGE); enrolment checks the employees' registry itself at enrolment.

A registry death confirms the resident's pending death report (its id travels in DeathConfirmed).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from pension.verification.v1 import events_pb2
from pension_kit.clock import now_to_millisecond, today_in_china
from pension_kit.errors import DomainError, InvalidArgument, NotFound
from pension_kit.events import new_event
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document
from pension_kit.outbox import NotifyRelay
from pension_kit.text import check_free_text, check_items
from pension_kit.unit_of_work import Decision, UnitOfWork
from pension_verification.adapters.certification_documents import (
    certification_of,
    eligibility_fields,
    ended_fields,
    state_fields,
)
from pension_verification.adapters.certification_repository import Certifications
from pension_verification.adapters.registry_messages import (
    death_confirmed_by_registry,
    finding_message,
    review_message,
)
from pension_verification.adapters.registry_repository import (
    QueuePosition,
    RegistryRepository,
    decided_fields,
    review_of,
)
from pension_verification.adapters.resident_index import ResidentIndex
from pension_verification.adapters.store import REGISTRY_RECORDS, REGISTRY_REVIEWS, certification_id
from pension_verification.domain.death_reports import REPORTED, confirmed
from pension_verification.domain.eligibility import found
from pension_verification.domain.registry_matching import (
    EXACT,
    NO_MATCH,
    SOURCES,
    DeathConfirmed,
    Finding,
    Match,
    RegistryRecord,
    Resident,
    accepted,
    record_key,
    rejected,
)
from pension_verification.domain.registry_matching import finding as finding_of
from pension_verification.domain.registry_matching import review_of as queued_review
from pension_verification.domain.registry_records import (
    BATCH_NAME_MAX,
    MAX_RECORDS,
    RawRecord,
    RecordKeys,
    checked_record,
)
from pension_verification.service_layer import PRODUCER, certification_unit, client_request
from pension_verification.service_layer.arguments import pooling_region, required_id
from pension_verification.service_layer.arguments import request_id as checked_request_id
from pension_verification.service_layer.registry_residents import RegistryKeys

log = logging.getLogger(__name__)

# RecordOutcome, by name.
APPLIED: Final = "APPLIED"
ALREADY_APPLIED: Final = "ALREADY_APPLIED"
NOT_A_RESIDENT: Final = "NOT_A_RESIDENT"
NO_CHANGE: Final = "NO_CHANGE"
INVALID: Final = "INVALID"
FOR_REVIEW: Final = "FOR_REVIEW"

INGEST_ROLES: Final = (Role.COUNTY_OFFICER, Role.SYSTEM)
REVIEW_ROLES: Final = (Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER)
_TOKEN_SEPARATOR: Final = "|"


@dataclass(frozen=True)
class RecordResult:
    """What became of one record: its reference (the feed's, or its key when the feed gave none)."""

    record_ref: str
    outcome: str
    resident_id: str = ""
    violations: tuple[DomainError, ...] = ()


@dataclass(frozen=True)
class Ingested:
    results: list[RecordResult]

    @property
    def applied(self) -> int:
        return sum(1 for result in self.results if result.outcome == APPLIED)

    @property
    def invalid(self) -> int:
        return sum(1 for result in self.results if result.outcome == INVALID)


@dataclass(frozen=True)
class QueuedReview:
    """A review as listed: the domain's review, the region, when queued, and the candidates' masked names."""

    document: Document

    @property
    def names(self) -> dict[str, str]:
        return {c["resident_id"]: c.get("name_masked", "") for c in self.document["candidates"]}


@dataclass(frozen=True)
class ReviewPage:
    reviews: list[QueuedReview]
    next_page_token: str


@dataclass(frozen=True)
class Decided:
    review: QueuedReview
    result: RecordResult | None  # accepted only


def _page_token(position: QueuePosition) -> str:
    at, identifier = position
    return f"{at.isoformat()}{_TOKEN_SEPARATOR}{identifier}"


def _position(token: str) -> QueuePosition | None:
    if not token:
        return None
    at, separator, identifier = token.partition(_TOKEN_SEPARATOR)
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        separator = ""
    if not separator or not identifier or len(token) > 300:
        raise InvalidArgument("PAGE_TOKEN_INVALID", "page_token is not one this list gave", field="page_token")
    return moment, identifier


def _source(source: str) -> str:
    if source not in SOURCES:
        raise InvalidArgument(
            "REGISTRY_SOURCE_NOT_SUPPORTED",
            f"{source or 'an unset source'} is not a registry this service applies ({', '.join(SOURCES)})",
            field="source",
            message_zh="不支持的数据来源",
        )
    return source


class RegistryService:
    def __init__(
        self,
        certifications: Certifications,
        registry: RegistryRepository,
        index: ResidentIndex,
        keys: RegistryKeys,
        *,
        topic: str,
        notify_relay: NotifyRelay,
        today: Callable[[], date] = today_in_china,
    ) -> None:
        self.certifications = certifications
        self.registry = registry
        self.index = index
        self.keys = RecordKeys(citizen_id_hash=keys.citizen_id_hash, name_key=keys.name_key)
        self.topic = topic
        self.notify_relay = notify_relay
        self.today = today
        self.unit = certification_unit(certifications, topic=topic, notify_relay=notify_relay)
        # A review's events are keyed by its best candidate, so they travel with that resident's events.
        self.review_unit = UnitOfWork(
            registry.reviews,
            REGISTRY_REVIEWS,
            topic,
            PRODUCER,
            notify_relay,
            subject_key=lambda document: str(document["candidates"][0]["resident_id"]),
        )

    # --- a delivery ------------------------------------------------------------------------------------------

    async def ingest(
        self, source: str, batch_name: str, records: Sequence[RawRecord], *, request_id: str, caller: Caller
    ) -> Ingested:
        """Every record checked, matched and applied once; one result per record, in request order. A refused
        record writes nothing; the others are applied whatever became of it."""
        caller.require_role(*INGEST_ROLES)
        checked_request_id(request_id)
        source = _source(source)
        batch = required_id(batch_name, "batch_name", max_length=BATCH_NAME_MAX)
        check_free_text(batch, field="batch_name", max_length=BATCH_NAME_MAX)
        check_items(records, field="records", max_items=MAX_RECORDS)
        today = self.today()
        results: list[RecordResult | None] = [None] * len(records)
        valid: list[tuple[int, RegistryRecord, str]] = []
        for position, raw in enumerate(records):
            checked = checked_record(raw, source=source, batch_name=batch, today=today, keys=self.keys)
            if isinstance(checked, list):
                results[position] = RecordResult(raw.record_ref.strip(), INVALID, violations=tuple(checked))
            else:
                valid.append((position, checked, record_key(checked)))
        before = await self.registry.applied(key for _, _, key in valid)
        seen: set[str] = set()
        to_match: list[tuple[int, RegistryRecord, str]] = []
        for position, record, key in valid:
            ref = record.record_ref or key
            if key in before or key in seen:  # earlier, or twice in this very delivery
                results[position] = RecordResult(ref, ALREADY_APPLIED, before[key].resident_id if key in before else "")
            else:
                seen.add(key)
                to_match.append((position, record, key))
        matches = await self.index.matches([record for _, record, _ in to_match])
        exact_ids = [found_match.resident_id for found_match in matches if found_match.kind == EXACT]
        residents = await self.index.of_ids(exact_ids)
        actor = caller.user_id
        nobody: list[str] = []  # kept in one write: most of a county's deaths are of people not enrolled here
        for (position, record, key), found_match in zip(to_match, matches, strict=True):
            ref = record.record_ref or key
            if found_match.kind == NO_MATCH:
                nobody.append(key)
                results[position] = RecordResult(ref, NOT_A_RESIDENT)
            elif found_match.kind == EXACT:
                resident = residents[found_match.resident_id]
                outcome = await self.apply(record, resident, actor=actor, reason=f"registry: {batch}")
                results[position] = RecordResult(ref, outcome, resident.resident_id)
            else:
                await self._queue(record, key, found_match, actor=actor, batch=batch)
                results[position] = RecordResult(ref, FOR_REVIEW)
        await self.registry.record_all_applied(
            nobody, outcome=NOT_A_RESIDENT, batch_name=batch, at=now_to_millisecond()
        )
        done = [result for result in results if result is not None]
        assert len(done) == len(records)
        ingested = Ingested(done)
        log.info(
            "registry %s batch %r: %d records, %d applied, %d invalid",
            source,
            batch,
            len(done),
            ingested.applied,
            ingested.invalid,
        )
        return ingested

    async def _keep(self, key: str, outcome: str, resident_id: str, batch: str) -> None:
        await self.registry.record_applied(
            key, outcome=outcome, resident_id=resident_id, batch_name=batch, at=now_to_millisecond()
        )

    async def _queue(self, record: RegistryRecord, key: str, found_match: Match, *, actor: str, batch: str) -> None:
        review = queued_review(record, found_match)
        names = await self.index.masked_names(c.resident_id for c in review.candidates)
        region = (await self.index.of_ids([review.candidates[0].resident_id]))[review.candidates[0].resident_id]
        at = now_to_millisecond()
        message = review_message(review, pooling_region_code=region.pooling_region_code, names=names, queued_at=at)
        event = new_event(
            topic=self.topic,
            payload=events_pb2.RegistryMatchQueued(review=message),
            subject_key=review.candidates[0].resident_id,
            producer=PRODUCER,
            actor=actor,
            reason=f"registry: {batch}: matched without the citizen ID number",
        )
        if await self.registry.queue(
            review, pooling_region_code=region.pooling_region_code, names=names, at=at, events=[event]
        ):
            self.notify_relay(REGISTRY_REVIEWS, [review.review_id])
        await self._keep(key, FOR_REVIEW, "", batch)

    async def apply(self, record: RegistryRecord, resident: Resident, *, actor: str, reason: str) -> str:
        """The record's finding on `resident` (an exact match, or a review accepted): APPLIED, NO_CHANGE, or
        ALREADY_APPLIED when this record acted before. Kept under the record's key either way."""
        key = record_key(record)
        finding = finding_of(record, resident)
        report = (
            await self.registry.pending_report(resident.resident_id) if isinstance(finding, DeathConfirmed) else None
        )
        report_id = report.report_id if report is not None else ""
        identifier = certification_id(resident.resident_id)
        document = await self.certifications.get(identifier)
        if document is None:
            outcome = await self._not_a_pensioner(
                key, finding, report_id, actor=actor, reason=reason, batch=record.batch_name
            )
        else:
            outcome = await self._on_certification(identifier, document, key, finding, report_id, actor, reason)
            await self._keep(
                key, outcome if outcome != ALREADY_APPLIED else APPLIED, resident.resident_id, record.batch_name
            )
        if report is not None and outcome == APPLIED:
            await self.confirm_report(report.report_id, by=actor)
        return outcome

    async def _on_certification(
        self, identifier: str, document: Document, key: str, finding: Finding, report_id: str, actor: str, reason: str
    ) -> str:
        request = f"registry:{key}"

        def decide(current: Document) -> Decision[str]:
            certification = certification_of(current)
            change = found(certification.state, certification.eligibility, finding, request)
            if change is None:
                return Decision(None, (), NO_CHANGE)
            fields = {
                **state_fields(change.state),
                **eligibility_fields(change.eligibility),
                **ended_fields(certification.state, change.state),
            }
            update = {"$set": fields}
            return Decision(update, [finding_message(finding, report_id=report_id)], APPLIED)

        return await self.unit.write(
            identifier,
            request_id=request,
            actor=actor,
            reason=reason,
            decide=decide,
            repeated=lambda current: ALREADY_APPLIED,
            not_found=lambda: NotFound("CERTIFICATION_NOT_FOUND", f"no certification {identifier}"),
            read=document,
        )

    async def _not_a_pensioner(
        self, key: str, finding: Finding, report_id: str, *, actor: str, reason: str, batch: str
    ) -> str:
        if not isinstance(finding, DeathConfirmed):
            await self._keep(key, NO_CHANGE, finding.resident_id, batch)
            return NO_CHANGE
        outcome = await self.announce_death(
            finding.resident_id, death_confirmed_by_registry(finding, report_id=report_id), actor=actor, reason=reason
        )
        await self._keep(key, outcome, finding.resident_id, batch)
        return outcome

    async def announce_death(
        self, resident_id: str, message: events_pb2.DeathConfirmed, *, actor: str, reason: str
    ) -> str:
        """The death of a resident verification keeps no certification for, announced once whoever confirms it:
        its event rides on a document of its own (`death:<resident id>` in registry_records)."""
        event = new_event(
            topic=self.topic, payload=message, subject_key=resident_id, producer=PRODUCER, actor=actor, reason=reason
        )
        identifier = f"death:{resident_id}"
        written = await self.registry.record_applied(
            identifier, outcome=APPLIED, resident_id=resident_id, batch_name="", at=now_to_millisecond(), events=[event]
        )
        if not written:
            return NO_CHANGE  # announced already (another record, an officer)
        self.notify_relay(REGISTRY_RECORDS, [identifier])
        return APPLIED

    async def confirm_report(self, report_id: str, *, by: str) -> None:
        """Marks a pending report confirmed (a registry death or an officer's confirmation did it)."""
        report = await self.registry.report(report_id)
        if report is None or report.status != REPORTED:
            return
        await self.registry.report_decided(confirmed(report, by=by))

    # --- the review queue --------------------------------------------------------------------------------------

    async def pending_reviews(
        self, pooling_region_code: str, *, page_token: str, limit: int, caller: Caller
    ) -> ReviewPage:
        caller.require_role(*REVIEW_ROLES)
        region = pooling_region(pooling_region_code)
        after = _position(page_token)
        found_documents = await self.registry.pending(region, after=after, limit=limit)
        reviews = [QueuedReview(document) for document in found_documents]
        next_token = ""
        if len(found_documents) == limit:
            last = found_documents[-1]
            next_token = _page_token((last["queued_at"], str(last["_id"])))
        return ReviewPage(reviews, next_token)

    async def decide(
        self,
        review_id: str,
        *,
        accept: bool,
        resident_id: str,
        reason: str,
        request_id: str,
        caller: Caller,
    ) -> Decided:
        """An officer's decision: accepted, the record acts on the resident chosen as an exact match would;
        rejected (with its reason), nothing acts. A second decision is refused; the same request again answers
        the same."""
        caller.require_role(*REVIEW_ROLES)
        request = checked_request_id(request_id)
        review_id = required_id(review_id, "review_id", max_length=300)
        chosen: Resident | None = None
        if accept:
            chosen_id = required_id(resident_id, "resident_id")
            chosen = await self.index.resident(chosen_id)
            if chosen is None:
                raise InvalidArgument(
                    "REVIEW_NOT_A_CANDIDATE",
                    f"{chosen_id} is not a candidate of review {review_id}",
                    field="resident_id",
                    message_zh="所选人员不在疑似匹配名单中",
                )

        def decide_review(document: Document) -> Decision[Document]:
            review = review_of(document)
            at = now_to_millisecond()
            if chosen is not None:
                after, _ = accepted(review, chosen, officer=caller.user_id, at=at, reason=reason)
            else:
                after = rejected(review, officer=caller.user_id, at=at, reason=reason)
            names = {c["resident_id"]: c.get("name_masked", "") for c in document["candidates"]}
            from pension.verification.v1 import events_pb2

            message = review_message(after, pooling_region_code=document["pooling_region_code"], names=names)
            fields = decided_fields(after)
            return Decision(
                {"$set": fields}, [events_pb2.RegistryReviewDecided(review=message)], {**document, **fields}
            )

        decided = await self.review_unit.write(
            review_id,
            request_id=client_request(request),
            actor=caller.user_id,
            reason=reason or "registry review accepted",
            decide=decide_review,
            repeated=lambda document: document,
            not_found=lambda: NotFound(
                "REVIEW_NOT_FOUND", f"no registry review {review_id}", field="review_id", message_zh="未找到该疑似匹配"
            ),
        )
        review = review_of(decided)
        if review.status != "ACCEPTED":
            return Decided(QueuedReview(decided), None)
        stored = await self.registry.review_documents.find_one({"_id": review_id}, {"outcome": 1})
        outcome = (stored or {}).get("outcome")
        resident = chosen if chosen is not None and chosen.resident_id == review.resident_id else None
        resident = resident or await self.index.resident(review.resident_id)
        assert resident is not None
        if outcome is None:  # first time, or the decision was written and the finding not yet applied
            outcome = await self.apply(
                review.record, resident, actor=caller.user_id, reason=f"registry review {review_id} accepted"
            )
            if outcome == ALREADY_APPLIED:
                outcome = APPLIED
            await self.registry.review_outcome(review_id, outcome)
        ref = review.record.record_ref or review_id
        return Decided(QueuedReview(decided), RecordResult(ref, outcome, resident.resident_id))
