"""Registry feeds on the real broker and database: an exact death record makes the pensioner deceased; a mistyped
number waits for an officer and acts only once accepted; a namesake elsewhere is nobody; a file imported twice
changes nothing the second time; bad records are refused naming field and reason; agents' death reports are
confirmed or rejected by officers; a delivery on the registry topic acts as the call does."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import grpc
import pytest
from payout_testkit import refusal
from verification_stack import (
    OFFICER,
    Person,
    Verification,
    award_from_this_month,
    end_enrolment,
    enrol,
    events_of,
    every_outbox_sent,
    hear_policy,
    of_type,
    person,
    published,
    running_verification,
    status_of,
)

from pension.enrolment.v1 import enrolment_pb2
from pension.enrolment.v1 import events_pb2 as enrolment_events
from pension.verification.v1 import events_pb2 as verification_events
from pension.verification.v1 import verification_pb2, verification_service_pb2
from pension_kit.clock import today_in_china
from pension_kit.events import new_event
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role
from pension_kit.protoconv import to_calendar_date, to_year_month
from pension_testkit import eventually, publish, signed
from pension_verification.adapters.store import (
    CERTIFICATIONS,
    REGISTRY_RECORDS,
    REGISTRY_RESIDENTS,
    certification_id,
)

TOWNSHIP = Caller("township-1", Role.TOWNSHIP_OFFICER)
Request = verification_service_pb2.IngestRegistryRecordsRequest
DIED = date(2026, 6, 20)


@pytest.fixture
async def verification(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[Verification]:
    async with running_verification(kafka_broker, ferretdb) as running:
        await hear_policy(running)
        yield running


def death_record(
    someone: Person, *, number: str | None = None, ref: str = "", village: str | None = None
) -> verification_pb2.RegistryRecord:
    return verification_pb2.RegistryRecord(
        record_ref=ref or f"MZ-{uuid.uuid4().hex[:10]}",
        citizen_id_number=someone.citizen_id_number if number is None else number,
        name=someone.name,
        birth_date=to_calendar_date(someone.birth_date),
        village_code=someone.village_code if village is None else village,
        death=verification_pb2.DeathDetail(date_of_death=to_calendar_date(DIED)),
    )


def mistyped(number: str) -> str:
    """The same number with its check character wrong (one digit or X off)."""
    wrong = "0" if number[-1] != "0" else "1"
    return number[:-1] + wrong


async def ingest(
    verification: Verification,
    records: list[verification_pb2.RegistryRecord],
    *,
    source: verification_pb2.RegistrySource = verification_pb2.REGISTRY_SOURCE_CIVIL_AFFAIRS_DEATH,
    batch: str = "民政死亡登记 2026-07 第1批",
) -> verification_service_pb2.IngestRegistryRecordsResponse:
    response: verification_service_pb2.IngestRegistryRecordsResponse = await verification.stub.IngestRegistryRecords(
        Request(request_id=uuid.uuid4().hex, source=source, batch_name=batch, records=records),
        metadata=signed(OFFICER),
        timeout=30,
    )
    return response


def outcomes(response: verification_service_pb2.IngestRegistryRecordsResponse) -> list[str]:
    return [
        verification_pb2.RecordOutcome.Name(result.outcome).removeprefix("RECORD_OUTCOME_")
        for result in response.results
    ]


async def test_an_exact_death_record_makes_the_pensioner_deceased_once_however_often_imported(
    verification: Verification,
) -> None:
    wang = person(verification, "王秀英", date(1950, 3, 8))
    await enrol(verification, wang)
    await award_from_this_month(verification, wang)
    stranger = person(verification, "李建国", date(1948, 1, 2))  # not enrolled here
    delivery = [death_record(wang), death_record(stranger)]

    first = await ingest(verification, delivery)
    assert outcomes(first) == ["APPLIED", "NOT_A_RESIDENT"]
    assert first.results[0].resident_id == wang.resident_id and first.applied == 1 and first.invalid == 0
    status = await status_of(verification, wang.resident_id)
    assert status.state == verification_pb2.CERTIFICATION_STATE_DECEASED
    assert (status.date_of_death.year, status.date_of_death.month, status.date_of_death.day) == (2026, 6, 20)
    (confirmed,) = await events_of(verification, wang.resident_id, verification_events.DeathConfirmed)
    assert confirmed.confirmation_source == verification_pb2.DEATH_CONFIRMATION_SOURCE_REGISTRY
    assert confirmed.registry_source == verification_pb2.REGISTRY_SOURCE_CIVIL_AFFAIRS_DEATH
    assert confirmed.record_ref == f"CIVIL_AFFAIRS_DEATH:{delivery[0].record_ref}"
    assert confirmed.pooling_region_code == verification.region

    # The same file again: nothing applied, nothing written, nothing announced.
    database = verification.runtime.context.database
    version = (await database[CERTIFICATIONS].find_one({"_id": certification_id(wang.resident_id)}) or {})["version"]
    kept = await database[REGISTRY_RECORDS].count_documents({})
    again = await ingest(verification, delivery)
    assert outcomes(again) == ["ALREADY_APPLIED", "ALREADY_APPLIED"] and again.applied == 0
    assert again.results[0].resident_id == wang.resident_id
    assert await database[REGISTRY_RECORDS].count_documents({}) == kept
    after = await database[CERTIFICATIONS].find_one({"_id": certification_id(wang.resident_id)})
    assert after is not None and after["version"] == version
    await every_outbox_sent(verification)
    assert len(of_type(await published(verification, wang.resident_id), verification_events.DeathConfirmed)) == 1
    # No record kept or announced carries the number or the name in the clear.
    stored = [document async for document in database[REGISTRY_RECORDS].find({})]
    assert wang.citizen_id_number not in repr(stored) and wang.name not in repr(stored)


async def test_a_mistyped_number_waits_for_an_officer_and_acts_only_once_accepted(
    verification: Verification,
) -> None:
    zhang = person(verification, "张桂兰", date(1949, 11, 23))
    await enrol(verification, zhang)
    await award_from_this_month(verification, zhang)
    # The only other 张桂兰 born that day lives in another village: a record of that village is nobody here.
    namesake = person(verification, "张桂兰", date(1949, 11, 23), village=verification.other_village)
    await enrol(verification, namesake)
    record = death_record(zhang, number=mistyped(zhang.citizen_id_number))
    elsewhere = death_record(zhang, number="", village=f"{verification.region}101203")

    response = await ingest(verification, [record, elsewhere])
    assert outcomes(response) == ["FOR_REVIEW", "NOT_A_RESIDENT"] and response.applied == 0

    listed = await verification.stub.ListRegistryReviews(
        verification_service_pb2.ListRegistryReviewsRequest(pooling_region_code=verification.region),
        metadata=signed(TOWNSHIP),
        timeout=10,
    )
    (review,) = listed.reviews
    assert [(c.resident_id, c.score, c.name_masked) for c in review.candidates] == [(zhang.resident_id, 100, "张*兰")]
    assert review.status == verification_pb2.REGISTRY_REVIEW_STATUS_PENDING and review.record_kind == "DEATH"
    assert review.name_masked == "张*兰" and review.record_ref == record.record_ref

    # Queued, announced as queued, and nothing acts: the pensioner is still paid.
    (queued,) = await events_of(verification, zhang.resident_id, verification_events.RegistryMatchQueued)
    assert queued.review.review_id == review.review_id
    assert not of_type(await published(verification, zhang.resident_id), verification_events.DeathConfirmed)
    assert (await status_of(verification, zhang.resident_id)).state == verification_pb2.CERTIFICATION_STATE_CURRENT

    decide = verification_service_pb2.DecideRegistryReviewRequest(
        request_id=uuid.uuid4().hex,
        review_id=review.review_id,
        accept=True,
        resident_id=zhang.resident_id,
        reason="village committee confirms",
    )
    decided = await verification.stub.DecideRegistryReview(decide, metadata=signed(OFFICER), timeout=10)
    assert decided.review.status == verification_pb2.REGISTRY_REVIEW_STATUS_ACCEPTED
    assert decided.result.outcome == verification_pb2.RECORD_OUTCOME_APPLIED
    assert decided.result.resident_id == zhang.resident_id
    assert (await status_of(verification, zhang.resident_id)).state == verification_pb2.CERTIFICATION_STATE_DECEASED
    (confirmed,) = await events_of(verification, zhang.resident_id, verification_events.DeathConfirmed)
    assert confirmed.confirmation_source == verification_pb2.DEATH_CONFIRMATION_SOURCE_REGISTRY
    (announced,) = await events_of(verification, zhang.resident_id, verification_events.RegistryReviewDecided)
    assert announced.review.decided_by == OFFICER.user_id

    # The same request again answers the same; another decision is refused; the queue is empty.
    again = await verification.stub.DecideRegistryReview(decide, metadata=signed(OFFICER), timeout=10)
    assert again.review == decided.review and again.result == decided.result
    decide.request_id, decide.accept = uuid.uuid4().hex, False
    assert await refusal(verification.stub.DecideRegistryReview(decide, metadata=signed(OFFICER), timeout=10)) == (
        grpc.StatusCode.FAILED_PRECONDITION,
        "REVIEW_ALREADY_DECIDED",
    )
    empty = await verification.stub.ListRegistryReviews(
        verification_service_pb2.ListRegistryReviewsRequest(pooling_region_code=verification.region),
        metadata=signed(OFFICER),
        timeout=10,
    )
    assert list(empty.reviews) == []
    await every_outbox_sent(verification)
    assert len(of_type(await published(verification, zhang.resident_id), verification_events.DeathConfirmed)) == 1


async def test_bad_records_are_refused_naming_field_and_reason_and_the_rest_apply(
    verification: Verification,
) -> None:
    liu = person(verification, "刘志强", date(1951, 5, 1))
    await enrol(verification, liu)
    await award_from_this_month(verification, liu)
    good = verification_pb2.RegistryRecord(
        record_ref="YL-1",
        citizen_id_number=liu.citizen_id_number,
        employee_pension=verification_pb2.EmployeePensionDetail(
            receiving_from=to_year_month(Month(2026, 3)), scheme_ref="SZ-EMP-7"
        ),
    )
    no_number = verification_pb2.RegistryRecord(
        record_ref="YL-2",
        name=liu.name,
        employee_pension=verification_pb2.EmployeePensionDetail(receiving_from=to_year_month(Month(2026, 3))),
    )
    bad_village = verification_pb2.RegistryRecord(
        record_ref="YL-3",
        citizen_id_number=liu.citizen_id_number,
        village_code="12345",
        employee_pension=verification_pb2.EmployeePensionDetail(receiving_from=to_year_month(Month(2026, 3))),
    )
    a_death = verification_pb2.RegistryRecord(
        record_ref="YL-4",
        citizen_id_number=liu.citizen_id_number,
        death=verification_pb2.DeathDetail(date_of_death=to_calendar_date(today_in_china() + timedelta(days=2))),
    )
    response = await ingest(
        verification,
        [good, no_number, bad_village, a_death],
        source=verification_pb2.REGISTRY_SOURCE_EMPLOYEE_PENSION,
        batch="职工养老金领取 2026-07",
    )
    assert outcomes(response) == ["APPLIED", "INVALID", "INVALID", "INVALID"]
    assert (response.applied, response.invalid) == (1, 3)
    refused = [[(v.field, v.reason_code) for v in result.violations] for result in response.results[1:]]
    assert refused == [
        [("citizen_id_number", "CITIZEN_ID_REQUIRED")],
        [("village_code", "DIVISION_CODE_FORMAT")],
        [("detail", "REGISTRY_DETAIL_NOT_OF_SOURCE")],
    ]
    assert all(liu.citizen_id_number not in repr(result) for result in response.results)
    database = verification.runtime.context.database
    assert await database[REGISTRY_RECORDS].count_documents({}) == 1  # nothing kept of the refused ones
    status = await status_of(verification, liu.resident_id)
    assert status.duplicate_receipt and status.state == verification_pb2.CERTIFICATION_STATE_CURRENT
    (found,) = await events_of(verification, liu.resident_id, verification_events.DuplicateReceiptFound)
    assert (found.from_month.year, found.from_month.month, found.scheme_ref) == (2026, 3, "SZ-EMP-7")
    assert found.batch_name == "职工养老金领取 2026-07"

    # A source this service does not apply, and a caller who may not deliver, are refused whole.
    assert await refusal(
        verification.stub.IngestRegistryRecords(
            Request(request_id="r", source=verification_pb2.REGISTRY_SOURCE_SIGN_OF_LIFE, batch_name="b"),
            metadata=signed(OFFICER),
            timeout=10,
        )
    ) == (grpc.StatusCode.INVALID_ARGUMENT, "REGISTRY_SOURCE_NOT_SUPPORTED")
    assert await refusal(
        verification.stub.IngestRegistryRecords(
            Request(request_id="r", source=verification_pb2.REGISTRY_SOURCE_PRISON, batch_name="b", records=[good]),
            metadata=signed(TOWNSHIP),
            timeout=10,
        )
    ) == (grpc.StatusCode.PERMISSION_DENIED, "ROLE_NOT_ALLOWED")


async def test_an_agents_death_report_is_confirmed_by_an_officer(verification: Verification) -> None:
    chen = person(verification, "陈玉梅", date(1947, 8, 15))
    await enrol(verification, chen)
    await award_from_this_month(verification, chen)
    agent = verification.agent
    report_request = verification_service_pb2.ReportDeathRequest(
        request_id=uuid.uuid4().hex,
        resident_id=chen.resident_id,
        date_of_death=to_calendar_date(DIED),
        evidence_ref="村委会证明 2026-061",
        reason="family told the agent",
    )
    other_agent = verification.other_agent
    # Another village's resident is answered as an unknown one.
    assert await refusal(verification.stub.ReportDeath(report_request, metadata=signed(other_agent), timeout=10)) == (
        grpc.StatusCode.NOT_FOUND,
        "RESIDENT_NOT_FOUND",
    )
    reported = await verification.stub.ReportDeath(report_request, metadata=signed(agent), timeout=10)
    report = reported.report
    assert report.status == verification_pb2.DEATH_REPORT_STATUS_REPORTED and report.agent_id == "agent-1"
    again = await verification.stub.ReportDeath(report_request, metadata=signed(agent), timeout=10)
    assert again.report == report
    status = await status_of(verification, chen.resident_id)
    assert status.death_reported and status.state == verification_pb2.CERTIFICATION_STATE_CURRENT
    (announced,) = await events_of(verification, chen.resident_id, verification_events.DeathReported)
    assert announced.report.report_id == report.report_id

    confirm = verification_service_pb2.ConfirmDeathRequest(
        request_id=uuid.uuid4().hex, resident_id=chen.resident_id, report_id=report.report_id, reason="certificate seen"
    )
    assert await refusal(verification.stub.ConfirmDeath(confirm, metadata=signed(agent), timeout=10)) == (
        grpc.StatusCode.PERMISSION_DENIED,
        "ROLE_NOT_ALLOWED",
    )
    confirmed = await verification.stub.ConfirmDeath(confirm, metadata=signed(TOWNSHIP), timeout=10)
    assert confirmed.status.state == verification_pb2.CERTIFICATION_STATE_DECEASED
    assert not confirmed.status.death_reported
    (death,) = await events_of(verification, chen.resident_id, verification_events.DeathConfirmed)
    assert death.confirmation_source == verification_pb2.DEATH_CONFIRMATION_SOURCE_OFFICER
    assert (death.report_id, death.confirmed_by) == (report.report_id, TOWNSHIP.user_id)
    assert (death.date_of_death.year, death.date_of_death.month, death.date_of_death.day) == (2026, 6, 20)
    reject = verification_service_pb2.RejectDeathReportRequest(
        request_id=uuid.uuid4().hex, report_id=report.report_id, reason="too late"
    )
    assert await refusal(verification.stub.RejectDeathReport(reject, metadata=signed(OFFICER), timeout=10)) == (
        grpc.StatusCode.FAILED_PRECONDITION,
        "DEATH_REPORT_ALREADY_DECIDED",
    )


async def test_an_agents_death_report_rejected_changes_nothing_but_the_report(verification: Verification) -> None:
    zhao = person(verification, "赵德福", date(1946, 2, 28))
    await enrol(verification, zhao)
    await award_from_this_month(verification, zhao)
    agent = verification.agent
    reported = await verification.stub.ReportDeath(
        verification_service_pb2.ReportDeathRequest(
            request_id=uuid.uuid4().hex, resident_id=zhao.resident_id, date_of_death=to_calendar_date(DIED)
        ),
        metadata=signed(agent),
        timeout=10,
    )
    reject = verification_service_pb2.RejectDeathReportRequest(
        request_id=uuid.uuid4().hex, report_id=reported.report.report_id, reason=" "
    )
    assert await refusal(verification.stub.RejectDeathReport(reject, metadata=signed(OFFICER), timeout=10)) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        "REASON_REQUIRED",
    )
    reject.reason = "seen alive at the township office"
    rejected = await verification.stub.RejectDeathReport(reject, metadata=signed(OFFICER), timeout=10)
    assert rejected.report.status == verification_pb2.DEATH_REPORT_STATUS_REJECTED
    again = await verification.stub.RejectDeathReport(reject, metadata=signed(OFFICER), timeout=10)
    assert again.report == rejected.report
    status = await status_of(verification, zhao.resident_id)
    assert status.state == verification_pb2.CERTIFICATION_STATE_CURRENT and not status.death_reported
    (announced,) = await events_of(verification, zhao.resident_id, verification_events.DeathReportRejected)
    assert announced.report.status == verification_pb2.DEATH_REPORT_STATUS_REJECTED
    assert not of_type(await published(verification, zhao.resident_id), verification_events.DeathConfirmed)


async def test_a_delivery_on_the_registry_topic_acts_as_the_call_does(verification: Verification) -> None:
    sun = person(verification, "孙秀珍", date(1952, 12, 1))
    await enrol(verification, sun)
    await award_from_this_month(verification, sun)
    settings = verification.settings
    delivery = Request(
        request_id=uuid.uuid4().hex,
        source=verification_pb2.REGISTRY_SOURCE_CREMATION,
        batch_name="殡葬火化记录 2026-07",
        records=[death_record(sun)],
    )
    await publish(
        settings.kafka_bootstrap_servers,
        [
            new_event(
                topic=settings.topic_registry_record,
                payload=delivery,
                subject_key="civil-affairs",
                producer="registry-gateway",
                actor="system:registry-feed",
            )
        ],
    )
    (confirmed,) = await events_of(verification, sun.resident_id, verification_events.DeathConfirmed)
    assert confirmed.registry_source == verification_pb2.REGISTRY_SOURCE_CREMATION
    assert (await status_of(verification, sun.resident_id)).state == verification_pb2.CERTIFICATION_STATE_DECEASED


async def test_the_same_delivery_sent_twice_at_once_applies_each_record_once(verification: Verification) -> None:
    # A deliverer retrying after a time-out while the first call still runs.
    he = person(verification, "何淑珍", date(1953, 9, 9))
    await enrol(verification, he)
    await award_from_this_month(verification, he)
    strangers = [person(verification, "吴建华", date(1940, 1, day)) for day in range(1, 6)]
    delivery = [death_record(he), *(death_record(stranger) for stranger in strangers)]
    first, second = await asyncio.gather(ingest(verification, delivery), ingest(verification, delivery))
    assert sorted([outcomes(first)[0], outcomes(second)[0]]) == ["ALREADY_APPLIED", "APPLIED"]
    for response in (first, second):
        assert set(outcomes(response)[1:]) <= {"NOT_A_RESIDENT", "ALREADY_APPLIED"}
    database = verification.runtime.context.database
    assert await database[REGISTRY_RECORDS].count_documents({}) == len(delivery)
    (confirmed,) = await events_of(verification, he.resident_id, verification_events.DeathConfirmed)
    assert confirmed.resident_id == he.resident_id


async def test_the_review_queue_is_paged_oldest_first(verification: Verification) -> None:
    first, second = person(verification, "马秀兰", date(1945, 5, 5)), person(verification, "马秀兰", date(1945, 6, 6))
    for someone in (first, second):
        await enrol(verification, someone)
    await ingest(verification, [death_record(first, number="")])
    await ingest(verification, [death_record(second, number="")])
    pages: list[list[str]] = []
    token = ""
    while True:
        page = await verification.stub.ListRegistryReviews(
            verification_service_pb2.ListRegistryReviewsRequest(
                pooling_region_code=verification.region, page_size=1, page_token=token
            ),
            metadata=signed(OFFICER),
            timeout=10,
        )
        pages.append([c.resident_id for review in page.reviews for c in review.candidates])
        token = page.next_page_token
        if not token:
            break
    assert [ids for ids in pages if ids] == [[first.resident_id], [second.resident_id]]
    assert await refusal(
        verification.stub.ListRegistryReviews(
            verification_service_pb2.ListRegistryReviewsRequest(
                pooling_region_code=verification.region, page_token="not-a-token"
            ),
            metadata=signed(OFFICER),
            timeout=10,
        )
    ) == (grpc.StatusCode.INVALID_ARGUMENT, "PAGE_TOKEN_INVALID")
    agent = verification.agent
    assert await refusal(
        verification.stub.ListRegistryReviews(
            verification_service_pb2.ListRegistryReviewsRequest(pooling_region_code=verification.region),
            metadata=signed(agent),
            timeout=10,
        )
    ) == (grpc.StatusCode.PERMISSION_DENIED, "ROLE_NOT_ALLOWED")


async def test_a_contributors_death_is_announced_once_and_other_findings_change_nothing(
    verification: Verification,
) -> None:
    # Enrolled, contributing, no pension yet: verification keeps no certification for her.
    xu = person(verification, "徐丽华", date(1975, 4, 4))
    await enrol(verification, xu)
    employees = await ingest(
        verification,
        [
            verification_pb2.RegistryRecord(
                record_ref="YL-9",
                citizen_id_number=xu.citizen_id_number,
                employee_pension=verification_pb2.EmployeePensionDetail(receiving_from=to_year_month(Month(2026, 1))),
            )
        ],
        source=verification_pb2.REGISTRY_SOURCE_EMPLOYEE_PENSION,
    )
    assert outcomes(employees) == ["NO_CHANGE"]
    civil = await ingest(verification, [death_record(xu)])
    assert outcomes(civil) == ["APPLIED"] and civil.results[0].resident_id == xu.resident_id
    cremation = await ingest(verification, [death_record(xu)], source=verification_pb2.REGISTRY_SOURCE_CREMATION)
    assert outcomes(cremation) == ["NO_CHANGE"]  # another registry's record of the same death
    (confirmed,) = await events_of(verification, xu.resident_id, verification_events.DeathConfirmed)
    assert confirmed.registry_source == verification_pb2.REGISTRY_SOURCE_CIVIL_AFFAIRS_DEATH
    await every_outbox_sent(verification)
    events = await published(verification, xu.resident_id)
    assert len(of_type(events, verification_events.DeathConfirmed)) == 1
    assert not of_type(events, verification_events.DuplicateReceiptFound)


async def test_a_prison_term_and_the_release_each_act_once(verification: Verification) -> None:
    guo = person(verification, "郭建军", date(1955, 3, 3))
    await enrol(verification, guo)
    await award_from_this_month(verification, guo)
    jailed = verification_pb2.RegistryRecord(
        record_ref="JY-1",
        citizen_id_number=guo.citizen_id_number,
        imprisonment=verification_pb2.ImprisonmentDetail(term_start=to_calendar_date(date(2026, 5, 1))),
    )
    released = verification_pb2.RegistryRecord(
        record_ref="JY-2",
        citizen_id_number=guo.citizen_id_number,
        release=verification_pb2.ReleaseDetail(released_on=to_calendar_date(date(2026, 9, 30))),
    )
    prison = verification_pb2.REGISTRY_SOURCE_PRISON
    assert outcomes(await ingest(verification, [jailed], source=prison)) == ["APPLIED"]
    assert (await status_of(verification, guo.resident_id)).imprisoned
    (term,) = await events_of(verification, guo.resident_id, verification_events.ImprisonmentRecorded)
    assert (term.term_start.year, term.term_start.month, term.term_end.year) == (2026, 5, 0)
    assert outcomes(await ingest(verification, [released], source=prison)) == ["APPLIED"]
    status = await status_of(verification, guo.resident_id)
    assert not status.imprisoned and status.state == verification_pb2.CERTIFICATION_STATE_CURRENT
    (release,) = await events_of(verification, guo.resident_id, verification_events.ReleasedFromPrison)
    assert release.record_ref == "PRISON:JY-2"
    again = await ingest(verification, [replace_ref(released, "JY-3")], source=prison)
    assert outcomes(again) == ["NO_CHANGE"]  # released already: nothing to resume


def replace_ref(record: verification_pb2.RegistryRecord, ref: str) -> verification_pb2.RegistryRecord:
    copy = verification_pb2.RegistryRecord()
    copy.CopyFrom(record)
    copy.record_ref = ref
    return copy


async def test_the_index_follows_moves_and_ended_enrolments(verification: Verification) -> None:
    lin = person(verification, "林春花", date(1950, 10, 10))
    await enrol(verification, lin)
    settings = verification.settings
    index = verification.runtime.context.database[REGISTRY_RESIDENTS]
    await publish(
        settings.kafka_bootstrap_servers,
        [
            new_event(
                topic=settings.topic_enrolment_resident,
                payload=enrolment_events.VillageChanged(
                    resident_id=lin.resident_id,
                    old_village_code=lin.village_code,
                    village_code=verification.other_village,
                    pooling_region_code=verification.region,
                ),
                subject_key=lin.resident_id,
                producer="enrolment",
                actor="agent-1",
            )
        ],
    )

    async def moved() -> bool:
        found = await index.find_one({"_id": lin.resident_id})
        return found is not None and found["village_code"] == verification.other_village

    await eventually(moved, what="the index moved the resident")
    stored = await index.find_one({"_id": lin.resident_id})
    assert stored is not None and set(stored) == {
        "_id",
        "citizen_id_hash",
        "name_key",
        "name_masked",
        "birth_date",
        "village_code",
        "pooling_region_code",
        "status",
    }
    assert stored["name_masked"] == "林*花" and lin.name not in repr(stored)
    # A record of her new village without the number finds her for review; of the old one, nobody.
    new_village = await ingest(
        verification,
        [
            death_record(lin, number="", village=verification.other_village, ref="MZ-N"),
            death_record(lin, number="", ref="MZ-O"),
        ],
    )
    assert outcomes(new_village) == ["FOR_REVIEW", "NOT_A_RESIDENT"]

    await end_enrolment(verification, lin.resident_id, enrolment_pb2.TERMINATION_CAUSE_TRANSFER_OUT)

    async def ended() -> bool:
        found = await index.find_one({"_id": lin.resident_id})
        return found is not None and found["status"] == "ENDED"

    await eventually(ended, what="the index ended the resident")
    later = await ingest(verification, [death_record(lin, number="", village=verification.other_village, ref="MZ-L")])
    assert outcomes(later) == ["NOT_A_RESIDENT"]  # an ended enrolment is no candidate for an officer
