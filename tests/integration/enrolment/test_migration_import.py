"""The migration import and the employees' pension registry on the real database (and broker): bad rows reported,
good residents imported once with their history, registry-listed people refused by enrolment and by the import."""

from __future__ import annotations

import asyncio
import csv
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from itertools import islice
from pathlib import Path
from typing import Any

import grpc
import pytest
from aiokafka import AIOKafkaConsumer
from pymongo import MongoClient

from pension.enrolment.v1 import enrolment_service_pb2, enrolment_service_pb2_grpc, events_pb2
from pension_contracts.migration_files import RESIDENT_FILE_COLUMNS
from pension_enrolment.adapters.migration_files import REPORT_COLUMNS
from pension_enrolment.adapters.resident_documents import derived_resident_id
from pension_enrolment.config import EnrolmentSettings
from pension_enrolment.entrypoints.cli import ImportOptions, import_residents, load_employee_registry, main
from pension_kit.events import parse_envelope
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.identifiers import citizen_id_check_character, make_citizen_id
from pension_kit.identity import Caller, Role
from pension_kit.masking import mask_citizen_id
from pension_kit.pii import PersonalDataVault
from pension_kit.policy import PolicyVersion, demo_policy
from pension_kit.protoconv import to_calendar_date
from pension_synthetic import DEFAULT_POOLING_REGION, ResidentRecord, generate_county, iter_residents
from pension_testkit import DEMO_VILLAGE, InProcessServices, eventually, new_enrolment, signed

REFERENCE_DATE = date(2026, 1, 1)
OFFICER = Caller("officer-1", Role.COUNTY_OFFICER)
LEGACY_IMPORT = 5  # pension.common.v1.ContributionChannel


def generated_rows(resident: ResidentRecord, policy: PolicyVersion) -> Iterator[dict[str, Any]]:
    """A generated resident as the legacy export lays it out: one row per contribution."""
    person = {
        "citizen_id_number": resident.citizen_id,
        "name": resident.name,
        "village_code": resident.village_code,
        "mobile": resident.mobile,
        "bank_code": resident.bank_code,
        "bank_name": resident.bank_name,
        "bank_card_number": resident.bank_card,
        "enrolled_on": resident.enrolled_on.isoformat(),
        "enrolled_by_agent_id": resident.enrolling_agent_id,
        "photo_ref": resident.photo_ref,
        "special_groups": ";".join(
            f"{g.kind}|{g.evidence_ref}|{g.effective_from}|{g.effective_to or ''}" for g in resident.special_groups
        ),
    }
    if not resident.contributions:
        yield person
    for c in resident.contributions:
        yield person | {
            "year": c.year,
            "kind": c.kind,
            "channel": c.channel,
            "grade_fen": c.grade_fen,
            "personal_fen": c.personal_fen,
            "subsidy_fen": 0 if c.kind == "arrears" else policy.grade(c.grade_fen).subsidy_fen,
            "paid_on_behalf_fen": c.paid_on_behalf_fen,
            "collective_fen": 0,
            "paid_on": c.paid_on.isoformat(),
            "receipt_number": c.receipt_no or "",
            "collected_by_agent_id": c.agent_id or "",
        }


def write_csv(path: Path, rows: list[dict[str, Any]], columns: tuple[str, ...] = RESIDENT_FILE_COLUMNS) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(column, "") for column in columns])


def read_report(path: Path) -> list[tuple[int, str, str]]:
    with path.open(encoding="utf-8", newline="") as report:
        rows = list(csv.reader(report))
    assert tuple(rows[0]) == REPORT_COLUMNS
    return sorted((int(line), field, reason) for line, field, reason, _ in rows[1:])


def with_check_character(first17: str) -> str:
    return first17 + citizen_id_check_character(first17)


def balance_of(rows: list[dict[str, Any]]) -> int:
    return sum(
        int(row["personal_fen"]) + int(row["subsidy_fen"]) + int(row["paid_on_behalf_fen"])
        for row in rows
        if row.get("year")
    )


def test_a_county_file_imports_its_good_residents_once_and_reports_every_bad_row(
    ferretdb: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    county = generate_county(7, 1000, REFERENCE_DATE)
    policy = demo_policy(DEFAULT_POOLING_REGION, datetime.now(UTC))
    people = list(islice(iter_residents(county, 7, 1000, REFERENCE_DATE), 200))
    rows: list[dict[str, Any]] = []
    first_line: dict[int, int] = {}
    good: dict[str, list[dict[str, Any]]] = {}
    expected: list[tuple[int, str, str]] = []
    duplicate_done = False
    for index, person in enumerate(people):
        own = list(generated_rows(person, policy))
        first_line[index] = len(rows) + 2  # the header is line 1
        number = person.citizen_id
        if index == 3:  # a wrong check character
            wrong = "0" if number[17] != "0" else "1"
            own = [row | {"citizen_id_number": number[:17] + wrong} for row in own]
            expected.append((first_line[index], "citizen_id_number", "CITIZEN_ID_CHECK_CHARACTER"))
        elif index == 10:  # born on 31 February, with a check character that matches
            february_31 = with_check_character(number[:10] + "0231" + number[14:17])
            own = [row | {"citizen_id_number": february_31} for row in own]
            expected.append((first_line[index], "citizen_id_number", "CITIZEN_ID_BIRTH_DATE_INVALID"))
        elif index == 20:  # a card number failing the Luhn check
            card = person.bank_card[:-1] + str((int(person.bank_card[-1]) + 1) % 10)
            own = [row | {"bank_card_number": card} for row in own]
            expected.append((first_line[index], "bank_card_number", "BANK_CARD_CHECKSUM"))
        elif index == 30:  # a village of another county
            own = [row | {"village_code": "410122101201"} for row in own]
            expected.append((first_line[index], "village_code", "VILLAGE_OUTSIDE_POOLING_REGION"))
        elif index >= 40 and not duplicate_done and any(row.get("kind") == "personal" for row in own):
            repeated = next(row for row in own if row.get("kind") == "personal")
            own.append(repeated | {"receipt_number": "DUPLICATE-1"})
            expected.append((first_line[index] + len(own) - 1, "year", "CONTRIBUTION_YEAR_ALREADY_PAID"))
            duplicate_done = True
        else:
            good[number] = own
        rows.extend(own)
    legacy = tmp_path / "county.csv"
    write_csv(legacy, rows)
    database_name = f"migration_{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("PENSION_MONGO_URI", ferretdb.mongo_uri)
    monkeypatch.setenv("PENSION_MONGO_DATABASE", database_name)
    settings = EnrolmentSettings()
    vault = PersonalDataVault.from_settings(settings)
    command = ["import-residents", str(legacy), "--pooling-region", DEFAULT_POOLING_REGION, "--actor", "officer-7"]

    assert main(command) == 1  # some rows were reported
    assert "imported: 195 residents" in capsys.readouterr().out
    assert read_report(tmp_path / "county.errors.csv") == sorted(expected)

    client: MongoClient[dict[str, Any]] = MongoClient(ferretdb.mongo_uri, tz_aware=True)
    try:
        residents = client[database_name]["residents"]
        stored = {document["_id"]: document for document in residents.find({})}
        assert len(stored) == 195 == len(good)
        for index in (20, 30, 40):  # valid citizen ID numbers, refused for another row: nothing half-written
            assert derived_resident_id(vault, people[index].citizen_id) not in stored
        for number, own in good.items():
            document = stored[derived_resident_id(vault, number)]
            assert sum(entry["amount_fen"] for entry in document["ledger"]) == balance_of(own)
            assert len(document["contributions"]) == sum(1 for row in own if row.get("year"))
        # One resident in detail: the enrolment document Enrol writes, and its history as events.
        number, own = next((n, o) for n, o in good.items() if len(o) >= 3)
        document = stored[derived_resident_id(vault, number)]
        assert document["citizen_id_masked"] == mask_citizen_id(number)
        assert document["citizen_id_hash"] == vault.lookup_hash(number, purpose="citizen_id_number")
        assert document["enrolled_on"] == own[0]["enrolled_on"] and document["outbox_pending"] is True
        assert {c["legacy_channel"] for c in document["contributions"]} <= {
            "cash",
            "bank_withholding",
            "online",
            "county_batch",
        }
        envelopes = [parse_envelope(bytes(entry["envelope"])) for entry in document["outbox"]]
        assert [e.event_type for e in envelopes] == ["pension.enrolment.v1.ResidentEnrolled"] + [
            "pension.enrolment.v1.ContributionRecorded"
        ] * len(own)
        recorded = []
        for envelope in envelopes[1:]:
            event = events_pb2.ContributionRecorded()
            envelope.payload.Unpack(event)
            recorded.append(event)
        assert {event.channel for event in recorded} == {LEGACY_IMPORT}
        paid = [(event.paid_on.year, event.paid_on.month, event.paid_on.day) for event in recorded]
        assert paid == sorted(paid)  # oldest first, so each balance after follows the account's history
        assert recorded[-1].balance_after_fen == balance_of(own)
        assert all(number.encode() not in bytes(entry["envelope"]) for entry in document["outbox"])

        # The same file again imports nothing twice; the bad rows are reported again.
        assert main(command) == 1
        out = capsys.readouterr().out
        assert "imported: 0 residents" in out and "already imported earlier (skipped): 195" in out
        assert read_report(tmp_path / "county.errors.csv") == sorted(expected)
        assert residents.count_documents({}) == 195

        # A township's extract overlapping the county's: the person already imported is reported (their rows
        # there may differ), the new one imported.
        imported = next(iter(good.values()))
        newcomer = next(islice(iter_residents(county, 7, 1000, REFERENCE_DATE), len(people), None))
        township = tmp_path / "township.csv"
        write_csv(township, [*imported, *generated_rows(newcomer, policy)])
        assert main(["import-residents", str(township), *command[2:]]) == 1
        assert "imported: 1 residents" in capsys.readouterr().out
        assert read_report(tmp_path / "township.errors.csv") == [(2, "citizen_id_number", "IMPORTED_FROM_ANOTHER_FILE")]
        assert residents.count_documents({}) == 196
    finally:
        client.close()


# --- the employees' pension registry, with the service running ------------------------------------------


@pytest.fixture
async def services(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[InProcessServices]:
    running = await InProcessServices(kafka_broker.bootstrap_servers, ferretdb.mongo_uri).start()
    yield running
    await running.stop()


def enrol_request(body: dict[str, Any]) -> enrolment_service_pb2.EnrolRequest:
    fields = dict(body)
    enrolled_on = date.fromisoformat(fields.pop("enrolled_on"))
    return enrolment_service_pb2.EnrolRequest(**fields, enrolled_on=to_calendar_date(enrolled_on))


def legacy_person(body: dict[str, Any]) -> dict[str, Any]:
    """An enrolment request body as the legacy row of a resident without contributions."""
    return {
        "citizen_id_number": body["citizen_id_number"],
        "name": body["name"],
        "village_code": body["village_code"],
        "mobile": body["mobile"],
        "bank_code": body["bank_code"],
        "bank_name": body["bank_name"],
        "bank_card_number": body["bank_card_number"],
        "enrolled_on": "2020-03-01",
        "enrolled_by_agent_id": "AG411723101201",
    }


async def region_events(
    bootstrap: str, topic: str, kind: type[Any], match: Any, *, settle: float = 0.0
) -> list[tuple[str, Any]]:
    """(event id, event) of the `kind` events of `topic` that `match`, once there is at least one."""
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, group_id=None, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    found: list[tuple[str, Any]] = []
    try:

        async def some() -> list[tuple[str, Any]] | None:
            for records in (await consumer.getmany(timeout_ms=200)).values():
                for record in records:
                    envelope = parse_envelope(record.value)
                    if envelope.event_type != kind.DESCRIPTOR.full_name:
                        continue
                    event = kind()
                    envelope.payload.Unpack(event)
                    if match(event):
                        found.append((envelope.event_id, event))
            return found or None

        await eventually(some, what=f"{kind.DESCRIPTOR.name} on {topic}")
        if settle:
            await asyncio.sleep(settle)
            await some()
        return found
    finally:
        await consumer.stop()


async def test_people_in_the_employees_pension_registry_are_refused_by_enrolment_and_by_the_import(
    services: InProcessServices, kafka_broker: Any, tmp_path: Path
) -> None:
    assert services.enrolment is not None
    settings = services.enrolment.settings
    assert isinstance(settings, EnrolmentSettings)
    region = DEMO_VILLAGE[:6]
    stub = enrolment_service_pb2_grpc.EnrolmentServiceStub(services.channel(services.enrolment))
    listed, other = new_enrolment(), new_enrolment()
    source = f"provincial employees' pension export {uuid.uuid4().hex[:6]}"
    registry_file = tmp_path / "employees.csv"
    bad_check = listed["citizen_id_number"][:17] + ("0" if listed["citizen_id_number"][17] != "0" else "1")
    unknown = make_citizen_id(region, date(1960, 1, 1), 7)
    write_csv(
        registry_file,
        [
            {"citizen_id_number": listed["citizen_id_number"], "scheme_ref": "ZG-1", "from_month": "2025-04"},
            {"citizen_id_number": bad_check, "scheme_ref": "ZG-2", "from_month": "2025-04"},
            {"citizen_id_number": unknown, "scheme_ref": "", "from_month": "2025-13"},
        ],
        columns=("citizen_id_number", "scheme_ref", "from_month"),
    )
    errors = tmp_path / "employees.errors.csv"

    async def load() -> Any:
        return await load_employee_registry(
            settings, registry_file, pooling_region=region, actor="officer-1", source=source, errors_path=errors
        )

    first = await load()
    assert (first.new, first.updated, first.refused, first.already_loaded) == (1, 0, 2, False)
    assert read_report(errors) == [
        (3, "citizen_id_number", "CITIZEN_ID_CHECK_CHARACTER"),
        (4, "from_month", "PERIOD_FORMAT"),
        (4, "scheme_ref", "SCHEME_REF_REQUIRED"),
    ]
    again = await load()  # idempotent: the same record, and the load is announced once
    assert (again.new, again.updated, again.refused, again.already_loaded) == (0, 1, 2, True)

    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.Enrol(enrol_request(listed), metadata=signed(OFFICER))
    error = from_rpc_error(refused.value)
    assert (error.code, error.reason, error.field) == (
        grpc.StatusCode.FAILED_PRECONDITION,
        "EMPLOYEE_PENSION_REGISTERED",
        "citizen_id_number",
    )
    enrolled = (await stub.Enrol(enrol_request(other), metadata=signed(OFFICER))).resident

    # The migration import refuses the listed person too, and leaves the one an agent enrolled alone.
    third = new_enrolment()
    legacy = tmp_path / "legacy.csv"
    write_csv(legacy, [legacy_person(listed), legacy_person(other), legacy_person(third)])
    imported = await import_residents(
        settings, ImportOptions(legacy, region, "officer-1", tmp_path / "legacy.errors.csv")
    )
    assert (imported.imported, imported.employee_pension_registered, imported.already_enrolled) == (1, 1, 1)
    assert read_report(tmp_path / "legacy.errors.csv") == [
        (2, "citizen_id_number", "EMPLOYEE_PENSION_REGISTERED"),
        (3, "citizen_id_number", "ALREADY_ENROLLED"),
    ]
    found = await stub.FindResidentByCitizenId(
        enrolment_service_pb2.FindResidentByCitizenIdRequest(citizen_id_number=other["citizen_id_number"]),
        metadata=signed(OFFICER),
    )
    assert found.resident.resident_id == enrolled.resident_id  # not duplicated

    region_topic = settings.topic_enrolment_region
    refusals = await region_events(
        kafka_broker.bootstrap_servers,
        region_topic,
        events_pb2.EmployeePensionEnrolmentRefused,
        lambda event: event.citizen_id_masked == mask_citizen_id(listed["citizen_id_number"]),
        settle=1.0,
    )
    assert {event.registry_source for _, event in refusals} == {source}
    assert {event.attempted_village_code for _, event in refusals} == {DEMO_VILLAGE}
    assert len({event_id for event_id, _ in refusals}) == 2  # the agent's attempt and the import's
    loads = await region_events(
        kafka_broker.bootstrap_servers,
        region_topic,
        events_pb2.EmployeePensionRegistryLoaded,
        lambda event: event.source == source,
        settle=1.0,
    )
    assert [(event.pooling_region_code, event.loaded, event.refused) for _, event in loads] == [(region, 1, 2)]
